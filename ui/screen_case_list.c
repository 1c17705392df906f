/* Case lists: mine, my branch or all (v cycles), filtered by status (f).
 * case_list applies the filter and the core's access rules; Enter opens
 * the case. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum scope { SCOPE_MINE, SCOPE_BRANCH, SCOPE_ALL, SCOPE_COUNT };

static const char *const scope_labels[SCOPE_COUNT] = {
	N_("my cases"), N_("my branch"), N_("all cases"),
};

struct case_list {
	enum scope scope;
	char *status;             /* NULL: all; "open": all but closed */
	struct case_file *cases;
	int n;
	struct ref_item *locations;   /* for the branch names */
	int nlocations;
	struct list list;
};

static const char *location_label(const struct case_list *cl, const char *key)
{
	return refdata_label_in(cl->locations, cl->nlocations, key);
}

static const struct list_column columns[] = {
	{ N_("Opened"), 10 }, { N_("Status"), 10 }, { N_("Company"), 0 },
	{ N_("Branch"), 12 }, { N_("Consultant"), 16 },
};

static char *row_text(void *ctx, int i)
{
	struct case_list *cl = ctx;
	const struct case_file *c = &cl->cases[i];

	return xasprintf("%.10s\t%s\t%s%s%s\t%s\t%s", c->opened ? c->opened : "",
			 case_status_label(c->status), c->company_name ? c->company_name : "",
			 c->title && *c->title ? ": " : "", c->title ? c->title : "",
			 location_label(cl, c->location), c->consultant_name ? c->consultant_name : "");
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct case_list *cl = scr->data;
	struct session *s = scr->ui->s;
	struct case_filter f = { .status = cl->status };

	if (cl->scope == SCOPE_MINE)
		f.consultant_id = s->user.id;
	else if (cl->scope == SCOPE_BRANCH)
		f.location = s->user.location;
	case_list_free(cl->cases, cl->n);
	cl->cases = NULL;
	cl->n = 0;
	if (case_list(s, &f, &cl->cases, &cl->n) != KP_OK) {
		ui_fail(scr->ui);
		cl->n = 0;
	}
	list_reload(&cl->list, cl->n);
}

static bool cl_open(struct screen *scr, void *arg)
{
	struct case_list *cl = xcalloc(1, sizeof *cl);

	scr->data = cl;
	cl->status = xstrdup("open");
	if (refdata_list(scr->ui->s, REF_LOCATION, &cl->locations, &cl->nlocations) != KP_OK)
		cl->nlocations = 0;
	list_init(&cl->list, &list_ops, cl, columns, 5);
	cl->list.empty = _("no cases");
	reload(scr);
	return true;
}

static const char *status_label(const char *status)
{
	if (!status)
		return _("all statuses");
	if (strcmp(status, "open") == 0)
		return _("open (not closed)");
	return case_status_label(status);
}

static void cl_draw(struct screen *scr, const struct ui_rect *area)
{
	struct case_list *cl = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };
	char *line = xasprintf(_("Cases: %s, %s — %d"), _(scope_labels[cl->scope]),
			       status_label(cl->status), cl->n);

	draw_title(area, line);
	free(line);
	list_draw(&cl->list, &r, true);
}

static void choose_status(struct screen *scr)
{
	struct case_list *cl = scr->data;
	struct pick_item items[8];
	int n = 0, cur = 0, chosen;

	items[n++] = (struct pick_item){ "open", status_label("open") };
	items[n++] = (struct pick_item){ "", status_label(NULL) };
	for (const char *const *st = case_statuses; *st && n < 8; st++) {
		if (cl->status && strcmp(cl->status, *st) == 0)
			cur = n;
		items[n++] = (struct pick_item){ *st, case_status_label(*st) };
	}
	if (!cl->status)
		cur = 1;
	chosen = pick_one(scr->ui, _("Show cases with status"), items, n, cur);
	if (chosen < 0)
		return;
	free(cl->status);
	cl->status = *items[chosen].key ? xstrdup(items[chosen].key) : NULL;
	reload(scr);
}

/* The cases (or their meetings) as the list shows them: same scope and
 * status filter. */
static void export_list(struct screen *scr, enum export_kind kind)
{
	struct case_list *cl = scr->data;
	struct session *s = scr->ui->s;
	struct export_filter f = { .status = cl->status };

	if (cl->scope == SCOPE_MINE)
		f.consultant = s->user.login;
	else if (cl->scope == SCOPE_BRANCH)
		f.branch = s->user.location;
	export_dialog(scr->ui, kind, &f, kind == EXPORT_CASES ? _("cases.csv") : _("meetings.csv"));
}

static enum ui_result cl_handle(struct screen *scr, const struct ui_event *ev)
{
	struct case_list *cl = scr->data;

	switch (ev->action) {
	case UA_OPEN:
		if (cl->n > 0)
			ui_push(scr->ui, &screen_case, cl->cases[cl->list.cur].id);
		return UI_DONE;
	case UA_SCOPE:
		cl->scope = (cl->scope + 1) % SCOPE_COUNT;
		cl->list.cur = 0;
		reload(scr);
		return UI_DONE;
	case UA_FILTER:
		choose_status(scr);
		return UI_DONE;
	case UA_IMPORT_EVAL: {
		char *path = prompt_line(scr->ui, _("Import evaluations from file: "), "");
		if (path && *path)
			ui_push(scr->ui, &screen_import_evaluations, path);
		free(path);
		return UI_DONE;
	}
	case UA_EXPORT:
	case UA_EXPORT_MEETINGS:
		export_list(scr, ev->action == UA_EXPORT ? EXPORT_CASES : EXPORT_MEETINGS);
		return UI_DONE;
	default:
		return list_handle(&cl->list, scr->ui, ev);
	}
}

static void cl_resume(struct screen *scr)
{
	reload(scr);
}

static void cl_close(struct screen *scr)
{
	struct case_list *cl = scr->data;

	list_finish(&cl->list);
	case_list_free(cl->cases, cl->n);
	ref_list_free(cl->locations, cl->nlocations);
	free(cl->status);
	free(cl);
}

const struct screen_ops screen_case_list = {
	.name = "case_list",
	.title = N_("Cases"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_SCOPE, UA_FILTER, UA_SEARCH, UA_EXPORT,
					     UA_EXPORT_MEETINGS, UA_IMPORT_EVAL, UA_NONE },
	.open = cl_open,
	.draw = cl_draw,
	.handle = cl_handle,
	.resume = cl_resume,
	.close = cl_close,
};
