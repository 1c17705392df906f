/* The partner directory: search as you type ('/' puts the cursor in the
 * search field, every key there filters again), filters by type (t), theme
 * (T) and area served (A), a (new) for supervisors and administrators,
 * Enter opens the organisation with its contacts and referrals; X exports
 * the directory as filtered. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/lineedit.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/screens.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct partners {
	struct lineedit query;
	bool searching;
	char *type, *theme, *area;          /* filters, NULL: all */
	char *type_label, *theme_label, *area_label;
	struct organisation *orgs;
	int n;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Name"), 0 }, { N_("Type"), 22 }, { N_("Area"), 18 }, { N_("Referrals"), 9 },
};

static char *row_text(void *ctx, int i)
{
	struct partners *p = ctx;
	const struct organisation *o = &p->orgs[i];
	const char *area = o->area_name && *o->area_name ? o->area_name
			   : strcmp(o->area, "national") == 0 ? _("national") : o->area;

	return xasprintf("%s%s\t%s\t%s\t%9d", o->name, o->active ? "" : _(" (inactive)"),
			 organisation_type_label(o), area, o->referral_count);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct partners *p = scr->data;
	char *q = lineedit_text(&p->query);
	struct organisation_filter f = {
		.text = q, .type = p->type, .theme = p->theme, .area = p->area,
		.include_inactive = true,
	};

	organisation_list_free(p->orgs, p->n);
	p->orgs = NULL;
	p->n = 0;
	if (organisation_list(scr->ui->s, &f, &p->orgs, &p->n) != KP_OK)
		ui_fail(scr->ui);
	free(q);
	list_reload(&p->list, p->n);
}

static bool pt_open(struct screen *scr, void *arg)
{
	struct partners *p = xcalloc(1, sizeof *p);

	(void)arg;
	scr->data = p;
	lineedit_init(&p->query, "", 100);
	list_init(&p->list, &list_ops, p, columns, 4);
	p->list.empty = _("no organisations match");
	reload(scr);
	return true;
}

static void pt_draw(struct screen *scr, const struct ui_rect *area)
{
	struct partners *p = scr->data;
	struct ui_rect r = { area->y + 3, area->x, area->h - 3, area->w };
	char line[256];
	int x;

	draw_title(area, _("Partner directory"));
	snprintf(line, sizeof line, _("%d shown"), p->n);
	draw_text(area->y, area->x + area->w - 16, 15, line, UC_DIM, false);
	x = draw_text(area->y + 1, area->x + 1, 20, _("Search: "), UC_LABEL, false) + 1;
	lineedit_draw(&p->query, scr->ui, area->y + 1, area->x + x, area->w - x - 2,
		      term_attr(p->searching ? UC_FIELD_CUR : UC_FIELD), p->searching);
	snprintf(line, sizeof line, _("Type: %s   Theme: %s   Area: %s"),
		 p->type_label ? p->type_label : _("all"), p->theme_label ? p->theme_label : _("all"),
		 p->area_label ? p->area_label : _("all"));
	draw_text(area->y + 2, area->x + 1, area->w - 2, line, UC_DIM, false);
	list_draw(&p->list, &r, !p->searching || p->n > 0);
}

/* Picks a filter value from a reference table ("" = all). */
static void pick_filter(struct screen *scr, enum ref_table t, const char *title, char **key,
			char **label, bool national)
{
	struct ref_item *items = NULL;
	int n = 0, k = 0, cur = 0;

	if (refdata_list(scr->ui->s, t, &items, &n) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	struct pick_item *pick = xcalloc((size_t)n + 2, sizeof *pick);

	pick[k++] = (struct pick_item){ "", _("(all)") };
	if (national)
		pick[k++] = (struct pick_item){ "national", _("national") };
	for (int i = 0; i < n; i++) {
		if (*key && strcmp(*key, items[i].key) == 0)
			cur = k;
		pick[k++] = (struct pick_item){ items[i].key, refdata_label(&items[i]) };
	}
	int chosen = pick_one(scr->ui, title, pick, k, cur);

	if (chosen >= 0) {
		free(*key);
		free(*label);
		*key = chosen == 0 ? NULL : xstrdup(pick[chosen].key);
		*label = chosen == 0 ? NULL : xstrdup(pick[chosen].label);
		reload(scr);
	}
	free(pick);
	ref_list_free(items, n);
}

static enum ui_result search_key(struct screen *scr, const struct ui_event *ev)
{
	struct partners *p = scr->data;

	if (ev->key == K_ESC || ev->action == UA_OPEN) {
		p->searching = false;
		return UI_DONE;
	}
	if (ev->key == K_FN(KEY_UP) || ev->key == K_FN(KEY_DOWN) ||
	    ev->key == K_FN(KEY_PPAGE) || ev->key == K_FN(KEY_NPAGE))
		return list_handle(&p->list, scr->ui, ev);
	if (lineedit_key(&p->query, ev)) {
		p->list.cur = 0;
		reload(scr);
	}
	return UI_DONE;
}

static enum ui_result pt_handle(struct screen *scr, const struct ui_event *ev)
{
	struct partners *p = scr->data;

	if (p->searching)
		return search_key(scr, ev);
	switch (ev->action) {
	case UA_SEARCH:
		p->searching = true;
		return UI_DONE;
	case UA_OPEN:
		if (p->n > 0)
			ui_push(scr->ui, &screen_partner, p->orgs[p->list.cur].id);
		return UI_DONE;
	case UA_NEW:
		ui_push(scr->ui, &screen_partner_form, NULL);
		return UI_DONE;
	case UA_TYPE_FILTER:
		pick_filter(scr, REF_PARTNER_TYPE, _("Partner type"), &p->type, &p->type_label, false);
		return UI_DONE;
	case UA_THEME_FILTER:
		pick_filter(scr, REF_THEME, _("Theme"), &p->theme, &p->theme_label, false);
		return UI_DONE;
	case UA_AREA_FILTER:
		pick_filter(scr, REF_HOUSE, _("Area served"), &p->area, &p->area_label, true);
		return UI_DONE;
	case UA_EXPORT: {
		/* the directory as filtered: search text, type, theme, area */
		char *q = lineedit_text(&p->query);
		struct export_filter f = { .search = q, .partner_type = p->type, .theme = p->theme,
					   .area = p->area };

		export_dialog(scr->ui, EXPORT_PARTNERS, &f, _("partners.csv"));
		free(q);
		return UI_DONE;
	}
	default:
		return list_handle(&p->list, scr->ui, ev);
	}
}

static void pt_resume(struct screen *scr)
{
	reload(scr);
}

static void pt_close(struct screen *scr)
{
	struct partners *p = scr->data;

	list_finish(&p->list);
	lineedit_finish(&p->query);
	organisation_list_free(p->orgs, p->n);
	free(p->type);
	free(p->theme);
	free(p->area);
	free(p->type_label);
	free(p->theme_label);
	free(p->area_label);
	free(p);
}

const struct screen_ops screen_partners = {
	.name = "partners",
	.title = N_("Partners"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_SEARCH, UA_NEW, UA_TYPE_FILTER,
					     UA_THEME_FILTER, UA_AREA_FILTER, UA_EXPORT, UA_NONE },
	.open = pt_open,
	.draw = pt_draw,
	.handle = pt_handle,
	.resume = pt_resume,
	.close = pt_close,
};
