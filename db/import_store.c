/* import_batch and import_item rows, and the "built on since" queries
 * that decide whether a batch can still be reverted. */
#include "db/company_store.h"
#include "db/db_internal.h"
#include "db/import_store.h"
#include "db/sync_store.h"
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
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM contact c WHERE c.company_id = ?1 "
				       "AND c.import_batch IS NOT ?2 AND NOT EXISTS (SELECT 1 FROM "
				       "import_item i WHERE i.row_id = c.id AND i.batch_id = ?2 AND "
				       "i.action = 'created')");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, batch_id, -1, SQLITE_STATIC);
	return count_query(db, st);
}

/* The rows of tbl the batch created: marked with it (import_batch), or
 * listed as created in import_item (batches of versions before 0022). */
void import_store_ids_free(char **ids, int n)
{
	for (int i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

#define CREATED_SQL(tbl) \
	"SELECT id FROM " tbl " WHERE import_batch = ?1 UNION " \
	"SELECT row_id FROM import_item WHERE batch_id = ?1 AND tbl = '" tbl "' AND action = 'created'"

int import_store_created(struct db *db, bool contacts, const char *batch_id, char ***out)
{
	sqlite3_stmt *st = db_stmt(db, contacts ? CREATED_SQL("contact") : CREATED_SQL("company"));
	int n = 0, cap = 0, rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, batch_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[n++] = db_col_dup(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read what the import created");
		import_store_ids_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

int import_store_created_by(struct db *db, const char *company_id, const char *batch_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM company WHERE id = ?1 AND "
				       "import_batch = ?2) OR EXISTS (SELECT 1 FROM import_item WHERE "
				       "row_id = ?1 AND batch_id = ?2 AND action = 'created')");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, batch_id, -1, SQLITE_STATIC);
	return (int)count_query(db, st);
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

#define STAGE_CO_COLS "name, name_key, address, postcode, town, municipality_code, " \
	"industry_code, industry_class, size_class, founded_year, target_group, growth_ambition, " \
	"is_prestart, consent_given, consent_scope, consent_withdrawn, id, cvr, pnumber, " \
	"merged_into, created_at, created_by, import_batch"
#define STAGE_CT_COLS "id, company_id, name, role, email, phone, created_at, import_batch"

/* From this many staged companies on, a flush fills the full-text index in
 * one pass instead of through the per-row triggers. */
#define STAGE_BULK_ROWS 2000

static sqlite3_int64 pragma_value(struct db *db, const char *sql, sqlite3_int64 dflt)
{
	sqlite3_stmt *st;
	sqlite3_int64 v = dflt;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return dflt;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

bool import_store_stage_begin(struct db *db)
{
	char *pragmas;
	bool ok;

	db->bulk_cache_size = pragma_value(db, "PRAGMA main.cache_size", -2000);
	db->bulk_temp_cache_size = pragma_value(db, "PRAGMA temp.cache_size", -2000);
	db->bulk_threads = pragma_value(db, "PRAGMA threads", 0);
	/* up to 512 MiB of page cache (fewer spills), as much for the staged
	 * rows (temp: read back by the move and the search index fill), and a
	 * helper thread for the sorts of the index builds; stage_end gives
	 * back the settings */
	pragmas = xasprintf("PRAGMA main.cache_size = -524288; PRAGMA temp.cache_size = -524288; "
			    "PRAGMA threads = %lld",
			    db->bulk_threads > 2 ? (long long)db->bulk_threads : 2LL);
	ok = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS import_new_company AS "
			 "SELECT " STAGE_CO_COLS ", '' AS contacts FROM main.company WHERE 0;"
			 "CREATE TEMP TABLE IF NOT EXISTS import_new_contact AS "
			 "SELECT " STAGE_CT_COLS " FROM main.contact WHERE 0;"
			 "DELETE FROM temp.import_new_company; DELETE FROM temp.import_new_contact;") &&
	     db_exec(db, pragmas);
	free(pragmas);
	return ok;
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

bool import_store_stage_company(struct db *db, const struct company *c, const char *batch_id,
				const char *contact)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO temp.import_new_company (" STAGE_CO_COLS
		", contacts) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
		"?18,?19,?20,?21,?22,?23,?24)");
	char key[512];

	if (!st)
		return false;
	db_fold_name(s_or(c->name), key, sizeof key);
	sqlite3_bind_text(st, 1, s_or(c->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, s_or(c->address), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s_or(c->postcode), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s_or(c->town), -1, SQLITE_STATIC);
	if (c->municipality_code)
		sqlite3_bind_int(st, 6, c->municipality_code);
	sqlite3_bind_text(st, 7, s_or(c->industry_code), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->industry_class && *c->industry_class ? c->industry_class : "DB07",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, s_or(c->size_class), -1, SQLITE_STATIC);
	if (c->founded_year)
		sqlite3_bind_int(st, 10, c->founded_year);
	sqlite3_bind_text(st, 11, s_or(c->target_group), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, s_or(c->growth_ambition), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, c->is_prestart);
	db_bind_text_or_null(st, 14, c->consent_given);
	sqlite3_bind_text(st, 15, s_or(c->consent_scope), -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 16, c->consent_withdrawn);
	sqlite3_bind_text(st, 17, c->id, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 18, c->cvr);
	db_bind_text_or_null(st, 19, c->pnumber);
	db_bind_text_or_null(st, 20, c->merged_into);
	sqlite3_bind_text(st, 21, c->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 22, c->created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 23, batch_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 24, s_or(contact), -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool import_store_stage_contact(struct db *db, const struct contact *k)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO temp.import_new_contact (" STAGE_CT_COLS
				       ") VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, k->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, k->company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s_or(k->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s_or(k->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s_or(k->email), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s_or(k->phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, k->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, k->import_batch, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

/* Schema objects set aside for a bulk move: dropped inside the caller's
 * transaction and created again from their own SQL after it (a rollback
 * or a crash brings them back as they were). */
struct set_aside {
	int n;
	char *name[16], *sql[16];
	bool index[16];
};

static bool set_aside_drop(struct db *db, const char *where, struct set_aside *a)
{
	char *sql = xasprintf("SELECT type, name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL "
			      "AND %s ORDER BY name", where);
	sqlite3_stmt *st;
	bool ok = true;
	int first = a->n;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		free(sql);
		db_set_error(db, "cannot read the schema");
		return false;
	}
	free(sql);
	while (a->n < 16 && sqlite3_step(st) == SQLITE_ROW) {
		a->index[a->n] = strcmp((const char *)sqlite3_column_text(st, 0), "index") == 0;
		a->name[a->n] = db_col_dup(st, 1);
		a->sql[a->n] = db_col_dup(st, 2);
		a->n++;
	}
	sqlite3_finalize(st);
	for (int i = first; ok && i < a->n; i++) {
		char *drop = xasprintf("DROP %s main.\"%s\"", a->index[i] ? "INDEX" : "TRIGGER", a->name[i]);

		ok = db_exec(db, drop);
		free(drop);
	}
	return ok;
}

static bool set_aside_has(const struct set_aside *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			return true;
	return false;
}

/* Indexes first (built once from the whole table), then the triggers. */
static bool set_aside_restore(struct db *db, struct set_aside *a)
{
	bool ok = true;

	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < a->n; i++)
			if (a->index[i] == (pass == 0))
				ok = ok && db_exec(db, a->sql[i]);
	for (int i = 0; i < a->n; i++) {
		free(a->name[i]);
		free(a->sql[i]);
	}
	a->n = 0;
	return ok;
}

static bool stage_counts(struct db *db, bool all, long *n)
{
	sqlite3_stmt *st = all ? db_stmt(db, "SELECT count(*), (SELECT coalesce(max(rowid), 0) FROM "
					     "main.company), (SELECT count(*) FROM main.company) FROM "
					     "temp.import_new_company")
			       : db_stmt(db, "SELECT count(*), 0, 0 FROM temp.import_new_company");
	bool ok;

	if (!st)
		return false;
	ok = sqlite3_step(st) == SQLITE_ROW;
	for (int i = 0; ok && i < 3; i++)
		n[i] = (long)sqlite3_column_int64(st, i);
	if (!ok)
		db_set_error(db, "cannot read the staged companies");
	sqlite3_reset(st);
	return ok;
}

/* What the insert triggers would have written for the new companies (the
 * rows above rowid `above`), in one pass in rowid order. The move gave
 * them the rowids above+1, above+2, ... in staging order, so each staged
 * row finds its company by rowid (the key is compared too) and brings its
 * contact's name: a new company has no other contacts. Should a company
 * not be found so, the index is filled the general way instead. */
static bool fts_fill(struct db *db, long above, long staged)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO company_fts(rowid, name, town, contacts) "
		"SELECT c.rowid, c.name, c.town, s.contacts "
		"FROM temp.import_new_company s JOIN main.company c ON c.rowid = s.rowid + ?1 "
		"AND c.id = s.id ORDER BY s.rowid");

	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, above);
	if (!db_step_done(db, st))
		return false;
	if (sqlite3_changes(db->h) == staged)
		return true;
	st = db_stmt(db, "DELETE FROM company_fts WHERE rowid > ?");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, above);
	return db_step_done(db, st) && db_search_index_fill(db, above);
}

bool import_store_stage_flush(struct db *db)
{
	struct set_aside aside = { 0 };
	long n[3];          /* staged companies; the largest company rowid and the count before */
	bool ok;

	if (!stage_counts(db, false, n))
		return false;
	bool bulk = n[0] >= STAGE_BULK_ROWS;
	if (bulk && !stage_counts(db, true, n))
		return false;
	/* a bulk move sets aside the per-row insert triggers (full-text
	 * index, sync notes) and does their work once for all rows; into a
	 * table smaller than the move, the company indexes are built anew */
	ok = !bulk ||
	     (set_aside_drop(db, "type = 'trigger' AND name IN ('company_fts_ai', 'contact_fts_ai', '"
			     SYNC_INSERT_TRIGGER "company', '" SYNC_INSERT_TRIGGER "contact')", &aside) &&
	      (n[0] < n[2] || set_aside_drop(db, "type = 'index' AND tbl_name = 'company'", &aside)));
	ok = ok && db_exec(db, "INSERT INTO main.company (" STAGE_CO_COLS ") SELECT " STAGE_CO_COLS
			 " FROM temp.import_new_company ORDER BY rowid;"
			 "INSERT INTO main.contact (" STAGE_CT_COLS ") SELECT " STAGE_CT_COLS
			 " FROM temp.import_new_contact ORDER BY rowid");
	if (ok && set_aside_has(&aside, SYNC_INSERT_TRIGGER "company"))
		ok = sync_store_note_inserted(db, "company", "SELECT id FROM temp.import_new_company");
	if (ok && set_aside_has(&aside, SYNC_INSERT_TRIGGER "contact"))
		ok = sync_store_note_inserted(db, "contact", "SELECT id FROM temp.import_new_contact");
	if (ok && set_aside_has(&aside, "company_fts_ai"))
		ok = fts_fill(db, n[1], n[0]);
	if (aside.n > 0)
		ok = set_aside_restore(db, &aside) && ok;
	return ok && db_exec(db, "DELETE FROM temp.import_new_company; DELETE FROM temp.import_new_contact");
}

void import_store_stage_end(struct db *db)
{
	char *pragmas = xasprintf("PRAGMA main.cache_size = %lld; PRAGMA temp.cache_size = %lld; "
				  "PRAGMA threads = %lld", (long long)db->bulk_cache_size,
				  (long long)db->bulk_temp_cache_size, (long long)db->bulk_threads);

	db_exec(db, pragmas);
	free(pragmas);
}

long import_store_cvrs(struct db *db, void (*fn)(void *ctx, const char *cvr), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT cvr FROM company WHERE cvr IS NOT NULL");
	long n = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(ctx, (const char *)sqlite3_column_text(st, 0));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read companies");
		return -1;
	}
	return n;
}

bool import_store_delete_evaluation(struct db *db, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM evaluation WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
