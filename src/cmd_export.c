/* knudepunkt export companies|cases|referrals|meetings|caseload|queue|
 * followups|partners|audit|users: a list as a CSV file for a spreadsheet, within
 * the user's rights. */
#include "src/charset.h"
#include "src/cli.h"
#include "src/csv.h"
#include "src/datafile.h"
#include "src/export.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] export "
			     "companies|cases|referrals|meetings\n"
			     "           [--house H] [--branch B] [--consultant LOGIN] [--status S]\n"
			     "           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--search TEXT]\n"
			     "           [--encoding utf-8|utf-8-bom|cp1252|iso-8859-1|iso-8859-15]\n"
			     "           [--delimiter C] [--strict] [--out FILE]\n"
			     "Defaults: UTF-8 with byte-order mark, ';'. Without --out the file goes to\n"
			     "standard output. Characters the encoding cannot hold are transliterated\n"
			     "with a warning, or refused with --strict.\n"));
	fprintf(out, "%s", _("--consent sharing|newsletter: the export leaves the house for that\n"
			     "purpose and holds only companies (and their cases, meetings and\n"
			     "referrals) whose consent covers it today.\n"));
	fprintf(out, "%s", _("The lists of the screens:\n"
			     "  caseload  [--branch B] [--consultant LOGIN] [--status S] [--idle]\n"
			     "            [--overdue] [--sort opened|idle|company|consultant|status]\n"
			     "  queue     [--branch B]\n"
			     "  followups (your referral follow-ups due)\n"
			     "  partners  [--search TEXT] [--type T] [--theme T] [--area A]\n"
			     "  audit     [--by LOGIN] [--action PREFIX] [--record ID] [--from D] [--to D]\n"
			     "            (supervisors and administrators; the export is itself audited)\n"));
	fprintf(out, "%s", _("  users     (administrators: login, name, role, location, active, locked)\n"));
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "house", required_argument, NULL, 'H' },
		{ "branch", required_argument, NULL, 'b' },
		{ "consultant", required_argument, NULL, 'c' },
		{ "status", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "search", required_argument, NULL, 'q' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "strict", no_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' },
		{ "consent", required_argument, NULL, 'C' },
		{ "idle", no_argument, NULL, 'I' },
		{ "overdue", no_argument, NULL, 'O' },
		{ "sort", required_argument, NULL, 'r' },
		{ "type", required_argument, NULL, 'y' },
		{ "theme", required_argument, NULL, 'T' },
		{ "area", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'B' },
		{ "action", required_argument, NULL, 'A' },
		{ "record", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_filter f = { 0 };
	struct export_options o;
	enum export_kind kind;
	const char *out_path = NULL;
	int opt;

	export_options_default(&o);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!export_kind_parse(argv[1], &kind)) {
		usage(stderr);
		return 2;
	}
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'H': f.house = optarg; break;
		case 'b': f.branch = optarg; break;
		case 'c': f.consultant = optarg; break;
		case 's': f.status = optarg; break;
		case 'f': f.from = optarg; break;
		case 't': f.to = optarg; break;
		case 'q': f.search = optarg; break;
		case 'C': f.consent = optarg; break;
		case 'I': f.idle = true; break;
		case 'O': f.overdue = true; break;
		case 'r': f.sort = optarg; break;
		case 'y': f.partner_type = optarg; break;
		case 'T': f.theme = optarg; break;
		case 'a': f.area = optarg; break;
		case 'B': f.actor = optarg; break;
		case 'A': f.action = optarg; break;
		case 'R': f.record = optarg; break;
		case 'e':
			if (!charset_parse(optarg, &o.charset))
				return cli_fail(_("--encoding takes utf-8, utf-8-bom, cp1252, iso-8859-1 "
						  "or iso-8859-15")), 2;
			break;
		case 'd':
			o.delimiter = csv_parse_delimiter(optarg);
			if (!o.delimiter)
				return cli_fail(_("--delimiter takes ';', ',' or tab")), 2;
			break;
		case 'S': o.strict = true; break;
		case 'o': out_path = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	struct strbuf data = STRBUF_INIT;
	struct export_result res;
	int rc = 0;

	if (export_build(s, kind, &f, &o, &data, &res) != KP_OK) {
		rc = cli_fail_session(s);
		goto out;
	}
	if (res.rep.unmappable_count > 0)
		cli_fail(_("warning: %s cannot hold %s; written as the nearest letters (--strict "
			   "refuses)"), charset_label(o.charset), res.rep.unmappable);
	if (out_path) {
		char err[512];

		if (!datafile_write(out_path, data.buf ? data.buf : "", data.len, err, sizeof err)) {
			rc = cli_fail("%s", err);
			goto out;
		}
		fprintf(stderr, _("%ld rows written to %s (%s, delimiter %s)\n"), res.rows, out_path,
			charset_label(o.charset), csv_delimiter_name(o.delimiter));
		if (f.consent)
			fprintf(stderr, _("%ld rows left out: no consent to %s\n"), res.withheld,
				f.consent);
	} else if (data.len > 0 && fwrite(data.buf, 1, data.len, stdout) != data.len) {
		rc = cli_fail(_("cannot write to standard output"));
	}
out:
	strbuf_finish(&data);
	session_close(s);
	return rc;
}
