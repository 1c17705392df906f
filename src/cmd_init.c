/* knudepunkt init: creates the database (0600) and its first
 * administrator. Refuses when the database already has users. */
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] init --admin LOGIN --name NAME --location LOCATION\n"
			     "Creates the database and its first administrator.\n"));
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ "location", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct user u = { 0 };
	const char *login = NULL, *name = NULL, *location = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': login = optarg; break;
		case 'n': name = optarg; break;
		case 'l': location = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!login || !name || !location || optind < argc) {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, true, false);
	if (!s)
		return 1;
	if (user_any_exist(s)) {
		session_close(s);
		return cli_fail(_("the database already has users; add more with knudepunkt user add"));
	}
	u.login = xstrdup(login);
	u.name = xstrdup(name);
	u.role = xstrdup("admin");
	u.location = xstrdup(location);
	enum kp_status st = user_create(s, &u);
	int rc = st == KP_OK ? 0 : cli_fail_session(s);
	if (st == KP_OK)
		printf(_("created %s with administrator %s\n"), db_path(s->db), login);
	user_finish(&u);
	session_close(s);
	return rc;
}
