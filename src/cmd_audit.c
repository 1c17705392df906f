/* knudepunkt audit verify | list: the audit trail from the command line,
 * for supervisors and administrators. */
#include "src/audit.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt audit verify\n"
			     "       knudepunkt audit list [--user LOGIN] [--row ID] [--action PREFIX]\n"
			     "                             [--from DATE] [--to DATE] [--limit N]\n"
			     "verify checks the hash chain and exits 1 if an entry was changed,\n"
			     "removed, inserted or reordered. list prints entries, newest first, as\n"
			     "tab-separated time, user, terminal, action, table, record, detail and\n"
			     "the personal part (or \"(erased)\").\n"));
}

static void report(void *ctx, const char *line)
{
	(void)ctx;
	cli_put(stdout, line);
	fputc('\n', stdout);
}

static int verify(struct cli *c)
{
	struct session *s = cli_open(c, false, true);
	int problems = 0;

	if (!s)
		return 1;
	if (audit_verify(s, report, NULL, &problems) != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	if (problems == 0)
		printf("%s\n", _("ok: the audit trail is complete and unchanged"));
	else
		printf(_("%d problem(s) found in the audit trail\n"), problems);
	session_close(s);
	return problems == 0 ? 0 : 1;
}

static void put_field(const char *text, bool last)
{
	cli_put(stdout, text ? text : "");
	fputc(last ? '\n' : '\t', stdout);
}

static void print_entry(struct session *s, const struct audit_entry *e)
{
	bool erased = false;
	char *private_text = audit_reveal(s, e, &erased);

	put_field(e->at, false);
	put_field(*e->user_login ? e->user_login : e->user_id, false);
	put_field(e->terminal, false);
	put_field(e->action, false);
	put_field(e->tbl, false);
	put_field(e->row_id, false);
	put_field(e->detail, false);
	put_field(erased ? _("(erased)") : private_text, true);
	free(private_text);
}

static int list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' }, { "row", required_argument, NULL, 'r' },
		{ "action", required_argument, NULL, 'a' }, { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' }, { "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_filter f = { 0 };
	const char *login = NULL;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'u': login = optarg; break;
		case 'r': f.row_id = optarg; break;
		case 'a': f.action_prefix = optarg; break;
		case 'f': f.from = optarg; break;
		case 't': f.to = optarg; break;
		case 'n': f.limit = atoi(optarg); break;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc)
		return usage(stderr), 2;
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	struct user who = { 0 };
	if (login) {
		int found = user_store_find_login(s->db, login, &who);
		if (found <= 0) {
			session_close(s);
			return cli_fail(_("no user with login %s"), login);
		}
		f.user_id = who.id;
	}
	struct audit_entry *entries = NULL;
	int n = 0, rc = 0;
	if (audit_list(s, &f, &entries, &n) != KP_OK)
		rc = cli_fail_session(s);
	for (int i = 0; i < n; i++)
		print_entry(s, &entries[i]);
	audit_list_free(entries, n);
	user_finish(&who);
	session_close(s);
	return rc;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "verify") == 0) {
		if (argc > 2)
			return cli_fail(_("audit verify takes no arguments")), 2;
		return verify(c);
	}
	if (strcmp(argv[1], "list") == 0)
		return list(c, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
