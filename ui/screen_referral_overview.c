/* The referral overview (supervisors see their house, consultants their
 * own cases): the referrals of a period, overdue follow-ups first, filtered
 * by status (f), destination type (t), branch (B) and consultant (u); p
 * sets the period. v switches to counts: per destination as the referral
 * report counts them (referral_counts, the figures of `knudepunkt report
 * referrals`), or the listed referrals per status, branch or consultant
 * (referral_tally). Enter or o opens the case. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/caseload.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/referral.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum view { V_LIST, V_DESTINATION, V_STATUS, V_BRANCH, V_CONSULTANT, V_COUNT };

static const char *const view_names[V_COUNT] = {
	N_("list"), N_("by destination"), N_("by status"), N_("by branch"), N_("by consultant"),
};

struct overview {
	struct session *s;
	enum view view;
	int cols_view;                 /* the view the list's columns are for, -1: none */
	char from[CLOCK_DATE_LEN], to[CLOCK_DATE_LEN], today[CLOCK_DATE_LEN];
	char *status, *type, *location, *consultant;     /* filters, NULL: all */
	char *status_label, *type_label, *location_label, *consultant_label;
	struct referral *refs;
	int n;
	struct referral_tally *tally;
	int ntally;
	struct referral_count *counts;
	int ncounts;
	bool counts_denied;
	struct ref_item *locations;    /* for the branch names */
	int nlocations;
	struct list list;
};

static const struct list_column list_columns[] = {
	{ N_("Follow-up"), 11 }, { N_("Company"), 0 }, { N_("Destination"), 22 },
	{ N_("Status"), 14 }, { N_("Branch"), 10 }, { N_("Consultant"), 14 }, { N_("Date"), 10 },
};
static const struct list_column tally_columns[] = {
	{ N_("Group"), 0 }, { N_("Referrals"), 9 }, { N_("Open"), 6 }, { N_("Overdue"), 8 },
};
static const struct list_column count_columns[] = {
	{ N_("Destination"), 0 }, { N_("Proposed"), 8 }, { N_("Sent"), 6 }, { N_("Accepted"), 8 },
	{ N_("Completed"), 9 }, { N_("Declined"), 8 }, { N_("Total"), 6 }, { N_("Withdrawn"), 9 },
};

/* A branch's name, as the case lists show it (the key when unknown). */
static const char *location_label(const struct overview *ov, const char *key)
{
	return refdata_label_in(ov->locations, ov->nlocations, key);
}

static char *row_text(void *ctx, int i)
{
	struct overview *ov = ctx;

	if (ov->view == V_LIST) {
		const struct referral *r = &ov->refs[i];
		bool open = referral_status_is_open(r->status);
		bool overdue = open && r->follow_up && strcmp(r->follow_up, ov->today) < 0;

		return xasprintf("%s%s\t%s\t%s\t%s\t%s\t%s\t%s",
				 open && r->follow_up ? r->follow_up : "", overdue ? "!" : "",
				 *r->company_name ? r->company_name : r->case_title, r->organisation_name,
				 referral_status_label(r->status), location_label(ov, r->location),
				 r->consultant_name,
				 r->referred_on);
	}
	if (ov->view == V_DESTINATION) {
		const struct referral_count *c = &ov->counts[i];

		return xasprintf("%s\t%8d\t%6d\t%8d\t%9d\t%8d\t%6d\t%9d", c->organisation_name,
				 c->proposed, c->sent, c->accepted, c->completed, c->declined, c->total,
				 c->withdrawn);
	}
	const struct referral_tally *t = &ov->tally[i];
	const char *label = t->label;

	if (ov->view == V_BRANCH && *t->key)
		label = location_label(ov, t->key);
	return xasprintf("%s\t%9d\t%6d\t%8d", label && *label ? label : _("(none)"), t->count,
			 t->open, t->overdue);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void set_columns(struct overview *ov)
{
	if (ov->cols_view != (int)ov->view) {
		list_finish(&ov->list);
		ov->cols_view = (int)ov->view;
		if (ov->view == V_LIST)
			list_init(&ov->list, &list_ops, ov, list_columns, 7);
		else if (ov->view == V_DESTINATION)
			list_init(&ov->list, &list_ops, ov, count_columns, 8);
		else
			list_init(&ov->list, &list_ops, ov, tally_columns, 4);
	}
	ov->list.empty = ov->view == V_DESTINATION && ov->counts_denied
				 ? _("the counts are for supervisors")
				 : _("no referrals in the period");
}

static void reload(struct screen *scr)
{
	struct overview *ov = scr->data;
	struct session *s = scr->ui->s;
	struct referral_filter f = {
		.status = ov->status, .organisation_type = ov->type, .location = ov->location,
		.consultant_id = ov->consultant, .from = ov->from, .to = ov->to,
	};
	int rows;

	referral_list_free(ov->refs, ov->n);
	free(ov->tally);
	referral_count_list_free(ov->counts, ov->ncounts);
	ov->refs = NULL;
	ov->tally = NULL;
	ov->counts = NULL;
	ov->n = ov->ntally = ov->ncounts = 0;
	clock_today(ov->today);
	if (referral_overview(s, &f, &ov->refs, &ov->n) != KP_OK)
		ui_fail(scr->ui);
	ov->counts_denied = false;
	if (ov->view == V_DESTINATION) {
		ov->counts_denied = referral_counts(s, ov->from, ov->to, NULL, &ov->counts,
						    &ov->ncounts) != KP_OK;
		if (ov->counts_denied)
			ui_fail(scr->ui);
	} else if (ov->view != V_LIST) {
		static const enum referral_group by[V_COUNT] = {
			[V_STATUS] = REFERRAL_BY_STATUS, [V_BRANCH] = REFERRAL_BY_BRANCH,
			[V_CONSULTANT] = REFERRAL_BY_CONSULTANT,
		};
		ov->ntally = referral_tally(ov->refs, ov->n, by[ov->view], ov->today, &ov->tally);
	}
	set_columns(ov);
	rows = ov->view == V_LIST ? ov->n : ov->view == V_DESTINATION ? ov->ncounts : ov->ntally;
	list_reload(&ov->list, rows);
}

static bool ov_open(struct screen *scr, void *arg)
{
	struct overview *ov = xcalloc(1, sizeof *ov);

	(void)arg;
	scr->data = ov;
	ov->s = scr->ui->s;
	ov->cols_view = V_LIST;
	clock_today(ov->today);
	snprintf(ov->from, sizeof ov->from, "%.4s-01-01", ov->today);
	snprintf(ov->to, sizeof ov->to, "%s", ov->today);
	if (refdata_list(ov->s, REF_LOCATION, &ov->locations, &ov->nlocations) != KP_OK)
		ov->nlocations = 0;
	list_init(&ov->list, &list_ops, ov, list_columns, 7);
	reload(scr);
	return true;
}

static void ov_draw(struct screen *scr, const struct ui_rect *area)
{
	struct overview *ov = scr->data;
	struct ui_rect r = { area->y + 3, area->x, area->h - 3, area->w };
	char line[512];

	draw_title(area, _("Referral overview"));
	snprintf(line, sizeof line, _("%d referrals"), ov->n);
	draw_text(area->y, area->x + area->w - 18, 17, line, UC_DIM, false);
	snprintf(line, sizeof line, _("Period %s to %s   View: %s"), ov->from, ov->to,
		 _(view_names[ov->view]));
	draw_text(area->y + 1, area->x + 1, area->w - 2, line, UC_LABEL, false);
	if (ov->view == V_DESTINATION)
		snprintf(line, sizeof line, "%s",
			 _("As the referral report counts: a case once per destination; withdrawn apart"));
	else
		snprintf(line, sizeof line, _("Status: %s   Type: %s   Branch: %s   Consultant: %s"),
			 ov->status_label ? ov->status_label : _("all"),
			 ov->type_label ? ov->type_label : _("all"),
			 ov->location_label ? ov->location_label : _("all"),
			 ov->consultant_label ? ov->consultant_label : _("all"));
	draw_text(area->y + 2, area->x + 1, area->w - 2, line, UC_DIM, false);
	list_draw(&ov->list, &r, true);
}

static void set_filter(char **key, char **label, const struct pick_item *chosen)
{
	free(*key);
	free(*label);
	*key = chosen && *chosen->key ? xstrdup(chosen->key) : NULL;
	*label = chosen && *chosen->key ? xstrdup(chosen->label) : NULL;
}

static void pick_status(struct screen *scr)
{
	struct overview *ov = scr->data;
	struct pick_item items[8];
	int k = 0;

	items[k++] = (struct pick_item){ "", _("(all)") };
	items[k++] = (struct pick_item){ "open", _("open (proposed, sent, accepted)") };
	for (int i = 0; referral_statuses[i]; i++)
		items[k++] = (struct pick_item){ referral_statuses[i],
						 referral_status_label(referral_statuses[i]) };
	int c = pick_one(scr->ui, _("Status"), items, k, 0);
	if (c >= 0) {
		set_filter(&ov->status, &ov->status_label, &items[c]);
		reload(scr);
	}
}

static void pick_ref(struct screen *scr, enum ref_table t, const char *title, char **key,
		     char **label)
{
	struct ref_item *items = NULL;
	int n = 0;

	if (refdata_list(scr->ui->s, t, &items, &n) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	struct pick_item *pick = xcalloc((size_t)n + 1, sizeof *pick);
	pick[0] = (struct pick_item){ "", _("(all)") };
	for (int i = 0; i < n; i++)
		pick[i + 1] = (struct pick_item){ items[i].key, refdata_label(&items[i]) };
	int c = pick_one(scr->ui, title, pick, n + 1, 0);
	if (c >= 0) {
		set_filter(key, label, &pick[c]);
		reload(scr);
	}
	free(pick);
	ref_list_free(items, n);
}

/* The consultants of the branch, those who have left too (marked): a
 * filter of existing referrals, not an assignment. */
static void pick_consultant(struct screen *scr)
{
	struct overview *ov = scr->data;
	const char *loc = ov->location ? ov->location : scr->ui->s->user.location;
	struct user *users = NULL;
	int n = 0, k = 1;

	if (user_caseload_owners(scr->ui->s, &users, &n) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	struct pick_item *pick = xcalloc((size_t)n + 1, sizeof *pick);
	char **labels = xcalloc((size_t)n + 1, sizeof *labels);
	pick[0] = (struct pick_item){ "", _("(all)") };
	for (int i = 0; i < n; i++) {
		if (!loc || !users[i].location || strcmp(users[i].location, loc) != 0)
			continue;
		labels[k] = caseload_consultant_label(users[i].name, !users[i].active, 0);
		pick[k] = (struct pick_item){ users[i].id, labels[k] };
		k++;
	}
	int c = pick_one(scr->ui, _("Consultant"), pick, k, 0);
	if (c >= 0) {
		set_filter(&ov->consultant, &ov->consultant_label, &pick[c]);
		reload(scr);
	}
	for (int i = 1; i < k; i++)
		free(labels[i]);
	free(labels);
	free(pick);
	user_list_free(users, n);
}

static void ask_period(struct screen *scr)
{
	struct overview *ov = scr->data;
	char *from = prompt_line(scr->ui, _("From (YYYY-MM-DD): "), ov->from);
	char *to = from ? prompt_line(scr->ui, _("To (YYYY-MM-DD): "), ov->to) : NULL;

	if (from && to) {
		if (!clock_parse_date(from, NULL) || !clock_parse_date(to, NULL))
			ui_error(scr->ui, "%s", _("dates are written YYYY-MM-DD"));
		else if (strcmp(from, to) > 0)
			ui_error(scr->ui, "%s", _("the period ends before it begins"));
		else {
			snprintf(ov->from, sizeof ov->from, "%s", from);
			snprintf(ov->to, sizeof ov->to, "%s", to);
			reload(scr);
		}
	}
	free(from);
	free(to);
}

/* The referrals as the overview filters them. */
static void export_list(struct screen *scr)
{
	struct overview *ov = scr->data;
	struct export_filter f = {
		.status = ov->status, .partner_type = ov->type, .branch = ov->location,
		.consultant_id = ov->consultant, .from = ov->from, .to = ov->to,
	};

	export_dialog(scr->ui, EXPORT_REFERRALS, &f, _("referrals.csv"));
}

static enum ui_result ov_handle(struct screen *scr, const struct ui_event *ev)
{
	struct overview *ov = scr->data;

	switch (ev->action) {
	case UA_EXPORT:
		export_list(scr);
		return UI_DONE;
	case UA_OPEN: case UA_OPEN_CASE:
		if (ov->view == V_LIST && ov->n > 0)
			ui_push(scr->ui, &screen_case, ov->refs[ov->list.cur].case_id);
		return UI_DONE;
	case UA_GROUP_VIEW:
		ov->view = (ov->view + 1) % V_COUNT;
		ov->list.cur = 0;
		reload(scr);
		return UI_DONE;
	case UA_STATUS_FILTER:
		pick_status(scr);
		return UI_DONE;
	case UA_TYPE_FILTER:
		pick_ref(scr, REF_PARTNER_TYPE, _("Destination type"), &ov->type, &ov->type_label);
		return UI_DONE;
	case UA_BRANCH_FILTER:
		pick_ref(scr, REF_LOCATION, _("Branch"), &ov->location, &ov->location_label);
		return UI_DONE;
	case UA_USER_FILTER:
		pick_consultant(scr);
		return UI_DONE;
	case UA_PERIOD:
		ask_period(scr);
		return UI_DONE;
	default:
		return list_handle(&ov->list, scr->ui, ev);
	}
}

static void ov_resume(struct screen *scr)
{
	reload(scr);
}

static void ov_close(struct screen *scr)
{
	struct overview *ov = scr->data;

	list_finish(&ov->list);
	ref_list_free(ov->locations, ov->nlocations);
	referral_list_free(ov->refs, ov->n);
	free(ov->tally);
	referral_count_list_free(ov->counts, ov->ncounts);
	free(ov->status);
	free(ov->type);
	free(ov->location);
	free(ov->consultant);
	free(ov->status_label);
	free(ov->type_label);
	free(ov->location_label);
	free(ov->consultant_label);
	free(ov);
}

const struct screen_ops screen_referral_overview = {
	.name = "referral_overview",
	.title = N_("Referrals"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_GROUP_VIEW, UA_PERIOD, UA_STATUS_FILTER,
					     UA_TYPE_FILTER, UA_BRANCH_FILTER, UA_USER_FILTER,
					     UA_EXPORT, UA_NONE },
	.open = ov_open,
	.draw = ov_draw,
	.handle = ov_handle,
	.resume = ov_resume,
	.close = ov_close,
};
