/* The full-screen program. ui/ draws and reads keys; every rule is a call
 * into src/. */
#ifndef KP_UI_H
#define KP_UI_H

struct session;

/* Runs the screens until the user quits. If nobody is logged in, starts
 * with the user picker (a demo database) or the login screen, with login
 * (may be NULL) filled in. Returns the process exit status. */
int ui_run(struct session *s, const char *login);

#endif
