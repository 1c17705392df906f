/* Goals as text and CSV. Every figure comes from struct goals; nothing is
 * computed here but display forms and bar fractions. */
#include "src/goals_report.h"
#include "src/bar.h"
#include "src/company.h"
#include "src/csv.h"
#include "src/i18n.h"
#include "src/referral.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAR_WIDTH 16

char *goals_key_label(struct session *s, enum goals_key_kind kind, const char *key)
{
	switch (kind) {
	case GOALS_KEY_GROWTH: return xstrdup(company_growth_label(key));
	case GOALS_KEY_REFERRAL_STATUS: return xstrdup(referral_status_label(key));
	case GOALS_KEY_PLAIN: return xstrdup(key);
	default: break;
	}
	if (!key || !*key)
		return xstrdup(_("not stated"));
	return refdata_label_of(s, kind == GOALS_KEY_THEME ? REF_THEME
				   : kind == GOALS_KEY_PARTNER_TYPE ? REF_PARTNER_TYPE
				   : REF_TARGET_GROUP, key);
}

char *goals_scope_label(struct session *s, const struct goals *g)
{
	char *house, *label;

	if (!g->house)
		return xstrdup(_("all houses"));
	house = refdata_label_of(s, REF_HOUSE, g->house);
	if (!g->location)
		return house;
	/* one location, or a supervisor's several: "Aarhus, Herning (house)" */
	struct strbuf towns = STRBUF_INIT;
	for (const char *k = g->location; *k;) {
		size_t len = strcspn(k, ",");
		char *key = xstrndup(k, len);
		char *town = refdata_label_of(s, REF_LOCATION, key);

		strbuf_addf(&towns, "%s%s", towns.len ? ", " : "", town);
		free(town);
		free(key);
		k += len + (k[len] == ',');
	}
	label = xasprintf("%s (%s)", strbuf_str(&towns), house);
	strbuf_finish(&towns);
	free(house);
	return label;
}

static bool is_percent(enum goal_metric m)
{
	return m == METRIC_EFFECT;
}

static void format_value(enum goal_metric m, double v, char out[32])
{
	if (m == METRIC_NPS)
		snprintf(out, 32, "%+.1f", v);
	else if (is_percent(m))
		snprintf(out, 32, "%.1f %%", v);
	else
		snprintf(out, 32, "%.0f", v);
}

void goals_format_actual(const struct goals *g, enum goal_metric m, char out[32])
{
	if (!g->has_actual[m])
		snprintf(out, 32, "-");
	else
		format_value(m, g->actual[m], out);
}

void goals_format_target(const struct goals *g, enum goal_metric m, char out[32])
{
	if (g->targets.source[m] == TARGET_NONE)
		snprintf(out, 32, "-");
	else if (m == METRIC_NPS)
		snprintf(out, 32, "%.0f", g->targets.value[m]);
	else
		format_value(m, g->targets.value[m], out);
}

double goals_fraction(const struct goals *g, enum goal_metric m)
{
	double t = g->targets.value[m];

	if (g->targets.source[m] == TARGET_NONE || !g->has_actual[m])
		return 0;
	if (t <= 0)
		return g->actual[m] >= t ? 1 : 0;
	return g->actual[m] / t;
}

static void flush_line(struct strbuf *out, struct strbuf *line)
{
	char *clean = text_sanitize(strbuf_str(line));

	strbuf_addf(out, "%s\n", clean);
	free(clean);
	strbuf_reset(line);
}

/* "title: label 3, label 2, ..." of a bucket list, one value per bucket
 * (which: 0 companies, 1 cases, 2 meetings), wrapped at width. */
static void bucket_line(struct session *s, struct strbuf *out, const char *title,
			const struct goal_buckets *b, enum goals_key_kind kind, int which, int width)
{
	struct strbuf line = STRBUF_INIT;
	size_t used;

	if (b->n == 0)
		return;
	strbuf_addf(&line, "       %s:", title);
	used = text_width(strbuf_str(&line));
	for (int i = 0; i < b->n; i++) {
		const struct goal_bucket *k = &b->items[i];
		char *label = goals_key_label(s, kind, k->key);
		int v = which == 0 ? k->companies : which == 1 ? k->cases : k->meetings;
		char *item = xasprintf(" %s %d%s", label, v, i + 1 < b->n ? "," : "");
		size_t w = text_width(item);

		if (used + w > (size_t)width && used > 9) {
			flush_line(out, &line);
			strbuf_addstr(&line, "        ");
			used = 8;
		}
		strbuf_addstr(&line, item);
		used += w;
		free(item);
		free(label);
	}
	flush_line(out, &line);
	strbuf_finish(&line);
}

static void metric_line(struct session *s, const struct goals *g, enum goal_metric m,
			bool first_of_goal, bool ascii, struct strbuf *out)
{
	char actual[32], target[32];
	char *label = text_fit(target_metric_label(m), 34, true);
	char *bar = bar_render(goals_fraction(g, m), BAR_WIDTH, ascii);

	(void)s;
	goals_format_actual(g, m, actual);
	goals_format_target(g, m, target);
	strbuf_addf(out, "%-4s %s %9s %9s%s", first_of_goal ? target_metric_goal(m) : "", label,
		    actual, target, g->targets.source[m] == TARGET_NATIONAL ? "*" : " ");
	if (g->targets.source[m] != TARGET_NONE && g->has_actual[m])
		strbuf_addf(out, " %s %3.0f %%", bar, 100 * goals_fraction(g, m));
	strbuf_addch(out, '\n');
	free(bar);
	free(label);
}

void goals_report_text(struct session *s, const struct goals *g, int width, bool ascii,
		       struct strbuf *out)
{
	char *scope = goals_scope_label(s, g);
	char *clean = text_sanitize(scope);

	if (width < 60)
		width = 60;
	strbuf_addf(out, _("National goals I-VII: %s, %s to %s\n"), clean, g->period.from,
		    g->period.last);
	strbuf_addf(out, "%s\n\n", _("(served: a case with at least one meeting in the period)"));
	strbuf_addf(out, "%-4s %-34s %9s %9s\n", "", "", _("actual"), _("target"));
	free(clean);
	free(scope);

	metric_line(s, g, METRIC_SERVED, true, ascii, out);
	bucket_line(s, out, _("by target group"), &g->by_target_group, GOALS_KEY_TARGET_GROUP, 0, width);
	bucket_line(s, out, _("by growth ambition"), &g->by_growth, GOALS_KEY_GROWTH, 0, width);

	metric_line(s, g, METRIC_NPS, true, ascii, out);
	strbuf_addf(out, _("       n = %d: %d promoters (9-10), %d passives, %d detractors (0-6)\n"),
		    g->nps.n, g->nps.promoters, g->nps.passives, g->nps.detractors);
	metric_line(s, g, METRIC_EFFECT, true, ascii, out);
	strbuf_addf(out, _("       n = %d: %d yes, %d no; don't know %d (apart)\n"),
		    g->effect.n, g->effect.yes, g->effect.no, g->effect.dont_know);

	metric_line(s, g, METRIC_REFERRALS, true, ascii, out);
	bucket_line(s, out, _("by destination type"), &g->referrals_by_type, GOALS_KEY_PARTNER_TYPE,
		    1, width);
	bucket_line(s, out, _("by status"), &g->referrals_by_status, GOALS_KEY_REFERRAL_STATUS, 1,
		    width);
	bucket_line(s, out, _("by destination"), &g->referrals_by_destination, GOALS_KEY_PLAIN, 1,
		    width);
	if (g->referrals_withdrawn)
		strbuf_addf(out, _("       withdrawn (not counted): %d\n"), g->referrals_withdrawn);

	metric_line(s, g, METRIC_MEETINGS, true, ascii, out);
	strbuf_addf(out, _("       %d companies served in %d cases\n"), g->served_companies,
		    g->served_cases);
	bucket_line(s, out, _("meetings by target group"), &g->by_target_group,
		    GOALS_KEY_TARGET_GROUP, 2, width);
	bucket_line(s, out, _("companies by theme"), &g->by_theme, GOALS_KEY_THEME, 0, width);
	bucket_line(s, out, _("meetings by theme"), &g->by_theme, GOALS_KEY_THEME, 2, width);

	metric_line(s, g, METRIC_DIGITAL, true, ascii, out);
	strbuf_addf(out, _("       %d companies, %d meetings\n"), g->digital_companies,
		    g->digital_meetings);

	metric_line(s, g, METRIC_REGISTERED, true, ascii, out);
	strbuf_addf(out, _("       with CVR %d, pre-start %d\n"), g->registered.with_cvr,
		    g->registered.prestart);
	metric_line(s, g, METRIC_MUNICIPALITY, false, ascii, out);
	strbuf_addf(out, "\n%s\n", _("* national target of the agreement (no result-contract target set)"));
}

static void csv_row(struct strbuf *out, char delim, const char *goal, const char *metric,
		    const char *key, const char *label, double actual, bool has_actual,
		    const char *target, int n)
{
	char a[32] = "", nn[16] = "";
	const char *f[7];

	if (has_actual)
		snprintf(a, sizeof a, "%.6g", actual);
	if (n >= 0)
		snprintf(nn, sizeof nn, "%d", n);
	f[0] = goal;
	f[1] = metric;
	f[2] = key;
	f[3] = label;
	f[4] = a;
	f[5] = target;
	f[6] = nn;
	csv_write_record(out, f, 7, delim);
}

static void csv_buckets(struct session *s, struct strbuf *out, char delim, const char *goal,
			const char *metric, const struct goal_buckets *b, enum goals_key_kind kind,
			int which)
{
	for (int i = 0; i < b->n; i++) {
		const struct goal_bucket *k = &b->items[i];
		char *label = goals_key_label(s, kind, k->key);
		int v = which == 0 ? k->companies : which == 1 ? k->cases : k->meetings;

		csv_row(out, delim, goal, metric, k->key, label, v, true, "", -1);
		free(label);
	}
}

void goals_report_csv(struct session *s, const struct goals *g, char delim, struct strbuf *out)
{
	const char *head[] = { "goal", "metric", "key", "label", "actual", "target", "n" };

	csv_write_record(out, head, 7, delim);
	for (int m = 0; m < METRIC_COUNT; m++) {
		char t[32] = "";
		int n = m == METRIC_NPS ? g->nps.n : m == METRIC_EFFECT ? g->effect.n : -1;

		if (g->targets.source[m] != TARGET_NONE)
			snprintf(t, sizeof t, "%.6g", g->targets.value[m]);
		csv_row(out, delim, target_metric_goal(m), target_metric_key(m), "",
			target_metric_label(m), g->actual[m], g->has_actual[m], t, n);
	}
	csv_buckets(s, out, delim, "I", "companies_by_target_group", &g->by_target_group,
		    GOALS_KEY_TARGET_GROUP, 0);
	csv_buckets(s, out, delim, "I", "companies_by_growth", &g->by_growth, GOALS_KEY_GROWTH, 0);
	csv_row(out, delim, "II", "promoters", "", _("promoters (9-10)"), g->nps.promoters, true, "", -1);
	csv_row(out, delim, "II", "passives", "", _("passives (7-8)"), g->nps.passives, true, "", -1);
	csv_row(out, delim, "II", "detractors", "", _("detractors (0-6)"), g->nps.detractors, true, "", -1);
	csv_row(out, delim, "III", "effect_yes", "", _("yes"), g->effect.yes, true, "", -1);
	csv_row(out, delim, "III", "effect_no", "", _("no"), g->effect.no, true, "", -1);
	csv_row(out, delim, "III", "effect_dont_know", "", _("don't know"), g->effect.dont_know,
		true, "", -1);
	csv_buckets(s, out, delim, "IV", "referrals_by_type", &g->referrals_by_type,
		    GOALS_KEY_PARTNER_TYPE, 1);
	csv_buckets(s, out, delim, "IV", "referrals_by_status", &g->referrals_by_status,
		    GOALS_KEY_REFERRAL_STATUS, 1);
	csv_buckets(s, out, delim, "IV", "referrals_by_destination", &g->referrals_by_destination,
		    GOALS_KEY_PLAIN, 1);
	csv_row(out, delim, "IV", "referrals_withdrawn", "", _("withdrawn (not counted)"),
		g->referrals_withdrawn, true, "", -1);
	csv_row(out, delim, "V", "served_cases", "", _("cases served"), g->served_cases, true, "", -1);
	csv_buckets(s, out, delim, "V", "meetings_by_target_group", &g->by_target_group,
		    GOALS_KEY_TARGET_GROUP, 2);
	csv_buckets(s, out, delim, "V", "companies_by_theme", &g->by_theme, GOALS_KEY_THEME, 0);
	csv_buckets(s, out, delim, "V", "meetings_by_theme", &g->by_theme, GOALS_KEY_THEME, 2);
	csv_row(out, delim, "VI", "digital_companies", "", _("companies"), g->digital_companies,
		true, "", -1);
	csv_row(out, delim, "VI", "digital_meetings", "", _("meetings"), g->digital_meetings,
		true, "", -1);
	csv_row(out, delim, "VII", "cases_with_cvr", "", _("with CVR"), g->registered.with_cvr,
		true, "", -1);
	csv_row(out, delim, "VII", "prestart_cases", "", _("pre-start"), g->registered.prestart,
		true, "", -1);
}
