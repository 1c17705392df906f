/* Adding or editing a partner organisation, and adding a contact person
 * to one. organisation_create / organisation_update and
 * organisation_contact_add check the role and validate; their message
 * goes to the status line. */
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { F_NAME, F_TYPE, F_THEMES, F_AREA, F_MUNICIPALITY, F_EMAIL, F_PHONE, F_WEBSITE, F_NOTE,
       F_ACTIVE, F_COUNT };

#define OF(member) offsetof(struct organisation, member)

static const struct form_field fields[F_COUNT] = {
	[F_NAME] = { .label = N_("Name"), .kind = FORM_TEXT, .offset = OF(name), .max_chars = 200 },
	[F_TYPE] = { .label = N_("Type"), .kind = FORM_CHOICE, .offset = OF(type) },
	[F_THEMES] = { .label = N_("Themes"), .kind = FORM_MULTI, .offset = OF(themes),
		       .split = case_themes_split, .join = case_themes_join },
	[F_AREA] = { .label = N_("Area served"), .kind = FORM_CHOICE, .offset = OF(area) },
	[F_MUNICIPALITY] = { .label = N_("Municipality"), .kind = FORM_CHOICE_INT,
			     .offset = OF(municipality_code) },
	[F_EMAIL] = { .label = N_("E-mail"), .kind = FORM_TEXT, .offset = OF(email), .max_chars = 200 },
	[F_PHONE] = { .label = N_("Phone"), .kind = FORM_TEXT, .offset = OF(phone), .max_chars = 40 },
	[F_WEBSITE] = { .label = N_("Website"), .kind = FORM_TEXT, .offset = OF(website), .max_chars = 200 },
	[F_NOTE] = { .label = N_("Note"), .kind = FORM_TEXT, .offset = OF(note), .max_chars = 2000 },
	[F_ACTIVE] = { .label = N_("Active"), .kind = FORM_BOOL, .offset = OF(active) },
};

struct partner_form {
	struct organisation o;
	bool is_new;
	struct form *form;
};

static void set_ref_choices(struct screen *scr, int field, enum ref_table t,
			    const struct pick_item *first, int nfirst)
{
	struct partner_form *pf = scr->data;
	struct ref_item *items = NULL;
	int n = 0, k = 0;

	if (refdata_list(scr->ui->s, t, &items, &n) != KP_OK)
		n = 0;
	struct pick_item *pick = xcalloc((size_t)(n + nfirst) + 1, sizeof *pick);
	for (int i = 0; i < nfirst; i++)
		pick[k++] = first[i];
	for (int i = 0; i < n; i++)
		pick[k++] = (struct pick_item){ items[i].key, refdata_label(&items[i]) };
	form_set_choices(pf->form, field, pick, k);
	free(pick);
	ref_list_free(items, n);
}

static void show_municipality(struct partner_form *pf)
{
	char *area = form_value(pf->form, F_AREA);

	form_set_hidden(pf->form, F_MUNICIPALITY, strcmp(area, "municipality") != 0);
	free(area);
}

static void changed(void *ctx, int field)
{
	struct screen *scr = ctx;

	if (field == F_AREA)
		show_municipality(scr->data);
}

static bool pf_open(struct screen *scr, void *arg)
{
	struct partner_form *pf = xcalloc(1, sizeof *pf);
	const struct pick_item areas[] = {
		{ "national", _("national") }, { "municipality", _("one municipality") },
	};
	const struct pick_item none[] = { { "", _("(none)") } };

	scr->data = pf;
	pf->is_new = arg == NULL;
	if (!pf->is_new && organisation_get(scr->ui->s, arg, &pf->o) != KP_OK) {
		ui_fail(scr->ui);
		free(pf);
		return false;
	}
	if (pf->is_new) {
		pf->o.type = xstrdup("private_advisor");
		pf->o.themes = xstrdup("[]");
		pf->o.area = xstrdup("national");
		pf->o.active = true;
	}
	pf->form = form_create(fields, F_COUNT, &pf->o);
	form_on_change(pf->form, changed, scr);
	set_ref_choices(scr, F_TYPE, REF_PARTNER_TYPE, NULL, 0);
	set_ref_choices(scr, F_THEMES, REF_THEME, NULL, 0);
	set_ref_choices(scr, F_AREA, REF_HOUSE, areas, 2);
	set_ref_choices(scr, F_MUNICIPALITY, REF_MUNICIPALITY, none, 1);
	show_municipality(pf);
	form_mark_clean(pf->form);
	return true;
}

static void pf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct partner_form *pf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, pf->is_new ? _("New partner organisation") : _("Edit partner organisation"));
	form_draw(pf->form, scr->ui, &r);
}

static enum ui_result pf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct partner_form *pf = scr->data;
	enum kp_status st;

	if (ev->action != UA_SAVE)
		return form_handle(pf->form, scr->ui, ev);
	if (!form_apply(pf->form, scr->ui))
		return UI_DONE;
	if (strcmp(pf->o.area, "municipality") != 0)
		pf->o.municipality_code = 0;
	st = pf->is_new ? organisation_create(scr->ui->s, &pf->o)
			: organisation_update(scr->ui->s, &pf->o);
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return UI_DONE;
	}
	ui_info(scr->ui, _("%s saved"), pf->o.name);
	ui_close(scr);
	return UI_DONE;
}

static bool pf_dirty(struct screen *scr)
{
	struct partner_form *pf = scr->data;

	return form_dirty(pf->form);
}

static void pf_close(struct screen *scr)
{
	struct partner_form *pf = scr->data;

	form_destroy(pf->form);
	organisation_finish(&pf->o);
	free(pf);
}

const struct screen_ops screen_partner_form = {
	.name = "partner_form",
	.title = N_("Partner organisation"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = pf_open,
	.draw = pf_draw,
	.handle = pf_handle,
	.dirty = pf_dirty,
	.close = pf_close,
};

/* ---- a contact person at an organisation ---- */

enum { C_NAME, C_ROLE, C_EMAIL, C_PHONE, C_COUNT };

#define CF(member) offsetof(struct organisation_contact, member)

static const struct form_field contact_fields[C_COUNT] = {
	[C_NAME] = { .label = N_("Name"), .kind = FORM_TEXT, .offset = CF(name), .max_chars = 200 },
	[C_ROLE] = { .label = N_("Role"), .kind = FORM_TEXT, .offset = CF(role), .max_chars = 200 },
	[C_EMAIL] = { .label = N_("E-mail"), .kind = FORM_TEXT, .offset = CF(email), .max_chars = 200 },
	[C_PHONE] = { .label = N_("Phone"), .kind = FORM_TEXT, .offset = CF(phone), .max_chars = 40 },
};

struct contact_form {
	struct organisation_contact c;
	struct form *form;
};

static bool cf_open(struct screen *scr, void *arg)
{
	struct contact_form *cf = xcalloc(1, sizeof *cf);

	cf->c.organisation_id = xstrdup(arg);
	cf->c.active = true;
	cf->form = form_create(contact_fields, C_COUNT, &cf->c);
	scr->data = cf;
	return true;
}

static void cf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct contact_form *cf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, _("New contact person at the organisation"));
	form_draw(cf->form, scr->ui, &r);
}

static enum ui_result cf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct contact_form *cf = scr->data;

	if (ev->action != UA_SAVE)
		return form_handle(cf->form, scr->ui, ev);
	if (!form_apply(cf->form, scr->ui))
		return UI_DONE;
	if (organisation_contact_add(scr->ui->s, &cf->c) != KP_OK) {
		ui_fail(scr->ui);
		return UI_DONE;
	}
	ui_info(scr->ui, _("%s saved"), cf->c.name);
	ui_close(scr);
	return UI_DONE;
}

static bool cf_dirty(struct screen *scr)
{
	struct contact_form *cf = scr->data;

	return form_dirty(cf->form);
}

static void cf_close(struct screen *scr)
{
	struct contact_form *cf = scr->data;

	form_destroy(cf->form);
	organisation_contact_finish(&cf->c);
	free(cf);
}

const struct screen_ops screen_partner_contact_form = {
	.name = "partner_contact_form",
	.title = N_("Contact person"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_NONE },
	.open = cf_open,
	.draw = cf_draw,
	.handle = cf_handle,
	.dirty = cf_dirty,
	.close = cf_close,
};
