/* case_file and case_event rows. Lists join the company, the consultant
 * and the house of the location, and the date of the latest journal entry. */
#include "db/case_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdlib.h>

#define CASE_COLS "c.id, c.company_id, c.title, c.source, c.source_municipality, c.source_date, " \
	"c.target_group, c.themes, c.status, c.location, c.consultant_id, c.opened, c.closed, " \
	"c.outcome, c.created_at, c.created_by, c.updated_at, l.house, co.name, co.cvr, u.name, " \
	"(SELECT max(j.occurred) FROM journal_entry j WHERE j.case_id = c.id), coalesce(u.active, 1) = 0"
#define CASE_FROM " FROM case_file c LEFT JOIN location l ON l.key = c.location " \
	"LEFT JOIN company co ON co.id = c.company_id LEFT JOIN app_user u ON u.id = c.consultant_id "

void case_finish(struct case_file *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->company_id);
	free(c->title);
	free(c->source);
	free(c->source_date);
	free(c->target_group);
	free(c->themes);
	free(c->status);
	free(c->location);
	free(c->consultant_id);
	free(c->opened);
	free(c->closed);
	free(c->outcome);
	free(c->created_at);
	free(c->created_by);
	free(c->updated_at);
	free(c->house);
	free(c->company_name);
	free(c->company_cvr);
	free(c->consultant_name);
	free(c->last_activity);
	*c = (struct case_file){ 0 };
}

void case_list_free(struct case_file *list, int n)
{
	for (int i = 0; i < n; i++)
		case_finish(&list[i]);
	free(list);
}

void case_event_finish(struct case_event *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->case_id);
	free(e->at);
	free(e->user_id);
	free(e->user_name);
	free(e->kind);
	free(e->from_value);
	free(e->to_value);
	free(e->reason);
	*e = (struct case_event){ 0 };
}

void case_event_list_free(struct case_event *list, int n)
{
	for (int i = 0; i < n; i++)
		case_event_finish(&list[i]);
	free(list);
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

/* Binds the mutable columns 1..14; id is ?15. */
static void bind_fields(sqlite3_stmt *st, const struct case_file *c)
{
	sqlite3_bind_text(st, 1, c->company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s_or(c->title), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->source, -1, SQLITE_STATIC);
	if (c->source_municipality)
		sqlite3_bind_int(st, 4, c->source_municipality);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text_or_null(st, 5, c->source_date);
	sqlite3_bind_text(st, 6, s_or(c->target_group), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->themes && *c->themes ? c->themes : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->status, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 9, c->location);
	db_bind_text_or_null(st, 10, c->consultant_id);
	sqlite3_bind_text(st, 11, c->opened, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 12, c->closed);
	sqlite3_bind_text(st, 13, s_or(c->outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, c->updated_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, c->id, -1, SQLITE_STATIC);
}

bool case_store_insert(struct db *db, const struct case_file *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_file (company_id, title, source, "
		"source_municipality, source_date, target_group, themes, status, location, consultant_id, "
		"opened, closed, outcome, updated_at, id, created_at, created_by) "
		"VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)");

	if (!st)
		return false;
	bind_fields(st, c);
	sqlite3_bind_text(st, 16, c->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 17, c->created_by, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool case_store_update(struct db *db, const struct case_file *c)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE case_file SET company_id = ?1, title = ?2, source = ?3, "
		"source_municipality = ?4, source_date = ?5, target_group = ?6, themes = ?7, status = ?8, "
		"location = ?9, consultant_id = ?10, opened = ?11, closed = ?12, outcome = ?13, "
		"updated_at = ?14 WHERE id = ?15");

	if (!st)
		return false;
	bind_fields(st, c);
	return db_step_done(db, st);
}

static void read_case(sqlite3_stmt *st, struct case_file *c)
{
	c->id = db_col_dup(st, 0);
	c->company_id = db_col_dup(st, 1);
	c->title = db_col_dup(st, 2);
	c->source = db_col_dup(st, 3);
	c->source_municipality = sqlite3_column_int(st, 4);
	c->source_date = db_col_dup_or_null(st, 5);
	c->target_group = db_col_dup(st, 6);
	c->themes = db_col_dup(st, 7);
	c->status = db_col_dup(st, 8);
	c->location = db_col_dup_or_null(st, 9);
	c->consultant_id = db_col_dup_or_null(st, 10);
	c->opened = db_col_dup(st, 11);
	c->closed = db_col_dup_or_null(st, 12);
	c->outcome = db_col_dup(st, 13);
	c->created_at = db_col_dup(st, 14);
	c->created_by = db_col_dup(st, 15);
	c->updated_at = db_col_dup(st, 16);
	c->house = db_col_dup_or_null(st, 17);
	c->company_name = db_col_dup(st, 18);
	c->company_cvr = db_col_dup_or_null(st, 19);
	c->consultant_name = db_col_dup_or_null(st, 20);
	c->last_activity = db_col_dup_or_null(st, 21);
	c->consultant_inactive = sqlite3_column_int(st, 22) != 0;
}

static void read_case_elem(sqlite3_stmt *st, void *elem)
{
	read_case(st, elem);
}

int case_store_get(struct db *db, const char *id, struct case_file *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CASE_COLS CASE_FROM "WHERE c.id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_case_elem, out, "cannot read case");
}

static void release_case(void *elem)
{
	case_finish(elem);
}

/* Every filter, each one a no-op when its parameter is NULL. */
#define CASE_FILTER \
	"AND (?1 IS NULL OR c.consultant_id = ?1) AND (?2 IS NULL OR c.location = ?2) " \
	"AND (?3 IS NULL OR l.house = ?3) " \
	"AND (?4 IS NULL OR (?4 = 'open' AND c.status <> 'closed') OR c.status = ?4) " \
	"AND (?5 IS NULL OR c.company_id = ?5) " \
	"ORDER BY c.opened DESC, c.id DESC LIMIT ?6"

/* The statement for a filter: one that leads with a plain equality on the
 * most selective filter given, so the planner takes its index (a filter
 * written "?1 IS NULL OR x = ?1" alone makes SQLite scan every case: a
 * consultant's list took 50-100 ms on 200,000 cases instead of a few). */
static sqlite3_stmt *list_stmt(struct db *db, const struct case_filter *f)
{
	if (f->company_id && *f->company_id)
		return db_stmt(db, "SELECT " CASE_COLS CASE_FROM
			       "WHERE c.company_id = ?5 " CASE_FILTER);
	if (f->consultant_id && *f->consultant_id)
		return db_stmt(db, "SELECT " CASE_COLS CASE_FROM
			       "WHERE c.consultant_id = ?1 " CASE_FILTER);
	if (f->location && *f->location)
		return db_stmt(db, "SELECT " CASE_COLS CASE_FROM
			       "WHERE c.location = ?2 " CASE_FILTER);
	return db_stmt(db, "SELECT " CASE_COLS CASE_FROM "WHERE 1 " CASE_FILTER);
}

int case_store_list(struct db *db, const struct case_filter *f, struct case_file **out)
{
	sqlite3_stmt *st = list_stmt(db, f);

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, f->consultant_id);
	db_bind_text_or_null(st, 2, f->location);
	db_bind_text_or_null(st, 3, f->house);
	db_bind_text_or_null(st, 4, f->status);
	db_bind_text_or_null(st, 5, f->company_id);
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : -1);
	return db_collect(db, st, sizeof **out, read_case_elem, release_case, (void **)out,
			  "cannot list cases");
}

bool case_event_insert(struct db *db, const struct case_event *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_event (id, case_id, at, user_id, kind, "
				       "from_value, to_value, reason) VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s_or(e->from_value), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, s_or(e->to_value), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, s_or(e->reason), -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_event(sqlite3_stmt *st, void *elem)
{
	struct case_event *e = elem;

	e->id = db_col_dup(st, 0);
	e->case_id = db_col_dup(st, 1);
	e->at = db_col_dup(st, 2);
	e->user_id = db_col_dup(st, 3);
	e->user_name = db_col_dup(st, 4);
	e->kind = db_col_dup(st, 5);
	e->from_value = db_col_dup(st, 6);
	e->to_value = db_col_dup(st, 7);
	e->reason = db_col_dup(st, 8);
}

static void release_event(void *elem)
{
	case_event_finish(elem);
}

int case_event_list(struct db *db, const char *case_id, struct case_event **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT e.id, e.case_id, e.at, e.user_id, coalesce(u.name, ''), "
				       "e.kind, e.from_value, e.to_value, e.reason FROM case_event e "
				       "LEFT JOIN app_user u ON u.id = e.user_id "
				       "WHERE e.case_id = ? ORDER BY e.at, e.id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_event, release_event, (void **)out,
			  "cannot read the case timeline");
}
