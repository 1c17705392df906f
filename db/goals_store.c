/* Aggregating reads for the goals. Served cases come in steps: for a
 * house or location, the keys of its cases from the covering index
 * case_file(location, id); one range scan of the period's meetings on the
 * journal_entry_meeting index (kind, occurred, case_id), counted per case
 * here and only for cases in scope; then one key lookup per served case
 * (and per in-scope company). Everything else is aggregated by the caller
 * in one pass. The period reads use covering indexes (migration 0016). */
#include "db/db_internal.h"
#include "db/goals_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Step 1: the period's meetings, counted per case in a hash table (a SQL
 * GROUP BY would sort the year's meetings by their text case ids). */
struct meet {
	char *case_id;
	int n;
	char first[11], last[11];
};

struct meetings {
	struct meet *slots;
	size_t cap, n;
};

static size_t hash_id(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct meet *meet_find(struct meetings *m, const char *id, bool add)
{
	size_t i = hash_id(id) & (m->cap - 1);

	for (; m->slots[i].case_id; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slots[i].case_id, id) == 0)
			return &m->slots[i];
	if (!add)
		return NULL;
	m->slots[i].case_id = xstrdup(id);
	m->n++;
	return &m->slots[i];
}

static void meetings_grow(struct meetings *m)
{
	struct meetings bigger = { xcalloc(m->cap * 2, sizeof *m->slots), m->cap * 2, 0 };

	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].case_id)
			continue;
		size_t j = hash_id(m->slots[i].case_id) & (bigger.cap - 1);
		while (bigger.slots[j].case_id)
			j = (j + 1) & (bigger.cap - 1);
		bigger.slots[j] = m->slots[i];
		bigger.n++;
	}
	free(m->slots);
	*m = bigger;
}

static void meetings_free(struct meetings *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].case_id);
	free(m->slots);
}

/* Step 0, for a house or a location: the keys of its cases (any status,
 * any date), from the covering index case_file(location, id), as entries
 * without meetings; step 1 then counts only meetings of these cases, so
 * the served cases of other houses are never looked up. */
static bool collect_scope(struct db *db, const struct goals_scope *sc, struct meetings *m)
{
	sqlite3_stmt *st = sc->location
		? db_stmt(db, "SELECT id FROM case_file WHERE location IN (SELECT key FROM location "
			      "WHERE instr(',' || ?1 || ',', ',' || key || ',') > 0)")
		: db_stmt(db, "SELECT id FROM case_file "
			      "WHERE location IN (SELECT key FROM location WHERE house = ?1)");
	int rc;

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sc->location ? sc->location : sc->house, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		if (!id)
			continue;
		if (m->n * 2 >= m->cap)
			meetings_grow(m);
		meet_find(m, id, true);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the cases in scope");
		return false;
	}
	return true;
}

static bool collect_meetings(struct db *db, const struct goals_scope *sc, struct meetings *m)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT case_id, occurred FROM journal_entry "
				       "WHERE kind = 'meeting' AND occurred >= ?1 AND occurred < ?2");
	bool scoped = sc->house || sc->location;
	int rc;

	/* a house has tens of thousands of cases: start big enough that the
	 * table is rebuilt a few times, not a dozen */
	m->cap = scoped ? 32768 : 1024;
	m->n = 0;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	if (!st || (scoped && !collect_scope(db, sc, m)))
		return false;
	sqlite3_bind_text(st, 1, sc->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sc->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *on = (const char *)sqlite3_column_text(st, 1);
		char day[11];

		if (!id || !on)
			continue;
		if (m->n * 2 >= m->cap)
			meetings_grow(m);
		struct meet *e = meet_find(m, id, !scoped);
		if (!e)
			continue;       /* a case outside the scope */
		snprintf(day, sizeof day, "%.10s", on);
		if (e->n == 0 || strcmp(day, e->first) < 0)
			memcpy(e->first, day, sizeof day);
		if (e->n == 0 || strcmp(day, e->last) > 0)
			memcpy(e->last, day, sizeof day);
		e->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read meetings");
		return false;
	}
	return true;
}

/* Step 2: the served cases' details, their ids passed as one JSON array;
 * the scope is tested on the case before its company is read. */
#define SERVED_SELECT(EXTRA) \
	"SELECT c.id, coalesce(co.merged_into, co.id), co.cvr, co.is_prestart, " \
	"coalesce(nullif(co.target_group, ''), c.target_group), co.growth_ambition, c.themes, " \
	"c.source, coalesce((SELECT house FROM location WHERE key = c.location), ''), " EXTRA \
	"FROM json_each(?1) m JOIN case_file c ON c.id = m.value " \
	"JOIN company co ON co.id = c.company_id " \
	"WHERE (?2 IS NULL OR c.location IN (SELECT key FROM location WHERE house = ?2)) " \
	"AND (?3 IS NULL OR instr(',' || ?3 || ',', ',' || c.location || ',') > 0) "

static const char served_sql[] = SERVED_SELECT("0, '' ");
/* the extract adds whether the case was evaluated and its referral
 * destinations in the period (not withdrawn), separated by \037 */
static const char served_by_cvr_sql[] = SERVED_SELECT(
	"EXISTS (SELECT 1 FROM evaluation e WHERE e.case_id = c.id), "
	"(SELECT group_concat(name, char(31)) FROM (SELECT DISTINCT o.name FROM referral r "
	" JOIN organisation o ON o.id = r.organisation_id WHERE r.case_id = c.id "
	" AND r.referred_on >= ?4 AND r.referred_on < ?5 AND r.status != 'withdrawn')) ")
	"AND co.cvr IS NOT NULL AND co.is_prestart = 0 ORDER BY co.cvr, c.opened, c.id";

static char *ids_json(const struct meetings *m)
{
	size_t len = 2 + m->n * 40;
	char *json = xmalloc(len + 1), *p = json;

	*p++ = '[';
	for (size_t i = 0; i < m->cap; i++) {
		const char *id = m->slots[i].case_id;

		if (!id || m->slots[i].n == 0 || strpbrk(id, "\"\\"))
			continue;        /* keys are UUIDs; anything else cannot be served */
		size_t n = strlen(id);
		if ((size_t)(p - json) + n + 4 > len) {
			size_t off = (size_t)(p - json);
			len = 2 * len + n + 4;
			json = xrealloc(json, len + 1);
			p = json + off;
		}
		if (p > json + 1)
			*p++ = ',';
		*p++ = '"';
		memcpy(p, id, n);
		p += n;
		*p++ = '"';
	}
	*p++ = ']';
	*p = '\0';
	return json;
}

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
	struct meetings m;
	sqlite3_stmt *st;
	char *json;
	int rc;

	if (!collect_meetings(db, sc, &m)) {
		meetings_free(&m);
		return false;
	}
	st = db_stmt(db, by_cvr ? served_by_cvr_sql : served_sql);
	if (!st) {
		meetings_free(&m);
		return false;
	}
	json = ids_json(&m);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, sc->house);
	db_bind_text_or_null(st, 3, sc->location);
	if (by_cvr) {
		sqlite3_bind_text(st, 4, sc->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, sc->to, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct meet *e = meet_find(&m, col(st, 0), false);
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
			.evaluated = sqlite3_column_int(st, 9) != 0,
			.referrals = col(st, 10),
			.meetings = e ? e->n : 0,
			.first = e ? e->first : "",
			.last = e ? e->last : "",
		};
		fn(ctx, &c);
	}
	sqlite3_reset(st);
	free(json);
	meetings_free(&m);
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
		"FROM case_file c INDEXED BY case_file_opened_scope "
		"JOIN company co ON co.id = c.company_id "
		"WHERE c.opened >= ?1 AND c.opened < ?2 "
		"AND (?3 IS NULL OR c.location IN (SELECT key FROM location WHERE house = ?3)) "
		"AND (?4 IS NULL OR instr(',' || ?4 || ',', ',' || c.location || ',') > 0)");
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
