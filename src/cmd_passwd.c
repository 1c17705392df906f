/* knudepunkt passwd [LOGIN] | passwd --unlock LOGIN: change one's own
 * password, set another user's (administrators), lift a lock. Passwords
 * are read from the terminal with echo off (or KNUDEPUNKT_PASSWORD_FD),
 * never from arguments. */
#include "src/auth.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt passwd            change your own password\n"
			     "       knudepunkt passwd LOGIN      set LOGIN's password (administrators)\n"
			     "       knudepunkt passwd --unlock LOGIN\n"
			     "                                    lift LOGIN's lock after failed logins\n"
			     "Passwords are asked on the terminal, or read one per line from the file\n"
			     "descriptor KNUDEPUNKT_PASSWORD_FD names.\n"));
}

/* Asks for the new password twice; NULL (message printed) if they differ. */
static char *ask_new(void)
{
	char *a = cli_read_secret(_("New password: "));
	char *b = a ? cli_read_secret(_("New password again: ")) : NULL;

	if (!a || !b) {
		cli_wipe_secret(a);
		cli_wipe_secret(b);
		cli_fail("%s", _("cannot read a password: no terminal"));
		return NULL;
	}
	if (strcmp(a, b) != 0) {
		cli_wipe_secret(a);
		cli_wipe_secret(b);
		cli_fail("%s", _("the two passwords differ; nothing was changed"));
		return NULL;
	}
	cli_wipe_secret(b);
	return a;
}

static int find_user(struct session *s, const char *login, struct user *u)
{
	int found = user_store_find_login(s->db, login, u);

	if (found < 0)
		return cli_fail("%s", db_errmsg(s->db));
	if (found == 0)
		return cli_fail(_("no user with login %s"), login);
	return 0;
}

static int change_own(struct session *s)
{
	enum kp_status st;
	char *old = NULL, *pw;

	if (auth_has_password(s, s->user.id)) {
		old = cli_read_secret(_("Current password: "));
		if (!old)
			return cli_fail("%s", _("cannot read a password: no terminal"));
	}
	pw = ask_new();
	if (!pw) {
		cli_wipe_secret(old);
		return 1;
	}
	st = old ? auth_change_password(s, old, pw) : auth_set_password(s, s->user.id, pw);
	cli_wipe_secret(old);
	cli_wipe_secret(pw);
	if (st != KP_OK)
		return cli_fail_session(s);
	printf("%s\n", _("password changed"));
	return 0;
}

int cli_set_password(struct session *s, const char *login, bool unlock)
{
	struct user u = { 0 };
	int rc = find_user(s, login, &u);
	enum kp_status st;

	if (rc)
		return rc;
	if (unlock) {
		st = auth_unlock(s, u.id);
	} else {
		char *pw = ask_new();
		if (!pw) {
			user_finish(&u);
			return 1;
		}
		st = auth_set_password(s, u.id, pw);
		cli_wipe_secret(pw);
	}
	user_finish(&u);
	if (st != KP_OK)
		return cli_fail_session(s);
	printf(unlock ? _("%s can log in again\n") : _("password of %s set\n"), login);
	return 0;
}

int cmd_passwd(struct cli *c, int argc, char **argv)
{
	bool unlock = argc > 1 && strcmp(argv[1], "--unlock") == 0;
	const char *login = unlock ? (argc > 2 ? argv[2] : NULL) : (argc > 1 ? argv[1] : NULL);

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if ((unlock && argc != 3) || (!unlock && argc > 2) || (login && *login == '-')) {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	int rc = login && strcmp(login, s->user.login) != 0 ? cli_set_password(s, login, unlock)
		 : unlock ? cli_set_password(s, login, true) : change_own(s);
	session_close(s);
	return rc;
}
