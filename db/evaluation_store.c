/* evaluation rows: appended, listed per case, counted per scope. Nothing
 * here updates or deletes (the table is append-only and merged as a union). */
#include "db/db_internal.h"
#include "db/evaluation_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

void evaluation_finish(struct evaluation *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->case_id);
	free(e->effect);
	free(e->answered);
	free(e->comment);
	free(e->created_at);
	free(e->created_by);
	*e = (struct evaluation){ 0 };
}

void evaluation_list_free(struct evaluation *list, int n)
{
	for (int i = 0; i < n; i++)
		evaluation_finish(&list[i]);
	free(list);
}

bool evaluation_store_insert(struct db *db, const struct evaluation *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO evaluation (id, case_id, recommend, effect, "
				       "answered, comment, created_at, created_by) "
				       "VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->case_id, -1, SQLITE_STATIC);
	if (e->recommend >= 0)
		sqlite3_bind_int(st, 3, e->recommend);
	else
		sqlite3_bind_null(st, 3);
	db_bind_text_or_null(st, 4, e->effect);
	sqlite3_bind_text(st, 5, e->answered, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->comment ? e->comment : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->created_by, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_evaluation(sqlite3_stmt *st, void *elem)
{
	struct evaluation *e = elem;

	e->id = db_col_dup(st, 0);
	e->case_id = db_col_dup(st, 1);
	e->recommend = sqlite3_column_int(st, 2);
	e->effect = db_col_dup_or_null(st, 3);
	e->answered = db_col_dup(st, 4);
	e->comment = db_col_dup(st, 5);
	e->created_at = db_col_dup(st, 6);
	e->created_by = db_col_dup(st, 7);
}

static void release_evaluation(void *elem)
{
	evaluation_finish(elem);
}

int evaluation_store_list(struct db *db, const char *case_id, struct evaluation **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, case_id, coalesce(recommend, -1), effect, "
				       "answered, comment, created_at, created_by FROM evaluation "
				       "WHERE case_id = ? ORDER BY answered, created_at, id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_evaluation, release_evaluation, (void **)out,
			  "cannot read evaluations");
}

bool evaluation_store_count(struct db *db, const struct eval_scope *sc, struct eval_counts *out)
{
	/* one row per (recommend, effect) pair: at most 12 x 4 rows */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT coalesce(e.recommend, -1), coalesce(e.effect, ''), count(*) "
		"FROM evaluation e INDEXED BY evaluation_period "
		"JOIN case_file c INDEXED BY case_file_scope ON c.id = e.case_id "
		"WHERE e.answered >= ?1 AND e.answered < ?2 "
		"AND (?3 IS NULL OR c.location IN (SELECT key FROM location WHERE house = ?3)) "
		"AND (?4 IS NULL OR instr(',' || ?4 || ',', ',' || c.location || ',') > 0) "
		"GROUP BY 1, 2");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sc->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sc->to, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, sc->house);
	db_bind_text_or_null(st, 4, sc->location);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int score = sqlite3_column_int(st, 0);
		const char *effect = (const char *)sqlite3_column_text(st, 1);
		int n = sqlite3_column_int(st, 2);

		if (score >= 0 && score <= 10)
			out->score[score] += n;
		if (strcmp(effect, "yes") == 0)
			out->yes += n;
		else if (strcmp(effect, "no") == 0)
			out->no += n;
		else if (strcmp(effect, "dont_know") == 0)
			out->dont_know += n;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot count evaluations");
		return false;
	}
	return true;
}
