/* Duplicate companies and their merge (see integrity_store.h). */
#include "db/db_internal.h"
#include "db/integrity_store.h"
#include "src/xalloc.h"

#include <stdlib.h>

/* Every table that points at a company. */
#define COMPANY_REFS(X) X("contact") X("case_file") X("trust_position") X("consent_event")

void dup_company_list_free(struct dup_company *list, int n)
{
	for (int i = 0; list && i < n; i++) {
		free(list[i].id);
		free(list[i].cvr);
		free(list[i].name);
		free(list[i].town);
		free(list[i].created_at);
	}
	free(list);
}

static void read_dup(sqlite3_stmt *st, void *elem)
{
	struct dup_company *d = elem;

	d->id = db_col_dup(st, 0);
	d->cvr = db_col_dup(st, 1);
	d->name = db_col_dup(st, 2);
	d->town = db_col_dup(st, 3);
	d->created_at = db_col_dup(st, 4);
	d->cases = sqlite3_column_int(st, 5);
	d->contacts = sqlite3_column_int(st, 6);
}

static void release_dup(void *elem)
{
	struct dup_company *d = elem;

	free(d->id);
	free(d->cvr);
	free(d->name);
	free(d->town);
	free(d->created_at);
}

int integrity_store_duplicates(struct db *db, struct dup_company **out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT c.id, c.cvr, c.name, c.town, c.created_at, "
		"(SELECT count(*) FROM case_file f WHERE f.company_id = c.id), "
		"(SELECT count(*) FROM contact k WHERE k.company_id = c.id) "
		"FROM company c WHERE c.merged_into IS NULL AND coalesce(c.cvr, '') <> '' AND c.cvr IN "
		"(SELECT cvr FROM company WHERE merged_into IS NULL AND coalesce(cvr, '') <> '' "
		" GROUP BY cvr HAVING count(*) > 1) ORDER BY c.cvr, c.created_at, c.id");

	*out = NULL;
	if (!st)
		return -1;
	return db_collect(db, st, sizeof **out, read_dup, release_dup, (void **)out,
			  "cannot list duplicate companies");
}

bool integrity_store_merge(struct db *db, const char *keep, const char *drop, int *moved)
{
	static const char *const sql[] = {
#define MOVE(t) "UPDATE " t " SET company_id = ?1 WHERE company_id = ?2",
		COMPANY_REFS(MOVE)
#undef MOVE
	};
	sqlite3_stmt *st;

	*moved = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if (!(st = db_stmt(db, sql[i])))
			return false;
		sqlite3_bind_text(st, 1, keep, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, drop, -1, SQLITE_STATIC);
		if (!db_step_done(db, st))
			return false;
		*moved += sqlite3_changes(db->h);
	}
	if (!(st = db_stmt(db, "UPDATE company SET merged_into = ?1 WHERE id = ?2")))
		return false;
	sqlite3_bind_text(st, 1, keep, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, drop, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int integrity_store_redirect(struct db *db)
{
	static const char *const sql[] = {
#define REDIRECT(t) "UPDATE " t " SET company_id = (SELECT merged_into FROM company m " \
		"WHERE m.id = " t ".company_id) WHERE company_id IN (SELECT id FROM company " \
		"WHERE merged_into IS NOT NULL AND merged_into <> id)",
		COMPANY_REFS(REDIRECT)
#undef REDIRECT
	};
	int total = 0;

	/* a chain (a into b, b into c) takes a step per round; a cycle (two
	 * sites merged the pair each its own way) stops after a few */
	for (int round = 0; round < 8; round++) {
		int changed = 0;

		for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
			sqlite3_stmt *st = db_stmt(db, sql[i]);

			if (!st || !db_step_done(db, st))
				return -1;
			changed += sqlite3_changes(db->h);
		}
		total += changed;
		if (!changed)
			break;
	}
	return total;
}

/* Each ring of companies merged into one another (two sites merged a pair
 * each its own way, offline): its member with the smallest id, which every
 * site picks alike. */
int integrity_store_merge_rings(struct db *db, char ***ids)
{
	sqlite3_stmt *st = db_stmt(db,
		"WITH RECURSIVE walk(start, cur, n) AS ("
		"  SELECT id, merged_into, 1 FROM company WHERE merged_into IS NOT NULL AND merged_into <> id "
		"  UNION ALL "
		"  SELECT w.start, c.merged_into, w.n + 1 FROM walk w JOIN company c ON c.id = w.cur "
		"  WHERE c.merged_into IS NOT NULL AND w.cur <> w.start AND w.n < 64), "
		"ring AS (SELECT DISTINCT start FROM walk WHERE cur = start) "
		"SELECT start FROM ring WHERE start = (SELECT min(cur) FROM walk w WHERE w.start = ring.start) "
		"ORDER BY start");

	*ids = NULL;
	if (!st)
		return -1;
	return db_collect_strings(db, st, ids, "cannot follow the merges");
}

bool integrity_store_unmerge(struct db *db, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE company SET merged_into = NULL WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
