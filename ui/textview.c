/* Wraps by display width at spaces (a word longer than the line is cut by
 * text_fit when drawn); newlines start a new line. */
#include "ui/textview.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct view {
	const char *title;
	const char *text;
	char **lines;
	int n, top, width;
};

static void free_lines(struct view *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->lines[i]);
	free(v->lines);
	v->lines = NULL;
	v->n = 0;
}

static void push_line(struct view *v, struct strbuf *sb)
{
	v->lines = xrealloc(v->lines, ((size_t)v->n + 1) * sizeof *v->lines);
	v->lines[v->n++] = strbuf_detach(sb);
}

static void wrap(struct view *v, int width)
{
	struct strbuf line = STRBUF_INIT;
	char *copy = xstrdup(v->text);

	free_lines(v);
	v->width = width;
	/* every '\n' ends a line, so empty lines stay */
	for (char *para = copy, *nl; para; para = nl ? nl + 1 : NULL) {
		char *wsave = NULL;

		nl = strchr(para, '\n');
		if (nl)
			*nl = '\0';
		strbuf_reset(&line);
		for (char *w = strtok_r(para, " ", &wsave); w; w = strtok_r(NULL, " ", &wsave)) {
			if (line.len && (int)(text_width(strbuf_str(&line)) + 1 + text_width(w)) > width)
				push_line(v, &line);
			if (line.len)
				strbuf_addch(&line, ' ');
			strbuf_addstr(&line, w);
		}
		push_line(v, &line);
	}
	strbuf_finish(&line);
	free(copy);
}

static void draw_view(void *ctx)
{
	struct view *v = ctx;
	int w = COLS - 8 > 100 ? 100 : COLS - 8;

	if (v->width != w - 4)
		wrap(v, w - 4);
	struct ui_rect r = draw_center_rect(v->n + 2 < LINES - 4 ? v->n + 2 : LINES - 4, w);

	if (v->top > v->n - (r.h - 2))
		v->top = v->n - (r.h - 2) > 0 ? v->n - (r.h - 2) : 0;
	draw_box(&r, v->title, UC_DIALOG);
	for (int i = 0; i < r.h - 2 && v->top + i < v->n; i++)
		draw_text(r.y + 1 + i, r.x + 2, r.w - 4, v->lines[v->top + i], UC_NORMAL, false);
}

void textview_show(struct ui *ui, const char *title, const char *text)
{
	struct view v = { .title = title, .text = text ? text : "" };

	for (;;) {
		int key = ui_modal_key(ui, draw_view, &v);
		enum ui_action a = keymap_lookup(key, NULL);

		if (a == UA_DOWN)
			v.top++;
		else if (a == UA_UP && v.top > 0)
			v.top--;
		else if (a == UA_PAGE_DOWN)
			v.top += 10;
		else if (a == UA_PAGE_UP)
			v.top = v.top > 10 ? v.top - 10 : 0;
		else
			break;
	}
	free_lines(&v);
}
