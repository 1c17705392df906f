/* Adding or editing one contact person; contact_add / contact_update
 * validate and their message goes to the status line. */
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { F_NAME, F_ROLE, F_EMAIL, F_PHONE, F_COUNT };

#define KF(member) offsetof(struct contact, member)

static const struct form_field fields[F_COUNT] = {
	[F_NAME] = { .label = N_("Name"), .kind = FORM_TEXT, .offset = KF(name), .max_chars = 200 },
	[F_ROLE] = { .label = N_("Role"), .kind = FORM_TEXT, .offset = KF(role), .max_chars = 100 },
	[F_EMAIL] = { .label = N_("E-mail"), .kind = FORM_TEXT,
		.offset = KF(email), .max_chars = 200 },
	[F_PHONE] = { .label = N_("Phone"), .kind = FORM_TEXT,
		.offset = KF(phone), .max_chars = 30 },
};

struct contact_form {
	struct contact c;
	bool is_new;
	struct form *form;
};

/* Finds the contact among the company's (there is no single get). */
static bool load_contact(struct screen *scr, const struct contact_form_arg *arg,
			 struct contact *out)
{
	struct contact *all = NULL;
	int n = 0;
	bool found = false;

	if (contact_list(scr->ui->s, arg->company_id, &all, &n) != KP_OK) {
		ui_fail(scr->ui);
		return false;
	}
	for (int i = 0; i < n && !found; i++) {
		if (strcmp(all[i].id, arg->contact_id) == 0) {
			*out = all[i];
			memset(&all[i], 0, sizeof all[i]);
			found = true;
		}
	}
	contact_list_free(all, n);
	if (!found)
		ui_error(scr->ui, "%s", _("the contact person no longer exists"));
	return found;
}

static bool kf_open(struct screen *scr, void *arg)
{
	const struct contact_form_arg *a = arg;
	struct contact_form *kf = xcalloc(1, sizeof *kf);

	kf->is_new = a->contact_id == NULL;
	if (!kf->is_new && !load_contact(scr, a, &kf->c)) {
		free(kf);
		return false;
	}
	if (kf->is_new)
		kf->c.company_id = xstrdup(a->company_id);
	kf->form = form_create(fields, F_COUNT, &kf->c);
	scr->data = kf;
	return true;
}

static void kf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct contact_form *kf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, kf->is_new ? _("New contact person") : _("Edit contact person"));
	form_draw(kf->form, scr->ui, &r);
}

static enum ui_result kf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct contact_form *kf = scr->data;
	enum kp_status st;

	if (ev->action != UA_SAVE)
		return form_handle(kf->form, scr->ui, ev);
	if (!form_apply(kf->form, scr->ui))
		return UI_DONE;
	st = kf->is_new ? contact_add(scr->ui->s, &kf->c) : contact_update(scr->ui->s, &kf->c);
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return UI_DONE;
	}
	ui_info(scr->ui, _("%s saved"), kf->c.name);
	ui_close(scr);
	return UI_DONE;
}

static bool kf_dirty(struct screen *scr)
{
	struct contact_form *kf = scr->data;

	return form_dirty(kf->form);
}

static void kf_close(struct screen *scr)
{
	struct contact_form *kf = scr->data;

	form_destroy(kf->form);
	contact_finish(&kf->c);
	free(kf);
}

const struct screen_ops screen_contact_form = {
	.name = "contact_form",
	.title = N_("Contact person"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_NONE },
	.open = kf_open,
	.draw = kf_draw,
	.handle = kf_handle,
	.dirty = kf_dirty,
	.close = kf_close,
};
