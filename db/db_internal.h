/* Shared by the files of db/ only: the connection struct and statement
 * helpers. Nothing outside db/ includes this. */
#ifndef KP_DB_INTERNAL_H
#define KP_DB_INTERNAL_H

#include "db/db.h"

#include <sqlite3.h>

#define DB_STMT_CACHE 128

struct sync_conn;

struct db {
	sqlite3 *h;
	struct sync_conn *sync;   /* db/sync_store.c */
	char *path;
	int tx_depth;
	/* what a bulk import (db/import_store.c) changed and gives back */
	sqlite3_int64 bulk_cache_size, bulk_temp_cache_size, bulk_threads;
	/* its staging writer thread while one runs: every statement of this
	 * thread waits until the writer has finished its batch */
	struct stage_writer *writer;
	char errmsg[512];
	struct {
		const char *sql;   /* key: the literal's address */
		sqlite3_stmt *stmt;
	} cache[DB_STMT_CACHE];
};

/* Waits until a bulk import's staging writer (db/import_store.c) is not
 * using the connection; only for db->writer set. */
void import_store_writer_wait(struct db *db);
#define DB_WRITER_WAIT(db) do { if ((db)->writer) import_store_writer_wait(db); } while (0)

/* A cached prepared statement for a string literal, reset and unbound.
 * Returns NULL (and sets errmsg) if it does not prepare. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);
void db_set_error(struct db *db, const char *what);

/* Column helpers: never NULL; the copy is caller-freed. */
char *db_col_dup(sqlite3_stmt *st, int col);
char *db_col_dup_or_null(sqlite3_stmt *st, int col);
void db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);

/* Steps st to the end, appending one element of elem_size bytes per row to
 * a growing array filled by read(st, elem). *out is the array (caller
 * frees it and its elements). Returns the count, or -1 on error (then the
 * elements read so far are released with release(elem), *out is NULL and
 * errmsg says what). st is reset either way. */
int db_collect(struct db *db, sqlite3_stmt *st, size_t elem_size,
	       void (*read)(sqlite3_stmt *st, void *elem), void (*release)(void *elem),
	       void **out, const char *what);

/* db_collect of the text of column 0, one string per row (never NULL);
 * the caller frees the list with db_strings_free. */
int db_collect_strings(struct db *db, sqlite3_stmt *st, char ***out, const char *what);

/* Steps st once: on a row fills out with read(st, out) and returns 1; 0
 * when there is no row; -1 on error (errmsg says what). st is reset
 * either way. The single-row counterpart of db_collect. */
int db_get_one(struct db *db, sqlite3_stmt *st, void (*read)(sqlite3_stmt *st, void *elem),
	       void *out, const char *what);

/* Steps st once: 1 when it yields a row, 0 when not, -1 on error (errmsg
 * says what). st is reset either way. For "is there such a row" queries. */
int db_exists(struct db *db, sqlite3_stmt *st, const char *what);

/* Runs a statement that returns no rows; true on SQLITE_DONE. */
bool db_step_done(struct db *db, sqlite3_stmt *st);

/* The Danish collation "da" (a-z, then æ ø å, "aa" as å). */
int db_collate_da(void *arg, int alen, const void *a, int blen, const void *b);
void db_fold_name(const char *in, char *out, size_t outlen);

/* Registers the search's helper functions (db/company_search.c). */
bool db_register_search(sqlite3 *h);
/* Fills the search index (company_fts) for the companies above rowid
 * `above`, which must have no index rows yet, as its triggers would
 * (db/company_search.c). For bulk writes that set the triggers aside. */
bool db_search_index_fill(struct db *db, long long above);

#endif
