/* knudepunkt init: creates the database (0600) and its first
 * administrator. Refuses when the database already has users. */
#include "src/audit.h"
#include "src/auth.h"
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
			     "                               [--demo]\n"
			     "Creates the database and its first administrator, who sets a password\n"
			     "(asked twice on the terminal, or two lines of KNUDEPUNKT_PASSWORD_FD).\n"
			     "--demo marks a demo or training database, in which --user may name\n"
			     "anyone without a password; never use it for real data.\n"));
}

/* The new password, asked twice and checked against the policy; NULL with
 * the reason printed. */
static char *ask_password(struct session *s, const char *login)
{
	char *a = cli_read_secret(_("Password for the administrator: "));
	char *b = a ? cli_read_secret(_("The same password again: ")) : NULL;

	if (!a || !b) {
		cli_fail("%s", _("init asks for the administrator's password, and there is no terminal "
				 "(or KNUDEPUNKT_PASSWORD_FD) to read it from; nothing was created"));
	} else if (strcmp(a, b) != 0) {
		cli_fail("%s", _("the two passwords differ; nothing was created"));
	} else if (auth_password_acceptable(s, a, login) != KP_OK) {
		cli_fail_session(s);
	} else {
		cli_wipe_secret(b);
		return a;
	}
	cli_wipe_secret(a);
	cli_wipe_secret(b);
	return NULL;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ "location", required_argument, NULL, 'l' },
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct user u = { 0 };
	const char *login = NULL, *name = NULL, *location = NULL;
	bool demo = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': login = optarg; break;
		case 'n': name = optarg; break;
		case 'l': location = optarg; break;
		case 'D': demo = true; break;
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
	/* no default accounts: the first administrator's password is set
	 * now, checked before anything is written */
	char *pw = ask_password(s, login);
	if (!pw) {
		session_close(s);
		return 1;
	}
	u.login = xstrdup(login);
	u.name = xstrdup(name);
	u.role = xstrdup("admin");
	u.location = xstrdup(location);
	enum kp_status st = user_create(s, &u);
	if (st == KP_OK)
		st = session_login(s, login);
	if (st == KP_OK)
		st = auth_set_password(s, u.id, pw);
	if (st == KP_OK && demo && (!db_setting_set(s->db, "demo", "1") ||
				    !audit_record(s, "database.demo", "setting", "demo", NULL)))
		st = session_db_fail(s, _("cannot mark the demo database"));
	cli_wipe_secret(pw);
	int rc = st == KP_OK ? 0 : cli_fail_session(s);
	if (st == KP_OK)
		printf(_("created %s with administrator %s\n"), db_path(s->db), login);
	user_finish(&u);
	session_close(s);
	return rc;
}
