/* Drawing through text_fit. */
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/text.h"

#include <curses.h>
#include <stdlib.h>

int draw_text_attr(int y, int x, int w, const char *s, int attr, bool pad)
{
	char *fit;
	int used;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	fit = text_fit(s ? s : "", (size_t)w, pad);
	used = (int)text_width(fit);
	attron(attr);
	mvaddstr(y, x, fit);
	attroff(attr);
	free(fit);
	return used;
}

int draw_text(int y, int x, int w, const char *s, enum ui_color c, bool pad)
{
	return draw_text_attr(y, x, w, s, term_attr(c), pad);
}

void draw_fill(int y, int x, int w, enum ui_color c)
{
	draw_text(y, x, w, "", c, true);
}

/* Box pieces as text, so they pass through text_fit like everything
 * else and read back the same in screen dumps. */
static void box_row(int y, int x, int w, const char *left, const char *mid, const char *right,
		    enum ui_color c)
{
	draw_text(y, x, 1, left, c, false);
	for (int i = 1; i < w - 1; i++)
		draw_text(y, x + i, 1, mid, c, false);
	draw_text(y, x + w - 1, 1, right, c, false);
}

void draw_box(const struct ui_rect *r, const char *title, enum ui_color c)
{
	bool a = text_ascii_only;

	box_row(r->y, r->x, r->w, a ? "+" : "\u250c", a ? "-" : "\u2500", a ? "+" : "\u2510", c);
	for (int y = r->y + 1; y < r->y + r->h - 1; y++)
		box_row(y, r->x, r->w, a ? "|" : "\u2502", " ", a ? "|" : "\u2502", c);
	box_row(r->y + r->h - 1, r->x, r->w, a ? "+" : "\u2514", a ? "-" : "\u2500",
		a ? "+" : "\u2518", c);
	if (title && *title) {
		draw_text(r->y, r->x + 2, 1, " ", c, false);
		int used = draw_text(r->y, r->x + 3, r->w - 6, title, UC_TITLE, false);
		draw_text(r->y, r->x + 3 + used, 1, " ", c, false);
	}
}

struct ui_rect draw_center_rect(int h, int w)
{
	struct ui_rect r;

	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	r.w = w;
	r.h = h;
	r.y = (LINES - h) / 2;
	r.x = (COLS - w) / 2;
	return r;
}

int draw_title(const struct ui_rect *area, const char *title)
{
	draw_text(area->y, area->x + 1, area->w - 2, title, UC_TITLE, false);
	return 1;
}

void draw_pair(int y, int x, int w, int label_w, const char *label, const char *value)
{
	if (label_w > w)
		label_w = w;
	draw_text(y, x, label_w, label, UC_LABEL, true);
	draw_text(y, x + label_w + 1, w - label_w - 1, value, UC_NORMAL, false);
}
