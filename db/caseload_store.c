/* Caseload and queue reads. The open cases come by the indexes on
 * case_file(location, status) or (consultant_id, status); the last journal
 * date is one probe of journal_entry(case_id, occurred) per case. The
 * company (name and CVR) is one lookup in a table of a million rows per
 * case, the dearest part of a row: a lean list leaves it out, and the
 * screen fills it for the rows it shows (caseload_store_fill). */
#include "db/caseload_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Consultant names are read once per list (a few hundred users) and
 * matched here, not joined per row. Columns 0-7 come from the covering
 * index case_file_caseload and one probe each of journal_entry(case_id,
 * occurred) and the partial index of open referrals by follow-up date;
 * 8-10 (title, company name, CVR) need the case's row and its company,
 * and are NULL in a lean list. */
#define CASE_COLS \
	"SELECT c.id, c.company_id, c.status, " \
	"coalesce(c.location, ''), coalesce(c.consultant_id, ''), " \
	"c.opened, coalesce((SELECT max(j.occurred) FROM journal_entry j " \
	"                    WHERE j.case_id = c.id), ''), " \
	"(SELECT count(*) FROM referral r WHERE r.case_id = c.id " \
	" AND r.status IN ('proposed', 'sent', 'accepted') AND r.follow_up IS NOT NULL " \
	" AND r.follow_up < ?2), "
#define FULL_SELECT CASE_COLS "c.title, coalesce(co.name, ''), coalesce(co.cvr, '') " \
	"FROM case_file c LEFT JOIN company co ON co.id = c.company_id "
#define LEAN_SELECT CASE_COLS "NULL, NULL, NULL FROM case_file c "
#define OPEN "c.status IN ('new', 'assigned', 'active') "
#define BY_LOCATION "WHERE c.location = ?1 AND " OPEN
#define BY_CONSULTANT "WHERE c.consultant_id = ?1 AND " OPEN
#define BY_HOUSE "WHERE c.location IN (SELECT key FROM location WHERE house = ?1) AND " OPEN

/* src/caseload.c sorts every list itself, so no ORDER BY here. */
static const char *const list_sql[2][3] = {
	{ LEAN_SELECT BY_LOCATION, LEAN_SELECT BY_CONSULTANT, LEAN_SELECT BY_HOUSE },
	{ FULL_SELECT BY_LOCATION, FULL_SELECT BY_CONSULTANT, FULL_SELECT BY_HOUSE },
};
static const char queue_location_sql[] = FULL_SELECT
	"WHERE c.status = 'new' AND c.location = ?1 AND coalesce(c.consultant_id, '') = '' "
	"ORDER BY c.opened, c.created_at, c.id";
static const char queue_house_sql[] = FULL_SELECT
	"WHERE c.status = 'new' AND coalesce(c.consultant_id, '') = '' "
	"AND (c.location IS NULL OR c.location = '' "
	"     OR c.location IN (SELECT key FROM location WHERE house = ?1)) "
	"ORDER BY c.opened, c.created_at, c.id";

void caseload_row_finish(struct caseload_row *r)
{
	if (!r)
		return;
	free(r->case_id);
	free(r->company_id);
	free(r->company_name);
	free(r->cvr);
	free(r->title);
	free(r->status);
	free(r->location);
	free(r->consultant_id);
	free(r->consultant_name);
	free(r->opened);
	free(r->last_activity);
	*r = (struct caseload_row){ 0 };
}

void caseload_list_free(struct caseload_row *list, int n)
{
	for (int i = 0; i < n; i++)
		caseload_row_finish(&list[i]);
	free(list);
}

struct pair {
	char *key;
	char *name;
	bool active;
};

static int cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->key, ((const struct pair *)b)->key);
}

static const struct pair *find_pair(const struct pair *list, int n, const char *key)
{
	struct pair k = { .key = (char *)key };

	return n > 0 ? bsearch(&k, list, (size_t)n, sizeof *list, cmp_pair) : NULL;
}

static void pairs_free(struct pair *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].key);
		free(list[i].name);
	}
	free(list);
}

/* Rows of (key, name, active), sorted by key; -1 on error. */
static int read_pairs(struct db *db, sqlite3_stmt *st, struct pair **out)
{
	int n = 0, cap = 64, rc;

	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[n].key = db_col_dup(st, 0);
		(*out)[n].name = db_col_dup(st, 1);
		(*out)[n].active = sqlite3_column_int(st, 2) != 0;
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the caseload");
		pairs_free(*out, n);
		*out = NULL;
		return -1;
	}
	qsort(*out, (size_t)n, sizeof **out, cmp_pair);
	return n;
}

static int read_rows(struct db *db, sqlite3_stmt *st, const char *today,
		     struct caseload_row **out)
{
	sqlite3_stmt *names_st = db_stmt(db, "SELECT id, name, active FROM app_user");
	struct pair *names = NULL;
	int n = 0, cap = 64, rc, nnames;

	*out = NULL;
	if (!names_st) {
		sqlite3_reset(st);
		return -1;
	}
	nnames = read_pairs(db, names_st, &names);
	if (nnames < 0) {
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct caseload_row *r = &(*out)[n++];
		*r = (struct caseload_row){ 0 };
		r->case_id = db_col_dup(st, 0);
		r->company_id = db_col_dup(st, 1);
		r->status = db_col_dup(st, 2);
		r->location = db_col_dup(st, 3);
		r->consultant_id = db_col_dup(st, 4);
		r->opened = db_col_dup(st, 5);
		r->last_activity = db_col_dup(st, 6);
		r->overdue = sqlite3_column_int(st, 7);
		r->title = db_col_dup_or_null(st, 8);
		r->company_name = db_col_dup_or_null(st, 9);
		r->cvr = db_col_dup_or_null(st, 10);
		const struct pair *who = find_pair(names, nnames, r->consultant_id);
		r->consultant_name = xstrdup(who ? who->name : "");
		r->consultant_inactive = who && !who->active;
	}
	sqlite3_reset(st);
	pairs_free(names, nnames);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the caseload");
		caseload_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

int caseload_store_list(struct db *db, enum caseload_by by, const char *key, const char *today,
			bool company, struct caseload_row **out)
{
	int which = by == CASELOAD_LOCATION ? 0 : by == CASELOAD_CONSULTANT ? 1 : 2;
	sqlite3_stmt *st = db_stmt(db, list_sql[company ? 1 : 0][which]);

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return read_rows(db, st, today, out);
}

int caseload_store_fill(struct db *db, struct caseload_row *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT c.title, coalesce(co.name, ''), coalesce(co.cvr, '') "
				       "FROM case_file c LEFT JOIN company co ON co.id = c.company_id "
				       "WHERE c.id = ?1");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, r->case_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		free(r->title);
		free(r->company_name);
		free(r->cvr);
		r->title = db_col_dup(st, 0);
		r->company_name = db_col_dup(st, 1);
		r->cvr = db_col_dup(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the company of a case");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int caseload_store_queue(struct db *db, const char *house, const char *location,
			 const char *today, struct caseload_row **out)
{
	sqlite3_stmt *st = db_stmt(db, location ? queue_location_sql : queue_house_sql);

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, location ? location : house, -1, SQLITE_STATIC);
	return read_rows(db, st, today, out);
}
