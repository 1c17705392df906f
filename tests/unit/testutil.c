/* Temporary databases for unit tests. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void test_setup(void)
{
	setenv("TZ", "UTC", 1);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:00Z", 1);
	i18n_init("en");
}

char *tmpdb_path(void)
{
	char tmpl[] = "/tmp/kp-test-XXXXXX";
	char *dir = mkdtemp(tmpl);

	if (!dir)
		die("mkdtemp failed");
	return xasprintf("%s/test.db", dir);
}

void tmpdb_remove(const char *path)
{
	char *p;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}

static void add_user(struct session *s, const char *login, const char *role, const char *location)
{
	struct user u = { 0 };

	u.login = xstrdup(login);
	u.name = xasprintf("Test %s", login);
	u.role = xstrdup(role);
	u.location = xstrdup(location);
	if (user_create(s, &u) != KP_OK)
		die("test_session: cannot create %s: %s", login, session_message(s));
	user_finish(&u);
}

struct session *test_session(const char *login)
{
	char *path = tmpdb_path();
	char err[512];
	struct session *s = session_open(path, true, err, sizeof err);

	free(path);
	if (!s)
		die("test_session: %s", err);
	add_user(s, "admin", "admin", "aarhus");               /* bootstraps, logs in */
	add_user(s, "intake", "intake", "aarhus");
	add_user(s, "consultant", "consultant", "aarhus");
	add_user(s, "consultant2", "consultant", "herning");
	add_user(s, "supervisor", "supervisor", "aarhus");
	add_user(s, "othersup", "supervisor", "odense");        /* another house (Fyn) */
	add_user(s, "otherkons", "consultant", "odense");
	test_login(s, login);
	return s;
}

void test_login(struct session *s, const char *login)
{
	if (session_login(s, login) != KP_OK)
		die("test_login %s: %s", login, session_message(s));
}

void test_session_close(struct session *s)
{
	char *path = xstrdup(db_path(s->db));

	session_close(s);
	tmpdb_remove(path);
	free(path);
}
