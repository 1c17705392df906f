/* knudepunkt user list|add: the users of the database. */
#include "src/access.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] user list\n"
			     "       knudepunkt [--db PATH] --user ADMIN user add --login LOGIN --name NAME\n"
			     "                  --role intake|consultant|supervisor|admin --location LOCATION\n"
			     "                  [--initials XX]\n"));
}

static int list(struct cli *c)
{
	struct session *s = cli_open(c, false, true);
	struct user *users;
	int n;

	if (!s)
		return 1;
	if (user_list(s, false, NULL, &users, &n) != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	for (int i = 0; i < n; i++) {
		char *name = text_fit(users[i].name, 30, true);
		printf("%-16s %s %-12s %-14s %s\n", users[i].login, name, access_role_label(users[i].role),
		       users[i].location, users[i].active ? "" : _("(inactive)"));
		free(name);
	}
	user_list_free(users, n);
	session_close(s);
	return 0;
}

static int add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "login", required_argument, NULL, 'L' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "location", required_argument, NULL, 'l' },
		{ "initials", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct user u = { 0 };
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char **field = opt == 'L' ? &u.login : opt == 'n' ? &u.name : opt == 'r' ? &u.role
			     : opt == 'l' ? &u.location : opt == 'i' ? &u.initials : NULL;
		if (!field) {
			user_finish(&u);
			usage(stderr);
			return 2;
		}
		free(*field);
		*field = xstrdup(optarg);
	}
	if (!u.login || !u.name || !u.role || !u.location) {
		user_finish(&u);
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, false, true);
	if (!s) {
		user_finish(&u);
		return 1;
	}
	rc = user_create(s, &u) == KP_OK ? 0 : cli_fail_session(s);
	if (rc == 0)
		printf(_("added %s (%s)\n"), u.login, access_role_label(u.role));
	user_finish(&u);
	session_close(s);
	return rc;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "list") == 0)
		return list(c);
	if (strcmp(argv[1], "add") == 0)
		return add(c, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
