/* knudepunkt report referrals --from DATE --to DATE [--house H]
 * [--format text|csv]: referrals per destination for a period (national
 * goal IV), counted by referral_counts: a case's referrals to one
 * destination count once per period; withdrawn ones are reported apart. */
#include "src/cli.h"
#include "src/access.h"
#include "src/i18n.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/text.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_COLS 7

static const char *const col_names[COUNT_COLS] = {
	N_("proposed"), N_("sent"), N_("accepted"), N_("completed"), N_("declined"),
	N_("total"), N_("withdrawn"),
};
static const char *const csv_names[COUNT_COLS] = {
	"proposed", "sent", "accepted", "completed", "declined", "total", "withdrawn",
};

static void values(const struct referral_count *c, int v[COUNT_COLS])
{
	v[0] = c->proposed;
	v[1] = c->sent;
	v[2] = c->accepted;
	v[3] = c->completed;
	v[4] = c->declined;
	v[5] = c->total;
	v[6] = c->withdrawn;
}

/* A CSV field: sanitised, quoted when needed, and a leading = + - @
 * escaped with ' so a spreadsheet never runs it as a formula. */
static void csv_field(FILE *out, const char *s)
{
	char *clean = text_sanitize(s ? s : "");
	bool formula = strchr("=+-@", clean[0]) && clean[0];

	if (!formula && !strpbrk(clean, ",\"\n\r;")) {
		fputs(clean, out);
	} else {
		fputc('"', out);
		if (formula)
			fputc('\'', out);
		for (const char *p = clean; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	}
	free(clean);
}

static void print_csv(const struct referral_count *rows, int n)
{
	fputs("organisation_id,destination,type", stdout);
	for (int k = 0; k < COUNT_COLS; k++)
		printf(",%s", csv_names[k]);
	fputc('\n', stdout);
	for (int i = 0; i < n; i++) {
		int v[COUNT_COLS];

		csv_field(stdout, rows[i].organisation_id);
		fputc(',', stdout);
		csv_field(stdout, rows[i].organisation_name);
		fputc(',', stdout);
		csv_field(stdout, rows[i].organisation_type);
		values(&rows[i], v);
		for (int k = 0; k < COUNT_COLS; k++)
			printf(",%d", v[k]);
		fputc('\n', stdout);
	}
}

static void print_cell(const char *text, size_t width)
{
	char *cell = text_fit(text, width, true);

	fputs(cell, stdout);
	fputs("  ", stdout);
	free(cell);
}

/* Width of each count column: its heading, at least 9. */
static void col_widths(int w[COUNT_COLS])
{
	for (int k = 0; k < COUNT_COLS; k++) {
		int hw = (int)text_width(_(col_names[k]));

		w[k] = hw > 9 ? hw : 9;
	}
}

static void print_line(const char *name, const char *type, const int v[COUNT_COLS])
{
	int w[COUNT_COLS];

	col_widths(w);
	print_cell(name, 34);
	print_cell(type, 22);
	for (int k = 0; k < COUNT_COLS; k++)
		printf("%s%*d", k ? " " : "", w[k], v[k]);
	fputc('\n', stdout);
}

static void print_text(const struct referral_count *rows, int n, const char *from,
		       const char *to, const char *house)
{
	int sum[COUNT_COLS] = { 0 }, type_sum[COUNT_COLS] = { 0 };

	printf(_("Referrals %s to %s, %s\n\n"), from, to, house ? house : _("all houses"));
	print_cell(_("destination"), 34);
	print_cell(_("type"), 22);
	int w[COUNT_COLS];

	col_widths(w);
	for (int k = 0; k < COUNT_COLS; k++) {
		char *h = text_sanitize(_(col_names[k]));

		printf("%s%*s%s", k ? " " : "", w[k] - (int)text_width(h), "", h);
		free(h);
	}
	fputc('\n', stdout);
	for (int i = 0; i < n; i++) {
		int v[COUNT_COLS];
		const char *label = i18n_label(rows[i].type_label_da, rows[i].type_label_en);

		values(&rows[i], v);
		print_line(rows[i].organisation_name, label, v);
		for (int k = 0; k < COUNT_COLS; k++) {
			sum[k] += v[k];
			type_sum[k] += v[k];
		}
		if (i + 1 == n || strcmp(rows[i + 1].organisation_type, rows[i].organisation_type) != 0) {
			print_line(_("  all of this type"), label, type_sum);
			memset(type_sum, 0, sizeof type_sum);
		}
	}
	if (n == 0)
		printf("%s\n", _("no referrals in the period"));
	print_line(_("all destinations"), "", sum);
}

/* The house the figures cover, as referral_counts chose it. */
static const char *report_scope(const struct session *s, const char *house)
{
	if (house && *house)
		return house;
	return access_role_parse(s->user.role) == ROLE_ADMIN ? NULL : s->user.house;
}

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] report referrals --from DATE --to DATE\n"
			     "                  [--house HOUSE] [--format text|csv]\n"
			     "Referrals per destination and status for the period (dates inclusive).\n"
			     "A case's referrals to one destination count once; those all withdrawn\n"
			     "are counted apart. A supervisor reports on own house; an administrator\n"
			     "on one house or, without --house, all.\n"));
}

int cmd_report_referrals(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "house", required_argument, NULL, 'H' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL, *house = NULL, *format = "text";
	struct referral_count *rows;
	struct session *s;
	int opt, n, rc = 0;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'H': house = optarg; break;
		case 'F': format = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || !from || !to) {
		usage(stderr);
		return 2;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
		return cli_fail(_("--format takes text or csv")), 2;
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (referral_counts(s, from, to, house, &rows, &n) != KP_OK) {
		rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	if (strcmp(format, "csv") == 0)
		print_csv(rows, n);
	else
		print_text(rows, n, from, to, report_scope(s, house));
	referral_count_list_free(rows, n);
	session_close(s);
	return 0;
}
