/* The generic list: rows of columns with a cursor, scrolling, and '/'
 * search with n / N. The owner keeps the records; the list asks for each
 * row's text through a callback and keeps a copy of it (the display
 * string), so the records are only borrowed while the list is built. */
#ifndef KP_UI_LIST_H
#define KP_UI_LIST_H

#include "ui/screen.h"

#include <stdbool.h>

struct list_column {
	const char *title;        /* N_() text, or NULL */
	int width;                /* display columns; 0: takes the rest */
};

struct list_ops {
	/* The text of row i, columns separated by '\t'. Caller (the list)
	 * frees. Required. */
	char *(*row_text)(void *ctx, int i);
	/* Optional: does row i match the search text? Default: the row text
	 * contains it, ignoring case. */
	bool (*match)(void *ctx, int i, const char *query);
	/* Optional: a key the list did not use, for row i (-1: no rows). */
	enum ui_result (*key)(void *ctx, int i, const struct ui_event *ev);
};

struct list {
	const struct list_ops *ops;
	void *ctx;
	const struct list_column *cols;
	int ncols;
	char **rows;              /* display strings, owned */
	int n, cur, top, height;
	char *query;              /* last search */
	const char *empty;        /* shown when n == 0 (borrowed) */
	/* Set before the first list_reload: a row's text is asked for when
	 * the row is first drawn or searched, not for every row at reload
	 * (long lists whose rows are dear to complete); the records must
	 * then live as long as the list. */
	bool lazy;
};

void list_init(struct list *l, const struct list_ops *ops, void *ctx,
	       const struct list_column *cols, int ncols);
void list_finish(struct list *l);
/* Rebuilds the n rows from the callbacks; keeps the cursor in range. */
void list_reload(struct list *l, int n);
/* Draws into r (a header line first when the columns have titles). */
void list_draw(struct list *l, const struct ui_rect *r, bool focus);
/* Navigation and search keys; then the key callback. */
enum ui_result list_handle(struct list *l, struct ui *ui, const struct ui_event *ev);
/* Searches from the row after the cursor (dir +1) or before it (-1). */
bool list_search(struct list *l, const char *query, int dir);
void list_set_cursor(struct list *l, int i);

#endif
