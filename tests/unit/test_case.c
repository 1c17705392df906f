/* The case workflow of DESIGN.md: new -> assigned -> active -> closed,
 * reopen with a reason; routing within the house; the journal's scope. */
#include "tests/unit/testutil.h"
#include "src/case.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/journal.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

static char *user_id(struct session *s, const char *login)
{
	struct user u = { 0 };
	char *id;

	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

static char *new_company(struct session *s)
{
	struct company c = { 0 };
	char *id;

	c.cvr = xstrdup("24256790");
	c.name = xstrdup("Novo Nordisk A/S");
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	id = xstrdup(c.id);
	company_finish(&c);
	return id;
}

static void transitions(void **state)
{
	(void)state;
	assert_true(case_transition_allowed("new", "assigned"));
	assert_true(case_transition_allowed("assigned", "active"));
	assert_true(case_transition_allowed("active", "closed"));
	assert_true(case_transition_allowed("closed", "assigned"));
	assert_false(case_transition_allowed("new", "active"));
	assert_false(case_transition_allowed("closed", "active"));
	assert_false(case_transition_allowed("active", "new"));
	assert_false(case_transition_allowed("closed", "closed"));
	assert_false(case_transition_allowed("bogus", "new"));
}

static struct case_file draft(const char *company_id)
{
	struct case_file c = { 0 };

	c.company_id = xstrdup(company_id);
	c.source = xstrdup("own_initiative");
	c.themes = xstrdup("[\"digitalisation\",\"capital\",\"digitalisation\"]");
	c.title = xstrdup("Vil digitalisere produktionen");
	return c;
}

static void full_workflow(void **state)
{
	struct session *s = test_session("intake");
	char *company = new_company(s);
	char *kons = user_id(s, "consultant");
	struct case_file c = draft(company), got = { 0 };
	struct journal_entry m = { 0 }, *entries;
	struct case_event *events;
	int n;

	(void)state;
	/* intake opens it in the branch queue, then routes it */
	assert_int_equal(case_open(s, &c), KP_OK);
	assert_string_equal(c.status, "new");
	assert_string_equal(c.location, "aarhus");
	assert_string_equal(c.themes, "[\"digitalisation\",\"capital\"]");
	assert_int_equal(case_assign(s, c.id, "aarhus", kons, "speciale i digitalisering"), KP_OK);
	/* intake may not log meetings nor read the journal */
	m.case_id = xstrdup(c.id);
	m.occurred = xstrdup("2026-03-01");
	m.place = xstrdup("company");
	m.duration_min = 90;
	m.summary = xstrdup("Første møde om digitalisering");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_ERR_DENIED);
	assert_int_equal(journal_list(s, c.id, &entries, &n), KP_ERR_DENIED);
	/* the consultant logs the first meeting: the case becomes active */
	test_login(s, "consultant");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	assert_int_equal(case_get(s, c.id, &got), KP_OK);
	assert_string_equal(got.status, "active");
	assert_string_equal(got.last_activity, "2026-03-01");
	case_finish(&got);
	/* closing needs an outcome */
	assert_int_equal(case_close(s, c.id, ""), KP_ERR_INVALID);
	assert_int_equal(case_close(s, c.id, "Henvist til Innovationsfonden"), KP_OK);
	assert_int_equal(case_get(s, c.id, &got), KP_OK);
	assert_string_equal(got.status, "closed");
	assert_string_equal(got.closed, "2026-03-02");
	case_finish(&got);
	assert_int_equal(journal_log_meeting(s, &m, false), KP_ERR_STATE);
	/* reopening needs a reason */
	assert_int_equal(case_reopen(s, c.id, ""), KP_ERR_INVALID);
	assert_int_equal(case_reopen(s, c.id, "Virksomheden vendte tilbage"), KP_OK);
	assert_int_equal(case_timeline(s, c.id, &events, &n), KP_OK);
	assert_int_equal(n, 6);    /* opened, assigned, status, active, closed, reopened */
	assert_string_equal(events[0].kind, "opened");
	assert_string_equal(events[1].kind, "assigned");
	assert_string_equal(events[n - 1].kind, "reopened");
	assert_string_equal(events[n - 1].reason, "Virksomheden vendte tilbage");
	case_event_list_free(events, n);
	assert_int_equal(journal_list(s, c.id, &entries, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(entries[0].summary, "Første møde om digitalisering");
	journal_list_free(entries, n);
	journal_entry_finish(&m);
	case_finish(&c);
	free(kons);
	free(company);
	test_session_close(s);
}

static void scope_of_other_consultants_and_houses(void **state)
{
	struct session *s = test_session("intake");
	char *company = new_company(s);
	char *kons = user_id(s, "consultant");
	char *other = user_id(s, "otherkons");
	struct case_file c = draft(company), got = { 0 };
	struct journal_entry note = { 0 }, *entries;
	int n;

	(void)state;
	free(c.location);
	c.location = xstrdup("aarhus");
	c.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &c), KP_OK);
	assert_string_equal(c.status, "assigned");
	/* intake routes only cases nobody has yet */
	assert_int_equal(case_assign(s, c.id, "herning", NULL, NULL), KP_ERR_DENIED);
	/* a consultant of another house cannot be assigned, and another
	 * house's location is outside even a supervisor's scope */
	test_login(s, "supervisor");
	assert_int_equal(case_assign(s, c.id, "aarhus", other, NULL), KP_ERR_INVALID);
	assert_int_equal(case_assign(s, c.id, "odense", other, NULL), KP_ERR_DENIED);
	/* another consultant of the house sees the case but not the journal */
	test_login(s, "consultant");
	note.case_id = xstrdup(c.id);
	note.occurred = xstrdup("2026-03-02");
	note.summary = xstrdup("Fortroligt: økonomien er presset");
	assert_int_equal(journal_add_note(s, &note, false), KP_OK);
	test_login(s, "consultant2");
	assert_int_equal(case_get(s, c.id, &got), KP_OK);
	case_finish(&got);
	assert_int_equal(journal_list(s, c.id, &entries, &n), KP_ERR_DENIED);
	/* a supervisor of the house reads it; one of another house does not
	 * even see the case */
	test_login(s, "supervisor");
	assert_int_equal(journal_list(s, c.id, &entries, &n), KP_OK);
	assert_int_equal(n, 1);
	journal_list_free(entries, n);
	test_login(s, "othersup");
	assert_int_equal(case_get(s, c.id, &got), KP_ERR_DENIED);
	assert_int_equal(journal_list(s, c.id, &entries, &n), KP_ERR_DENIED);
	journal_entry_finish(&note);
	case_finish(&c);
	free(kons);
	free(other);
	free(company);
	test_session_close(s);
}

static void refuses_cpr_and_bad_input(void **state)
{
	struct session *s = test_session("consultant");
	char *company = new_company(s);
	char *kons = user_id(s, "consultant");
	struct case_file c = draft(company);
	struct journal_entry m = { 0 };

	(void)state;
	c.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &c), KP_OK);
	m.case_id = xstrdup(c.id);
	m.occurred = xstrdup("2026-02-30");
	m.place = xstrdup("online");
	m.summary = xstrdup("Ejeren har CPR 010203-1234");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_ERR_INVALID);   /* no such date */
	free(m.occurred);
	m.occurred = xstrdup("2027-01-01");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_ERR_INVALID);   /* in the future */
	free(m.occurred);
	m.occurred = xstrdup("2026-03-01");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_ERR_REFUSED);   /* CPR */
	free(m.place);
	m.place = xstrdup("cafe");
	assert_int_equal(journal_log_meeting(s, &m, true), KP_ERR_INVALID);    /* unknown place */
	struct case_file bad = draft(company);
	free(bad.source);
	bad.source = xstrdup("municipality");
	assert_int_equal(case_open(s, &bad), KP_ERR_INVALID);                  /* which one? */
	bad.source_municipality = 751;
	assert_int_equal(case_open(s, &bad), KP_OK);
	/* a case nobody owns yet is not the consultant's to edit */
	assert_int_equal(case_update(s, &bad), KP_ERR_DENIED);
	assert_int_equal(case_assign(s, bad.id, "aarhus", kons, NULL), KP_OK);
	free(bad.themes);
	bad.themes = xstrdup("[\"astrology\"]");
	assert_int_equal(case_update(s, &bad), KP_ERR_INVALID);
	case_finish(&bad);
	journal_entry_finish(&m);
	case_finish(&c);
	free(kons);
	free(company);
	test_session_close(s);
}

static void lists_are_scoped(void **state)
{
	struct session *s = test_session("intake");
	char *company = new_company(s);
	char *kons = user_id(s, "consultant");
	struct case_file a = draft(company), b = draft(company), *list;
	struct case_filter mine = { 0 }, open = { .status = "open" };
	int n;

	(void)state;
	a.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &a), KP_OK);
	assert_int_equal(case_open(s, &b), KP_OK);
	test_login(s, "consultant");
	mine.consultant_id = s->user.id;
	assert_int_equal(case_list(s, &mine, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, a.id);
	assert_string_equal(list[0].company_name, "Novo Nordisk A/S");
	case_list_free(list, n);
	assert_int_equal(case_list(s, &open, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	case_list_free(list, n);
	test_login(s, "othersup");
	assert_int_equal(case_list(s, &open, &list, &n), KP_OK);
	assert_int_equal(n, 0);
	case_list_free(list, n);
	case_finish(&a);
	case_finish(&b);
	free(kons);
	free(company);
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(transitions),
		cmocka_unit_test(full_workflow),
		cmocka_unit_test(scope_of_other_consultants_and_houses),
		cmocka_unit_test(refuses_cpr_and_bad_input),
		cmocka_unit_test(lists_are_scoped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
