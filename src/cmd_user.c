/* knudepunkt user list|add|edit|deactivate|activate|password|unlock|scope:
 * the users of the database and their administration. */
#include "src/access.h"
#include "src/auth.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
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
			     "       knudepunkt [--db PATH] --user ADMIN user edit LOGIN [--name NAME]\n"
			     "                  [--role ROLE] [--location LOCATION] [--initials XX]\n"
			     "       knudepunkt [--db PATH] --user ADMIN user deactivate|activate LOGIN\n"
			     "       knudepunkt [--db PATH] --user ADMIN user password|unlock LOGIN\n"
			     "       knudepunkt [--db PATH] --user ADMIN user scope LOGIN\n"
			     "                  --locations LOCATION[,LOCATION...] | --house\n"
			     "A deactivated user (a person who has left) cannot log in and is not offered\n"
			     "for new cases; the open cases naming it wait for a supervisor to reassign.\n"
			     "password asks the new password twice (or reads two lines from the file\n"
			     "descriptor KNUDEPUNKT_PASSWORD_FD names); unlock lifts the lock after too many\n"
			     "failed logins at this site. list shows who is inactive or locked.\n"
			     "A supervisor's scope: with --locations the supervisor's cases, caseloads,\n"
			     "queue, reassignments, reports and audit trail are limited to those\n"
			     "locations of its house; --house gives it the whole house again.\n"));
}

/* "(inactive, locked)" or "" for u; the lock only for administrators. */
static void state_of(struct session *s, const struct user *u, struct strbuf *out)
{
	struct auth_state as;
	bool locked = access_allowed(&s->user, ACT_USER_ADMIN) &&
		      auth_state(s, u->id, &as) == KP_OK && as.locked;

	strbuf_reset(out);
	if (!u->active || locked)
		strbuf_addf(out, "(%s%s%s)", u->active ? "" : _("inactive"),
			    !u->active && locked ? ", " : "", locked ? _("locked") : "");
}

static int list(struct cli *c)
{
	struct session *s = cli_open(c, false, true);
	struct strbuf state = STRBUF_INIT;
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
		state_of(s, &users[i], &state);
		printf("%-16s %s %-12s %-14s %s", users[i].login, name, access_role_label(users[i].role),
		       users[i].location, strbuf_str(&state));
		if (scope)
			printf(_(" scope: %s"), scope);
		putchar('\n');
		free(scope);
		free(name);
	}
	strbuf_finish(&state);
	user_list_free(users, n);
	session_close(s);
	return 0;
}

/* Reads the field options of add (with --login) and edit into u; false
 * (usage printed) on an unknown option. */
static bool read_fields(int argc, char **argv, struct user *u, bool with_login)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "location", required_argument, NULL, 'l' },
		{ "initials", required_argument, NULL, 'i' },
		{ "login", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char **field = opt == 'L' && with_login ? &u->login : opt == 'n' ? &u->name
			     : opt == 'r' ? &u->role : opt == 'l' ? &u->location
			     : opt == 'i' ? &u->initials : NULL;
		if (!field) {
			usage(stderr);
			return false;
		}
		free(*field);
		*field = xstrdup(optarg);
	}
	return true;
}

static int add(struct cli *c, int argc, char **argv)
{
	struct user u = { 0 };
	int rc;

	bool read = read_fields(argc, argv, &u, true);

	if (!read || optind != argc || !u.login || !u.name || !u.role || !u.location) {
		if (read)
			usage(stderr);
		user_finish(&u);
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

/* Opens the database as the acting user and finds the user login names;
 * NULL (message printed) on failure. */
static struct session *open_for(struct cli *c, const char *login, struct user *u)
{
	struct session *s = cli_open(c, false, true);

	if (s && user_find(s, login, u) != KP_OK) {
		cli_fail_session(s);
		session_close(s);
		return NULL;
	}
	return s;
}

static int edit(struct cli *c, int argc, char **argv)
{
	struct user given = { 0 }, u = { 0 };
	int rc = 1;

	bool read = read_fields(argc, argv, &given, false);

	if (!read || optind + 1 != argc) {
		if (read)
			usage(stderr);
		user_finish(&given);
		return 2;
	}
	if (!given.name && !given.role && !given.location && !given.initials) {
		user_finish(&given);
		return cli_fail("%s", _("nothing to change: give --name, --role, --location or --initials"));
	}
	struct session *s = open_for(c, argv[optind], &u);
	if (s) {
		char **from[] = { &given.name, &given.role, &given.location, &given.initials };
		char **to[] = { &u.name, &u.role, &u.location, &u.initials };
		for (size_t i = 0; i < sizeof from / sizeof *from; i++)
			if (*from[i]) {
				free(*to[i]);
				*to[i] = *from[i];
				*from[i] = NULL;
			}
		rc = user_update(s, &u) == KP_OK ? 0 : cli_fail_session(s);
		if (rc == 0)
			printf(_("saved %s (%s, %s)\n"), u.login, access_role_label(u.role), u.location);
	}
	user_finish(&u);
	user_finish(&given);
	session_close(s);
	return rc;
}

static int set_active(struct cli *c, int argc, char **argv, bool active)
{
	struct user u = { 0 };
	int rc = 1, open_cases = 0;

	if (argc != 2 || *argv[1] == '-') {
		usage(stderr);
		return 2;
	}
	struct session *s = open_for(c, argv[1], &u);
	if (s) {
		rc = user_set_active(s, u.id, active) == KP_OK ? 0 : cli_fail_session(s);
		if (rc == 0 && active)
			printf(_("%s is active again and can log in\n"), u.login);
		else if (rc == 0 && user_open_cases(s, u.id, &open_cases) == KP_OK && open_cases)
			printf(ngettext("%s is deactivated and can no longer log in; %d open case "
					"still names them: a supervisor reassigns it (Caseloads)\n",
					"%s is deactivated and can no longer log in; %d open cases "
					"still name them: a supervisor reassigns them (Caseloads)\n",
					(unsigned long)open_cases), u.login, open_cases);
		else if (rc == 0)
			printf(_("%s is deactivated and can no longer log in\n"), u.login);
	}
	user_finish(&u);
	session_close(s);
	return rc;
}

static int password(struct cli *c, int argc, char **argv, bool unlock)
{
	if (argc != 2 || *argv[1] == '-') {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	int rc = cli_set_password(s, argv[1], unlock);
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
	struct user u = { 0 };
	struct session *s = open_for(c, argv[optind], &u);
	int rc = 1;

	if (s) {
		if (user_set_scope(s, u.id, (const char *const *)keys, n) != KP_OK)
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
	if (strcmp(argv[1], "edit") == 0)
		return edit(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "deactivate") == 0 || strcmp(argv[1], "activate") == 0)
		return set_active(c, argc - 1, argv + 1, argv[1][0] == 'a');
	if (strcmp(argv[1], "password") == 0 || strcmp(argv[1], "unlock") == 0)
		return password(c, argc - 1, argv + 1, argv[1][0] == 'u');
	usage(stderr);
	return 2;
}
