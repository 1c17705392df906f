/* journal_entry rows: inserted, listed, never updated. */
#include "db/db_internal.h"
#include "db/journal_store.h"
#include "src/xalloc.h"

#include <stdlib.h>

void journal_entry_finish(struct journal_entry *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->case_id);
	free(e->kind);
	free(e->occurred);
	free(e->place);
	free(e->participants);
	free(e->summary);
	free(e->author_id);
	free(e->author_name);
	free(e->created_at);
	*e = (struct journal_entry){ 0 };
}

void journal_list_free(struct journal_entry *list, int n)
{
	for (int i = 0; i < n; i++)
		journal_entry_finish(&list[i]);
	free(list);
}

bool journal_store_insert(struct db *db, const struct journal_entry *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO journal_entry (id, case_id, kind, occurred, "
				       "duration_min, place, participants, summary, author_id, created_at) "
				       "VALUES (?,?,?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->occurred, -1, SQLITE_STATIC);
	if (e->duration_min > 0)
		sqlite3_bind_int(st, 5, e->duration_min);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, e->place ? e->place : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->participants ? e->participants : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->summary ? e->summary : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, e->author_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, e->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_entry(sqlite3_stmt *st, void *elem)
{
	struct journal_entry *e = elem;

	e->id = db_col_dup(st, 0);
	e->case_id = db_col_dup(st, 1);
	e->kind = db_col_dup(st, 2);
	e->occurred = db_col_dup(st, 3);
	e->duration_min = sqlite3_column_int(st, 4);
	e->place = db_col_dup(st, 5);
	e->participants = db_col_dup(st, 6);
	e->summary = db_col_dup(st, 7);
	e->author_id = db_col_dup(st, 8);
	e->author_name = db_col_dup(st, 9);
	e->created_at = db_col_dup(st, 10);
}

static void release_entry(void *elem)
{
	journal_entry_finish(elem);
}

int journal_store_list(struct db *db, const char *case_id, struct journal_entry **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.id, j.case_id, j.kind, j.occurred, j.duration_min, "
				       "j.place, j.participants, j.summary, j.author_id, coalesce(u.name, ''), "
				       "j.created_at FROM journal_entry j LEFT JOIN app_user u ON u.id = j.author_id "
				       "WHERE j.case_id = ? ORDER BY j.occurred, j.created_at, j.id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_entry, release_entry, (void **)out,
			  "cannot read the journal");
}

int journal_store_count(struct db *db, const char *case_id, const char *kind)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM journal_entry WHERE case_id = ?1 "
				       "AND (?2 IS NULL OR kind = ?2)");
	int n = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, kind);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}
