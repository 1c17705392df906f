/* The main loop: reads a key, gives it to the top screen, then does what
 * the screen passed on (close, quit, help, tabs), removes closed screens
 * and tells the new top screen it is back. */
#include "ui/ui.h"
#include "ui/lock.h"
#include "ui/confirm.h"
#include "ui/help.h"
#include "ui/menu.h"
#include "ui/screen.h"
#include "ui/screens.h"
#include "ui/secret.h"
#include "ui/term.h"
#include "src/auth.h"
#include "src/i18n.h"
#include "src/session.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

static void pop_at(struct ui *ui, int i)
{
	struct screen *scr = ui->stack[i];

	if (scr->ops->close)
		scr->ops->close(scr);
	free(scr);
	for (int j = i; j + 1 < ui->depth; j++)
		ui->stack[j] = ui->stack[j + 1];
	ui->depth--;
}

static void pop_all(struct ui *ui)
{
	while (ui->depth > 0)
		pop_at(ui, ui->depth - 1);
}

static bool any_dirty(struct ui *ui)
{
	for (int i = 0; i < ui->depth; i++) {
		struct screen *scr = ui->stack[i];

		if (scr->ops->dirty && scr->ops->dirty(scr))
			return true;
	}
	return false;
}

/* Leaving all screens (quit, another tab): ask once if edits would be lost. */
static bool may_leave_all(struct ui *ui)
{
	return !any_dirty(ui) || ui_confirm(ui, _("Leave without saving your changes?"));
}

static void switch_tab(struct ui *ui, int i)
{
	if (i >= 0 && i < menu_count() && menu_visible(ui, i) && may_leave_all(ui))
		ui_open_tab(ui, i);
}

static bool on_main_screen(struct ui *ui)
{
	return ui->depth == 1 && ui->tab >= 0;
}

static void handle_global(struct ui *ui, const struct ui_event *ev)
{
	struct screen *top = ui_top(ui);

	if (ui->tab >= 0 && ev->key >= '0' && ev->key <= '9') {
		switch_tab(ui, ev->key == '0' ? 9 : ev->key - '1');   /* 0 is the tenth */
		return;
	}
	switch (ev->action) {
	case UA_CLOSE:
		if (top && (ui->depth > 1 || ui->tab < 0))
			ui_close_ask(top);
		else if (top)
			ui_info(ui, "%s", _("Q quits the program"));
		break;
	case UA_QUIT:
		if (may_leave_all(ui))
			ui->quit = true;
		break;
	case UA_HELP:
		help_show(ui, top);
		break;
	case UA_PASSWORD:
		password_dialog(ui);
		break;
	case UA_REDRAW:
		clearok(curscr, TRUE);
		break;
	case UA_MENU:
		if (ui->tab >= 0)
			switch_tab(ui, menu_pick(ui));
		break;
	case UA_NEXT_TAB: case UA_RIGHT:
		if (on_main_screen(ui))
			switch_tab(ui, menu_step(ui, ui->tab, 1));
		break;
	case UA_PREV_TAB: case UA_LEFT:
		if (on_main_screen(ui))
			switch_tab(ui, menu_step(ui, ui->tab, -1));
		break;
	default:
		break;
	}
}

/* Removes the screens closed during this key and runs the pending tab
 * switch; the screen that comes back on top reloads. */
static void settle(struct ui *ui, struct screen *old_top)
{
	for (int i = ui->depth - 1; i >= 0; i--)
		if (ui->stack[i]->closing)
			pop_at(ui, i);
	if (ui->pending_tab >= 0) {
		int tab = ui->pending_tab;

		ui->pending_tab = -1;
		pop_all(ui);
		ui->tab = tab;
		ui_push(ui, menu_get(tab)->ops, NULL);
		old_top = NULL;
	}
	struct screen *top = ui_top(ui);

	if (top && top != old_top && !top->fresh && top->ops->resume)
		top->ops->resume(top);
	for (int i = 0; i < ui->depth; i++)
		ui->stack[i]->fresh = false;
}

static void run_key(struct ui *ui, int key)
{
	struct screen *top = ui_top(ui);
	struct ui_event ev;

	/* a user deactivated (or given other rights) while working here
	 * does nothing more with the old rights */
	if (ui->s->logged_in && !session_user_current(ui->s)) {
		ui->revoked = true;
		ui->quit = true;
		return;
	}
	ui_event_init(&ev, key, screen_actions(top));
	ui->msg[0] = '\0';
	if (term_too_small()) {
		if (ev.action == UA_QUIT)
			ui->quit = true;
		return;
	}
	if (!top || !top->ops->handle || top->ops->handle(top, &ev) == UI_PASS)
		handle_global(ui, &ev);
	settle(ui, top);
}

int ui_run(struct session *s, const char *login)
{
	struct ui ui = { .s = s, .tab = -1, .pending_tab = -1 };
	char err[256];

	if (!term_init(err, sizeof err)) {
		fprintf(stderr, "knudepunkt: %s\n", err);
		return 1;
	}
	ui_lock_arm(&ui);
	if (s->logged_in)
		ui_open_tab(&ui, menu_start(&ui));
	else if (auth_is_demo(s))
		ui_push(&ui, &screen_user_picker, NULL);
	else
		ui_push(&ui, &screen_login, (void *)login);
	settle(&ui, NULL);
	while (!ui.quit && ui.depth > 0) {
		int key = ui_modal_key(&ui, NULL, NULL);

		if (key == TERM_KEY_EOF)
			break;
		run_key(&ui, key);
	}
	pop_all(&ui);
	term_finish();
	if (ui.revoked) {
		fprintf(stderr, "knudepunkt: %s\n", session_message(s));
		return 1;
	}
	return 0;
}
