/* The main menu: the top-level screens, shown as the tab bar in row 0 and
 * reached by their number (1-9, 0 for the tenth), Tab / S-Tab or h / l on a main screen, or
 * the menu dialog (m, F9). To add a main screen, add one row to the table
 * in ui/menu.c. */
#ifndef KP_UI_MENU_H
#define KP_UI_MENU_H

#include <stdbool.h>

struct screen_ops;
struct session;
struct ui;

struct menu_entry {
	const char *label;                       /* N_() text, short */
	const struct screen_ops *ops;            /* opened with arg NULL */
	/* optional: whether the acting user sees the tab (ask src/access.h) */
	bool (*visible)(const struct session *s);
};

int menu_count(void);
const struct menu_entry *menu_get(int i);
bool menu_visible(struct ui *ui, int i);
/* The next visible entry from i in direction dir (+1/-1), wrapping. */
int menu_step(struct ui *ui, int i, int dir);
/* The tab a session starts on: the referral follow-ups when some are due
 * (a consultant's start screen), else the first visible entry. */
int menu_start(struct ui *ui);
void menu_draw_tabs(struct ui *ui, int y, int w);
/* The main menu as a dialog; the chosen entry, or -1. */
int menu_pick(struct ui *ui);

#endif
