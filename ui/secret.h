/* Reading secrets in the screens: key by key into locked memory, never
 * drawn (not even as stars), wiped after use. Used by the login screen
 * (ui/screen_login.c) and the password dialog. */
#ifndef KP_UI_SECRET_H
#define KP_UI_SECRET_H

#include <stdbool.h>

struct ui;
struct ui_event;

struct secret {
	char *buf;                /* sodium_malloc'ed, NUL-terminated */
	unsigned long len, cap;
};

void secret_init(struct secret *sec);
void secret_clear(struct secret *sec);       /* wipes, keeps the buffer */
void secret_finish(struct secret *sec);      /* wipes and frees */
/* Printable text appends, Backspace removes a character, C-u clears; true
 * when the key was used. */
bool secret_key(struct secret *sec, const struct ui_event *ev);

/* Asks for a secret in the status line after label; the typed characters
 * are not shown. A copy the caller wipes with secret_free_copy, or NULL
 * on Esc. */
char *secret_prompt(struct ui *ui, const char *label);
void secret_free_copy(char *copy);

/* The password dialog (C-p on every screen): the current password (when
 * the user has one), the new one twice; the rules are in src/auth.c. */
void password_dialog(struct ui *ui);

#endif
