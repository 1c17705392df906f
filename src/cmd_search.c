/* knudepunkt search TEXT: the ranked matches the company list shows (exact
 * CVR, CVR prefix, names starting with the text, then word matches in
 * name, town and contact names), for scripts and quick look-ups. Every
 * stored text is sanitised before it is printed. */
#include "src/cli.h"
#include "src/company.h"
#include "src/csv.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_DEFAULT_LIMIT 50
#define SEARCH_MAX_LIMIT 100000

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] search TEXT [--limit N] [--format text|csv]\n"
			     "Finds companies as the company list does: the exact CVR number first,\n"
			     "then CVR numbers and names that start with TEXT, then names, towns and\n"
			     "contact persons with words that start with the words of TEXT; Danish\n"
			     "alphabetical order within each group. An empty TEXT lists every company.\n"
			     "  --limit N        at most N companies (default 50)\n"
			     "  --format text    aligned columns (default)\n"
			     "  --format csv     CVR, name, town, contacts; comma-separated, with a header\n"));
}

/* One column of a text table: sanitised and fitted to cols (display). */
static void put_cell(const char *s, size_t cols, bool pad)
{
	char *cell = text_fit(s, cols, pad);

	fputs(cell, stdout);
	free(cell);
}

static void print_text(const struct company_hit *hits, int n)
{
	put_cell(_("CVR"), 9, true);
	put_cell(_("Name"), 41, true);
	put_cell(_("Town"), 21, true);
	printf("%s\n", _("Contacts"));
	for (int i = 0; i < n; i++) {
		put_cell(hits[i].cvr, 9, true);
		put_cell(hits[i].name, 41, true);
		put_cell(hits[i].town, 21, true);
		cli_put(stdout, hits[i].contacts ? hits[i].contacts : "");
		fputc('\n', stdout);
	}
}

static void print_csv(const struct company_hit *hits, int n)
{
	struct strbuf out = STRBUF_INIT;
	const char *head[] = { "cvr", "name", "town", "contacts" };

	csv_write_record(&out, head, 4, ',');
	for (int i = 0; i < n; i++) {
		char *f[4] = {
			text_sanitize(hits[i].cvr), text_sanitize(hits[i].name),
			text_sanitize(hits[i].town), text_sanitize(hits[i].contacts ? hits[i].contacts : ""),
		};
		csv_write_record(&out, (const char *const *)f, 4, ',');
		for (int k = 0; k < 4; k++)
			free(f[k]);
	}
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_finish(&out);
}

static bool parse_limit(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > SEARCH_MAX_LIMIT)
		return false;
	*out = (int)v;
	return true;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int limit = SEARCH_DEFAULT_LIMIT, opt, n = 0;
	bool csv = false;
	struct company_hit *hits = NULL;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (!parse_limit(optarg, &limit))
				return cli_fail(_("--limit wants a number from 1 to %d"), SEARCH_MAX_LIMIT), 2;
			break;
		case 'f':
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "text") != 0)
				return cli_fail(_("--format is text or csv, not %s"), optarg), 2;
			csv = strcmp(optarg, "csv") == 0;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (company_search(s, argv[optind], limit, 0, &hits, &n) != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	if (csv)
		print_csv(hits, n);
	else
		print_text(hits, n);
	company_hits_free(hits, n);
	session_close(s);
	return fflush(stdout) == 0 ? 0 : 1;
}
