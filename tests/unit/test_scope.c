/* Roles and scope on a real database: who may open a case, its details,
 * its timeline and its journal, including another house's case opened by
 * its id; and that reads, searches and journal openings are audited. */
#include "tests/unit/testutil.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/case_member.h"
#include "src/company.h"
#include "src/journal.h"
#include "src/session.h"
#include "src/user.h"
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

/* A company and a case at Aarhus assigned to "consultant", with a meeting. */
static char *fixture(struct session *s)
{
	struct company co = { 0 };
	struct case_file c = { 0 };
	struct journal_entry m = { 0 };
	char *kons = user_id(s, "consultant");
	char *id;

	test_login(s, "intake");
	co.cvr = xstrdup("24256790");
	co.name = xstrdup("Novo Nordisk A/S");
	assert_int_equal(company_create(s, &co, NULL), KP_OK);
	c.company_id = xstrdup(co.id);
	c.source = xstrdup("own_initiative");
	c.themes = xstrdup("[\"capital\"]");
	c.title = xstrdup("Kapital til ny fabrik");
	c.location = xstrdup("aarhus");
	c.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &c), KP_OK);
	test_login(s, "consultant");
	m.case_id = xstrdup(c.id);
	m.occurred = xstrdup("2026-03-01");
	m.place = xstrdup("company");
	m.summary = xstrdup("Fortrolig plan om opkøb");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	id = xstrdup(c.id);
	journal_entry_finish(&m);
	case_finish(&c);
	company_finish(&co);
	free(kons);
	return id;
}

enum sees { NOTHING, EXISTENCE, DETAILS };

static void check(struct session *s, const char *login, const char *case_id, enum sees sees,
		  bool journal)
{
	struct case_file c = { 0 };
	struct journal_entry *entries = NULL;
	struct case_event *events = NULL;
	int n = -1;

	test_login(s, login);
	enum kp_status st = case_get(s, case_id, &c);
	if (sees == NOTHING) {
		if (st != KP_ERR_DENIED)
			fail_msg("%s opened the case by its id", login);
	} else {
		if (st != KP_OK)
			fail_msg("%s cannot see the case: %s", login, session_message(s));
		assert_string_equal(c.status, "active");
		assert_non_null(c.company_name);
		if (sees == EXISTENCE) {
			assert_true(c.restricted);
			assert_string_equal(c.title, "");
			assert_string_equal(c.themes, "[]");
		} else {
			assert_false(c.restricted);
			assert_string_equal(c.title, "Kapital til ny fabrik");
		}
	}
	case_finish(&c);
	st = case_timeline(s, case_id, &events, &n);
	if ((st == KP_OK) != (sees == DETAILS))
		fail_msg("%s: timeline %s", login, st == KP_OK ? "shown" : "refused");
	if (st == KP_OK)
		case_event_list_free(events, n);
	st = journal_list(s, case_id, &entries, &n);
	if ((st == KP_OK) != journal)
		fail_msg("%s: journal %s", login, st == KP_OK ? "shown" : "refused");
	if (st == KP_OK) {
		assert_int_equal(n, 1);
		assert_string_equal(entries[0].summary, "Fortrolig plan om opkøb");
		journal_list_free(entries, n);
	} else {
		assert_null(entries);
	}
}

static void who_sees_what(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *id = fixture(s);

	check(s, "consultant", id, DETAILS, true);       /* own case */
	check(s, "supervisor", id, DETAILS, true);       /* house supervisor */
	check(s, "intake", id, EXISTENCE, false);        /* status, never the journal */
	check(s, "consultant2", id, EXISTENCE, false);   /* colleague in the same house */
	check(s, "othersup", id, NOTHING, false);        /* another house, by id */
	check(s, "otherkons", id, NOTHING, false);
	check(s, "admin", id, NOTHING, false);           /* no case contents */
	free(id);
	test_session_close(s);
}

static void other_house_cannot_write(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *id = fixture(s);
	char *other = user_id(s, "otherkons");
	struct journal_entry m = { 0 };

	test_login(s, "othersup");
	assert_int_equal(case_assign(s, id, "odense", other, "take it"), KP_ERR_DENIED);
	assert_int_equal(case_close(s, id, "done"), KP_ERR_DENIED);
	m.case_id = xstrdup(id);
	m.occurred = xstrdup("2026-03-02");
	m.place = xstrdup("online");
	m.summary = xstrdup("sneaked in");
	test_login(s, "otherkons");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_ERR_DENIED);
	/* their case lists do not show it */
	struct case_file *list = NULL;
	int n = -1;
	struct case_filter f = { 0 };
	assert_int_equal(case_list(s, &f, &list, &n), KP_OK);
	for (int i = 0; i < n; i++)
		assert_string_not_equal(list[i].id, id);
	case_list_free(list, n);
	/* intake's list shows it, restricted */
	test_login(s, "intake");
	assert_int_equal(case_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_true(list[0].restricted);
	assert_string_equal(list[0].title, "");
	case_list_free(list, n);
	journal_entry_finish(&m);
	free(other);
	free(id);
	test_session_close(s);
}

static void reads_are_audited(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *id = fixture(s);
	struct journal_entry *entries = NULL;
	struct company_hit *hits = NULL;
	struct audit_entry *log = NULL;
	int n;

	test_login(s, "supervisor");
	assert_int_equal(journal_list(s, id, &entries, &n), KP_OK);
	journal_list_free(entries, n);
	assert_int_equal(company_search(s, "novo", 10, 0, &hits, &n), KP_OK);
	assert_int_equal(n, 1);
	company_hits_free(hits, n);

	struct audit_filter f = { .action_prefix = "journal.read" };
	assert_int_equal(audit_list(s, &f, &log, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(log[0].user_login, "supervisor");
	assert_string_equal(log[0].row_id, id);
	audit_list_free(log, n);

	f.action_prefix = "search";
	assert_int_equal(audit_list(s, &f, &log, &n), KP_OK);
	assert_int_equal(n, 1);
	char *text = audit_reveal(s, &log[0], NULL);
	assert_string_equal(text, "novo");
	assert_string_equal(log[0].detail, "rows=1");
	free(text);
	audit_list_free(log, n);
	free(id);
	test_session_close(s);
}

static void members_get_the_case(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *id = fixture(s);
	char *k2 = user_id(s, "consultant2"), *other = user_id(s, "otherkons"), *sup = user_id(s, "supervisor");

	check(s, "consultant2", id, EXISTENCE, false);
	test_login(s, "consultant2");
	assert_int_equal(case_member_add(s, id, k2), KP_ERR_DENIED);   /* not its case */
	test_login(s, "consultant");
	assert_int_equal(case_member_add(s, id, other), KP_ERR_INVALID);   /* another house */
	assert_int_equal(case_member_add(s, id, sup), KP_ERR_INVALID);     /* not a consultant */
	assert_int_equal(case_member_add(s, id, k2), KP_OK);
	assert_int_equal(case_member_add(s, id, k2), KP_OK);               /* once is enough */
	struct case_member *members = NULL;
	int n = -1;
	assert_int_equal(case_member_list(s, id, &members, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(members[0].user_id, k2);
	case_member_list_free(members, n);
	/* who may not read the case's details does not see its members */
	test_login(s, "intake");
	assert_int_equal(case_member_list(s, id, &members, &n), KP_ERR_DENIED);
	test_login(s, "othersup");
	assert_int_equal(case_member_list(s, id, &members, &n), KP_ERR_DENIED);
	check(s, "consultant2", id, DETAILS, true);
	/* a member may not add others */
	test_login(s, "consultant2");
	assert_int_equal(case_member_remove(s, id, k2), KP_ERR_DENIED);
	test_login(s, "supervisor");
	assert_int_equal(case_member_remove(s, id, k2), KP_OK);
	check(s, "consultant2", id, EXISTENCE, false);
	free(k2);
	free(other);
	free(sup);
	free(id);
	test_session_close(s);
}

/* A consultant who has left (user_set_active false) is given no new work
 * by any route: not as the consultant of a new case, not by routing, not
 * as a member; the records naming the person stay and say so. */
static void deactivated_gets_no_new_work(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	char *id = fixture(s);
	char *kons = user_id(s, "consultant"), *k2 = user_id(s, "consultant2");
	struct case_file c = { 0 }, fresh = { 0 };
	struct case_member *members = NULL;
	int n = -1;

	test_login(s, "consultant");
	assert_int_equal(case_member_add(s, id, k2), KP_OK);
	assert_int_equal(case_get(s, id, &c), KP_OK);
	assert_false(c.consultant_inactive);
	case_finish(&c);
	test_login(s, "admin");
	assert_int_equal(user_set_active(s, k2, false), KP_OK);

	/* membership: refused with the reason, the old membership kept and marked */
	test_login(s, "supervisor");
	assert_int_equal(case_member_add(s, id, k2), KP_ERR_INVALID);
	assert_non_null(strstr(session_message(s), "is deactivated and cannot be added to a case"));
	assert_int_equal(case_member_list(s, id, &members, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(members[0].user_id, k2);
	assert_true(members[0].inactive);
	case_member_list_free(members, n);

	/* routing an existing case: refused, the case stays where it was */
	assert_int_equal(case_assign(s, id, "aarhus", k2, NULL), KP_ERR_INVALID);
	assert_non_null(strstr(session_message(s), "is deactivated and cannot be given new cases"));
	assert_int_equal(case_get(s, id, &c), KP_OK);
	assert_string_equal(c.consultant_id, kons);
	fresh.company_id = xstrdup(c.company_id);
	case_finish(&c);

	/* a new case: refused, nothing written */
	test_login(s, "intake");
	fresh.source = xstrdup("own_initiative");
	fresh.themes = xstrdup("[\"capital\"]");
	fresh.title = xstrdup("Ny sag");
	fresh.location = xstrdup("herning");
	fresh.consultant_id = xstrdup(k2);
	assert_int_equal(case_open(s, &fresh), KP_ERR_INVALID);
	assert_non_null(strstr(session_message(s), "is deactivated and cannot be given new cases"));
	struct case_filter all = { 0 };
	struct case_file *list = NULL;
	int ncases = -1;
	assert_int_equal(case_list(s, &all, &list, &ncases), KP_OK);
	for (int i = 0; i < ncases; i++)
		assert_string_not_equal(list[i].title, "Ny sag");
	case_list_free(list, ncases);
	case_finish(&fresh);

	/* the case's own consultant leaves: the case names the person, marked */
	test_login(s, "admin");
	assert_int_equal(user_set_active(s, kons, false), KP_OK);
	test_login(s, "supervisor");
	assert_int_equal(case_get(s, id, &c), KP_OK);
	assert_string_equal(c.consultant_id, kons);
	assert_true(c.consultant_inactive);
	case_finish(&c);
	free(kons);
	free(k2);
	free(id);
	test_session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(who_sees_what),
		cmocka_unit_test(other_house_cannot_write),
		cmocka_unit_test(reads_are_audited),
		cmocka_unit_test(members_get_the_case),
		cmocka_unit_test(deactivated_gets_no_new_work),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
