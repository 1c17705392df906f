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
			     "                  [--initials XX]\n"
			     "       knudepunkt [--db PATH] --user ADMIN user scope LOGIN\n"
			     "                  --locations LOCATION[,LOCATION...] | --house\n"
			     "A supervisor's scope: with --locations the supervisor's cases, caseloads,\n"
			     "queue, reassignments, reports and audit trail are limited to those\n"
			     "locations of its house; --house gives it the whole house again.\n"));
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
		char *scope = users[i].scope && *users[i].scope && strcmp(users[i].role, "supervisor") == 0
			? text_sanitize(users[i].scope) : NULL;
		printf("%-16s %s %-12s %-14s %s", users[i].login, name, access_role_label(users[i].role),
		       users[i].location, users[i].active ? "" : _("(inactive)"));
		if (scope)
			printf(_(" scope: %s"), scope);
		putchar('\n');
		free(scope);
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

/* Splits "a,b" into keys (the array and the copy are freed by the caller). */
static int split_locations(char *list, char ***keys)
{
	int n = 0;
	char *save = NULL;

	*keys = xcalloc(strlen(list) / 2 + 2, sizeof **keys);
	for (char *k = strtok_r(list, ", ", &save); k; k = strtok_r(NULL, ", ", &save))
		(*keys)[n++] = k;
	return n;
}

static int scope(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "locations", required_argument, NULL, 'l' },
		{ "house", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	char *locations = NULL;
	bool house = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'l') {
			free(locations);
			locations = xstrdup(optarg);
		} else if (opt == 'H') {
			house = true;
		} else {
			free(locations);
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc || house == (locations != NULL)) {
		free(locations);
		usage(stderr);
		return 2;
	}
	char **keys = NULL;
	int n = locations ? split_locations(locations, &keys) : 0;
	if (locations && n == 0) {
		free(keys);
		free(locations);
		return cli_fail("%s", _("--locations needs at least one location"));
	}
	struct session *s = cli_open(c, false, true);
	struct user u = { 0 };
	int rc = 1;

	if (s) {
		int found = user_store_find_login(s->db, argv[optind], &u);
		if (found <= 0)
			rc = found < 0 ? cli_fail("%s", _("cannot read users"))
				       : cli_fail(_("no user with login %s"), argv[optind]);
		else if (user_set_scope(s, u.id, (const char *const *)keys, n) != KP_OK)
			rc = cli_fail_session(s);
		else
			rc = 0;
		if (rc == 0 && n) {
			printf(_("%s now works on the cases of:"), u.login);
			for (int i = 0; i < n; i++)
				printf(" %s", keys[i]);
			putchar('\n');
		} else if (rc == 0)
			printf(_("%s now works on every case of the house\n"), u.login);
	}
	user_finish(&u);
	session_close(s);
	free(keys);
	free(locations);
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
	if (strcmp(argv[1], "scope") == 0)
		return scope(c, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
