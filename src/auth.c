/* Passwords (Argon2id), login, lockout and the password policy. */
#include "src/auth.h"
#include "db/credential_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bases of the most used passwords (lower case); a password that is one
 * of these with digits or signs around it, or repeated, is refused. */
static const char *const common[] = {
	"password", "passw0rd", "p@ssw0rd", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm",
	"azerty", "letmein", "welcome", "iloveyou", "monkey", "dragon", "football", "baseball",
	"master", "shadow", "sunshine", "princess", "superman", "batman", "trustno1", "starwars",
	"whatever", "freedom", "computer", "michael", "jennifer", "jordan", "hunter", "ranger",
	"secret", "admin", "administrator", "root", "login", "changeme", "default", "guest",
	"abc", "abcd", "abcdef", "abcdefgh", "abc123", "qwe123", "1q2w3e", "1q2w3e4r", "1q2w3e4r5t",
	"1q2w3e4r5t6y", "1q2w3e4r5t6y7u", "1qaz2wsx", "zaq12wsx", "q1w2e3r4", "q1w2e3r4t5y6", "qazwsx", "passwordpassword",
	"knudepunkt", "erhvervshus", "erhvervshuset", "kodeord", "adgangskode", "hemmelig",
	"velkommen", "sommer", "vinter", "foraar", "forår", "efterår", "efteraar", "danmark",
	"kobenhavn", "københavn", "aarhus", "odense", "aalborg", "mandag", "fredag", "januar",
	"december", "elskerdig", "jegelskerdig", "fodbold", "kodeord1", "test", "testtest",
	"brugernavn", "bruger", "password1", "summer", "winter", "spring", "autumn", "hello",
	"helloworld", "charlie", "liverpool", "chelsea", "arsenal", "pokemon", "minecraft",
	"ncc1701", "zaq1xsw2", "mustang", "access", "flower", "loveme", "ninja", "solo",
	NULL,
};

static bool all_same_unit(const char *s, size_t unit)
{
	size_t len = strlen(s);

	if (unit == 0 || len % unit != 0 || len == unit)
		return false;
	for (size_t i = unit; i < len; i++)
		if (s[i] != s[i % unit])
			return false;
	return true;
}

/* Lower-cased with leading and trailing digits and signs stripped. */
static char *core_word(const char *pw)
{
	size_t len = strlen(pw), a = 0, b = len;
	char *w;

	while (a < len && !isalpha((unsigned char)pw[a]) && !((unsigned char)pw[a] & 0x80))
		a++;
	while (b > a && !isalpha((unsigned char)pw[b - 1]) && !((unsigned char)pw[b - 1] & 0x80))
		b--;
	w = xstrndup(pw + a, b - a);
	for (char *p = w; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return w;
}

static bool is_sequence(const char *s)
{
	size_t len = strlen(s);
	int up = 1, down = 1;

	for (size_t i = 1; i < len; i++) {
		up = up && ((unsigned char)s[i] == (unsigned char)s[i - 1] + 1 ||
			    (s[i] == '0' && s[i - 1] == '9'));
		down = down && (unsigned char)s[i] + 1 == (unsigned char)s[i - 1];
	}
	return len > 1 && (up || down);
}

static bool is_common(const char *pw)
{
	char *w = core_word(pw);
	bool hit = *w == '\0' || is_sequence(pw);   /* only digits and signs, or 1234... */

	for (size_t unit = 1; !hit && unit <= strlen(w) / 2; unit++)
		hit = all_same_unit(w, unit);   /* "abcabcabc" is as weak as "abc" */
	char *whole = xstrdup(pw);
	for (char *p = whole; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (int i = 0; !hit && common[i]; i++) {
		hit = strcmp(w, common[i]) == 0 || strcmp(whole, common[i]) == 0;
		size_t cl = strlen(common[i]);
		if (!hit && strlen(w) % cl == 0 && strncmp(w, common[i], cl) == 0)
			hit = all_same_unit(w, cl);
	}
	free(whole);
	free(w);
	return hit;
}

static int distinct_bytes(const char *s)
{
	bool seen[256] = { false };
	int n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!seen[*p]) {
			seen[*p] = true;
			n++;
		}
	return n;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

enum kp_status auth_password_acceptable(struct session *s, const char *pw, const char *login)
{
	size_t len = pw ? strlen(pw) : 0;

	if (!pw || utf8_chars(pw) < AUTH_MIN_LENGTH)
		return session_fail(s, KP_ERR_INVALID, _("the password is too short: use at least %d characters "
							 "(a few words make a good one)"), AUTH_MIN_LENGTH);
	if (len > AUTH_MAX_LENGTH)
		return session_fail(s, KP_ERR_INVALID, _("the password is longer than %d bytes"), AUTH_MAX_LENGTH);
	if (!text_valid_utf8(pw, len) || text_has_control(pw, false))
		return session_fail(s, KP_ERR_INVALID, _("the password has characters that cannot be typed"));
	if (is_common(pw) || distinct_bytes(pw) < 5)
		return session_fail(s, KP_ERR_INVALID, _("the password is one of the most common passwords; "
							 "choose another"));
	if (login && strlen(login) >= 3 && strcasestr(pw, login))
		return session_fail(s, KP_ERR_INVALID, _("the password must not contain the login"));
	return KP_OK;
}

int auth_delay_for(int failures)
{
	if (failures <= 0)
		return 0;
	if (failures > 5)
		return AUTH_MAX_DELAY;
	int d = 1 << (failures - 1);
	return d > AUTH_MAX_DELAY ? AUTH_MAX_DELAY : d;
}

static bool hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	if (sodium_init() < 0)
		die("libsodium cannot start");
	return crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

static enum kp_status store_hash(struct session *s, const char *user_id, const char *pw,
				 const char *action)
{
	char hash[crypto_pwhash_STRBYTES], at[CLOCK_TIME_LEN];

	if (!hash_password(pw, hash))
		return session_fail(s, KP_ERR_IO, _("not enough memory to hash the password"));
	clock_timestamp(at);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot save the password"));
	if (!credential_store_set_hash(s->db, user_id, hash, at)) {
		db_rollback(s->db);
		sodium_memzero(hash, sizeof hash);
		return session_db_fail(s, _("cannot save the password"));
	}
	sodium_memzero(hash, sizeof hash);
	if (!audit_record(s, action, "credential", user_id, NULL)) {
		db_rollback(s->db);
		return KP_ERR_DB;
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot save the password"));
	return KP_OK;
}

bool auth_has_password(struct session *s, const char *user_id)
{
	struct credential c = { 0 };
	int found = credential_store_get(s->db, user_id, &c);

	credential_finish(&c);
	return found == 1;
}

enum kp_status auth_set_password(struct session *s, const char *user_id, const char *pw)
{
	struct user u = { 0 };
	enum kp_status st;
	bool self = s->logged_in && s->user.id && strcmp(s->user.id, user_id) == 0;

	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	if (!self && (st = access_require(s, ACT_USER_ADMIN)) != KP_OK)
		return st;
	if (self && !access_allowed(&s->user, ACT_USER_ADMIN) && auth_has_password(s, user_id))
		return session_fail(s, KP_ERR_DENIED, _("give your current password to change it"));
	int found = user_store_get(s->db, user_id, &u);
	if (found <= 0) {
		return found < 0 ? session_db_fail(s, _("cannot read users"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such user"));
	}
	st = auth_password_acceptable(s, pw, u.login);
	user_finish(&u);
	if (st != KP_OK)
		return st;
	return store_hash(s, user_id, pw, self ? "password.change" : "password.set");
}

/* The Argon2id hash (same parameters as ours) of a random password nobody
 * knows, verified against when there is no real hash, so that every
 * failure costs one verification. A constant: computing it on first use
 * would make the first unknown-user failure slower than a wrong password. */
static const char dummy[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$ka560DLMD24F+XcZLfzWyQ$"
	"H3JS/Dyj5nFaNSne66NWWlc6Zs8CZHi5hXwDHd2YVNg";

static const char *dummy_hash(void)
{
	return dummy;
}

static bool verify(const char *hash, const char *pw)
{
	char h[crypto_pwhash_STRBYTES] = "";

	snprintf(h, sizeof h, "%s", hash);
	bool ok = crypto_pwhash_str_verify(h, pw, strlen(pw)) == 0;
	sodium_memzero(h, sizeof h);
	return ok;
}

enum kp_status auth_change_password(struct session *s, const char *old_pw, const char *new_pw)
{
	struct credential c = { 0 };

	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	int found = credential_store_get(s->db, s->user.id, &c);
	if (found < 0)
		return session_db_fail(s, _("cannot read credentials"));
	bool ok = verify(found ? c.hash : dummy_hash(), old_pw) && found;
	credential_finish(&c);
	if (!ok)
		return session_fail(s, KP_ERR_DENIED, _("the current password is wrong"));
	enum kp_status st = auth_password_acceptable(s, new_pw, s->user.login);
	if (st != KP_OK)
		return st;
	if (strcmp(old_pw, new_pw) == 0)
		return session_fail(s, KP_ERR_INVALID, _("the new password is the same as the old one"));
	return store_hash(s, s->user.id, new_pw, "password.change");
}

static enum kp_status login_failed(struct session *s)
{
	return session_fail(s, KP_ERR_DENIED,
			    _("login failed: unknown user, wrong password or locked account"));
}

/* Records the outcome of an attempt on a known user in one transaction. */
static bool record_attempt(struct session *s, const struct credential *c, int failures,
			   bool locked, const char *action)
{
	char at[CLOCK_TIME_LEN];

	clock_timestamp(at);
	if (!db_begin(s->db))
		return false;
	if (!credential_store_set_failures(s->db, c->user_id, failures,
					   failures ? at : NULL, locked) ||
	    !audit_record(s, action, "app_user", c->user_id, "failures=%d", failures)) {
		db_rollback(s->db);
		return false;
	}
	return db_commit(s->db);
}

static bool too_soon(const struct credential *c)
{
	struct tm tm = { 0 };

	if (!c->last_failure || !strptime(c->last_failure, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return false;
	return clock_now() < timegm(&tm) + auth_delay_for(c->failures);
}

enum kp_status auth_login_password(struct session *s, const char *login, const char *pw,
				   int *delay_seconds)
{
	struct user u = { 0 };
	struct credential c = { 0 };
	int found = user_store_find_login(s->db, login ? login : "", &u);
	int has = 0;

	*delay_seconds = 1;
	if (found > 0)
		has = credential_store_get(s->db, u.id, &c);
	if (found < 0 || has < 0) {
		user_finish(&u);
		credential_finish(&c);
		return session_db_fail(s, _("cannot read users"));
	}
	bool usable = found && u.active && has && !c.locked;
	bool soon = usable && too_soon(&c);
	/* always one Argon2id verification, whatever the reason to fail */
	bool right = verify(usable ? c.hash : dummy_hash(), pw ? pw : "") && usable && !soon;
	enum kp_status st;

	if (right) {
		session_set_user(s, &u);
		*delay_seconds = 0;
		st = record_attempt(s, &c, 0, false, "login") ? KP_OK
			: session_db_fail(s, _("cannot record the login"));
		if (st != KP_OK) {
			user_finish(&s->user);
			s->logged_in = false;
		}
	} else if (!found || !has) {
		audit_record(s, "login.fail", "app_user", found ? u.id : "", "%s",
			     found ? "no password set" : "unknown login");
		st = login_failed(s);
	} else {
		int failures = soon || c.locked ? c.failures : c.failures + 1;
		bool lock = c.locked || failures >= AUTH_LOCK_AFTER;
		const char *action = c.locked ? "login.locked" : soon ? "login.too_soon"
				     : lock ? "login.lock" : "login.fail";
		record_attempt(s, &c, failures, lock, action);
		*delay_seconds = auth_delay_for(failures) > 1 ? auth_delay_for(failures) : 1;
		st = login_failed(s);
	}
	user_finish(&u);
	credential_finish(&c);
	return st;
}

enum kp_status auth_login_account(struct session *s, const char *account)
{
	struct user u = { 0 };
	int found = account && *account ? user_store_find_login(s->db, account, &u) : 0;

	if (found < 0)
		return session_db_fail(s, _("cannot read users"));
	if (found == 0 || !u.active) {
		user_finish(&u);
		return session_fail(s, KP_ERR_NOT_FOUND,
				    _("the account %s is not a Knudepunkt user"), account ? account : "?");
	}
	session_set_user(s, &u);
	return KP_OK;
}

enum kp_status auth_unlock(struct session *s, const char *user_id)
{
	struct credential c = { 0 };
	enum kp_status st = access_require(s, ACT_USER_ADMIN);

	if (st != KP_OK)
		return st;
	int found = credential_store_get(s->db, user_id, &c);
	if (found <= 0) {
		credential_finish(&c);
		return found < 0 ? session_db_fail(s, _("cannot read credentials"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("the user has no password"));
	}
	bool ok = record_attempt(s, &c, 0, false, "user.unlock");
	credential_finish(&c);
	return ok ? KP_OK : session_db_fail(s, _("cannot unlock the user"));
}

enum kp_status auth_state(struct session *s, const char *user_id, struct auth_state *out)
{
	struct credential c = { 0 };
	enum kp_status st = access_require(s, ACT_USER_ADMIN);

	*out = (struct auth_state){ 0 };
	if (st != KP_OK)
		return st;
	int found = credential_store_get(s->db, user_id, &c);
	if (found < 0)
		return session_db_fail(s, _("cannot read credentials"));
	*out = (struct auth_state){ .has_password = found == 1, .locked = c.locked,
				    .failures = c.failures };
	credential_finish(&c);
	return KP_OK;
}

bool auth_is_demo(struct session *s)
{
	char *v = db_setting_get(s->db, "demo");
	bool demo = v && strcmp(v, "1") == 0;

	free(v);
	return demo;
}

int auth_idle_seconds(struct session *s)
{
	char *v = db_setting_get(s->db, "idle_lock_minutes");
	double minutes = v ? strtod(v, NULL) : AUTH_IDLE_MINUTES;   /* "0.5" is half a minute */

	free(v);
	if (!(minutes > 0) || minutes > 24 * 60)
		return 0;
	return minutes * 60 < 1 ? 1 : (int)(minutes * 60);
}
