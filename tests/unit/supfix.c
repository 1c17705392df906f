/* The supervision fixture. Houses: midtjylland (locations aarhus, herning)
 * and hovedstaden (kobenhavn). Today is 2026-03-02 (KNUDEPUNKT_NOW).
 *
 * companies: A micro/high (CVR 12345678); B sme/moderate (23456789);
 *   C pre-start; D micro/none (34567890); E sme (45678901, served in
 *   København); F a duplicate of A merged into it (same CVR, micro/high).
 * cases (location, consultant, status, opened, themes, source):
 *   c1 A aarhus  cons   active   2025-11-10 [digitalisation, capital] own
 *   c2 A herning cons2  active   2026-02-01 [capital]            municipality
 *   c3 B aarhus  cons   active   2026-01-20 [it_security]        outreach
 *   c4 C aarhus  cons   active   2026-01-05 [start_up]           municipality
 *   c5 D herning cons2  assigned 2026-02-15 [innovation]         own
 *   c6 E kobenhavn -    active   2026-01-10 [digitalisation]     own
 *   c7 F aarhus  cons   active   2025-06-01 [automation]         partner
 *   c8 D aarhus  -      new      2026-02-25 []                   own
 *   c9 B aarhus  cons   closed   2025-10-01 (closed 2026-02-20)  own
 *   c10 D (not routed)  new      2026-01-02 []                   own
 *   c11 D herning -     new      2026-02-20 []                   own
 * meetings: c1 2025-12-01, 2026-01-15, 2026-02-10; c2 2026-02-05;
 *   c3 2026-01-25, 2026-03-01 (and a note 2026-02-01); c4 2026-01-06;
 *   c5 a note 2026-02-16 only; c6 2026-01-11; c7 2026-01-20.
 * evaluations (case, recommend, effect, answered):
 *   c1 10 yes 02-01; c2 10 yes 02-02; c3 9 yes 02-03; c4 8 no 02-04;
 *   c5 6 dont_know 02-05; c7 2 dont_know 02-06; c8 - yes 02-07 (2026);
 *   c1 0 no 2025-12-20; c6 0 no 2026-02-01.
 * organisations: o1 "Innovationsfonden Test" (state_scheme), o2 "GTS Test"
 *   (gts), o3 "Rådgiver A" (private_advisor).
 * referrals (case -> organisation, status, referred on, follow-up):
 *   r1 c1 -> o1 sent 2026-01-20, follow-up 2026-02-01 (overdue);
 *   r2 c1 -> o1 completed 2026-02-10; r3 c3 -> o2 accepted 2026-01-26,
 *   follow-up 2026-04-01; r4 c2 -> o3 withdrawn 2026-02-06;
 *   r5 c6 -> o1 sent 2026-01-12; r6 c4 -> o2 proposed 2025-12-15. */
#include "tests/unit/supfix.h"
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char users_sql[] =
	"INSERT INTO app_user (id, login, name, initials, role, location, created_at) VALUES "
	"('u-sup', 'sup', 'Sanne Supervisor', 'SS', 'supervisor', 'aarhus', '2026-01-01'),"
	"('u-cons', 'cons', 'Carl Konsulent', 'CK', 'consultant', 'aarhus', '2026-01-01'),"
	"('u-cons2', 'cons2', 'Dorte Konsulent', 'DK', 'consultant', 'herning', '2026-01-01'),"
	"('u-intake', 'intake', 'Ida Intake', 'II', 'intake', 'aarhus', '2026-01-01'),"
	"('u-admin', 'admin', 'Anders Admin', 'AA', 'admin', 'aarhus', '2026-01-01'),"
	"('u-supkbh', 'supkbh', 'Kim Supervisor', 'KS', 'supervisor', 'kobenhavn', '2026-01-01');";

static const char data_sql[] =
	"INSERT INTO company (id, cvr, name, name_key, target_group, growth_ambition, is_prestart,"
	" merged_into, created_at, created_by) VALUES "
	"('A', '12345678', 'Alfa ApS', 'alfa', 'micro', 'high', 0, NULL, '2025-01-01', 'u-sup'),"
	"('B', '23456789', 'Beta A/S', 'beta', 'sme', 'moderate', 0, NULL, '2025-01-01', 'u-sup'),"
	"('C', NULL, 'Cecilie Iværksætter', 'cecilie', 'pre_start', '', 1, NULL, '2025-01-01', 'u-sup'),"
	"('D', '34567890', 'Delta I/S', 'delta', 'micro', 'none', 0, NULL, '2025-01-01', 'u-sup'),"
	"('E', '45678901', 'Epsilon A/S', 'epsilon', 'sme', '', 0, NULL, '2025-01-01', 'u-sup'),"
	"('F', '12345678', 'Alfa ApS (dublet)', 'alfa', 'micro', 'high', 0, 'A', '2025-01-01', 'u-sup');"
	"INSERT INTO case_file (id, company_id, title, source, source_municipality, themes, status,"
	" location, consultant_id, opened, closed, outcome, created_at, created_by, updated_at) VALUES "
	"('c1', 'A', 'Digital strategi', 'own_initiative', NULL, '[\"digitalisation\",\"capital\"]',"
	"  'active', 'aarhus', 'u-cons', '2025-11-10', NULL, '', '2025-11-10', 'u-sup', '2025-11-10'),"
	"('c2', 'A', 'Finansiering', 'municipality', 751, '[\"capital\"]',"
	"  'active', 'herning', 'u-cons2', '2026-02-01', NULL, '', '2026-02-01', 'u-sup', '2026-02-01'),"
	"('c3', 'B', 'IT-sikkerhed', 'outreach', NULL, '[\"it_security\"]',"
	"  'active', 'aarhus', 'u-cons', '2026-01-20', NULL, '', '2026-01-20', 'u-sup', '2026-01-20'),"
	"('c4', 'C', 'Opstart', 'municipality', 751, '[\"start_up\"]',"
	"  'active', 'aarhus', 'u-cons', '2026-01-05', NULL, '', '2026-01-05', 'u-sup', '2026-01-05'),"
	"('c5', 'D', 'Ny ide', 'own_initiative', NULL, '[\"innovation\"]',"
	"  'assigned', 'herning', 'u-cons2', '2026-02-15', NULL, '', '2026-02-15', 'u-sup', '2026-02-15'),"
	"('c6', 'E', 'Digitalisering', 'own_initiative', NULL, '[\"digitalisation\"]',"
	"  'active', 'kobenhavn', NULL, '2026-01-10', NULL, '', '2026-01-10', 'u-sup', '2026-01-10'),"
	"('c7', 'F', 'Automatisering', 'partner', NULL, '[\"automation\"]',"
	"  'active', 'aarhus', 'u-cons', '2025-06-01', NULL, '', '2025-06-01', 'u-sup', '2025-06-01'),"
	"('c8', 'D', 'Henvendelse', 'own_initiative', NULL, '[]',"
	"  'new', 'aarhus', NULL, '2026-02-25', NULL, '', '2026-02-25', 'u-intake', '2026-02-25'),"
	"('c9', 'B', 'Eksport', 'own_initiative', NULL, '[\"internationalisation\"]',"
	"  'closed', 'aarhus', 'u-cons', '2025-10-01', '2026-02-20', 'done', '2025-10-01', 'u-sup', '2026-02-20'),"
	"('c10', 'D', 'Uruteret', 'own_initiative', NULL, '[]',"
	"  'new', NULL, NULL, '2026-01-02', NULL, '', '2026-01-02', 'u-intake', '2026-01-02'),"
	"('c11', 'D', 'Herning-kø', 'own_initiative', NULL, '[]',"
	"  'new', 'herning', NULL, '2026-02-20', NULL, '', '2026-02-20', 'u-intake', '2026-02-20');"
	"INSERT INTO journal_entry (id, case_id, kind, occurred, place, summary, author_id, created_at)"
	" VALUES "
	"('j1', 'c1', 'meeting', '2025-12-01', 'house', '', 'u-cons', '2025-12-01'),"
	"('j2', 'c1', 'meeting', '2026-01-15', 'company', '', 'u-cons', '2026-01-15'),"
	"('j3', 'c1', 'meeting', '2026-02-10', 'online', '', 'u-cons', '2026-02-10'),"
	"('j4', 'c2', 'meeting', '2026-02-05', 'house', '', 'u-cons2', '2026-02-05'),"
	"('j5', 'c3', 'meeting', '2026-01-25', 'house', '', 'u-cons', '2026-01-25'),"
	"('j6', 'c3', 'note', '2026-02-01', '', 'ring igen', 'u-cons', '2026-02-01'),"
	"('j7', 'c3', 'meeting', '2026-03-01', 'company', '', 'u-cons', '2026-03-01'),"
	"('j8', 'c4', 'meeting', '2026-01-06', 'house', '', 'u-cons', '2026-01-06'),"
	"('j9', 'c5', 'note', '2026-02-16', '', '', 'u-cons2', '2026-02-16'),"
	"('j10', 'c6', 'meeting', '2026-01-11', 'house', '', 'u-sup', '2026-01-11'),"
	"('j11', 'c7', 'meeting', '2026-01-20', 'phone', '', 'u-cons', '2026-01-20');"
	"INSERT INTO evaluation (id, case_id, recommend, effect, answered, comment, created_at,"
	" created_by) VALUES "
	"('e1', 'c1', 10, 'yes', '2026-02-01', '', '2026-02-01', 'u-cons'),"
	"('e2', 'c2', 10, 'yes', '2026-02-02', '', '2026-02-02', 'u-cons'),"
	"('e3', 'c3', 9, 'yes', '2026-02-03', '', '2026-02-03', 'u-cons'),"
	"('e4', 'c4', 8, 'no', '2026-02-04', '', '2026-02-04', 'u-cons'),"
	"('e5', 'c5', 6, 'dont_know', '2026-02-05', '', '2026-02-05', 'u-cons'),"
	"('e6', 'c7', 2, 'dont_know', '2026-02-06', '', '2026-02-06', 'u-cons'),"
	"('e7', 'c8', NULL, 'yes', '2026-02-07', '', '2026-02-07', 'u-cons'),"
	"('e8', 'c1', 0, 'no', '2025-12-20', '', '2025-12-20', 'u-cons'),"
	"('e9', 'c6', 0, 'no', '2026-02-01', '', '2026-02-01', 'u-sup');"
	"INSERT INTO organisation (id, name, type, created_at) VALUES "
	"('o1', 'Innovationsfonden Test', 'state_scheme', '2019-01-01'),"
	"('o2', 'GTS Test', 'gts', '2019-01-01'),"
	"('o3', 'Rådgiver A', 'private_advisor', '2019-01-01');"
	"INSERT INTO referral (id, case_id, organisation_id, referred_on, status, status_on,"
	" follow_up, created_at, created_by, updated_at) VALUES "
	"('r1', 'c1', 'o1', '2026-01-20', 'sent', '2026-01-20', '2026-02-01', 'x', 'u-cons', 'x'),"
	"('r2', 'c1', 'o1', '2026-02-10', 'completed', '2026-02-20', NULL, 'x', 'u-cons', 'x'),"
	"('r3', 'c3', 'o2', '2026-01-26', 'accepted', '2026-01-28', '2026-04-01', 'x', 'u-cons', 'x'),"
	"('r4', 'c2', 'o3', '2026-02-06', 'withdrawn', '2026-02-07', NULL, 'x', 'u-cons2', 'x'),"
	"('r5', 'c6', 'o1', '2026-01-12', 'sent', '2026-01-12', NULL, 'x', 'u-sup', 'x'),"
	"('r6', 'c4', 'o2', '2025-12-15', 'proposed', '2025-12-15', NULL, 'x', 'u-cons', 'x');";

/* On the program's connection: the company indexes use SQL functions
 * that db_open registers. */
void supfix_exec(struct session *s, const char *sql)
{
	if (!db_exec(s->db, sql))
		fail_msg("fixture SQL failed: %s", db_errmsg(s->db));
}

long supfix_scalar(struct session *s, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long v = -1;

	assert_int_equal(sqlite3_open(db_path(s->db), &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

void supfix_login(struct session *s, const char *login)
{
	assert_int_equal(session_login(s, login), 0);
}

struct session *supfix_open(const char *login, bool data)
{
	char *path = tmpdb_path();
	char err[512];
	struct session *s = session_open(path, true, err, sizeof err);

	free(path);
	if (!s)
		fail_msg("cannot open the fixture database: %s", err);
	supfix_exec(s, users_sql);
	if (data)
		supfix_exec(s, data_sql);
	supfix_login(s, login);
	return s;
}

void supfix_close(struct session *s)
{
	char *path = xstrdup(db_path(s->db));

	session_close(s);
	tmpdb_remove(path);
	free(path);
}
