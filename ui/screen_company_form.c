/* Registering or editing a company (or a pre-start person without CVR).
 * company_validate / company_create / company_update decide; their message
 * goes to the status line. A CVR that is already registered opens that
 * company instead; a name very like an existing one asks before saving. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	F_PRESTART, F_CVR, F_PNUMBER, F_NAME, F_ADDRESS, F_POSTCODE, F_TOWN, F_MUNICIPALITY,
	F_INDUSTRY, F_SIZE, F_FOUNDED, F_TARGET, F_GROWTH, F_COUNT
};

#define CF(member) offsetof(struct company, member)

static const struct form_field fields[F_COUNT] = {
	[F_PRESTART] = { .label = N_("Pre-start (no CVR)"), .kind = FORM_BOOL,
		.offset = CF(is_prestart) },
	[F_CVR] = { .label = N_("CVR number"), .kind = FORM_TEXT,
		.offset = CF(cvr), .max_chars = 8 },
	[F_PNUMBER] = { .label = N_("P-number"), .kind = FORM_TEXT,
		.offset = CF(pnumber), .max_chars = 10 },
	[F_NAME] = { .label = N_("Name"), .kind = FORM_TEXT, .offset = CF(name), .max_chars = 200 },
	[F_ADDRESS] = { .label = N_("Address"), .kind = FORM_TEXT,
		.offset = CF(address), .max_chars = 200 },
	[F_POSTCODE] = { .label = N_("Postcode"), .kind = FORM_TEXT,
		.offset = CF(postcode), .max_chars = 4 },
	[F_TOWN] = { .label = N_("Town"), .kind = FORM_TEXT, .offset = CF(town), .max_chars = 100 },
	[F_MUNICIPALITY] = { .label = N_("Municipality"), .kind = FORM_CHOICE_INT,
		.offset = CF(municipality_code) },
	[F_INDUSTRY] = { .label = N_("Industry (DB07)"), .kind = FORM_TEXT,
		.offset = CF(industry_code), .max_chars = 6 },
	[F_SIZE] = { .label = N_("Employees"), .kind = FORM_CHOICE, .offset = CF(size_class) },
	[F_FOUNDED] = { .label = N_("Founded (year)"), .kind = FORM_NUMBER,
		.offset = CF(founded_year) },
	[F_TARGET] = { .label = N_("Target group"), .kind = FORM_CHOICE,
		.offset = CF(target_group) },
	[F_GROWTH] = { .label = N_("Growth ambition"), .kind = FORM_CHOICE,
		.offset = CF(growth_ambition) },
};

struct company_form {
	struct company c;
	bool is_new;
	struct form *form;
};

/* A reference table as a pick list, with an empty first choice. */
static void set_ref_choices(struct screen *scr, int field, enum ref_table t)
{
	struct company_form *cf = scr->data;
	struct ref_item *items = NULL;
	int n = 0;

	if (refdata_list(scr->ui->s, t, &items, &n) != KP_OK)
		n = 0;
	struct pick_item *pick = xcalloc((size_t)n + 2, sizeof *pick);
	pick[0] = (struct pick_item){ "", _("(none)") };
	for (int i = 0; i < n; i++)
		pick[i + 1] = (struct pick_item){ items[i].key, refdata_label(&items[i]) };
	form_set_choices(cf->form, field, pick, n + 1);
	free(pick);
	ref_list_free(items, n);
}

static void set_fixed_choices(struct company_form *cf)
{
	struct pick_item pick[16];
	int n = 0;

	for (const char *const *k = company_size_classes; *k && n < 15; k++, n++)
		pick[n] = (struct pick_item){ *k, **k ? *k : _("(unknown)") };
	form_set_choices(cf->form, F_SIZE, pick, n);
	n = 0;
	for (const char *const *k = company_growth_ambitions; *k && n < 15; k++, n++)
		pick[n] = (struct pick_item){ *k, **k ? company_growth_label(*k) : _("(unknown)") };
	form_set_choices(cf->form, F_GROWTH, pick, n);
}

static void show_existing(struct screen *scr, const char *id, const char *cvr)
{
	ui_info(scr->ui, _("CVR %s is already registered: here it is"), cvr);
	ui_close(scr);
	ui_push(scr->ui, &screen_company, (void *)id);
}

/* Typing a CVR that exists opens that company instead. */
static void changed(void *ctx, int field)
{
	struct screen *scr = ctx;
	struct company_form *cf = scr->data;

	if (field == F_PRESTART) {
		char *v = form_value(cf->form, F_PRESTART);

		form_set_hidden(cf->form, F_CVR, strcmp(v, "1") == 0);
		form_set_hidden(cf->form, F_PNUMBER, strcmp(v, "1") == 0);
		free(v);
		return;
	}
	if (field != F_CVR || !cf->is_new)
		return;
	char *cvr = form_value(cf->form, F_CVR);
	struct company found = { 0 };

	if (strlen(cvr) == 8 && company_find_cvr(scr->ui->s, cvr, &found) == KP_OK)
		show_existing(scr, found.id, cvr);
	company_finish(&found);
	free(cvr);
}

static bool cf_open(struct screen *scr, void *arg)
{
	struct company_form *cf = xcalloc(1, sizeof *cf);

	scr->data = cf;
	cf->is_new = arg == NULL;
	if (!cf->is_new && company_get(scr->ui->s, arg, &cf->c) != KP_OK) {
		ui_fail(scr->ui);
		free(cf);
		return false;
	}
	cf->form = form_create(fields, F_COUNT, &cf->c);
	form_on_change(cf->form, changed, scr);
	set_ref_choices(scr, F_MUNICIPALITY, REF_MUNICIPALITY);
	set_ref_choices(scr, F_TARGET, REF_TARGET_GROUP);
	set_fixed_choices(cf);
	if (!cf->is_new) {
		/* registered numbers are fixed (company_update keeps them) */
		form_set_readonly(cf->form, F_PRESTART, !cf->c.is_prestart);
		form_set_readonly(cf->form, F_CVR, cf->c.cvr && *cf->c.cvr);
		form_set_readonly(cf->form, F_PNUMBER, cf->c.pnumber && *cf->c.pnumber);
	}
	form_set_hidden(cf->form, F_CVR, cf->c.is_prestart);
	form_set_hidden(cf->form, F_PNUMBER, cf->c.is_prestart);
	form_focus(cf->form, cf->is_new ? F_CVR : F_NAME);
	return true;
}

static void cf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct company_form *cf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, cf->is_new ? _("Register a company") : _("Edit company"));
	form_draw(cf->form, scr->ui, &r);
}

/* Asks before saving a name very like an existing company's. */
static bool similar_ok(struct screen *scr)
{
	struct company_form *cf = scr->data;
	struct company_hit *hits = NULL;
	int n = company_similar(scr->ui->s, cf->c.name, cf->is_new ? NULL : cf->c.id, &hits);
	bool ok = true;

	if (n > 0) {
		char *q = xasprintf(_("\"%s\" (%s) has a very similar name. Save anyway?"), hits[0].name,
				    hits[0].cvr ? hits[0].cvr : _("pre-start"));

		ok = ui_confirm(scr->ui, q);
		free(q);
	}
	company_hits_free(hits, n > 0 ? n : 0);
	return ok;
}

static void save(struct screen *scr)
{
	struct company_form *cf = scr->data;
	struct session *s = scr->ui->s;
	char *existing = NULL;
	enum kp_status st;

	if (!form_apply(cf->form, scr->ui))
		return;
	if (cf->c.is_prestart) {
		free(cf->c.cvr);
		free(cf->c.pnumber);
		cf->c.cvr = cf->c.pnumber = NULL;
	}
	if (company_validate(s, &cf->c) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	if (!similar_ok(scr))
		return;
	st = cf->is_new ? company_create(s, &cf->c, &existing) : company_update(s, &cf->c);
	if (st == KP_ERR_DUPLICATE && existing) {
		show_existing(scr, existing, cf->c.cvr);
	} else if (st != KP_OK) {
		ui_fail(scr->ui);
	} else {
		ui_info(scr->ui, cf->is_new ? _("%s registered") : _("%s saved"), cf->c.name);
		form_mark_clean(cf->form);
		ui_close(scr);
		if (cf->is_new)
			ui_push(scr->ui, &screen_company, cf->c.id);
	}
	free(existing);
}

static enum ui_result cf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct company_form *cf = scr->data;

	if (ev->action == UA_SAVE) {
		save(scr);
		return UI_DONE;
	}
	return form_handle(cf->form, scr->ui, ev);
}

static bool cf_dirty(struct screen *scr)
{
	struct company_form *cf = scr->data;

	return form_dirty(cf->form);
}

static void cf_close(struct screen *scr)
{
	struct company_form *cf = scr->data;

	form_destroy(cf->form);
	company_finish(&cf->c);
	free(cf);
}

const struct screen_ops screen_company_form = {
	.name = "company_form",
	.title = N_("Company form"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = cf_open,
	.draw = cf_draw,
	.handle = cf_handle,
	.dirty = cf_dirty,
	.close = cf_close,
};
