/* The demo generator: staff at every location, cases in every status,
 * valid data through the core, a second run that adds companies but no
 * users, the same data for the same seed, and refusal of a real database. */
#include "tests/unit/testutil.h"
#include "db/case_store.h"
#include "db/company_store.h"
#include "db/evaluation_store.h"
#include "db/journal_store.h"
#include "db/target_store.h"
#include "db/user_store.h"
#include "src/clock.h"
#include "src/cvr.h"
#include "src/demo.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct session *open_db(char **path)
{
	char err[512];
	struct session *s;

	*path = tmpdb_path();
	s = session_open(*path, true, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	return s;
}

static void close_db(struct session *s, char *path)
{
	session_close(s);
	tmpdb_remove(path);
	free(path);
}

static struct session *demo_db(char **path, int companies, struct demo_result *r)
{
	struct session *s = open_db(path);
	bool fresh = false;

	if (demo_prepare(s, &fresh) != KP_OK)
		fail_msg("prepare: %s", session_message(s));
	assert_true(fresh);
	if (demo_fill(s, companies, 7, true, r) != KP_OK)
		fail_msg("fill: %s", session_message(s));
	return s;
}

static void staff_and_statuses(void **state)
{
	struct demo_result r;
	char *path;
	struct session *s = demo_db(&path, 60, &r);
	struct user u = { 0 };

	(void)state;
	assert_int_equal(r.companies, 60);
	assert_int_equal(company_store_count(s->db), 60);
	assert_int_equal(r.users, 12 * (2 + DEMO_CONSULTANTS_PER_LOCATION));
	/* the login of make run: a consultant in Aarhus */
	assert_int_equal(user_store_find_login(s->db, "konsulent1", &u), 1);
	assert_string_equal(u.role, "consultant");
	assert_string_equal(u.location, "aarhus");
	user_finish(&u);
	static const char *const logins[][3] = {
		{ "admin", "admin", "kobenhavn" }, { "modtagelse1", "intake", "aarhus" },
		{ "leder1", "supervisor", "aarhus" }, { "konsulent4", "consultant", "kobenhavn" },
		{ "leder12", "supervisor", "nykobing_mors" }, { "konsulent36", "consultant", "nykobing_mors" },
	};
	for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
		assert_int_equal(user_store_find_login(s->db, logins[i][0], &u), 1);
		assert_string_equal(u.role, logins[i][1]);
		assert_string_equal(u.location, logins[i][2]);
		user_finish(&u);
	}
	/* cases in every status, meetings and notes, and a reopened case */
	struct case_filter f = { 0 };
	struct case_file *cases;
	int n = case_store_list(s->db, &f, &cases);
	int seen[4] = { 0 };
	static const char *const statuses[] = { "new", "assigned", "active", "closed" };
	assert_int_equal(n, r.cases);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			seen[k] += strcmp(cases[i].status, statuses[k]) == 0;
	for (int k = 0; k < 4; k++)
		if (!seen[k])
			fail_msg("no %s case among %d", statuses[k], n);
	case_list_free(cases, n);
	assert_true(r.meetings > r.cases / 2);
	assert_true(r.notes > 0);
	assert_true(r.contacts >= r.companies);
	/* every company has a valid CVR number or is a pre-start person */
	struct company_hit *hits;
	n = company_store_search(s->db, "", 1000, 0, &hits);
	assert_int_equal(n, 60);
	for (int i = 0; i < n; i++)
		assert_true(!*hits[i].cvr || cvr_is_valid(hits[i].cvr));
	company_hits_free(hits, n);
	close_db(s, path);
}

/* Each case's story happens on its own dates: opened on its opened date,
 * closed on or after its last journal entry, evaluated after it closed;
 * and every house has this year's targets. */
static void stories_on_their_own_dates(void **state)
{
	char *path;
	struct session *s = open_db(&path);
	struct demo_result r;
	bool fresh;
	char today[CLOCK_DATE_LEN];
	int evaluated = 0;

	(void)state;
	clock_today(today);
	assert_int_equal(demo_prepare(s, &fresh), KP_OK);
	assert_int_equal(demo_fill(s, 60, 1, false, &r), KP_OK);
	struct case_filter f = { 0 };
	struct case_file *cases;
	int n = case_store_list(s->db, &f, &cases);
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		struct case_event *ev;
		struct journal_entry *je;
		struct evaluation *e;
		int ne = case_event_list(s->db, cases[i].id, &ev);
		int nj = journal_store_list(s->db, cases[i].id, &je);
		int nv = evaluation_store_list(s->db, cases[i].id, &e);

		assert_true(ne > 0 && nj >= 0 && nv >= 0);
		if (strncmp(ev[0].at, cases[i].opened, 10) != 0)
			fail_msg("case opened %s, first event at %s", cases[i].opened, ev[0].at);
		for (int k = 0; k < ne; k++)
			assert_true(strncmp(ev[k].at, today, 10) <= 0);
		for (int k = 0; k < nj && cases[i].closed && strcmp(cases[i].status, "closed") == 0; k++)
			if (strcmp(je[k].occurred, cases[i].closed) > 0)
				fail_msg("journal entry %s after the case closed %s", je[k].occurred, cases[i].closed);
		for (int k = 0; k < nv; k++) {
			/* a reopened case keeps the evaluation of its first closing */
			if (cases[i].closed)
				assert_true(strcmp(e[k].answered, cases[i].closed) >= 0);
			assert_true(strcmp(e[k].answered, today) <= 0);
			evaluated++;
		}
		case_event_list_free(ev, ne);
		journal_list_free(je, nj);
		evaluation_list_free(e, nv);
	}
	case_list_free(cases, n);
	assert_int_equal(evaluated, r.evaluations);
	assert_true(r.evaluations > 0);
	/* 6 houses x this year and last x 6 metrics */
	assert_int_equal(r.targets, 6 * 2 * 6);
	struct target *t;
	int nt = target_store_list(s->db, atoi(today), "fyn", NULL, &t);
	assert_int_equal(nt, 6);
	for (int k = 0; k < nt; k++)
		assert_true(t[k].value >= 1);
	target_list_free(t, nt);
	close_db(s, path);
}

static void second_run_adds_companies_not_users(void **state)
{
	struct demo_result r;
	char *path;
	struct session *s = demo_db(&path, 20, &r);
	struct user *users;
	bool fresh = true;

	(void)state;
	int before = user_store_list(s->db, false, NULL, &users);
	user_list_free(users, before);
	assert_int_equal(demo_prepare(s, &fresh), KP_OK);
	assert_false(fresh);
	assert_string_equal(s->user.login, "admin");
	assert_int_equal(demo_fill(s, 15, 7, false, &r), KP_OK);
	assert_int_equal(r.users, 0);
	assert_int_equal(r.companies, 15);
	assert_int_equal(company_store_count(s->db), 35);
	int after = user_store_list(s->db, false, NULL, &users);
	user_list_free(users, after);
	assert_int_equal(after, before);
	close_db(s, path);
}

static char *all_names(struct session *s)
{
	struct company_hit *hits;
	int n = company_store_search(s->db, "", 1000, 0, &hits);
	char *out = xstrdup("");

	for (int i = 0; i < n; i++) {
		char *next = xasprintf("%s|%s %s %s", out, hits[i].name, hits[i].cvr, hits[i].town);
		free(out);
		out = next;
	}
	company_hits_free(hits, n);
	return out;
}

static void same_seed_same_data(void **state)
{
	struct demo_result r1, r2;
	char *p1, *p2;
	struct session *a = demo_db(&p1, 25, &r1);
	struct session *b = demo_db(&p2, 25, &r2);

	(void)state;
	char *na = all_names(a), *nb = all_names(b);
	assert_string_equal(na, nb);
	assert_int_equal(r1.cases, r2.cases);
	assert_int_equal(r1.meetings, r2.meetings);
	free(na);
	free(nb);
	close_db(a, p1);
	close_db(b, p2);
}

static void refuses_a_real_database(void **state)
{
	char *path;
	struct session *s = open_db(&path);
	struct user u = { .login = xstrdup("boss"), .name = xstrdup("Bo Boss"), .role = xstrdup("admin"),
			  .location = xstrdup("aarhus"), .themes = xstrdup("[]") };
	bool fresh = true;

	(void)state;
	assert_int_equal(user_create(s, &u), KP_OK);
	user_finish(&u);
	assert_int_equal(demo_prepare(s, &fresh), KP_ERR_REFUSED);
	assert_false(fresh);
	assert_non_null(strstr(session_message(s), "not a demo database"));
	assert_int_equal(company_store_count(s->db), 0);
	close_db(s, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(staff_and_statuses),
		cmocka_unit_test(stories_on_their_own_dates),
		cmocka_unit_test(second_run_adds_companies_not_users),
		cmocka_unit_test(same_seed_same_data),
		cmocka_unit_test(refuses_a_real_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
