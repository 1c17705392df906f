/* The front-desk queue: new cases nobody is assigned yet, oldest first,
 * at one branch (B) or every location of the house and not yet routed.
 * Enter opens the case, where it is routed (r); X exports the queue. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/screens.h"
#include "src/caseload.h"
#include "src/access.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct queue_screen {
	struct ui *ui;
	char *location;
	struct caseload_row *rows;
	int n;
	struct ref_item *locations;  /* the branch names, read once at open */
	int nlocations;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Opened"), 10 }, { N_("Days"), 5 }, { N_("Company"), 0 }, { N_("Branch"), 14 },
};

static char *row_text(void *ctx, int i)
{
	struct queue_screen *qs = ctx;
	const struct caseload_row *r = &qs->rows[i];

	const char *branch = *r->location ? refdata_label_in(qs->locations, qs->nlocations, r->location)
					  : _("(not routed)");

	return xasprintf("%s\t%ld\t%s%s%s\t%s", r->opened, r->age_days, r->company_name,
			 *r->title ? ": " : "", r->title, branch);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct queue_screen *qs = scr->data;

	caseload_list_free(qs->rows, qs->n);
	qs->rows = NULL;
	qs->n = 0;
	if (caseload_queue(scr->ui->s, qs->location, &qs->rows, &qs->n) != KP_OK)
		ui_fail(scr->ui);
	list_reload(&qs->list, qs->n);
}

static bool qs_open(struct screen *scr, void *arg)
{
	struct queue_screen *qs = xcalloc(1, sizeof *qs);

	(void)arg;
	scr->data = qs;
	qs->ui = scr->ui;
	if (refdata_list(scr->ui->s, REF_LOCATION, &qs->locations, &qs->nlocations) != KP_OK)
		qs->nlocations = 0;      /* the keys show instead */
	list_init(&qs->list, &list_ops, qs, columns, 4);
	qs->list.empty = _("the queue is empty");
	reload(scr);
	return true;
}

static void qs_draw(struct screen *scr, const struct ui_rect *area)
{
	struct queue_screen *qs = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };
	char *branch = xstrdup(qs->location
		? refdata_label_in(qs->locations, qs->nlocations, qs->location)
		: access_user_scoped(&scr->ui->s->user) ? _("your locations") : _("whole house"));
	char *line = xasprintf(_("Front-desk queue: %s — %d new case(s), oldest first"), branch, qs->n);

	draw_title(area, line);
	free(line);
	free(branch);
	list_draw(&qs->list, &r, true);
}

static void choose_branch(struct screen *scr)
{
	struct queue_screen *qs = scr->data;
	struct ref_item *locs;
	struct pick_item items[32];
	int n = 0, nl, chosen;

	if (refdata_list(scr->ui->s, REF_LOCATION, &locs, &nl) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	items[n++] = (struct pick_item){ "", access_user_scoped(&scr->ui->s->user)
						    ? _("your locations") : _("whole house") };
	for (int i = 0; i < nl && n < 32; i++)
		if (strcmp(locs[i].parent, scr->ui->s->user.house) == 0)
			items[n++] = (struct pick_item){ locs[i].key, refdata_label(&locs[i]) };
	chosen = pick_one(scr->ui, _("Show the queue of"), items, n, 0);
	if (chosen >= 0) {
		free(qs->location);
		qs->location = *items[chosen].key ? xstrdup(items[chosen].key) : NULL;
		reload(scr);
	}
	ref_list_free(locs, nl);
}

static enum ui_result qs_handle(struct screen *scr, const struct ui_event *ev)
{
	struct queue_screen *qs = scr->data;

	switch (ev->action) {
	case UA_OPEN:
		if (qs->n > 0)
			ui_push(scr->ui, &screen_case, qs->rows[qs->list.cur].case_id);
		return UI_DONE;
	case UA_BRANCH_FILTER:
		choose_branch(scr);
		return UI_DONE;
	case UA_EXPORT: {
		struct export_filter f = { .branch = qs->location };

		export_dialog(scr->ui, EXPORT_QUEUE, &f, _("queue.csv"));
		return UI_DONE;
	}
	default:
		return list_handle(&qs->list, scr->ui, ev);
	}
}

static void qs_resume(struct screen *scr)
{
	reload(scr);
}

static void qs_close(struct screen *scr)
{
	struct queue_screen *qs = scr->data;

	list_finish(&qs->list);
	caseload_list_free(qs->rows, qs->n);
	ref_list_free(qs->locations, qs->nlocations);
	free(qs->location);
	free(qs);
}

const struct screen_ops screen_queue = {
	.name = "queue",
	.title = N_("Queue"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_BRANCH_FILTER, UA_SEARCH, UA_EXPORT,
					     UA_NONE },
	.open = qs_open,
	.draw = qs_draw,
	.handle = qs_handle,
	.resume = qs_resume,
	.close = qs_close,
};
