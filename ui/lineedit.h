/* The one line editor: UTF-8 text edited as wide characters, the cursor
 * and scrolling measured in display columns. Used by forms and prompts. */
#ifndef KP_UI_LINEEDIT_H
#define KP_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct ui;
struct ui_event;

struct lineedit {
	wchar_t *buf;             /* owned, NUL-terminated */
	size_t len, cur, max;     /* in characters; max 0: no limit */
	int scroll;               /* first shown column */
};

void lineedit_init(struct lineedit *e, const char *text, size_t max_chars);
void lineedit_finish(struct lineedit *e);
void lineedit_set(struct lineedit *e, const char *text);
char *lineedit_text(const struct lineedit *e);      /* UTF-8, caller frees */
/* Editing keys (printable text, BS, Del, Left/Right, Home/End, C-a, C-e,
 * C-u, C-k, C-w); true when the key was used. */
bool lineedit_key(struct lineedit *e, const struct ui_event *ev);
/* Draws in w columns at y, x; with focus the cursor goes there. */
void lineedit_draw(struct lineedit *e, struct ui *ui, int y, int x, int w, int attr, bool focus);

#endif
