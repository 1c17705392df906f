/* What an export to a site of another house holds back: every row of a
 * company whose consent does not cover "sharing" now (the rule of
 * company_consent_allows in src/company.c, in SQL), and every row that
 * belongs to such a company: contacts, trust positions, cases and all that
 * hangs off a case (journal, timeline, referrals and their events and
 * report-backs, evaluations, members), import records of those rows, and
 * the audit keys of the company, its contacts and cases (so the personal
 * parts of audit entries about them stay unreadable there). Audit entries
 * themselves (ids and field names only; their chains must stay whole),
 * erasures and consent events (ids only) are not held.
 * See doc/sync-format.md, "Consent". */
#include "db/audit_store.h"
#include "db/db_internal.h"
#include "db/sync_store.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

static const char hold_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS sync_hold (tbl TEXT NOT NULL, id TEXT NOT NULL, "
	"  PRIMARY KEY (tbl, id)) WITHOUT ROWID;\n"
	"DELETE FROM temp.sync_hold;\n"
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'company', id FROM company WHERE NOT "
	"  (coalesce(consent_given, '') <> '' AND coalesce(consent_withdrawn, '') = '' AND "
	"   instr(' ' || replace(consent_scope, ',', ' ') || ' ', ' sharing ') > 0);\n"
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'contact', id FROM contact "
	"  WHERE company_id IN (SELECT id FROM temp.sync_hold WHERE tbl = 'company');\n"
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'trust_position', id FROM trust_position "
	"  WHERE company_id IN (SELECT id FROM temp.sync_hold WHERE tbl = 'company');\n"
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'case_file', id FROM case_file "
	"  WHERE company_id IN (SELECT id FROM temp.sync_hold WHERE tbl = 'company');\n"
#define BY_CASE(t) \
	"INSERT OR IGNORE INTO temp.sync_hold SELECT '" t "', id FROM " t " " \
	"  WHERE case_id IN (SELECT id FROM temp.sync_hold WHERE tbl = 'case_file');\n"
	BY_CASE("journal_entry") BY_CASE("case_event") BY_CASE("referral") BY_CASE("referral_report_back")
	BY_CASE("evaluation") BY_CASE("case_member")
#undef BY_CASE
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'referral_event', id FROM referral_event "
	"  WHERE referral_id IN (SELECT id FROM temp.sync_hold WHERE tbl = 'referral');\n"
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'import_item', i.id FROM import_item i "
	"  JOIN temp.sync_hold h ON h.tbl = i.tbl AND h.id = i.row_id;\n"
	"INSERT OR IGNORE INTO temp.sync_hold SELECT 'audit_key', subject FROM audit_key "
	"  WHERE " AUDIT_KEY_OWNER_SQL " IN (SELECT id FROM temp.sync_hold WHERE tbl IN ('company', 'contact', 'case_file'));\n";

bool sync_store_hold_prepare(struct db *db, const char *peer, long *released)
{
	sqlite3_stmt *st;
	char **keys = NULL;
	int n = 0, cap = 0, rc;
	bool ok;

	*released = 0;
	if (!db_exec(db, hold_sql))
		return false;
	/* held from this peer before, and not any more: send them again */
	st = db_stmt(db, "SELECT w.tbl, w.id FROM sync_withheld w WHERE w.peer = ? AND NOT EXISTS "
			 "(SELECT 1 FROM temp.sync_hold h WHERE h.tbl = w.tbl AND h.id = w.id)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, peer, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n + 2 > cap) {
			cap = cap * 2 + 16;
			keys = xrealloc(keys, (size_t)cap * sizeof *keys);
		}
		keys[n++] = db_col_dup(st, 0);
		keys[n++] = db_col_dup(st, 1);
	}
	sqlite3_reset(st);
	ok = rc == SQLITE_DONE;
	if (!ok)
		db_set_error(db, "cannot read the rows held back");
	for (int i = 0; ok && i < n; i += 2)
		ok = sync_store_resend(db, keys[i], keys[i + 1]);
	for (int i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	if (ok && n > 0) {
		st = db_stmt(db, "DELETE FROM sync_withheld WHERE peer = ? AND NOT EXISTS "
				 "(SELECT 1 FROM temp.sync_hold h WHERE h.tbl = sync_withheld.tbl "
				 "AND h.id = sync_withheld.id)");
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, peer, -1, SQLITE_STATIC);
		ok = db_step_done(db, st);
	}
	*released = n / 2;
	return ok;
}

int sync_store_held(struct db *db, const char *peer, const char *tbl, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM temp.sync_hold WHERE tbl = ? AND id = ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		db_set_error(db, "cannot read the rows held back");
		return -1;
	}
	st = db_stmt(db, "INSERT OR IGNORE INTO sync_withheld(peer, tbl, id) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, peer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	return db_step_done(db, st) ? 1 : -1;
}

/* A hand-over carries one case and its company, with what they need. */
static const char *const only_sql[] = {
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'case_file', id FROM case_file WHERE id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'company', company_id FROM case_file WHERE id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'contact', id FROM contact "
	"  WHERE company_id = (SELECT company_id FROM case_file WHERE id = ?1)",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'consent_event', id FROM consent_event "
	"  WHERE company_id = (SELECT company_id FROM case_file WHERE id = ?1)",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'journal_entry', id FROM journal_entry WHERE case_id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'case_event', id FROM case_event WHERE case_id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'referral', id FROM referral WHERE case_id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'referral_event', id FROM referral_event "
	"  WHERE referral_id IN (SELECT id FROM referral WHERE case_id = ?1)",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'referral_report_back', id FROM referral_report_back "
	"  WHERE case_id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'evaluation', id FROM evaluation WHERE case_id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'case_member', id FROM case_member WHERE case_id = ?1",
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'audit_key', subject FROM audit_key WHERE " AUDIT_KEY_OWNER_SQL " IN "
	"  (SELECT id FROM temp.sync_only WHERE tbl IN ('company', 'contact', 'case_file'))",
	/* the people the records name: consultant, authors, members */
	"INSERT OR IGNORE INTO temp.sync_only SELECT 'app_user', id FROM app_user WHERE id IN "
	"  (SELECT consultant_id FROM case_file WHERE id = ?1 UNION SELECT created_by FROM case_file WHERE id = ?1 "
	"   UNION SELECT author_id FROM journal_entry WHERE case_id = ?1 "
	"   UNION SELECT user_id FROM case_event WHERE case_id = ?1 "
	"   UNION SELECT user_id FROM case_member WHERE case_id = ?1)",
};

bool sync_store_only_case(struct db *db, const char *case_id)
{
	if (!db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_only (tbl TEXT NOT NULL, id TEXT NOT NULL, "
			 "PRIMARY KEY (tbl, id)) WITHOUT ROWID; DELETE FROM temp.sync_only;"))
		return false;
	for (size_t i = 0; i < sizeof only_sql / sizeof only_sql[0]; i++) {
		sqlite3_stmt *st = db_stmt(db, only_sql[i]);

		if (!st)
			return false;
		sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
		if (!db_step_done(db, st))
			return false;
	}
	return true;
}

int sync_store_in_only(struct db *db, const char *tbl, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM temp.sync_only WHERE tbl = ? AND id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	return db_exists(db, st, "cannot read the rows of the hand-over");
}
