/* The key table generated from UI_ACTIONS, lookups and key labels. */
#include "ui/keymap.h"
#include "src/i18n.h"
#include "src/strbuf.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define UA_KEYS(name, hint, help, ...) static const int keys_##name[] = { __VA_ARGS__, 0 };
UI_ACTIONS(UA_KEYS)
#undef UA_KEYS

struct action_def {
	const char *name;
	const char *hint;
	const char *help;
	const int *keys;
};

static const struct action_def actions[UA_COUNT] = {
	[UA_NONE] = { "NONE", NULL, "", (const int[]){ 0 } },
#define UA_DEF(n, hint, help, ...) [UA_##n] = { #n, hint, help, keys_##n },
	UI_ACTIONS(UA_DEF)
#undef UA_DEF
};

bool keymap_has_key(enum ui_action a, int key)
{
	if (a <= UA_NONE || a >= UA_COUNT)
		return false;
	for (const int *k = actions[a].keys; *k; k++)
		if (*k == key)
			return true;
	return false;
}

enum ui_action keymap_lookup(int key, const enum ui_action *acts)
{
	for (const enum ui_action *a = acts; a && *a != UA_NONE; a++)
		if (keymap_has_key(*a, key))
			return *a;
	for (int a = UA_NONE + 1; a <= UA_NAV_LAST; a++)
		if (keymap_has_key((enum ui_action)a, key))
			return (enum ui_action)a;
	return UA_NONE;
}

const char *keymap_name(enum ui_action a)
{
	return a < UA_COUNT ? actions[a].name : "?";
}

const char *keymap_hint(enum ui_action a)
{
	return a < UA_COUNT && actions[a].hint ? _(actions[a].hint) : NULL;
}

const char *keymap_help(enum ui_action a)
{
	return a < UA_COUNT ? _(actions[a].help) : "";
}

static const struct {
	int key;
	const char *label;
} named[] = {
	{ K_FN(KEY_UP), "Up" }, { K_FN(KEY_DOWN), "Down" }, { K_FN(KEY_LEFT), "Left" },
	{ K_FN(KEY_RIGHT), "Right" }, { K_FN(KEY_PPAGE), "PgUp" }, { K_FN(KEY_NPAGE), "PgDn" },
	{ K_FN(KEY_HOME), "Home" }, { K_FN(KEY_END), "End" }, { K_FN(KEY_ENTER), "Enter" },
	{ K_FN(KEY_BTAB), "S-Tab" }, { K_FN(KEY_BACKSPACE), "BS" }, { K_FN(KEY_DC), "Del" },
	{ '\n', "Enter" }, { '\r', "Enter" }, { '\t', "Tab" }, { K_ESC, "Esc" }, { ' ', "Space" },
};

void keymap_key_label(int key, char *out, int outlen)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (named[i].key == key) {
			snprintf(out, (size_t)outlen, "%s", named[i].label);
			return;
		}
	}
	if (key >= K_FN(KEY_F(1)) && key <= K_FN(KEY_F(24)))
		snprintf(out, (size_t)outlen, "F%d", key - K_FN(KEY_F0));
	else if (key > 0 && key < 0x20)
		snprintf(out, (size_t)outlen, "C-%c", key + 'a' - 1);
	else if (key > 0x20 && key < 0x7f)
		snprintf(out, (size_t)outlen, "%c", key);
	else
		snprintf(out, (size_t)outlen, "#%d", key);
}

char *keymap_keys_label(enum ui_action a, int max_keys)
{
	struct strbuf sb = STRBUF_INIT;
	char one[16], prev[16] = "";
	int shown = 0;

	strbuf_addstr(&sb, "");
	for (const int *k = actions[a].keys; *k && shown < max_keys; k++) {
		keymap_key_label(*k, one, sizeof one);
		if (strcmp(one, prev) == 0)
			continue;       /* "\n" and "\r" are both Enter */
		if (shown++)
			strbuf_addstr(&sb, " ");
		strbuf_addstr(&sb, one);
		snprintf(prev, sizeof prev, "%s", one);
	}
	return strbuf_detach(&sb);
}
