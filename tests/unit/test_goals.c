/* NPS, effect, periods, targets, goals I-VII and the register extract on
 * the hand-made data set of supfix.c; every expected figure is worked out
 * next to its assertion. */
#include "tests/unit/supfix.h"
#include "tests/unit/testutil.h"
#include "src/evaluation.h"
#include "src/goals.h"
#include "src/goals_report.h"
#include "src/session.h"
#include "src/target.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void nps_counts_promoters_minus_detractors(void **state)
{
	struct eval_counts c = { 0 };
	struct nps n;

	(void)state;
	evaluation_nps(&c, &n);
	assert_int_equal(n.n, 0);                     /* no answers: no figure */
	/* 10, 10, 9 promoters; 8, 7 passives; 6, 0 detractors: (3 - 2) / 7 */
	c.score[10] = 2;
	c.score[9] = 1;
	c.score[8] = 1;
	c.score[7] = 1;
	c.score[6] = 1;
	c.score[0] = 1;
	evaluation_nps(&c, &n);
	assert_int_equal(n.n, 7);
	assert_int_equal(n.promoters, 3);
	assert_int_equal(n.passives, 2);
	assert_int_equal(n.detractors, 2);
	assert_near(n.score, 100.0 / 7.0);
	/* only detractors: -100 */
	memset(&c, 0, sizeof c);
	c.score[3] = 4;
	evaluation_nps(&c, &n);
	assert_near(n.score, -100.0);
}

static void effect_leaves_dont_know_apart(void **state)
{
	struct eval_counts c = { .yes = 7, .no = 3, .dont_know = 5 };
	struct effect_share e;

	(void)state;
	evaluation_effect(&c, &e);
	assert_int_equal(e.n, 10);                    /* yes + no */
	assert_int_equal(e.dont_know, 5);
	assert_near(e.pct, 70.0);
	c = (struct eval_counts){ .dont_know = 2 };
	evaluation_effect(&c, &e);
	assert_int_equal(e.n, 0);
}

static void periods_parse(void **state)
{
	struct session *s = supfix_open("sup", false);
	struct period p;

	(void)state;
	assert_int_equal(goals_period_parse(s, "2026", &p), KP_OK);
	assert_string_equal(p.from, "2026-01-01");
	assert_string_equal(p.to, "2027-01-01");
	assert_string_equal(p.last, "2026-12-31");
	assert_int_equal(goals_period_parse(s, "2026-Q1", &p), KP_OK);
	assert_string_equal(p.to, "2026-04-01");
	assert_string_equal(p.last, "2026-03-31");
	assert_int_equal(goals_period_parse(s, "2024q4", &p), KP_OK);
	assert_string_equal(p.from, "2024-10-01");
	assert_string_equal(p.to, "2025-01-01");
	assert_int_equal(p.year, 2024);
	assert_int_equal(goals_period_parse(s, "2024-02-01..2024-02-29", &p), KP_OK);
	assert_string_equal(p.to, "2024-03-01");
	assert_int_equal(goals_period_parse(s, "2026-Q5", &p), KP_ERR_INVALID);
	assert_int_equal(goals_period_parse(s, "2026-05-01..2027-01-01", &p), KP_ERR_INVALID);
	assert_int_equal(goals_period_parse(s, "2026-02-30..2026-03-01", &p), KP_ERR_INVALID);
	assert_int_equal(goals_period_parse(s, "26", &p), KP_ERR_INVALID);
	supfix_close(s);
}

static struct goal_bucket *find(struct goal_buckets *b, const char *key)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->items[i].key, key) == 0)
			return &b->items[i];
	fail_msg("no bucket %s", key);
	return NULL;
}

static void goals_for_a_house_and_year(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct period p;
	struct goals g;

	(void)state;
	goals_period_year(2026, &p);
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &g), KP_OK);
	assert_string_equal(g.house, "midtjylland");        /* the supervisor's house */
	/* I: served in 2026 in midtjylland: c1 (2 meetings in 2026; the
	 * 2025-12-01 one is outside), c2 (1), c3 (2; the note does not count),
	 * c4 (1), c7 (1). c5 has only a note; c6 is in hovedstaden. Companies:
	 * A (c1, c2, and c7 through F merged into A), B, C. */
	assert_int_equal(g.served_cases, 5);
	assert_int_equal(g.served_companies, 3);
	assert_int_equal(find(&g.by_target_group, "micro")->companies, 1);
	assert_int_equal(find(&g.by_target_group, "micro")->cases, 3);
	assert_int_equal(find(&g.by_target_group, "micro")->meetings, 4);
	assert_int_equal(find(&g.by_target_group, "sme")->meetings, 2);
	assert_int_equal(find(&g.by_target_group, "pre_start")->companies, 1);
	assert_int_equal(find(&g.by_growth, "high")->companies, 1);
	assert_int_equal(find(&g.by_growth, "moderate")->companies, 1);
	assert_int_equal(find(&g.by_growth, "")->companies, 1);
	/* II: 2026 scores in the house 10, 10, 9, 8, 6, 2 (c8 answered only the
	 * effect; e8 is 2025, e9 is hovedstaden): promoters 3, detractors 2,
	 * n 6: NPS = 100 * (3 - 2) / 6 */
	assert_int_equal(g.nps.n, 6);
	assert_near(g.nps.score, 100.0 / 6.0);
	/* III: yes c1 c2 c3 c8 = 4, no c4 = 1, don't know c5 c7 = 2: 4/5 */
	assert_int_equal(g.effect.n, 5);
	assert_int_equal(g.effect.dont_know, 2);
	assert_near(g.effect.pct, 80.0);
	/* IV: in 2026 in the house the pairs (c1, o1) (r1 sent, r2 completed:
	 * once, as completed), (c3, o2) accepted, (c2, o3) withdrawn only; r5
	 * is hovedstaden, r6 is 2025 */
	assert_int_equal(g.referrals, 2);
	assert_int_equal(g.referrals_withdrawn, 1);
	assert_int_equal(find(&g.referrals_by_type, "state_scheme")->cases, 1);
	assert_int_equal(find(&g.referrals_by_type, "gts")->cases, 1);
	assert_int_equal(find(&g.referrals_by_status, "completed")->cases, 1);
	assert_int_equal(find(&g.referrals_by_status, "accepted")->cases, 1);
	assert_int_equal(find(&g.referrals_by_destination, "GTS Test")->cases, 1);
	assert_near(g.actual[METRIC_REFERRALS], 2);
	/* V: meetings 2 + 1 + 2 + 1 + 1 = 7; capital on c1 and c2, both A */
	assert_int_equal(g.meetings, 7);
	assert_int_equal(find(&g.by_theme, "capital")->cases, 2);
	assert_int_equal(find(&g.by_theme, "capital")->companies, 1);
	assert_int_equal(find(&g.by_theme, "capital")->meetings, 3);
	assert_int_equal(find(&g.by_theme, "digitalisation")->meetings, 2);
	assert_int_equal(find(&g.by_theme, "automation")->companies, 1);
	/* VI: digital themes on c1 (digitalisation), c3 (it_security), c7
	 * (automation); companies A, B; meetings 2 + 2 + 1 */
	assert_int_equal(g.digital_cases, 3);
	assert_int_equal(g.digital_companies, 2);
	assert_int_equal(g.digital_meetings, 5);
	/* VII: opened in 2026 in the house: c2 c3 c4 c5 c8 c11 (c10 is not
	 * routed, c6 is hovedstaden); with CVR all but c4; pre-start c4;
	 * from a municipality c2 c4 */
	assert_int_equal(g.registered.cases, 6);
	assert_int_equal(g.registered.with_cvr, 5);
	assert_int_equal(g.registered.prestart, 1);
	assert_int_equal(g.registered.from_municipality, 2);
	/* the metric table carries the same figures */
	assert_near(g.actual[METRIC_SERVED], 3);
	assert_near(g.actual[METRIC_DIGITAL], 3);
	assert_near(g.actual[METRIC_MUNICIPALITY], 2);
	assert_int_equal(g.targets.source[METRIC_NPS], TARGET_NATIONAL);
	assert_near(g.targets.value[METRIC_NPS], 60);
	assert_near(g.targets.value[METRIC_EFFECT], 70);
	assert_int_equal(g.targets.source[METRIC_SERVED], TARGET_NONE);
	goals_finish(&g);
	supfix_close(s);
}

static void goals_for_a_branch_and_quarter(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct period p;
	struct goals g;

	(void)state;
	goals_period_year(2026, &p);
	assert_int_equal(goals_compute(s, NULL, "herning", &p, &g), KP_OK);
	/* Herning: c2 served (1 meeting, company A); opened c2 c5 c11;
	 * evaluations c2 (10, yes) and c5 (6, don't know): NPS (1 - 1) / 2 */
	assert_int_equal(g.served_cases, 1);
	assert_int_equal(g.served_companies, 1);
	assert_int_equal(g.meetings, 1);
	assert_int_equal(g.registered.cases, 3);
	assert_int_equal(g.registered.from_municipality, 1);
	assert_int_equal(g.nps.n, 2);
	assert_near(g.nps.score, 0);
	assert_int_equal(g.effect.n, 1);
	assert_near(g.effect.pct, 100);
	assert_int_equal(g.referrals, 0);                   /* r4 was withdrawn */
	assert_int_equal(g.referrals_withdrawn, 1);
	goals_finish(&g);
	/* the second quarter of 2026 has no activity at all */
	goals_period_quarter(2026, 2, &p);
	assert_int_equal(goals_compute(s, "midtjylland", NULL, &p, &g), KP_OK);
	assert_int_equal(g.served_companies, 0);
	assert_int_equal(g.nps.n, 0);
	assert_false(g.has_actual[METRIC_NPS]);
	assert_int_equal(g.registered.cases, 0);
	goals_finish(&g);
	/* a range: January 2026 only: c1 (01-15), c3 (01-25), c4, c7 served */
	assert_int_equal(goals_period_parse(s, "2026-01-01..2026-01-31", &p), KP_OK);
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &g), KP_OK);
	assert_int_equal(g.served_cases, 4);
	assert_int_equal(g.served_companies, 3);
	assert_int_equal(g.meetings, 4);
	goals_finish(&g);
	supfix_close(s);
}

static void goals_scope_is_enforced(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct period p;
	struct goals g;

	(void)state;
	goals_period_year(2026, &p);
	assert_int_equal(goals_compute(s, "hovedstaden", NULL, &p, &g), KP_ERR_DENIED);
	goals_finish(&g);
	assert_int_equal(goals_compute(s, NULL, "kobenhavn", &p, &g), KP_ERR_DENIED);
	goals_finish(&g);
	assert_int_equal(goals_compute(s, "midtjylland", "kobenhavn", &p, &g), KP_ERR_INVALID);
	goals_finish(&g);
	assert_int_equal(goals_compute(s, "atlantis", NULL, &p, &g), KP_ERR_INVALID);
	goals_finish(&g);
	supfix_login(s, "cons");
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &g), KP_ERR_DENIED);
	goals_finish(&g);
	/* an administrator sees every house: c6 and company E join */
	supfix_login(s, "admin");
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &g), KP_OK);
	assert_null(g.house);
	assert_int_equal(g.served_cases, 6);
	assert_int_equal(g.served_companies, 4);
	assert_int_equal(g.nps.n, 7);                 /* and e9's 0 */
	goals_finish(&g);
	supfix_close(s);
}

static void targets_are_set_once_per_key(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct target_set t;
	struct period p;
	struct goals g;

	(void)state;
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "served_companies", 150), KP_OK);
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "served_companies", 160), KP_OK);
	assert_int_equal(target_set(s, "midtjylland", "herning", 2026, "served_companies", 40), KP_OK);
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "nps", 65), KP_OK);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM target"), 3);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM audit WHERE action = 'target.set'"), 4);
	assert_int_equal(target_get(s, "midtjylland", NULL, 2026, &t), KP_OK);
	assert_near(t.value[METRIC_SERVED], 160);
	assert_int_equal(t.source[METRIC_SERVED], TARGET_SET);
	assert_near(t.value[METRIC_NPS], 65);
	assert_int_equal(t.source[METRIC_EFFECT], TARGET_NATIONAL);
	assert_int_equal(target_get(s, "midtjylland", "herning", 2026, &t), KP_OK);
	assert_near(t.value[METRIC_SERVED], 40);
	assert_int_equal(t.source[METRIC_NPS], TARGET_NATIONAL);
	/* a merge that brought a second, newer row for the key: it wins */
	supfix_exec(s, "INSERT INTO target VALUES ('zz', 'midtjylland', NULL, 2026, "
		       "'served_companies', 170, '2026-03-02T10:00:00Z', 'u-sup')");
	assert_int_equal(target_get(s, "midtjylland", NULL, 2026, &t), KP_OK);
	assert_near(t.value[METRIC_SERVED], 170);
	/* the dashboard shows actual beside target */
	goals_period_year(2026, &p);
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &g), KP_OK);
	assert_near(g.targets.value[METRIC_SERVED], 170);
	assert_near(g.actual[METRIC_SERVED], 3);
	goals_finish(&g);
	/* bad input changes nothing */
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "happiness", 1), KP_ERR_INVALID);
	assert_int_equal(target_set(s, "midtjylland", NULL, 2018, "nps", 60), KP_ERR_INVALID);
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "nps", 120), KP_ERR_INVALID);
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "effect", -1), KP_ERR_INVALID);
	assert_int_equal(target_set(s, "midtjylland", "kobenhavn", 2026, "nps", 60), KP_ERR_INVALID);
	assert_int_equal(target_set(s, "hovedstaden", NULL, 2026, "nps", 60), KP_ERR_DENIED);
	supfix_login(s, "cons");
	assert_int_equal(target_set(s, "midtjylland", NULL, 2026, "nps", 60), KP_ERR_DENIED);
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM target"), 4);
	supfix_close(s);
}

struct rows {
	char text[8][160];
	int n;
};

static void collect(void *ctx, const struct extract_row *r)
{
	struct rows *rows = ctx;

	if (rows->n < 8)
		snprintf(rows->text[rows->n++], sizeof rows->text[0], "%s %d %s %s %s %d %s %s [%s] %d",
			 r->cvr, r->year, r->houses, r->first, r->last, r->meetings, r->themes,
			 r->target_group, r->referrals, r->evaluated);
}

static void extract_has_one_row_per_served_cvr(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct rows rows = { 0 };
	int n;

	(void)state;
	/* A: c1 (01-15, 02-10), c2 (02-05), c7 via F, same CVR (01-20): four
	 * meetings, themes automation, capital, digitalisation; referred to
	 * o1 (r4 to o3 was withdrawn); evaluated. B: c3 (01-25, 03-01),
	 * referred to o2. C is pre-start (no CVR); E is hovedstaden. */
	assert_int_equal(goals_extract(s, NULL, 2026, collect, &rows, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows.text[0], "12345678 2026 midtjylland 2026-01-15 2026-02-10 4 "
					  "automation;capital;digitalisation micro [Innovationsfonden Test] 1");
	assert_string_equal(rows.text[1], "23456789 2026 midtjylland 2026-01-25 2026-03-01 2 "
					  "it_security sme [GTS Test] 1");
	supfix_login(s, "cons");
	assert_int_equal(goals_extract(s, NULL, 2026, collect, &rows, &n), KP_ERR_DENIED);
	supfix_close(s);
}

static bool has_bucket(const struct goal_buckets *b, const char *key)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->items[i].key, key) == 0)
			return true;
	return false;
}

/* A supervisor limited to Aarhus and Herning sees both together by
 * default: every count is the sum of the two branches' (a case lies in
 * one branch), companies are counted once (A is served in both), and
 * Horsens, the house's third branch, is not counted at all. */
static void scoped_supervisor_sees_the_union(void **state)
{
	struct session *s = supfix_open("admin", true);
	const char *const scope[] = { "aarhus", "herning" };
	struct period p;
	struct goals u, a, h, house;

	(void)state;
	goals_period_year(2026, &p);
	supfix_exec(s, "UPDATE case_file SET location = 'horsens' WHERE id = 'c3'");
	assert_int_equal(goals_compute(s, "midtjylland", NULL, &p, &house), KP_OK);
	assert_int_equal(user_set_scope(s, "u-sup", scope, 2), KP_OK);
	supfix_login(s, "sup");
	assert_int_equal(goals_compute(s, NULL, NULL, &p, &u), KP_OK);
	assert_string_equal(u.location, "aarhus,herning");
	char *label = goals_scope_label(s, &u);
	assert_string_equal(label, "Aarhus, Herning (Erhvervshus Midtjylland)");
	free(label);
	assert_int_equal(goals_compute(s, NULL, "aarhus", &p, &a), KP_OK);
	assert_int_equal(goals_compute(s, NULL, "herning", &p, &h), KP_OK);

	/* served: c1 c4 c7 in Aarhus, c2 in Herning; c3 (Horsens) is not */
	assert_int_equal(u.served_cases, 4);
	assert_int_equal(u.served_cases, a.served_cases + h.served_cases);
	assert_int_equal(house.served_cases, 5);
	assert_int_equal(u.meetings, a.meetings + h.meetings);
	assert_int_equal(u.meetings, 5);
	/* companies merge: A and C; A is in both branches' figures */
	assert_int_equal(a.served_companies, 2);
	assert_int_equal(h.served_companies, 1);
	assert_int_equal(u.served_companies, 2);
	assert_false(has_bucket(&u.by_growth, "moderate"));   /* B: only c3 */
	assert_true(has_bucket(&house.by_growth, "moderate"));
	assert_int_equal(u.digital_cases, a.digital_cases + h.digital_cases);
	assert_int_equal(u.registered.cases, a.registered.cases + h.registered.cases);
	assert_int_equal(u.registered.with_cvr, a.registered.with_cvr + h.registered.with_cvr);
	assert_int_equal(u.registered.prestart, a.registered.prestart + h.registered.prestart);
	assert_int_equal(u.registered.from_municipality,
			 a.registered.from_municipality + h.registered.from_municipality);
	assert_int_equal(u.registered.cases, house.registered.cases - 1);   /* c3 */
	assert_int_equal(u.nps.n, a.nps.n + h.nps.n);
	assert_int_equal(u.nps.n, house.nps.n - 1);                        /* c3's 9 */
	assert_int_equal(u.effect.n, a.effect.n + h.effect.n);
	assert_int_equal(u.referrals, a.referrals + h.referrals);
	assert_int_equal(u.referrals, house.referrals - 1);                /* r3 */
	assert_int_equal(u.referrals_withdrawn, a.referrals_withdrawn + h.referrals_withdrawn);
	/* no target is set for the two together: the national ones apply */
	assert_int_equal(u.targets.source[METRIC_NPS], TARGET_NATIONAL);
	goals_finish(&u);
	goals_finish(&a);
	goals_finish(&h);
	goals_finish(&house);

	/* outside the scope: refused, not counted */
	assert_int_equal(goals_compute(s, NULL, "horsens", &p, &u), KP_ERR_DENIED);
	goals_finish(&u);
	supfix_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nps_counts_promoters_minus_detractors),
		cmocka_unit_test(effect_leaves_dont_know_apart),
		cmocka_unit_test(periods_parse),
		cmocka_unit_test(goals_for_a_house_and_year),
		cmocka_unit_test(goals_for_a_branch_and_quarter),
		cmocka_unit_test(goals_scope_is_enforced),
		cmocka_unit_test(scoped_supervisor_sees_the_union),
		cmocka_unit_test(targets_are_set_once_per_key),
		cmocka_unit_test(extract_has_one_row_per_served_cvr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
