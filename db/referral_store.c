/* referral, referral_event and referral_report_back rows, and the counts of
 * the referral report. Joins are LEFT joins: after a sync a referral may
 * arrive before its case or organisation, and must still be listed. */
#include "db/db_internal.h"
#include "db/referral_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define REF_COLS "r.id, r.case_id, r.organisation_id, r.contact_id, r.theme, r.reason, " \
	"r.referred_on, r.status, r.status_on, r.follow_up, r.outcome, r.advisors_offered, " \
	"r.created_at, r.created_by, r.updated_at, coalesce(o.name, '?'), coalesce(o.type, ''), " \
	"coalesce(oc.name, ''), coalesce(co.name, ''), coalesce(c.title, ''), " \
	"coalesce(c.consultant_id, ''), coalesce(u.name, ''), coalesce(c.location, ''), " \
	"coalesce(l.house, '')"
#define REF_FROM " FROM referral r LEFT JOIN organisation o ON o.id = r.organisation_id " \
	"LEFT JOIN organisation_contact oc ON oc.id = r.contact_id " \
	"LEFT JOIN case_file c ON c.id = r.case_id " \
	"LEFT JOIN company co ON co.id = c.company_id " \
	"LEFT JOIN app_user u ON u.id = c.consultant_id " \
	"LEFT JOIN location l ON l.key = c.location "
#define REF_OPEN "r.status IN ('proposed', 'sent', 'accepted')"

void referral_finish(struct referral *r)
{
	if (!r)
		return;
	char **fields[] = {
		&r->id, &r->case_id, &r->organisation_id, &r->contact_id, &r->theme, &r->reason,
		&r->referred_on, &r->status, &r->status_on, &r->follow_up, &r->outcome,
		&r->advisors_offered, &r->created_at, &r->created_by, &r->updated_at,
		&r->organisation_name, &r->organisation_type, &r->contact_name, &r->company_name,
		&r->case_title, &r->consultant_id, &r->consultant_name, &r->location, &r->house,
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*fields[i]);
	*r = (struct referral){ 0 };
}

void referral_list_free(struct referral *list, int n)
{
	for (int i = 0; i < n; i++)
		referral_finish(&list[i]);
	free(list);
}

void referral_event_finish(struct referral_event *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->referral_id);
	free(e->at);
	free(e->on_date);
	free(e->user_id);
	free(e->user_name);
	free(e->from_status);
	free(e->to_status);
	free(e->note);
	*e = (struct referral_event){ 0 };
}

void referral_event_list_free(struct referral_event *list, int n)
{
	for (int i = 0; i < n; i++)
		referral_event_finish(&list[i]);
	free(list);
}

static void report_back_finish(void *elem)
{
	struct referral_report_back *b = elem;

	free(b->id);
	free(b->case_id);
	free(b->organisation_id);
	free(b->reported_on);
	free(b->summary);
	free(b->user_id);
	free(b->created_at);
	free(b->organisation_name);
	free(b->user_name);
}

void referral_report_back_list_free(struct referral_report_back *list, int n)
{
	for (int i = 0; i < n; i++)
		report_back_finish(&list[i]);
	free(list);
}

void referral_case_info_finish(struct referral_case_info *c)
{
	if (!c)
		return;
	free(c->house);
	free(c->location);
	free(c->consultant_id);
	free(c->source);
	free(c->source_date);
	free(c->company_name);
	free(c->status);
	*c = (struct referral_case_info){ 0 };
}

static void count_finish(void *elem)
{
	struct referral_count *c = elem;

	free(c->organisation_id);
	free(c->organisation_name);
	free(c->organisation_type);
	free(c->type_label_da);
	free(c->type_label_en);
}

void referral_count_list_free(struct referral_count *list, int n)
{
	for (int i = 0; i < n; i++)
		count_finish(&list[i]);
	free(list);
}

static void release_referral(void *elem)
{
	referral_finish(elem);
}

static void release_event(void *elem)
{
	referral_event_finish(elem);
}

static void read_referral(sqlite3_stmt *st, void *elem)
{
	struct referral *r = elem;

	r->id = db_col_dup(st, 0);
	r->case_id = db_col_dup(st, 1);
	r->organisation_id = db_col_dup(st, 2);
	r->contact_id = db_col_dup_or_null(st, 3);
	r->theme = db_col_dup(st, 4);
	r->reason = db_col_dup(st, 5);
	r->referred_on = db_col_dup(st, 6);
	r->status = db_col_dup(st, 7);
	r->status_on = db_col_dup(st, 8);
	r->follow_up = db_col_dup_or_null(st, 9);
	r->outcome = db_col_dup(st, 10);
	r->advisors_offered = db_col_dup(st, 11);
	r->created_at = db_col_dup(st, 12);
	r->created_by = db_col_dup(st, 13);
	r->updated_at = db_col_dup(st, 14);
	r->organisation_name = db_col_dup(st, 15);
	r->organisation_type = db_col_dup(st, 16);
	r->contact_name = db_col_dup(st, 17);
	r->company_name = db_col_dup(st, 18);
	r->case_title = db_col_dup(st, 19);
	r->consultant_id = db_col_dup(st, 20);
	r->consultant_name = db_col_dup(st, 21);
	r->location = db_col_dup(st, 22);
	r->house = db_col_dup(st, 23);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

bool referral_store_insert(struct db *db, const struct referral *r)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO referral (id, case_id, organisation_id, "
				       "contact_id, theme, reason, referred_on, status, status_on, "
				       "follow_up, outcome, advisors_offered, created_at, created_by, "
				       "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->organisation_id, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, r->contact_id);
	sqlite3_bind_text(st, 5, or_empty(r->theme), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, or_empty(r->reason), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->referred_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->status_on, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 10, r->follow_up);
	sqlite3_bind_text(st, 11, or_empty(r->outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, r->advisors_offered ? r->advisors_offered : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, r->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, r->created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, r->updated_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool referral_store_update(struct db *db, const struct referral *r)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE referral SET contact_id = ?1, theme = ?2, "
				       "reason = ?3, status = ?4, status_on = ?5, follow_up = ?6, "
				       "outcome = ?7, advisors_offered = ?8, updated_at = ?9 WHERE id = ?10");

	if (!st)
		return false;
	db_bind_text_or_null(st, 1, r->contact_id);
	sqlite3_bind_text(st, 2, or_empty(r->theme), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, or_empty(r->reason), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->status_on, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 6, r->follow_up);
	sqlite3_bind_text(st, 7, or_empty(r->outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, r->advisors_offered ? r->advisors_offered : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->updated_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int referral_store_get(struct db *db, const char *id, struct referral *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " REF_COLS REF_FROM "WHERE r.id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_referral, out, "cannot read referral");
}

int referral_store_list(struct db *db, const struct referral_filter *f, struct referral **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " REF_COLS REF_FROM
				       "WHERE (?1 IS NULL OR r.case_id = ?1) "
				       "AND (?2 IS NULL OR r.organisation_id = ?2) "
				       "AND (?3 IS NULL OR r.status = ?3 OR (?3 = 'open' AND " REF_OPEN ")) "
				       "AND (?4 IS NULL OR l.house = ?4) "
				       "AND (?5 IS NULL OR c.location = ?5) "
				       "AND (?6 IS NULL OR c.consultant_id = ?6) "
				       "AND (?7 IS NULL OR r.referred_on >= ?7) "
				       "AND (?8 IS NULL OR r.referred_on <= ?8) "
				       "AND (?9 IS NULL OR (" REF_OPEN " AND r.follow_up <= ?9)) "
				       "AND (?10 IS NULL OR o.type = ?10) "
				       "ORDER BY CASE WHEN ?11 IS NOT NULL AND " REF_OPEN
				       " AND r.follow_up < ?11 THEN 0 ELSE 1 END, "
				       "CASE WHEN ?11 IS NOT NULL THEN coalesce(r.follow_up, '9999') END, "
				       "r.referred_on DESC, r.id DESC LIMIT ?12");

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, f->case_id);
	db_bind_text_or_null(st, 2, f->organisation_id);
	db_bind_text_or_null(st, 3, f->status);
	db_bind_text_or_null(st, 4, f->house);
	db_bind_text_or_null(st, 5, f->location);
	db_bind_text_or_null(st, 6, f->consultant_id);
	db_bind_text_or_null(st, 7, f->from);
	db_bind_text_or_null(st, 8, f->to);
	db_bind_text_or_null(st, 9, f->due_by);
	db_bind_text_or_null(st, 10, f->organisation_type);
	db_bind_text_or_null(st, 11, f->today);
	sqlite3_bind_int(st, 12, f->limit > 0 ? f->limit : -1);
	return db_collect(db, st, sizeof **out, read_referral, release_referral, (void **)out,
			  "cannot list referrals");
}

bool referral_event_insert(struct db *db, const struct referral_event *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO referral_event (id, referral_id, at, on_date, "
				       "user_id, from_status, to_status, note) VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->referral_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->on_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, or_empty(e->from_status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->to_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, or_empty(e->note), -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_event(sqlite3_stmt *st, void *elem)
{
	struct referral_event *e = elem;

	e->id = db_col_dup(st, 0);
	e->referral_id = db_col_dup(st, 1);
	e->at = db_col_dup(st, 2);
	e->on_date = db_col_dup(st, 3);
	e->user_id = db_col_dup(st, 4);
	e->user_name = db_col_dup(st, 5);
	e->from_status = db_col_dup(st, 6);
	e->to_status = db_col_dup(st, 7);
	e->note = db_col_dup(st, 8);
}

int referral_event_list(struct db *db, const char *referral_id, struct referral_event **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT e.id, e.referral_id, e.at, e.on_date, e.user_id, "
				       "coalesce(u.name, e.user_id), e.from_status, e.to_status, e.note "
				       "FROM referral_event e LEFT JOIN app_user u ON u.id = e.user_id "
				       "WHERE e.referral_id = ? ORDER BY e.at, e.rowid");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, referral_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_event, release_event, (void **)out,
			  "cannot list referral history");
}

bool referral_report_back_insert(struct db *db, const struct referral_report_back *rb)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO referral_report_back (id, case_id, "
				       "organisation_id, municipality_code, reported_on, summary, "
				       "user_id, created_at) VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, rb->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rb->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rb->organisation_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, rb->municipality_code);
	sqlite3_bind_text(st, 5, rb->reported_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, or_empty(rb->summary), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, rb->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, rb->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_report_back(sqlite3_stmt *st, void *elem)
{
	struct referral_report_back *b = elem;

	b->id = db_col_dup(st, 0);
	b->case_id = db_col_dup(st, 1);
	b->organisation_id = db_col_dup(st, 2);
	b->municipality_code = sqlite3_column_int(st, 3);
	b->reported_on = db_col_dup(st, 4);
	b->summary = db_col_dup(st, 5);
	b->user_id = db_col_dup(st, 6);
	b->created_at = db_col_dup(st, 7);
	b->organisation_name = db_col_dup(st, 8);
	b->user_name = db_col_dup(st, 9);
}

int referral_report_back_list(struct db *db, const char *case_id,
			      struct referral_report_back **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT b.id, b.case_id, b.organisation_id, "
				       "b.municipality_code, b.reported_on, b.summary, b.user_id, "
				       "b.created_at, coalesce(o.name, '?'), coalesce(u.name, b.user_id) "
				       "FROM referral_report_back b "
				       "LEFT JOIN organisation o ON o.id = b.organisation_id "
				       "LEFT JOIN app_user u ON u.id = b.user_id "
				       "WHERE b.case_id = ? ORDER BY b.reported_on, b.created_at, b.rowid");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_report_back, report_back_finish, (void **)out,
			  "cannot list reports back");
}

static void read_case_info(sqlite3_stmt *st, void *elem)
{
	struct referral_case_info *out = elem;

	out->house = db_col_dup(st, 0);
	out->location = db_col_dup(st, 1);
	out->consultant_id = db_col_dup(st, 2);
	out->source = db_col_dup(st, 3);
	out->source_municipality = sqlite3_column_int(st, 4);
	out->source_date = db_col_dup(st, 5);
	out->company_name = db_col_dup(st, 6);
	out->status = db_col_dup(st, 7);
}

int referral_store_case_info(struct db *db, const char *case_id, struct referral_case_info *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(l.house, ''), coalesce(c.location, ''), "
				       "coalesce(c.consultant_id, ''), c.source, "
				       "coalesce(c.source_municipality, 0), coalesce(c.source_date, ''), "
				       "coalesce(co.name, ''), c.status "
				       "FROM case_file c LEFT JOIN location l ON l.key = c.location "
				       "LEFT JOIN company co ON co.id = c.company_id WHERE c.id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_case_info, out, "cannot read case");
}

int referral_store_count(struct db *db, const char *from, const char *to, const char *house,
			 struct referral_count **out)
{
	return referral_store_count_at(db, from, to, house, NULL, out);
}

static void read_count(sqlite3_stmt *st, void *elem)
{
	struct referral_count *c = elem;

	c->organisation_id = db_col_dup(st, 0);
	c->organisation_name = db_col_dup(st, 1);
	c->organisation_type = db_col_dup(st, 2);
	c->proposed = sqlite3_column_int(st, 3);
	c->sent = sqlite3_column_int(st, 4);
	c->accepted = sqlite3_column_int(st, 5);
	c->completed = sqlite3_column_int(st, 6);
	c->declined = sqlite3_column_int(st, 7);
	c->total = sqlite3_column_int(st, 8);
	c->withdrawn = sqlite3_column_int(st, 9);
	c->type_label_da = db_col_dup(st, 10);
	c->type_label_en = db_col_dup(st, 11);
}

int referral_store_count_at(struct db *db, const char *from, const char *to, const char *house,
			    const char *location, struct referral_count **out)
{
	/* rank: how far a pair got; withdrawn referrals do not rank */
	sqlite3_stmt *st = db_stmt(db,
		"WITH pair AS ("
		" SELECT r.case_id, r.organisation_id,"
		"  sum(r.status != 'withdrawn') AS live,"
		"  max(CASE r.status WHEN 'proposed' THEN 1 WHEN 'sent' THEN 2 WHEN 'declined' THEN 3"
		"   WHEN 'accepted' THEN 4 WHEN 'completed' THEN 5 ELSE 0 END) AS rank"
		" FROM referral r INDEXED BY referral_period"
		" LEFT JOIN case_file c INDEXED BY case_file_scope ON c.id = r.case_id"
		" LEFT JOIN location l ON l.key = c.location"
		" WHERE r.referred_on >= ?1 AND r.referred_on <= ?2"
		" AND (?3 IS NULL OR l.house = ?3)"
		" AND (?4 IS NULL OR instr(',' || ?4 || ',', ',' || c.location || ',') > 0)"
		" GROUP BY r.case_id, r.organisation_id)"
		" SELECT p.organisation_id, coalesce(o.name, '?'), coalesce(o.type, ''),"
		"  sum(p.rank = 1), sum(p.rank = 2), sum(p.rank = 4), sum(p.rank = 5),"
		"  sum(p.rank = 3), sum(p.live > 0), sum(p.live = 0),"
		"  coalesce(pt.label_da, o.type, ''), coalesce(pt.label_en, o.type, '')"
		" FROM pair p LEFT JOIN organisation o ON o.id = p.organisation_id"
		" LEFT JOIN partner_type pt ON pt.key = o.type"
		" GROUP BY p.organisation_id"
		" ORDER BY coalesce(pt.sort, 99), o.name COLLATE da, p.organisation_id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, house);
	db_bind_text_or_null(st, 4, location);
	return db_collect(db, st, sizeof **out, read_count, count_finish, (void **)out,
			  "cannot count referrals");
}

