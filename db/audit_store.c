/* audit rows. Appends only; nothing here updates or deletes. */
#include "db/audit_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdlib.h>

void audit_entry_finish(struct audit_entry *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->at);
	free(e->user_id);
	free(e->terminal);
	free(e->action);
	free(e->tbl);
	free(e->row_id);
	free(e->detail);
	*e = (struct audit_entry){ 0 };
}

bool audit_store_append(struct db *db, const struct audit_entry *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit (id, at, user_id, terminal, action, tbl, "
				       "row_id, detail) VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->user_id ? e->user_id : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->terminal ? e->terminal : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->tbl ? e->tbl : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->row_id ? e->row_id : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->detail ? e->detail : "", -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int audit_store_for_row(struct db *db, const char *row_id, struct audit_entry **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, at, user_id, terminal, action, tbl, row_id, detail "
				       "FROM audit WHERE row_id = ? ORDER BY at, id");
	int n = 0, cap = 8, rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, row_id, -1, SQLITE_STATIC);
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct audit_entry *e = &(*out)[n++];
		e->id = db_col_dup(st, 0);
		e->at = db_col_dup(st, 1);
		e->user_id = db_col_dup(st, 2);
		e->terminal = db_col_dup(st, 3);
		e->action = db_col_dup(st, 4);
		e->tbl = db_col_dup(st, 5);
		e->row_id = db_col_dup(st, 6);
		e->detail = db_col_dup(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the audit trail");
		audit_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

void audit_list_free(struct audit_entry *list, int n)
{
	for (int i = 0; i < n; i++)
		audit_entry_finish(&list[i]);
	free(list);
}
