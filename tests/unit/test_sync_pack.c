/* db/sync_pack.c: a row's cells packed in sync_row.cells. Round trips,
 * damaged blobs (every truncation, every byte changed: refused or read,
 * never a crash under ASan), the SQL functions, and migration 0019, which
 * packs the per-field table of older databases. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "db/db_internal.h"
#include "db/migrations.h"
#include "db/sync_internal.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SITE_A "0190a0b0-c0d0-7e0f-8000-00000000000a"
#define SITE_B "0190a0b0-c0d0-7e0f-8000-00000000000b"

static void cell_set(struct cell *c, const char *col, int64_t cl, uint64_t hlc, const char *site,
		     const struct sync_value *v, int64_t seq)
{
	memset(c, 0, sizeof *c);
	c->found = true;
	snprintf(c->col, sizeof c->col, "%s", col);
	c->cl = cl;
	c->hlc = hlc;
	snprintf(c->site, sizeof c->site, "%s", site);
	c->ctx.cap = 4;
	c->ctx.e = xcalloc(c->ctx.cap, sizeof *c->ctx.e);
	sync_ovalue_set(&c->val, v);
	c->seq = seq;
}

static void ctx_add(struct cell *c, const char *site, uint64_t h)
{
	snprintf(c->ctx.e[c->ctx.n].site, sizeof c->ctx.e[0].site, "%s", site);
	c->ctx.e[c->ctx.n++].h = h;
}

/* Five cells covering every value type, contexts of 0-2 sites, the
 * unknown dot's empty site, and numbers that need long varints. */
static struct cell *sample(int *n)
{
	struct cell *c = xcalloc(5, sizeof *c);
	struct sync_value vblob = { .type = SYNC_V_BLOB, .p = (const unsigned char *)"\0\1\2", .n = 3 };
	struct sync_value vint = { .type = SYNC_V_INT, .i = -42 };
	struct sync_value vnull = { .type = SYNC_V_NULL };
	struct sync_value vreal = { .type = SYNC_V_REAL, .r = 2.5 };
	struct sync_value vtext = { .type = SYNC_V_TEXT, .p = (const unsigned char *)"Ærø Å", .n = strlen("Ærø Å") };

	cell_set(&c[0], "blob", 1, 1, SITE_A, &vblob, 1);
	cell_set(&c[1], "count", 3, UINT64_C(0x0190a0b0c0d00001), SITE_B, &vint, INT64_C(1) << 40);
	ctx_add(&c[1], SITE_A, 7);
	ctx_add(&c[1], SITE_B, UINT64_C(0x0190a0b0c0d00001));
	cell_set(&c[2], "gone", 1, 5, "", &vnull, 9);
	cell_set(&c[3], "ratio", 1, 6, SITE_A, &vreal, 10);
	ctx_add(&c[3], SITE_A, 6);
	cell_set(&c[4], "town", 1, 8, SITE_B, &vtext, 11);
	*n = 5;
	return c;
}

static void same_cells(const struct cell *a, const struct cell *b, int n)
{
	for (int i = 0; i < n; i++) {
		assert_string_equal(a[i].col, b[i].col);
		assert_int_equal(a[i].cl, b[i].cl);
		assert_true(a[i].hlc == b[i].hlc);
		assert_string_equal(a[i].site, b[i].site);
		assert_int_equal(a[i].seq, b[i].seq);
		assert_int_equal(a[i].ctx.n, b[i].ctx.n);
		for (size_t k = 0; k < a[i].ctx.n; k++) {
			assert_string_equal(a[i].ctx.e[k].site, b[i].ctx.e[k].site);
			assert_true(a[i].ctx.e[k].h == b[i].ctx.e[k].h);
		}
		assert_int_equal(a[i].val.v.type, b[i].val.v.type);
		assert_true(a[i].val.v.i == b[i].val.v.i);
		assert_true(a[i].val.v.r == b[i].val.v.r);
		assert_int_equal(a[i].val.v.n, b[i].val.v.n);
		if (a[i].val.v.n)
			assert_memory_equal(a[i].val.v.p, b[i].val.v.p, a[i].val.v.n);
	}
}

static void round_trip(void **state)
{
	int n, m;
	int64_t max_seq;
	size_t len;
	struct cell *c = sample(&n), *back;
	unsigned char *blob = sync_pack_cells(c, n, &len, &max_seq);

	(void)state;
	assert_int_equal(max_seq, INT64_C(1) << 40);
	/* two sites named once each: far smaller than five 44-byte contexts */
	if (len >= 240)
		fail_msg("%zu bytes", len);
	assert_true(sync_unpack_cells(blob, len, &back, &m));
	assert_int_equal(m, n);
	same_cells(c, back, n);
	sync_cells_free(back, m);
	/* no blob, an empty one: no cells */
	assert_true(sync_unpack_cells(NULL, 0, &back, &m));
	assert_int_equal(m, 0);
	free(blob);
	sync_cells_free(c, n);
}

static void damaged_blobs_are_refused(void **state)
{
	int n, m, read = 0;
	int64_t max_seq;
	size_t len;
	struct cell *c = sample(&n), *back;
	unsigned char *blob = sync_pack_cells(c, n, &len, &max_seq);
	unsigned char *copy = xmalloc(len);

	(void)state;
	for (size_t cut = 1; cut < len; cut++) {       /* every truncation */
		memcpy(copy, blob, cut);
		assert_false(sync_unpack_cells(copy, cut, &back, &m));
	}
	for (size_t i = 0; i < len; i++)               /* every byte, two ways */
		for (int x = 0; x < 2; x++) {
			memcpy(copy, blob, len);
			copy[i] ^= x ? 0xff : 0x01;
			if (sync_unpack_cells(copy, len, &back, &m)) {
				read++;
				sync_cells_free(back, m);
			}
		}
	/* a changed HLC or value byte still reads; structure bytes do not */
	assert_true(read > 0 && read < (int)(2 * len));
	/* trailing bytes */
	unsigned char *longer = xmalloc(len + 1);
	memcpy(longer, blob, len);
	longer[len] = 0;
	assert_false(sync_unpack_cells(longer, len + 1, &back, &m));
	free(longer);
	/* out of order columns */
	struct cell t = c[0];
	c[0] = c[1];
	c[1] = t;
	free(blob);
	blob = sync_pack_cells(c, n, &len, &max_seq);
	assert_false(sync_unpack_cells(blob, len, &back, &m));
	free(blob);
	free(copy);
	sync_cells_free(c, n);
}

static void sql_functions(void **state)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int n;
	int64_t max_seq;
	size_t len;
	struct cell *c = sample(&n);
	unsigned char *blob = sync_pack_cells(c, n, &len, &max_seq);

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_true(sync_pack_register(h));
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT kp_sync_cell(?1, 'town', 'val'), kp_sync_cell(?1, 'count', 'cl'), "
					      "kp_sync_cell(?1, 'nope', 'cl'), kp_sync_cells_above(?1, 9), "
					      "(SELECT group_concat(value ->> 'col') FROM json_each(kp_sync_cells(?1))), "
					      "kp_sync_cell(x'07', 'town', 'val')", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
	/* the damaged blob in the last column is an error, not a crash */
	assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
	assert_non_null(strstr(sqlite3_errmsg(h), "damaged sync metadata"));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT kp_sync_cell(?1, 'town', 'val'), kp_sync_cell(?1, 'count', 'cl'), "
					      "kp_sync_cell(?1, 'nope', 'cl'), kp_sync_cells_above(?1, 9), "
					      "(SELECT group_concat(value ->> 'col') FROM json_each(kp_sync_cells(?1)))",
					      -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "Ærø Å");
	assert_int_equal(sqlite3_column_int64(st, 1), 3);
	assert_int_equal(sqlite3_column_type(st, 2), SQLITE_NULL);
	assert_int_equal(sqlite3_column_int64(st, 3), 3);     /* seq 2^40, 10, 11 */
	assert_string_equal((const char *)sqlite3_column_text(st, 4), "blob,count,gone,ratio,town");
	sqlite3_finalize(st);
	sqlite3_close(h);
	free(blob);
	sync_cells_free(c, n);
}

static void exec_ok(sqlite3 *h, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

/* A database of schema 18 with cells in the old per-field table opens,
 * migrates, and holds the same cells packed (one row had lost its row
 * record: it gets the unknown dot). */
static void migration_packs_old_cells(void **state)
{
	char *path = tmpdb_path();
	sqlite3 *h;
	char err[256] = "";
	struct db *db;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_create_collation(h, "da", SQLITE_UTF8, NULL, db_collate_da);
	assert_true(db_register_search(h));
	exec_ok(h, "BEGIN");
	for (int i = 0; i < 18; i++)
		exec_ok(h, db_migrations[i].sql);
	exec_ok(h, "INSERT INTO sync_row(tbl, id, cl, hlc, site, ctx, seq) VALUES "
		   "('contact', 'k1', 1, 100, '" SITE_A "', x'', 3);"
		   "INSERT INTO sync_cell(tbl, id, col, cl, hlc, site, ctx, val, seq) VALUES "
		   "('contact', 'k1', 'name', 1, 101, '" SITE_A "', "
		   " CAST('" SITE_A "' AS BLOB) || x'0000000000000065', 'Åse', 4),"
		   "('contact', 'k1', 'email', 1, 102, '" SITE_B "', x'', NULL, 7),"
		   "('contact', 'k2', 'phone', 3, 103, '" SITE_B "', x'', 12345678, 9);"
		   "PRAGMA user_version = 18; COMMIT");
	char app[64];
	snprintf(app, sizeof app, "PRAGMA application_id = %d", DB_APPLICATION_ID);
	exec_ok(h, app);
	sqlite3_close(h);

	db = db_open(path, 0, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	assert_int_equal(sqlite3_prepare_v2(db->h,
		"SELECT id, cl, hlc, site, cseq, kp_sync_cell(cells, 'name', 'val'), "
		"kp_sync_cell(cells, 'name', 'hlc'), kp_sync_cell(cells, 'email', 'seq'), "
		"kp_sync_cell(cells, 'phone', 'val'), cells, "
		"(SELECT count(*) FROM sqlite_schema WHERE name = 'sync_cell') "
		"FROM sync_row ORDER BY id", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "k1");
	assert_int_equal(sqlite3_column_int64(st, 2), 100);
	assert_int_equal(sqlite3_column_int64(st, 4), 7);
	assert_string_equal((const char *)sqlite3_column_text(st, 5), "Åse");
	assert_int_equal(sqlite3_column_int64(st, 6), 101);
	assert_int_equal(sqlite3_column_int64(st, 7), 7);
	assert_int_equal(sqlite3_column_type(st, 8), SQLITE_NULL);
	assert_int_equal(sqlite3_column_int(st, 10), 0);    /* the old table is gone */
	struct cell *cells;
	int n;
	assert_true(sync_unpack_cells(sqlite3_column_blob(st, 9), (size_t)sqlite3_column_bytes(st, 9), &cells, &n));
	assert_int_equal(n, 2);                              /* email, name */
	assert_string_equal(cells[1].col, "name");
	assert_int_equal(cells[1].ctx.n, 1);                 /* the old 44-byte context, parsed */
	assert_string_equal(cells[1].ctx.e[0].site, SITE_A);
	assert_true(cells[1].ctx.e[0].h == 0x65);
	assert_int_equal(cells[0].val.v.type, SYNC_V_NULL);
	sync_cells_free(cells, n);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "k2");
	assert_int_equal(sqlite3_column_int64(st, 1), 3);   /* the cell's cl, unknown dot */
	assert_int_equal(sqlite3_column_int64(st, 2), 0);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "");
	assert_int_equal(sqlite3_column_int64(st, 8), 12345678);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	db_close(db);
	tmpdb_remove(path);
	free(path);
}

static void collect(void *arg, const char *line)
{
	char *buf = arg;

	strncat(buf, line, 1023 - strlen(buf));
	strncat(buf, "\n", 1023 - strlen(buf));
}

/* knudepunkt check reads every row's cells and their newest seq. */
static void check_reports_damaged_metadata(void **state)
{
	char *path = tmpdb_path();
	char err[256] = "", lines[1024] = "";
	struct db *db;

	(void)state;
	db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	assert_true(db_check(db, collect, lines));
	assert_string_equal(lines, "");
	assert_true(db_exec(db, "INSERT INTO sync_row(tbl, id, cl, hlc, site, ctx, seq, cells, cseq) VALUES "
			    "('contact', 'k1', 1, 1, '', x'', 1, x'01ff', 1), "
			    "('contact', 'k2', 1, 1, '', x'', 5, NULL, 2)"));
	assert_false(db_check(db, collect, lines));
	assert_non_null(strstr(lines, "sync metadata of contact k1 is damaged"));
	assert_non_null(strstr(lines, "sync metadata of contact k2: cseq 2, newest change 5"));
	db_close(db);
	tmpdb_remove(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(damaged_blobs_are_refused),
		cmocka_unit_test(sql_functions),
		cmocka_unit_test(migration_packs_old_cells),
		cmocka_unit_test(check_reports_damaged_metadata),
	};

	test_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
