/* The conflict log, its decisions, held files and waiting counts for the
 * sync and conflicts screens (db/sync_review_store.h). Reads the side
 * tables of db/sync_store.c; writes only conflict_resolution,
 * sync_held_file and, to restore a value, the synced table itself (an
 * ordinary write the triggers note). */
#include "db/db_internal.h"
#include "db/sync_review_store.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value as display text; NULL stays NULL. */
#define SHOW(v) "CASE typeof(" v ") WHEN 'blob' THEN '(' || length(" v ") || ' bytes)' " \
	"ELSE CAST(" v " AS TEXT) END"

void sync_conflict_entry_finish(struct sync_conflict_entry *e)
{
	if (!e)
		return;
	free(e->tbl);
	free(e->id);
	free(e->col);
	free(e->loser_site);
	free(e->winner_site);
	free(e->loser_val);
	free(e->current_val);
	free(e->current_site);
	*e = (struct sync_conflict_entry){ 0 };
}

static void release_entry(void *elem)
{
	sync_conflict_entry_finish(elem);
}

void sync_conflict_entry_list_free(struct sync_conflict_entry *list, int n)
{
	for (int i = 0; i < n; i++)
		sync_conflict_entry_finish(&list[i]);
	free(list);
}

static void read_entry(sqlite3_stmt *st, void *elem)
{
	struct sync_conflict_entry *e = elem;

	e->tbl = db_col_dup(st, 0);
	e->id = db_col_dup(st, 1);
	e->col = db_col_dup(st, 2);
	e->loser_hlc = sqlite3_column_int64(st, 3);
	e->loser_site = db_col_dup(st, 4);
	e->winner_hlc = sqlite3_column_int64(st, 5);
	e->winner_site = db_col_dup(st, 6);
	e->kind = sqlite3_column_int(st, 7);
	e->loser_val = db_col_dup_or_null(st, 8);
	e->has_current = sqlite3_column_int(st, 9) != 0;
	e->current_val = db_col_dup_or_null(st, 10);
	e->current_hlc = sqlite3_column_int64(st, 11);
	e->current_site = db_col_dup(st, 12);
	e->row_cl = sqlite3_column_int64(st, 13);
}

int sync_review_store_conflicts(struct db *db, struct sync_conflict_entry **out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT c.tbl, c.id, c.col, c.loser_hlc, c.loser_site, c.winner_hlc, c.winner_site, c.kind, "
		SHOW("c.val") ", kp_sync_cell(r.cells, c.col, 'cl') IS NOT NULL, "
		SHOW("kp_sync_cell(r.cells, c.col, 'val')") ", coalesce(kp_sync_cell(r.cells, c.col, 'hlc'), 0), "
		"coalesce(kp_sync_cell(r.cells, c.col, 'site'), ''), coalesce(r.cl, 0) "
		"FROM sync_conflict c "
		"LEFT JOIN sync_row r ON r.tbl = c.tbl AND r.id = c.id "
		"ORDER BY max(c.loser_hlc, c.winner_hlc) DESC, c.tbl, c.id, c.col, c.loser_hlc, c.loser_site");

	*out = NULL;
	if (!st)
		return -1;
	return db_collect(db, st, sizeof **out, read_entry, release_entry, (void **)out,
			  "cannot read the conflict log");
}

static void resolution_finish(void *elem)
{
	struct sync_resolution *r = elem;

	free(r->conflict);
	free(r->action);
	free(r->at);
	free(r->by_user);
	free(r->by_name);
}

void sync_resolution_list_free(struct sync_resolution *list, int n)
{
	for (int i = 0; i < n; i++)
		resolution_finish(&list[i]);
	free(list);
}

static void read_resolution(sqlite3_stmt *st, void *elem)
{
	struct sync_resolution *r = elem;

	r->conflict = db_col_dup(st, 0);
	r->action = db_col_dup(st, 1);
	r->at = db_col_dup(st, 2);
	r->by_user = db_col_dup(st, 3);
	r->by_name = db_col_dup(st, 4);
}

int sync_review_store_resolutions(struct db *db, struct sync_resolution **out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT r.conflict, r.action, r.at, r.by_user, coalesce(u.name, r.by_user) "
		"FROM conflict_resolution r LEFT JOIN app_user u ON u.id = r.by_user "
		"ORDER BY r.at, r.id");

	*out = NULL;
	if (!st)
		return -1;
	return db_collect(db, st, sizeof **out, read_resolution, resolution_finish, (void **)out,
			  "cannot read the conflict decisions");
}

bool sync_review_store_resolve(struct db *db, const char *id, const char *conflict, const char *action,
			       const char *at, const char *user_id)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO conflict_resolution(id, conflict, action, at, by_user) "
				       "VALUES (?, ?, ?, ?, ?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, conflict, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, user_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

/* --- tables and columns named by the log --------------------------------- */

static bool ident_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 63 || !((*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* 1 when tbl is a synced table here with the column col, -1 on error. */
static int has_column(struct db *db, const char *tbl, const char *col)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM sync_table t, pragma_table_info(t.name) p "
				       "WHERE t.name = ? AND p.name = ?");
	int rc;

	if (!ident_ok(tbl) || !ident_ok(col))
		return 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_set_error(db, "cannot read the table's columns");
	return -1;
}

static void read_text(sqlite3_stmt *st, void *elem)
{
	*(char **)elem = db_col_dup_or_null(st, 0);
}

/* The key column of a synced table (caller frees); 0 none, -1 error. */
static int key_column(struct db *db, const char *tbl, char **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT p.name FROM sync_table t, pragma_table_info(t.name) p "
				       "WHERE t.name = ? AND p.pk = 1");
	*out = NULL;
	if (!ident_ok(tbl))
		return 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	if ((db_get_one(db, st, read_text, out, "cannot read the table's key")) < 0)
		return -1;
	if (*out && !ident_ok(*out)) {
		free(*out);
		*out = NULL;
	}
	return *out ? 1 : 0;
}

/* Runs a one-text-column query built for a checked table (sql has one ?
 * for the key); *out the first row's text. 1, 0 no row, -1 error. */
static int dynamic_text(struct db *db, const char *sql, const char *key, char **out)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "cannot prepare a query");
		return -1;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = db_col_dup(st, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_set_error(db, "cannot read the record");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return *out ? 1 : 0;
}

int sync_review_store_case_of(struct db *db, const char *tbl, const char *id, char **case_id)
{
	char *key, *sql;
	int rc;

	*case_id = NULL;
	if (strcmp(tbl, "case_file") == 0) {
		*case_id = xstrdup(id);
		return 1;
	}
	if ((rc = has_column(db, tbl, "case_id")) <= 0)
		return rc;
	if ((rc = key_column(db, tbl, &key)) <= 0)
		return rc;
	sql = xasprintf("SELECT case_id FROM \"%s\" WHERE \"%s\" = ?", tbl, key);
	rc = dynamic_text(db, sql, id, case_id);
	free(sql);
	free(key);
	return rc;
}

/* The first column of the row of a cached query with the key id. */
static int label_of(struct db *db, const char *sql, const char *id, char **out)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = db_get_one(db, st, read_text, out, "cannot read the record's name");
	return rc < 0 ? -1 : *out ? 1 : 0;
}

int sync_review_store_label(struct db *db, const char *tbl, const char *id, char **out)
{
	char *case_id;
	int rc;

	*out = NULL;
	if (strcmp(tbl, "company") == 0)
		return label_of(db, "SELECT name FROM company WHERE id = ?", id, out);
	if (strcmp(tbl, "contact") == 0)
		return label_of(db, "SELECT c.name || coalesce(' (' || co.name || ')', '') FROM contact c "
				    "LEFT JOIN company co ON co.id = c.company_id WHERE c.id = ?", id, out);
	if (strcmp(tbl, "organisation") == 0)
		return label_of(db, "SELECT name FROM organisation WHERE id = ?", id, out);
	if (strcmp(tbl, "app_user") == 0)
		return label_of(db, "SELECT name FROM app_user WHERE id = ?", id, out);
	if ((rc = sync_review_store_case_of(db, tbl, id, &case_id)) <= 0)
		return rc;
	rc = label_of(db, "SELECT CASE WHEN cf.title = '' THEN coalesce(co.name, '') "
			  "ELSE cf.title || coalesce(' (' || co.name || ')', '') END "
			  "FROM case_file cf LEFT JOIN company co ON co.id = cf.company_id WHERE cf.id = ?",
		      case_id, out);
	free(case_id);
	return rc;
}

/* Columns computed from another column of the row: their conflicts go
 * with the source column's (not listed; restored with it). */
static const struct {
	const char *tbl, *col, *source;
} derived[] = {
	{ "company", "name_key", "name" },       /* db_fold_name(name): search and sorting */
};

bool sync_review_store_derived(const char *tbl, const char *col)
{
	for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++)
		if (strcmp(derived[i].tbl, tbl) == 0 && strcmp(derived[i].col, col) == 0)
			return true;
	return false;
}

/* Recomputes the columns derived from tbl.col of row id. */
static bool update_derived(struct db *db, const char *tbl, const char *col, const char *id)
{
	sqlite3_stmt *st;
	char *name = NULL, key[512];
	int rc;

	if (strcmp(tbl, "company") != 0 || strcmp(col, "name") != 0)
		return true;
	if (!(st = db_stmt(db, "SELECT name FROM company WHERE id = ?")))
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = db_get_one(db, st, read_text, &name, "cannot read the company")) < 0)
		return false;
	db_fold_name(name ? name : "", key, sizeof key);
	free(name);
	if (!(st = db_stmt(db, "UPDATE company SET name_key = ? WHERE id = ?")))
		return false;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int sync_review_store_write_loser(struct db *db, const struct sync_conflict_entry *e, const char *at)
{
	sqlite3_stmt *st;
	char *key, *sql;
	int rc, stamp;

	if ((rc = has_column(db, e->tbl, e->col)) <= 0)
		return rc;
	if ((rc = key_column(db, e->tbl, &key)) <= 0)
		return rc;
	if ((stamp = has_column(db, e->tbl, "updated_at")) < 0 || strcmp(e->col, key) == 0) {
		free(key);
		return stamp < 0 ? -1 : 0;
	}
	sql = xasprintf("UPDATE \"%s\" SET \"%s\" = (SELECT val FROM sync_conflict WHERE tbl = ?1 AND id = ?2 "
			"AND col = ?3 AND loser_hlc = ?4 AND loser_site = ?5 AND winner_hlc = ?6 "
			"AND winner_site = ?7)%s WHERE \"%s\" = ?2",
			e->tbl, e->col, stamp && strcmp(e->col, "updated_at") != 0 ? ", updated_at = ?8" : "", key);
	free(key);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		db_set_error(db, "cannot prepare the write");
		return -1;
	}
	sqlite3_bind_text(st, 1, e->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->col, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, e->loser_hlc);
	sqlite3_bind_text(st, 5, e->loser_site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, e->winner_hlc);
	sqlite3_bind_text(st, 7, e->winner_site, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 8)
		sqlite3_bind_text(st, 8, at, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		db_set_error(db, "cannot write the value");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(db->h) != 1)
		return 0;
	return update_derived(db, e->tbl, e->col, e->id) ? 1 : -1;
}

int64_t sync_review_store_waiting(struct db *db, int64_t above)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT (SELECT count(*) FROM sync_row WHERE cseq > ?1 AND seq > ?1) + "
		"(SELECT coalesce(sum(kp_sync_cells_above(cells, ?1)), 0) FROM sync_row WHERE cseq > ?1) + "
		"(SELECT count(*) FROM sync_conflict WHERE seq > ?1) + "
		"(SELECT count(*) FROM sync_dirty)");
	int64_t n = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, above);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		db_set_error(db, "cannot count the changes waiting");
	sqlite3_reset(st);
	return n;
}

/* --- held files -------------------------------------------------------- */

static void held_finish(void *elem)
{
	struct sync_held *h = elem;

	free(h->path);
	free(h->sender);
	free(h->dated);
	free(h->noted_at);
}

void sync_held_list_free(struct sync_held *list, int n)
{
	for (int i = 0; i < n; i++)
		held_finish(&list[i]);
	free(list);
}

static void read_held(sqlite3_stmt *st, void *elem)
{
	struct sync_held *h = elem;

	h->path = db_col_dup(st, 0);
	h->sender = db_col_dup(st, 1);
	h->dated = db_col_dup(st, 2);
	h->noted_at = db_col_dup(st, 3);
}

int sync_review_store_held(struct db *db, struct sync_held **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT path, sender, dated, noted_at FROM sync_held_file "
				       "ORDER BY dated, path");

	*out = NULL;
	if (!st)
		return -1;
	return db_collect(db, st, sizeof **out, read_held, held_finish, (void **)out,
			  "cannot read the held files");
}

bool sync_review_store_held_put(struct db *db, const struct sync_held *h)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO sync_held_file(path, sender, dated, noted_at) "
				       "VALUES (?, ?, ?, ?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, h->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h->sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, h->dated, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, h->noted_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool sync_review_store_held_remove(struct db *db, const char *path)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sync_held_file WHERE path = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
