/* User administration in the core: editing, deactivating and activating
 * users, the guard that keeps one active administrator, the password
 * state an administrator sees, and that a deactivated user cannot log in
 * by any route. */
#include "tests/unit/testutil.h"
#include "src/audit.h"
#include "src/auth.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "grøn kaffe på trappen 7"

static char *id_of(struct session *s, const char *login)
{
	struct user u = { 0 };
	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	char *id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

static struct user get(struct session *s, const char *login)
{
	struct user u = { 0 };
	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	return u;
}

/* The newest audit entry about row_id has action and contains detail. */
static void assert_audited(struct session *s, const char *row_id, const char *action,
			   const char *detail)
{
	struct audit_filter f = { .row_id = row_id, .limit = 1 };
	struct audit_entry *log;
	int n;

	assert_int_equal(audit_list(s, &f, &log, &n), KP_OK);
	assert_true(n >= 1);
	assert_string_equal(log[0].action, action);
	if (detail && !strstr(log[0].detail, detail))
		fail_msg("detail %s lacks %s", log[0].detail, detail);
	audit_list_free(log, n);
}

static void roles_denied(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *kid = id_of(s, "consultant2");
	const char *logins[] = { "intake", "consultant", "supervisor" };

	for (size_t i = 0; i < sizeof logins / sizeof *logins; i++) {
		struct user u = get(s, "consultant2");
		struct auth_state as;
		int n;

		test_login(s, logins[i]);
		free(u.name);
		u.name = xstrdup("Changed");
		assert_int_equal(user_update(s, &u), KP_ERR_DENIED);
		assert_int_equal(user_set_active(s, kid, false), KP_ERR_DENIED);
		assert_int_equal(auth_set_password(s, kid, PW), KP_ERR_DENIED);
		assert_int_equal(auth_unlock(s, kid), KP_ERR_DENIED);
		assert_int_equal(auth_state(s, kid, &as), KP_ERR_DENIED);
		/* supervisors count a consultant's open cases (reassignment) */
		assert_int_equal(user_open_cases(s, kid, &n),
				 strcmp(logins[i], "supervisor") == 0 ? KP_OK : KP_ERR_DENIED);
		user_finish(&u);
	}
	struct user u = get(s, "consultant2");
	assert_string_equal(u.name, "Test consultant2");
	assert_true(u.active);
	user_finish(&u);
	free(kid);
	test_session_close(s);
}

static void edit_audited(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	struct user u = get(s, "consultant");

	free(u.name);
	free(u.location);
	free(u.initials);
	free(u.login);
	u.name = xstrdup("Karen Konsulent");
	u.location = xstrdup("herning");
	u.initials = xstrdup("KK");
	u.login = xstrdup("renamed");       /* the login is fixed */
	u.active = false;                   /* and active is not user_update's */
	assert_int_equal(user_update(s, &u), KP_OK);
	user_finish(&u);
	u = get(s, "consultant");
	assert_string_equal(u.name, "Karen Konsulent");
	assert_string_equal(u.location, "herning");
	assert_string_equal(u.initials, "KK");
	assert_true(u.active);
	assert_audited(s, u.id, "user.update", "location=aarhus->herning name initials");

	/* bad input changes nothing */
	free(u.role);
	u.role = xstrdup("boss");
	assert_int_equal(user_update(s, &u), KP_ERR_INVALID);
	free(u.role);
	u.role = xstrdup("consultant");
	free(u.location);
	u.location = xstrdup("atlantis");
	assert_int_equal(user_update(s, &u), KP_ERR_INVALID);
	user_finish(&u);
	u = get(s, "consultant");
	assert_string_equal(u.location, "herning");
	user_finish(&u);
	test_session_close(s);
}

static void last_admin_guard(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *aid = id_of(s, "admin");
	struct user me = get(s, "admin");

	/* the only administrator can neither leave nor step down */
	assert_int_equal(user_set_active(s, aid, false), KP_ERR_STATE);
	assert_non_null(strstr(session_message(s), "last active administrator"));
	free(me.role);
	me.role = xstrdup("supervisor");
	assert_int_equal(user_update(s, &me), KP_ERR_STATE);
	user_finish(&me);
	me = get(s, "admin");
	assert_string_equal(me.role, "admin");
	assert_true(me.active);

	/* an inactive second administrator does not count */
	struct user other = { .login = xstrdup("admin2"), .name = xstrdup("Other Admin"),
			      .role = xstrdup("admin"), .location = xstrdup("aarhus") };
	assert_int_equal(user_create(s, &other), KP_OK);
	assert_int_equal(user_set_active(s, other.id, false), KP_OK);
	assert_int_equal(user_set_active(s, aid, false), KP_ERR_STATE);
	/* an active one does: then the first may step down */
	assert_int_equal(user_set_active(s, other.id, true), KP_OK);
	free(me.role);
	me.role = xstrdup("supervisor");
	assert_int_equal(user_update(s, &me), KP_OK);
	assert_audited(s, aid, "user.update", "role=admin->supervisor");
	/* and the other, now the last, may not */
	test_login(s, "admin2");
	assert_int_equal(user_set_active(s, other.id, false), KP_ERR_STATE);
	user_finish(&other);
	user_finish(&me);
	free(aid);
	test_session_close(s);
}

static void deactivated_cannot_log_in(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *kid = id_of(s, "consultant");
	struct user *list;
	int n, delay;
	bool offered = false, owner = false;

	assert_int_equal(auth_set_password(s, kid, PW), KP_OK);
	assert_int_equal(user_set_active(s, kid, false), KP_OK);
	assert_audited(s, kid, "user.deactivate", "active=1->0");
	assert_int_equal(user_set_active(s, kid, false), KP_ERR_STATE);   /* already so */

	/* every way in is closed: --user in a demo database, the account,
	 * and the password (right as it is) */
	assert_int_equal(session_login(s, "consultant"), KP_ERR_DENIED);
	assert_int_equal(auth_login_account(s, "consultant"), KP_ERR_NOT_FOUND);
	assert_int_equal(auth_login_password(s, "consultant", PW, &delay), KP_ERR_DENIED);

	/* not offered for new cases, still there for reassignment */
	test_login(s, "supervisor");
	assert_int_equal(user_consultants(s, NULL, &list, &n), KP_OK);
	for (int i = 0; i < n; i++)
		offered = offered || strcmp(list[i].id, kid) == 0;
	user_list_free(list, n);
	assert_int_equal(user_caseload_owners(s, &list, &n), KP_OK);
	for (int i = 0; i < n; i++)
		owner = owner || (strcmp(list[i].id, kid) == 0 && !list[i].active);
	user_list_free(list, n);
	assert_false(offered);
	assert_true(owner);

	/* activated again, the password works again (after the wait the
	 * refused try above began) */
	test_login(s, "admin");
	setenv("KNUDEPUNKT_NOW", "2026-03-02T10:00:00Z", 1);
	assert_int_equal(user_set_active(s, kid, true), KP_OK);
	assert_audited(s, kid, "user.activate", "active=0->1");
	assert_int_equal(auth_login_password(s, "consultant", PW, &delay), KP_OK);
	assert_string_equal(s->user.login, "consultant");
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:00Z", 1);
	free(kid);
	test_session_close(s);
}

static void lock_state_and_unlock(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *kid = id_of(s, "consultant");
	struct auth_state as;
	int delay;

	assert_int_equal(auth_state(s, kid, &as), KP_OK);
	assert_false(as.has_password);
	assert_false(as.locked);
	assert_int_equal(auth_set_password(s, kid, PW), KP_OK);
	assert_audited(s, kid, "password.set", NULL);
	/* AUTH_LOCK_AFTER failures lock the account: the clock moves on
	 * between tries so that none is "too soon" */
	for (int i = 0; i < AUTH_LOCK_AFTER; i++) {
		char now[32];
		snprintf(now, sizeof now, "2026-03-02T1%d:00:00Z", i);
		setenv("KNUDEPUNKT_NOW", now, 1);
		assert_int_equal(auth_login_password(s, "consultant", "wrong wrong wrong", &delay),
				 KP_ERR_DENIED);
	}
	test_login(s, "admin");
	assert_int_equal(auth_state(s, kid, &as), KP_OK);
	assert_true(as.has_password);
	assert_true(as.locked);
	assert_int_equal(as.failures, AUTH_LOCK_AFTER);
	assert_int_equal(auth_unlock(s, kid), KP_OK);
	assert_audited(s, kid, "user.unlock", NULL);
	assert_int_equal(auth_state(s, kid, &as), KP_OK);
	assert_false(as.locked);
	assert_int_equal(as.failures, 0);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:00Z", 1);
	free(kid);
	test_session_close(s);
}

/* A location scope belongs to the supervisor role: another role drops
 * it, so that it does not return with the role. */
static void scope_goes_with_the_role(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	struct user u = get(s, "supervisor");
	const char *aarhus[] = { "aarhus" };

	assert_int_equal(user_set_scope(s, u.id, aarhus, 1), KP_OK);
	free(u.role);
	u.role = xstrdup("consultant");
	assert_int_equal(user_update(s, &u), KP_OK);
	assert_audited(s, u.id, "user.update", "scope=cleared");
	free(u.role);
	u.role = xstrdup("supervisor");
	assert_int_equal(user_update(s, &u), KP_OK);
	user_finish(&u);
	u = get(s, "supervisor");
	assert_string_equal(u.scope, "");
	user_finish(&u);
	test_session_close(s);
}

/* A running session notices that its user was deactivated or given
 * other rights (the screens then end). */
static void running_session_revoked(void **state)
{
	(void)state;
	struct session *s = test_session("consultant");
	struct user u = get(s, "consultant");

	assert_true(session_user_current(s));
	u.active = false;                     /* as a sync from another site would */
	assert_true(user_store_update(s->db, &u));
	assert_false(session_user_current(s));
	assert_non_null(strstr(session_message(s), "deactivated your user"));
	u.active = true;
	free(u.role);
	u.role = xstrdup("intake");
	assert_true(user_store_update(s->db, &u));
	assert_false(session_user_current(s));
	free(u.role);
	u.role = xstrdup("consultant");
	assert_true(user_store_update(s->db, &u));
	assert_true(session_user_current(s));
	user_finish(&u);
	/* an administrator editing its own row goes on with the new one */
	test_login(s, "admin");
	u = get(s, "admin");
	free(u.location);
	u.location = xstrdup("herning");
	assert_int_equal(user_update(s, &u), KP_OK);
	assert_string_equal(s->user.location, "herning");
	assert_true(session_user_current(s));
	user_finish(&u);
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_denied),
		cmocka_unit_test(edit_audited),
		cmocka_unit_test(last_admin_guard),
		cmocka_unit_test(deactivated_cannot_log_in),
		cmocka_unit_test(lock_state_and_unlock),
		cmocka_unit_test(scope_goes_with_the_role),
		cmocka_unit_test(running_session_revoked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
