/* knudepunkt import companies|list|revert: CSV import from the command
 * line, with the same core functions as the TUI's import preview. */
#include "src/charset.h"
#include "src/cli.h"
#include "src/csv.h"
#include "src/datafile.h"
#include "src/i18n.h"
#include "src/import.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_MAX 50    /* problems and disagreements printed before "and N more" */

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] import companies FILE\n"
			     "           [--encoding E] [--delimiter C] [--map FIELD=COLUMN,...]\n"
			     "           [--dry-run] [--update] [--skip-bad] [--rejects FILE]\n"
			     "       knudepunkt import evaluations FILE [--encoding E] [--delimiter C]\n"
			     "           [--dry-run] [--skip-bad] [--rejects FILE]\n"
			     "       knudepunkt import list\n"
			     "       knudepunkt import revert BATCH\n"
			     "Encodings: utf-8, utf-8-bom, cp1252, iso-8859-1, iso-8859-15 (detected when\n"
			     "not given). Delimiters: ';', ',' or tab (detected from the header).\n"
			     "Fields for --map: cvr pnumber name address postcode town municipality\n"
			     "industry size founded target_group growth contact role email phone;\n"
			     "COLUMN is a header name or a column number.\n"));
}

static void print_mapping(const struct import_result *r, bool columns)
{
	bool any_ignored = false;

	printf(_("encoding: %s%s\n"), charset_label(r->charset),
	       r->charset_detected ? _(" (detected)") : "");
	printf(_("delimiter: %s%s\n"), csv_delimiter_name(r->delimiter),
	       r->delimiter_detected ? _(" (detected)") : "");
	if (!columns)
		return;
	printf("%s", _("columns:"));
	for (int c = 0; c < r->ncolumns; c++) {
		int f;

		for (f = 0; f < IMPORT_FIELD_COUNT; f++)
			if (r->column_of[f] == c)
				break;
		if (f == IMPORT_FIELD_COUNT) {
			any_ignored = true;
			continue;
		}
		fputs("\n  ", stdout);
		cli_put(stdout, r->header[c]);
		printf(" -> %s", import_field_label(f));
	}
	if (any_ignored) {
		printf("\n%s", _("ignored columns:"));
		for (int c = 0; c < r->ncolumns; c++) {
			int f;

			for (f = 0; f < IMPORT_FIELD_COUNT; f++)
				if (r->column_of[f] == c)
					break;
			if (f < IMPORT_FIELD_COUNT)
				continue;
			fputc(' ', stdout);
			cli_put(stdout, r->header[c]);
		}
	}
	fputc('\n', stdout);
}

static void print_problems(const struct import_result *r)
{
	for (int i = 0; i < r->nproblems && i < SHOW_MAX; i++) {
		fputs("  ", stderr);
		cli_put(stderr, r->problems[i].message);
		fputc('\n', stderr);
	}
	if (r->rejected > SHOW_MAX)
		fprintf(stderr, _("  ... and %ld more\n"), r->rejected - SHOW_MAX);
}

static void print_disagreements(const struct import_result *r, bool update)
{
	if (r->disagreement_count == 0)
		return;
	printf("%s\n", update ? _("the file disagrees with the database (updated):")
			      : _("the file disagrees with the database (kept; --update overwrites):"));
	for (int i = 0; i < r->ndisagreements && i < SHOW_MAX; i++) {
		const struct import_disagreement *d = &r->disagreements[i];

		printf(_("  line %ld, CVR %s, %s: database \""), d->line, d->cvr,
		       import_field_label(d->field));
		cli_put(stdout, d->db_value);
		printf("%s", _("\", file \""));
		cli_put(stdout, d->file_value);
		printf("\"\n");
	}
	if (r->disagreement_count > SHOW_MAX)
		printf(_("  ... and %ld more\n"), r->disagreement_count - SHOW_MAX);
}

/* Writes the rejected rows in the file's own encoding and delimiter. */
static bool write_rejects(const struct import_result *r, const char *path)
{
	struct strbuf enc = STRBUF_INIT;
	struct charset_report rep;
	char err[512];
	bool ok = charset_encode(r->charset, r->rejects.buf, r->rejects.len, true, false, &enc,
				 &rep) &&
		  datafile_write(path, enc.buf, enc.len, err, sizeof err);

	if (!ok)
		cli_fail("%s", rep.error[0] ? rep.error : err);
	else
		printf(_("rejected rows written to %s\n"), path);
	strbuf_finish(&enc);
	return ok;
}

static int companies(struct cli *c, int argc, char **argv, bool evaluations)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "map", required_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "update", no_argument, NULL, 'u' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options o = { .preview_rows = 0 };
	const char *rejects = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': o.encoding = optarg; break;
		case 'd':
			o.delimiter = csv_parse_delimiter(optarg);
			if (!o.delimiter)
				return cli_fail(_("--delimiter takes ';', ',' or tab")), 2;
			break;
		case 'm':
			if (evaluations)
				return cli_fail(_("--map and --update apply to companies only")), 2;
			o.map = optarg;
			break;
		case 'n': o.dry_run = true; break;
		case 'u':
			if (evaluations)
				return cli_fail(_("--map and --update apply to companies only")), 2;
			o.update = true;
			break;
		case 's': o.skip_bad = true; break;
		case 'r': rejects = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	o.file_name = argv[optind];

	char err[512], *data;
	size_t len;
	if (!datafile_read(o.file_name, &data, &len, err, sizeof err))
		return cli_fail("%s", err);
	struct session *s = cli_open(c, false, true);
	if (!s) {
		free(data);
		return 1;
	}
	struct import_result r;
	enum kp_status st = evaluations ? import_evaluations(s, data, len, &o, &r)
				   : import_companies(s, data, len, &o, &r);
	int rc = 0;

	free(data);
	if (r.ncolumns > 0)
		print_mapping(&r, !evaluations);
	if (r.nproblems > 0) {
		fprintf(stderr, "%s\n", o.skip_bad && st == KP_OK ? _("rejected rows:")
								 : _("problems:"));
		print_problems(&r);
	}
	print_disagreements(&r, o.update);
	if (st != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		if (evaluations)
			printf(_("recorded %ld, already evaluated %ld, rejected %ld\n"), r.created,
			       r.unchanged, r.rejected);
		else
			printf(_("created %ld, updated %ld, unchanged %ld, rejected %ld\n"), r.created,
			       r.updated, r.unchanged, r.rejected);
		if (o.dry_run)
			printf("%s\n", _("dry run: nothing was written"));
		else if (r.written)
			printf(_("import batch %s (undo with: knudepunkt import revert %s)\n"),
			       r.batch_id, r.batch_id);
		else
			printf("%s\n", _("nothing to change"));
		if (r.rejected > 0 && !o.dry_run) {
			char *path = rejects ? xstrdup(rejects) : xasprintf("%s.rejects.csv", o.file_name);
			if (!write_rejects(&r, path))
				rc = 1;
			free(path);
		}
	}
	import_result_finish(&r);
	session_close(s);
	return rc;
}

static int list(struct cli *c)
{
	struct session *s = cli_open(c, false, true);
	struct import_batch *b;
	int n;

	if (!s)
		return 1;
	if (import_batches(s, 100, &b, &n) != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	for (int i = 0; i < n; i++) {
		char *name = text_fit(b[i].file_name, 24, true);

		printf("%s  %s  %s  ", b[i].id, b[i].created_at, name);
		printf(_("created %ld, updated %ld, unchanged %ld, rejected %ld"), b[i].created,
		       b[i].updated, b[i].unchanged, b[i].rejected);
		if (b[i].reverted_at)
			printf(_("  (reverted %s)"), b[i].reverted_at);
		fputc('\n', stdout);
		free(name);
	}
	if (n == 0)
		printf("%s\n", _("no imports yet"));
	import_batch_list_free(b, n);
	session_close(s);
	return 0;
}

static int revert(struct cli *c, const char *id)
{
	struct session *s = cli_open(c, false, true);
	struct import_result r;
	long removed, restored;
	int rc = 0;

	if (!s)
		return 1;
	if (import_revert(s, id, &removed, &restored, &r) != KP_OK) {
		for (int i = 0; i < r.nproblems && i < SHOW_MAX; i++) {
			fputs("  ", stderr);
			cli_put(stderr, r.problems[i].message);
			fputc('\n', stderr);
		}
		rc = cli_fail_session(s);
	} else {
		printf(_("reverted: rows removed %ld, fields restored %ld\n"), removed, restored);
	}
	import_result_finish(&r);
	session_close(s);
	return rc;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "companies") == 0 || strcmp(argv[1], "evaluations") == 0)
		return companies(c, argc - 1, argv + 1, strcmp(argv[1], "evaluations") == 0);
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		return list(c);
	if (strcmp(argv[1], "revert") == 0 && argc == 3)
		return revert(c, argv[2]);
	usage(stderr);
	return 2;
}
