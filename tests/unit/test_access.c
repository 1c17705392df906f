/* The role matrix, table-driven: every role x action x scope, written out
 * here independently of src/access.h so that a change to either shows. */
#include "tests/unit/testutil.h"
#include "src/access.h"
#include "src/session.h"

#include <stdio.h>
#include <string.h>

enum { SC_OWN, SC_COLLEAGUE, SC_UNASSIGNED, SC_MEMBER, SC_X_COLLEAGUE, SC_X_UNASSIGNED,
       SC_X_MEMBER, SC_X_OWN, SC_NO_HOUSE, SC_NO_HOUSE_OWN, SC_COUNT };

static const char *const scope_names[SC_COUNT] = {
	"own case", "colleague's case", "unassigned case", "case I was added to",
	"other house's case", "other house's unassigned case", "other house's case I was added to",
	"other house's case assigned to me", "case of no known house",
	"case of no known house assigned to me",
};

/* "y" allowed, "-" refused; case actions give one letter per scope in the
 * order of the enum above, other actions one letter for the role level. */
static const struct {
	enum access_action a;
	const char *intake, *consultant, *supervisor, *admin;
} matrix[] = {
	{ ACT_COMPANY_READ,    "y", "y", "y", "y" },
	{ ACT_COMPANY_WRITE,   "y", "y", "y", "-" },
	{ ACT_CONSENT_WRITE,   "y", "y", "y", "y" },
	{ ACT_CASE_LIST,       "yyyy------", "yyyy--yy-y", "yyyy------", "----------" },
	{ ACT_CASE_READ,       "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_CASE_CREATE,     "yyyy------", "yyyy------", "yyyy------", "----------" },
	{ ACT_CASE_ROUTE,      "--y-------", "y-y-------", "yyyy------", "----------" },
	{ ACT_CASE_EDIT,       "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_CASE_CLOSE,      "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_JOURNAL_READ,    "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_JOURNAL_WRITE,   "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_TRUST_WRITE,     "-", "y", "y", "-" },
	{ ACT_TRUST_REPORT,    "-", "-", "y", "-" },
	{ ACT_TARGET_WRITE,    "-", "-", "y", "-" },
	{ ACT_CONFLICT_REVIEW, "-", "-", "y", "-" },
	{ ACT_REPORT,          "-", "-", "y", "y" },
	{ ACT_AUDIT_READ,      "-", "-", "y", "y" },
	{ ACT_CASELOAD,        "-", "y", "y", "-" },
	{ ACT_CASE_REASSIGN,   "----------", "----------", "yyyy------", "----------" },
	{ ACT_EVALUATION,      "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_USER_ADMIN,      "-", "-", "-", "y" },
	{ ACT_SITE_ADMIN,      "-", "-", "-", "y" },
	{ ACT_REFDATA_ADMIN,   "-", "-", "-", "y" },
	{ ACT_BACKUP,          "-", "-", "-", "y" },
	{ ACT_GDPR,            "-", "-", "-", "y" },
	{ ACT_DEMO,            "-", "-", "-", "y" },
	{ ACT_PARTNER_READ,    "y", "y", "y", "y" },
	{ ACT_PARTNER_WRITE,   "-", "-", "y", "y" },
	{ ACT_REFERRAL_READ,   "----------", "y--y--yy-y", "yyyy------", "----------" },
	{ ACT_REFERRAL_WRITE,  "----------", "y--y--yy-y", "yyyy------", "----------" },
};

#define ME "0190aaaa-0000-7000-8000-000000000001"
#define OTHER "0190aaaa-0000-7000-8000-000000000002"

static struct user make_user(const char *role, bool active)
{
	return (struct user){ .id = ME, .login = "me", .role = (char *)role,
			      .house = "midtjylland", .active = active };
}

static struct access_case_scope make_scope(int sc)
{
	bool other = sc >= SC_X_COLLEAGUE;
	struct access_case_scope s = { other ? "sydjylland" : "midtjylland", OTHER, false };

	if (sc >= SC_NO_HOUSE)
		s.house = sc == SC_NO_HOUSE ? NULL : "";
	switch (sc) {
	case SC_OWN: case SC_X_OWN: case SC_NO_HOUSE_OWN: s.consultant_id = ME; break;
	case SC_UNASSIGNED: case SC_X_UNASSIGNED: s.consultant_id = NULL; break;
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
	struct user u = make_user(role, true);
	size_t len = strlen(expect);

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
	assert_int_equal(access_require_case(&s, ACT_JOURNAL_READ, "midtjylland", OTHER), KP_ERR_DENIED);
	assert_non_null(strstr(session_message(&s), "outside what you may"));
	assert_int_equal(access_require_case(&s, ACT_JOURNAL_READ, "midtjylland", ME), KP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_action_has_a_row),
		cmocka_unit_test(matrix_holds),
		cmocka_unit_test(deny_by_default),
		cmocka_unit_test(require_sets_a_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
