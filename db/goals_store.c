/* Aggregating reads for the goals. The served-case query drives from the
 * journal_entry_meeting index (kind, occurred, case_id), so a year costs
 * one range scan of that year's meetings plus a key lookup per served case;
 * everything else is aggregated by the caller in one pass. */
#include "db/db_internal.h"
#include "db/goals_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SERVED_SELECT \
	"SELECT m.case_id, coalesce(co.merged_into, co.id), co.cvr, co.is_prestart, " \
	"coalesce(nullif(co.target_group, ''), c.target_group), co.growth_ambition, c.themes, " \
	"c.source, coalesce(l.house, ''), m.n, m.first, m.last, " \
	"EXISTS (SELECT 1 FROM evaluation e WHERE e.case_id = m.case_id), " \
	REFERRALS_COLUMN \
	"FROM (SELECT case_id, count(*) AS n, min(occurred) AS first, max(occurred) AS last " \
	"      FROM journal_entry WHERE kind = 'meeting' AND occurred >= ?1 AND occurred < ?2 " \
	"      GROUP BY case_id) m " \
	"JOIN case_file c ON c.id = m.case_id " \
	"JOIN company co ON co.id = c.company_id " \
	"LEFT JOIN location l ON l.key = c.location " \
	"WHERE (?3 IS NULL OR l.house = ?3) AND (?4 IS NULL OR c.location = ?4) "

#define REFERRALS_COLUMN "'' "
static const char served_sql[] = SERVED_SELECT;
#undef REFERRALS_COLUMN
/* the extract adds the case's referral destinations in the period (not
 * withdrawn), names separated by the unit separator */
#define REFERRALS_COLUMN \
	"(SELECT group_concat(name, char(31)) FROM (SELECT DISTINCT o.name FROM referral r " \
	" JOIN organisation o ON o.id = r.organisation_id WHERE r.case_id = m.case_id " \
	" AND r.referred_on >= ?1 AND r.referred_on < ?2 AND r.status != 'withdrawn')) "
static const char served_by_cvr_sql[] = SERVED_SELECT
	"AND co.cvr IS NOT NULL AND co.is_prestart = 0 ORDER BY co.cvr, m.first";
#undef REFERRALS_COLUMN

static void bind_scope(sqlite3_stmt *st, const struct goals_scope *sc)
{
	sqlite3_bind_text(st, 1, sc->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sc->to, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, sc->house);
	db_bind_text_or_null(st, 4, sc->location);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

bool goals_store_served(struct db *db, const struct goals_scope *sc, bool by_cvr,
			served_case_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, by_cvr ? served_by_cvr_sql : served_sql);
	int rc;

	if (!st)
		return false;
	bind_scope(st, sc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct served_case c = {
			.case_id = col(st, 0),
			.company_key = col(st, 1),
			.cvr = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : col(st, 2),
			.is_prestart = sqlite3_column_int(st, 3) != 0,
			.target_group = col(st, 4),
			.growth = col(st, 5),
			.themes = col(st, 6),
			.source = col(st, 7),
			.house = col(st, 8),
			.meetings = sqlite3_column_int(st, 9),
			.first = col(st, 10),
			.last = col(st, 11),
			.evaluated = sqlite3_column_int(st, 12) != 0,
			.referrals = col(st, 13),
		};
		fn(ctx, &c);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read served cases");
		return false;
	}
	return true;
}

bool goals_store_registrations(struct db *db, const struct goals_scope *sc,
			       struct registrations *out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT count(*), "
		"coalesce(sum(co.cvr IS NOT NULL AND co.is_prestart = 0), 0), "
		"coalesce(sum(co.is_prestart != 0), 0), "
		"coalesce(sum(c.source = 'municipality'), 0) "
		"FROM case_file c JOIN company co ON co.id = c.company_id "
		"LEFT JOIN location l ON l.key = c.location "
		"WHERE c.opened >= ?1 AND c.opened < ?2 "
		"AND (?3 IS NULL OR l.house = ?3) AND (?4 IS NULL OR c.location = ?4)");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return false;
	bind_scope(st, sc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->cases = sqlite3_column_int(st, 0);
		out->with_cvr = sqlite3_column_int(st, 1);
		out->prestart = sqlite3_column_int(st, 2);
		out->from_municipality = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_set_error(db, "cannot count registrations");
		return false;
	}
	return true;
}
