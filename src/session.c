/* Session lifetime and failure messages. */
#include "src/session.h"
#include "src/audit.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct session *session_open(const char *path, bool create, char *err, size_t errlen)
{
	return session_open_flags(path, create ? DB_OPEN_CREATE : 0, err, errlen);
}

struct session *session_open_flags(const char *path, int flags, char *err, size_t errlen)
{
	struct session *s = xcalloc(1, sizeof *s);
	const char *tty = ttyname(STDIN_FILENO);

	s->db = db_open(path, flags, err, errlen);
	if (!s->db) {
		free(s);
		return NULL;
	}
	snprintf(s->terminal, sizeof s->terminal, "%s", tty ? tty : "-");
	return s;
}

void session_close(struct session *s)
{
	if (!s)
		return;
	audit_flush_search(s);
	refdata_cache_end(s);
	free(s->pending_search);
	user_finish(&s->user);
	db_close(s->db);
	free(s);
}

void session_set_user(struct session *s, struct user *u)
{
	audit_flush_search(s);
	user_finish(&s->user);
	s->user = *u;
	s->logged_in = true;
	s->user_mark = (struct db_mark){ 0 };     /* the next check reads the user */
	*u = (struct user){ 0 };
}

enum kp_status session_login(struct session *s, const char *login)
{
	struct user u = { 0 };
	int found = user_store_find_login(s->db, login, &u);

	if (found < 0)
		return session_db_fail(s, _("cannot read users"));
	if (found == 0)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no user with login %s"), login);
	if (!u.active) {
		user_finish(&u);
		return session_fail(s, KP_ERR_DENIED, _("user %s is not active"), login);
	}
	session_set_user(s, &u);
	return KP_OK;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

bool session_user_current(struct session *s)
{
	struct user now = { 0 };
	struct db_mark mark;
	int found;

	if (!s->logged_in)
		return true;
	/* every key asks: read the user only when the database changed */
	if (!db_changed_since(s->db, &s->user_mark, &mark))
		return true;
	found = user_store_get(s->db, s->user.id, &now);
	if (found < 0) {
		session_db_fail(s, _("cannot read users"));
		return true;             /* a busy database is no reason to end */
	}
	bool current = found == 1 && now.active && same(now.role, s->user.role) &&
		       same(now.location, s->user.location) && same(now.scope, s->user.scope);
	user_finish(&now);
	if (current)
		s->user_mark = mark;
	if (!current)
		session_fail(s, KP_ERR_DENIED,
			     _("an administrator deactivated your user or changed its rights; "
			       "start Knudepunkt again"));
	return current;
}

enum kp_status session_fail(struct session *s, enum kp_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	return st;
}

enum kp_status session_db_fail(struct session *s, const char *what)
{
	return session_fail(s, KP_ERR_DB, "%s: %s", what, db_errmsg(s->db));
}

const char *session_message(const struct session *s)
{
	return s->msg;
}

static bool make_dir(const char *path)
{
	return mkdir(path, 0700) == 0 || errno == EEXIST;
}

char *session_default_path(void)
{
	const char *env = getenv("KNUDEPUNKT_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *base, *dir;

	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		base = xstrdup(xdg);
	else
		base = xasprintf("%s/.local/share", home && *home ? home : ".");
	dir = xasprintf("%s/knudepunkt", base);
	/* create ~/.local and ~/.local/share if they are missing too */
	if (!xdg || *xdg != '/') {
		char *local = xasprintf("%s/.local", home && *home ? home : ".");
		make_dir(local);
		free(local);
	}
	make_dir(base);
	make_dir(dir);
	char *path = xasprintf("%s/knudepunkt.db", dir);
	free(dir);
	free(base);
	return path;
}
