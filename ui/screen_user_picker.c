/* The user picker: shown at start when no --user was given. Enter logs the
 * chosen user in (session_login) and opens the first main screen. */
#include "ui/list.h"
#include "ui/draw.h"
#include "ui/menu.h"
#include "ui/screens.h"
#include "src/access.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdlib.h>

struct picker {
	struct user *users;
	int n;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Name"), 0 }, { N_("Login"), 14 }, { N_("Role"), 14 }, { N_("Location"), 14 },
};

static char *row_text(void *ctx, int i)
{
	struct picker *p = ctx;
	const struct user *u = &p->users[i];

	return xasprintf("%s\t%s\t%s\t%s", u->name, u->login, access_role_label(u->role),
			 u->location);
}

static const struct list_ops list_ops = { .row_text = row_text };

static bool picker_open(struct screen *scr, void *arg)
{
	struct picker *p = xcalloc(1, sizeof *p);

	if (user_list(scr->ui->s, true, NULL, &p->users, &p->n) != KP_OK) {
		ui_fail(scr->ui);
		p->n = 0;
	}
	list_init(&p->list, &list_ops, p, columns, 4);
	p->list.empty = _("no users yet: create one with knudepunkt init");
	list_reload(&p->list, p->n);
	scr->data = p;
	return true;
}

static void picker_draw(struct screen *scr, const struct ui_rect *area)
{
	struct picker *p = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, _("Who are you? Choose your user and press Enter"));
	list_draw(&p->list, &r, true);
}

static enum ui_result picker_handle(struct screen *scr, const struct ui_event *ev)
{
	struct picker *p = scr->data;

	if (list_handle(&p->list, scr->ui, ev) == UI_DONE)
		return UI_DONE;
	if (ev->action != UA_OPEN || p->n == 0)
		return UI_PASS;
	if (session_login(scr->ui->s, p->users[p->list.cur].login) != KP_OK) {
		ui_fail(scr->ui);
		return UI_DONE;
	}
	ui_open_tab(scr->ui, menu_start(scr->ui));
	return UI_DONE;
}

static void picker_close(struct screen *scr)
{
	struct picker *p = scr->data;

	list_finish(&p->list);
	user_list_free(p->users, p->n);
	free(p);
}

const struct screen_ops screen_user_picker = {
	.name = "user_picker",
	.title = N_("Choose user"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_SEARCH, UA_NONE },
	.open = picker_open,
	.draw = picker_draw,
	.handle = picker_handle,
	.close = picker_close,
};
