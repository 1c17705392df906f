/* The prompt draws over the status line after the stack is drawn. */
#include "ui/prompt.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/screen.h"
#include "src/text.h"

#include <curses.h>

struct prompt {
	struct ui *ui;
	const char *label;
	struct lineedit ed;
};

static void draw_prompt(void *ctx)
{
	struct prompt *p = ctx;
	int y = LINES - 1;
	int x = draw_text(y, 0, COLS / 2, p->label, UC_LABEL, false);

	lineedit_draw(&p->ed, p->ui, y, x, COLS - x - 1, term_attr(UC_NORMAL), true);
}

char *prompt_line(struct ui *ui, const char *label, const char *initial)
{
	struct prompt p = { .ui = ui, .label = label };
	char *result = NULL;

	lineedit_init(&p.ed, initial, 500);
	for (;;) {
		int key = ui_modal_key(ui, draw_prompt, &p);
		struct ui_event ev;

		if (key == TERM_KEY_EOF || key == K_ESC)
			break;
		if (key == '\r' || key == '\n' || key == K_FN(KEY_ENTER)) {
			result = lineedit_text(&p.ed);
			break;
		}
		ui_event_init(&ev, key, NULL);
		lineedit_key(&p.ed, &ev);
	}
	lineedit_finish(&p.ed);
	return result;
}
