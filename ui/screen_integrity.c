/* Integrity issues (from the sync screen, key D): companies registered
 * twice with the same CVR number, by CVR, oldest first. M on a company
 * merges it into another of its CVR, picked from a list, after a (y/N)
 * question; the rules (who, what moves) are in src/integrity.c. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/screens.h"
#include "src/i18n.h"
#include "src/integrity.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct integrity {
	struct dup_company *dups;
	int n;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("CVR"), 9 }, { N_("Company"), 0 }, { N_("Town"), 14 }, { N_("Registered"), 11 },
	{ N_("Cases"), 6 }, { N_("Contacts"), 8 },
};

static char *row_text(void *ctx, int i)
{
	struct integrity *in = ctx;
	const struct dup_company *d = &in->dups[i];

	return xasprintf("%s\t%s\t%s\t%.10s\t%d\t%d", d->cvr, d->name, d->town, d->created_at, d->cases,
			 d->contacts);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct integrity *in = scr->data;

	dup_company_list_free(in->dups, in->n);
	in->dups = NULL;
	in->n = 0;
	if (integrity_duplicates(scr->ui->s, &in->dups, &in->n) != KP_OK) {
		ui_fail(scr->ui);
		in->n = 0;
	}
	list_reload(&in->list, in->n);
}

static bool in_open(struct screen *scr, void *arg)
{
	struct integrity *in = xcalloc(1, sizeof *in);

	(void)arg;
	scr->data = in;
	list_init(&in->list, &list_ops, in, columns, 6);
	in->list.empty = _("no company is registered twice with the same CVR number");
	reload(scr);
	return true;
}

static void in_draw(struct screen *scr, const struct ui_rect *area)
{
	struct integrity *in = scr->data;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };

	draw_title(area, _("Integrity: companies registered twice"));
	list_draw(&in->list, &r, true);
}

/* Merges the selected company into one the user picks among the others
 * of its CVR number. */
static void merge_selected(struct screen *scr)
{
	struct integrity *in = scr->data;
	const struct dup_company *d = &in->dups[in->list.cur];
	struct pick_item *items = xcalloc((size_t)in->n, sizeof *items);
	char **labels = xcalloc((size_t)in->n, sizeof *labels);
	int *index = xcalloc((size_t)in->n, sizeof *index);
	int k = 0;

	for (int i = 0; i < in->n; i++) {
		if (i == in->list.cur || strcmp(in->dups[i].cvr, d->cvr) != 0)
			continue;
		labels[k] = xasprintf(_("%s, %s (registered %.10s; %d cases)"), in->dups[i].name, in->dups[i].town,
				      in->dups[i].created_at, in->dups[i].cases);
		items[k] = (struct pick_item){ in->dups[i].id, labels[k] };
		index[k++] = i;
	}
	int got = k ? pick_one(scr->ui, _("Merge into which company (it stays)?"), items, k, 0) : -1;
	if (got >= 0) {
		const struct dup_company *keep = &in->dups[index[got]];
		char *q = xasprintf(_("Move the contacts, cases and consent history of %s (%s) to %s (%s) and "
				      "mark it merged? This cannot be undone."), d->name, d->id, keep->name, keep->id);
		int moved;

		if (ui_confirm(scr->ui, q)) {
			if (integrity_merge(scr->ui->s, keep->id, d->id, &moved) != KP_OK)
				ui_fail(scr->ui);
			else
				ui_info(scr->ui, _("merged: %d rows moved; the merge travels with the next sync"), moved);
			free(q);
			for (int i = 0; i < k; i++)
				free(labels[i]);
			free(labels);
			free(items);
			free(index);
			reload(scr);
			return;
		}
		free(q);
	}
	for (int i = 0; i < k; i++)
		free(labels[i]);
	free(labels);
	free(items);
	free(index);
}

static enum ui_result in_handle(struct screen *scr, const struct ui_event *ev)
{
	struct integrity *in = scr->data;

	switch (ev->action) {
	case UA_MERGE:
		if (in->n > 0)
			merge_selected(scr);
		return UI_DONE;
	default:
		return list_handle(&in->list, scr->ui, ev);
	}
}

static void in_resume(struct screen *scr)
{
	reload(scr);
}

static void in_close(struct screen *scr)
{
	struct integrity *in = scr->data;

	list_finish(&in->list);
	dup_company_list_free(in->dups, in->n);
	free(in);
}

const struct screen_ops screen_integrity = {
	.name = "integrity",
	.title = N_("Integrity"),
	.actions = (const enum ui_action[]){ UA_MERGE, UA_NONE },
	.open = in_open,
	.draw = in_draw,
	.handle = in_handle,
	.resume = in_resume,
	.close = in_close,
};
