/* Export queries: one statement stepped to the end, rows handed out as
 * text so nothing is copied per row. */
#include "db/db_internal.h"
#include "db/export_store.h"

long export_store_companies(struct db *db, const char *house, const char *from, const char *to,
			    bool (*row)(void *ctx, const char *const *values), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT coalesce(c.cvr, ''), coalesce(c.pnumber, ''), c.name, c.address, c.postcode, "
		"c.town, coalesce(m.name, ''), c.industry_code, c.size_class, "
		"coalesce(c.founded_year, ''), c.target_group, c.growth_ambition, "
		"substr(c.created_at, 1, 10), c.id "
		"FROM company c LEFT JOIN municipality m ON m.code = c.municipality_code "
		"WHERE c.merged_into IS NULL AND c.is_prestart = 0 "
		"AND (?1 IS NULL OR m.house = ?1) "
		"AND (?2 IS NULL OR substr(c.created_at, 1, 10) >= ?2) "
		"AND (?3 IS NULL OR substr(c.created_at, 1, 10) <= ?3) "
		"ORDER BY c.name COLLATE da, c.cvr");
	const char *values[EXPORT_CO_COUNT + 1];
	long n = 0;
	int rc;

	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, house);
	db_bind_text_or_null(st, 2, from);
	db_bind_text_or_null(st, 3, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i <= EXPORT_CO_COUNT; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);

			values[i] = t ? (const char *)t : "";
		}
		n++;
		if (!row(ctx, values)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read companies");
		n = -1;
	}
	sqlite3_reset(st);
	return n;
}
