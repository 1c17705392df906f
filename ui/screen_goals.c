/* The goals dashboard: goals I-VII for the house or a branch (B; an
 * administrator also any house or all of them; a supervisor limited to
 * some branches sees all of them together by default, or one) and a
 * period (p: a year, a quarter or from..to), each actual beside its target
 * with a bar (Unicode blocks, '#' when the terminal cannot), and the
 * breakdowns below each goal with bars relative to the goal's total.
 * t opens the targets of the period's year. All figures come from
 * src/goals.c; the bars from src/bar.c, as in knudepunkt report goals. */
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/access.h"
#include "src/bar.h"
#include "src/clock.h"
#include "src/goals.h"
#include "src/goals_report.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAR_W 16

struct goals_screen {
	struct period period;
	char period_text[32];
	char *house;                /* administrators: a house, or NULL for all */
	char *location;
	struct goals g;
	bool have;
	char **rows;
	int n;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Goal"), 4 }, { NULL, 0 }, { N_("Actual"), 9 }, { N_("Target"), 9 }, { NULL, BAR_W + 6 },
};

static char *row_text(void *ctx, int i)
{
	struct goals_screen *gs = ctx;

	return xstrdup(gs->rows[i]);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void add_row(struct goals_screen *gs, char *text)
{
	gs->rows = xrealloc(gs->rows, (size_t)(gs->n + 1) * sizeof *gs->rows);
	gs->rows[gs->n++] = text;
}

static void metric_row(struct goals_screen *gs, enum goal_metric m, bool first)
{
	char actual[32], target[32], pct[16] = "";
	double f = goals_fraction(&gs->g, m);
	bool has_bar = gs->g.targets.source[m] != TARGET_NONE && gs->g.has_actual[m];
	char *bar = has_bar ? bar_render(f, BAR_W, text_ascii_only) : xstrdup("");

	goals_format_actual(&gs->g, m, actual);
	goals_format_target(&gs->g, m, target);
	if (has_bar)
		snprintf(pct, sizeof pct, " %3.0f%%", 100 * f);
	add_row(gs, xasprintf("%s\t%s\t%s\t%s%s\t%s%s", first ? target_metric_goal(m) : "",
			      target_metric_label(m), actual, target,
			      gs->g.targets.source[m] == TARGET_NATIONAL ? "*" : "", bar, pct));
	free(bar);
}

/* One row per bucket, the value (companies, cases or meetings) with a bar
 * relative to total. */
static void bucket_rows(struct screen *scr, const char *title, const struct goal_buckets *b,
			enum goals_key_kind kind, int which, int total)
{
	struct goals_screen *gs = scr->data;

	if (b->n == 0)
		return;
	add_row(gs, xasprintf("\t  %s", title));
	for (int i = 0; i < b->n; i++) {
		const struct goal_bucket *k = &b->items[i];
		int v = which == 0 ? k->companies : which == 1 ? k->cases : k->meetings;
		char *label = goals_key_label(scr->ui->s, kind, k->key);
		char *bar = bar_render(total > 0 ? (double)v / total : 0, BAR_W, text_ascii_only);

		add_row(gs, xasprintf("\t    %s\t%d\t\t%s", label, v, bar));
		free(bar);
		free(label);
	}
}

static void note_row(struct goals_screen *gs, char *text)
{
	add_row(gs, xasprintf("\t  %s", text));
	free(text);
}

static void build_rows(struct screen *scr)
{
	struct goals_screen *gs = scr->data;
	struct goals *g = &gs->g;

	metric_row(gs, METRIC_SERVED, true);
	bucket_rows(scr, _("by target group"), &g->by_target_group, GOALS_KEY_TARGET_GROUP, 0,
		    g->served_companies);
	bucket_rows(scr, _("by growth ambition"), &g->by_growth, GOALS_KEY_GROWTH, 0,
		    g->served_companies);
	metric_row(gs, METRIC_NPS, true);
	note_row(gs, xasprintf(_("n = %d: %d promoters, %d passives, %d detractors"), g->nps.n,
			       g->nps.promoters, g->nps.passives, g->nps.detractors));
	metric_row(gs, METRIC_EFFECT, true);
	note_row(gs, xasprintf(_("n = %d: %d yes, %d no; don't know %d (apart)"), g->effect.n,
			       g->effect.yes, g->effect.no, g->effect.dont_know));
	metric_row(gs, METRIC_REFERRALS, true);
	bucket_rows(scr, _("by destination type"), &g->referrals_by_type, GOALS_KEY_PARTNER_TYPE,
		    1, g->referrals);
	bucket_rows(scr, _("by status"), &g->referrals_by_status, GOALS_KEY_REFERRAL_STATUS, 1,
		    g->referrals);
	bucket_rows(scr, _("by destination"), &g->referrals_by_destination, GOALS_KEY_PLAIN, 1,
		    g->referrals);
	metric_row(gs, METRIC_MEETINGS, true);
	note_row(gs, xasprintf(_("%d companies served in %d cases"), g->served_companies,
			       g->served_cases));
	bucket_rows(scr, _("meetings by target group"), &g->by_target_group,
		    GOALS_KEY_TARGET_GROUP, 2, g->meetings);
	bucket_rows(scr, _("companies by theme"), &g->by_theme, GOALS_KEY_THEME, 0,
		    g->served_companies);
	metric_row(gs, METRIC_DIGITAL, true);
	note_row(gs, xasprintf(_("%d companies, %d meetings"), g->digital_companies,
			       g->digital_meetings));
	metric_row(gs, METRIC_REGISTERED, true);
	note_row(gs, xasprintf(_("with CVR %d, pre-start %d"), g->registered.with_cvr,
			       g->registered.prestart));
	metric_row(gs, METRIC_MUNICIPALITY, false);
	add_row(gs, xasprintf("\t%s", _("* national target of the agreement (no result-contract target set)")));
}

static void reload(struct screen *scr)
{
	struct goals_screen *gs = scr->data;

	for (int i = 0; i < gs->n; i++)
		free(gs->rows[i]);
	free(gs->rows);
	gs->rows = NULL;
	gs->n = 0;
	if (gs->have)
		goals_finish(&gs->g);
	gs->have = goals_compute(scr->ui->s, gs->house, gs->location, &gs->period, &gs->g) == KP_OK;
	if (gs->have)
		build_rows(scr);
	else
		ui_fail(scr->ui);
	list_reload(&gs->list, gs->n);
}

static bool gs_open(struct screen *scr, void *arg)
{
	struct goals_screen *gs = xcalloc(1, sizeof *gs);
	char today[CLOCK_DATE_LEN];

	(void)arg;
	scr->data = gs;
	clock_today(today);
	goals_period_year(atoi(today), &gs->period);
	snprintf(gs->period_text, sizeof gs->period_text, "%d", gs->period.year);
	list_init(&gs->list, &list_ops, gs, columns, 5);
	gs->list.empty = _("no figures");
	reload(scr);
	return true;
}

static void gs_draw(struct screen *scr, const struct ui_rect *area)
{
	struct goals_screen *gs = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };
	char *scope = gs->have ? goals_scope_label(scr->ui->s, &gs->g) : xstrdup("");
	char *line = xasprintf(_("Goals I-VII: %s, %s to %s (served: a case with a meeting in the period)"),
			       scope, gs->period.from, gs->period.last);

	draw_title(area, line);
	free(line);
	free(scope);
	list_draw(&gs->list, &r, true);
}

static void choose_period(struct screen *scr)
{
	struct goals_screen *gs = scr->data;
	char *text = prompt_line(scr->ui, _("Period (2026, 2026-Q3 or 2026-01-01..2026-06-30)"),
				 gs->period_text);
	struct period p;

	if (!text)
		return;
	if (goals_period_parse(scr->ui->s, text_trim(text), &p) != KP_OK) {
		ui_fail(scr->ui);
	} else {
		gs->period = p;
		snprintf(gs->period_text, sizeof gs->period_text, "%s", text);
		reload(scr);
	}
	free(text);
}

/* The scopes the user may report on: a supervisor the own house and its
 * branches (one limited to some branches: all of those together, or one);
 * an administrator every house, each house and each branch.
 * Keys are "" (the default), "h:HOUSE" or "l:LOCATION". */
static void choose_branch(struct screen *scr)
{
	struct goals_screen *gs = scr->data;
	struct session *s = scr->ui->s;
	bool admin = strcmp(s->user.role, "admin") == 0;
	bool scoped = !admin && access_user_scoped(&s->user);
	struct ref_item *locs = NULL, *houses = NULL;
	struct pick_item items[64];
	char *keys[64];
	int n = 0, nl = 0, nh = 0, chosen;

	if (refdata_list(s, REF_LOCATION, &locs, &nl) != KP_OK
	    || (admin && refdata_list(s, REF_HOUSE, &houses, &nh) != KP_OK)) {
		ui_fail(scr->ui);
		ref_list_free(locs, nl);
		return;
	}
	keys[n] = xstrdup("");
	items[n] = (struct pick_item){ keys[n], admin ? _("all houses")
						  : scoped ? _("all my locations") : _("whole house") };
	n++;
	for (int i = 0; i < nh && n < 64; i++, n++) {
		keys[n] = xasprintf("h:%s", houses[i].key);
		items[n] = (struct pick_item){ keys[n], refdata_label(&houses[i]) };
	}
	for (int i = 0; i < nl && n < 64; i++) {
		if (!admin && (strcmp(locs[i].parent, s->user.house) != 0 ||
			       !access_location_in_scope(&s->user, locs[i].key)))
			continue;
		keys[n] = xasprintf("l:%s", locs[i].key);
		items[n] = (struct pick_item){ keys[n], refdata_label(&locs[i]) };
		n++;
	}
	chosen = pick_one(scr->ui, _("Show the goals of"), items, n, 0);
	if (chosen >= 0) {
		const char *k = keys[chosen];

		free(gs->house);
		free(gs->location);
		gs->house = strncmp(k, "h:", 2) == 0 ? xstrdup(k + 2) : NULL;
		gs->location = strncmp(k, "l:", 2) == 0 ? xstrdup(k + 2) : NULL;
		reload(scr);
	}
	for (int i = 0; i < n; i++)
		free(keys[i]);
	ref_list_free(locs, nl);
	ref_list_free(houses, nh);
}

static enum ui_result gs_handle(struct screen *scr, const struct ui_event *ev)
{
	struct goals_screen *gs = scr->data;

	switch (ev->action) {
	case UA_GOAL_PERIOD:
		choose_period(scr);
		return UI_DONE;
	case UA_BRANCH_FILTER:
		choose_branch(scr);
		return UI_DONE;
	case UA_TARGETS: {
		struct targets_arg a = { .house = gs->have ? gs->g.house : NULL,
					 .location = gs->location, .year = gs->period.year };
		ui_push(scr->ui, &screen_targets, &a);
		return UI_DONE;
	}
	default:
		return list_handle(&gs->list, scr->ui, ev);
	}
}

static void gs_resume(struct screen *scr)
{
	reload(scr);
}

static void gs_close(struct screen *scr)
{
	struct goals_screen *gs = scr->data;

	list_finish(&gs->list);
	for (int i = 0; i < gs->n; i++)
		free(gs->rows[i]);
	free(gs->rows);
	if (gs->have)
		goals_finish(&gs->g);
	free(gs->house);
	free(gs->location);
	free(gs);
}

const struct screen_ops screen_goals = {
	.name = "goals",
	.title = N_("Goals"),
	.actions = (const enum ui_action[]){ UA_GOAL_PERIOD, UA_BRANCH_FILTER, UA_TARGETS,
					     UA_SEARCH, UA_NONE },
	.open = gs_open,
	.draw = gs_draw,
	.handle = gs_handle,
	.resume = gs_resume,
	.close = gs_close,
};
