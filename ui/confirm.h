/* The confirm dialog: "question (y/N)", default No — only y (or j in
 * Danish) answers yes; Enter, Esc and everything else answer no. */
#ifndef KP_UI_CONFIRM_H
#define KP_UI_CONFIRM_H

#include <stdbool.h>

struct ui;

bool ui_confirm(struct ui *ui, const char *question);

#endif
