/* Builds the help lines from the keymap and shows them in a scrolling box
 * until a key closes it. */
#include "ui/help.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/i18n.h"
#include "src/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct help_line {
	char *keys;             /* NULL for a heading or prose */
	const char *text;
	bool prose;             /* a line of the screen's about text */
};

#define ABOUT_LINES 12

struct help {
	struct help_line lines[UA_COUNT + 8 + ABOUT_LINES];
	char *about;            /* the translated about text, cut into lines */
	int n, top;
	const char *title;
};

static void add(struct help *h, char *keys, const char *text)
{
	h->lines[h->n].keys = keys;
	h->lines[h->n].text = text;
	h->n++;
}

static void add_action(struct help *h, enum ui_action a)
{
	add(h, keymap_keys_label(a, 4), keymap_help(a));
}

static void draw_help(void *ctx)
{
	struct help *h = ctx;
	struct ui_rect r = draw_center_rect(h->n + 2, 72);
	int rows = r.h - 2;

	if (h->top > h->n - rows)
		h->top = h->n - rows > 0 ? h->n - rows : 0;
	draw_box(&r, h->title, UC_DIALOG);
	for (int i = 0; i < rows && h->top + i < h->n; i++) {
		const struct help_line *l = &h->lines[h->top + i];
		int y = r.y + 1 + i;

		if (l->prose)
			draw_text(y, r.x + 2, r.w - 4, l->text, UC_NORMAL, false);
		else if (!l->keys)
			draw_text(y, r.x + 2, r.w - 4, l->text, UC_HEADER, false);
		else {
			draw_text(y, r.x + 2, 18, l->keys, UC_HINT_KEY, false);
			draw_text(y, r.x + 21, r.w - 23, l->text, UC_NORMAL, false);
		}
	}
}

void help_show(struct ui *ui, struct screen *scr)
{
	struct help h = { .n = 0, .top = 0 };

	const enum ui_action *acts = screen_actions(scr);

	h.title = _("Keys");
	if (acts && acts[0]) {
		add(&h, NULL, scr->ops->title ? _(scr->ops->title) : "");
		if (scr->ops->about) {
			h.about = xstrdup(_(scr->ops->about));
			for (char *line = h.about, *nl; line && h.n < ABOUT_LINES + 1; line = nl) {
				nl = strchr(line, '\n');
				if (nl)
					*nl++ = '\0';
				add(&h, NULL, line);
				h.lines[h.n - 1].prose = true;
			}
			add(&h, NULL, "");
		}
		for (const enum ui_action *a = acts; *a; a++)
			add_action(&h, *a);
		add(&h, NULL, "");
	}
	add(&h, NULL, _("Everywhere"));
	for (int a = UA_NONE + 1; a <= UA_NAV_LAST; a++)
		add_action(&h, (enum ui_action)a);
	add(&h, xstrdup("1-9, 0"), _("go to a main screen by its number"));
	for (;;) {
		int key = ui_modal_key(ui, draw_help, &h);
		enum ui_action a = keymap_lookup(key, NULL);

		if (a == UA_DOWN)
			h.top++;
		else if (a == UA_UP && h.top > 0)
			h.top--;
		else if (a == UA_PAGE_DOWN)
			h.top += 10;
		else if (a == UA_PAGE_UP)
			h.top = h.top > 10 ? h.top - 10 : 0;
		else
			break;
	}
	for (int i = 0; i < h.n; i++)
		free(h.lines[i].keys);
	free(h.about);
}
