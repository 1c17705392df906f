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

void draw_box(const struct ui_rect *r, const char *title, enum ui_color c)
{
	int attr = term_attr(c);

	for (int y = r->y; y < r->y + r->h; y++)
		draw_fill(y, r->x, r->w, c);
	attron(attr);
	if (text_ascii_only) {
		mvhline(r->y, r->x, '-', r->w);
		mvhline(r->y + r->h - 1, r->x, '-', r->w);
		mvvline(r->y, r->x, '|', r->h);
		mvvline(r->y, r->x + r->w - 1, '|', r->h);
		mvaddch(r->y, r->x, '+');
		mvaddch(r->y, r->x + r->w - 1, '+');
		mvaddch(r->y + r->h - 1, r->x, '+');
		mvaddch(r->y + r->h - 1, r->x + r->w - 1, '+');
	} else {
		mvhline(r->y, r->x, ACS_HLINE, r->w);
		mvhline(r->y + r->h - 1, r->x, ACS_HLINE, r->w);
		mvvline(r->y, r->x, ACS_VLINE, r->h);
		mvvline(r->y, r->x + r->w - 1, ACS_VLINE, r->h);
		mvaddch(r->y, r->x, ACS_ULCORNER);
		mvaddch(r->y, r->x + r->w - 1, ACS_URCORNER);
		mvaddch(r->y + r->h - 1, r->x, ACS_LLCORNER);
		mvaddch(r->y + r->h - 1, r->x + r->w - 1, ACS_LRCORNER);
	}
	attroff(attr);
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
