/* knudepunkt report goals | extract: the annual report on the national
 * goals I-VII, and the register extract (one row per served CVR). */
#include "src/cli.h"
#include "src/csv.h"
#include "src/goals.h"
#include "src/goals_report.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void goals_usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] report goals\n"
			     "         (--year YYYY | --period YYYY-Qn | --period FROM..TO)\n"
			     "         [--house HOUSE] [--branch LOCATION] [--format text|csv]\n"
			     "Prints goals I-VII of the agreement for a house (default: your own)\n"
			     "or a branch and a period, each actual beside its target.\n"));
}

static void extract_usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] report extract --year YYYY\n"
			     "         [--house HOUSE] [--output FILE]\n"
			     "Writes the register extract as CSV (';'): one row per served CVR with\n"
			     "house, first and last service date, meetings, themes, target group,\n"
			     "referral destinations and whether an evaluation was given. FILE is\n"
			     "created 0600; default: standard output.\n"));
}

static bool parse_year(const char *text, int *year)
{
	char *end;
	long y = strtol(text, &end, 10);

	if (*end || end == text || y < 1900 || y > 9998)
		return false;
	*year = (int)y;
	return true;
}

/* Writes data to path through a 0600 temporary file, synced and renamed. */
static bool write_file(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);   /* mode 0600 */
	bool ok = fd >= 0;

	for (size_t done = 0; ok && done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		done += ok ? (size_t)w : 0;
	}
	ok = ok && fsync(fd) == 0;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	return ok;
}

int cmd_report_goals(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "period", required_argument, NULL, 'p' },
		{ "house", required_argument, NULL, 'H' },
		{ "branch", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *period = NULL, *house = NULL, *branch = NULL, *format = "text";
	struct strbuf out = STRBUF_INIT;
	struct period p;
	struct goals g = { 0 };
	struct session *s;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'y': case 'p': period = optarg; break;
		case 'H': house = optarg; break;
		case 'b': branch = optarg; break;
		case 'f': format = optarg; break;
		case 'h': goals_usage(stdout); return 0;
		default: goals_usage(stderr); return 2;
		}
	}
	if (!period || optind < argc || (strcmp(format, "text") && strcmp(format, "csv"))) {
		goals_usage(stderr);
		return 2;
	}
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (goals_period_parse(s, period, &p) != KP_OK
	    || goals_compute(s, house, branch, &p, &g) != KP_OK) {
		int rc = cli_fail_session(s);
		goals_finish(&g);
		session_close(s);
		return rc;
	}
	if (strcmp(format, "csv") == 0)
		goals_report_csv(s, &g, ';', &out);
	else
		goals_report_text(s, &g, 80, text_ascii_only, &out);
	fputs(strbuf_str(&out), stdout);
	strbuf_finish(&out);
	goals_finish(&g);
	session_close(s);
	return 0;
}

struct extract_out {
	struct strbuf buf;
};

static void extract_csv_row(void *ctx, const struct extract_row *r)
{
	struct extract_out *x = ctx;
	char year[8], meetings[16];
	const char *f[10];

	snprintf(year, sizeof year, "%d", r->year);
	snprintf(meetings, sizeof meetings, "%d", r->meetings);
	f[0] = r->cvr;
	f[1] = year;
	f[2] = r->houses;
	f[3] = r->first;
	f[4] = r->last;
	f[5] = meetings;
	f[6] = r->themes;
	f[7] = r->target_group;
	f[8] = r->referrals;
	f[9] = r->evaluated ? "yes" : "no";
	csv_write_record(&x->buf, f, 10, ';');
}

int cmd_report_extract(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "house", required_argument, NULL, 'H' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const head[] = { "cvr", "year", "house", "first_service",
					    "last_service", "meetings", "themes", "target_group",
					    "referral_destinations", "evaluation_given" };
	const char *house = NULL, *output = NULL;
	struct extract_out x = { STRBUF_INIT };
	struct session *s;
	int opt, year = 0, n = 0, rc = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!parse_year(optarg, &year))
				return cli_fail(_("--year takes a year such as 2026, not %s"), optarg), 2;
			break;
		case 'H': house = optarg; break;
		case 'o': output = optarg; break;
		case 'h': extract_usage(stdout); return 0;
		default: extract_usage(stderr); return 2;
		}
	}
	if (!year || optind < argc) {
		extract_usage(stderr);
		return 2;
	}
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	csv_write_record(&x.buf, head, 10, ';');
	if (goals_extract(s, house, year, extract_csv_row, &x, &n) != KP_OK) {
		rc = cli_fail_session(s);
	} else if (output) {
		if (!write_file(output, strbuf_str(&x.buf), x.buf.len))
			rc = cli_fail(_("cannot write %s: %s"), output, strerror(errno));
		else
			fprintf(stderr, _("%d companies written to %s\n"), n, output);
	} else {
		fputs(strbuf_str(&x.buf), stdout);
	}
	strbuf_finish(&x.buf);
	session_close(s);
	return rc;
}
