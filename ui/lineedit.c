/* Invariant: buf[len] == 0, cur <= len, and after a draw the cursor column
 * lies within [scroll, scroll + w). Each character is measured as drawn,
 * i.e. sanitised (a stored control character shows as an escape). */
#include "ui/lineedit.h"
#include "ui/draw.h"
#include "ui/keymap.h"
#include "ui/screen.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

void lineedit_init(struct lineedit *e, const char *text, size_t max_chars)
{
	memset(e, 0, sizeof *e);
	e->max = max_chars;
	lineedit_set(e, text);
}

void lineedit_finish(struct lineedit *e)
{
	free(e->buf);
	e->buf = NULL;
	e->len = e->cur = 0;
}

void lineedit_set(struct lineedit *e, const char *text)
{
	const char *p = text ? text : "";
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	free(e->buf);
	e->buf = xcalloc(strlen(p) + 1, sizeof *e->buf);
	n = mbsrtowcs(e->buf, &p, strlen(text ? text : "") + 1, &st);
	if (n == (size_t)-1) {
		/* invalid UTF-8: keep the valid prefix */
		n = wcslen(e->buf);
	}
	e->len = n;
	e->buf[n] = L'\0';
	e->cur = e->len;
	e->scroll = 0;
}

char *lineedit_text(const struct lineedit *e)
{
	struct strbuf sb = STRBUF_INIT;
	char mb[MB_LEN_MAX];
	mbstate_t st;

	memset(&st, 0, sizeof st);
	strbuf_addstr(&sb, "");
	for (size_t i = 0; i < e->len; i++) {
		size_t n = wcrtomb(mb, e->buf[i], &st);

		if (n != (size_t)-1)
			strbuf_add(&sb, mb, n);
	}
	return strbuf_detach(&sb);
}

static void insert(struct lineedit *e, wchar_t c)
{
	if (e->max && e->len >= e->max)
		return;
	e->buf = xrealloc(e->buf, (e->len + 2) * sizeof *e->buf);
	memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur + 1) * sizeof *e->buf);
	e->buf[e->cur++] = c;
	e->len++;
}

static void delete_range(struct lineedit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, (e->len - to + 1) * sizeof *e->buf);
	e->len -= to - from;
	e->cur = from;
}

static size_t word_start(const struct lineedit *e)
{
	size_t i = e->cur;

	while (i > 0 && iswspace((wint_t)e->buf[i - 1]))
		i--;
	while (i > 0 && !iswspace((wint_t)e->buf[i - 1]))
		i--;
	return i;
}

bool lineedit_key(struct lineedit *e, const struct ui_event *ev)
{
	int k = ev->key;

	if (ev->text) {
		insert(e, (wchar_t)k);
	} else if (k == K_FN(KEY_BACKSPACE) || k == 0x7f || k == K_CTRL('h')) {
		if (e->cur > 0)
			delete_range(e, e->cur - 1, e->cur);
	} else if (k == K_FN(KEY_DC) || k == K_CTRL('d')) {
		if (e->cur < e->len)
			delete_range(e, e->cur, e->cur + 1);
	} else if (k == K_FN(KEY_LEFT) || k == K_CTRL('b')) {
		if (e->cur > 0)
			e->cur--;
	} else if (k == K_FN(KEY_RIGHT)) {
		if (e->cur < e->len)
			e->cur++;
	} else if (k == K_FN(KEY_HOME) || k == K_CTRL('a')) {
		e->cur = 0;
	} else if (k == K_FN(KEY_END) || k == K_CTRL('e')) {
		e->cur = e->len;
	} else if (k == K_CTRL('u')) {
		delete_range(e, 0, e->cur);
	} else if (k == K_CTRL('k')) {
		e->buf[e->cur] = L'\0';
		e->len = e->cur;
	} else if (k == K_CTRL('w')) {
		delete_range(e, word_start(e), e->cur);
	} else {
		return false;
	}
	return true;
}

/* Display width of one character as it will be drawn. */
static int char_width(wchar_t c)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, c, &st);
	if (n == (size_t)-1)
		return 1;
	mb[n] = '\0';
	return (int)text_width(mb);
}

void lineedit_draw(struct lineedit *e, struct ui *ui, int y, int x, int w, int attr, bool focus)
{
	int col = 0, used = 0;
	struct lineedit view;

	if (w < 2)
		return;
	if (!focus) {
		/* at rest the text shows from its start, cut with an ellipsis */
		char *all = lineedit_text(e);

		draw_text_attr(y, x, w, all, attr, true);
		free(all);
		return;
	}
	for (size_t i = 0; i < e->cur; i++)
		col += char_width(e->buf[i]);
	if (col < e->scroll)
		e->scroll = col;
	if (col >= e->scroll + w)
		e->scroll = col - w + 1;
	/* the characters from the scroll column that fit in w */
	size_t first = 0;
	for (int c = 0; first < e->len && c + char_width(e->buf[first]) <= e->scroll; first++)
		c += char_width(e->buf[first]);
	size_t last = first;
	while (last < e->len && used + char_width(e->buf[last]) <= w)
		used += char_width(e->buf[last++]);
	view.buf = e->buf + first;
	view.len = last - first;
	char *text = lineedit_text(&view);

	draw_text_attr(y, x, w, text, attr, true);
	free(text);
	if (focus) {
		int cx = 0;

		for (size_t i = first; i < e->cur; i++)
			cx += char_width(e->buf[i]);
		ui_set_cursor(ui, y, x + cx);
	}
}
