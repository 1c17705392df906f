/* Secrets typed in the screens (secret.h). */
#include "ui/secret.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/auth.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <curses.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

void secret_init(struct secret *sec)
{
	if (sodium_init() < 0)
		die("libsodium cannot start");
	sec->cap = AUTH_MAX_LENGTH + MB_LEN_MAX + 1;
	sec->buf = sodium_malloc(sec->cap);
	if (!sec->buf)
		die("out of memory");
	sec->len = 0;
	sec->buf[0] = '\0';
}

void secret_clear(struct secret *sec)
{
	if (sec->buf)
		sodium_memzero(sec->buf, sec->cap);
	sec->len = 0;
}

void secret_finish(struct secret *sec)
{
	if (sec->buf) {
		sodium_memzero(sec->buf, sec->cap);
		sodium_free(sec->buf);
	}
	*sec = (struct secret){ 0 };
}

bool secret_key(struct secret *sec, const struct ui_event *ev)
{
	int key = ev->key;

	if (key == K_FN(KEY_BACKSPACE) || key == 0x7f || key == '\b') {
		while (sec->len > 0 && ((unsigned char)sec->buf[sec->len - 1] & 0xC0) == 0x80)
			sec->len--;
		if (sec->len > 0)
			sec->len--;
		sec->buf[sec->len] = '\0';
		return true;
	}
	if (key == K_CTRL('u')) {
		secret_clear(sec);
		return true;
	}
	if (!ev->text)
		return false;
	char mb[MB_LEN_MAX];
	mbstate_t st = { 0 };
	size_t n = wcrtomb(mb, (wchar_t)key, &st);
	if (n != (size_t)-1 && sec->len + n < sec->cap) {
		memcpy(sec->buf + sec->len, mb, n);
		sec->len += n;
		sec->buf[sec->len] = '\0';
	}
	return true;
}

struct prompt {
	struct ui *ui;
	const char *label;
};

static void draw_prompt(void *ctx)
{
	struct prompt *p = ctx;
	int y = LINES - 1;

	draw_fill(y, 0, COLS, UC_NORMAL);
	int x = draw_text(y, 0, COLS - 1, p->label, UC_LABEL, false);
	ui_set_cursor(p->ui, y, x < COLS ? x : COLS - 1);
}

char *secret_prompt(struct ui *ui, const char *label)
{
	struct prompt p = { ui, label };
	struct secret sec;
	char *copy = NULL;

	secret_init(&sec);
	for (;;) {
		int key = ui_modal_key(ui, draw_prompt, &p);
		struct ui_event ev;

		if (key == TERM_KEY_EOF || key == K_ESC)
			break;
		if (key == '\r' || key == '\n' || key == K_FN(KEY_ENTER)) {
			copy = xstrdup(sec.buf);
			break;
		}
		ui_event_init(&ev, key, NULL);
		secret_key(&sec, &ev);
	}
	secret_finish(&sec);
	return copy;
}

void secret_free_copy(char *copy)
{
	if (copy) {
		sodium_memzero(copy, strlen(copy));
		free(copy);
	}
}

void password_dialog(struct ui *ui)
{
	struct session *s = ui->s;
	char *old = NULL, *a = NULL, *b = NULL;

	if (!s->logged_in)
		return;
	bool has = auth_has_password(s, s->user.id);
	if (has && !(old = secret_prompt(ui, _("Current password: "))))
		goto out;
	if (!(a = secret_prompt(ui, _("New password (12 characters or more): "))) ||
	    !(b = secret_prompt(ui, _("New password again: "))))
		goto out;
	if (strcmp(a, b) != 0) {
		ui_error(ui, "%s", _("the two passwords differ; nothing was changed"));
		goto out;
	}
	enum kp_status st = has ? auth_change_password(s, old, a) : auth_set_password(s, s->user.id, a);
	if (st != KP_OK) {
		ui_fail(ui);
		if (st == KP_ERR_DENIED)
			sleep(1);        /* no fast guessing at an unattended screen */
	} else
		ui_info(ui, "%s", _("your password is changed"));
out:
	secret_free_copy(old);
	secret_free_copy(a);
	secret_free_copy(b);
}
