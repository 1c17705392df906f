/* The full-screen program. ui/ draws and reads keys; every rule is a call
 * into src/. */
#ifndef KP_UI_H
#define KP_UI_H

struct session;

/* Runs the screens until the user quits. If nobody is logged in, starts
 * with the user picker. Returns the process exit status. */
int ui_run(struct session *s);

#endif
