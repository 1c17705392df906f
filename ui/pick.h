/* Pick lists: choose one item, or tick several, from key/label pairs, in
 * a box over the current screen ('/' searches, n / N find again). */
#ifndef KP_UI_PICK_H
#define KP_UI_PICK_H

#include <stdbool.h>

struct ui;

struct pick_item {
	const char *key;          /* borrowed */
	const char *label;        /* borrowed */
};

/* The index chosen, or -1 when cancelled. */
int pick_one(struct ui *ui, const char *title, const struct pick_item *items, int n, int cur);
/* Space ticks and unticks, Enter accepts (true), Esc cancels (false and
 * checked unchanged). checked has n entries. */
bool pick_many(struct ui *ui, const char *title, const struct pick_item *items, int n,
	       bool *checked);

#endif
