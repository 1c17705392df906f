/* One organisation of the partner network: type, area, themes, how to
 * reach it, its contact persons, and the referrals made to it (those the
 * user may see: a consultant's own cases, a supervisor's house). e edits
 * and c adds a contact (supervisors, administrators); Enter or o opens
 * the case of the selected referral. */
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/referral.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONTACT_LINES 4

struct partner_view {
	char *id;
	struct organisation o;
	struct organisation_contact *contacts;
	int ncontacts;
	struct referral *refs;
	int nrefs;
	bool refs_hidden;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Date"), 10 }, { N_("Company"), 0 }, { N_("Status"), 16 }, { N_("Follow-up"), 10 },
	{ N_("Consultant"), 16 },
};

static char *row_text(void *ctx, int i)
{
	struct partner_view *pv = ctx;
	const struct referral *r = &pv->refs[i];

	return xasprintf("%s\t%s\t%s\t%s\t%s", r->referred_on,
			 *r->company_name ? r->company_name : r->case_title,
			 referral_status_label(r->status), r->follow_up ? r->follow_up : "",
			 r->consultant_name);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void free_data(struct partner_view *pv)
{
	organisation_finish(&pv->o);
	organisation_contact_list_free(pv->contacts, pv->ncontacts);
	referral_list_free(pv->refs, pv->nrefs);
	pv->contacts = NULL;
	pv->refs = NULL;
	pv->ncontacts = pv->nrefs = 0;
}

static bool load(struct screen *scr)
{
	struct partner_view *pv = scr->data;
	struct session *s = scr->ui->s;

	free_data(pv);
	if (organisation_get(s, pv->id, &pv->o) != KP_OK) {
		ui_fail(scr->ui);
		return false;
	}
	if (organisation_contacts(s, pv->id, &pv->contacts, &pv->ncontacts) != KP_OK)
		pv->ncontacts = 0;
	/* intake and administrators see the directory but not referrals */
	pv->refs_hidden = referral_list_organisation(s, pv->id, &pv->refs, &pv->nrefs) != KP_OK;
	if (pv->refs_hidden)
		pv->nrefs = 0;
	list_reload(&pv->list, pv->nrefs);
	return true;
}

static void pv_close(struct screen *scr)
{
	struct partner_view *pv = scr->data;

	list_finish(&pv->list);
	free_data(pv);
	free(pv->id);
	free(pv);
}

static bool pv_open(struct screen *scr, void *arg)
{
	struct partner_view *pv = xcalloc(1, sizeof *pv);

	scr->data = pv;
	pv->id = xstrdup(arg);
	list_init(&pv->list, &list_ops, pv, columns, 5);
	pv->list.empty = _("no referrals to this organisation");
	if (!load(scr)) {
		pv_close(scr);
		return false;
	}
	return true;
}

static char *themes_text(struct session *s, const char *json)
{
	char **keys = NULL;
	int n = case_themes_split(json, &keys);
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "");
	for (int i = 0; i < n; i++) {
		char *label = refdata_label_of(s, REF_THEME, keys[i]);

		strbuf_addf(&sb, "%s%s", i ? ", " : "", label);
		free(label);
		free(keys[i]);
	}
	free(keys);
	return strbuf_detach(&sb);
}

static int draw_header(struct screen *scr, int y, int w)
{
	struct partner_view *pv = scr->data;
	const struct organisation *o = &pv->o;
	int half = w / 2, lw = 10, rows = 0;
	char *themes = themes_text(scr->ui->s, o->themes);
	const char *area = *o->area_name ? o->area_name
			   : strcmp(o->area, "national") == 0 ? _("national") : o->area;

	draw_pair(y, 1, half, lw, _("Type"), organisation_type_label(o));
	draw_pair(y, 1 + half, half, lw, _("Area"), area);
	draw_pair(y + 1, 1, half, lw, _("E-mail"), o->email);
	draw_pair(y + 1, 1 + half, half, lw, _("Phone"), o->phone);
	draw_pair(y + 2, 1, half, lw, _("Website"), o->website);
	draw_pair(y + 2, 1 + half, half, lw, _("Active"), o->active ? _("yes") : _("no"));
	draw_pair(y + 3, 1, w, lw, _("Themes"), themes);
	rows = 4;
	if (*o->note)
		draw_pair(y + rows++, 1, w, lw, _("Note"), o->note);
	free(themes);
	draw_text(y + rows++, 1, w, _("Contact persons"), UC_HEADER, false);
	if (pv->ncontacts == 0)
		draw_text(y + rows++, 3, w - 2, _("none registered"), UC_DIM, false);
	for (int i = 0; i < pv->ncontacts && i < MAX_CONTACT_LINES; i++) {
		const struct organisation_contact *c = &pv->contacts[i];
		char *line = xasprintf("%s%s%s  %s  %s%s", c->name, *c->role ? ", " : "", c->role,
				       c->email, c->phone, c->active ? "" : _(" (inactive)"));

		draw_text(y + rows++, 3, w - 2, line, UC_NORMAL, false);
		free(line);
	}
	if (pv->ncontacts > MAX_CONTACT_LINES) {
		char more[64];

		snprintf(more, sizeof more, _("and %d more"), pv->ncontacts - MAX_CONTACT_LINES);
		draw_text(y + rows++, 3, w - 2, more, UC_DIM, false);
	}
	return rows;
}

static void pv_draw(struct screen *scr, const struct ui_rect *area)
{
	struct partner_view *pv = scr->data;
	int y = area->y;

	y += draw_title(area, pv->o.name);
	y += draw_header(scr, y, area->w - 2);
	draw_text(y++, 1, area->w - 2,
		  pv->refs_hidden ? _("Referrals (not shown to your role)") : _("Referrals made to it"),
		  UC_HEADER, false);
	struct ui_rect r = { y, area->x, area->y + area->h - y, area->w };
	list_draw(&pv->list, &r, true);
}

static enum ui_result pv_handle(struct screen *scr, const struct ui_event *ev)
{
	struct partner_view *pv = scr->data;

	switch (ev->action) {
	case UA_OPEN: case UA_OPEN_CASE:
		if (pv->nrefs > 0)
			ui_push(scr->ui, &screen_case, pv->refs[pv->list.cur].case_id);
		return UI_DONE;
	case UA_EDIT:
		ui_push(scr->ui, &screen_partner_form, pv->id);
		return UI_DONE;
	case UA_ADD_CONTACT:
		ui_push(scr->ui, &screen_partner_contact_form, pv->id);
		return UI_DONE;
	default:
		return list_handle(&pv->list, scr->ui, ev);
	}
}

static void pv_resume(struct screen *scr)
{
	if (!load(scr))
		ui_close(scr);
}

const struct screen_ops screen_partner = {
	.name = "partner",
	.title = N_("Partner"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_EDIT, UA_ADD_CONTACT, UA_OPEN_CASE,
					     UA_NONE },
	.open = pv_open,
	.draw = pv_draw,
	.handle = pv_handle,
	.resume = pv_resume,
	.close = pv_close,
};
