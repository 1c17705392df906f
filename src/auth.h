/* Identity and passwords. On a shared host a person is the operating-
 * system account, mapped to the Knudepunkt user with that login; where
 * people share a terminal account they log in with a password, hashed
 * with Argon2id (libsodium crypto_pwhash_str) in the local credential
 * table. A failed login says the same and takes about the same time for
 * an unknown user, a wrong password and a locked account; each failure
 * of a known user lengthens the wait before the next try (1, 2, 4 ... 30
 * seconds) and AUTH_LOCK_AFTER failures in a row lock the account until
 * an administrator lifts the lock. Passwords are never stored, logged or
 * returned; callers wipe them (sodium_memzero) after use. */
#ifndef KP_AUTH_H
#define KP_AUTH_H

#include "src/status.h"

#include <stdbool.h>

struct session;

#define AUTH_MIN_LENGTH 12        /* characters */
#define AUTH_MAX_LENGTH 1024      /* bytes */
#define AUTH_LOCK_AFTER 5
#define AUTH_MAX_DELAY 30         /* seconds */

/* The policy: AUTH_MIN_LENGTH characters or more, at most AUTH_MAX_LENGTH
 * bytes, valid UTF-8, not a common password or a variation of one, not
 * containing the login, and at least 5 different characters. */
enum kp_status auth_password_acceptable(struct session *s, const char *password, const char *login);

/* Sets user_id's password: an administrator for anyone, a user for
 * itself only while it has none (afterwards auth_change_password). */
enum kp_status auth_set_password(struct session *s, const char *user_id, const char *password);
/* The acting user changes its own password, proving the old one. */
enum kp_status auth_change_password(struct session *s, const char *old_password,
				    const char *new_password);
bool auth_has_password(struct session *s, const char *user_id);

/* Logs login in with password. On failure the message is the same for
 * every reason; *delay_seconds (always set) is how long the caller waits
 * before reporting the outcome of a failure. */
enum kp_status auth_login_password(struct session *s, const char *login, const char *password,
				   int *delay_seconds);
/* Logs in the user mapped to the operating-system account (login equal
 * to the account name); KP_ERR_NOT_FOUND if there is none. */
enum kp_status auth_login_account(struct session *s, const char *account);
/* An administrator lifts the lock and clears the failures of user_id. */
enum kp_status auth_unlock(struct session *s, const char *user_id);

/* The password state of user_id at this site (the credential table is
 * local: a lock is lifted where it happened). Administrators only. */
struct auth_state {
	bool has_password;
	bool locked;
	int failures;         /* failed logins in a row */
};
enum kp_status auth_state(struct session *s, const char *user_id, struct auth_state *out);

/* The wait after the nth failure in a row (0 for none). */
int auth_delay_for(int failures);

/* Seconds without a key after which the screen locks: the local setting
 * idle_lock_minutes (default AUTH_IDLE_MINUTES; 0 switches it off). */
#define AUTH_IDLE_MINUTES 10
int auth_idle_seconds(struct session *s);

/* A demo or training database: --user may pick anyone. Set only by
 * knudepunkt demo or init --demo on a database without users. */
bool auth_is_demo(struct session *s);

#endif
