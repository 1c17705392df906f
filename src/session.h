/* A session: the open database and the acting user. Every core function
 * takes one; it holds the detail of the last failure for the caller to show.
 * Ownership: the session owns db and user. */
#ifndef KP_SESSION_H
#define KP_SESSION_H

#include "db/db.h"
#include "db/user_store.h"
#include "src/status.h"

#include <stdbool.h>
#include <stddef.h>

struct session {
	struct db *db;
	struct user user;          /* acting user; id NULL until session_login */
	bool logged_in;
	char terminal[64];         /* tty name or "-" */
	char msg[512];             /* detail of the last failure, translated */
	char *pending_search;      /* search text not yet in the audit trail */
	int pending_rows;          /* (see audit_note_search) */
	struct refdata_cache *refs; /* reference data held for a bulk run, or NULL
				       (see refdata_cache_begin) */
	struct db_mark user_mark;  /* the database when the user was last found
				      current (session_user_current) */
};

/* Opens (creating when asked) and migrates the database. NULL on failure,
 * with the reason in err. */
struct session *session_open(const char *path, bool create, char *err, size_t errlen);
/* The same with db_open flags (DB_OPEN_SHARED for a set-group-ID install). */
struct session *session_open_flags(const char *path, int flags, char *err, size_t errlen);
void session_close(struct session *s);         /* accepts NULL */

/* Makes login the acting user (must exist and be active). */
enum kp_status session_login(struct session *s, const char *login);

/* Makes u (moved in; u is zeroed) the acting user. What the previous user
 * did is settled first: a noted search is written in their name. */
void session_set_user(struct session *s, struct user *u);
/* Is the acting user still as it logged in: there, active, with the same
 * role, home location and location scope? False (with the message) when
 * an administrator, here or at another site by sync, deactivated it or
 * changed its rights meanwhile: a long-running session (the screens)
 * then ends rather than act on rights it no longer has. */
bool session_user_current(struct session *s);

/* Records a failure: sets msg from fmt (already translated) and returns st. */
enum kp_status session_fail(struct session *s, enum kp_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for a database error: msg names what failed and SQLite's reason. */
enum kp_status session_db_fail(struct session *s, const char *what);
const char *session_message(const struct session *s);

/* The default database path: KNUDEPUNKT_DB, else
 * $XDG_DATA_HOME/knudepunkt/knudepunkt.db (creating the folder 0700).
 * Caller frees. */
char *session_default_path(void);

#endif
