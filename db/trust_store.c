/* trust_position rows and the impartiality report query. */
#include "db/db_internal.h"
#include "db/trust_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

void trust_position_finish(struct trust_position *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->user_id);
	free(t->company_id);
	free(t->kind);
	free(t->note);
	free(t->from_date);
	free(t->to_date);
	free(t->created_at);
	free(t->created_by);
	free(t->user_name);
	free(t->company_name);
	free(t->company_cvr);
	*t = (struct trust_position){ 0 };
}

void trust_list_free(struct trust_position *list, int n)
{
	if (!list)
		return;
	for (int i = 0; i < n; i++)
		trust_position_finish(&list[i]);
	free(list);
}

static void trust_case_finish(void *elem)
{
	struct trust_case *c = elem;

	free(c->case_id);
	free(c->case_status);
	free(c->opened);
	free(c->location);
	free(c->consultant_name);
	free(c->company_name);
	free(c->company_cvr);
	free(c->kind);
	free(c->from_date);
	free(c->to_date);
	free(c->reason);
}

void trust_case_list_free(struct trust_case *list, int n)
{
	if (!list)
		return;
	for (int i = 0; i < n; i++)
		trust_case_finish(&list[i]);
	free(list);
}

bool trust_store_insert(struct db *db, const struct trust_position *t)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO trust_position (id, user_id, company_id, kind, note, "
				       "from_date, to_date, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->note ? t->note : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, t->from_date, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 7, t->to_date);
	sqlite3_bind_text(st, 8, t->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, t->created_by, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool trust_store_set_to(struct db *db, const char *id, const char *to_date)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE trust_position SET to_date = ? WHERE id = ?");

	if (!st)
		return false;
	db_bind_text_or_null(st, 1, to_date);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

#define TRUST_COLS "t.id, t.user_id, t.company_id, t.kind, t.note, t.from_date, t.to_date, " \
	"t.created_at, t.created_by, coalesce(u.name, ''), coalesce(c.name, ''), coalesce(c.cvr, ''), " \
	"coalesce(u.active, 1) = 0"
#define TRUST_FROM " FROM trust_position t LEFT JOIN app_user u ON u.id = t.user_id " \
	"LEFT JOIN company c ON c.id = t.company_id "

static void read_position(sqlite3_stmt *st, struct trust_position *t)
{
	t->id = db_col_dup(st, 0);
	t->user_id = db_col_dup(st, 1);
	t->company_id = db_col_dup(st, 2);
	t->kind = db_col_dup(st, 3);
	t->note = db_col_dup(st, 4);
	t->from_date = db_col_dup(st, 5);
	t->to_date = db_col_dup_or_null(st, 6);
	t->created_at = db_col_dup(st, 7);
	t->created_by = db_col_dup(st, 8);
	t->user_name = db_col_dup(st, 9);
	t->company_name = db_col_dup(st, 10);
	t->company_cvr = db_col_dup(st, 11);
	t->user_inactive = sqlite3_column_int(st, 12) != 0;
}

static void read_position_elem(sqlite3_stmt *st, void *elem)
{
	read_position(st, elem);
}

static void release_position(void *elem)
{
	trust_position_finish(elem);
}

int trust_store_get(struct db *db, const char *id, struct trust_position *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " TRUST_COLS TRUST_FROM "WHERE t.id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_position_elem, out, "cannot read trust positions");
}

int trust_store_list(struct db *db, const char *user_id, const char *company_id,
		     const char *on_date, struct trust_position **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " TRUST_COLS TRUST_FROM
				       "WHERE (?1 IS NULL OR t.user_id = ?1) AND (?2 IS NULL OR t.company_id = ?2) "
				       "AND (?3 IS NULL OR (t.from_date <= ?3 AND (t.to_date IS NULL OR t.to_date >= ?3))) "
				       "ORDER BY t.from_date, t.id");

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, user_id);
	db_bind_text_or_null(st, 2, company_id);
	db_bind_text_or_null(st, 3, on_date);
	return db_collect(db, st, sizeof **out, read_position_elem, release_position, (void **)out,
			  "cannot read trust positions");
}

int trust_store_list_house(struct db *db, const char *house, struct trust_position **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " TRUST_COLS TRUST_FROM
				       "WHERE t.user_id IN (SELECT hu.id FROM app_user hu "
				       "JOIN location hl ON hl.key = hu.location WHERE hl.house = ?1) "
				       "ORDER BY u.name COLLATE da, t.from_date, t.id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, house, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_position_elem, release_position, (void **)out,
			  "cannot read trust positions");
}

static void read_trust_case(sqlite3_stmt *st, void *elem)
{
	struct trust_case *c = elem;

	c->case_id = db_col_dup(st, 0);
	c->case_status = db_col_dup(st, 1);
	c->opened = db_col_dup(st, 2);
	c->location = db_col_dup(st, 3);
	c->consultant_name = db_col_dup(st, 4);
	c->company_name = db_col_dup(st, 5);
	c->company_cvr = db_col_dup(st, 6);
	c->kind = db_col_dup(st, 7);
	c->from_date = db_col_dup(st, 8);
	c->to_date = db_col_dup_or_null(st, 9);
	c->reason = db_col_dup(st, 10);
	c->consultant_inactive = sqlite3_column_int(st, 11) != 0;
}

int trust_store_cases(struct db *db, const char *house, struct trust_case **out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT cf.id, cf.status, cf.opened, coalesce(cf.location, ''), coalesce(u.name, ''), "
		"coalesce(co.name, ''), coalesce(co.cvr, ''), t.kind, t.from_date, t.to_date, "
		"coalesce((SELECT e.reason FROM case_event e WHERE e.case_id = cf.id AND e.kind = 'assigned' "
		"          ORDER BY e.at DESC, e.id DESC LIMIT 1), ''), coalesce(u.active, 1) = 0 "
		"FROM case_file cf JOIN trust_position t ON t.user_id = cf.consultant_id "
		"  AND t.company_id = cf.company_id "
		"  AND t.from_date <= coalesce(cf.closed, '9999-12-31') "
		"  AND (t.to_date IS NULL OR t.to_date >= cf.opened) "
		"LEFT JOIN location l ON l.key = cf.location "
		"LEFT JOIN app_user u ON u.id = cf.consultant_id "
		"LEFT JOIN company co ON co.id = cf.company_id "
		"WHERE ?1 IS NULL OR l.house = ?1 "
		"ORDER BY cf.opened DESC, cf.id");

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, house);
	return db_collect(db, st, sizeof **out, read_trust_case, trust_case_finish, (void **)out,
			  "cannot read the impartiality report");
}
