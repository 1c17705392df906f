/* Caseloads, the front-desk queue and recording evaluations, on the data
 * set of supfix.c (today 2026-03-02). */
#include "tests/unit/supfix.h"
#include "tests/unit/testutil.h"
#include "src/case.h"
#include "src/caseload.h"
#include "src/evaluation.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void branch_caseload_with_ages(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct caseload_filter f = { .location = "aarhus", .sort = CASELOAD_SORT_IDLE };
	struct caseload_row *rows;
	int n;

	(void)state;
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	/* open at Aarhus: c1 c3 c4 c7 c8 (c9 is closed). Idle since the last
	 * journal entry: c4 01-06 -> 55 days; c7 01-20 -> 41; c1 02-10 -> 20;
	 * c8 none, opened 02-25 -> 5; c3 03-01 -> 1 */
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].case_id, "c4");
	assert_int_equal(rows[0].idle_days, 55);
	assert_string_equal(rows[1].case_id, "c7");
	assert_int_equal(rows[1].idle_days, 41);
	assert_string_equal(rows[2].case_id, "c1");
	assert_int_equal(rows[2].age_days, 112);      /* 2025-11-10 .. 2026-03-02 */
	assert_string_equal(rows[2].last_activity, "2026-02-10");
	assert_int_equal(rows[2].overdue, 1);         /* r1's follow-up 2026-02-01 */
	assert_int_equal(rows[4].overdue, 0);         /* r3's is 2026-04-01 */
	assert_string_equal(rows[3].case_id, "c8");
	assert_string_equal(rows[3].consultant_name, "");
	assert_string_equal(rows[4].case_id, "c3");
	/* a lean list: the company is read for the rows asked for only */
	assert_null(rows[0].company_name);
	assert_null(rows[1].company_name);
	assert_int_equal(caseload_fill(s, rows, n, 1, 2), KP_OK);
	assert_null(rows[0].company_name);
	assert_string_equal(rows[1].company_name, "Alfa ApS (dublet)");   /* c7 */
	assert_string_equal(rows[2].cvr, "12345678");                     /* c1 */
	assert_null(rows[3].company_name);
	assert_int_equal(caseload_fill(s, rows, n, 3, 100), KP_OK);   /* clamped to n */
	assert_string_equal(rows[3].company_name, "Delta I/S");           /* c8 */
	assert_string_equal(rows[4].company_name, "Beta A/S");            /* c3 */

	/* per consultant: Carl has c1 c3 c4 c7, two idle 30+ days; c8 unassigned */
	struct caseload_summary *sum;
	int ns;
	caseload_summarise(rows, n, 30, &sum, &ns);
	assert_int_equal(ns, 2);
	assert_string_equal(sum[0].consultant_name, "");
	assert_int_equal(sum[0].new_cases, 1);
	assert_string_equal(sum[1].consultant_name, "Carl Konsulent");
	assert_int_equal(sum[1].active, 4);
	assert_int_equal(sum[1].idle, 2);
	assert_int_equal(sum[1].overdue, 1);
	caseload_summary_free(sum, ns);
	caseload_list_free(rows, n);

	/* idle only, with the default 30 days: c4 and c7; with 50: c4 */
	f.only_idle = true;
	f.sort = CASELOAD_SORT_OPENED;
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].case_id, "c7");    /* opened 2025-06-01 */
	caseload_list_free(rows, n);
	assert_int_equal(caseload_set_idle_days(s, 50), KP_OK);
	assert_int_equal(caseload_idle_days(s), 50);
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].case_id, "c4");
	caseload_list_free(rows, n);
	assert_int_equal(caseload_set_idle_days(s, 0), KP_ERR_INVALID);

	/* overdue follow-ups only: c1 */
	f = (struct caseload_filter){ .location = "aarhus", .only_overdue = true };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].case_id, "c1");
	caseload_list_free(rows, n);

	/* status filter, and the whole house sorted by company */
	f = (struct caseload_filter){ .status = "assigned" };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].case_id, "c5");
	caseload_list_free(rows, n);
	f = (struct caseload_filter){ .sort = CASELOAD_SORT_COMPANY, .descending = true };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 8);                        /* c1-c5, c7, c8, c11 */
	assert_string_equal(rows[n - 1].company_name, "Alfa ApS");
	caseload_list_free(rows, n);
	supfix_close(s);
}

static void caseload_scope(void **state)
{
	struct session *s = supfix_open("cons", true);
	struct caseload_filter f = { 0 };
	struct caseload_row *rows;
	int n;

	(void)state;
	/* a consultant gets their own open cases */
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 4);
	for (int i = 0; i < n; i++)
		assert_string_equal(rows[i].consultant_id, "u-cons");
	caseload_list_free(rows, n);
	f.location = "herning";
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_ERR_DENIED);
	f = (struct caseload_filter){ .consultant_id = "u-cons2" };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_ERR_DENIED);
	supfix_login(s, "intake");
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_ERR_DENIED);
	/* a supervisor of another house sees nothing of this one */
	supfix_login(s, "supkbh");
	f = (struct caseload_filter){ .location = "aarhus" };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_ERR_DENIED);
	f = (struct caseload_filter){ .consultant_id = "u-cons" };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 0);
	caseload_list_free(rows, n);
	f = (struct caseload_filter){ .location = "nowhere" };
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_ERR_INVALID);
	supfix_close(s);
}

static void front_desk_queue_oldest_first(void **state)
{
	struct session *s = supfix_open("intake", true);
	struct caseload_row *rows;
	int n;

	(void)state;
	/* new, no consultant: c10 (not routed, 01-02), c11 (Herning, 02-20),
	 * c8 (Aarhus, 02-25) */
	assert_int_equal(caseload_queue(s, NULL, &rows, &n), KP_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].case_id, "c10");
	assert_string_equal(rows[0].location, "");
	assert_int_equal(rows[0].age_days, 59);
	assert_string_equal(rows[1].case_id, "c11");
	assert_string_equal(rows[2].case_id, "c8");
	caseload_list_free(rows, n);
	assert_int_equal(caseload_queue(s, "herning", &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].case_id, "c11");
	caseload_list_free(rows, n);
	assert_int_equal(caseload_queue(s, "kobenhavn", &rows, &n), KP_ERR_DENIED);
	supfix_login(s, "admin");
	assert_int_equal(caseload_queue(s, NULL, &rows, &n), KP_ERR_DENIED);
	supfix_close(s);
}

static struct evaluation eval(const char *case_id, int recommend, const char *effect,
			      const char *answered)
{
	return (struct evaluation){
		.case_id = xstrdup(case_id), .recommend = recommend,
		.effect = effect ? xstrdup(effect) : NULL,
		.answered = answered ? xstrdup(answered) : NULL,
	};
}

static enum kp_status record(struct session *s, const char *case_id, int recommend,
			     const char *effect, const char *answered)
{
	struct evaluation e = eval(case_id, recommend, effect, answered);
	enum kp_status st = evaluation_record(s, &e, false);

	evaluation_finish(&e);
	return st;
}

static void evaluations_of_closed_cases_only(void **state)
{
	struct session *s = supfix_open("cons", true);
	struct evaluation e = eval("c9", 9, "yes", "2026-02-25");
	struct evaluation *list;
	int n;

	(void)state;
	/* bad input first: nothing is written */
	assert_int_equal(record(s, "c9", 11, "yes", "2026-02-25"), KP_ERR_INVALID);
	assert_int_equal(record(s, "c9", 5, "maybe", "2026-02-25"), KP_ERR_INVALID);
	assert_int_equal(record(s, "c9", -1, NULL, "2026-02-25"), KP_ERR_INVALID);
	assert_int_equal(record(s, "c9", 5, "no", "2026-04-01"), KP_ERR_INVALID);   /* future */
	assert_int_equal(record(s, "c9", 5, "no", "2026-02-19"), KP_ERR_INVALID);   /* before closing */
	assert_int_equal(record(s, "c9", 5, "no", "2026-02-30"), KP_ERR_INVALID);
	assert_int_equal(record(s, "c1", 5, "no", "2026-02-25"), KP_ERR_STATE);     /* open */
	assert_int_equal(record(s, "nope", 5, "no", "2026-02-25"), KP_ERR_NOT_FOUND);
	e.comment = xstrdup("ring til 010190-1234");
	assert_int_equal(evaluation_record(s, &e, false), KP_ERR_REFUSED);
	supfix_login(s, "cons2");                                          /* not her case */
	assert_int_equal(record(s, "c9", 5, "no", "2026-02-25"), KP_ERR_DENIED);
	supfix_login(s, "intake");
	assert_int_equal(record(s, "c9", 5, "no", "2026-02-25"), KP_ERR_DENIED);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM evaluation WHERE case_id = 'c9'"), 0);

	supfix_login(s, "cons");
	free(e.comment);
	e.comment = xstrdup("  Meget tilfreds  ");
	assert_int_equal(evaluation_record(s, &e, false), KP_OK);
	assert_non_null(e.id);
	assert_string_equal(e.comment, "Meget tilfreds");
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM audit WHERE action = "
					  "'evaluation.record' AND tbl = 'evaluation'"), 1);
	assert_int_equal(evaluation_list(s, "c9", &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].recommend, 9);
	assert_string_equal(list[0].effect, "yes");
	assert_string_equal(list[0].created_by, "u-cons");
	evaluation_list_free(list, n);
	/* once per case */
	assert_int_equal(record(s, "c9", 3, "no", "2026-02-26"), KP_ERR_DUPLICATE);
	evaluation_finish(&e);
	/* a supervisor of the house may record too; an empty date is today */
	supfix_exec(s, "UPDATE case_file SET status = 'closed', closed = '2026-03-01' WHERE id = 'c3'");
	supfix_exec(s, "DELETE FROM evaluation WHERE case_id = 'c3'");
	supfix_login(s, "sup");
	e = eval("c3", -1, "dont_know", NULL);
	assert_int_equal(evaluation_record(s, &e, false), KP_OK);
	assert_string_equal(e.answered, "2026-03-02");
	evaluation_finish(&e);
	supfix_close(s);
}

static int count_at(struct session *s, const char *location)
{
	struct caseload_filter f = { .location = location };
	struct caseload_row *rows;
	int n;

	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	caseload_list_free(rows, n);
	return n;
}

static void reassign_moves_cases_between_caseloads(void **state)
{
	struct session *s = supfix_open("sup", true);
	const char *one[] = { "c1" };
	const char *set[] = { "c3", "c4" };
	const char *bad[] = { "c7", "nope" };
	const char *foreign[] = { "c8", "c6" };
	struct case_event *ev;
	struct case_file c = { 0 };
	int n;

	(void)state;
	assert_int_equal(count_at(s, "aarhus"), 5);
	assert_int_equal(count_at(s, "herning"), 3);             /* c2 c5 c11 */
	/* to Dorte, whose home is Herning: the case moves with her */
	assert_int_equal(caseload_reassign(s, one, 1, NULL, "u-cons2", "Carl på orlov"), KP_OK);
	assert_int_equal(count_at(s, "aarhus"), 4);
	assert_int_equal(count_at(s, "herning"), 4);
	assert_int_equal(case_get(s, "c1", &c), KP_OK);
	assert_string_equal(c.location, "herning");
	assert_string_equal(c.consultant_id, "u-cons2");
	assert_string_equal(c.status, "active");
	case_finish(&c);
	assert_int_equal(case_timeline(s, "c1", &ev, &n), KP_OK);
	assert_true(n >= 1);
	assert_string_equal(ev[n - 1].kind, "assigned");
	assert_string_equal(ev[n - 1].user_id, "u-sup");
	assert_string_equal(ev[n - 1].from_value, "aarhus/Carl Konsulent");
	assert_string_equal(ev[n - 1].to_value, "herning/Dorte Konsulent");
	assert_string_equal(ev[n - 1].reason, "Carl på orlov");
	assert_string_equal(ev[n - 1].at, "2026-03-02T09:00:00Z");
	case_event_list_free(ev, n);
	/* a marked set, staying at Aarhus */
	assert_int_equal(caseload_reassign(s, set, 2, "aarhus", "u-cons2", "udligning"), KP_OK);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM case_file WHERE id IN ('c3', 'c4') "
					  "AND consultant_id = 'u-cons2' AND location = 'aarhus'"), 2);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM case_event WHERE kind = 'assigned' "
					  "AND reason = 'udligning'"), 2);
	/* all or none: one unknown case, or one of another house, changes nothing */
	assert_int_equal(caseload_reassign(s, bad, 2, NULL, "u-cons2", "x"), KP_ERR_NOT_FOUND);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM case_file WHERE id = 'c7' "
					  "AND consultant_id = 'u-cons'"), 1);
	assert_int_equal(caseload_reassign(s, foreign, 2, "aarhus", "u-cons", "x"), KP_ERR_DENIED);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM case_file WHERE id = 'c8' "
					  "AND consultant_id IS NULL AND status = 'new'"), 1);
	assert_non_null(strstr(session_message(s), "Epsilon"));  /* names the case */
	/* an active case cannot go to a queue; a reason is required */
	assert_int_equal(caseload_reassign(s, bad, 1, "herning", NULL, "kø"), KP_ERR_STATE);
	assert_int_equal(caseload_reassign(s, bad, 1, NULL, "u-cons2", "  "), KP_ERR_INVALID);
	assert_int_equal(caseload_reassign(s, bad, 0, NULL, "u-cons2", "x"), KP_ERR_INVALID);
	/* from the queue to a consultant: assigned, and out of the queue */
	assert_int_equal(caseload_reassign(s, foreign, 1, NULL, "u-cons", "fordeling"), KP_OK);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM case_file WHERE id = 'c8' "
					  "AND status = 'assigned'"), 1);
	struct caseload_row *rows;
	assert_int_equal(caseload_queue(s, "aarhus", &rows, &n), KP_OK);
	assert_int_equal(n, 0);
	caseload_list_free(rows, n);
	/* only supervisors reassign */
	supfix_login(s, "cons");
	assert_int_equal(caseload_reassign(s, one, 1, NULL, "u-cons", "mine"), KP_ERR_DENIED);
	supfix_close(s);
}

/* A consultant who has left: the administrator deactivates Carl; his four
 * open Aarhus cases stay in the caseload, marked, counted for the
 * administrator, and a supervisor moves them to someone active. */
static void cases_of_a_deactivated_consultant(void **state)
{
	struct session *s = supfix_open("admin", true);
	struct caseload_filter f = { .location = "aarhus" };
	struct caseload_summary *sum;
	struct caseload_row *rows;
	int n, ns, open = 0, marked = 0;
	const char *cases[4];

	(void)state;
	assert_int_equal(user_set_active(s, "u-cons", false), KP_OK);
	assert_int_equal(user_open_cases(s, "u-cons", &open), KP_OK);
	assert_int_equal(open, 4);                    /* c1 c3 c4 c7 */
	supfix_login(s, "sup");
	assert_int_equal(caseload_list(s, &f, &rows, &n), KP_OK);
	assert_int_equal(n, 5);
	for (int i = 0; i < n; i++)
		if (rows[i].consultant_inactive) {
			assert_string_equal(rows[i].consultant_id, "u-cons");
			cases[marked++] = rows[i].case_id;
		}
	assert_int_equal(marked, 4);
	caseload_summarise(rows, n, 30, &sum, &ns);
	assert_int_equal(ns, 2);
	assert_true(sum[1].inactive);
	char *label = caseload_consultant_label(sum[1].consultant_name, sum[1].inactive, 0);
	assert_string_equal(label, "Carl Konsulent (inactive)");
	free(label);
	/* cut to 16 columns, the name gives way and the marker stays */
	label = caseload_consultant_label(sum[1].consultant_name, sum[1].inactive, 16);
	assert_string_equal(label, "Carl… (inactive)");
	free(label);
	label = caseload_consultant_label(sum[0].consultant_name, sum[0].inactive, 16);
	assert_string_equal(label, "(unassigned)");
	free(label);
	caseload_summary_free(sum, ns);
	/* not a target for new assignments; to an active colleague they go */
	assert_int_equal(caseload_reassign(s, cases, 1, "aarhus", "u-cons", "x"), KP_ERR_INVALID);
	assert_int_equal(caseload_reassign(s, cases, 4, "aarhus", "u-sup", "Carl er fratrådt"), KP_OK);
	caseload_list_free(rows, n);
	supfix_login(s, "admin");
	assert_int_equal(user_open_cases(s, "u-cons", &open), KP_OK);
	assert_int_equal(open, 0);
	supfix_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(branch_caseload_with_ages),
		cmocka_unit_test(caseload_scope),
		cmocka_unit_test(front_desk_queue_oldest_first),
		cmocka_unit_test(evaluations_of_closed_cases_only),
		cmocka_unit_test(reassign_moves_cases_between_caseloads),
		cmocka_unit_test(cases_of_a_deactivated_consultant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
