/* Caseload and queue reads. The open cases come by the indexes on
 * case_file(location, status) or (consultant_id, status); the last journal
 * date is one probe of journal_entry(case_id, occurred) per case, the
 * overdue follow-ups one of referral(case_id, ...). */
#include "db/caseload_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdlib.h>

#define ROW_SELECT \
	"SELECT c.id, co.name, coalesce(co.cvr, ''), c.title, c.status, " \
	"coalesce(c.location, ''), coalesce(c.consultant_id, ''), coalesce(u.name, ''), " \
	"c.opened, coalesce((SELECT max(j.occurred) FROM journal_entry j " \
	"                    WHERE j.case_id = c.id), ''), " \
	"(SELECT count(*) FROM referral r WHERE r.case_id = c.id " \
	" AND r.status IN ('proposed', 'sent', 'accepted') AND r.follow_up < ?2) " \
	"FROM case_file c JOIN company co ON co.id = c.company_id " \
	"LEFT JOIN app_user u ON u.id = c.consultant_id "
#define OPEN "c.status IN ('new', 'assigned', 'active') "

static const char by_location_sql[] = ROW_SELECT "WHERE c.location = ?1 AND " OPEN
	"ORDER BY c.opened, c.id";
static const char by_consultant_sql[] = ROW_SELECT "WHERE c.consultant_id = ?1 AND " OPEN
	"ORDER BY c.opened, c.id";
static const char by_house_sql[] = ROW_SELECT
	"WHERE c.location IN (SELECT key FROM location WHERE house = ?1) AND " OPEN
	"ORDER BY c.opened, c.id";
static const char queue_location_sql[] = ROW_SELECT
	"WHERE c.status = 'new' AND c.location = ?1 AND coalesce(c.consultant_id, '') = '' "
	"ORDER BY c.opened, c.created_at, c.id";
static const char queue_house_sql[] = ROW_SELECT
	"WHERE c.status = 'new' AND coalesce(c.consultant_id, '') = '' "
	"AND (c.location IS NULL OR c.location = '' "
	"     OR c.location IN (SELECT key FROM location WHERE house = ?1)) "
	"ORDER BY c.opened, c.created_at, c.id";

void caseload_row_finish(struct caseload_row *r)
{
	if (!r)
		return;
	free(r->case_id);
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

static int read_rows(struct db *db, sqlite3_stmt *st, struct caseload_row **out)
{
	int n = 0, cap = 64, rc;

	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct caseload_row *r = &(*out)[n++];
		*r = (struct caseload_row){ 0 };
		r->case_id = db_col_dup(st, 0);
		r->company_name = db_col_dup(st, 1);
		r->cvr = db_col_dup(st, 2);
		r->title = db_col_dup(st, 3);
		r->status = db_col_dup(st, 4);
		r->location = db_col_dup(st, 5);
		r->consultant_id = db_col_dup(st, 6);
		r->consultant_name = db_col_dup(st, 7);
		r->opened = db_col_dup(st, 8);
		r->last_activity = db_col_dup(st, 9);
		r->overdue = sqlite3_column_int(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the caseload");
		caseload_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

int caseload_store_list(struct db *db, enum caseload_by by, const char *key, const char *today,
			struct caseload_row **out)
{
	const char *sql = by == CASELOAD_LOCATION ? by_location_sql
			  : by == CASELOAD_CONSULTANT ? by_consultant_sql : by_house_sql;
	sqlite3_stmt *st = db_stmt(db, sql);

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	return read_rows(db, st, out);
}

int caseload_store_queue(struct db *db, const char *house, const char *location,
			 const char *today, struct caseload_row **out)
{
	sqlite3_stmt *st = db_stmt(db, location ? queue_location_sql : queue_house_sql);

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, location ? location : house, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	return read_rows(db, st, out);
}
