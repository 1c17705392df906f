/* Screens and the screen stack. A screen is a struct screen_ops (filled
 * with designated initialisers, one file ui/screen_*.c each) plus its own
 * data. The framework draws the tab bar (row 0), the top screen (rows 1 to
 * LINES-2) and the status line (last row), reads a key, maps it to an
 * action and hands it to the top screen; what the screen passes on, the
 * framework handles (close, quit, help, redraw, tabs). Dialogs (confirm,
 * pick, prompt, help) are modal: they run their own key loop over the
 * drawn stack and return the answer. */
#ifndef KP_UI_SCREEN_H
#define KP_UI_SCREEN_H

#include "ui/keymap.h"

#include <stdbool.h>

struct session;
struct screen;

struct ui_rect {
	int y, x, h, w;
};

struct ui_event {
	int key;                  /* K_FN(...) or a code point */
	enum ui_action action;    /* per the top screen's actions, or UA_NONE */
	bool text;                /* a printable character, for editors */
};

enum ui_result {
	UI_PASS = 0,              /* not handled: the framework may act on it */
	UI_DONE = 1,
};

struct screen_ops {
	const char *name;                   /* for the help title and logs */
	const char *title;                  /* N_() text */
	const enum ui_action *actions;      /* UA_NONE-terminated: hinted, in help */
	/* optional: the actions that work now, when that is fewer than
	 * `actions` (an import's options once it has run). The status line,
	 * the help and the key lookup use these instead; UA_NONE-terminated. */
	const enum ui_action *(*actions_now)(struct screen *scr);
	/* Sets scr->data from arg. On false the screen is not shown; put the
	 * reason in the status line (ui_error / ui_fail). */
	bool (*open)(struct screen *scr, void *arg);
	void (*draw)(struct screen *scr, const struct ui_rect *area);
	enum ui_result (*handle)(struct screen *scr, const struct ui_event *ev);
	void (*resize)(struct screen *scr, const struct ui_rect *area);   /* optional */
	void (*close)(struct screen *scr);  /* frees scr->data */
	void (*resume)(struct screen *scr); /* optional: on top again; reload */
	bool (*dirty)(struct screen *scr);  /* optional: unsaved edits (asks first) */
	/* optional: what the screen is for, shown above its keys in the help
	 * (N_() text; '\n' breaks lines, each at most 66 columns) */
	const char *about;
	/* every printable key is typed into a field (the login screen): the
	 * status line shows no key hints, the screen names its own keys */
	bool typing;
};

struct ui {
	struct session *s;
	struct screen *stack[32];
	int depth;
	bool quit;
	int tab;                  /* current main-menu entry, -1 before login */
	int pending_tab;          /* switch after the current key, or -1 */
	char msg[512];
	bool msg_error;
	int cursor_y, cursor_x;   /* where to show the cursor; -1: hidden */
	bool revoked;             /* the user was deactivated or its rights changed */
};

struct screen {
	const struct screen_ops *ops;
	void *data;
	struct ui *ui;
	bool closing;
	bool fresh;               /* pushed during the current key */
};

/* Opens a screen on top (ops->open runs at once). False if open failed. */
bool ui_push(struct ui *ui, const struct screen_ops *ops, void *arg);
/* Closes scr once the current key is handled (no question asked). */
void ui_close(struct screen *scr);
/* Closes scr, asking first if it has unsaved edits; false if kept. */
bool ui_close_ask(struct screen *scr);
/* Replaces the whole stack with main-menu entry i after the current key. */
void ui_open_tab(struct ui *ui, int i);

/* Status-line messages, shown until the next key. */
void ui_info(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows the session's last failure (session_message) as an error. */
void ui_fail(struct ui *ui);

/* Draws the stack, tab bar and status line (modal dialogs draw over it). */
void ui_draw(struct ui *ui);
/* Shows the cursor at y, x after this draw (editors call it). */
void ui_set_cursor(struct ui *ui, int y, int x);
/* For modal dialogs: draws the stack, then draw(ctx), then reads a key.
 * Handles resize and C-l itself. Returns the key, TERM_KEY_EOF at the end
 * of a key script. */
int ui_modal_key(struct ui *ui, void (*draw)(void *ctx), void *ctx);
/* The actions of scr that work now (ops->actions_now, else ops->actions). */
const enum ui_action *screen_actions(struct screen *scr);
/* Builds an event for key as scr would see it. */
void ui_event_init(struct ui_event *ev, int key, const enum ui_action *acts);

/* The area below the tab bar and above the status line. */
struct ui_rect ui_content_area(void);
struct screen *ui_top(struct ui *ui);

#endif
