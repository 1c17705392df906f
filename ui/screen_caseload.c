/* Caseloads: the open cases of the house, a branch or a consultant, with
 * days since opened and since the last journal entry and overdue
 * follow-ups; a summary per consultant above the list. Sort (S), filter
 * by branch (B), consultant (u), status (f), idle or overdue (i); set the
 * idle threshold (D, supervisors); mark
 * with Space and reassign (r) the marked cases or the selected one; Enter
 * opens the case; X exports the list as filtered and sorted. Every figure
 * and rule comes from src/caseload.c. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/caseload.h"
#include "src/access.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/text.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum only { ONLY_ALL, ONLY_IDLE, ONLY_OVERDUE, ONLY_COUNT };

struct caseload_screen {
	struct ui *ui;
	char *location;              /* branch filter or NULL */
	char *consultant_id;         /* consultant filter or NULL */
	char *consultant_name;
	char *status;                /* status filter or NULL */
	enum only only;
	enum caseload_sort sort;
	int idle_days;
	struct caseload_row *rows;
	int n;
	bool *marked;
	struct caseload_summary *sum;
	int nsum;
	struct ref_item *locations;  /* the branch names, read once at open */
	int nlocations;
	struct list list;
};

static const struct list_column columns[] = {
	/* no Opened column: Age says it, and the company needs the room */
	{ "*", 1 }, { N_("Age"), 5 }, { N_("Idle"), 6 }, { N_("Due"), 4 },
	{ N_("Status"), 9 }, { N_("Company"), 0 }, { N_("Branch"), 10 }, { N_("Consultant"), 16 },
};

/* Rows read at a time when a row without its company is first shown. */
#define FILL_BLOCK 64

/* The list is lazy: a branch has thousands of open cases, and the company
 * of a case is read only when its row is drawn or searched. */
static char *row_text(void *ctx, int i)
{
	struct caseload_screen *cs = ctx;
	const struct caseload_row *r = &cs->rows[i];

	if (!r->company_name && caseload_fill(cs->ui->s, cs->rows, cs->n, i, FILL_BLOCK) != KP_OK)
		ui_fail(cs->ui);
	const char *branch = refdata_label_in(cs->locations, cs->nlocations, r->location);
	char *who = *r->consultant_name
		? caseload_consultant_label(r->consultant_name, r->consultant_inactive, 16) : xstrdup("");
	char *row = xasprintf("%s\t%ld\t%ld\t%s\t%s\t%s%s%s\t%s\t%s", cs->marked[i] ? "*" : "",
			      r->age_days, r->idle_days, r->overdue ? "!" : "",
			      case_status_label(r->status), r->company_name ? r->company_name : "",
			      *r->title ? ": " : "", r->title, branch, who);
	free(who);
	return row;
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	struct caseload_filter f = {
		.location = cs->location, .consultant_id = cs->consultant_id,
		.status = cs->status, .only_idle = cs->only == ONLY_IDLE,
		.only_overdue = cs->only == ONLY_OVERDUE, .sort = cs->sort,
	};

	caseload_list_free(cs->rows, cs->n);
	caseload_summary_free(cs->sum, cs->nsum);
	free(cs->marked);
	cs->rows = NULL;
	cs->sum = NULL;
	cs->n = cs->nsum = 0;
	cs->idle_days = caseload_idle_days(scr->ui->s);
	if (caseload_list(scr->ui->s, &f, &cs->rows, &cs->n) != KP_OK) {
		ui_fail(scr->ui);
		cs->n = 0;
	}
	cs->marked = xcalloc((size_t)cs->n + 1, sizeof *cs->marked);
	caseload_summarise(cs->rows, cs->n, cs->idle_days, &cs->sum, &cs->nsum);
	list_reload(&cs->list, cs->n);
}

static bool cs_open(struct screen *scr, void *arg)
{
	struct caseload_screen *cs = xcalloc(1, sizeof *cs);

	(void)arg;
	scr->data = cs;
	cs->ui = scr->ui;
	if (refdata_list(scr->ui->s, REF_LOCATION, &cs->locations, &cs->nlocations) != KP_OK)
		cs->nlocations = 0;      /* the keys show instead */
	list_init(&cs->list, &list_ops, cs, columns, sizeof columns / sizeof columns[0]);
	cs->list.lazy = true;
	cs->list.empty = _("no open cases");
	reload(scr);
	return true;
}

static const char *only_label(enum only o)
{
	switch (o) {
	case ONLY_IDLE: return _("idle only");
	case ONLY_OVERDUE: return _("overdue follow-ups only");
	default: return _("all open");
	}
}

static void cs_draw(struct screen *scr, const struct ui_rect *area)
{
	struct caseload_screen *cs = scr->data;
	int marked = 0, shown, y;
	char *line;

	for (int i = 0; i < cs->n; i++)
		marked += cs->marked[i];
	char *branch = xstrdup(cs->location
		? refdata_label_in(cs->locations, cs->nlocations, cs->location)
		: access_user_scoped(&scr->ui->s->user) ? _("your locations") : _("whole house"));
	/* the count first, so that it is never cut off; the filters below */
	line = xasprintf(_("Caseload: %s%s%s — %d case(s), %d marked"), branch,
			 cs->consultant_name ? ", " : "",
			 cs->consultant_name ? cs->consultant_name : "", cs->n, marked);
	draw_title(area, line);
	free(line);
	free(branch);
	/* the summary per consultant, as many lines as fit in a third */
	shown = cs->nsum < area->h / 3 ? cs->nsum : area->h / 3;
	y = area->y + 1;
	char *head = text_fit(_("Consultant"), 22, true);
	line = xasprintf("%s %5s %8s %6s %8s %9s %6s", head, _("new"), _("assigned"), _("active"),
			 _("idle"), _("overdue"), _("total"));
	free(head);
	draw_text(y++, area->x, area->w, line, UC_LABEL, true);
	free(line);
	for (int i = 0; i < shown; i++) {
		const struct caseload_summary *m = &cs->sum[i];
		char *label = caseload_consultant_label(m->consultant_name, m->inactive, 22);
		char *name = text_fit(label, 22, true);

		line = xasprintf("%s %5d %8d %6d %8d %9d %6d", name, m->new_cases, m->assigned,
				 m->active, m->idle, m->overdue, m->total);
		free(name);
		free(label);
		draw_text(y++, area->x, area->w, line, UC_NORMAL, true);
		free(line);
	}
	line = xasprintf(_("%s · %s · by %s · idle = %d+ days"),
			 cs->status ? case_status_label(cs->status) : _("all statuses"),
			 only_label(cs->only), caseload_sort_label(cs->sort), cs->idle_days);
	draw_text(y, area->x, area->w, line, UC_LABEL, false);
	free(line);
	struct ui_rect r = { y + 1, area->x, area->h - (y + 1 - area->y), area->w };
	list_draw(&cs->list, &r, true);
}

static void choose_branch(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	struct ref_item *locs;
	struct pick_item items[32];
	int n = 0, nl, cur = 0, chosen;

	if (refdata_list(scr->ui->s, REF_LOCATION, &locs, &nl) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	items[n++] = (struct pick_item){ "", access_user_scoped(&scr->ui->s->user)
						    ? _("your locations") : _("whole house") };
	for (int i = 0; i < nl && n < 32; i++) {
		if (strcmp(locs[i].parent, scr->ui->s->user.house) != 0)
			continue;
		if (cs->location && strcmp(cs->location, locs[i].key) == 0)
			cur = n;
		items[n++] = (struct pick_item){ locs[i].key, refdata_label(&locs[i]) };
	}
	chosen = pick_one(scr->ui, _("Show the caseload of"), items, n, cur);
	if (chosen >= 0) {
		free(cs->location);
		cs->location = *items[chosen].key ? xstrdup(items[chosen].key) : NULL;
		cs->list.cur = 0;
		reload(scr);
	}
	ref_list_free(locs, nl);
}

/* A consultant of the user's house, or -1 when cancelled (0: none). */
static int pick_consultant(struct screen *scr, const char *title, bool allow_none,
			   char **id, char **name)
{
	struct user *users;
	struct pick_item *items;
	int n, k = 0, chosen;

	/* a filter offers those who have left too (their cases wait for
	 * reassignment); a new assignment only the active */
	if ((allow_none ? user_caseload_owners(scr->ui->s, &users, &n)
			: user_consultants(scr->ui->s, NULL, &users, &n)) != KP_OK) {
		ui_fail(scr->ui);
		return -1;
	}
	items = xcalloc((size_t)n + 1, sizeof *items);
	char **labels = xcalloc((size_t)n + 1, sizeof *labels);
	if (allow_none)
		items[k++] = (struct pick_item){ "", _("everyone") };
	for (int i = 0; i < n; i++)
		if (strcmp(users[i].house, scr->ui->s->user.house) == 0) {
			labels[k] = caseload_consultant_label(users[i].name, !users[i].active, 0);
			items[k] = (struct pick_item){ users[i].id, labels[k] };
			k++;
		}
	chosen = pick_one(scr->ui, title, items, k, 0);
	if (chosen >= 0) {
		*id = *items[chosen].key ? xstrdup(items[chosen].key) : NULL;
		*name = *items[chosen].key ? xstrdup(items[chosen].label) : NULL;
	}
	for (int i = 0; i < k; i++)
		free(labels[i]);
	free(labels);
	free(items);
	user_list_free(users, n);
	return chosen < 0 ? -1 : 1;
}

static void choose_consultant(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	char *id = NULL, *name = NULL;

	if (pick_consultant(scr, _("Show the caseload of"), true, &id, &name) < 0)
		return;
	free(cs->consultant_id);
	free(cs->consultant_name);
	cs->consultant_id = id;
	cs->consultant_name = name;
	cs->list.cur = 0;
	reload(scr);
}

static void choose_status(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	static const char *const open_statuses[] = { "new", "assigned", "active" };
	struct pick_item items[4];
	int chosen;

	items[0] = (struct pick_item){ "", _("all statuses") };
	for (int i = 0; i < 3; i++)
		items[i + 1] = (struct pick_item){ open_statuses[i], case_status_label(open_statuses[i]) };
	chosen = pick_one(scr->ui, _("Show cases with status"), items, 4, 0);
	if (chosen < 0)
		return;
	free(cs->status);
	cs->status = chosen ? xstrdup(items[chosen].key) : NULL;
	reload(scr);
}

static void reassign(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	const char **ids = xcalloc((size_t)cs->n + 1, sizeof *ids);
	char *to = NULL, *to_name = NULL, *reason, *q;
	int k = 0;

	for (int i = 0; i < cs->n; i++)
		if (cs->marked[i])
			ids[k++] = cs->rows[i].case_id;
	if (k == 0 && cs->n > 0)
		ids[k++] = cs->rows[cs->list.cur].case_id;
	if (k == 0 || pick_consultant(scr, _("Reassign to"), false, &to, &to_name) < 0) {
		free(ids);
		return;
	}
	q = xasprintf(_("Why are %d case(s) reassigned to %s?"), k, to_name);
	reason = prompt_line(scr->ui, q, "");
	free(q);
	if (reason) {
		if (caseload_reassign(scr->ui->s, ids, k, NULL, to, reason) != KP_OK) {
			ui_fail(scr->ui);
		} else {
			ui_info(scr->ui, _("%d case(s) reassigned to %s"), k, to_name);
			reload(scr);
		}
	}
	free(reason);
	free(to);
	free(to_name);
	free(ids);
}

static void set_idle_days(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	char initial[16], *text;

	snprintf(initial, sizeof initial, "%d", cs->idle_days);
	text = prompt_line(scr->ui, _("Days without a journal entry before a case counts as idle"),
			   initial);
	if (!text)
		return;
	if (caseload_set_idle_days(scr->ui->s, atoi(text_trim(text))) != KP_OK)
		ui_fail(scr->ui);
	else
		reload(scr);
	free(text);
}

/* The list as shown: the same branch, consultant, status, idle or
 * overdue filter and sort. */
static void export_list(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;
	struct export_filter f = {
		.branch = cs->location, .consultant_id = cs->consultant_id, .status = cs->status,
		.idle = cs->only == ONLY_IDLE, .overdue = cs->only == ONLY_OVERDUE,
		.sort = caseload_sort_key(cs->sort),
	};

	export_dialog(scr->ui, EXPORT_CASELOAD, &f, _("caseload.csv"));
}

static enum ui_result cs_handle(struct screen *scr, const struct ui_event *ev)
{
	struct caseload_screen *cs = scr->data;

	switch (ev->action) {
	case UA_OPEN:
		if (cs->n > 0)
			ui_push(scr->ui, &screen_case, cs->rows[cs->list.cur].case_id);
		return UI_DONE;
	case UA_MARK:
		if (cs->n > 0) {
			cs->marked[cs->list.cur] = !cs->marked[cs->list.cur];
			list_reload(&cs->list, cs->n);
			list_set_cursor(&cs->list, cs->list.cur + 1 < cs->n ? cs->list.cur + 1
									 : cs->list.cur);
		}
		return UI_DONE;
	case UA_REASSIGN:
		reassign(scr);
		return UI_DONE;
	case UA_SORT:
		cs->sort = (cs->sort + 1) % CASELOAD_SORT_COUNT;
		reload(scr);
		return UI_DONE;
	case UA_IDLE_DAYS:
		set_idle_days(scr);
		return UI_DONE;
	case UA_IDLE_FILTER:
		cs->only = (cs->only + 1) % ONLY_COUNT;
		cs->list.cur = 0;
		reload(scr);
		return UI_DONE;
	case UA_BRANCH_FILTER:
		choose_branch(scr);
		return UI_DONE;
	case UA_USER_FILTER:
		choose_consultant(scr);
		return UI_DONE;
	case UA_FILTER:
		choose_status(scr);
		return UI_DONE;
	case UA_EXPORT:
		export_list(scr);
		return UI_DONE;
	default:
		return list_handle(&cs->list, scr->ui, ev);
	}
}

static void cs_resume(struct screen *scr)
{
	reload(scr);
}

static void cs_close(struct screen *scr)
{
	struct caseload_screen *cs = scr->data;

	list_finish(&cs->list);
	caseload_list_free(cs->rows, cs->n);
	caseload_summary_free(cs->sum, cs->nsum);
	ref_list_free(cs->locations, cs->nlocations);
	free(cs->marked);
	free(cs->location);
	free(cs->consultant_id);
	free(cs->consultant_name);
	free(cs->status);
	free(cs);
}

const struct screen_ops screen_caseload = {
	.name = "caseload",
	.title = N_("Caseloads"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_MARK, UA_REASSIGN, UA_SORT,
					     UA_IDLE_FILTER, UA_IDLE_DAYS, UA_BRANCH_FILTER,
					     UA_USER_FILTER, UA_FILTER, UA_SEARCH, UA_EXPORT,
					     UA_NONE },
	.open = cs_open,
	.draw = cs_draw,
	.handle = cs_handle,
	.resume = cs_resume,
	.close = cs_close,
};
