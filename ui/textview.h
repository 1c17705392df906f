/* A read-only box of wrapped text (a journal entry in full); any key
 * but the scrolling ones closes it. */
#ifndef KP_UI_TEXTVIEW_H
#define KP_UI_TEXTVIEW_H

struct ui;

void textview_show(struct ui *ui, const char *title, const char *text);

#endif
