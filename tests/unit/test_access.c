/* The role matrix, table-driven: every role x action x scope, written out
 * here independently of src/access.h so that a change to either shows. */
#include "tests/unit/testutil.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/caseload.h"
#include "src/cli.h"
#include "src/company.h"
#include "src/export.h"
#include "src/strbuf.h"
#include "src/goals.h"
#include "src/journal.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/trust.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SC_OWN, SC_COLLEAGUE, SC_UNASSIGNED, SC_MEMBER, SC_X_COLLEAGUE, SC_X_UNASSIGNED,
       SC_X_MEMBER, SC_X_OWN, SC_NO_HOUSE, SC_NO_HOUSE_OWN, SC_BRANCH, SC_BRANCH_UNASSIGNED,
       SC_BRANCH_OWN, SC_COUNT };

static const char *const scope_names[SC_COUNT] = {
	"own case", "colleague's case", "unassigned case", "case I was added to",
	"other house's case", "other house's unassigned case", "other house's case I was added to",
	"other house's case assigned to me", "case of no known house",
	"case of no known house assigned to me",
	"colleague's case at another location of the house",
	"unassigned case at another location of the house",
	"own case at another location of the house",
};

/* "y" allowed, "-" refused; case actions give one letter per scope in the
 * order of the enum above, other actions one letter for the role level.
 * The cases are at the Aarhus head office ("aarhus") unless the scope says
 * another location (Herning) or another house. "scoped" is a supervisor
 * whose location scope an administrator set to aarhus alone. */
static const struct {
	enum access_action a;
	const char *intake, *consultant, *supervisor, *admin, *scoped;
} matrix[] = {
	{ ACT_COMPANY_READ,    "y", "y", "y", "y", "y" },
	{ ACT_COMPANY_WRITE,   "y", "y", "y", "-", "y" },
	{ ACT_CONSENT_WRITE,   "y", "y", "y", "y", "y" },
	{ ACT_CASE_LIST,       "yyyy------yyy", "yyyy--yy-yyyy", "yyyy------yyy", "-------------", "yyyy------yyy" },
	{ ACT_CASE_READ,       "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_CASE_CREATE,     "yyyy------yyy", "yyyy------yyy", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_CASE_ROUTE,      "--y--------y-", "y-y--------yy", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_CASE_EDIT,       "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_CASE_CLOSE,      "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_JOURNAL_READ,    "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_JOURNAL_WRITE,   "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_TRUST_WRITE,     "-", "y", "y", "-", "y" },
	{ ACT_TRUST_REPORT,    "-", "-", "y", "-", "y" },
	{ ACT_TARGET_WRITE,    "-", "-", "y", "-", "y" },
	{ ACT_CONFLICT_REVIEW, "-", "-", "y", "-", "y" },
	{ ACT_REPORT,          "-", "-", "y", "y", "y" },
	{ ACT_AUDIT_READ,      "-", "-", "y", "y", "y" },
	{ ACT_CASELOAD,        "-", "y", "y", "-", "y" },
	{ ACT_CASE_REASSIGN,   "-------------", "-------------", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_EVALUATION,      "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_USER_ADMIN,      "-", "-", "-", "y", "-" },
	{ ACT_SITE_ADMIN,      "-", "-", "-", "y", "-" },
	{ ACT_SYNC,            "-", "-", "y", "y", "y" },
	{ ACT_INTEGRITY,       "-", "-", "y", "y", "y" },
	{ ACT_REFDATA_ADMIN,   "-", "-", "-", "y", "-" },
	{ ACT_BACKUP,          "-", "-", "-", "y", "-" },
	{ ACT_GDPR,            "-", "-", "-", "y", "-" },
	{ ACT_DEMO,            "-", "-", "-", "y", "-" },
	{ ACT_PARTNER_READ,    "y", "y", "y", "y", "y" },
	{ ACT_PARTNER_WRITE,   "-", "-", "y", "y", "y" },
	{ ACT_REFERRAL_READ,   "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
	{ ACT_REFERRAL_WRITE,  "-------------", "y--y--yy-y--y", "yyyy------yyy", "-------------", "yyyy---------" },
};

#define ME "0190aaaa-0000-7000-8000-000000000001"
#define OTHER "0190aaaa-0000-7000-8000-000000000002"

static struct user make_user(const char *role, bool active)
{
	return (struct user){ .id = ME, .login = "me", .role = (char *)role, .location = "aarhus",
			      .house = "midtjylland", .active = active, .scope = "" };
}

static struct access_case_scope make_scope(int sc)
{
	bool other = sc >= SC_X_COLLEAGUE && sc < SC_BRANCH;
	struct access_case_scope s = { other ? "sydjylland" : "midtjylland", OTHER, false,
				       other ? "kolding" : "aarhus" };

	if (sc == SC_NO_HOUSE || sc == SC_NO_HOUSE_OWN) {
		s.house = sc == SC_NO_HOUSE ? NULL : "";
		s.location = NULL;
	}
	if (sc >= SC_BRANCH)
		s.location = "herning";
	switch (sc) {
	case SC_OWN: case SC_X_OWN: case SC_NO_HOUSE_OWN: case SC_BRANCH_OWN: s.consultant_id = ME; break;
	case SC_UNASSIGNED: case SC_X_UNASSIGNED: case SC_BRANCH_UNASSIGNED: s.consultant_id = NULL; break;
	case SC_MEMBER: case SC_X_MEMBER: s.member = true; break;
	default: break;
	}
	return s;
}

static void every_action_has_a_row(void **state)
{
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++) {
		bool found = false;
		for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++)
			found = found || matrix[i].a == (enum access_action)a;
		if (!found)
			fail_msg("action %s has no row in the matrix test", access_action_name(a));
	}
}

static void check_role(const char *role, enum access_action a, const char *expect)
{
	struct user u = make_user(strcmp(role, "scoped") == 0 ? "supervisor" : role, true);
	size_t len = strlen(expect);

	if (strcmp(role, "scoped") == 0)
		u.scope = "aarhus";

	if (len == 1) {
		bool want = expect[0] == 'y';
		if (access_allowed(&u, a) != want)
			fail_msg("%s: %s should be %s", role, access_action_name(a),
				 want ? "allowed" : "refused");
		/* a non-case action has no case scope */
		for (int sc = 0; sc < SC_COUNT; sc++) {
			struct access_case_scope s = make_scope(sc);
			if (access_case_scope_allowed(&u, a, &s))
				fail_msg("%s: %s passed a case scope", role, access_action_name(a));
		}
		return;
	}
	assert_int_equal(len, SC_COUNT);
	for (int sc = 0; sc < SC_COUNT; sc++) {
		struct access_case_scope s = make_scope(sc);
		bool want = expect[sc] == 'y';
		if (access_case_scope_allowed(&u, a, &s) != want)
			fail_msg("%s: %s on %s should be %s", role, access_action_name(a),
				 scope_names[sc], want ? "allowed" : "refused");
		/* the role level admits whatever some scope admits */
		if (want && !access_allowed(&u, a))
			fail_msg("%s: %s refused at role level", role, access_action_name(a));
	}
}

static void matrix_holds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
		check_role("intake", matrix[i].a, matrix[i].intake);
		check_role("consultant", matrix[i].a, matrix[i].consultant);
		check_role("supervisor", matrix[i].a, matrix[i].supervisor);
		check_role("admin", matrix[i].a, matrix[i].admin);
		check_role("scoped", matrix[i].a, matrix[i].scoped);
	}
}

static void deny_by_default(void **state)
{
	(void)state;
	const char *roles[] = { "intake", "consultant", "supervisor", "admin" };
	for (int a = 0; a < ACT_COUNT; a++) {
		struct user bogus = make_user("superuser", true);
		struct user none = make_user(NULL, true);
		assert_false(access_allowed(&bogus, a));
		assert_false(access_allowed(&none, a));
		assert_false(access_allowed(NULL, a));
		for (size_t r = 0; r < 4; r++) {
			struct user inactive = make_user(roles[r], false);
			struct user anonymous = make_user(roles[r], true);
			anonymous.id = NULL;
			assert_false(access_allowed(&inactive, a));
			assert_false(access_allowed(&anonymous, a));
			for (int sc = 0; sc < SC_COUNT; sc++) {
				struct access_case_scope s = make_scope(sc);
				assert_false(access_case_scope_allowed(&inactive, a, &s));
			}
		}
	}
	struct user u = make_user("supervisor", true);
	assert_false(access_allowed(&u, ACT_COUNT));
	assert_false(access_case_scope_allowed(&u, ACT_CASE_READ, NULL));
}

static void require_sets_a_message(void **state)
{
	(void)state;
	struct session s = { 0 };

	assert_int_equal(access_require(&s, ACT_COMPANY_READ), KP_ERR_DENIED);
	assert_non_null(strstr(session_message(&s), "nobody is logged in"));
	s.logged_in = true;
	s.user = make_user("intake", true);
	assert_int_equal(access_require(&s, ACT_COMPANY_READ), KP_OK);
	assert_int_equal(access_require(&s, ACT_JOURNAL_READ), KP_ERR_DENIED);
	assert_non_null(strstr(session_message(&s), "may not read case journals"));
	s.user = make_user("consultant", true);
	assert_int_equal(access_require_case(&s, ACT_JOURNAL_READ, "aarhus", "midtjylland", OTHER), KP_ERR_DENIED);
	assert_non_null(strstr(session_message(&s), "outside what you may"));
	assert_int_equal(access_require_case(&s, ACT_JOURNAL_READ, "aarhus", "midtjylland", ME), KP_OK);
}

static void scope_is_for_supervisors_only(void **state)
{
	(void)state;
	/* a scope string on another role changes nothing */
	struct user u = make_user("consultant", true);
	struct access_case_scope own_branch = { "midtjylland", ME, false, "herning" };

	u.scope = "aarhus";
	assert_false(access_user_scoped(&u));
	assert_true(access_location_in_scope(&u, "herning"));
	assert_true(access_case_scope_allowed(&u, ACT_JOURNAL_READ, &own_branch));
	/* a scoped supervisor: exact keys only, never a missing location */
	u = make_user("supervisor", true);
	u.scope = "aarhus,herning";
	assert_true(access_user_scoped(&u));
	assert_true(access_location_in_scope(&u, "aarhus"));
	assert_true(access_location_in_scope(&u, "herning"));
	assert_false(access_location_in_scope(&u, "aar"));
	assert_false(access_location_in_scope(&u, "aarhus,herning"));
	assert_false(access_location_in_scope(&u, "ringkobing"));
	assert_false(access_location_in_scope(&u, ""));
	assert_false(access_location_in_scope(&u, NULL));
	struct access_case_scope nowhere = { "midtjylland", OTHER, false, NULL };
	assert_false(access_case_scope_allowed(&u, ACT_CASE_READ, &nowhere));
	assert_true(access_case_scope_allowed(&u, ACT_CASE_LIST, &nowhere));
}

static char *login_id(struct session *s, const char *login)
{
	struct user u = { 0 };
	char *id;

	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

/* A case of a new company at location, assigned to consultant (login). */
static char *open_case(struct session *s, const char *cvr, const char *name, const char *location,
		       const char *consultant)
{
	struct company co = { 0 };
	struct case_file c = { 0 };
	struct journal_entry m = { 0 };
	char *kons = login_id(s, consultant);
	char *id;

	test_login(s, "intake");
	co.cvr = xstrdup(cvr);
	co.name = xstrdup(name);
	assert_int_equal(company_create(s, &co, NULL), KP_OK);
	c.company_id = xstrdup(co.id);
	c.source = xstrdup("own_initiative");
	c.themes = xstrdup("[\"capital\"]");
	c.title = xstrdup("Kapital");
	c.location = xstrdup(location);
	c.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &c), KP_OK);
	test_login(s, consultant);
	m.case_id = xstrdup(c.id);
	m.occurred = xstrdup("2026-03-01");
	m.place = xstrdup("company");
	m.summary = xstrdup("Fortrolig plan");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	id = xstrdup(c.id);
	journal_entry_finish(&m);
	case_finish(&c);
	company_finish(&co);
	free(kons);
	return id;
}

/* login registers a board seat since 2025 in the company of case_id. */
static bool position(struct session *s, const char *login, const char *case_id)
{
	struct case_file c = { 0 };
	struct trust_position t = { 0 };

	test_login(s, login);
	if (case_get(s, case_id, &c) != KP_OK)
		return false;
	t.company_id = xstrdup(c.company_id);
	t.kind = xstrdup("board");
	t.from_date = xstrdup("2025-01-01");
	enum kp_status st = trust_add(s, &t);
	trust_position_finish(&t);
	case_finish(&c);
	return st == KP_OK;
}

/* login refers case_id to Vækstfonden (reference data). */
static bool refer(struct session *s, const char *login, const char *case_id)
{
	struct referral r = {
		.case_id = xstrdup(case_id), .theme = xstrdup("capital"), .reason = xstrdup("a loan"),
		.organisation_id = xstrdup("ab1147a7-0169-5356-b2b7-1daf6d133eaa"),
		.referred_on = xstrdup("2026-03-01"),
	};

	test_login(s, login);
	enum kp_status st = referral_create(s, &r);
	referral_finish(&r);
	return st == KP_OK;
}

static int run_cli(const char *db, const char *login, const char *a1, const char *a2)
{
	struct cli c = { .db_path = db, .user = login };
	char *argv[] = { xstrdup(a1), xstrdup("list"), xstrdup(a2), NULL };

	optind = 0;
	fflush(stdout);
	int rc = cli_dispatch(&c, 3, argv);
	fflush(stdout);
	for (int i = 0; i < 3; i++)
		free(argv[i]);
	return rc;
}

/* Sets the scope of "supervisor" as admin; NULL gives the whole house. */
static enum kp_status set_scope(struct session *s, const char *l1, const char *l2)
{
	const char *keys[] = { l1, l2 };
	char *sup = login_id(s, "supervisor");

	test_login(s, "admin");
	enum kp_status st = user_set_scope(s, sup, keys, !l1 ? 0 : !l2 ? 1 : 2);
	free(sup);
	return st;
}

/* On a real database: a supervisor limited to Herning reads, writes,
 * reviews, reassigns and reports on Herning's cases only; the Aarhus case
 * of the same house is listed (it exists) but its details, journal and
 * audit entries are refused, also when it is opened by its id from the
 * command line. */
static void supervisor_location_scope(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *aarhus = open_case(s, "24256790", "Novo Nordisk A/S", "aarhus", "consultant");
	char *herning = open_case(s, "10150817", "Vestas Wind Systems A/S", "herning", "consultant2");
	char *kons2 = login_id(s, "consultant2");
	struct case_file c = { 0 };
	struct journal_entry *e = NULL;
	int n = -1;

	/* only an administrator sets it; only for supervisors; only the house's locations */
	test_login(s, "supervisor");
	const char *one[] = { "herning" };
	char *sup = login_id(s, "supervisor");
	assert_int_equal(user_set_scope(s, sup, one, 1), KP_ERR_DENIED);
	test_login(s, "admin");
	assert_int_equal(user_set_scope(s, kons2, one, 1), KP_ERR_INVALID);
	assert_int_equal(set_scope(s, "odense", NULL), KP_ERR_INVALID);      /* another house */
	assert_int_equal(set_scope(s, "atlantis", NULL), KP_ERR_INVALID);
	assert_int_equal(set_scope(s, "herning", "herning"), KP_OK);          /* duplicates fold */
	test_login(s, "supervisor");
	assert_string_equal(s->user.scope, "herning");

	/* in scope: everything a supervisor does */
	assert_int_equal(case_get(s, herning, &c), KP_OK);
	assert_false(c.restricted);
	case_finish(&c);
	assert_int_equal(journal_list(s, herning, &e, &n), KP_OK);
	journal_list_free(e, n);
	/* out of scope: listed, restricted, no journal, no writes */
	assert_int_equal(case_get(s, aarhus, &c), KP_OK);
	assert_true(c.restricted);
	assert_string_equal(c.title, "");
	case_finish(&c);
	assert_int_equal(journal_list(s, aarhus, &e, &n), KP_ERR_DENIED);
	assert_int_equal(case_close(s, aarhus, "done"), KP_ERR_DENIED);
	const char *ids[] = { aarhus };
	assert_int_equal(caseload_reassign(s, ids, 1, "herning", kons2, "moving it"), KP_ERR_DENIED);
	/* nor into a location outside the scope */
	const char *hids[] = { herning };
	char *kons = login_id(s, "consultant");
	assert_int_equal(caseload_reassign(s, hids, 1, "aarhus", kons, "moving it"), KP_ERR_DENIED);

	/* caseload and queue: Herning only; Aarhus named is refused */
	struct caseload_row *rows = NULL;
	struct caseload_filter cf = { 0 };
	assert_int_equal(caseload_list(s, &cf, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].case_id, herning);
	caseload_list_free(rows, n);
	cf.location = "aarhus";
	assert_int_equal(caseload_list(s, &cf, &rows, &n), KP_ERR_DENIED);
	cf.location = NULL;
	cf.consultant_id = kons;
	assert_int_equal(caseload_list(s, &cf, &rows, &n), KP_OK);
	assert_int_equal(n, 0);
	caseload_list_free(rows, n);
	assert_int_equal(caseload_queue(s, "aarhus", &rows, &n), KP_ERR_DENIED);

	/* reports: the goals of Herning by default, Aarhus refused */
	struct goals g = { 0 };
	struct period p;
	assert_int_equal(goals_period_parse(s, "2026", &p), KP_OK);
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &g), KP_OK);
	assert_string_equal(g.location, "herning");
	assert_int_equal(g.served_cases, 1);
	goals_finish(&g);
	assert_int_equal(goals_compute(s, NULL, "aarhus", &p, &g), KP_ERR_DENIED);
	goals_finish(&g);

	/* the audit trail: entries of Herning's users (consultant2) and its own,
	 * not those of Aarhus's (consultant) */
	struct audit_entry *log = NULL;
	struct audit_filter af = { .action_prefix = "journal." };
	assert_int_equal(audit_list(s, &af, &log, &n), KP_OK);
	bool k2 = false, self = false;
	for (int i = 0; i < n; i++) {
		assert_string_not_equal(log[i].user_id, kons);
		k2 = k2 || strcmp(log[i].user_id, kons2) == 0;
		self = self || strcmp(log[i].user_id, sup) == 0;
	}
	assert_true(k2 && self);     /* the journal of Herning's case, read above */
	audit_list_free(log, n);

	/* a case export of Aarhus is refused, of Herning made */
	struct export_filter ef = { .branch = "aarhus" };
	struct export_options eo;
	struct export_result er;
	struct strbuf csv = STRBUF_INIT;
	export_options_default(&eo);
	assert_int_equal(export_build(s, EXPORT_CASES, &ef, &eo, &csv, &er), KP_ERR_DENIED);
	ef.branch = "herning";
	assert_int_equal(export_build(s, EXPORT_CASES, &ef, &eo, &csv, &er), KP_OK);
	assert_int_equal(er.rows, 1);
	strbuf_finish(&csv);

	/* referrals: the list and the report count Herning's case only */
	assert_true(refer(s, "consultant", aarhus));
	assert_true(refer(s, "consultant2", herning));
	test_login(s, "supervisor");
	struct referral *refs = NULL;
	struct referral_filter rf = { 0 };
	assert_int_equal(referral_overview(s, &rf, &refs, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(refs[0].case_id, herning);
	referral_list_free(refs, n);
	rf.location = "aarhus";
	assert_int_equal(referral_overview(s, &rf, &refs, &n), KP_ERR_DENIED);
	struct referral_count *counts = NULL;
	assert_int_equal(referral_counts(s, "2026-01-01", "2026-12-31", NULL, &counts, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(counts[0].total, 1);
	referral_count_list_free(counts, n);

	/* the impartiality report: Herning's case only */
	struct trust_case *tc = NULL;
	assert_true(position(s, "consultant", aarhus));
	assert_true(position(s, "consultant2", herning));
	test_login(s, "supervisor");
	assert_int_equal(trust_report(s, &tc, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(tc[0].case_id, herning);
	trust_case_list_free(tc, n);

	/* the command line obeys the same rule: the Aarhus case by its id */
	const char *db = db_path(s->db);
	assert_true(db_setting_set(s->db, "demo", "1"));
	assert_int_equal(run_cli(db, "supervisor", "evaluation", herning), 0);
	assert_int_equal(run_cli(db, "supervisor", "evaluation", aarhus), 1);

	/* the whole house again */
	assert_int_equal(set_scope(s, NULL, NULL), KP_OK);
	test_login(s, "supervisor");
	assert_string_equal(s->user.scope, "");
	assert_int_equal(journal_list(s, aarhus, &e, &n), KP_OK);
	journal_list_free(e, n);
	assert_int_equal(run_cli(db, "supervisor", "evaluation", aarhus), 0);
	assert_int_equal(trust_report(s, &tc, &n), KP_OK);
	assert_int_equal(n, 2);
	trust_case_list_free(tc, n);
	/* and both changes are in the audit trail */
	af = (struct audit_filter){ .action_prefix = "user.scope" };
	test_login(s, "admin");
	assert_int_equal(audit_list(s, &af, &log, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(log[0].detail, "locations=herning->house");
	assert_string_equal(log[1].detail, "locations=house->herning");
	audit_list_free(log, n);

	free(sup);
	free(kons);
	free(kons2);
	free(aarhus);
	free(herning);
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_action_has_a_row),
		cmocka_unit_test(matrix_holds),
		cmocka_unit_test(deny_by_default),
		cmocka_unit_test(require_sets_a_message),
		cmocka_unit_test(scope_is_for_supervisors_only),
		cmocka_unit_test(supervisor_location_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
