/* Making a referral from a case, or editing one. The destination is
 * picked from the directory ('/' searches the pick list); its contacts
 * fill the contact choice. For a private advisor the form shows the
 * advisors the directory suggests for the theme and the case's area, the
 * least offered first, and ticks the destination and two more: the
 * company is shown several (the agreement forbids favouring one), and the
 * referral records which. referral_create / referral_update decide. */
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/referral.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define ADVISORS_SHOWN 8

enum { F_DEST, F_CONTACT, F_THEME, F_ADVISORS, F_REASON, F_DATE, F_STATUS, F_FOLLOW_UP,
       F_OUTCOME, F_COUNT };

#define RF(member) offsetof(struct referral, member)

static const struct form_field fields[F_COUNT] = {
	[F_DEST] = { .label = N_("Destination"), .kind = FORM_CHOICE, .offset = RF(organisation_id) },
	[F_CONTACT] = { .label = N_("Contact"), .kind = FORM_CHOICE, .offset = RF(contact_id) },
	[F_THEME] = { .label = N_("Theme"), .kind = FORM_CHOICE, .offset = RF(theme) },
	[F_ADVISORS] = { .label = N_("Advisors shown"), .kind = FORM_MULTI,
			 .offset = RF(advisors_offered), .split = organisation_keys_split,
			 .join = organisation_keys_join },
	[F_REASON] = { .label = N_("Reason"), .kind = FORM_TEXT, .offset = RF(reason), .max_chars = 1000 },
	[F_DATE] = { .label = N_("Referral date"), .kind = FORM_DATE, .offset = RF(referred_on) },
	[F_STATUS] = { .label = N_("Status"), .kind = FORM_CHOICE, .offset = RF(status) },
	[F_FOLLOW_UP] = { .label = N_("Follow-up date"), .kind = FORM_DATE, .offset = RF(follow_up) },
	[F_OUTCOME] = { .label = N_("Outcome"), .kind = FORM_TEXT, .offset = RF(outcome), .max_chars = 2000 },
};

struct referral_form {
	struct referral r;
	bool is_new;
	struct organisation *orgs;          /* the directory, for the destination */
	int norgs;
	char **labels;                      /* "name (type)" per organisation */
	struct form *form;
};

static const struct organisation *dest_of(struct referral_form *rf)
{
	char *id = form_value(rf->form, F_DEST);
	const struct organisation *found = NULL;

	for (int i = 0; i < rf->norgs && !found; i++)
		if (strcmp(rf->orgs[i].id, id) == 0)
			found = &rf->orgs[i];
	free(id);
	return found;
}

static void set_destinations(struct screen *scr)
{
	struct referral_form *rf = scr->data;
	struct organisation_filter f = { 0 };

	if (organisation_list(scr->ui->s, &f, &rf->orgs, &rf->norgs) != KP_OK) {
		ui_fail(scr->ui);
		rf->norgs = 0;
	}
	struct pick_item *pick = xcalloc((size_t)rf->norgs + 1, sizeof *pick);
	int k = 0;

	rf->labels = xcalloc((size_t)rf->norgs + 1, sizeof *rf->labels);
	for (int i = 0; i < rf->norgs; i++)
		rf->labels[i] = xasprintf("%s (%s)", rf->orgs[i].name,
					  organisation_type_label(&rf->orgs[i]));
	/* the 98 municipal business services after the rest, each part by name */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < rf->norgs; i++)
			if ((strcmp(rf->orgs[i].type, "municipality") == 0) == (pass == 1))
				pick[k++] = (struct pick_item){ rf->orgs[i].id, rf->labels[i] };
	form_set_choices(rf->form, F_DEST, pick, k);
	free(pick);
}

static void set_contacts(struct screen *scr)
{
	struct referral_form *rf = scr->data;
	char *dest = form_value(rf->form, F_DEST);
	char *cur = form_value(rf->form, F_CONTACT);
	struct organisation_contact *cs = NULL;
	int n = 0;
	bool kept = !*cur;

	if (*dest && organisation_contacts(scr->ui->s, dest, &cs, &n) != KP_OK)
		n = 0;
	struct pick_item *pick = xcalloc((size_t)n + 1, sizeof *pick);
	char **labels = xcalloc((size_t)n + 1, sizeof *labels);
	pick[0] = (struct pick_item){ "", _("(none)") };
	for (int i = 0; i < n; i++) {
		labels[i] = xasprintf("%s%s%s", cs[i].name, *cs[i].role ? ", " : "", cs[i].role);
		pick[i + 1] = (struct pick_item){ cs[i].id, labels[i] };
		kept = kept || strcmp(cs[i].id, cur) == 0;
	}
	form_set_choices(rf->form, F_CONTACT, pick, n + 1);
	if (!kept)
		form_set_value(rf->form, F_CONTACT, "");
	for (int i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(pick);
	organisation_contact_list_free(cs, n);
	free(dest);
	free(cur);
}

/* The advisors field: shown only for a private advisor; its choices are
 * the suggestions (and the destination), the destination and the first
 * two others ticked. */
static void set_advisors(struct screen *scr, bool retick)
{
	struct referral_form *rf = scr->data;
	const struct organisation *dest = dest_of(rf);
	bool advisor = dest && strcmp(dest->type, "private_advisor") == 0;
	char *theme = form_value(rf->form, F_THEME);
	struct organisation *adv = NULL;
	int n = 0, k = 0, ticked = 1;

	form_set_hidden(rf->form, F_ADVISORS, !advisor);
	if (!advisor) {
		form_set_value(rf->form, F_ADVISORS, "");
		free(theme);
		return;
	}
	if (referral_advisors_for_case(scr->ui->s, rf->r.case_id, theme, ADVISORS_SHOWN, &adv, &n) != KP_OK)
		n = 0;
	struct pick_item *pick = xcalloc((size_t)n + 2, sizeof *pick);
	struct strbuf tick = STRBUF_INIT;

	pick[k++] = (struct pick_item){ dest->id, dest->name };
	strbuf_addstr(&tick, dest->id);
	for (int i = 0; i < n; i++) {
		if (strcmp(adv[i].id, dest->id) == 0)
			continue;
		pick[k++] = (struct pick_item){ adv[i].id, adv[i].name };
		if (ticked < 3) {
			strbuf_addf(&tick, ",%s", adv[i].id);
			ticked++;
		}
	}
	form_set_choices(rf->form, F_ADVISORS, pick, k);
	if (retick)
		form_set_value(rf->form, F_ADVISORS, tick.buf);
	strbuf_finish(&tick);
	free(pick);
	organisation_list_free(adv, n);
	free(theme);
}

static void changed(void *ctx, int field)
{
	struct screen *scr = ctx;

	if (field == F_DEST) {
		set_contacts(scr);
		set_advisors(scr, true);
	} else if (field == F_THEME) {
		set_advisors(scr, true);
	}
}

static void set_simple_choices(struct screen *scr)
{
	struct referral_form *rf = scr->data;
	struct ref_item *items = NULL;
	int n = 0;

	if (refdata_list(scr->ui->s, REF_THEME, &items, &n) != KP_OK)
		n = 0;
	struct pick_item *pick = xcalloc((size_t)n + 1, sizeof *pick);
	pick[0] = (struct pick_item){ "", _("(none)") };
	for (int i = 0; i < n; i++)
		pick[i + 1] = (struct pick_item){ items[i].key, refdata_label(&items[i]) };
	form_set_choices(rf->form, F_THEME, pick, n + 1);
	free(pick);
	ref_list_free(items, n);
	const struct pick_item statuses[] = {
		{ "proposed", referral_status_label("proposed") },
		{ "sent", referral_status_label("sent") },
	};
	form_set_choices(rf->form, F_STATUS, statuses, 2);
}

/* The case's first theme, the likely theme of a referral (caller frees). */
static char *first_theme(struct screen *scr, const char *case_id)
{
	struct case_file c = { 0 };
	char **keys = NULL;
	char *theme;
	int n = 0;

	if (case_get(scr->ui->s, case_id, &c) == KP_OK)
		n = case_themes_split(c.themes, &keys);
	theme = xstrdup(n > 0 ? keys[0] : "");
	for (int i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	case_finish(&c);
	return theme;
}

static bool rf_open(struct screen *scr, void *arg)
{
	const struct referral_form_arg *a = arg;
	struct referral_form *rf = xcalloc(1, sizeof *rf);

	scr->data = rf;
	rf->is_new = a->referral_id == NULL;
	if (!rf->is_new && referral_get(scr->ui->s, a->referral_id, &rf->r) != KP_OK) {
		ui_fail(scr->ui);
		free(rf);
		return false;
	}
	if (rf->is_new) {
		rf->r.case_id = xstrdup(a->case_id);
		rf->r.status = xstrdup("proposed");
		rf->r.advisors_offered = xstrdup("[]");
		rf->r.theme = first_theme(scr, a->case_id);
	}
	rf->form = form_create(fields, F_COUNT, &rf->r);
	set_destinations(scr);
	set_simple_choices(scr);
	set_contacts(scr);
	set_advisors(scr, false);
	form_on_change(rf->form, changed, scr);
	form_set_readonly(rf->form, F_DEST, !rf->is_new);
	form_set_readonly(rf->form, F_ADVISORS, !rf->is_new);
	form_set_readonly(rf->form, F_DATE, !rf->is_new);
	form_set_hidden(rf->form, F_STATUS, !rf->is_new);
	form_set_hidden(rf->form, F_OUTCOME, rf->is_new);
	form_mark_clean(rf->form);
	return true;
}

static void rf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct referral_form *rf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, rf->is_new ? _("New referral") : _("Edit referral"));
	form_draw(rf->form, scr->ui, &r);
}

static enum ui_result rf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct referral_form *rf = scr->data;
	enum kp_status st;

	if (ev->action != UA_SAVE)
		return form_handle(rf->form, scr->ui, ev);
	if (!form_apply(rf->form, scr->ui))
		return UI_DONE;
	if (!rf->r.organisation_id || !*rf->r.organisation_id) {
		ui_error(scr->ui, "%s", _("choose the destination"));
		return UI_DONE;
	}
	st = rf->is_new ? referral_create(scr->ui->s, &rf->r) : referral_update(scr->ui->s, &rf->r);
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return UI_DONE;
	}
	const struct organisation *dest = dest_of(rf);
	ui_info(scr->ui, _("referral to %s saved"), dest ? dest->name : "");
	ui_close(scr);
	return UI_DONE;
}

static bool rf_dirty(struct screen *scr)
{
	struct referral_form *rf = scr->data;

	return form_dirty(rf->form);
}

static void rf_close(struct screen *scr)
{
	struct referral_form *rf = scr->data;

	form_destroy(rf->form);
	for (int i = 0; i < rf->norgs; i++)
		free(rf->labels[i]);
	free(rf->labels);
	organisation_list_free(rf->orgs, rf->norgs);
	referral_finish(&rf->r);
	free(rf);
}

const struct screen_ops screen_referral_form = {
	.name = "referral_form",
	.title = N_("Referral"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = rf_open,
	.draw = rf_draw,
	.handle = rf_handle,
	.dirty = rf_dirty,
	.close = rf_close,
};
