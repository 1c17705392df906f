/* Connection management. Invariants: a database we open carries our
 * application_id; its user_version is the number of migrations applied;
 * migrations run in one transaction; a newer schema is never touched. */
#include "db/db_internal.h"
#include "db/migrations.h"
#include "src/i18n.h"
#include "db/sync_store.h"
#include "src/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void db_set_error(struct db *db, const char *what)
{
	snprintf(db->errmsg, sizeof db->errmsg, "%s: %s", what, sqlite3_errmsg(db->h));
}

const char *db_errmsg(struct db *db)
{
	return db->errmsg;
}

const char *db_path(struct db *db)
{
	return db->path;
}

int db_code_version(void)
{
	return db_migration_count;
}

static int pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	DB_WRITER_WAIT(db);
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

bool db_changed_since(struct db *db, const struct db_mark *mark, struct db_mark *now)
{
	/* data_version moves when another connection commits, total_changes
	 * when this one writes; reading them touches no table */
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");

	now->other = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		now->other = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	now->own = sqlite3_total_changes64(db->h);
	return now->other < 0 || now->other != mark->other || now->own != mark->own;
}

int db_schema_version(struct db *db)
{
	return pragma_int(db, "PRAGMA user_version");
}

bool db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	DB_WRITER_WAIT(db);
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s", msg ? msg : "unknown error");
		sqlite3_free(msg);
		return false;
	}
	return true;
}

/* Creates the file with mode 0600 before SQLite sees it, so the database
 * (and its -wal and -shm, which SQLite gives the same mode) is private. */
static bool create_private(const char *path, mode_t mode, char *err, size_t errlen)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0) {
		snprintf(err, errlen, _("cannot create database %s: %s"), path, strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

static int count_user_tables(struct db *db)
{
	return pragma_int(db, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'");
}

static bool migrate(struct db *db, char *err, size_t errlen)
{
	int have = db_schema_version(db);

	if (have < 0) {
		snprintf(err, errlen, _("cannot read the schema version of %s: %s"), db->path,
			 sqlite3_errmsg(db->h));
		return false;
	}
	if (have > db_migration_count) {
		snprintf(err, errlen,
			 _("database %s has schema version %d, newer than this program knows (%d); "
			   "use a newer knudepunkt (the database was not changed)"),
			 db->path, have, db_migration_count);
		return false;
	}
	if (have == db_migration_count)
		return true;
	if (!db_exec(db, "BEGIN IMMEDIATE")) {
		snprintf(err, errlen, _("cannot start migration: %s"), db->errmsg);
		return false;
	}
	for (int i = have; i < db_migration_count; i++) {
		if (!db_exec(db, db_migrations[i].sql)) {
			snprintf(err, errlen, _("migration %04d_%s failed: %s"), db_migrations[i].version,
				 db_migrations[i].name, db->errmsg);
			db_exec(db, "ROLLBACK");
			return false;
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
		 db_migration_count, DB_APPLICATION_ID);
	if (!db_exec(db, sql) || !db_exec(db, "COMMIT")) {
		snprintf(err, errlen, _("cannot finish migration: %s"), db->errmsg);
		db_exec(db, "ROLLBACK");
		return false;
	}
	return true;
}

static bool check_identity(struct db *db, char *err, size_t errlen)
{
	int app = pragma_int(db, "PRAGMA application_id");

	if (app == DB_APPLICATION_ID)
		return true;
	if (app == 0 && db_schema_version(db) == 0 && count_user_tables(db) == 0)
		return true;  /* empty: ours to initialise */
	snprintf(err, errlen, _("%s is not a Knudepunkt database (it was not changed)"), db->path);
	return false;
}

struct db *db_open(const char *path, int flags, char *err, size_t errlen)
{
	struct db *db = xcalloc(1, sizeof *db);
	struct stat sb;
	int oflags = SQLITE_OPEN_NOMUTEX;
	int rc;

	db->path = xstrdup(path);
	if (lstat(path, &sb) != 0) {
		if (errno != ENOENT) {   /* not "missing": say what stopped us */
			snprintf(err, errlen, _("cannot open database %s: %s"), path, strerror(errno));
			goto fail;
		}
		if (!(flags & DB_OPEN_CREATE) || (flags & DB_OPEN_READONLY)) {
			snprintf(err, errlen, _("database %s does not exist"), path);
			goto fail;
		}
		/* a set-group-ID install shares the file with its group (0660) */
		if (!create_private(path, (flags & DB_OPEN_SHARED) ? 0660 : 0600, err, errlen))
			goto fail;
	} else if (S_ISLNK(sb.st_mode)) {
		snprintf(err, errlen, _("%s is a symbolic link; name the database itself"), path);
		goto fail;
	} else if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, _("%s is not a regular file"), path);
		goto fail;
	}
	oflags |= (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	oflags |= SQLITE_OPEN_NOFOLLOW;   /* no symbolic link to the database */
	rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, _("cannot open database %s: %s"), path,
			 db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_create_collation(db->h, "da", SQLITE_UTF8, NULL, db_collate_da);
	if (!db_register_search(db->h)) {
		snprintf(err, errlen, "cannot register the search functions: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if (pragma_int(db, "PRAGMA schema_version") < 0) {
		snprintf(err, errlen, _("%s is not a database: %s"), path, sqlite3_errmsg(db->h));
		goto fail;
	}
	if (!check_identity(db, err, errlen))
		goto fail;
	if (!sync_store_attach(db)) {
		snprintf(err, errlen, "cannot set up sync functions: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if (!(flags & DB_OPEN_READONLY)) {
		if (!db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
				 /* freed pages are zeroed: erased data leaves no trace */
				 "PRAGMA secure_delete = ON;"
				 /* reads through a memory map and a 32 MB page cache, so
				  * random look-ups in a national-size database cost no
				  * read() each (make bench); the map covers the whole
				  * 1.2 GB benchmark database (address space, not memory) */
				 "PRAGMA mmap_size = 2147483648; PRAGMA cache_size = -32768;"
				 "PRAGMA foreign_keys = ON")) {
			snprintf(err, errlen, _("cannot set up %s: %s"), path, db->errmsg);
			goto fail;
		}
		if (!migrate(db, err, errlen))
			goto fail;
	} else if (db_schema_version(db) > db_migration_count) {
		snprintf(err, errlen, _("database %s has schema version %d, newer than this program knows (%d)"),
			 path, db_schema_version(db), db_migration_count);
		goto fail;
	}
	if (!sync_store_prepare(db, err, errlen))
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < DB_STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i].stmt);
	if (db->h)
		sqlite3_close_v2(db->h);
	sync_store_detach(db);
	free(db->path);
	free(db);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	size_t h = ((size_t)sql >> 3) % DB_STMT_CACHE;

	DB_WRITER_WAIT(db);
	for (int probe = 0; probe < DB_STMT_CACHE; probe++) {
		size_t i = (h + (size_t)probe) % DB_STMT_CACHE;

		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].stmt);
			sqlite3_clear_bindings(db->cache[i].stmt);
			return db->cache[i].stmt;
		}
		if (!db->cache[i].sql) {
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
					       &db->cache[i].stmt, NULL) != SQLITE_OK) {
				db_set_error(db, "cannot prepare statement");
				db->cache[i].stmt = NULL;
				return NULL;
			}
			db->cache[i].sql = sql;
			return db->cache[i].stmt;
		}
	}
	die("statement cache full");
}

bool db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_set_error(db, "write failed");
		sqlite3_reset(st);
		return false;
	}
	sqlite3_reset(st);
	return true;
}

int db_collect(struct db *db, sqlite3_stmt *st, size_t elem_size,
	       void (*read)(sqlite3_stmt *st, void *elem), void (*release)(void *elem),
	       void **out, const char *what)
{
	size_t cap = 16;
	char *arr = xcalloc(cap, elem_size);
	int n = 0, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)n == cap) {
			arr = xrealloc(arr, cap * 2 * elem_size);
			memset(arr + cap * elem_size, 0, cap * elem_size);
			cap *= 2;
		}
		read(st, arr + (size_t)n++ * elem_size);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, what);
		for (int i = 0; i < n; i++)
			release(arr + (size_t)i * elem_size);
		free(arr);
		*out = NULL;
		return -1;
	}
	*out = arr;
	return n;
}

static void read_string(sqlite3_stmt *st, void *elem)
{
	*(char **)elem = db_col_dup(st, 0);
}

static void release_string(void *elem)
{
	free(*(char **)elem);
}

int db_collect_strings(struct db *db, sqlite3_stmt *st, char ***out, const char *what)
{
	return db_collect(db, st, sizeof **out, read_string, release_string, (void **)out, what);
}

void db_strings_free(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int db_get_one(struct db *db, sqlite3_stmt *st, void (*read)(sqlite3_stmt *st, void *elem),
	       void *out, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		read(st, out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, what);
		return -1;
	}
	return rc == SQLITE_ROW;
}

int db_exists(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, what);
		return -1;
	}
	return rc == SQLITE_ROW;
}

char *db_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return xstrdup(t ? (const char *)t : "");
}

char *db_col_dup_or_null(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	return db_col_dup(st, col);
}

void db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

bool db_begin(struct db *db)
{
	bool ok = db->tx_depth == 0 ? db_exec(db, "BEGIN IMMEDIATE") : db_exec(db, "SAVEPOINT kp_nested");

	if (!ok)
		return false;
	db->tx_depth++;
	return true;
}

bool db_commit(struct db *db)
{
	if (db->tx_depth <= 0)
		die("db_commit without db_begin");
	if (db->tx_depth > 1) {
		db->tx_depth--;
		return db_exec(db, "RELEASE kp_nested");
	}
	if (!db_exec(db, "COMMIT")) {
		char msg[sizeof db->errmsg];

		memcpy(msg, db->errmsg, sizeof msg);
		db_exec(db, "ROLLBACK");
		memcpy(db->errmsg, msg, sizeof msg);
		db->tx_depth = 0;
		return false;
	}
	db->tx_depth = 0;
	return true;
}

void db_rollback(struct db *db)
{
	char msg[sizeof db->errmsg];

	if (db->tx_depth <= 0)
		return;
	memcpy(msg, db->errmsg, sizeof msg);
	sync_store_forget_cache(db);
	if (db->tx_depth > 1)
		db_exec(db, "ROLLBACK TO kp_nested; RELEASE kp_nested");
	else
		db_exec(db, "ROLLBACK");
	memcpy(db->errmsg, msg, sizeof msg);
	db->tx_depth--;
}

int db_tx_depth(struct db *db)
{
	return db->tx_depth;
}

static bool report_rows(struct db *db, const char *sql, const char *ok_value,
			void (*report)(void *, const char *), void *ctx)
{
	sqlite3_stmt *st;
	bool clean = true;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_set_error(db, sql);
		report(ctx, db->errmsg);
		return false;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		char line[512];

		if (ok_value && v && strcmp(v, ok_value) == 0)
			continue;
		if (!ok_value) {
			snprintf(line, sizeof line, "foreign key violation in %s (rowid %lld, parent %s)",
				 v ? v : "?", sqlite3_column_int64(st, 1),
				 (const char *)sqlite3_column_text(st, 2));
			report(ctx, line);
		} else {
			report(ctx, v ? v : "integrity_check returned NULL");
		}
		clean = false;
	}
	sqlite3_finalize(st);
	return clean;
}

bool db_check(struct db *db, void (*report)(void *, const char *), void *ctx)
{
	bool ok = report_rows(db, "PRAGMA integrity_check", "ok", report, ctx);
	int have = db_schema_version(db);
	char line[128];

	ok = report_rows(db, "PRAGMA foreign_key_check", NULL, report, ctx) && ok;
	if (have != db_migration_count) {
		snprintf(line, sizeof line, "schema version %d, expected %d", have, db_migration_count);
		report(ctx, line);
		ok = false;
	}
	if (pragma_int(db, "PRAGMA application_id") != DB_APPLICATION_ID) {
		report(ctx, "application_id is not Knudepunkt's");
		ok = false;
	}
	if (have == db_migration_count)
		ok = sync_store_check(db, report, ctx) && ok;
	return ok;
}

char *db_setting_get(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM setting WHERE key = ?");
	char *v = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = db_col_dup(st, 0);
	sqlite3_reset(st);
	return v;
}

bool db_setting_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO setting(key, value) VALUES (?, ?) "
				       "ON CONFLICT(key) DO UPDATE SET value = excluded.value");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
