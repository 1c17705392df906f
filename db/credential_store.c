/* credential rows. */
#include "db/credential_store.h"
#include "db/db_internal.h"

#include <stdlib.h>

void credential_finish(struct credential *c)
{
	if (!c)
		return;
	free(c->user_id);
	free(c->hash);
	free(c->last_failure);
	free(c->changed_at);
	*c = (struct credential){ 0 };
}

int credential_store_get(struct db *db, const char *user_id, struct credential *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT user_id, hash, failures, last_failure, locked, "
				       "changed_at FROM credential WHERE user_id = ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->user_id = db_col_dup(st, 0);
		out->hash = db_col_dup(st, 1);
		out->failures = sqlite3_column_int(st, 2);
		out->last_failure = db_col_dup_or_null(st, 3);
		out->locked = sqlite3_column_int(st, 4) != 0;
		out->changed_at = db_col_dup(st, 5);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read credentials");
		return -1;
	}
	return 0;
}

bool credential_store_set_hash(struct db *db, const char *user_id, const char *hash,
			       const char *changed_at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO credential (user_id, hash, failures, locked, changed_at) "
				       "VALUES (?1, ?2, 0, 0, ?3) ON CONFLICT(user_id) DO UPDATE SET "
				       "hash = ?2, failures = 0, last_failure = NULL, locked = 0, changed_at = ?3");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, changed_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool credential_store_set_failures(struct db *db, const char *user_id, int failures,
				   const char *last_failure, bool locked)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE credential SET failures = ?, last_failure = ?, locked = ? "
				       "WHERE user_id = ?");

	if (!st)
		return false;
	sqlite3_bind_int(st, 1, failures);
	db_bind_text_or_null(st, 2, last_failure);
	sqlite3_bind_int(st, 3, locked);
	sqlite3_bind_text(st, 4, user_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
