/* Caseload and queue reads. The open cases come by the indexes on
 * case_file(location, status) or (consultant_id, status); the last journal
 * date is one probe of journal_entry(case_id, occurred) per case. */
#include "db/caseload_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Consultant names and overdue follow-ups are read once per list (a few
 * hundred users, the few open referrals past their date) and matched
 * here, not joined per row. */
#define ROW_SELECT \
	"SELECT c.id, co.name, coalesce(co.cvr, ''), c.title, c.status, " \
	"coalesce(c.location, ''), coalesce(c.consultant_id, ''), " \
	"c.opened, coalesce((SELECT max(j.occurred) FROM journal_entry j " \
	"                    WHERE j.case_id = c.id), '') " \
	"FROM case_file c JOIN company co ON co.id = c.company_id "
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

struct pair {
	char *key;
	char *name;
	int count;
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

/* Rows of (key, name or count), sorted by key; -1 on error. */
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
		(*out)[n].count = sqlite3_column_int(st, 1);
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
	sqlite3_stmt *names_st = db_stmt(db, "SELECT id, name FROM app_user");
	sqlite3_stmt *due_st = db_stmt(db, "SELECT case_id, count(*) FROM referral "
					   "WHERE follow_up < ?1 "
					   "AND status IN ('proposed', 'sent', 'accepted') "
					   "GROUP BY case_id");
	struct pair *names = NULL, *due = NULL;
	int n = 0, cap = 64, rc, nnames, ndue;

	*out = NULL;
	if (!names_st || !due_st)
		return -1;
	sqlite3_bind_text(due_st, 1, today, -1, SQLITE_STATIC);
	nnames = read_pairs(db, names_st, &names);
	ndue = nnames < 0 ? -1 : read_pairs(db, due_st, &due);
	if (nnames < 0 || ndue < 0) {
		pairs_free(names, nnames);
		sqlite3_reset(st);
		return -1;
	}
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
		r->opened = db_col_dup(st, 7);
		r->last_activity = db_col_dup(st, 8);
		const struct pair *who = find_pair(names, nnames, r->consultant_id);
		r->consultant_name = xstrdup(who ? who->name : "");
		const struct pair *d = find_pair(due, ndue, r->case_id);
		r->overdue = d ? d->count : 0;
	}
	sqlite3_reset(st);
	pairs_free(names, nnames);
	pairs_free(due, ndue);
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
	return read_rows(db, st, today, out);
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
