/* knudepunkt member add|remove CASE LOGIN: add a consultant of the house to
 * a case (the case's consultant or a supervisor), or take them off. */
#include "src/case_member.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt member add CASE LOGIN\n"
			     "       knudepunkt member remove CASE LOGIN\n"
			     "A consultant added to a case reads and writes it and its journal as its\n"
			     "own consultant does. The case's consultant or a supervisor of its house\n"
			     "adds and removes members.\n"));
}

int cmd_member(struct cli *c, int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	bool add = argc == 4 && strcmp(argv[1], "add") == 0;
	if (argc != 4 || (!add && strcmp(argv[1], "remove") != 0)) {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, false, true);
	struct user u = { 0 };
	int rc = 0;

	if (!s)
		return 1;
	if (user_store_find_login(s->db, argv[3], &u) != 1) {
		rc = cli_fail(_("no user with login %s"), argv[3]);
	} else if ((add ? case_member_add(s, argv[2], u.id) : case_member_remove(s, argv[2], u.id)) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		printf(add ? _("%s added to the case\n") : _("%s removed from the case\n"), argv[3]);
	}
	user_finish(&u);
	session_close(s);
	return rc;
}
