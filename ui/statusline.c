/* Hints are "key label" pairs, the screen's own actions first, then back
 * and help; what does not fit is left out whole, never cut. */
#include "ui/statusline.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "src/text.h"

#include <stdlib.h>

/* The columns "key label  " of a hint takes (0 when it has no hint). */
static int hint_width(enum ui_action a)
{
	const char *hint = keymap_hint(a);
	char *keys;
	int w;

	if (!hint)
		return 0;
	keys = keymap_keys_label(a, 1);
	w = (int)(text_width(keys) + 1 + text_width(hint) + 2);
	free(keys);
	return w;
}

/* Draws one hint at x if it ends before limit; returns the new x. */
static int draw_hint(int y, int x, int limit, enum ui_action a)
{
	const char *hint = keymap_hint(a);
	char *keys;

	if (!hint || x + hint_width(a) > limit)
		return x;
	keys = keymap_keys_label(a, 1);
	x += draw_text(y, x, limit - x, keys, UC_HINT_KEY, false);
	x += draw_text(y, x, 1, " ", UC_HINT, false);
	x += draw_text(y, x, limit - x, hint, UC_HINT, false);
	x += draw_text(y, x, 2, "  ", UC_HINT, false);
	free(keys);
	return x;
}

void statusline_draw(struct ui *ui, int y, int w)
{
	struct screen *top = ui_top(ui);
	enum ui_action back = ui->depth > 1 || ui->tab < 0 ? UA_CLOSE : UA_QUIT;
	int reserved = hint_width(back) + hint_width(UA_HELP);
	int x = 0;

	if (ui->msg[0]) {
		draw_text(y, 0, w, ui->msg, ui->msg_error ? UC_ERROR : UC_INFO, true);
		return;
	}
	draw_fill(y, 0, w, UC_HINT);
	if (top && top->ops->typing)
		return;              /* '?' or 'Q' would only be typed */
	/* the screen's own keys first, leaving room for back and help */
	for (const enum ui_action *a = screen_actions(top); a && *a; a++)
		x = draw_hint(y, x, w - reserved, *a);
	x = draw_hint(y, x, w, back);
	draw_hint(y, x, w, UA_HELP);
}
