/* Generated data sets: postcodes, bulk load, SQL capture (bench_store.h).
 * The bulk load keeps the schema's own SQL for what it drops, so the
 * database it leaves has exactly the migrations' indexes and triggers. */
#include "db/bench_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bench_plain_sql;

int bench_postcodes(struct db *db, struct postcode_row **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT postcode, town, municipality_code FROM postcode "
				       "WHERE postcode >= '1000' ORDER BY postcode, municipality_code");
	int n = 0, cap = 256, rc;

	*out = NULL;
	if (!st)
		return -1;
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct postcode_row *p = &(*out)[n++];
		snprintf(p->postcode, sizeof p->postcode, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(p->town, sizeof p->town, "%s", (const char *)sqlite3_column_text(st, 1));
		p->municipality = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot list postcodes");
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

/* The SQL of what a bulk load drops: kept between begin and end. */
static struct {
	char **sql;
	int n;
	bool active;
} saved;

#define LOADED_TABLES "('company', 'contact', 'case_file', 'journal_entry', 'case_event')"

bool bench_load_begin(struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	if (saved.active || !db_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
					 "PRAGMA cache_size = -1000000"))
		return false;
	/* indexes first, triggers after: the order they are recreated in */
	if (sqlite3_prepare_v2(db->h, "SELECT name, type, sql FROM sqlite_schema "
			       "WHERE tbl_name IN " LOADED_TABLES " AND sql IS NOT NULL "
			       "AND type IN ('index', 'trigger') ORDER BY type, name", -1, &st, NULL)
	    != SQLITE_OK) {
		db_set_error(db, "cannot read the schema");
		return false;
	}
	char **drops = NULL;
	int ndrops = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		drops = xrealloc(drops, (size_t)(ndrops + 1) * sizeof *drops);
		drops[ndrops++] = xasprintf("DROP %s %s", (const char *)sqlite3_column_text(st, 1),
					    (const char *)sqlite3_column_text(st, 0));
		saved.sql = xrealloc(saved.sql, (size_t)(saved.n + 1) * sizeof *saved.sql);
		saved.sql[saved.n++] = db_col_dup(st, 2);
	}
	sqlite3_finalize(st);
	bool ok = rc == SQLITE_DONE;
	for (int i = 0; i < ndrops; i++) {
		ok = ok && db_exec(db, drops[i]);
		free(drops[i]);
	}
	free(drops);
	if (!ok)
		return false;
	saved.active = true;
	return db_begin(db);
}

bool bench_load_end(struct db *db)
{
	bool ok = saved.active;

	for (int i = 0; ok && i < saved.n; i++)
		if (strncmp(saved.sql[i], "CREATE INDEX", 12) == 0)
			ok = db_exec(db, saved.sql[i]);
	ok = ok && db_exec(db, "DELETE FROM company_fts") && db_search_index_fill(db, 0);
	for (int i = 0; ok && i < saved.n; i++)
		if (strncmp(saved.sql[i], "CREATE INDEX", 12) != 0)
			ok = db_exec(db, saved.sql[i]);
	ok = ok && db_commit(db);
	if (!ok)
		db_rollback(db);
	for (int i = 0; i < saved.n; i++)
		free(saved.sql[i]);
	free(saved.sql);
	saved.sql = NULL;
	saved.n = 0;
	saved.active = false;
	return db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL") && ok;
}

struct capture {
	char **sql;
	int n;
};

static struct capture capture;

static int on_trace(unsigned type, void *ctx, void *p, void *x)
{
	struct capture *c = ctx;
	char *sql;

	(void)type;
	if (((const char *)x)[0] == '-' && ((const char *)x)[1] == '-')
		return 0;                  /* a trigger's statement */
	sql = sqlite3_expanded_sql(p);
	if (!sql)
		return 0;
	c->sql = xrealloc(c->sql, (size_t)(c->n + 1) * sizeof *c->sql);
	c->sql[c->n++] = xstrdup(sql);
	sqlite3_free(sql);
	return 0;
}

void bench_capture_begin(struct db *db)
{
	capture.sql = NULL;
	capture.n = 0;
	sqlite3_trace_v2(db->h, SQLITE_TRACE_STMT, on_trace, &capture);
}

char **bench_capture_end(struct db *db, int *n)
{
	char **sql = capture.sql;

	sqlite3_trace_v2(db->h, 0, NULL, NULL);
	*n = capture.n;
	capture.sql = NULL;
	capture.n = 0;
	return sql;
}

long bench_run_bare(struct db *db, char *const *sql, int n)
{
	long rows = 0;

	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st;
		int rc;

		if (sqlite3_prepare_v2(db->h, sql[i], -1, &st, NULL) != SQLITE_OK) {
			db_set_error(db, "cannot prepare");
			return -1;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			rows++;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			db_set_error(db, "bare query failed");
			return -1;
		}
	}
	return rows;
}
