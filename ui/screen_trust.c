/* Impartiality (habilitet): a consultant's own trust positions (board
 * seats, ownership, family ties, employment) in companies, with from and
 * to dates; a registers one, x ends the selected one on a date. A
 * supervisor also sees, with v, every position of the house's staff and
 * the cases assigned to a consultant despite a position, with the reason
 * recorded at the assignment (Enter opens the case). The rules are in
 * src/trust.c; this screen only asks and shows. */
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/access.h"
#include "src/case.h"
#include "src/caseload.h"
#include "src/clock.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/trust.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum trust_view { TV_MINE, TV_HOUSE, TV_CASES, TV_COUNT };

struct trust_screen {
	enum trust_view view;
	struct trust_position *pos;       /* TV_MINE and TV_HOUSE */
	int npos;
	struct trust_case *cases;         /* TV_CASES */
	int ncases;
	struct list lists[TV_COUNT];
};

static const struct list_column mine_columns[] = {
	{ N_("Company"), 0 }, { N_("CVR"), 8 }, { N_("Position"), 20 }, { N_("From"), 10 },
	{ N_("To"), 10 }, { N_("Note"), 14 },
};

static const struct list_column house_columns[] = {
	{ N_("Holder"), 16 }, { N_("Company"), 0 }, { N_("CVR"), 8 }, { N_("Position"), 16 },
	{ N_("From"), 10 }, { N_("To"), 10 },
};

static const struct list_column case_columns[] = {
	{ N_("Opened"), 10 }, { N_("Company"), 20 }, { N_("Consultant"), 14 }, { N_("Position"), 14 },
	{ N_("Status"), 9 }, { N_("Reason"), 0 },
};

static char *position_text(void *ctx, int i)
{
	struct trust_screen *ts = ctx;
	const struct trust_position *t = &ts->pos[i];
	const char *to = t->to_date ? t->to_date : _("(held)");

	if (ts->view == TV_HOUSE) {
		/* someone who has left stays in the register, marked */
		char *who = caseload_consultant_label(t->user_name, t->user_inactive, 16);
		char *row = xasprintf("%s\t%s\t%s\t%s\t%s\t%s", who, t->company_name, t->company_cvr,
				      trust_kind_label(t->kind), t->from_date, to);

		free(who);
		return row;
	}
	return xasprintf("%s\t%s\t%s\t%s\t%s\t%s", t->company_name, t->company_cvr,
			 trust_kind_label(t->kind), t->from_date, to, t->note ? t->note : "");
}

static char *case_text(void *ctx, int i)
{
	struct trust_screen *ts = ctx;
	const struct trust_case *c = &ts->cases[i];

	char *who = caseload_consultant_label(c->consultant_name, c->consultant_inactive, 14);
	char *row = xasprintf("%s\t%s\t%s\t%s\t%s\t%s", c->opened, c->company_name, who,
			      trust_kind_label(c->kind), case_status_label(c->case_status),
			      *c->reason ? c->reason : _("(no reason recorded)"));

	free(who);
	return row;
}

static const struct list_ops position_ops = { .row_text = position_text };
static const struct list_ops case_ops = { .row_text = case_text };

static bool supervises(const struct session *s)
{
	return access_allowed(&s->user, ACT_TRUST_REPORT);
}

static void reload(struct screen *scr)
{
	struct trust_screen *ts = scr->data;
	struct session *s = scr->ui->s;
	enum kp_status st;

	trust_list_free(ts->pos, ts->npos);
	trust_case_list_free(ts->cases, ts->ncases);
	ts->pos = NULL;
	ts->cases = NULL;
	ts->npos = ts->ncases = 0;
	if (ts->view == TV_CASES)
		st = trust_report(s, &ts->cases, &ts->ncases);
	else if (ts->view == TV_HOUSE)
		st = trust_list_house(s, &ts->pos, &ts->npos);
	else
		st = trust_list(s, NULL, &ts->pos, &ts->npos);
	if (st != KP_OK)
		ui_fail(scr->ui);
	list_reload(&ts->lists[ts->view], ts->view == TV_CASES ? ts->ncases : ts->npos);
}

static bool tr_open(struct screen *scr, void *arg)
{
	struct trust_screen *ts = xcalloc(1, sizeof *ts);

	(void)arg;
	scr->data = ts;
	list_init(&ts->lists[TV_MINE], &position_ops, ts, mine_columns, 6);
	list_init(&ts->lists[TV_HOUSE], &position_ops, ts, house_columns, 6);
	list_init(&ts->lists[TV_CASES], &case_ops, ts, case_columns, 6);
	ts->lists[TV_MINE].empty = _("you have registered no trust positions: a registers one");
	ts->lists[TV_HOUSE].empty = _("nobody of the house has registered a trust position");
	ts->lists[TV_CASES].empty = _("no case is assigned to a consultant with a trust position in the company");
	reload(scr);
	return true;
}

static void tr_draw(struct screen *scr, const struct ui_rect *area)
{
	struct trust_screen *ts = scr->data;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };
	const char *title = ts->view == TV_CASES
		? _("Cases assigned despite a trust position")
		: ts->view == TV_HOUSE ? _("Trust positions of the house's staff") : _("My trust positions");

	draw_title(area, title);
	list_draw(&ts->lists[ts->view], &r, true);
}

/* Asks for a company by name or CVR and picks one of the matches; returns
 * its id (caller frees) or NULL. */
static char *ask_company(struct screen *scr)
{
	struct session *s = scr->ui->s;
	char *q = prompt_line(scr->ui, _("Company (name or CVR): "), "");
	struct company_hit *hits = NULL;
	int n = 0;
	char *id = NULL;

	if (!q)
		return NULL;
	if (!*q) {
		free(q);
		return NULL;
	}
	if (company_search(s, q, 30, 0, &hits, &n) != KP_OK) {
		ui_fail(scr->ui);
	} else if (n == 0) {
		ui_error(scr->ui, "%s", _("no company matches"));
	} else {
		struct pick_item *items = xcalloc((size_t)n, sizeof *items);
		char **labels = xcalloc((size_t)n, sizeof *labels);

		for (int i = 0; i < n; i++) {
			labels[i] = xasprintf("%s, %s", hits[i].name, hits[i].town ? hits[i].town : "");
			items[i].key = hits[i].cvr && *hits[i].cvr ? hits[i].cvr : "-";
			items[i].label = labels[i];
		}
		int chosen = pick_one(scr->ui, _("Company"), items, n, 0);
		if (chosen >= 0)
			id = xstrdup(hits[chosen].id);
		for (int i = 0; i < n; i++)
			free(labels[i]);
		free(labels);
		free(items);
	}
	company_hits_free(hits, n);
	free(q);
	return id;
}

static void add_position(struct screen *scr)
{
	struct trust_position t = { 0 };
	struct pick_item kinds[8];
	char today[CLOCK_DATE_LEN];
	int nk = 0;

	t.company_id = ask_company(scr);
	if (!t.company_id)
		return;
	for (; trust_kinds[nk] && nk < 8; nk++) {
		kinds[nk].key = "";
		kinds[nk].label = trust_kind_label(trust_kinds[nk]);
	}
	int k = pick_one(scr->ui, _("Kind of position"), kinds, nk, 0);
	if (k < 0)
		goto out;
	t.kind = xstrdup(trust_kinds[k]);
	clock_today(today);
	t.from_date = prompt_line(scr->ui, _("Held from (YYYY-MM-DD): "), today);
	if (!t.from_date)
		goto out;
	t.to_date = prompt_line(scr->ui, _("Held until (YYYY-MM-DD; empty: still held): "), "");
	if (!t.to_date)
		goto out;
	t.note = prompt_line(scr->ui, _("Note (optional): "), "");
	if (!t.note)
		goto out;
	if (trust_add(scr->ui->s, &t) != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, "%s", _("trust position registered"));
	reload(scr);
out:
	trust_position_finish(&t);
}

static void end_position(struct screen *scr)
{
	struct trust_screen *ts = scr->data;
	const struct trust_position *t = &ts->pos[ts->lists[ts->view].cur];
	char today[CLOCK_DATE_LEN];

	if (t->to_date) {
		ui_info(scr->ui, _("the position ended on %s"), t->to_date);
		return;
	}
	clock_today(today);
	char *to = prompt_line(scr->ui, _("Held until (YYYY-MM-DD): "), today);
	if (!to)
		return;
	if (trust_end(scr->ui->s, t->id, to) != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, "%s", _("trust position ended"));
	free(to);
	reload(scr);
}

static enum ui_result tr_handle(struct screen *scr, const struct ui_event *ev)
{
	struct trust_screen *ts = scr->data;
	struct list *l = &ts->lists[ts->view];

	switch (ev->action) {
	case UA_NEW:
		add_position(scr);
		return UI_DONE;
	case UA_TRUST_END:
		if (ts->view != TV_CASES && ts->npos > 0)
			end_position(scr);
		return UI_DONE;
	case UA_TRUST_VIEW:
		if (!supervises(scr->ui->s)) {
			ui_info(scr->ui, "%s", _("only supervisors see the house's positions"));
			return UI_DONE;
		}
		ts->view = (ts->view + 1) % TV_COUNT;
		reload(scr);
		return UI_DONE;
	case UA_OPEN:
		if (ts->view == TV_CASES && ts->ncases > 0)
			ui_push(scr->ui, &screen_case, ts->cases[l->cur].case_id);
		return UI_DONE;
	default:
		return list_handle(l, scr->ui, ev);
	}
}

static void tr_resume(struct screen *scr)
{
	reload(scr);
}

static void tr_close(struct screen *scr)
{
	struct trust_screen *ts = scr->data;

	for (int i = 0; i < TV_COUNT; i++)
		list_finish(&ts->lists[i]);
	trust_list_free(ts->pos, ts->npos);
	trust_case_list_free(ts->cases, ts->ncases);
	free(ts);
}

const struct screen_ops screen_trust = {
	.name = "trust",
	.title = N_("Impartiality"),
	.actions = (const enum ui_action[]){ UA_NEW, UA_TRUST_END, UA_TRUST_VIEW, UA_NONE },
	.open = tr_open,
	.draw = tr_draw,
	.handle = tr_handle,
	.resume = tr_resume,
	.close = tr_close,
};
