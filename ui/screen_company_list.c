/* Companies: search as you type (company_search ranks the matches: exact
 * CVR, then names starting with the text, then word matches). '/' puts
 * the cursor in the search field; every key there runs the search again;
 * Enter or Esc leaves the field. Enter on a row opens the company.
 * A keystroke fetches one page of matches, enough for the tallest screen;
 * moving down the list fetches the next page, so typing stays cheap on a
 * national-size database. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/lineedit.h"
#include "ui/list.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define COMPANY_PAGE 60            /* rows fetched per keystroke or page */
#define COMPANY_LIST_MAX 5000      /* rows kept at most while scrolling */

struct company_list {
	struct lineedit query;
	bool searching;
	struct company_hit *hits;
	int n;
	bool more;                 /* the last page was full: more may follow */
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("CVR"), 8 }, { N_("Name"), 0 }, { N_("Town"), 16 }, { N_("Contacts"), 18 },
};

static char *row_text(void *ctx, int i)
{
	struct company_list *cl = ctx;
	const struct company_hit *h = &cl->hits[i];

	return xasprintf("%s\t%s\t%s\t%s", h->cvr ? h->cvr : "", h->name, h->town ? h->town : "",
			 h->contacts ? h->contacts : "");
}

static const struct list_ops list_ops = { .row_text = row_text };

static void run_search(struct screen *scr)
{
	struct company_list *cl = scr->data;
	char *q = lineedit_text(&cl->query);

	company_hits_free(cl->hits, cl->n);
	cl->hits = NULL;
	cl->n = 0;
	if (company_search(scr->ui->s, q, COMPANY_PAGE, 0, &cl->hits, &cl->n) != KP_OK) {
		ui_fail(scr->ui);
		cl->n = 0;
	}
	cl->more = cl->n == COMPANY_PAGE;
	free(q);
	list_reload(&cl->list, cl->n);
}

/* Appends the next page when the cursor is within a screen of the end. */
static void fetch_more(struct screen *scr)
{
	struct company_list *cl = scr->data;
	struct company_hit *page;
	int k, cur = cl->list.cur;

	if (!cl->more || cl->n >= COMPANY_LIST_MAX || cur < cl->n - cl->list.height - 1)
		return;
	char *q = lineedit_text(&cl->query);
	if (company_search(scr->ui->s, q, COMPANY_PAGE, cl->n, &page, &k) != KP_OK) {
		ui_fail(scr->ui);
		cl->more = false;
	} else {
		cl->hits = xrealloc(cl->hits, (size_t)(cl->n + k) * sizeof *cl->hits);
		memcpy(cl->hits + cl->n, page, (size_t)k * sizeof *page);
		free(page);      /* the rows moved into cl->hits */
		cl->n += k;
		cl->more = k == COMPANY_PAGE;
		list_reload(&cl->list, cl->n);
		list_set_cursor(&cl->list, cur);
	}
	free(q);
}

static bool cl_open(struct screen *scr, void *arg)
{
	struct company_list *cl = xcalloc(1, sizeof *cl);

	scr->data = cl;
	lineedit_init(&cl->query, "", 100);
	list_init(&cl->list, &list_ops, cl, columns, 4);
	cl->list.empty = _("no companies match");
	run_search(scr);
	return true;
}

static void cl_draw(struct screen *scr, const struct ui_rect *area)
{
	struct company_list *cl = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };
	char count[64];
	int x;

	draw_title(area, _("Companies"));
	snprintf(count, sizeof count, cl->more ? _("first %d shown") : _("%d found"), cl->n);
	draw_text(area->y, area->x + area->w - 22, 21, count, UC_DIM, false);
	x = draw_text(area->y + 1, area->x + 1, 20, _("Search: "), UC_LABEL, false) + 1;
	lineedit_draw(&cl->query, scr->ui, area->y + 1, area->x + x, area->w - x - 2,
		      term_attr(cl->searching ? UC_FIELD_CUR : UC_FIELD), cl->searching);
	list_draw(&cl->list, &r, !cl->searching || cl->n > 0);
}

static enum ui_result search_key(struct screen *scr, const struct ui_event *ev)
{
	struct company_list *cl = scr->data;

	if (ev->key == K_ESC || ev->action == UA_OPEN) {
		cl->searching = false;
		return UI_DONE;
	}
	if (ev->key == K_FN(KEY_UP) || ev->key == K_FN(KEY_DOWN) ||
	    ev->key == K_FN(KEY_PPAGE) || ev->key == K_FN(KEY_NPAGE)) {
		enum ui_result r = list_handle(&cl->list, scr->ui, ev);
		fetch_more(scr);
		return r;
	}
	if (lineedit_key(&cl->query, ev)) {
		cl->list.cur = 0;
		run_search(scr);
	}
	return UI_DONE;
}

static enum ui_result cl_handle(struct screen *scr, const struct ui_event *ev)
{
	struct company_list *cl = scr->data;

	if (cl->searching)
		return search_key(scr, ev);
	switch (ev->action) {
	case UA_SEARCH:
		cl->searching = true;
		return UI_DONE;
	case UA_OPEN:
		if (cl->n > 0)
			ui_push(scr->ui, &screen_company, cl->hits[cl->list.cur].id);
		return UI_DONE;
	case UA_NEW:
		ui_push(scr->ui, &screen_company_form, NULL);
		return UI_DONE;
	case UA_IMPORT: {
		char *path = prompt_line(scr->ui, _("Import companies from file: "), "");
		if (path && *path)
			ui_push(scr->ui, &screen_import, path);
		free(path);
		return UI_DONE;
	}
	case UA_EXPORT: {
		/* the companies the search shows (all when it is empty) */
		char *q = lineedit_text(&cl->query);
		struct export_filter f = { .search = q };
		export_dialog(scr->ui, EXPORT_COMPANIES, &f, _("companies.csv"));
		free(q);
		return UI_DONE;
	}
	default: {
		enum ui_result r = list_handle(&cl->list, scr->ui, ev);
		fetch_more(scr);
		return r;
	}
	}
}

static void cl_resume(struct screen *scr)
{
	run_search(scr);
}

static void cl_close(struct screen *scr)
{
	struct company_list *cl = scr->data;

	list_finish(&cl->list);
	lineedit_finish(&cl->query);
	company_hits_free(cl->hits, cl->n);
	free(cl);
}

const struct screen_ops screen_company_list = {
	.name = "company_list",
	.title = N_("Companies"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_SEARCH, UA_NEW, UA_IMPORT, UA_EXPORT,
					     UA_NONE },
	.open = cl_open,
	.draw = cl_draw,
	.handle = cl_handle,
	.resume = cl_resume,
	.close = cl_close,
};
