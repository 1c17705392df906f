/* import_batch and import_item rows, and the "built on since" queries
 * that decide whether a batch can still be reverted. */
#include "db/company_store.h"
#include "db/db_internal.h"
#include "db/import_store.h"
#include "db/sync_store.h"
#include "src/xalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
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

static void read_item(sqlite3_stmt *st, void *elem)
{
	struct import_item *it = elem;

	it->id = db_col_dup(st, 0);
	it->batch_id = db_col_dup(st, 1);
	it->tbl = db_col_dup(st, 2);
	it->row_id = db_col_dup(st, 3);
	it->action = db_col_dup(st, 4);
	it->field = db_col_dup(st, 5);
	it->old_value = db_col_dup_or_null(st, 6);
	it->new_value = db_col_dup_or_null(st, 7);
}

static void release_item(void *elem)
{
	item_finish(elem);
}

int import_store_items(struct db *db, const char *batch_id, struct import_item **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, batch_id, tbl, row_id, action, field, "
				       "old_value, new_value FROM import_item WHERE batch_id = ? "
				       "ORDER BY rowid");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, batch_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_item, release_item, (void **)out,
			  "cannot read import items");
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

long import_store_foreign_contacts(struct db *db, const char *company_id, const char *batch_id,
				   const char *own_contact)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM contact c WHERE c.company_id = ?1 "
				       "AND c.id <> ?3 AND NOT EXISTS (SELECT 1 FROM import_item i "
				       "WHERE i.row_id = c.id AND i.batch_id = ?2 AND i.action = 'created')");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, batch_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, own_contact, -1, SQLITE_STATIC);
	return count_query(db, st);
}

/* The companies the batch created: marked with it (import_batch, from
 * migration 0022), or listed as created in import_item (older batches). */
#define CREATED_COMPANIES_SQL \
	"SELECT id FROM company WHERE import_batch = ?1 UNION " \
	"SELECT row_id FROM import_item WHERE batch_id = ?1 AND tbl = 'company' AND action = 'created'"
/* The contacts listed as created in import_item. */
#define LISTED_CONTACTS_SQL \
	"SELECT row_id FROM import_item WHERE batch_id = ?1 AND tbl = 'contact' AND action = 'created'"

int import_store_created(struct db *db, bool contacts, const char *batch_id, char ***out)
{
	sqlite3_stmt *st = db_stmt(db, contacts ? LISTED_CONTACTS_SQL : CREATED_COMPANIES_SQL);

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, batch_id, -1, SQLITE_STATIC);
	return db_collect_strings(db, st, out, "cannot read what the import created");
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
#define STAGE_CT_COLS "id, company_id, name, role, email, phone, created_at"

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

/* ---- the staging writer ----
 *
 * A staged row is encoded into a batch; a full batch goes to a writer
 * thread, which inserts it into the temporary tables while the importer
 * reads and checks the next rows on its own thread (on two cores the
 * reading and the inserting overlap: make bench). The connection is never
 * used by both: every statement of the importer's thread waits first until
 * the writer has finished its batch (DB_WRITER_WAIT in db/db.c), and the
 * writer uses only its own two statements. A flush writes the rest itself. */

#define STAGE_BATCH_ROWS 2048

enum { V_NULL, V_TEXT, V_INT };

struct stage_buf {
	unsigned char *p;
	size_t len, cap;
	int rows;
};

struct stage_writer {
	sqlite3 *h;
	sqlite3_stmt *ins[2];            /* into import_new_company, import_new_contact */
	struct stage_buf buf[2];
	int fill;                        /* the batch being filled; the other is the writer's */
	bool started, handed, stop, failed;
	char err[256];                   /* the first failure */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;               /* handed or stop changed */
};

static void put(struct stage_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_byte(struct stage_buf *b, int v)
{
	unsigned char c = (unsigned char)v;

	put(b, &c, 1);
}

static void put_text(struct stage_buf *b, const char *s)
{
	if (!s) {
		put_byte(b, V_NULL);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	put_byte(b, V_TEXT);
	put(b, &n, sizeof n);
	put(b, s, n);
}

static void put_int(struct stage_buf *b, int64_t v)
{
	put_byte(b, V_INT);
	put(b, &v, sizeof v);
}

/* Inserts the rows of b; false with err set at the first that fails. */
static bool write_rows(struct stage_writer *w, const struct stage_buf *b, char *err, size_t errlen)
{
	const unsigned char *p = b->p, *end = b->p + b->len;

	while (p < end) {
		sqlite3_stmt *st = w->ins[p[0]];
		int n = p[1];

		p += 2;
		for (int i = 1; i <= n; i++) {
			int tag = *p++;

			if (tag == V_TEXT) {
				uint32_t len;

				memcpy(&len, p, sizeof len);
				p += sizeof len;
				sqlite3_bind_text(st, i, (const char *)p, (int)len, SQLITE_STATIC);
				p += len;
			} else if (tag == V_INT) {
				int64_t v;

				memcpy(&v, p, sizeof v);
				p += sizeof v;
				sqlite3_bind_int64(st, i, v);
			} else {
				sqlite3_bind_null(st, i);
			}
		}
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			snprintf(err, errlen, "%s", sqlite3_errmsg(w->h));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return false;
	}
	return true;
}

static void *writer_main(void *arg)
{
	struct stage_writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->handed && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->handed)
			break;
		struct stage_buf *b = &w->buf[1 - w->fill];
		bool skip = w->failed;
		char err[sizeof w->err] = "";
		pthread_mutex_unlock(&w->mu);
		bool ok = skip || write_rows(w, b, err, sizeof err);
		pthread_mutex_lock(&w->mu);
		if (!ok) {
			w->failed = true;
			memcpy(w->err, err, sizeof err);
		}
		b->len = 0;
		b->rows = 0;
		w->handed = false;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

void import_store_writer_wait(struct db *db)
{
	struct stage_writer *w = db->writer;

	if (!w || !w->started)
		return;
	pthread_mutex_lock(&w->mu);
	while (w->handed)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

/* Writes the batch being filled here, on this thread (the writer is idle). */
static void write_here(struct stage_writer *w)
{
	struct stage_buf *b = &w->buf[w->fill];

	if (b->rows > 0 && !w->failed && !write_rows(w, b, w->err, sizeof w->err))
		w->failed = true;
	b->len = 0;
	b->rows = 0;
}

/* The batch being filled is full: to the writer (started on the first
 * one), or written here when no thread can be started. */
static void hand_over(struct stage_writer *w)
{
	if (!w->started) {
		if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
			write_here(w);
			return;
		}
		w->started = true;
	}
	pthread_mutex_lock(&w->mu);
	while (w->handed)
		pthread_cond_wait(&w->cv, &w->mu);
	w->fill = 1 - w->fill;
	w->handed = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void row_staged(struct stage_writer *w)
{
	if (++w->buf[w->fill].rows >= STAGE_BATCH_ROWS)
		hand_over(w);
}

/* Every staged row written; false (with the error) if one failed. */
static bool writer_sync(struct db *db)
{
	struct stage_writer *w = db->writer;

	if (!w)
		return true;
	import_store_writer_wait(db);
	write_here(w);
	if (w->failed) {
		snprintf(db->errmsg, sizeof db->errmsg, "cannot stage the imported rows: %s", w->err);
		return false;
	}
	return true;
}

static void writer_stop(struct db *db)
{
	struct stage_writer *w = db->writer;

	if (!w)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->mu);
		w->stop = true;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
	}
	for (int i = 0; i < 2; i++) {
		sqlite3_finalize(w->ins[i]);
		free(w->buf[i].p);
	}
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	db->writer = NULL;
}

static bool writer_start(struct db *db)
{
	struct stage_writer *w = xcalloc(1, sizeof *w);
	static const char *const sql[2] = {
		"INSERT INTO temp.import_new_company (" STAGE_CO_COLS ", contacts) VALUES (?1,?2,?3,"
		"?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24)",
		"INSERT INTO temp.import_new_contact (" STAGE_CT_COLS ") VALUES (?,?,?,?,?,?,?)",
	};

	writer_stop(db);                 /* none should be left; never two */
	w->h = db->h;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	db->writer = w;
	for (int i = 0; i < 2; i++)
		if (sqlite3_prepare_v3(db->h, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &w->ins[i],
				       NULL) != SQLITE_OK) {
			db_set_error(db, "cannot prepare the staging of imported rows");
			writer_stop(db);
			return false;
		}
	return true;
}

bool import_store_stage_begin(struct db *db)
{
	char *pragmas;
	bool ok;

	db->bulk_cache_size = pragma_value(db, "PRAGMA main.cache_size", -2000);
	db->bulk_temp_cache_size = pragma_value(db, "PRAGMA temp.cache_size", -2000);
	db->bulk_threads = pragma_value(db, "PRAGMA threads", 0);
	/* up to 512 MiB of page cache, as much for the staged rows (temp:
	 * read back by the move and the search index fill), and a helper
	 * thread for the sorts of the index builds. Changed pages stay in the
	 * cache beyond its size up to 1 GiB (262,145 pages of 4 KiB) before
	 * SQLite writes them out ahead of the commit: a page written early is
	 * read back, and written again if it changes (a second or so of
	 * 1,000,000 rows: make bench). SQLite also reads that number as a
	 * boolean by its low byte, which must not be 0. stage_end gives back
	 * the settings (a spill threshold of 1 is SQLite's own). */
	pragmas = xasprintf("PRAGMA main.cache_size = -524288; PRAGMA temp.cache_size = -524288; "
			    "PRAGMA main.cache_spill = 262145; PRAGMA threads = %lld",
			    db->bulk_threads > 2 ? (long long)db->bulk_threads : 2LL);
	ok = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS import_new_company AS "
			 "SELECT " STAGE_CO_COLS ", '' AS contacts FROM main.company WHERE 0;"
			 "CREATE TEMP TABLE IF NOT EXISTS import_new_contact AS "
			 "SELECT " STAGE_CT_COLS " FROM main.contact WHERE 0;"
			 "DELETE FROM temp.import_new_company; DELETE FROM temp.import_new_contact;") &&
	     db_exec(db, pragmas);
	free(pragmas);
	return ok && writer_start(db);
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

bool import_store_stage_company(struct db *db, const struct company *c, const char *batch_id,
				const char *contact)
{
	struct stage_writer *w = db->writer;
	struct stage_buf *b = &w->buf[w->fill];
	char key[512];

	db_fold_name(s_or(c->name), key, sizeof key);
	put_byte(b, 0);
	put_byte(b, 24);
	put_text(b, s_or(c->name));
	put_text(b, key);
	put_text(b, s_or(c->address));
	put_text(b, s_or(c->postcode));
	put_text(b, s_or(c->town));
	if (c->municipality_code)
		put_int(b, c->municipality_code);
	else
		put_text(b, NULL);
	put_text(b, s_or(c->industry_code));
	put_text(b, c->industry_class && *c->industry_class ? c->industry_class : "DB07");
	put_text(b, s_or(c->size_class));
	if (c->founded_year)
		put_int(b, c->founded_year);
	else
		put_text(b, NULL);
	put_text(b, s_or(c->target_group));
	put_text(b, s_or(c->growth_ambition));
	put_int(b, c->is_prestart);
	put_text(b, c->consent_given);
	put_text(b, s_or(c->consent_scope));
	put_text(b, c->consent_withdrawn);
	put_text(b, c->id);
	put_text(b, c->cvr);
	put_text(b, c->pnumber);
	put_text(b, c->merged_into);
	put_text(b, c->created_at);
	put_text(b, c->created_by);
	put_text(b, batch_id);
	put_text(b, s_or(contact));
	row_staged(w);
	return true;
}

bool import_store_stage_contact(struct db *db, const struct contact *k)
{
	struct stage_writer *w = db->writer;
	struct stage_buf *b = &w->buf[w->fill];

	put_byte(b, 1);
	put_byte(b, 7);
	put_text(b, k->id);
	put_text(b, k->company_id);
	put_text(b, s_or(k->name));
	put_text(b, s_or(k->role));
	put_text(b, s_or(k->email));
	put_text(b, s_or(k->phone));
	put_text(b, k->created_at);
	row_staged(w);
	return true;
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

	if (!writer_sync(db) || !stage_counts(db, false, n))
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
	writer_stop(db);
	char *pragmas = xasprintf("PRAGMA main.cache_size = %lld; PRAGMA temp.cache_size = %lld; "
				  "PRAGMA main.cache_spill = 1; PRAGMA threads = %lld",
				  (long long)db->bulk_cache_size,
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
