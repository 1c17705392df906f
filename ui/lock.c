/* The idle lock (lock.h). The password is read key by key and never
 * drawn; the buffer is wiped after use. */
#include "ui/lock.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/term.h"
#include "src/auth.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <curses.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

void ui_lock_arm(struct ui *ui)
{
	term_set_idle(ui->s->logged_in ? auth_idle_seconds(ui->s) : 0);
}

static void draw_lock(struct ui *ui, const char *msg)
{
	int y = LINES / 2 - 2, w = COLS > 5 ? COLS - 5 : 1;

	erase();
	draw_text(y, 4, w, _("Knudepunkt is locked"), UC_TITLE, false);
	draw_text(y + 1, 4, w, ui->s->user.name, UC_NORMAL, false);
	int x = draw_text(y + 3, 4, w, _("Password (Enter to unlock, Esc to quit): "), UC_LABEL, false);
	if (msg)
		draw_text(y + 5, 4, w, msg, UC_ERROR, false);
	move(y + 3, 4 + x < COLS ? 4 + x : COLS - 1);   /* the cursor; nothing typed is drawn */
	refresh();
}

/* Reads a password without echo; NULL on Esc or end of input. */
static char *read_secret(struct ui *ui, const char *msg)
{
	size_t cap = AUTH_MAX_LENGTH + MB_LEN_MAX + 1, len = 0;
	char *buf;

	if (sodium_init() < 0 || !(buf = sodium_malloc(cap)))
		die("out of memory");
	draw_lock(ui, msg);
	for (;;) {
		int key = term_getkey();
		if (key == TERM_KEY_EOF || key == K_ESC) {
			sodium_free(buf);
			return NULL;
		}
		if (key == TERM_KEY_RESIZE) {
			draw_lock(ui, msg);
			continue;
		}
		if (key == '\n' || key == '\r' || key == K_FN(KEY_ENTER))
			break;
		if (key == K_FN(KEY_BACKSPACE) || key == 0x7f || key == '\b') {
			while (len > 0 && ((unsigned char)buf[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0)
				len--;
			continue;
		}
		if (key < 0x20 || key >= 0x110000 || key >= K_FN(0))
			continue;
		char mb[MB_LEN_MAX];
		mbstate_t st = { 0 };
		size_t n = wcrtomb(mb, (wchar_t)key, &st);
		if (n != (size_t)-1 && len + n < cap) {
			memcpy(buf + len, mb, n);
			len += n;
		}
	}
	buf[len] = '\0';
	char *out = xstrdup(buf);
	sodium_memzero(buf, cap);
	sodium_free(buf);
	return out;
}

bool ui_lock(struct ui *ui)
{
	struct session *s = ui->s;
	const char *msg = NULL;
	bool back = false;

	if (!s->logged_in || !auth_has_password(s, s->user.id))
		return false;
	term_set_idle(0);
	for (;;) {
		char *pw = read_secret(ui, msg);
		int delay = 0;
		if (!pw)
			break;
		char *login = xstrdup(s->user.login);
		enum kp_status st = auth_login_password(s, login, pw, &delay);
		sodium_memzero(pw, strlen(pw));
		free(pw);
		free(login);
		if (st == KP_OK) {
			back = true;
			break;
		}
		msg = session_message(s);
		draw_lock(ui, msg);
		if (delay > 0)
			sleep((unsigned)delay);
	}
	ui_lock_arm(ui);
	return back;
}
