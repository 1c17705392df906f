/* import_batch and import_item rows, and the "built on since" queries
 * that decide whether a batch can still be reverted. */
#include "db/db_internal.h"
#include "db/import_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define BATCH_COLS "id, kind, file_name, encoding, delimiter, created, updated, unchanged, " \
	"rejected, created_at, created_by, reverted_at, reverted_by"

void import_batch_finish(struct import_batch *b)
{
	if (!b)
		return;
	free(b->id);
	free(b->kind);
	free(b->file_name);
	free(b->encoding);
	free(b->delimiter);
	free(b->created_at);
	free(b->created_by);
	free(b->reverted_at);
	free(b->reverted_by);
	*b = (struct import_batch){ 0 };
}

void import_batch_list_free(struct import_batch *list, int n)
{
	for (int i = 0; i < n; i++)
		import_batch_finish(&list[i]);
	free(list);
}

static void item_finish(struct import_item *it)
{
	free(it->id);
	free(it->batch_id);
	free(it->tbl);
	free(it->row_id);
	free(it->action);
	free(it->field);
	free(it->old_value);
	free(it->new_value);
}

void import_item_list_free(struct import_item *list, int n)
{
	for (int i = 0; i < n; i++)
		item_finish(&list[i]);
	free(list);
}

static void read_batch(sqlite3_stmt *st, struct import_batch *b)
{
	b->id = db_col_dup(st, 0);
	b->kind = db_col_dup(st, 1);
	b->file_name = db_col_dup(st, 2);
	b->encoding = db_col_dup(st, 3);
	b->delimiter = db_col_dup(st, 4);
	b->created = (long)sqlite3_column_int64(st, 5);
	b->updated = (long)sqlite3_column_int64(st, 6);
	b->unchanged = (long)sqlite3_column_int64(st, 7);
	b->rejected = (long)sqlite3_column_int64(st, 8);
	b->created_at = db_col_dup(st, 9);
	b->created_by = db_col_dup(st, 10);
	b->reverted_at = db_col_dup_or_null(st, 11);
	b->reverted_by = db_col_dup_or_null(st, 12);
}

bool import_store_batch_insert(struct db *db, const struct import_batch *b)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO import_batch (" BATCH_COLS ") "
				       "VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,NULL)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, b->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b->file_name ? b->file_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, b->encoding ? b->encoding : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, b->delimiter ? b->delimiter : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, b->created);
	sqlite3_bind_int64(st, 7, b->updated);
	sqlite3_bind_int64(st, 8, b->unchanged);
	sqlite3_bind_int64(st, 9, b->rejected);
	sqlite3_bind_text(st, 10, b->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, b->created_by, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool import_store_batch_counts(struct db *db, const struct import_batch *b)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE import_batch SET created = ?, updated = ?, "
				       "unchanged = ?, rejected = ? WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, b->created);
	sqlite3_bind_int64(st, 2, b->updated);
	sqlite3_bind_int64(st, 3, b->unchanged);
	sqlite3_bind_int64(st, 4, b->rejected);
	sqlite3_bind_text(st, 5, b->id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool import_store_batch_reverted(struct db *db, const char *id, const char *at, const char *by)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE import_batch SET reverted_at = ?, reverted_by = ? "
				       "WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int import_store_batch_get(struct db *db, const char *id, struct import_batch *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " BATCH_COLS " FROM import_batch WHERE id = ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_batch(st, out);
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_DONE)
		db_set_error(db, "cannot read import batches");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int import_store_batch_list(struct db *db, int limit, struct import_batch **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " BATCH_COLS " FROM import_batch "
				       "ORDER BY created_at DESC, id DESC LIMIT ?");
	int n = 0, cap = 0, rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		memset(&(*out)[n], 0, sizeof **out);
		read_batch(st, &(*out)[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read import batches");
		import_batch_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

bool import_store_item_insert(struct db *db, const struct import_item *it)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO import_item (id, batch_id, tbl, row_id, "
				       "action, field, old_value, new_value) VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, it->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->batch_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, it->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, it->row_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, it->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, it->field ? it->field : "", -1, SQLITE_STATIC);
	if (it->old_value)
		sqlite3_bind_text(st, 7, it->old_value, -1, SQLITE_STATIC);
	if (it->new_value)
		sqlite3_bind_text(st, 8, it->new_value, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int import_store_items(struct db *db, const char *batch_id, struct import_item **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, batch_id, tbl, row_id, action, field, "
				       "old_value, new_value FROM import_item WHERE batch_id = ? "
				       "ORDER BY rowid");
	int n = 0, cap = 0, rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, batch_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct import_item *it = &(*out)[n++];
		it->id = db_col_dup(st, 0);
		it->batch_id = db_col_dup(st, 1);
		it->tbl = db_col_dup(st, 2);
		it->row_id = db_col_dup(st, 3);
		it->action = db_col_dup(st, 4);
		it->field = db_col_dup(st, 5);
		it->old_value = db_col_dup_or_null(st, 6);
		it->new_value = db_col_dup_or_null(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read import items");
		import_item_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

static long count_query(struct db *db, sqlite3_stmt *st)
{
	long n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		db_set_error(db, "cannot count");
	sqlite3_reset(st);
	return n;
}

long import_store_company_cases(struct db *db, const char *company_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM case_file WHERE company_id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	return count_query(db, st);
}

long import_store_foreign_contacts(struct db *db, const char *company_id, const char *batch_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM contact c WHERE c.company_id = ? "
				       "AND NOT EXISTS (SELECT 1 FROM import_item i WHERE "
				       "i.row_id = c.id AND i.batch_id = ? AND i.action = 'created')");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, batch_id, -1, SQLITE_STATIC);
	return count_query(db, st);
}

long import_store_row_writes_since(struct db *db, const char *row_id, const char *since)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM audit WHERE row_id = ? AND at >= ? "
				       "AND action NOT LIKE 'import.%' AND action NOT LIKE '%.read' "
				       "AND action NOT LIKE '%.view' AND action NOT LIKE '%.export' "
				       "AND action NOT LIKE '%.search'");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, row_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	return count_query(db, st);
}
