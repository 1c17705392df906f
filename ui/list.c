/* Invariant: 0 <= cur < n (or cur = 0 when empty) and top <= cur <
 * top + height after every draw. */
#include "ui/list.h"
#include "ui/draw.h"
#include "ui/prompt.h"
#include "src/i18n.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

void list_init(struct list *l, const struct list_ops *ops, void *ctx,
	       const struct list_column *cols, int ncols)
{
	memset(l, 0, sizeof *l);
	l->ops = ops;
	l->ctx = ctx;
	l->cols = cols;
	l->ncols = ncols;
	l->height = 1;
}

static void free_rows(struct list *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->rows[i]);
	free(l->rows);
	l->rows = NULL;
}

void list_finish(struct list *l)
{
	free_rows(l);
	free(l->query);
	l->query = NULL;
	l->n = 0;
}

void list_reload(struct list *l, int n)
{
	free_rows(l);
	l->n = n > 0 ? n : 0;
	l->rows = xcalloc((size_t)l->n + 1, sizeof *l->rows);
	for (int i = 0; i < l->n && !l->lazy; i++)
		l->rows[i] = l->ops->row_text(l->ctx, i);
	list_set_cursor(l, l->cur);
}

/* Row i's display string, built on first use in a lazy list. */
static const char *row_at(struct list *l, int i)
{
	if (!l->rows[i])
		l->rows[i] = l->ops->row_text(l->ctx, i);
	return l->rows[i];
}

void list_set_cursor(struct list *l, int i)
{
	if (i >= l->n)
		i = l->n - 1;
	if (i < 0)
		i = 0;
	l->cur = i;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + l->height)
		l->top = l->cur - l->height + 1;
	if (l->top < 0)
		l->top = 0;
}

/* Column widths for total w: fixed ones as given, the flexible one
 * takes the rest (one space between columns). */
static void column_widths(const struct list *l, int w, int *out)
{
	int fixed = 0, flex = -1;

	for (int c = 0; c < l->ncols; c++) {
		out[c] = l->cols[c].width;
		fixed += out[c] + (c ? 1 : 0);
		if (out[c] == 0 && flex < 0)
			flex = c;
	}
	if (flex >= 0)
		out[flex] = w - fixed > 4 ? w - fixed : 4;
}

static void draw_row(const struct list *l, int y, int x, int w, const char *text,
		     const int *widths, enum ui_color color)
{
	const char *p = text;
	int cx = x;

	draw_fill(y, x, w, color);
	for (int c = 0; c < l->ncols && p && cx < x + w; c++) {
		const char *tab = strchr(p, '\t');
		char *cell = tab ? xstrndup(p, (size_t)(tab - p)) : xstrdup(p);
		int cw = widths[c] < x + w - cx ? widths[c] : x + w - cx;

		draw_text(y, cx, cw, cell, color, true);
		free(cell);
		cx += widths[c] + 1;
		p = tab ? tab + 1 : NULL;
	}
}

void list_draw(struct list *l, const struct ui_rect *r, bool focus)
{
	int widths[16], y = r->y;
	bool header = l->ncols > 0 && l->cols[0].title;

	column_widths(l, r->w - 2, widths);
	if (header) {
		struct strbuf h = STRBUF_INIT;

		strbuf_addstr(&h, "");
		for (int c = 0; c < l->ncols; c++)
			strbuf_addf(&h, "%s%s", c ? "\t" : "", l->cols[c].title ? _(l->cols[c].title) : "");
		draw_row(l, y++, r->x + 1, r->w - 2, strbuf_str(&h), widths, UC_HEADER);
		strbuf_finish(&h);
	}
	l->height = r->h - (y - r->y);
	if (l->height < 1)
		l->height = 1;
	list_set_cursor(l, l->cur);
	if (l->n == 0 && l->empty)
		draw_text(y, r->x + 1, r->w - 2, l->empty, UC_DIM, false);
	for (int i = 0; i < l->height && l->top + i < l->n; i++) {
		int row = l->top + i;
		enum ui_color color = row == l->cur && focus ? UC_CURSOR : UC_NORMAL;
		draw_row(l, y + i, r->x + 1, r->w - 2, row_at(l, row), widths, color);
	}
	if (l->n > l->height) {
		char pos[32];

		snprintf(pos, sizeof pos, " %d/%d ", l->cur + 1, l->n);
		draw_text(r->y + r->h - 1, r->x + r->w - (int)strlen(pos) - 1, (int)strlen(pos), pos,
			  UC_DIM, false);
	}
}

static bool default_match(struct list *l, int i, const char *query)
{
	return strcasestr(row_at(l, i), query) != NULL;
}

bool list_search(struct list *l, const char *query, int dir)
{
	if (!query || !*query || l->n == 0)
		return false;
	for (int k = 1; k <= l->n; k++) {
		int i = ((l->cur + dir * k) % l->n + l->n) % l->n;
		bool hit = l->ops->match ? l->ops->match(l->ctx, i, query)
					 : default_match(l, i, query);

		if (hit) {
			list_set_cursor(l, i);
			return true;
		}
	}
	return false;
}

static void search_again(struct list *l, struct ui *ui, int dir)
{
	if (!l->query) {
		ui_info(ui, "%s", _("no search yet: press /"));
		return;
	}
	if (!list_search(l, l->query, dir))
		ui_error(ui, _("no match for \"%s\""), l->query);
}

static enum ui_result navigate(struct list *l, struct ui *ui, enum ui_action a)
{
	switch (a) {
	case UA_UP: list_set_cursor(l, l->cur - 1); return UI_DONE;
	case UA_DOWN: list_set_cursor(l, l->cur + 1); return UI_DONE;
	case UA_PAGE_UP: list_set_cursor(l, l->cur - l->height); return UI_DONE;
	case UA_PAGE_DOWN: list_set_cursor(l, l->cur + l->height); return UI_DONE;
	case UA_FIRST: list_set_cursor(l, 0); return UI_DONE;
	case UA_LAST: list_set_cursor(l, l->n - 1); return UI_DONE;
	case UA_SEARCH_NEXT: search_again(l, ui, 1); return UI_DONE;
	case UA_SEARCH_PREV: search_again(l, ui, -1); return UI_DONE;
	default: return UI_PASS;
	}
}

enum ui_result list_handle(struct list *l, struct ui *ui, const struct ui_event *ev)
{
	if (navigate(l, ui, ev->action) == UI_DONE)
		return UI_DONE;
	if (ev->action == UA_SEARCH) {
		/* an empty answer searches for the last text again */
		char *q = prompt_line(ui, _("Search: "), "");

		if (q && !*q && l->query) {
			free(q);
			q = xstrdup(l->query);
		}
		if (q && *q) {
			free(l->query);
			l->query = q;
			l->cur--;
			if (!list_search(l, q, 1)) {
				l->cur++;
				ui_error(ui, _("no match for \"%s\""), q);
			}
		} else {
			free(q);
		}
		return UI_DONE;
	}
	if (l->ops->key)
		return l->ops->key(l->ctx, l->n ? l->cur : -1, ev);
	return UI_PASS;
}
