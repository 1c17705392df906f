/* Passwords: the policy, Argon2id hashing, the same failure for every
 * reason, the growing delay and the lock, changing one's own password, and
 * no password anywhere in the database file or its WAL. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/audit.h"
#include "src/auth.h"
#include "src/export.h"
#include "src/strbuf.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ADMIN_ID "0190aaaa-0000-7000-8000-00000000000a"
#define ANNA_ID "0190aaaa-0000-7000-8000-00000000000b"
#define PW "grøn kaffe på trappen 7"
#define PW2 "en helt anden sætning i dag"

static char *db_file;

static void add_user(struct session *s, const char *id, const char *login, const char *role)
{
	struct user u = { .id = (char *)id, .login = (char *)login, .name = (char *)login,
			  .role = (char *)role, .location = "aarhus", .active = true,
			  .created_at = "2026-01-01T00:00:00Z" };
	assert_true(user_store_insert(s->db, &u));
}

static struct session *fresh(void)
{
	char err[512];

	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:00Z", 1);
	db_file = tmpdb_path();
	struct session *s = session_open(db_file, true, err, sizeof err);
	assert_non_null(s);
	add_user(s, ADMIN_ID, "admin", "admin");
	add_user(s, ANNA_ID, "anna", "consultant");
	assert_int_equal(auth_login_account(s, "admin"), KP_OK);
	assert_int_equal(auth_set_password(s, ANNA_ID, PW), KP_OK);
	return s;
}

static void logout(struct session *s)
{
	user_finish(&s->user);
	s->logged_in = false;
}

static void done(struct session *s)
{
	session_close(s);
	tmpdb_remove(db_file);
	free(db_file);
}

static void policy(void **state)
{
	(void)state;
	struct session s = { 0 };
	char long_pw[300], too_long[AUTH_MAX_LENGTH + 2];
	const char *refused[] = { "short pw", "Password1234!", "qwertyuiop123", "123456789012",
				  "aaaaaaaaaaaaaaa", "1q2w3e4r5t6y", "Sommer2026!!", "abcabcabcabc",
				  "passwordpassword", "kodeord12345678", "xyzanna-is-me-2026",
				  "Knudepunkt2026!", "abcdefghijklmnop", NULL };
	const char *accepted[] = { "correct horse battery staple", "Rødgrød med fløde på 3 tallerkener",
				   "tre blå elefanter danser", NULL };

	for (int i = 0; refused[i]; i++)
		if (auth_password_acceptable(&s, refused[i], "anna") == KP_OK)
			fail_msg("accepted %s", refused[i]);
	for (int i = 0; accepted[i]; i++)
		if (auth_password_acceptable(&s, accepted[i], "anna") != KP_OK)
			fail_msg("refused %s: %s", accepted[i], session_message(&s));
	/* 64 characters and far beyond are fine */
	for (size_t i = 0; i < sizeof long_pw - 1; i++)
		long_pw[i] = (char)('a' + (i * 7 + i / 26) % 26);
	long_pw[sizeof long_pw - 1] = '\0';
	assert_int_equal(auth_password_acceptable(&s, long_pw, "anna"), KP_OK);
	memset(too_long, 'x', sizeof too_long - 1);
	too_long[sizeof too_long - 1] = '\0';
	assert_int_equal(auth_password_acceptable(&s, too_long, "anna"), KP_ERR_INVALID);
	assert_int_equal(auth_password_acceptable(&s, "tab\tinside the password", "anna"), KP_ERR_INVALID);
}

static void long_password_round_trip(void **state)
{
	(void)state;
	struct session *s = fresh();
	char pw[101];
	int delay;

	for (int i = 0; i < 100; i++)
		pw[i] = "the quick brown fox jumps over the lazy dog "[i % 44];
	pw[100] = '\0';
	assert_int_equal(auth_set_password(s, ANNA_ID, pw), KP_OK);
	logout(s);
	assert_int_equal(auth_login_password(s, "anna", pw, &delay), KP_OK);
	assert_string_equal(s->user.login, "anna");
	assert_int_equal(delay, 0);
	done(s);
}

static double timed_login(struct session *s, const char *login, const char *pw, char *msg, size_t len)
{
	struct timespec a, b;
	int delay;

	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(auth_login_password(s, login, pw, &delay), KP_ERR_DENIED);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(delay >= 1);
	snprintf(msg, len, "%s", session_message(s));
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void same_failure_for_every_reason(void **state)
{
	(void)state;
	struct session *s = fresh();
	char unknown[512], wrong[512], locked[512];

	logout(s);
	double t_unknown = timed_login(s, "nobody", PW, unknown, sizeof unknown);
	double t_wrong = timed_login(s, "anna", "not her password at all", wrong, sizeof wrong);
	/* lock her: failures at times past each delay */
	const char *times[] = { "2026-03-02T09:01:00Z", "2026-03-02T09:02:00Z", "2026-03-02T09:03:00Z",
				"2026-03-02T09:04:00Z", NULL };
	for (int i = 0; times[i]; i++) {
		setenv("KNUDEPUNKT_NOW", times[i], 1);
		timed_login(s, "anna", "still not her password", locked, sizeof locked);
	}
	setenv("KNUDEPUNKT_NOW", "2026-03-02T10:00:00Z", 1);
	double t_locked = timed_login(s, "anna", PW, locked, sizeof locked);
	assert_string_equal(unknown, wrong);
	assert_string_equal(unknown, locked);
	assert_non_null(strstr(unknown, "login failed"));
	/* each failure costs one Argon2id verification: no reason is much
	 * cheaper than another (a generous bound for a busy machine) */
	double lo = t_unknown, hi = t_unknown;
	if (t_wrong < lo) lo = t_wrong;
	if (t_locked < lo) lo = t_locked;
	if (t_wrong > hi) hi = t_wrong;
	if (t_locked > hi) hi = t_locked;
	if (lo * 4 < hi)
		fail_msg("failure times differ: unknown %.3f s, wrong %.3f s, locked %.3f s",
			 t_unknown, t_wrong, t_locked);
	done(s);
}

static void delay_grows_and_lock_needs_admin(void **state)
{
	(void)state;
	struct session *s = fresh();
	int delay, expect[] = { 1, 2, 4, 8, 16 };
	char at[32];

	logout(s);
	for (int i = 0; i < AUTH_LOCK_AFTER; i++) {
		snprintf(at, sizeof at, "2026-03-02T09:%02d:00Z", 10 + i);
		setenv("KNUDEPUNKT_NOW", at, 1);
		assert_int_equal(auth_login_password(s, "anna", "wrong wrong wrong", &delay), KP_ERR_DENIED);
		assert_int_equal(delay, expect[i]);
	}
	/* locked: the right password no longer works, an hour later either */
	setenv("KNUDEPUNKT_NOW", "2026-03-02T11:00:00Z", 1);
	assert_int_equal(auth_login_password(s, "anna", PW, &delay), KP_ERR_DENIED);
	/* only an administrator lifts the lock */
	assert_int_equal(auth_login_account(s, "anna"), KP_OK);
	assert_int_equal(auth_unlock(s, ANNA_ID), KP_ERR_DENIED);
	assert_int_equal(auth_login_account(s, "admin"), KP_OK);
	assert_int_equal(auth_unlock(s, ANNA_ID), KP_OK);
	logout(s);
	assert_int_equal(auth_login_password(s, "anna", PW, &delay), KP_OK);
	done(s);
}

static void too_soon_after_a_failure(void **state)
{
	(void)state;
	struct session *s = fresh();
	int delay;

	logout(s);
	assert_int_equal(auth_login_password(s, "anna", "wrong wrong wrong", &delay), KP_ERR_DENIED);
	assert_int_equal(delay, 1);
	/* within the second that follows even the right password is refused,
	 * and such a try does not count as another failure */
	assert_int_equal(auth_login_password(s, "anna", PW, &delay), KP_ERR_DENIED);
	assert_int_equal(auth_login_password(s, "anna", "wrong again wrong", &delay), KP_ERR_DENIED);
	assert_int_equal(delay, 1);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:01Z", 1);
	assert_int_equal(auth_login_password(s, "anna", PW, &delay), KP_OK);
	done(s);
}

static void change_own_password(void **state)
{
	(void)state;
	struct session *s = fresh();
	int delay;

	assert_int_equal(auth_login_account(s, "anna"), KP_OK);
	/* a user with a password cannot just set a new one */
	assert_int_equal(auth_set_password(s, ANNA_ID, PW2), KP_ERR_DENIED);
	assert_int_equal(auth_set_password(s, ADMIN_ID, PW2), KP_ERR_DENIED);
	assert_int_equal(auth_change_password(s, "the wrong old one", PW2), KP_ERR_DENIED);
	assert_int_equal(auth_change_password(s, PW, "password12345"), KP_ERR_INVALID);
	assert_int_equal(auth_change_password(s, PW, PW2), KP_OK);
	logout(s);
	assert_int_equal(auth_login_password(s, "anna", PW, &delay), KP_ERR_DENIED);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:10:00Z", 1);
	assert_int_equal(auth_login_password(s, "anna", PW2, &delay), KP_OK);
	done(s);
}

static bool file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	bool hit = false;

	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = xmalloc((size_t)len + 1);
	if (fread(buf, 1, (size_t)len, f) == (size_t)len)
		hit = memmem(buf, (size_t)len, needle, strlen(needle)) != NULL;
	free(buf);
	fclose(f);
	return hit;
}

static void no_password_in_the_files(void **state)
{
	(void)state;
	struct session *s = fresh();
	int delay;

	logout(s);
	auth_login_password(s, "anna", "typo grøn kaffe", &delay);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:05:00Z", 1);
	auth_login_password(s, "grøn kaffe på trappen 7", PW, &delay);   /* password typed as login */
	assert_int_equal(auth_login_password(s, "anna", PW, &delay), KP_OK);
	assert_int_equal(auth_change_password(s, PW, PW2), KP_OK);
	char *wal = xasprintf("%s-wal", db_file);
	const char *secrets[] = { PW, PW2, "typo grøn kaffe", "grøn kaffe", NULL };
	for (int i = 0; secrets[i]; i++) {
		assert_false(file_has(db_file, secrets[i]));
		assert_false(file_has(wal, secrets[i]));
	}
	/* nor in any export a user can make, nor the hash */
	assert_int_equal(auth_login_account(s, "anna"), KP_OK);
	for (int k = EXPORT_COMPANIES; k <= EXPORT_MEETINGS; k++) {
		struct strbuf out = STRBUF_INIT;
		struct export_options o;
		struct export_filter f = { 0 };
		struct export_result r = { 0 };
		export_options_default(&o);
		o.charset = CHARSET_UTF8;
		if (export_build(s, (enum export_kind)k, &f, &o, &out, &r) == KP_OK) {
			for (int i = 0; secrets[i]; i++)
				assert_null(strstr(strbuf_str(&out), secrets[i]));
			assert_null(strstr(strbuf_str(&out), "argon2"));
		}
		strbuf_finish(&out);
	}
	/* the hash is Argon2id, and it is not in the audit trail either */
	assert_true(file_has(wal, "$argon2id$") || file_has(db_file, "$argon2id$"));
	struct audit_entry *list = NULL;
	int n = audit_store_for_row(s->db, ANNA_ID, &list);
	assert_true(n >= 4);
	for (int i = 0; i < n; i++)
		assert_null(strstr(list[i].detail, "argon2"));
	audit_list_free(list, n);
	free(wal);
	done(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy),
		cmocka_unit_test(long_password_round_trip),
		cmocka_unit_test(same_failure_for_every_reason),
		cmocka_unit_test(delay_grows_and_lock_needs_admin),
		cmocka_unit_test(too_soon_after_a_failure),
		cmocka_unit_test(change_own_password),
		cmocka_unit_test(no_password_in_the_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
