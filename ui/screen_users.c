/* User administration (administrators): the users with their role, home
 * location, initials and state (inactive, locked after failed logins),
 * and for the selected one the password state and a supervisor's
 * location scope. a adds a user, e (or Enter) edits one, d deactivates a
 * person who has left or activates them again, p sets a password (typed
 * twice, never shown), u lifts a lock, L sets a supervisor's locations,
 * X exports the list.
 * Every rule is in src/user.c and src/auth.c; their message goes to the
 * status line. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/form.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/screens.h"
#include "ui/secret.h"
#include "src/access.h"
#include "src/auth.h"
#include "src/export.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct users_screen {
	struct ui *ui;
	struct user *users;
	struct auth_state *auth;
	int n;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Login"), 12 }, { N_("Name"), 0 }, { N_("Role"), 13 }, { N_("Location"), 12 },
	{ N_("Ini."), 4 }, { N_("State"), 16 },
};

/* "inactive, locked", or "" for an active user without a lock. */
static char *state_text(const struct user *u, const struct auth_state *a)
{
	return xasprintf("%s%s%s", u->active ? "" : _("inactive"),
			 !u->active && a->locked ? ", " : "", a->locked ? _("locked") : "");
}

static char *row_text(void *ctx, int i)
{
	struct users_screen *us = ctx;
	const struct user *u = &us->users[i];
	char *state = state_text(u, &us->auth[i]);
	char *location = refdata_label_of(us->ui->s, REF_LOCATION, u->location);
	char *row = xasprintf("%s\t%s\t%s\t%s\t%s\t%s", u->login, u->name, access_role_label(u->role),
			      location, u->initials ? u->initials : "", state);

	free(location);
	free(state);
	return row;
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct users_screen *us = scr->data;
	struct session *s = scr->ui->s;

	user_list_free(us->users, us->n);
	free(us->auth);
	us->users = NULL;
	us->auth = NULL;
	us->n = 0;
	if (user_list(s, false, NULL, &us->users, &us->n) != KP_OK)
		ui_fail(scr->ui);
	us->auth = xcalloc((size_t)us->n + 1, sizeof *us->auth);
	for (int i = 0; i < us->n; i++)
		if (auth_state(s, us->users[i].id, &us->auth[i]) != KP_OK) {
			ui_fail(scr->ui);
			break;
		}
	list_reload(&us->list, us->n);
}

static bool us_open(struct screen *scr, void *arg)
{
	struct users_screen *us = xcalloc(1, sizeof *us);

	(void)arg;
	scr->data = us;
	us->ui = scr->ui;
	list_init(&us->list, &list_ops, us, columns, 6);
	us->list.empty = _("no users");
	reload(scr);
	return true;
}

/* The selected user's password state and, for a supervisor, its scope. */
static char *detail_text(struct session *s, const struct user *u, const struct auth_state *a)
{
	struct strbuf sb = STRBUF_INIT;

	if (!a->has_password)
		strbuf_addstr(&sb, _("Password: none (logs in by the system account only)"));
	else if (a->failures)
		strbuf_addf(&sb, _("Password: set, %d failed logins in a row"), a->failures);
	else
		strbuf_addstr(&sb, _("Password: set"));
	if (access_role_parse(u->role) == ROLE_SUPERVISOR) {
		strbuf_addstr(&sb, "   ");
		if (!u->scope || !*u->scope) {
			strbuf_addstr(&sb, _("Scope: the whole house"));
		} else {
			char *copy = xstrdup(u->scope), *save = NULL;

			strbuf_addstr(&sb, _("Scope:"));
			for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
				char *label = refdata_label_of(s, REF_LOCATION, k);
				strbuf_addf(&sb, " %s", label);
				free(label);
			}
			free(copy);
		}
	}
	return strbuf_detach(&sb);
}

static void us_draw(struct screen *scr, const struct ui_rect *area)
{
	struct users_screen *us = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 4, area->w };
	char line[64];

	draw_title(area, _("Users"));
	snprintf(line, sizeof line, _("%d users"), us->n);
	draw_text(area->y, area->x + area->w - 16, 15, line, UC_DIM, false);
	list_draw(&us->list, &r, true);
	if (us->n > 0) {
		char *detail = detail_text(scr->ui->s, &us->users[us->list.cur],
					   &us->auth[us->list.cur]);
		draw_text(area->y + area->h - 1, area->x + 1, area->w - 2, detail, UC_DIM, false);
		free(detail);
	}
}

static void toggle_active(struct screen *scr, const struct user *u)
{
	struct session *s = scr->ui->s;
	char *q = u->active
		? xasprintf(_("Deactivate %s (%s)? They can no longer log in; their open cases "
			      "wait for a supervisor to reassign them"), u->name, u->login)
		: xasprintf(_("Activate %s (%s) again?"), u->name, u->login);
	bool yes = ui_confirm(scr->ui, q);
	int open = 0;

	free(q);
	if (!yes)
		return;
	if (user_set_active(s, u->id, !u->active) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	if (u->active && user_open_cases(s, u->id, &open) == KP_OK && open > 0)
		ui_info(scr->ui, _("%s is deactivated; %d open case(s) wait for a supervisor to "
				   "reassign them"), u->login, open);
	else
		ui_info(scr->ui, u->active ? _("%s is deactivated") : _("%s is active again"),
			u->login);
	reload(scr);
}

static void set_password(struct screen *scr, const struct user *u)
{
	char *label = xasprintf(_("New password for %s (12 characters or more): "), u->login);
	char *a = secret_prompt(scr->ui, label), *b = NULL;

	free(label);
	if (a)
		b = secret_prompt(scr->ui, _("New password again: "));
	if (a && b && strcmp(a, b) != 0)
		ui_error(scr->ui, "%s", _("the two passwords differ; nothing was changed"));
	else if (a && b && auth_set_password(scr->ui->s, u->id, a) != KP_OK)
		ui_fail(scr->ui);
	else if (a && b) {
		ui_info(scr->ui, _("password of %s set"), u->login);
		reload(scr);
	}
	secret_free_copy(a);
	secret_free_copy(b);
}

static void unlock(struct screen *scr, const struct user *u)
{
	if (auth_unlock(scr->ui->s, u->id) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	ui_info(scr->ui, _("%s can log in again"), u->login);
	reload(scr);
}

/* A supervisor's locations: the house's locations, ticked as now; none
 * ticked is the whole house. */
static void set_scope(struct screen *scr, const struct user *u)
{
	struct session *s = scr->ui->s;
	struct ref_item *locs = NULL;
	int n = 0, k = 0;

	if (access_role_parse(u->role) != ROLE_SUPERVISOR) {
		ui_error(scr->ui, _("only a supervisor has a location scope; %s is %s"), u->login,
			 access_role_label(u->role));
		return;
	}
	if (refdata_list(s, REF_LOCATION, &locs, &n) != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	struct pick_item *items = xcalloc((size_t)n + 1, sizeof *items);
	bool *ticked = xcalloc((size_t)n + 1, sizeof *ticked);
	const char **keys = xcalloc((size_t)n + 1, sizeof *keys);
	char *scope = xasprintf(",%s,", u->scope ? u->scope : "");

	for (int i = 0; i < n; i++)
		if (u->house && strcmp(locs[i].parent, u->house) == 0) {
			char *needle = xasprintf(",%s,", locs[i].key);
			ticked[k] = strstr(scope, needle) != NULL;
			free(needle);
			items[k++] = (struct pick_item){ locs[i].key, refdata_label(&locs[i]) };
		}
	char *title = xasprintf(_("Locations of %s (none ticked: the whole house)"), u->name);
	if (pick_many(scr->ui, title, items, k, ticked)) {
		int nk = 0;
		for (int i = 0; i < k; i++)
			if (ticked[i])
				keys[nk++] = items[i].key;
		if (user_set_scope(s, u->id, keys, nk) != KP_OK) {
			ui_fail(scr->ui);
		} else {
			ui_info(scr->ui, nk ? _("%s now works on the cases of %d location(s)")
					    : _("%s now works on every case of the house"), u->login, nk);
			reload(scr);
		}
	}
	free(title);
	free(scope);
	free(keys);
	free(ticked);
	free(items);
	ref_list_free(locs, n);
}

static enum ui_result us_handle(struct screen *scr, const struct ui_event *ev)
{
	struct users_screen *us = scr->data;
	const struct user *u = us->n > 0 ? &us->users[us->list.cur] : NULL;

	switch (ev->action) {
	case UA_NEW:
		ui_push(scr->ui, &screen_user_form, NULL);
		return UI_DONE;
	case UA_OPEN:
	case UA_EDIT:
		if (u)
			ui_push(scr->ui, &screen_user_form, u->login);
		return UI_DONE;
	case UA_USER_ACTIVE:
		if (u)
			toggle_active(scr, u);
		return UI_DONE;
	case UA_USER_PASSWORD:
		if (u)
			set_password(scr, u);
		return UI_DONE;
	case UA_USER_UNLOCK:
		if (u)
			unlock(scr, u);
		return UI_DONE;
	case UA_USER_SCOPE:
		if (u)
			set_scope(scr, u);
		return UI_DONE;
	case UA_EXPORT: {
		struct export_filter f = { 0 };

		export_dialog(scr->ui, EXPORT_USERS, &f, _("users.csv"));
		return UI_DONE;
	}
	default:
		return list_handle(&us->list, scr->ui, ev);
	}
}

static void us_resume(struct screen *scr)
{
	reload(scr);
}

static void us_close(struct screen *scr)
{
	struct users_screen *us = scr->data;

	list_finish(&us->list);
	user_list_free(us->users, us->n);
	free(us->auth);
	free(us);
}

const struct screen_ops screen_users = {
	.name = "users",
	.title = N_("Users"),
	.about = N_("Everyone who works with Knudepunkt at this site. A person who\n"
		    "has left is deactivated, never deleted: they can no longer log\n"
		    "in and are not offered for new cases; their open cases show as\n"
		    "\"(inactive)\" in the caseloads for a supervisor to reassign.\n"
		    "Passwords and locks belong to this site; users, roles and scopes\n"
		    "travel with sync. The last active administrator can be neither\n"
		    "deactivated nor given another role."),
	.actions = (const enum ui_action[]){ UA_NEW, UA_EDIT, UA_USER_ACTIVE, UA_USER_PASSWORD,
					     UA_USER_UNLOCK, UA_USER_SCOPE, UA_EXPORT, UA_NONE },
	.open = us_open,
	.draw = us_draw,
	.handle = us_handle,
	.resume = us_resume,
	.close = us_close,
};

/* ---- adding or editing a user ---- */

enum { F_LOGIN, F_NAME, F_INITIALS, F_ROLE, F_LOCATION, F_COUNT };

#define UF(member) offsetof(struct user, member)

static const struct form_field fields[F_COUNT] = {
	[F_LOGIN] = { .label = N_("Login"), .kind = FORM_TEXT, .offset = UF(login), .max_chars = 32 },
	[F_NAME] = { .label = N_("Name"), .kind = FORM_TEXT, .offset = UF(name), .max_chars = 200 },
	[F_INITIALS] = { .label = N_("Initials"), .kind = FORM_TEXT, .offset = UF(initials),
			 .max_chars = 8 },
	[F_ROLE] = { .label = N_("Role"), .kind = FORM_CHOICE, .offset = UF(role) },
	[F_LOCATION] = { .label = N_("Location"), .kind = FORM_CHOICE, .offset = UF(location) },
};

struct user_form {
	struct user u;
	bool is_new;
	struct form *form;
};

static bool uf_open(struct screen *scr, void *arg)
{
	static const char *const roles[] = { "intake", "consultant", "supervisor", "admin" };
	struct user_form *uf = xcalloc(1, sizeof *uf);
	struct session *s = scr->ui->s;
	struct pick_item role_items[4];
	struct ref_item *locs = NULL;
	int n = 0;

	uf->is_new = arg == NULL;
	if (!uf->is_new && user_find(s, arg, &uf->u) != KP_OK) {
		ui_fail(scr->ui);
		free(uf);
		return false;
	}
	if (uf->is_new) {
		uf->u.role = xstrdup("consultant");
		uf->u.location = xstrdup(s->user.location ? s->user.location : "");
	}
	scr->data = uf;
	uf->form = form_create(fields, F_COUNT, &uf->u);
	form_set_readonly(uf->form, F_LOGIN, !uf->is_new);
	for (int i = 0; i < 4; i++)
		role_items[i] = (struct pick_item){ roles[i], access_role_label(roles[i]) };
	form_set_choices(uf->form, F_ROLE, role_items, 4);
	if (refdata_list(s, REF_LOCATION, &locs, &n) == KP_OK) {
		struct pick_item *items = xcalloc((size_t)n + 1, sizeof *items);
		for (int i = 0; i < n; i++)
			items[i] = (struct pick_item){ locs[i].key, refdata_label(&locs[i]) };
		form_set_choices(uf->form, F_LOCATION, items, n);
		free(items);
		ref_list_free(locs, n);
	}
	form_mark_clean(uf->form);
	return true;
}

static void uf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct user_form *uf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, uf->is_new ? _("New user") : _("Edit user"));
	form_draw(uf->form, scr->ui, &r);
}

static enum ui_result uf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct user_form *uf = scr->data;
	enum kp_status st;

	if (ev->action != UA_SAVE)
		return form_handle(uf->form, scr->ui, ev);
	if (!form_apply(uf->form, scr->ui))
		return UI_DONE;
	st = uf->is_new ? user_create(scr->ui->s, &uf->u) : user_update(scr->ui->s, &uf->u);
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return UI_DONE;
	}
	ui_info(scr->ui, uf->is_new ? _("%s added: p sets the password") : _("%s saved"),
		uf->u.login);
	ui_close(scr);
	return UI_DONE;
}

static bool uf_dirty(struct screen *scr)
{
	struct user_form *uf = scr->data;

	return form_dirty(uf->form);
}

static void uf_close(struct screen *scr)
{
	struct user_form *uf = scr->data;

	form_destroy(uf->form);
	user_finish(&uf->u);
	free(uf);
}

const struct screen_ops screen_user_form = {
	.name = "user_form",
	.title = N_("User"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = uf_open,
	.draw = uf_draw,
	.handle = uf_handle,
	.dirty = uf_dirty,
	.close = uf_close,
};
