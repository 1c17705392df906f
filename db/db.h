/* The database connection: open (create 0600, pragmas, migrate), refuse a
 * newer schema or a foreign file, nested transactions, and check. Everything
 * that talks to SQLite lives in db/; callers see only these functions and
 * the stores' plain structs. */
#ifndef KP_DB_H
#define KP_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

#define DB_APPLICATION_ID 0x4b4e5550   /* "KNUP" */

enum db_open_flags {
	DB_OPEN_CREATE = 1 << 0,     /* create the file (mode 0600) if missing */
	DB_OPEN_READONLY = 1 << 1,   /* no migrations, no writes */
	DB_OPEN_SHARED = 1 << 2,     /* set-group-ID install: create 0660, and the
				      * folder and file must be no symbolic links */
};

/* Opens and migrates. On failure returns NULL and writes a message to err. */
struct db *db_open(const char *path, int flags, char *err, size_t errlen);
void db_close(struct db *db);                  /* accepts NULL */

/* Whether the database may have changed since mark (another connection's
 * commit or a write of this one); *now is the mark to keep. Cheap enough
 * for every key. A zeroed mark counts as changed. */
struct db_mark {
	int64_t other, own;
};
bool db_changed_since(struct db *db, const struct db_mark *mark, struct db_mark *now);
int db_schema_version(struct db *db);
int db_code_version(void);                     /* newest migration built in */
const char *db_path(struct db *db);            /* borrowed */
const char *db_errmsg(struct db *db);          /* last error, borrowed */

/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints. Every begin must be paired with one commit or rollback. */
bool db_begin(struct db *db);
bool db_commit(struct db *db);
void db_rollback(struct db *db);
int db_tx_depth(struct db *db);

/* Runs integrity_check, foreign_key_check and the schema check; each
 * problem is reported through report(). Returns true when all is well. */
bool db_check(struct db *db, void (*report)(void *ctx, const char *line), void *ctx);

/* Local settings (key/value, not synced). get returns a copy or NULL. */
char *db_setting_get(struct db *db, const char *key);
bool db_setting_set(struct db *db, const char *key, const char *value);

/* Runs a statement with no result for maintenance (checkpoint, vacuum);
 * used by the CLI and tests. */
bool db_exec(struct db *db, const char *sql);
/* Frees a list of n strings as the stores return them (NULL, 0 is fine). */
void db_strings_free(char **list, int n);

#endif
