/* The consultants added to a case (case members): they read and write the
 * case as its own consultant does. a adds a consultant of the house, d
 * removes the selected member (asks first). Who may do either is decided
 * in src/case_member.c (the case's consultant or a supervisor of it). */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/case_member.h"
#include "src/caseload.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct members {
	struct session *s;
	char *case_id;
	char *consultant_id;            /* the case's own consultant, or NULL */
	struct case_member *data;
	int n;
	struct ref_item *locations;     /* the branch names, read once at open */
	int nlocations;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Name"), 0 }, { N_("Initials"), 8 }, { N_("Branch"), 14 }, { N_("Added by"), 18 },
	{ N_("Added"), 10 },
};

static char *row_text(void *ctx, int i)
{
	struct members *m = ctx;
	const struct case_member *c = &m->data[i];
	const char *branch = refdata_label_in(m->locations, m->nlocations, c->location);
	char *name = caseload_consultant_label(c->name, c->inactive, 0);
	char *row = xasprintf("%s\t%s\t%s\t%s\t%.10s", name, c->initials, branch,
			      c->added_by_name, c->added_at);

	free(name);
	return row;
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct members *m = scr->data;

	case_member_list_free(m->data, m->n);
	m->data = NULL;
	m->n = 0;
	if (case_member_list(scr->ui->s, m->case_id, &m->data, &m->n) != KP_OK) {
		ui_fail(scr->ui);
		m->n = 0;
	}
	list_reload(&m->list, m->n);
}

static bool cm_open(struct screen *scr, void *arg)
{
	struct members *m = xcalloc(1, sizeof *m);

	struct case_file c = { 0 };

	scr->data = m;
	m->s = scr->ui->s;
	m->case_id = xstrdup(arg);
	if (refdata_list(m->s, REF_LOCATION, &m->locations, &m->nlocations) != KP_OK)
		m->nlocations = 0;       /* the keys show instead */
	if (case_get(m->s, m->case_id, &c) == KP_OK && c.consultant_id)
		m->consultant_id = xstrdup(c.consultant_id);
	case_finish(&c);
	list_init(&m->list, &list_ops, m, columns, 5);
	m->list.empty = _("no consultants added to this case: a adds one");
	reload(scr);
	return true;
}

static void cm_draw(struct screen *scr, const struct ui_rect *area)
{
	struct members *m = scr->data;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };

	draw_title(area, _("Consultants added to the case"));
	list_draw(&m->list, &r, true);
}

/* Offers the active consultants of the house who are not members yet. */
static void add_member(struct screen *scr)
{
	struct members *m = scr->data;
	struct session *s = scr->ui->s;
	struct user *users = NULL;
	int n = 0, k = 0;

	if (user_consultants(s, NULL, &users, &n) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	struct pick_item *items = xcalloc((size_t)n + 1, sizeof *items);
	int *map = xcalloc((size_t)n + 1, sizeof *map);
	for (int i = 0; i < n; i++) {
		bool member = false;

		for (int j = 0; j < m->n; j++)
			member = member || strcmp(m->data[j].user_id, users[i].id) == 0;
		if (m->consultant_id && strcmp(m->consultant_id, users[i].id) == 0)
			member = true;           /* the case's own consultant */
		if (member || strcmp(users[i].role, "consultant") != 0 || !users[i].house ||
		    !s->user.house || strcmp(users[i].house, s->user.house) != 0)
			continue;
		items[k].key = users[i].initials;
		items[k].label = users[i].name;
		map[k++] = i;
	}
	if (k == 0) {
		ui_info(scr->ui, "%s", _("no other consultant of the house to add"));
	} else {
		int chosen = pick_one(scr->ui, _("Add a consultant to the case"), items, k, 0);

		if (chosen >= 0) {
			if (case_member_add(s, m->case_id, users[map[chosen]].id) != KP_OK)
				ui_fail(scr->ui);
			else
				ui_info(scr->ui, _("%s added to the case"), users[map[chosen]].name);
			reload(scr);
		}
	}
	free(map);
	free(items);
	user_list_free(users, n);
}

static void remove_member(struct screen *scr)
{
	struct members *m = scr->data;
	const struct case_member *c = &m->data[m->list.cur];
	char *q = xasprintf(_("Remove %s from the case?"), c->name);

	if (ui_confirm(scr->ui, q)) {
		if (case_member_remove(scr->ui->s, m->case_id, c->user_id) != KP_OK)
			ui_fail(scr->ui);
		else
			ui_info(scr->ui, "%s", _("removed from the case"));
		reload(scr);
	}
	free(q);
}

static enum ui_result cm_handle(struct screen *scr, const struct ui_event *ev)
{
	struct members *m = scr->data;

	switch (ev->action) {
	case UA_NEW:
		add_member(scr);
		return UI_DONE;
	case UA_DELETE:
		if (m->n > 0)
			remove_member(scr);
		return UI_DONE;
	default:
		return list_handle(&m->list, scr->ui, ev);
	}
}

static void cm_close(struct screen *scr)
{
	struct members *m = scr->data;

	list_finish(&m->list);
	case_member_list_free(m->data, m->n);
	ref_list_free(m->locations, m->nlocations);
	free(m->case_id);
	free(m->consultant_id);
	free(m);
}

const struct screen_ops screen_case_members = {
	.name = "case_members",
	.title = N_("Case members"),
	.actions = (const enum ui_action[]){ UA_NEW, UA_DELETE, UA_NONE },
	.open = cm_open,
	.draw = cm_draw,
	.handle = cm_handle,
	.close = cm_close,
};
