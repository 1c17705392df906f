/* A small centred box over the current screen. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/i18n.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIRM_WIDTH 60

/* Breaks text at spaces into lines of at most w columns (a longer word
 * is cut when drawn); returns the count, at most max. */
static int wrap(const char *text, int w, char lines[][256], int max)
{
	int n = 0;
	const char *p = text;

	while (*p && n < max) {
		const char *end = p, *cut = NULL;

		while (*end) {
			const char *next = strchr(end + 1, ' ');
			size_t len = next ? (size_t)(next - p) : strlen(p);
			char part[256];

			snprintf(part, sizeof part, "%.*s", (int)len, p);
			if ((int)text_width(part) > w && cut)
				break;
			cut = next ? next : p + strlen(p);
			if (!next)
				break;
			end = next;
		}
		if (!cut)
			cut = p + strlen(p);
		snprintf(lines[n++], 256, "%.*s", (int)(cut - p), p);
		p = *cut ? cut + 1 : cut;
	}
	return n;
}

static void draw_confirm(void *ctx)
{
	const char *text = ctx;
	char lines[6][256];
	int n = wrap(text, CONFIRM_WIDTH, lines, 6), w = 24;

	for (int i = 0; i < n; i++)
		if ((int)text_width(lines[i]) + 4 > w)
			w = (int)text_width(lines[i]) + 4;
	struct ui_rect r = draw_center_rect(n + 2, w);

	draw_box(&r, NULL, UC_DIALOG);
	for (int i = 0; i < n; i++)
		draw_text(r.y + 1 + i, r.x + 2, r.w - 4, lines[i], UC_LABEL, false);
}

bool ui_confirm(struct ui *ui, const char *question)
{
	/* TRANSLATORS: the answer keys of a yes/no question, default no */
	char *text = xasprintf("%s %s", question, _("(y/N)"));
	int key = ui_modal_key(ui, draw_confirm, text);

	free(text);
	return keymap_lookup(key, (const enum ui_action[]){ UA_YES, UA_NONE }) == UA_YES;
}
