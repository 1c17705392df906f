/* Opening, migrating, refusing newer or foreign databases, file mode, and
 * the Danish collation. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void migrates_from_empty(void **state)
{
	char *path = tmpdb_path();
	char err[512];
	struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
	struct stat sb;

	(void)state;
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), db_code_version());
	db_close(db);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* a second open finds it migrated and changes nothing */
	db = db_open(path, 0, err, sizeof err);
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), db_code_version());
	db_close(db);
	tmpdb_remove(path);
	free(path);
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void refuses_newer_schema(void **state)
{
	char *path = tmpdb_path();
	char err[512], sql[64];
	struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);

	(void)state;
	assert_non_null(db);
	db_close(db);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", db_code_version() + 1);
	raw_exec(path, sql);
	db = db_open(path, 0, err, sizeof err);
	assert_null(db);
	assert_non_null(strstr(err, "newer than this program"));
	tmpdb_remove(path);
	free(path);
}

static void refuses_foreign_database(void **state)
{
	char *path = tmpdb_path();
	char err[512];
	struct db *db;

	(void)state;
	raw_exec(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1)");
	db = db_open(path, 0, err, sizeof err);
	assert_null(db);
	assert_non_null(strstr(err, "not a Knudepunkt database"));
	tmpdb_remove(path);
	free(path);
}

static void missing_without_create(void **state)
{
	char err[512];

	(void)state;
	assert_null(db_open("/nonexistent/dir/x.db", 0, err, sizeof err));
	assert_non_null(strstr(err, "does not exist"));
}

static void nested_transactions(void **state)
{
	char *path = tmpdb_path();
	char err[512];
	struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
	char *v;

	(void)state;
	assert_true(db_begin(db));
	assert_true(db_setting_set(db, "a", "1"));
	assert_true(db_begin(db));
	assert_true(db_setting_set(db, "b", "2"));
	db_rollback(db);                           /* undoes b only */
	assert_true(db_commit(db));
	v = db_setting_get(db, "a");
	assert_string_equal(v, "1");
	free(v);
	assert_null(db_setting_get(db, "b"));
	db_close(db);
	tmpdb_remove(path);
	free(path);
}

static int collate(const char *a, const char *b)
{
	extern int db_collate_da(void *, int, const void *, int, const void *);
	return db_collate_da(NULL, (int)strlen(a), a, (int)strlen(b), b);
}

static void danish_order(void **state)
{
	(void)state;
	assert_true(collate("Zealand", "Ærø") < 0);
	assert_true(collate("Ærø", "Ørsted") < 0);
	assert_true(collate("Ørsted", "Århus") < 0);
	assert_true(collate("Ørsted", "Aalborg") < 0);      /* aa sorts as å */
	assert_true(collate("Nygård", "Nygaard") < 0);      /* å spelling first */
	assert_true(collate("abc", "ABD") < 0);             /* case folds */
	assert_int_equal(collate("abc", "abc"), 0);
	assert_true(collate("Bo", "Bø") < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrates_from_empty),
		cmocka_unit_test(refuses_newer_schema),
		cmocka_unit_test(refuses_foreign_database),
		cmocka_unit_test(missing_without_create),
		cmocka_unit_test(nested_transactions),
		cmocka_unit_test(danish_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
