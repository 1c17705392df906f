/* The terminal: curses set-up and tear-down, the semantic colour table,
 * reading keys (from the keyboard, or from a key script in the headless
 * test mode) and dumping the screen rows. */
#ifndef KP_UI_TERM_H
#define KP_UI_TERM_H

#include <stdbool.h>

/* Smallest usable size; below it the screens show "terminal too small". */
#define TERM_MIN_COLS 80
#define TERM_MIN_ROWS 24

/* X(NAME, foreground, background, extra attributes, monochrome attributes).
 * -1 is the terminal's default colour. */
#define UI_COLORS(X) \
	X(NORMAL,   -1,           -1,          A_NORMAL, A_NORMAL) \
	X(TABBAR,   COLOR_WHITE,  COLOR_BLUE,  A_NORMAL, A_REVERSE) \
	X(TAB_CUR,  COLOR_YELLOW, COLOR_BLUE,  A_BOLD,   A_BOLD | A_UNDERLINE) \
	X(TITLE,    COLOR_CYAN,   -1,          A_BOLD,   A_BOLD) \
	X(HEADER,   -1,           -1,          A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE) \
	X(CURSOR,   COLOR_BLACK,  COLOR_CYAN,  A_NORMAL, A_REVERSE) \
	X(LABEL,    -1,           -1,          A_BOLD,   A_BOLD) \
	X(FIELD,    -1,           -1,          A_UNDERLINE, A_UNDERLINE) \
	X(FIELD_CUR, COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE) \
	X(DIM,      -1,           -1,          A_DIM,    A_DIM) \
	X(HINT,     -1,           -1,          A_NORMAL, A_NORMAL) \
	X(HINT_KEY, COLOR_CYAN,   -1,          A_BOLD,   A_BOLD) \
	X(INFO,     COLOR_GREEN,  -1,          A_BOLD,   A_BOLD) \
	X(ERROR,    COLOR_WHITE,  COLOR_RED,   A_BOLD,   A_REVERSE | A_BOLD) \
	X(DIALOG,   -1,           -1,          A_NORMAL, A_NORMAL) \
	X(MATCH,    COLOR_YELLOW, -1,          A_BOLD,   A_BOLD)

enum ui_color {
#define UI_COLOR_ENUM(name, fg, bg, attr, mono) UC_##name,
	UI_COLORS(UI_COLOR_ENUM)
#undef UI_COLOR_ENUM
	UC_COUNT
};

/* One key: K_FN(curses key) for function keys, else the code point.
 * TERM_KEY_EOF when the key script has ended. */
#define TERM_KEY_EOF (-1)
#define TERM_KEY_RESIZE K_FN(KEY_RESIZE)
/* No key for the idle time set by term_set_idle (the screen locks). */
#define TERM_KEY_IDLE (-2)

/* Starts curses. With KNUDEPUNKT_SCREEN_SCRIPT set, runs headless: output
 * to /dev/null through newterm, a fixed size (KNUDEPUNKT_SCREEN_SIZE, e.g.
 * "80x24"), keys from the script. Honours NO_COLOR and ESCDELAY. */
bool term_init(char *err, int errlen);
void term_finish(void);          /* restores the terminal; safe twice */
bool term_headless(void);

/* The attributes of a semantic colour (colour pair or monochrome). */
int term_attr(enum ui_color c);

/* Waits for the next key (screen updated first). */
int term_getkey(void);
/* After seconds without a key term_getkey returns TERM_KEY_IDLE (0: never;
 * headless runs never idle). term_end_input makes every later
 * term_getkey return TERM_KEY_EOF (the program is ending). */
void term_set_idle(int seconds);
void term_end_input(void);
bool term_too_small(void);
int term_rows(void);
int term_cols(void);

#endif
