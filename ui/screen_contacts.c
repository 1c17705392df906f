/* A company's contact persons: a adds, Enter or e edits, d removes (asks
 * first). */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>

struct contacts {
	char *company_id;
	struct contact *list_data;
	int n;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Name"), 0 }, { N_("Role"), 16 }, { N_("E-mail"), 22 }, { N_("Phone"), 12 },
};

static char *row_text(void *ctx, int i)
{
	struct contacts *cs = ctx;
	const struct contact *c = &cs->list_data[i];

	return xasprintf("%s\t%s\t%s\t%s", c->name, c->role ? c->role : "", c->email ? c->email : "",
			 c->phone ? c->phone : "");
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct contacts *cs = scr->data;

	contact_list_free(cs->list_data, cs->n);
	cs->list_data = NULL;
	cs->n = 0;
	if (contact_list(scr->ui->s, cs->company_id, &cs->list_data, &cs->n) != KP_OK) {
		ui_fail(scr->ui);
		cs->n = 0;
	}
	list_reload(&cs->list, cs->n);
}

static bool cs_open(struct screen *scr, void *arg)
{
	struct contacts *cs = xcalloc(1, sizeof *cs);

	scr->data = cs;
	cs->company_id = xstrdup(arg);
	list_init(&cs->list, &list_ops, cs, columns, 4);
	cs->list.empty = _("no contact persons yet: a adds one");
	reload(scr);
	return true;
}

static void cs_draw(struct screen *scr, const struct ui_rect *area)
{
	struct contacts *cs = scr->data;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };

	draw_title(area, _("Contact persons"));
	list_draw(&cs->list, &r, true);
}

static void remove_selected(struct screen *scr)
{
	struct contacts *cs = scr->data;
	const struct contact *c = &cs->list_data[cs->list.cur];
	char *q = xasprintf(_("Remove the contact person %s?"), c->name);

	if (ui_confirm(scr->ui, q)) {
		if (contact_remove(scr->ui->s, c->id) != KP_OK)
			ui_fail(scr->ui);
		else
			ui_info(scr->ui, "%s", _("contact person removed"));
		reload(scr);
	}
	free(q);
}

static enum ui_result cs_handle(struct screen *scr, const struct ui_event *ev)
{
	struct contacts *cs = scr->data;
	struct contact_form_arg arg = { .company_id = cs->company_id };

	switch (ev->action) {
	case UA_NEW:
		ui_push(scr->ui, &screen_contact_form, &arg);
		return UI_DONE;
	case UA_OPEN: case UA_EDIT:
		if (cs->n > 0) {
			arg.contact_id = cs->list_data[cs->list.cur].id;
			ui_push(scr->ui, &screen_contact_form, &arg);
		}
		return UI_DONE;
	case UA_DELETE:
		if (cs->n > 0)
			remove_selected(scr);
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
	struct contacts *cs = scr->data;

	list_finish(&cs->list);
	contact_list_free(cs->list_data, cs->n);
	free(cs->company_id);
	free(cs);
}

const struct screen_ops screen_contacts = {
	.name = "contacts",
	.title = N_("Contact persons"),
	.actions = (const enum ui_action[]){ UA_NEW, UA_EDIT, UA_DELETE, UA_NONE },
	.open = cs_open,
	.draw = cs_draw,
	.handle = cs_handle,
	.resume = cs_resume,
	.close = cs_close,
};
