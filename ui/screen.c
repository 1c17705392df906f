/* The screen stack, status messages and the modal key loop. */
#include "ui/screen.h"
#include "ui/lock.h"
#include "ui/draw.h"
#include "ui/menu.h"
#include "ui/statusline.h"
#include "ui/term.h"
#include "ui/confirm.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

bool ui_push(struct ui *ui, const struct screen_ops *ops, void *arg)
{
	struct screen *scr;

	if (ui->depth >= (int)(sizeof ui->stack / sizeof ui->stack[0])) {
		ui_error(ui, "%s", _("too many screens open"));
		return false;
	}
	scr = xcalloc(1, sizeof *scr);
	scr->ops = ops;
	scr->ui = ui;
	scr->fresh = true;
	if (ops->open && !ops->open(scr, arg)) {
		free(scr);
		return false;
	}
	ui->stack[ui->depth++] = scr;
	return true;
}

void ui_close(struct screen *scr)
{
	scr->closing = true;
}

bool ui_close_ask(struct screen *scr)
{
	if (scr->ops->dirty && scr->ops->dirty(scr) &&
	    !ui_confirm(scr->ui, _("Leave without saving your changes?")))
		return false;
	ui_close(scr);
	return true;
}

void ui_open_tab(struct ui *ui, int i)
{
	ui->pending_tab = i;
}

struct screen *ui_top(struct ui *ui)
{
	return ui->depth > 0 ? ui->stack[ui->depth - 1] : NULL;
}

__attribute__((format(printf, 3, 0)))
static void set_msg(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	ui->msg_error = error;
}

void ui_info(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(ui, false, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(ui, true, fmt, ap);
	va_end(ap);
}

void ui_fail(struct ui *ui)
{
	const char *m = session_message(ui->s);

	ui_error(ui, "%s", m && *m ? m : _("the operation failed"));
}

struct ui_rect ui_content_area(void)
{
	struct ui_rect r = { 1, 0, LINES - 2, COLS };

	return r;
}

void ui_set_cursor(struct ui *ui, int y, int x)
{
	ui->cursor_y = y;
	ui->cursor_x = x;
}

static void draw_too_small(void)
{
	char buf[128];

	erase();
	snprintf(buf, sizeof buf, _("terminal too small: %dx%d, needs %dx%d"), COLS, LINES,
		 TERM_MIN_COLS, TERM_MIN_ROWS);
	draw_text(LINES / 2, 0, COLS, buf, UC_ERROR, false);
	if (LINES > 1)
		draw_text(LINES / 2 + 1, 0, COLS, _("Q quits"), UC_NORMAL, false);
}

void ui_draw(struct ui *ui)
{
	struct screen *top = ui_top(ui);
	struct ui_rect area = ui_content_area();

	ui->cursor_y = ui->cursor_x = -1;
	if (term_too_small()) {
		draw_too_small();
		curs_set(0);
		return;
	}
	erase();
	menu_draw_tabs(ui, 0, COLS);
	if (top && top->ops->draw)
		top->ops->draw(top, &area);
	statusline_draw(ui, LINES - 1, COLS);
}

static void place_cursor(struct ui *ui)
{
	if (ui->cursor_y >= 0 && !term_too_small()) {
		curs_set(1);
		move(ui->cursor_y, ui->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
}

/* After a resize the whole screen is repainted, so nothing stale stays. */
static void after_resize(struct ui *ui)
{
	struct ui_rect area = ui_content_area();

	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i]->ops->resize)
			ui->stack[i]->ops->resize(ui->stack[i], &area);
	clearok(curscr, TRUE);
}

int ui_modal_key(struct ui *ui, void (*draw)(void *ctx), void *ctx)
{
	for (;;) {
		int key;

		ui_draw(ui);
		if (draw && !term_too_small())
			draw(ctx);
		place_cursor(ui);
		key = term_getkey();
		if (key == TERM_KEY_IDLE) {
			/* idle: lock until the password is given (ui/lock.c) */
			if (!ui_lock(ui)) {
				ui->quit = true;
				term_end_input();
				return TERM_KEY_EOF;
			}
			clearok(curscr, TRUE);
			continue;
		}
		if (key == TERM_KEY_RESIZE) {
			after_resize(ui);
			continue;
		}
		if (key == K_CTRL('l')) {
			clearok(curscr, TRUE);
			continue;
		}
		return key;
	}
}

const enum ui_action *screen_actions(struct screen *scr)
{
	if (!scr)
		return NULL;
	return scr->ops->actions_now ? scr->ops->actions_now(scr) : scr->ops->actions;
}

void ui_event_init(struct ui_event *ev, int key, const enum ui_action *acts)
{
	ev->key = key;
	ev->action = keymap_lookup(key, acts);
	ev->text = key >= 0x20 && key < 0x200000 && key != 0x7f && iswprint((wint_t)key);
}
