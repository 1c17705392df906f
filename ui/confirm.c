/* A small centred box over the current screen. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/i18n.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdlib.h>

static void draw_confirm(void *ctx)
{
	const char *text = ctx;
	int w = (int)text_width(text) + 6;
	struct ui_rect r = draw_center_rect(3, w < 30 ? 30 : w);

	draw_box(&r, NULL, UC_DIALOG);
	draw_text(r.y + 1, r.x + 2, r.w - 4, text, UC_LABEL, false);
}

bool ui_confirm(struct ui *ui, const char *question)
{
	/* TRANSLATORS: the answer keys of a yes/no question, default no */
	char *text = xasprintf("%s %s", question, _("(y/N)"));
	int key = ui_modal_key(ui, draw_confirm, text);

	free(text);
	return keymap_lookup(key, (const enum ui_action[]){ UA_YES, UA_NONE }) == UA_YES;
}
