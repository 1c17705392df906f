/* knudepunkt reassign: moves one or more cases to another consultant
 * and/or branch, all or none, with a reason that lands in each case's
 * timeline. */
#include "src/caseload.h"
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
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] reassign\n"
			     "         [--to LOGIN] [--branch LOCATION] --reason TEXT CASE...\n"
			     "Reassigns the cases (supervisors, cases of their house). Without\n"
			     "--branch a case moves to the consultant's home branch; without --to\n"
			     "it goes to the branch's queue.\n"));
}

int cmd_reassign(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "branch", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL, *branch = NULL, *reason = NULL;
	struct user u = { 0 };
	struct session *s;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 't': to = optarg; break;
		case 'b': branch = optarg; break;
		case 'r': reason = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc || !reason || (!to && !branch)) {
		usage(stderr);
		return 2;
	}
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (to) {
		int found = user_store_find_login(s->db, to, &u);
		if (found <= 0) {
			rc = cli_fail(_("no user with login %s"), to);
			session_close(s);
			return rc;
		}
	}
	if (caseload_reassign(s, (const char *const *)argv + optind, argc - optind, branch, u.id,
			      reason) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf(_("%d case(s) reassigned\n"), argc - optind);
	user_finish(&u);
	session_close(s);
	return rc;
}
