/* The referrals of one case (from the case screen, F): destination,
 * status, dates and follow-up. a makes a referral, s moves the selected
 * one on (the choices come from referral_next_statuses), e edits the
 * follow-up date, outcome and reason, Enter shows its history. For a case
 * referred in by a municipality the header names the municipality's
 * business service and b reports back to it. */
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "ui/textview.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct case_referrals {
	char *case_id;
	struct case_file c;
	struct referral *refs;
	int n;
	struct organisation incoming;       /* id NULL: not referred in */
	struct referral_report_back *backs;
	int nbacks;
	char today[CLOCK_DATE_LEN];
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Date"), 10 }, { N_("Destination"), 0 }, { N_("Status"), 16 }, { N_("Since"), 10 },
	{ N_("Follow-up"), 10 },
};

static char *row_text(void *ctx, int i)
{
	struct case_referrals *cr = ctx;
	const struct referral *r = &cr->refs[i];
	bool overdue = referral_status_is_open(r->status) && r->follow_up &&
		       strcmp(r->follow_up, cr->today) < 0;

	return xasprintf("%s\t%s\t%s\t%s\t%s%s", r->referred_on, r->organisation_name,
			 referral_status_label(r->status), r->status_on,
			 r->follow_up && referral_status_is_open(r->status) ? r->follow_up : "",
			 overdue ? "!" : "");
}

static const struct list_ops list_ops = { .row_text = row_text };

static void free_data(struct case_referrals *cr)
{
	case_finish(&cr->c);
	referral_list_free(cr->refs, cr->n);
	organisation_finish(&cr->incoming);
	referral_report_back_list_free(cr->backs, cr->nbacks);
	cr->refs = NULL;
	cr->backs = NULL;
	cr->n = cr->nbacks = 0;
}

static bool load(struct screen *scr)
{
	struct case_referrals *cr = scr->data;
	struct session *s = scr->ui->s;

	free_data(cr);
	clock_today(cr->today);
	if (case_get(s, cr->case_id, &cr->c) != KP_OK ||
	    referral_list_case(s, cr->case_id, &cr->refs, &cr->n) != KP_OK) {
		ui_fail(scr->ui);
		return false;
	}
	if (referral_incoming_partner(s, cr->case_id, &cr->incoming) == KP_OK &&
	    referral_report_backs(s, cr->case_id, &cr->backs, &cr->nbacks) != KP_OK)
		cr->nbacks = 0;
	list_reload(&cr->list, cr->n);
	return true;
}

static void cr_close(struct screen *scr)
{
	struct case_referrals *cr = scr->data;

	list_finish(&cr->list);
	free_data(cr);
	free(cr->case_id);
	free(cr);
}

static bool cr_open(struct screen *scr, void *arg)
{
	struct case_referrals *cr = xcalloc(1, sizeof *cr);

	scr->data = cr;
	cr->case_id = xstrdup(arg);
	list_init(&cr->list, &list_ops, cr, columns, 5);
	cr->list.empty = _("no referrals yet; a makes one");
	if (!load(scr)) {
		cr_close(scr);
		return false;
	}
	return true;
}

static void cr_draw(struct screen *scr, const struct ui_rect *area)
{
	struct case_referrals *cr = scr->data;
	char *title = xasprintf(_("Referrals: %s"), cr->c.company_name ? cr->c.company_name : "");
	int y = area->y;

	y += draw_title(area, title);
	free(title);
	draw_pair(y++, 1, area->w - 2, 14, _("Need"), cr->c.title);
	if (cr->incoming.id) {
		char *line;

		if (cr->nbacks > 0)
			line = xasprintf(_("%s (reported back %s)"), cr->incoming.name,
					 cr->backs[cr->nbacks - 1].reported_on);
		else
			line = xasprintf(_("%s (not yet reported back; b reports back)"),
					 cr->incoming.name);
		draw_pair(y++, 1, area->w - 2, 14, _("Referred in by"), line);
		free(line);
	}
	y++;
	struct ui_rect r = { y, area->x, area->y + area->h - y, area->w };
	list_draw(&cr->list, &r, true);
}

static void advance(struct screen *scr)
{
	struct case_referrals *cr = scr->data;
	const struct referral *r = &cr->refs[cr->list.cur];
	const char *next[6];
	struct pick_item items[6];
	int n = referral_next_statuses(r->status, next);

	if (n == 0) {
		ui_error(scr->ui, _("a %s referral has ended"), referral_status_label(r->status));
		return;
	}
	for (int i = 0; i < n; i++)
		items[i] = (struct pick_item){ next[i], referral_status_label(next[i]) };
	int chosen = pick_one(scr->ui, _("New status"), items, n, 0);
	if (chosen < 0)
		return;
	char *note = prompt_line(scr->ui, _("Note (optional): "), "");
	if (!note)
		return;
	if (referral_set_status(scr->ui->s, r->id, next[chosen], NULL, note) != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, _("referral to %s is now %s"), r->organisation_name,
			referral_status_label(next[chosen]));
	free(note);
	load(scr);
}

/* The names of the advisors offered, from their ids (caller frees). */
static char *advisor_names(struct screen *scr, const char *json)
{
	struct strbuf sb = STRBUF_INIT;
	char **ids;
	int n = organisation_keys_split(json, &ids);

	strbuf_addstr(&sb, "");
	for (int i = 0; i < n; i++) {
		struct organisation o = { 0 };

		strbuf_addf(&sb, "%s%s", i ? ", " : "",
			    organisation_get(scr->ui->s, ids[i], &o) == KP_OK ? o.name : ids[i]);
		organisation_finish(&o);
	}
	organisation_keys_free(ids, n);
	return strbuf_detach(&sb);
}

static void show_history(struct screen *scr)
{
	struct case_referrals *cr = scr->data;
	const struct referral *r = &cr->refs[cr->list.cur];
	struct referral_event *ev;
	struct strbuf sb = STRBUF_INIT;
	int n;

	if (referral_history(scr->ui->s, r->id, &ev, &n) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	strbuf_addf(&sb, _("Destination: %s\n"), r->organisation_name);
	if (*r->contact_name)
		strbuf_addf(&sb, _("Contact: %s\n"), r->contact_name);
	strbuf_addf(&sb, _("Reason: %s\n"), r->reason);
	if (strcmp(r->advisors_offered, "[]") != 0) {
		char *names = advisor_names(scr, r->advisors_offered);

		strbuf_addf(&sb, _("Advisors offered: %s\n"), names);
		free(names);
	}
	if (*r->outcome)
		strbuf_addf(&sb, _("Outcome: %s\n"), r->outcome);
	strbuf_addch(&sb, '\n');
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "%s  %-16s %s%s%s\n", ev[i].on_date, referral_status_label(ev[i].to_status),
			    ev[i].user_name, *ev[i].note ? ": " : "", ev[i].note);
	textview_show(scr->ui, _("Referral history"), strbuf_str(&sb));
	strbuf_finish(&sb);
	referral_event_list_free(ev, n);
}

static void report_back(struct screen *scr)
{
	struct case_referrals *cr = scr->data;
	char *summary;

	if (!cr->incoming.id) {
		ui_error(scr->ui, "%s", _("the case was not referred by a municipality"));
		return;
	}
	summary = prompt_line(scr->ui, _("Report back (summary): "), "");
	if (!summary)
		return;
	if (referral_report_back(scr->ui->s, cr->case_id, summary, NULL) != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, _("reported back to %s"), cr->incoming.name);
	free(summary);
	load(scr);
}

static enum ui_result cr_handle(struct screen *scr, const struct ui_event *ev)
{
	struct case_referrals *cr = scr->data;
	struct referral_form_arg arg = { .case_id = cr->case_id };

	switch (ev->action) {
	case UA_OPEN:
		if (cr->n > 0)
			show_history(scr);
		return UI_DONE;
	case UA_NEW:
		ui_push(scr->ui, &screen_referral_form, &arg);
		return UI_DONE;
	case UA_EDIT:
		if (cr->n > 0) {
			arg.referral_id = cr->refs[cr->list.cur].id;
			ui_push(scr->ui, &screen_referral_form, &arg);
		}
		return UI_DONE;
	case UA_ADVANCE:
		if (cr->n > 0)
			advance(scr);
		return UI_DONE;
	case UA_REPORT_BACK:
		report_back(scr);
		return UI_DONE;
	default:
		return list_handle(&cr->list, scr->ui, ev);
	}
}

static void cr_resume(struct screen *scr)
{
	if (!load(scr))
		ui_close(scr);
}

const struct screen_ops screen_case_referrals = {
	.name = "case_referrals",
	.title = N_("Referrals of the case"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_NEW, UA_ADVANCE, UA_EDIT, UA_REPORT_BACK,
					     UA_NONE },
	.open = cr_open,
	.draw = cr_draw,
	.handle = cr_handle,
	.resume = cr_resume,
	.close = cr_close,
};
