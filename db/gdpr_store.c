/* Data-protection queries (see gdpr_store.h). */
#include "db/audit_store.h"
#include "db/db_internal.h"
#include "db/gdpr_store.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every free-text column that may name a person. */
#define FREE_TEXT(X) \
	X("journal_entry", "summary") \
	X("journal_entry", "participants") \
	X("case_file", "title") \
	X("case_file", "outcome") \
	X("case_event", "reason") \
	X("case_event", "from_value") \
	X("case_event", "to_value") \
	X("referral", "reason") \
	X("referral", "outcome") \
	X("referral_event", "note") \
	X("referral_report_back", "summary") \
	X("trust_position", "note") \
	X("evaluation", "comment") \
	X("import_item", "old_value") \
	X("import_item", "new_value")

static const struct {
	const char *tbl, *col, *find, *scrub;
} columns[] = {
#define COLUMN(t, c) { t, c, "SELECT id, " c " FROM " t " WHERE instr(" c ", ?1) > 0", \
		       "UPDATE " t " SET " c " = replace(" c ", ?1, ?2) WHERE instr(" c ", ?1) > 0" },
	FREE_TEXT(COLUMN)
#undef COLUMN
};

#define N_COLUMNS (sizeof columns / sizeof columns[0])

void gdpr_mention_list_free(struct gdpr_mention *list, int n)
{
	if (!list)
		return;
	for (int i = 0; i < n; i++) {
		free(list[i].row_id);
		free(list[i].text);
	}
	free(list);
}

int gdpr_store_mentions(struct db *db, const char *const *needles, struct gdpr_mention **out)
{
	int n = 0, cap = 8;

	*out = xcalloc((size_t)cap, sizeof **out);
	for (size_t c = 0; c < N_COLUMNS; c++) {
		for (const char *const *nd = needles; *nd; nd++) {
			sqlite3_stmt *st = db_stmt(db, columns[c].find);
			int rc;
			if (!**nd)
				continue;
			if (!st)
				goto fail;
			sqlite3_bind_text(st, 1, *nd, -1, SQLITE_STATIC);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				const char *id = (const char *)sqlite3_column_text(st, 0);
				bool seen = false;
				for (int i = 0; i < n && !seen; i++)
					seen = (*out)[i].tbl == columns[c].tbl && (*out)[i].col == columns[c].col &&
					       strcmp((*out)[i].row_id, id) == 0;
				if (seen)
					continue;
				if (n == cap) {
					cap *= 2;
					*out = xrealloc(*out, (size_t)cap * sizeof **out);
				}
				(*out)[n++] = (struct gdpr_mention){ columns[c].tbl, columns[c].col,
								     db_col_dup(st, 0), db_col_dup(st, 1) };
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE) {
				db_set_error(db, "cannot search free text");
				goto fail;
			}
		}
	}
	return n;
fail:
	gdpr_mention_list_free(*out, n);
	*out = NULL;
	return -1;
}

int gdpr_store_scrub(struct db *db, const char *const *needles, const char *replacement)
{
	int changed = 0;

	for (size_t c = 0; c < N_COLUMNS; c++) {
		for (const char *const *nd = needles; *nd; nd++) {
			sqlite3_stmt *st = db_stmt(db, columns[c].scrub);
			if (!**nd)
				continue;
			if (!st)
				return -1;
			sqlite3_bind_text(st, 1, *nd, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, replacement, -1, SQLITE_STATIC);
			if (!db_step_done(db, st))
				return -1;
			changed += sqlite3_changes(db->h);
		}
	}
	return changed;
}

bool gdpr_store_anonymise_contact(struct db *db, const char *id, const char *name, const char *at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE contact SET name = ?, role = '', email = '', phone = '' "
				       "WHERE id = ?");

	(void)at;
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool gdpr_store_erasure_insert(struct db *db, const char *id, const char *kind, const char *subject_id,
			       const char *decision, const char *reason, const char *at,
			       const char *user_id)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO erasure (id, subject_kind, subject_id, decision, "
				       "reason, at, user_id) VALUES (?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, user_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int gdpr_store_erased(struct db *db, const char *subject_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM erasure WHERE subject_id = ? "
				       "AND decision IN ('erased', 'purged')");
	int n = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	if (n < 0)
		db_set_error(db, "cannot read erasures");
	return n;
}

int gdpr_store_erased_but_named(struct db *db, const char *marker, char ***out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT c.id FROM contact c WHERE c.id IN (SELECT subject_id "
				       "FROM erasure WHERE subject_kind = 'contact' AND decision = 'erased') "
				       "AND (c.name <> ? OR c.role <> '' OR c.email <> '' "
				       "OR c.phone <> '') ORDER BY c.id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, marker, -1, SQLITE_STATIC);
	return db_collect_strings(db, st, out, "cannot read erasures");
}

int gdpr_store_expired_cases(struct db *db, const char *cutoff, char ***out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM case_file c WHERE status = 'closed' "
				       "AND closed IS NOT NULL AND closed < ? AND NOT EXISTS "
				       "(SELECT 1 FROM erasure e WHERE e.subject_id = c.id) ORDER BY closed, id");
	int n = 0, cap = 16, rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, cutoff, -1, SQLITE_STATIC);
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[n++] = db_col_dup(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot list expired cases");
		for (int i = 0; i < n; i++)
			free((*out)[i]);
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

bool gdpr_store_purge_case(struct db *db, const char *case_id)
{
	static const char *const sql[] = {
		"UPDATE case_file SET title = '', outcome = '' WHERE id = ?1",
		"UPDATE journal_entry SET summary = '', participants = '' WHERE case_id = ?1",
		"UPDATE case_event SET reason = '' WHERE case_id = ?1",
		"UPDATE referral SET reason = '', outcome = '' WHERE case_id = ?1",
		"UPDATE referral_event SET note = '' WHERE referral_id IN (SELECT id FROM referral WHERE case_id = ?1)",
		"UPDATE referral_report_back SET summary = '' WHERE case_id = ?1",
		"UPDATE evaluation SET comment = '' WHERE case_id = ?1",
	};

	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st = db_stmt(db, sql[i]);
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
		if (!db_step_done(db, st))
			return false;
	}
	return true;
}

bool gdpr_store_compact(struct db *db)
{
	sqlite3_stmt *st;
	bool ok;

	/* the search index keeps deleted tokens in old segments until merged */
	if (!db_exec(db, "INSERT INTO company_fts(company_fts) VALUES ('optimize')"))
		return false;
	if (sqlite3_prepare_v2(db->h, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "cannot checkpoint");
		return false;
	}
	ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "the write-ahead log is in use by another program; run again when it is closed");
		return false;
	}
	if (!db_exec(db, "VACUUM"))
		return false;
	if (!db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)"))
		return false;
	return true;
}

bool gdpr_store_consent_insert(struct db *db, const struct consent_event *e)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO consent_event (id, company_id, kind, scope, "
				       "text_version, at, user_id) VALUES (?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->scope ? e->scope : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->text_version ? e->text_version : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->user_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

void consent_event_list_free(struct consent_event *list, int n)
{
	if (!list)
		return;
	for (int i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].company_id);
		free(list[i].kind);
		free(list[i].scope);
		free(list[i].text_version);
		free(list[i].at);
		free(list[i].user_id);
		free(list[i].user_name);
	}
	free(list);
}

int gdpr_store_consent_list(struct db *db, const char *company_id, struct consent_event **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT e.id, e.company_id, e.kind, e.scope, e.text_version, e.at, "
				       "e.user_id, coalesce(u.name, '') FROM consent_event e "
				       "LEFT JOIN app_user u ON u.id = e.user_id WHERE e.company_id = ? "
				       "ORDER BY e.at, e.id");
	int n = 0, cap = 4, rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct consent_event *e = &(*out)[n++];
		e->id = db_col_dup(st, 0);
		e->company_id = db_col_dup(st, 1);
		e->kind = db_col_dup(st, 2);
		e->scope = db_col_dup(st, 3);
		e->text_version = db_col_dup(st, 4);
		e->at = db_col_dup(st, 5);
		e->user_id = db_col_dup(st, 6);
		e->user_name = db_col_dup(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the consent history");
		consent_event_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

int case_member_store_is(struct db *db, const char *case_id, const char *user_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM case_member WHERE case_id = ? AND user_id = ? LIMIT 1");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	return db_exists(db, st, "cannot read case members");
}

bool case_member_store_add(struct db *db, const char *id, const char *case_id, const char *user_id,
			   const char *added_by, const char *at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_member (id, case_id, user_id, added_by, added_at) "
				       "VALUES (?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, added_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_member(sqlite3_stmt *st, void *elem)
{
	struct case_member *m = elem;

	m->user_id = db_col_dup(st, 0);
	m->name = db_col_dup(st, 1);
	m->initials = db_col_dup(st, 2);
	m->location = db_col_dup(st, 3);
	m->added_by_name = db_col_dup(st, 4);
	m->added_at = db_col_dup(st, 5);
	m->inactive = sqlite3_column_int(st, 6) != 0;
}

static void member_finish(void *elem)
{
	struct case_member *m = elem;

	free(m->user_id);
	free(m->name);
	free(m->initials);
	free(m->location);
	free(m->added_by_name);
	free(m->added_at);
}

void case_member_list_free(struct case_member *list, int n)
{
	for (int i = 0; i < n; i++)
		member_finish(&list[i]);
	free(list);
}

int case_member_store_list(struct db *db, const char *case_id, struct case_member **out)
{
	/* two sites may add the same member: one row per user, the first addition */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT m.user_id, coalesce(u.name, m.user_id), coalesce(u.initials, ''), "
		"coalesce(u.location, ''), coalesce(b.name, ''), min(m.added_at), "
		"coalesce(u.active, 1) = 0 "
		"FROM case_member m LEFT JOIN app_user u ON u.id = m.user_id "
		"LEFT JOIN app_user b ON b.id = m.added_by WHERE m.case_id = ? "
		"GROUP BY m.user_id ORDER BY 2 COLLATE da, m.user_id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_member, member_finish, (void **)out,
			  "cannot read case members");
}

bool case_member_store_remove(struct db *db, const char *case_id, const char *user_id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM case_member WHERE case_id = ? AND user_id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int gdpr_store_drop_erased_keys(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM audit_key WHERE " AUDIT_KEY_OWNER_SQL " IN "
				       "(SELECT subject_id FROM erasure WHERE subject_kind = 'contact' "
				       "AND decision = 'erased')");

	if (!st || !db_step_done(db, st))
		return -1;
	return sqlite3_changes(db->h);
}
