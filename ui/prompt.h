/* A one-line question in the status line, answered with the line editor:
 * Enter gives the text (caller frees), Esc gives NULL. */
#ifndef KP_UI_PROMPT_H
#define KP_UI_PROMPT_H

struct ui;

char *prompt_line(struct ui *ui, const char *label, const char *initial);

#endif
