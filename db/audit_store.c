/* audit and audit_key rows. Appends only to audit; the triggers of
 * migration 0003 refuse UPDATE and DELETE there. */
#include "db/audit_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void audit_entry_finish(struct audit_entry *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->at);
	free(e->user_id);
	free(e->terminal);
	free(e->action);
	free(e->tbl);
	free(e->row_id);
	free(e->detail);
	free(e->origin);
	free(e->prev_hash);
	free(e->hash);
	free(e->key_subject);
	free(e->secret);
	free(e->user_login);
	*e = (struct audit_entry){ 0 };
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

bool audit_store_append(struct db *db, const struct audit_entry *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit (id, at, user_id, terminal, action, tbl, "
				       "row_id, detail, origin, seq, prev_hash, hash, key_subject, secret) "
				       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, nz(e->user_id), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, nz(e->terminal), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, nz(e->tbl), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, nz(e->row_id), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, nz(e->detail), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, nz(e->origin), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, e->seq);
	sqlite3_bind_text(st, 11, nz(e->prev_hash), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, nz(e->hash), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, nz(e->key_subject), -1, SQLITE_STATIC);
	if (e->secret && e->secret_len)
		sqlite3_bind_blob(st, 14, e->secret, (int)e->secret_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 14);
	return db_step_done(db, st);
}

int audit_store_last(struct db *db, const char *origin, long long *seq, char hash[AUDIT_HASH_LEN])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT seq, hash FROM audit WHERE origin = ? "
				       "ORDER BY seq DESC LIMIT 1");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(st, 1);
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, AUDIT_HASH_LEN, "%s", h ? (const char *)h : "");
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the audit trail");
		return -1;
	}
	return 0;
}

#define AUDIT_COLS "a.id, a.at, a.user_id, a.terminal, a.action, a.tbl, a.row_id, a.detail, " \
	"a.origin, a.seq, a.prev_hash, a.hash, a.key_subject, a.secret, coalesce(u.login, '')"
#define AUDIT_FROM " FROM audit a LEFT JOIN app_user u ON u.id = a.user_id "

static void read_entry(sqlite3_stmt *st, struct audit_entry *e)
{
	e->id = db_col_dup(st, 0);
	e->at = db_col_dup(st, 1);
	e->user_id = db_col_dup(st, 2);
	e->terminal = db_col_dup(st, 3);
	e->action = db_col_dup(st, 4);
	e->tbl = db_col_dup(st, 5);
	e->row_id = db_col_dup(st, 6);
	e->detail = db_col_dup(st, 7);
	e->origin = db_col_dup(st, 8);
	e->seq = sqlite3_column_int64(st, 9);
	e->prev_hash = db_col_dup(st, 10);
	e->hash = db_col_dup(st, 11);
	e->key_subject = db_col_dup(st, 12);
	int n = sqlite3_column_bytes(st, 13);
	const void *b = sqlite3_column_blob(st, 13);
	if (b && n > 0) {
		e->secret = xmalloc((size_t)n);
		memcpy(e->secret, b, (size_t)n);
		e->secret_len = (size_t)n;
	}
	e->user_login = db_col_dup(st, 14);
}

static int collect(struct db *db, sqlite3_stmt *st, struct audit_entry **out)
{
	int n = 0, cap = 8, rc;

	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
			memset(*out + n, 0, (size_t)(cap - n) * sizeof **out);
		}
		read_entry(st, &(*out)[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the audit trail");
		audit_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

int audit_store_for_row(struct db *db, const char *row_id, struct audit_entry **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_COLS AUDIT_FROM
				       "WHERE a.row_id = ? ORDER BY a.at, a.seq, a.id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, row_id, -1, SQLITE_STATIC);
	return collect(db, st, out);
}

/* One statement per leading filter, so SQLite can use audit_user(user_id,
 * at) or audit_row(row_id) instead of scanning the trail. */
#define AUDIT_WHERE "(?1 IS NULL OR a.user_id = ?1) AND (?2 IS NULL OR a.row_id = ?2) " \
	"AND (?3 IS NULL OR substr(a.action, 1, length(?3)) = ?3) " \
	"AND (?4 IS NULL OR a.at >= ?4) AND (?5 IS NULL OR a.at < ?5 || 'z') " \
	"AND (?7 IS NULL OR a.user_id IN (SELECT hu.id FROM app_user hu " \
	"JOIN location hl ON hl.key = hu.location WHERE hl.house = ?7)) " \
	"AND (?8 IS NULL OR a.user_id = ?9 OR a.user_id IN (SELECT su.id FROM app_user su " \
	"WHERE instr(',' || ?8 || ',', ',' || su.location || ',') > 0)) "
#define AUDIT_ORDER "ORDER BY a.at DESC, a.seq DESC, a.id DESC LIMIT ?6"

int audit_store_query(struct db *db, const struct audit_filter *f, struct audit_entry **out)
{
	sqlite3_stmt *st;

	if (f->user_id && *f->user_id)
		st = db_stmt(db, "SELECT " AUDIT_COLS AUDIT_FROM "WHERE a.user_id = ?1 AND "
			     "a.at >= coalesce(?4, '') AND a.at < coalesce(?5 || 'z', '~') AND " AUDIT_WHERE
			     AUDIT_ORDER);
	else if (f->row_id && *f->row_id)
		st = db_stmt(db, "SELECT " AUDIT_COLS AUDIT_FROM "WHERE a.row_id = ?2 AND " AUDIT_WHERE
			     AUDIT_ORDER);
	else
		st = db_stmt(db, "SELECT " AUDIT_COLS AUDIT_FROM "WHERE " AUDIT_WHERE AUDIT_ORDER);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, f->user_id);
	db_bind_text_or_null(st, 2, f->row_id);
	db_bind_text_or_null(st, 3, f->action_prefix);
	db_bind_text_or_null(st, 4, f->from);
	db_bind_text_or_null(st, 5, f->to);
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : 1000);
	db_bind_text_or_null(st, 7, f->house);
	db_bind_text_or_null(st, 8, f->locations);
	db_bind_text_or_null(st, 9, f->self_id);
	return collect(db, st, out);
}

bool audit_store_each(struct db *db, bool (*fn)(void *ctx, const struct audit_entry *e), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_COLS AUDIT_FROM "ORDER BY a.origin, a.seq, a.id");
	int rc;

	if (!st)
		return false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e = { 0 };
		read_entry(st, &e);
		bool go_on = fn(ctx, &e);
		audit_entry_finish(&e);
		if (!go_on) {
			sqlite3_reset(st);
			return true;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the audit trail");
		return false;
	}
	return true;
}

void audit_list_free(struct audit_entry *list, int n)
{
	if (!list)
		return;
	for (int i = 0; i < n; i++)
		audit_entry_finish(&list[i]);
	free(list);
}

int audit_key_get(struct db *db, const char *subject, unsigned char key[AUDIT_KEY_BYTES])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT key FROM audit_key WHERE subject = ?");
	int rc, found = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == AUDIT_KEY_BYTES) {
		memcpy(key, sqlite3_column_blob(st, 0), AUDIT_KEY_BYTES);
		found = 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read audit keys");
		return -1;
	}
	return found;
}

bool audit_key_put(struct db *db, const char *subject, const unsigned char key[AUDIT_KEY_BYTES],
		   const char *created_at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit_key (subject, key, created_at) VALUES (?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, key, AUDIT_KEY_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int audit_key_delete_subject(struct db *db, const char *subject)
{
	/* "subject" itself and "subject/..." ('0' follows '/') */
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM audit_key WHERE subject = ?1 OR "
				       "(subject > ?1 || '/' AND subject < ?1 || '0')");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	return db_step_done(db, st) ? sqlite3_changes(db->h) : -1;
}

bool audit_key_delete(struct db *db, const char *subject)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM audit_key WHERE subject = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
