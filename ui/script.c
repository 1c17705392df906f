/* Key scripts for the headless screen tests. Keys of a typed line are
 * queued and handed out one by one; commands run when reached, so a :dump
 * shows the screen as it is after every earlier key was handled. */
#include "ui/script.h"
#include "ui/keymap.h"
#include "ui/term.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static FILE *script;
static wchar_t pending[1024];
static size_t npending, next_pending;

bool script_open(const char *path, char *err, int errlen)
{
	script = fopen(path, "r");
	if (!script)
		snprintf(err, (size_t)errlen, "cannot read the key script %s", path);
	return script != NULL;
}

void script_close(void)
{
	if (script)
		fclose(script);
	script = NULL;
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", '\r' }, { "Esc", K_ESC }, { "Tab", '\t' }, { "S-Tab", K_FN(KEY_BTAB) },
	{ "Up", K_FN(KEY_UP) }, { "Down", K_FN(KEY_DOWN) }, { "Left", K_FN(KEY_LEFT) },
	{ "Right", K_FN(KEY_RIGHT) }, { "PgUp", K_FN(KEY_PPAGE) }, { "PgDn", K_FN(KEY_NPAGE) },
	{ "Home", K_FN(KEY_HOME) }, { "End", K_FN(KEY_END) }, { "BS", K_FN(KEY_BACKSPACE) },
	{ "Del", K_FN(KEY_DC) }, { "Space", ' ' }, { "lt", '<' },
};

/* <Name> to a key; -2 when the name is unknown. */
static int parse_key(const char *name)
{
	int n;

	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	if (name[0] == 'F' && sscanf(name + 1, "%d", &n) == 1 && n >= 1 && n <= 12)
		return K_FN(KEY_F(n));
	if (strncmp(name, "C-", 2) == 0 && name[2] && !name[3])
		return K_CTRL(name[2]);
	return -2;
}

static void put_row(FILE *out, int y)
{
	wchar_t row[1024];
	char mb[MB_LEN_MAX];
	int n = mvinnwstr(y, 0, row, COLS < 1023 ? COLS : 1023);
	mbstate_t st;

	if (n < 0)
		n = 0;
	row[n] = L'\0';
	while (n > 0 && row[n - 1] == L' ')
		row[--n] = L'\0';
	memset(&st, 0, sizeof st);
	for (int i = 0; i < n; i++) {
		size_t len = wcrtomb(mb, row[i], &st);

		if (len != (size_t)-1)
			fwrite(mb, 1, len, out);
	}
	fputc('\n', out);
}

/* Writes every row of the screen as the terminal would show it. */
static void dump(const char *path)
{
	bool to_stdout = strcmp(path, "-") == 0;
	FILE *out = to_stdout ? stdout : fopen(path, "a");

	if (!out)
		return;
	doupdate();
	for (int y = 0; y < LINES; y++)
		put_row(out, y);
	fputs("--\n", out);
	if (!to_stdout)
		fclose(out);
}

/* Runs a ':' command; returns a key to deliver, or 0 for none. */
static int command(const char *line)
{
	int cols, rows;

	if (strncmp(line, ":dump ", 6) == 0) {
		dump(line + 6);
	} else if (sscanf(line, ":resize %dx%d", &cols, &rows) == 2) {
		resize_term(rows, cols);
		return TERM_KEY_RESIZE;
	} else {
		fprintf(stderr, "key script: unknown command %s\n", line);
	}
	return 0;
}

static void queue_text(const char *line)
{
	mbstate_t st;
	const char *p = line;

	memset(&st, 0, sizeof st);
	npending = mbsrtowcs(pending, &p, sizeof pending / sizeof pending[0] - 1, &st);
	if (npending == (size_t)-1)
		npending = 0;
	next_pending = 0;
}

int script_next_key(void)
{
	char line[2048];

	while (next_pending >= npending) {
		size_t len;

		if (!script || !fgets(line, sizeof line, script))
			return TERM_KEY_EOF;
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (line[0] == ':') {
			int key = command(line);

			if (key)
				return key;
			continue;
		}
		if (line[0] == '<' && line[len - 1] == '>' && len > 2) {
			line[len - 1] = '\0';
			int key = parse_key(line + 1);

			if (key != -2)
				return key;
			line[len - 1] = '>';
		}
		queue_text(line);
	}
	return (int)pending[next_pending++];
}
