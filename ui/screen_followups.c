/* The consultant's start screen: open referrals on the user's own cases
 * whose follow-up date is today or past (referral_due), the most overdue
 * first. Enter (or o) opens the case; F on the case screen shows its
 * referrals; X exports the list. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct followups {
	struct referral *refs;
	int n;
	char today[CLOCK_DATE_LEN];
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Follow-up"), 10 }, { N_("Days"), 5 }, { N_("Company"), 0 }, { N_("Destination"), 24 },
	{ N_("Status"), 14 },
};

static char *row_text(void *ctx, int i)
{
	struct followups *fu = ctx;
	const struct referral *r = &fu->refs[i];
	long late = clock_days_between(r->follow_up, fu->today);

	return xasprintf("%s\t%5ld\t%s\t%s\t%s", r->follow_up ? r->follow_up : "", late,
			 *r->company_name ? r->company_name : r->case_title, r->organisation_name,
			 referral_status_label(r->status));
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct followups *fu = scr->data;

	referral_list_free(fu->refs, fu->n);
	fu->refs = NULL;
	fu->n = 0;
	clock_today(fu->today);
	if (referral_due(scr->ui->s, &fu->refs, &fu->n) != KP_OK)
		ui_fail(scr->ui);
	list_reload(&fu->list, fu->n);
}

static bool fu_open(struct screen *scr, void *arg)
{
	struct followups *fu = xcalloc(1, sizeof *fu);

	(void)arg;
	scr->data = fu;
	list_init(&fu->list, &list_ops, fu, columns, 5);
	fu->list.empty = _("no follow-ups due: nothing to chase today");
	reload(scr);
	return true;
}

static void fu_draw(struct screen *scr, const struct ui_rect *area)
{
	struct followups *fu = scr->data;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };
	char line[96];

	draw_title(area, _("Referral follow-ups due"));
	snprintf(line, sizeof line, _("%d due, today %s"), fu->n, fu->today);
	draw_text(area->y, area->x + area->w - 28, 27, line, UC_DIM, false);
	list_draw(&fu->list, &r, true);
}

static enum ui_result fu_handle(struct screen *scr, const struct ui_event *ev)
{
	struct followups *fu = scr->data;

	switch (ev->action) {
	case UA_OPEN: case UA_OPEN_CASE:
		if (fu->n > 0)
			ui_push(scr->ui, &screen_case, fu->refs[fu->list.cur].case_id);
		return UI_DONE;
	case UA_EXPORT:
		export_dialog(scr->ui, EXPORT_FOLLOWUPS, &(struct export_filter){ 0 },
			      _("followups.csv"));
		return UI_DONE;
	default:
		return list_handle(&fu->list, scr->ui, ev);
	}
}

static void fu_resume(struct screen *scr)
{
	reload(scr);
}

static void fu_close(struct screen *scr)
{
	struct followups *fu = scr->data;

	list_finish(&fu->list);
	referral_list_free(fu->refs, fu->n);
	free(fu);
}

const struct screen_ops screen_followups = {
	.name = "followups",
	.title = N_("Follow-ups"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_OPEN_CASE, UA_EXPORT, UA_NONE },
	.open = fu_open,
	.draw = fu_draw,
	.handle = fu_handle,
	.resume = fu_resume,
	.close = fu_close,
};
