/* target rows. One row per (house, location, year, metric) is kept at
 * entry; a merge of two offline sites may still bring two, and then the
 * newest set_at (ties: the greater id) is the target everywhere. */
#include "db/db_internal.h"
#include "db/target_store.h"
#include "src/xalloc.h"

#include <stdlib.h>

void target_finish(struct target *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->house);
	free(t->location);
	free(t->metric);
	free(t->set_at);
	free(t->set_by);
	*t = (struct target){ 0 };
}

void target_list_free(struct target *list, int n)
{
	for (int i = 0; i < n; i++)
		target_finish(&list[i]);
	free(list);
}

/* The id and value of the newest row of the key: 1 found, 0 not, -1 error. */
static int find_row(struct db *db, const struct target *t, char **id, double *value)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, value FROM target WHERE year = ?1 AND house = ?2 "
				       "AND location IS ?3 AND metric = ?4 "
				       "ORDER BY set_at DESC, id DESC LIMIT 1");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, t->year);
	sqlite3_bind_text(st, 2, t->house, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, t->location);
	sqlite3_bind_text(st, 4, t->metric, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = db_col_dup(st, 0);
		*value = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read targets");
		return -1;
	}
	return rc == SQLITE_ROW;
}

bool target_store_set(struct db *db, const struct target *t, bool *inserted, double *old_value)
{
	char *id = NULL;
	int found = find_row(db, t, &id, old_value);
	sqlite3_stmt *st;
	bool ok;

	if (found < 0)
		return false;
	*inserted = found == 0;
	if (found) {
		st = db_stmt(db, "UPDATE target SET value = ?, set_at = ?, set_by = ? WHERE id = ?");
		if (!st) {
			free(id);
			return false;
		}
		sqlite3_bind_double(st, 1, t->value);
		sqlite3_bind_text(st, 2, t->set_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, t->set_by, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, id, -1, SQLITE_STATIC);
		ok = db_step_done(db, st);
		free(id);
		return ok;
	}
	*old_value = 0;
	st = db_stmt(db, "INSERT INTO target (id, house, location, year, metric, value, set_at, "
			 "set_by) VALUES (?,?,?,?,?,?,?,?)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->house, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, t->location);
	sqlite3_bind_int(st, 4, t->year);
	sqlite3_bind_text(st, 5, t->metric, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 6, t->value);
	sqlite3_bind_text(st, 7, t->set_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, t->set_by, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_target(sqlite3_stmt *st, void *elem)
{
	struct target *t = elem;

	t->id = db_col_dup(st, 0);
	t->house = db_col_dup(st, 1);
	t->location = db_col_dup_or_null(st, 2);
	t->year = sqlite3_column_int(st, 3);
	t->metric = db_col_dup(st, 4);
	t->value = sqlite3_column_double(st, 5);
	t->set_at = db_col_dup(st, 6);
	t->set_by = db_col_dup(st, 7);
}

static void release_target(void *elem)
{
	target_finish(elem);
}

int target_store_list(struct db *db, int year, const char *house, const char *location,
		      struct target **out)
{
	/* the newest row per metric: a window over the (small) rows of the key */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, house, location, year, metric, value, set_at, set_by FROM ("
		" SELECT *, row_number() OVER (PARTITION BY metric ORDER BY set_at DESC, id DESC) rn"
		" FROM target WHERE year = ?1 AND house = ?2 AND location IS ?3) "
		"WHERE rn = 1 ORDER BY metric");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, house, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, location);
	return db_collect(db, st, sizeof **out, read_target, release_target, (void **)out,
			  "cannot read targets");
}
