/* Company search: a first, plain version (CVR prefix, name prefix by the
 * name_key index, then FTS5 word prefixes). Tuned later by the search work. */
#include "db/company_store.h"
#include "db/db_internal.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

long company_store_count(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM company WHERE merged_into IS NULL");
	long n = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* An FTS5 query of quoted word prefixes: "nor"* "bank"* */
static char *fts_query(const char *q)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = q;

	while (*p) {
		while (*p && (isspace((unsigned char)*p) || *p == '"'))
			p++;
		const char *start = p;
		while (*p && !isspace((unsigned char)*p) && *p != '"')
			p++;
		if (p > start) {
			strbuf_addch(&sb, '"');
			strbuf_add(&sb, start, (size_t)(p - start));
			strbuf_addstr(&sb, "\"* ");
		}
	}
	return strbuf_detach(&sb);
}

int company_store_search(struct db *db, const char *query, int limit, int offset,
			 struct company_hit **out)
{
	sqlite3_stmt *st = db_stmt(db,
		"WITH q(fts, key, digits) AS (SELECT ?1, ?2, ?3), "
		"hits(id, rank) AS ("
		"  SELECT c.id, 0 FROM company c, q WHERE q.digits <> '' AND c.cvr = q.digits "
		"  UNION ALL SELECT c.id, 1 FROM company c, q WHERE q.digits <> '' "
		"    AND c.cvr > q.digits AND c.cvr < q.digits || ':' "
		"  UNION ALL SELECT c.id, 2 FROM company c, q WHERE q.key <> '' "
		"    AND c.name_key >= q.key AND c.name_key < q.key || x'f48fbfbf' "
		"  UNION ALL SELECT c.id, 3 FROM company_fts f JOIN company c ON c.rowid = f.rowid, q "
		"    WHERE q.fts <> '' AND company_fts MATCH q.fts) "
		"SELECT c.id, coalesce(c.cvr, ''), c.name, c.town, "
		"  coalesce((SELECT group_concat(name, ', ') FROM contact WHERE company_id = c.id), '') "
		"FROM (SELECT id, min(rank) AS rank FROM hits GROUP BY id) h JOIN company c ON c.id = h.id "
		"WHERE c.merged_into IS NULL "
		"ORDER BY h.rank, c.name COLLATE da, c.id LIMIT ?4 OFFSET ?5");
	sqlite3_stmt *all = db_stmt(db,
		"SELECT c.id, coalesce(c.cvr, ''), c.name, c.town, '' FROM company c "
		"WHERE c.merged_into IS NULL ORDER BY c.name COLLATE da, c.id LIMIT ?1 OFFSET ?2");
	char key[512], digits[16] = "";
	int n = 0, rc = SQLITE_DONE;

	*out = NULL;
	if (!st || !all)
		return -1;
	if (limit <= 0)
		limit = 50;
	if (!*query) {
		st = all;
		sqlite3_bind_int(st, 1, limit);
		sqlite3_bind_int(st, 2, offset);
	} else {
		char *fq = fts_query(query);
		size_t nd = 0;
		for (const char *p = query; *p && nd < 8; p++) {
			if (isdigit((unsigned char)*p))
				digits[nd++] = *p;
			else if (*p != ' ')
				break;
		}
		digits[strspn(query, "0123456789 ") == strlen(query) ? nd : 0] = '\0';
		db_fold_name(query, key, sizeof key);
		sqlite3_bind_text(st, 1, fq, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, digits, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, limit);
		sqlite3_bind_int(st, 5, offset);
		free(fq);
	}
	*out = xcalloc((size_t)limit, sizeof **out);
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*out)[n].id = db_col_dup(st, 0);
		(*out)[n].cvr = db_col_dup(st, 1);
		(*out)[n].name = db_col_dup(st, 2);
		(*out)[n].town = db_col_dup(st, 3);
		(*out)[n].contacts = db_col_dup(st, 4);
		n++;
	}
	if (n < limit && rc != SQLITE_DONE) {
		db_set_error(db, "search failed");
		sqlite3_reset(st);
		company_hits_free(*out, n);
		*out = NULL;
		return -1;
	}
	sqlite3_reset(st);
	return n;
}
