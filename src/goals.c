/* Goals I-VII in one pass over the period's served cases (db/goals_store.c)
 * plus one count each for evaluations and registrations. Distinct
 * companies are counted with string sets, so a company served by several
 * cases counts once per group. */
#include "src/goals.h"
#include "db/ref_store.h"
#include "src/access.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "db/referral_store.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/strset.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *goals_title(int goal)
{
	switch (goal) {
	case 1: return _("Broader target group");
	case 2: return _("Satisfaction");
	case 3: return _("Effect");
	case 4: return _("Hub function");
	case 5: return _("Specialised guidance");
	case 6: return _("Digital transformation");
	case 7: return _("Registration");
	default: return "?";
	}
}

/* ---- periods ---- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void set_range(struct period *p, int year, int m_from, int m_to_excl)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last_m = m_to_excl - 1;
	int last_d = mdays[last_m - 1] + (last_m == 2 && leap(year));

	p->year = year;
	snprintf(p->from, sizeof p->from, "%04d-%02d-01", year, m_from);
	if (m_to_excl > 12)
		snprintf(p->to, sizeof p->to, "%04d-01-01", year + 1);
	else
		snprintf(p->to, sizeof p->to, "%04d-%02d-01", year, m_to_excl);
	snprintf(p->last, sizeof p->last, "%04d-%02d-%02d", year, last_m, last_d);
}

bool goals_period_year(int year, struct period *out)
{
	if (year < 1900 || year > 9998)
		return false;
	set_range(out, year, 1, 13);
	return true;
}

bool goals_period_quarter(int year, int quarter, struct period *out)
{
	if (year < 1900 || year > 9998 || quarter < 1 || quarter > 4)
		return false;
	set_range(out, year, 3 * quarter - 2, 3 * quarter + 1);
	return true;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum kp_status goals_period_parse(struct session *s, const char *text, struct period *out)
{
	size_t len = text ? strlen(text) : 0;
	const char *dots = text ? strstr(text, "..") : NULL;

	if (len == 4 && all_digits(text, 4) && goals_period_year(atoi(text), out))
		return KP_OK;
	if ((len == 6 || len == 7) && all_digits(text, 4)) {
		const char *q = text + 4 + (len == 7 && text[4] == '-');

		if ((q[0] == 'Q' || q[0] == 'q') && q[1] >= '1' && q[1] <= '4' && q[2] == '\0'
		    && goals_period_quarter(atoi(text), q[1] - '0', out))
			return KP_OK;
	}
	if (dots && dots - text == 10 && strlen(dots + 2) == 10) {
		char from[11], last[11];

		memcpy(from, text, 10);
		from[10] = '\0';
		memcpy(last, dots + 2, 11);
		if (clock_parse_date(from, NULL) && clock_parse_date(last, NULL)
		    && strcmp(from, last) <= 0 && strncmp(from, last, 4) == 0) {
			out->year = atoi(from);
			memcpy(out->from, from, 11);
			memcpy(out->last, last, 11);
			clock_date_add_days(last, 1, out->to);
			return KP_OK;
		}
	}
	return session_fail(s, KP_ERR_INVALID,
			    _("a period is a year (2026), a quarter (2026-Q3) or a range within "
			      "one year (2026-03-01..2026-05-31), not %s"), text ? text : "");
}

/* ---- scope ---- */

enum kp_status goals_resolve_scope(struct session *s, const char *house, const char *location,
			   struct goals_where *out)
{
	enum kp_status st = access_require(s, ACT_REPORT);
	bool admin = strcmp(s->user.role, "admin") == 0;

	memset(out, 0, sizeof *out);
	if (st != KP_OK)
		return st;
	if (location && *location) {
		char *h = ref_store_location_house(s->db, location);
		bool ok = h && (!house || !*house || strcmp(h, house) == 0);

		if (ok) {
			snprintf(out->house, sizeof out->house, "%s", h);
			snprintf(out->location, sizeof out->location, "%s", location);
		}
		free(h);
		if (!ok)
			return session_fail(s, KP_ERR_INVALID, _("no location %s in that house"),
					    location);
	} else if (house && *house) {
		int known = ref_store_exists(s->db, REF_HOUSE, house);

		if (known < 0)
			return session_db_fail(s, _("cannot read houses"));
		if (!known)
			return session_fail(s, KP_ERR_INVALID, _("no house with key %s"), house);
		snprintf(out->house, sizeof out->house, "%s", house);
	} else if (!admin) {
		snprintf(out->house, sizeof out->house, "%s", s->user.house);
	}
	if (!admin && strcmp(out->house, s->user.house) != 0)
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: a supervisor reports on their own house"));
	/* a supervisor with a location scope reports on one of those
	 * locations, or on all of them together unless one is chosen */
	if (!admin && access_user_scoped(&s->user)) {
		if (*out->location)
			return access_require_location(s, out->location);
		if (strlen(s->user.scope) >= sizeof out->location)
			return session_fail(s, KP_ERR_INVALID,
					    _("your location scope is too long to report on at once: choose a branch"));
		snprintf(out->location, sizeof out->location, "%s", s->user.scope);
	}
	return KP_OK;
}

/* ---- buckets ---- */

static struct goal_bucket *bucket(struct goal_buckets *b, const char *key)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->items[i].key, key) == 0)
			return &b->items[i];
	b->items = xrealloc(b->items, (size_t)(b->n + 1) * sizeof *b->items);
	b->items[b->n] = (struct goal_bucket){ .key = xstrdup(key) };
	return &b->items[b->n++];
}

static void buckets_free(struct goal_buckets *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->items[i].key);
	free(b->items);
	*b = (struct goal_buckets){ 0 };
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct goal_bucket *)a)->key, ((const struct goal_bucket *)b)->key);
}

static void buckets_sort(struct goal_buckets *b)
{
	if (b->n > 1)
		qsort(b->items, (size_t)b->n, sizeof *b->items, by_key);
}

/* Calls fn for each key of a JSON array of plain strings (theme keys). */
static void each_theme(const char *json, void (*fn)(void *ctx, const char *key), void *ctx)
{
	char key[64];

	for (const char *p = json; p && *p; p++) {
		if (*p != '"')
			continue;
		size_t n = 0;
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			if (n + 1 < sizeof key)
				key[n++] = *p;
		}
		key[n] = '\0';
		fn(ctx, key);
		if (!*p)
			break;
	}
}

/* ---- the pass over served cases ---- */

struct pass {
	struct goals *g;
	struct ref_item *themes;    /* flag: digital */
	int n_themes;
	struct strset companies;    /* company */
	struct strset theme_companies; /* theme + company */
	struct strset digital_companies;
	const struct served_case *row;
	bool row_digital;
};

static bool is_digital(const struct pass *p, const char *key)
{
	for (int i = 0; i < p->n_themes; i++)
		if (strcmp(p->themes[i].key, key) == 0)
			return p->themes[i].flag != 0;
	return false;
}

static void on_theme(void *ctx, const char *key)
{
	struct pass *p = ctx;
	struct goal_bucket *b = bucket(&p->g->by_theme, key);

	b->cases++;
	b->meetings += p->row->meetings;
	if (strset_add2(&p->theme_companies, key, p->row->company_key))
		b->companies++;
	if (is_digital(p, key))
		p->row_digital = true;
}

static void on_served(void *ctx, const struct served_case *c)
{
	struct pass *p = ctx;
	struct goals *g = p->g;
	struct goal_bucket *tg = bucket(&g->by_target_group, c->target_group);

	g->served_cases++;
	g->meetings += c->meetings;
	tg->cases++;
	tg->meetings += c->meetings;
	if (strset_add(&p->companies, c->company_key)) {
		g->served_companies++;
		tg->companies++;
		bucket(&g->by_growth, c->growth)->companies++;
	}
	p->row = c;
	p->row_digital = false;
	each_theme(c->themes, on_theme, p);
	if (p->row_digital) {
		g->digital_cases++;
		g->digital_meetings += c->meetings;
		if (strset_add(&p->digital_companies, c->company_key))
			g->digital_companies++;
	}
}

static void set_actuals(struct goals *g)
{
	g->actual[METRIC_SERVED] = g->served_companies;
	g->actual[METRIC_NPS] = g->nps.score;
	g->actual[METRIC_EFFECT] = g->effect.pct;
	g->actual[METRIC_REFERRALS] = g->referrals;
	g->actual[METRIC_MEETINGS] = g->meetings;
	g->actual[METRIC_DIGITAL] = g->digital_cases;
	g->actual[METRIC_REGISTERED] = g->registered.cases;
	g->actual[METRIC_MUNICIPALITY] = g->registered.from_municipality;
	for (int m = 0; m < METRIC_COUNT; m++)
		g->has_actual[m] = true;
	g->has_actual[METRIC_NPS] = g->nps.n > 0;
	g->has_actual[METRIC_EFFECT] = g->effect.n > 0;
}

static void add_status(struct goals *g, const char *status, int n)
{
	if (n > 0)
		bucket(&g->referrals_by_status, status)->cases += n;
}

/* Goal IV through the referral report's own count (db/referral_store.c). */
static bool count_referrals(struct session *s, struct goals *g)
{
	struct referral_count *rc;
	int n = referral_store_count_at(s->db, g->period.from, g->period.last, g->house,
					g->location, &rc);

	if (n < 0)
		return false;
	for (int i = 0; i < n; i++) {
		g->referrals += rc[i].total;
		g->referrals_withdrawn += rc[i].withdrawn;
		if (rc[i].total == 0)
			continue;
		bucket(&g->referrals_by_type, rc[i].organisation_type)->cases += rc[i].total;
		bucket(&g->referrals_by_destination, rc[i].organisation_name)->cases += rc[i].total;
		add_status(g, "proposed", rc[i].proposed);
		add_status(g, "sent", rc[i].sent);
		add_status(g, "accepted", rc[i].accepted);
		add_status(g, "completed", rc[i].completed);
		add_status(g, "declined", rc[i].declined);
	}
	referral_count_list_free(rc, n);
	return true;
}

enum kp_status goals_compute(struct session *s, const char *house, const char *location,
			     const struct period *p, struct goals *out)
{
	struct goals_scope sc = { .from = p->from, .to = p->to };
	struct pass pass = { .g = out };
	struct goals_where w;
	enum kp_status st;
	bool ok;

	memset(out, 0, sizeof *out);
	st = goals_resolve_scope(s, house, location, &w);
	if (st != KP_OK)
		return st;
	out->house = *w.house ? xstrdup(w.house) : NULL;
	out->location = *w.location ? xstrdup(w.location) : NULL;
	out->period = *p;
	sc.house = out->house;
	sc.location = out->location;
	st = refdata_list(s, REF_THEME, &pass.themes, &pass.n_themes);
	if (st != KP_OK)
		return st;
	strset_init(&pass.companies);
	strset_init(&pass.theme_companies);
	strset_init(&pass.digital_companies);
	ok = goals_store_served(s->db, &sc, false, on_served, &pass)
	     && evaluation_store_count(s->db, &(struct eval_scope){ .house = sc.house,
				       .location = sc.location, .from = sc.from, .to = sc.to },
				       &out->evals)
	     && goals_store_registrations(s->db, &sc, &out->registered)
	     && count_referrals(s, out);
	strset_finish(&pass.companies);
	strset_finish(&pass.theme_companies);
	strset_finish(&pass.digital_companies);
	ref_list_free(pass.themes, pass.n_themes);
	if (!ok)
		return session_db_fail(s, _("cannot compute the goals"));
	evaluation_nps(&out->evals, &out->nps);
	evaluation_effect(&out->evals, &out->effect);
	buckets_sort(&out->by_target_group);
	buckets_sort(&out->by_growth);
	buckets_sort(&out->by_theme);
	buckets_sort(&out->referrals_by_type);
	buckets_sort(&out->referrals_by_destination);
	set_actuals(out);
	if (out->house)
		return target_get(s, out->house, out->location, p->year, &out->targets);
	return target_get(s, "", NULL, p->year, &out->targets);
}

void goals_finish(struct goals *g)
{
	if (!g)
		return;
	free(g->house);
	free(g->location);
	buckets_free(&g->by_target_group);
	buckets_free(&g->by_growth);
	buckets_free(&g->referrals_by_type);
	buckets_free(&g->referrals_by_destination);
	buckets_free(&g->referrals_by_status);
	buckets_free(&g->by_theme);
	memset(g, 0, sizeof *g);
}

/* ---- the register extract ---- */

struct extract {
	struct strbuf cvr, houses, themes, tg, first, last, referrals;
	struct strset house_set, theme_set, referral_set;
	char **theme_list;
	int n_themes;
	int meetings;
	bool evaluated;
	bool open;
	int year;
	int rows;
	extract_row_fn fn;
	void *ctx;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void extract_flush(struct extract *x)
{
	struct strbuf themes = STRBUF_INIT;

	if (!x->open)
		return;
	qsort(x->theme_list, (size_t)x->n_themes, sizeof *x->theme_list, cmp_str);
	for (int i = 0; i < x->n_themes; i++) {
		if (i)
			strbuf_addch(&themes, ';');
		strbuf_addstr(&themes, x->theme_list[i]);
		free(x->theme_list[i]);
	}
	struct extract_row r = {
		.cvr = strbuf_str(&x->cvr), .year = x->year, .houses = strbuf_str(&x->houses),
		.first = strbuf_str(&x->first), .last = strbuf_str(&x->last),
		.meetings = x->meetings, .themes = strbuf_str(&themes),
		.target_group = strbuf_str(&x->tg), .referrals = strbuf_str(&x->referrals),
		.evaluated = x->evaluated,
	};
	x->fn(x->ctx, &r);
	x->rows++;
	strbuf_finish(&themes);
	free(x->theme_list);
	x->theme_list = NULL;
	x->n_themes = 0;
	strset_finish(&x->house_set);
	strset_finish(&x->theme_set);
	strset_finish(&x->referral_set);
	x->open = false;
}

/* Adds the case's destinations (separated by \037) once each. */
static void extract_referrals(struct extract *x, const char *list)
{
	while (*list) {
		size_t len = strcspn(list, "\037");
		char *name = xstrndup(list, len);

		if (*name && strset_add(&x->referral_set, name)) {
			if (x->referrals.len)
				strbuf_addch(&x->referrals, ';');
			strbuf_addstr(&x->referrals, name);
		}
		free(name);
		list += len;
		if (*list)
			list++;
	}
}

static void extract_theme(void *ctx, const char *key)
{
	struct extract *x = ctx;

	if (strset_add(&x->theme_set, key)) {
		x->theme_list = xrealloc(x->theme_list, (size_t)(x->n_themes + 1) * sizeof(char *));
		x->theme_list[x->n_themes++] = xstrdup(key);
	}
}

static void extract_row(void *ctx, const struct served_case *c)
{
	struct extract *x = ctx;

	if (x->open && strcmp(strbuf_str(&x->cvr), c->cvr) != 0)
		extract_flush(x);
	if (!x->open) {
		x->open = true;
		strbuf_reset(&x->cvr);
		strbuf_addstr(&x->cvr, c->cvr);
		strbuf_reset(&x->houses);
		strbuf_reset(&x->tg);
		strbuf_reset(&x->first);
		strbuf_addstr(&x->first, c->first);
		strbuf_reset(&x->last);
		strbuf_addstr(&x->last, c->last);
		strbuf_reset(&x->referrals);
		strset_init(&x->house_set);
		strset_init(&x->theme_set);
		strset_init(&x->referral_set);
		x->meetings = 0;
		x->evaluated = false;
	}
	if (*c->house && strset_add(&x->house_set, c->house)) {
		if (x->houses.len)
			strbuf_addch(&x->houses, ';');
		strbuf_addstr(&x->houses, c->house);
	}
	if (!x->tg.len)
		strbuf_addstr(&x->tg, c->target_group);
	if (strcmp(c->first, strbuf_str(&x->first)) < 0) {
		strbuf_reset(&x->first);
		strbuf_addstr(&x->first, c->first);
	}
	if (strcmp(c->last, strbuf_str(&x->last)) > 0) {
		strbuf_reset(&x->last);
		strbuf_addstr(&x->last, c->last);
	}
	x->meetings += c->meetings;
	x->evaluated = x->evaluated || c->evaluated;
	each_theme(c->themes, extract_theme, x);
	extract_referrals(x, c->referrals);
}

enum kp_status goals_extract(struct session *s, const char *house, int year,
			     extract_row_fn fn, void *ctx, int *n)
{
	struct goals_where w;
	struct period p;
	struct extract x = { .fn = fn, .ctx = ctx, .year = year };
	enum kp_status st;
	bool ok;

	*n = 0;
	st = goals_resolve_scope(s, house, NULL, &w);
	if (st != KP_OK)
		return st;
	if (!goals_period_year(year, &p))
		return session_fail(s, KP_ERR_INVALID, _("no such year: %d"), year);
	struct goals_scope sc = { .house = *w.house ? w.house : NULL,
				  .location = *w.location ? w.location : NULL, .from = p.from, .to = p.to };
	strbuf_init(&x.cvr);
	strbuf_init(&x.houses);
	strbuf_init(&x.tg);
	strbuf_init(&x.first);
	strbuf_init(&x.last);
	strbuf_init(&x.referrals);
	ok = goals_store_served(s->db, &sc, true, extract_row, &x);
	if (ok)
		extract_flush(&x);
	else if (x.open) {
		for (int i = 0; i < x.n_themes; i++)
			free(x.theme_list[i]);
		free(x.theme_list);
		strset_finish(&x.house_set);
		strset_finish(&x.theme_set);
		strset_finish(&x.referral_set);
	}
	strbuf_finish(&x.cvr);
	strbuf_finish(&x.houses);
	strbuf_finish(&x.tg);
	strbuf_finish(&x.first);
	strbuf_finish(&x.last);
	strbuf_finish(&x.referrals);
	*n = x.rows;
	if (!ok)
		return session_db_fail(s, _("cannot write the register extract"));
	return KP_OK;
}
