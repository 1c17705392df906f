/* Both pick dialogs are a list widget in a box. */
#include "ui/pick.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/screen.h"
#include "src/i18n.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct pick {
	const char *title;
	const struct pick_item *items;
	bool *checked;            /* NULL for pick_one */
	struct list list;
};

static char *pick_row(void *ctx, int i)
{
	struct pick *p = ctx;

	if (p->checked)
		return xasprintf("%s %s", p->checked[i] ? "[x]" : "[ ]", p->items[i].label);
	return xstrdup(p->items[i].label);
}

static const struct list_ops pick_list_ops = { .row_text = pick_row };
static const struct list_column pick_column[] = { { NULL, 0 } };

static void draw_pick(void *ctx)
{
	struct pick *p = ctx;
	int w = 20;

	for (int i = 0; i < p->list.n; i++) {
		int rw = (int)text_width(p->list.rows[i]) + 4;

		if (rw > w)
			w = rw;
	}
	if ((int)text_width(p->title) + 8 > w)
		w = (int)text_width(p->title) + 8;
	struct ui_rect r = draw_center_rect(p->list.n + 2, w > 70 ? 70 : w);
	struct ui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };

	draw_box(&r, p->title, UC_DIALOG);
	list_draw(&p->list, &in, true);
}

static bool run(struct ui *ui, struct pick *p, int n)
{
	static const enum ui_action acts[] = { UA_TOGGLE, UA_NONE };

	list_reload(&p->list, n);
	for (;;) {
		int key = ui_modal_key(ui, draw_pick, p);
		struct ui_event ev;

		if (key == TERM_KEY_EOF)
			return false;
		ui_event_init(&ev, key, acts);
		if (ev.action == UA_CLOSE)
			return false;
		if (ev.action == UA_OPEN)
			return n > 0;
		if (ev.action == UA_TOGGLE && p->checked && n > 0) {
			p->checked[p->list.cur] = !p->checked[p->list.cur];
			list_reload(&p->list, n);
		} else if (ev.action == UA_TOGGLE && n > 0) {
			return true;
		} else {
			list_handle(&p->list, ui, &ev);
		}
	}
}

int pick_one(struct ui *ui, const char *title, const struct pick_item *items, int n, int cur)
{
	struct pick p = { .title = title, .items = items };
	int chosen;

	bool ok;

	list_init(&p.list, &pick_list_ops, &p, pick_column, 1);
	p.list.cur = cur;
	ok = run(ui, &p, n);

	chosen = ok ? p.list.cur : -1;
	list_finish(&p.list);
	return chosen;
}

bool pick_many(struct ui *ui, const char *title, const struct pick_item *items, int n,
	       bool *checked)
{
	bool *work = xcalloc((size_t)n + 1, sizeof *work);
	struct pick p = { .title = title, .items = items, .checked = work };
	bool ok;

	memcpy(work, checked, (size_t)n * sizeof *work);
	list_init(&p.list, &pick_list_ops, &p, pick_column, 1);
	ok = run(ui, &p, n);
	if (ok)
		memcpy(checked, work, (size_t)n * sizeof *work);
	list_finish(&p.list);
	free(work);
	return ok;
}
