/* The login screen: shown at start outside a demo database when the
 * operating-system account does not prove who is at the keyboard (a
 * shared terminal account, or --user naming someone else). User and
 * password are asked here, in the screens, never on the terminal before
 * them; the password is never drawn. A failure says the same and takes
 * about as long whatever the reason (unknown user, wrong password, locked
 * account), and each failure of a known user lengthens the wait
 * (src/auth.c); the wait is kept here before the next try. Tab moves
 * between the fields (back to the user clears the password), Enter goes
 * on (and logs in from the password), Esc ends the program. After the
 * login the main menu opens. */
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/lock.h"
#include "ui/menu.h"
#include "ui/screens.h"
#include "ui/secret.h"
#include "src/auth.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct login {
	struct lineedit user;
	struct secret pw;
	bool on_password;
};

static bool lg_open(struct screen *scr, void *arg)
{
	struct login *l = xcalloc(1, sizeof *l);

	lineedit_init(&l->user, arg ? arg : "", 32);
	secret_init(&l->pw);
	l->on_password = arg && *(const char *)arg;
	scr->data = l;
	return true;
}

static void lg_draw(struct screen *scr, const struct ui_rect *area)
{
	struct login *l = scr->data;
	int w = area->w < 60 ? area->w - 2 : 58, lw = 12;
	int y = area->y + (area->h > 12 ? area->h / 2 - 4 : 1), x = (area->w - w) / 2;
	struct ui_rect box = { y, x, 8, w };

	draw_box(&box, _("Knudepunkt: log in"), UC_DIALOG);
	draw_text(y + 2, x + 2, lw, _("User"), UC_LABEL, false);
	lineedit_draw(&l->user, scr->ui, y + 2, x + 2 + lw, w - lw - 4,
		      term_attr(l->on_password ? UC_FIELD : UC_FIELD_CUR), !l->on_password);
	draw_text(y + 4, x + 2, lw, _("Password"), UC_LABEL, false);
	/* the password is never drawn, not even its length */
	draw_fill(y + 4, x + 2 + lw, w - lw - 4, l->on_password ? UC_FIELD_CUR : UC_FIELD);
	if (l->on_password)
		ui_set_cursor(scr->ui, y + 4, x + 2 + lw);
	draw_text(y + 6, x + 2, w - 4, _("Tab: next field  Enter: log in  Esc: quit"), UC_DIM, false);
}

static void try_login(struct screen *scr)
{
	struct login *l = scr->data;
	struct ui *ui = scr->ui;
	char *login = lineedit_text(&l->user);
	int delay = 1;

	enum kp_status st = auth_login_password(ui->s, login, l->pw.buf, &delay);
	secret_clear(&l->pw);
	free(login);
	if (st == KP_OK) {
		ui_lock_arm(ui);
		ui_info(ui, _("welcome, %s"), ui->s->user.name);
		ui_open_tab(ui, menu_start(ui));
		return;
	}
	ui_error(ui, "%s", session_message(ui->s));
	ui_draw(ui);
	if (delay > 0)
		sleep((unsigned)delay);   /* the message shows while we wait */
}

static enum ui_result lg_handle(struct screen *scr, const struct ui_event *ev)
{
	struct login *l = scr->data;
	int key = ev->key;

	if (key == K_ESC || key == K_CTRL('c'))
		return UI_PASS;          /* the framework ends the program */
	if (key == '\t' || key == K_FN(KEY_BTAB) || key == K_FN(KEY_DOWN) || key == K_FN(KEY_UP)) {
		l->on_password = !l->on_password;
		if (!l->on_password)
			secret_clear(&l->pw);   /* another user: the password again */
		return UI_DONE;
	}
	if (key == '\r' || key == '\n' || key == K_FN(KEY_ENTER)) {
		char *login = lineedit_text(&l->user);
		bool named = *login != '\0';

		free(login);
		if (!named)
			l->on_password = false;
		else if (!l->on_password)
			l->on_password = true;
		else
			try_login(scr);
		return UI_DONE;
	}
	if (l->on_password)
		secret_key(&l->pw, ev);
	else
		lineedit_key(&l->user, ev);
	return UI_DONE;              /* every other key is typing */
}

static void lg_close(struct screen *scr)
{
	struct login *l = scr->data;

	lineedit_finish(&l->user);
	secret_finish(&l->pw);
	free(l);
}

const struct screen_ops screen_login = {
	.name = "login",
	.title = N_("Log in"),
	.actions = (const enum ui_action[]){ UA_NONE },
	.open = lg_open,
	.draw = lg_draw,
	.handle = lg_handle,
	.close = lg_close,
	.typing = true,
};
