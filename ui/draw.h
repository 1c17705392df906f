/* Drawing helpers: every string reaches the terminal through text_fit
 * (sanitised, cut by display width), nothing else writes text. */
#ifndef KP_UI_DRAW_H
#define KP_UI_DRAW_H

#include "ui/term.h"

struct ui_rect;

/* Draws s at y, x in at most w columns (padded to w when pad) with the
 * colour c; returns the columns drawn. */
int draw_text(int y, int x, int w, const char *s, enum ui_color c, bool pad);
/* The same with extra curses attributes (A_BOLD...). */
int draw_text_attr(int y, int x, int w, const char *s, int attr, bool pad);
void draw_fill(int y, int x, int w, enum ui_color c);
/* A frame (ASCII when text_ascii_only) with an optional title; clears the
 * inside. */
void draw_box(const struct ui_rect *r, const char *title, enum ui_color c);
/* A centred box of at most w x h inside the screen; returns its rect. */
struct ui_rect draw_center_rect(int h, int w);
/* A screen's title in the first row of area; returns the rows used. */
int draw_title(const struct ui_rect *area, const char *title);
/* Draws "label: value" pairs: label in LABEL colour, value plain. */
void draw_pair(int y, int x, int w, int label_w, const char *label, const char *value);

#endif
