/* Text as users and imports give it: UTF-8 validation, display width, the
 * one sanitiser for everything drawn or printed, and cutting by columns.
 * Stored text is UTF-8 without control characters (tab and newline allowed
 * in long texts); drawn text always goes through text_sanitize first. */
#ifndef KP_TEXT_H
#define KP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool text_valid_utf8(const char *s, size_t len);

/* True if s has C0/C1 controls, DEL or bidi overrides; newline and tab are
 * allowed when multiline. */
bool text_has_control(const char *s, bool multiline);

/* A copy of s safe to draw: controls become \n \t \e or \xNN or \u{202E},
 * invalid UTF-8 bytes become \xNN. Caller frees. */
char *text_sanitize(const char *s);

/* Display columns of s after sanitising (wcwidth per character). */
size_t text_width(const char *s);

/* A copy of s sanitised and cut to at most cols display columns; when cut,
 * the last column is "…" (or "~" with ascii). pad fills with spaces to
 * exactly cols. Caller frees. */
char *text_fit(const char *s, size_t cols, bool pad);

/* Trims leading and trailing white space in place; returns s. */
char *text_trim(char *s);

/* Text that looks like a Danish CPR number (DDMMYY-NNNN or 10 digits
 * with a plausible date). */
bool text_looks_like_cpr(const char *s);

/* True when ncurses should draw ASCII instead of Unicode boxes and
 * ellipses (set by the UI from the terminal's capabilities). */
extern bool text_ascii_only;

#endif
