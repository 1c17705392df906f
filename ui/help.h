/* The help overlay (? or F1): the keys of the current screen and the
 * shared navigation keys, generated from the keymap. */
#ifndef KP_UI_HELP_H
#define KP_UI_HELP_H

struct screen;
struct ui;

void help_show(struct ui *ui, struct screen *scr);

#endif
