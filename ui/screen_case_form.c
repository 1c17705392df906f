/* Opening a case for a company, or editing one: the need in a line, the
 * source (with the municipality when referred by one), target group,
 * themes, and the routing to a branch and consultant. case_open,
 * case_update and case_assign decide; their message goes to the status
 * line. */
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "ui/textview.h"
#include "ui/prompt.h"
#include "src/case.h"
#include "src/caseload.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum {
	F_TITLE, F_SOURCE, F_MUNICIPALITY, F_TARGET, F_THEMES, F_LOCATION, F_CONSULTANT, F_COUNT
};

#define KF(member) offsetof(struct case_file, member)

static const struct form_field fields[F_COUNT] = {
	[F_TITLE] = { .label = N_("Need (in a line)"), .kind = FORM_TEXT,
		.offset = KF(title), .max_chars = 200 },
	[F_SOURCE] = { .label = N_("Source"), .kind = FORM_CHOICE, .offset = KF(source) },
	[F_MUNICIPALITY] = { .label = N_("Referred by"), .kind = FORM_CHOICE_INT,
		.offset = KF(source_municipality) },
	[F_TARGET] = { .label = N_("Target group"), .kind = FORM_CHOICE,
		.offset = KF(target_group) },
	[F_THEMES] = { .label = N_("Themes"), .kind = FORM_MULTI,
		.offset = KF(themes), .split = case_themes_split, .join = case_themes_join },
	[F_LOCATION] = { .label = N_("Branch"), .kind = FORM_CHOICE, .offset = KF(location) },
	[F_CONSULTANT] = { .label = N_("Consultant"), .kind = FORM_CHOICE,
		.offset = KF(consultant_id) },
};

struct case_form {
	struct case_file c;
	bool is_new;
	char *old_location, *old_consultant;
	struct form *form;
};

static void set_ref_choices(struct screen *scr, int field, enum ref_table t, bool none)
{
	struct case_form *cf = scr->data;
	struct ref_item *items = NULL;
	int n = 0, k = 0;

	if (refdata_list(scr->ui->s, t, &items, &n) != KP_OK)
		n = 0;
	struct pick_item *pick = xcalloc((size_t)n + 2, sizeof *pick);
	if (none)
		pick[k++] = (struct pick_item){ "", _("(none)") };
	for (int i = 0; i < n; i++)
		pick[k++] = (struct pick_item){ items[i].key, refdata_label(&items[i]) };
	form_set_choices(cf->form, field, pick, k);
	free(pick);
	ref_list_free(items, n);
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The active consultants of the chosen branch (user_consultants). A case
 * whose consultant has left shows that consultant, marked inactive, while
 * its branch is unchanged: saving other fields leaves the routing alone,
 * and only an active consultant can be chosen instead. */
static void set_consultants(struct screen *scr)
{
	struct case_form *cf = scr->data;
	char *loc = form_value(cf->form, F_LOCATION);
	char *cur = form_value(cf->form, F_CONSULTANT);
	struct user *users = NULL;
	char *gone = NULL;
	int n = 0, k = 1;
	bool kept = !*cur;

	if (*loc && user_consultants(scr->ui->s, loc, &users, &n) != KP_OK) {
		ui_fail(scr->ui);
		n = 0;
	}
	struct pick_item *pick = xcalloc((size_t)n + 2, sizeof *pick);
	pick[0] = (struct pick_item){ "", _("(branch queue)") };
	for (int i = 0; i < n; i++) {
		pick[k++] = (struct pick_item){ users[i].id, users[i].name };
		kept = kept || strcmp(users[i].id, cur) == 0;
	}
	if (!kept && !cf->is_new && cf->c.consultant_inactive && cf->c.consultant_name &&
	    same(cur, cf->old_consultant) && same(loc, cf->old_location)) {
		gone = caseload_consultant_label(cf->c.consultant_name, true, 0);
		pick[k++] = (struct pick_item){ cf->old_consultant, gone };
		kept = true;
	}
	form_set_choices(cf->form, F_CONSULTANT, pick, k);
	if (!kept)
		form_set_value(cf->form, F_CONSULTANT, "");
	free(gone);
	free(pick);
	user_list_free(users, n);
	free(loc);
	free(cur);
}

static void show_municipality(struct case_form *cf)
{
	char *src = form_value(cf->form, F_SOURCE);

	form_set_hidden(cf->form, F_MUNICIPALITY, strcmp(src, "municipality") != 0);
	free(src);
}

static void changed(void *ctx, int field)
{
	struct screen *scr = ctx;

	if (field == F_SOURCE)
		show_municipality(((struct case_form *)scr->data));
	else if (field == F_LOCATION)
		set_consultants(scr);
}

static bool load(struct screen *scr, const struct case_form_arg *a)
{
	struct case_form *cf = scr->data;

	if (!cf->is_new) {
		if (case_get(scr->ui->s, a->case_id, &cf->c) != KP_OK) {
			ui_fail(scr->ui);
			return false;
		}
		cf->old_location = xstrdup(cf->c.location);
		cf->old_consultant = xstrdup(cf->c.consultant_id);
		return true;
	}
	cf->c.company_id = xstrdup(a->company_id);
	cf->c.source = xstrdup("own_initiative");
	cf->c.themes = xstrdup("[]");
	cf->c.location = xstrdup(scr->ui->s->user.location);
	return true;
}

static bool cf_open(struct screen *scr, void *arg)
{
	const struct case_form_arg *a = arg;
	struct case_form *cf = xcalloc(1, sizeof *cf);

	scr->data = cf;
	cf->is_new = a->case_id == NULL;
	if (!load(scr, a)) {
		case_finish(&cf->c);
		free(cf);
		return false;
	}
	cf->form = form_create(fields, F_COUNT, &cf->c);
	form_on_change(cf->form, changed, scr);
	set_ref_choices(scr, F_SOURCE, REF_CASE_SOURCE, false);
	set_ref_choices(scr, F_MUNICIPALITY, REF_MUNICIPALITY, true);
	set_ref_choices(scr, F_TARGET, REF_TARGET_GROUP, true);
	set_ref_choices(scr, F_THEMES, REF_THEME, false);
	set_ref_choices(scr, F_LOCATION, REF_LOCATION, true);
	set_consultants(scr);
	show_municipality(cf);
	form_mark_clean(cf->form);
	form_focus(cf->form, a->focus_assign ? F_LOCATION : F_TITLE);
	return true;
}

static void cf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct case_form *cf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };
	char *title = cf->is_new ? xasprintf("%s", _("Open a case"))
				 : xasprintf(_("Case for %s"), cf->c.company_name);

	draw_title(area, title);
	free(title);
	form_draw(cf->form, scr->ui, &r);
}

static enum kp_status save_edit(struct screen *scr)
{
	struct case_form *cf = scr->data;
	struct session *s = scr->ui->s;

	if (case_update(s, &cf->c) != KP_OK)
		return KP_ERR_INVALID;
	if (same(cf->old_location, cf->c.location) && same(cf->old_consultant, cf->c.consultant_id))
		return KP_OK;
	const char *consultant = cf->c.consultant_id && *cf->c.consultant_id ? cf->c.consultant_id : NULL;
	enum kp_status st = case_assign(s, cf->c.id, cf->c.location, consultant, NULL);
	if (st != KP_ERR_REFUSED)
		return st;
	/* impartiality: the consultant holds a trust position in the company;
	 * show why, and assign only with a reason (src/trust.h) */
	textview_show(scr->ui, _("Impartiality"), session_message(s));
	char *reason = prompt_line(scr->ui, _("Reason to assign the case anyway (Esc: do not): "), "");
	if (!reason || !*reason) {
		free(reason);
		return session_fail(s, KP_ERR_REFUSED, "%s", _("not assigned: no reason given"));
	}
	st = case_assign(s, cf->c.id, cf->c.location, consultant, reason);
	free(reason);
	return st;
}

static void save(struct screen *scr)
{
	struct case_form *cf = scr->data;
	enum kp_status st;

	if (!form_apply(cf->form, scr->ui))
		return;
	if (cf->c.consultant_id && !*cf->c.consultant_id) {
		free(cf->c.consultant_id);
		cf->c.consultant_id = NULL;
	}
	if (cf->c.location && !*cf->c.location) {
		free(cf->c.location);
		cf->c.location = NULL;
	}
	st = cf->is_new ? case_open(scr->ui->s, &cf->c) : save_edit(scr);
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	form_mark_clean(cf->form);
	ui_info(scr->ui, "%s", cf->is_new ? _("case opened") : _("case saved"));
	ui_close(scr);
	if (cf->is_new)
		ui_push(scr->ui, &screen_case, cf->c.id);
}

static enum ui_result cf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct case_form *cf = scr->data;

	if (ev->action == UA_SAVE) {
		save(scr);
		return UI_DONE;
	}
	return form_handle(cf->form, scr->ui, ev);
}

static bool cf_dirty(struct screen *scr)
{
	struct case_form *cf = scr->data;

	return form_dirty(cf->form);
}

static void cf_close(struct screen *scr)
{
	struct case_form *cf = scr->data;

	form_destroy(cf->form);
	case_finish(&cf->c);
	free(cf->old_location);
	free(cf->old_consultant);
	free(cf);
}

const struct screen_ops screen_case_form = {
	.name = "case_form",
	.title = N_("Case form"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = cf_open,
	.draw = cf_draw,
	.handle = cf_handle,
	.dirty = cf_dirty,
	.close = cf_close,
};
