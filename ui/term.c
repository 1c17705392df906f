/* Curses set-up. Invariant: after term_init succeeds, term_finish runs
 * exactly once before the process exits, also on die() (the hook). */
#include "ui/term.h"
#include "ui/keymap.h"
#include "ui/script.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static SCREEN *screen;
static FILE *null_out, *null_in;
static bool headless, started, input_ended;
static int idle_seconds;
static int attrs[UC_COUNT];

static const struct {
	short fg, bg;
	int attr, mono;
} color_table[UC_COUNT] = {
#define UI_COLOR_ROW(name, fg, bg, attr, mono) [UC_##name] = { fg, bg, attr, mono },
	UI_COLORS(UI_COLOR_ROW)
#undef UI_COLOR_ROW
};

static void setup_colors(void)
{
	const char *no_color = getenv("NO_COLOR");
	bool color = !(no_color && *no_color) && has_colors();

	if (color) {
		start_color();
		use_default_colors();
	}
	for (int i = 0; i < UC_COUNT; i++) {
		if (color && i + 1 < COLOR_PAIRS) {
			init_pair((short)(i + 1), color_table[i].fg, color_table[i].bg);
			attrs[i] = COLOR_PAIR(i + 1) | color_table[i].attr;
		} else {
			attrs[i] = color_table[i].mono;
		}
	}
}

/* Unicode boxes and ellipses only where the user's locale says UTF-8 (the
 * program itself always runs in a UTF-8 locale, see i18n_init). */
static bool terminal_is_utf8(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *term = getenv("TERM");

	if (term && (strncmp(term, "vt", 2) == 0 || strcmp(term, "dumb") == 0))
		return false;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

static void die_hook(void)
{
	term_finish();
}

static bool open_headless(const char *script, char *err, int errlen)
{
	const char *size = getenv("KNUDEPUNKT_SCREEN_SIZE");
	int cols = 80, rows = 24;
	char num[16];

	if (size && sscanf(size, "%dx%d", &cols, &rows) != 2) {
		snprintf(err, (size_t)errlen, "KNUDEPUNKT_SCREEN_SIZE must be COLSxROWS");
		return false;
	}
	if (!script_open(script, err, errlen))
		return false;
	snprintf(num, sizeof num, "%d", rows);
	setenv("LINES", num, 1);
	snprintf(num, sizeof num, "%d", cols);
	setenv("COLUMNS", num, 1);
	use_env(TRUE);
	null_out = fopen("/dev/null", "w");
	null_in = fopen("/dev/null", "r");
	if (null_out)
		screen = newterm("xterm", null_out, null_in);
	if (!screen) {
		snprintf(err, (size_t)errlen, "cannot start the headless screen");
		return false;
	}
	headless = true;
	return true;
}

bool term_init(char *err, int errlen)
{
	const char *script = getenv("KNUDEPUNKT_SCREEN_SCRIPT");

	text_ascii_only = !terminal_is_utf8();
	if (script && *script) {
		if (!open_headless(script, err, errlen))
			return false;
	} else {
		screen = newterm(NULL, stdout, stdin);
		if (!screen) {
			snprintf(err, (size_t)errlen, "cannot start the terminal (is TERM set?)");
			return false;
		}
	}
	set_term(screen);
	started = true;
	die_set_hook(die_hook);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	setup_colors();
	return true;
}

void term_finish(void)
{
	if (!started)
		return;
	started = false;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	null_out = null_in = NULL;
	script_close();
}

bool term_headless(void)
{
	return headless;
}

int term_attr(enum ui_color c)
{
	return c < UC_COUNT ? attrs[c] : (int)A_NORMAL;
}

int term_getkey(void)
{
	wint_t wc;

	doupdate();
	if (input_ended)
		return TERM_KEY_EOF;
	if (headless)
		return script_next_key();
	wtimeout(stdscr, idle_seconds > 0 ? idle_seconds * 1000 : -1);
	for (;;) {
		int r;

		errno = 0;
		r = wget_wch(stdscr, &wc);

		if (r == KEY_CODE_YES)
			return K_FN((int)wc);
		if (r == OK)
			return (int)wc;
		if (r == ERR && errno == 0 && idle_seconds > 0)
			return TERM_KEY_IDLE;
		if (errno != EINTR)
			return TERM_KEY_EOF;
	}
}

void term_set_idle(int seconds)
{
	idle_seconds = headless ? 0 : seconds;
}

void term_end_input(void)
{
	input_ended = true;
}

int term_rows(void)
{
	return LINES;
}

int term_cols(void)
{
	return COLS;
}

bool term_too_small(void)
{
	return LINES < TERM_MIN_ROWS || COLS < TERM_MIN_COLS;
}
