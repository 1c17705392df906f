/* The status line (last row): the current message, else the key hints of
 * the top screen, generated from its actions in the keymap. */
#ifndef KP_UI_STATUSLINE_H
#define KP_UI_STATUSLINE_H

struct ui;

void statusline_draw(struct ui *ui, int y, int w);

#endif
