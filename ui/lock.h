/* The idle lock: after auth_idle_seconds without a key the screen is
 * blanked. A user with a password gets back in only with it (the same
 * rules as a login: delay, lock after repeated failures); a user without
 * one (an operating-system account's own user) cannot prove anything at a
 * forgotten terminal, so the program ends. */
#ifndef KP_UI_LOCK_H
#define KP_UI_LOCK_H

#include <stdbool.h>

struct ui;

/* Shows the lock; true when the user is back, false to end the program. */
bool ui_lock(struct ui *ui);
/* Starts the idle timer for the logged-in user (ui_run calls it). */
void ui_lock_arm(struct ui *ui);

#endif
