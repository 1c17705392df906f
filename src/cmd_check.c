/* knudepunkt check: integrity_check, foreign_key_check, schema version. */
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"

#include <stdio.h>
#include <string.h>

static void report(void *ctx, const char *line)
{
	int *problems = ctx;

	(*problems)++;
	cli_put(stdout, line);
	fputc('\n', stdout);
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	struct session *s;
	int problems = 0;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("%s", _("Usage: knudepunkt [--db PATH] check\n"
			       "Checks the database's integrity, foreign keys and schema version;\n"
			       "exits 0 only when all is well.\n"));
		return 0;
	}
	if (argc > 1)
		return cli_fail(_("check takes no arguments")), 2;
	s = cli_open(c, false, false);
	if (!s)
		return 1;
	bool ok = db_check(s->db, report, &problems);
	if (ok)
		printf(_("ok: schema version %d, integrity, foreign keys and sync metadata checked\n"),
		       db_schema_version(s->db));
	else
		printf(_("%d problem(s) found\n"), problems);
	session_close(s);
	return ok ? 0 : 1;
}
