/* UTF-8 handling by display width (mbrtowc/wcwidth under a UTF-8 locale).
 * Invariant: text_sanitize's output contains no control character and no
 * invalid UTF-8, so it is safe to hand to the terminal. */
#include "src/text.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

bool text_ascii_only;

/* Decodes one code point; returns its length, or 0 for an invalid sequence
 * (overlong, surrogate, out of range, truncated). */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		n = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		n = 4;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (len > 0) {
		size_t n = decode(p, len, &cp);

		if (n == 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f || c == 0x061c;
}

bool text_has_control(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	uint32_t cp;

	while (len > 0) {
		if (*p >= 0x20 && *p < 0x7f) {   /* printable ASCII: most text */
			p++;
			len--;
			continue;
		}
		size_t n = decode(p, len, &cp);

		if (n == 0)
			return true;
		if (is_control(cp) && !(multiline && (cp == '\n' || cp == '\t')))
			return true;
		p += n;
		len -= n;
	}
	return false;
}

static void escape_cp(struct strbuf *sb, uint32_t c)
{
	switch (c) {
	case '\n': strbuf_addstr(sb, "\\n"); return;
	case '\t': strbuf_addstr(sb, "\\t"); return;
	case '\r': strbuf_addstr(sb, "\\r"); return;
	case 0x1b: strbuf_addstr(sb, "\\e"); return;
	default: break;
	}
	if (c < 0x100)
		strbuf_addf(sb, "\\x%02X", (unsigned)c);
	else
		strbuf_addf(sb, "\\u{%04X}", (unsigned)c);
}

char *text_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);
	struct strbuf sb = STRBUF_INIT;
	uint32_t cp;

	strbuf_grow(&sb, len);
	while (len > 0) {
		size_t n = decode(p, len, &cp);

		if (n == 0) {
			strbuf_addf(&sb, "\\x%02X", p[0]);
			n = 1;
		} else if (is_control(cp)) {
			escape_cp(&sb, cp);
		} else {
			strbuf_add(&sb, p, n);
		}
		p += n;
		len -= n;
	}
	return strbuf_detach(&sb);
}

static int cp_width(uint32_t c)
{
	int w = wcwidth((wchar_t)c);

	if (w >= 0)
		return w;
	/* unknown to the C library: treat emoji and CJK planes as wide */
	if (c >= 0x1f000 || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60))
		return 2;
	return 1;
}

/* Width of already sanitised (valid, control-free) text. */
static size_t clean_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), w = 0;
	uint32_t cp;

	while (len > 0) {
		size_t n = decode(p, len, &cp);

		if (n == 0)
			n = 1;
		else
			w += (size_t)cp_width(cp);
		p += n;
		len -= n;
	}
	return w;
}

size_t text_width(const char *s)
{
	char *clean = text_sanitize(s);
	size_t w = clean_width(clean);

	free(clean);
	return w;
}

char *text_fit(const char *s, size_t cols, bool pad)
{
	char *clean = text_sanitize(s);
	const char *ell = text_ascii_only ? "~" : "\xe2\x80\xa6";
	struct strbuf sb = STRBUF_INIT;
	size_t total = clean_width(clean);

	strbuf_grow(&sb, strlen(clean) + cols);
	if (total <= cols) {
		strbuf_addstr(&sb, clean);
	} else if (cols > 0) {
		const unsigned char *p = (const unsigned char *)clean;
		size_t len = strlen(clean), w = 0;
		uint32_t cp;

		while (len > 0) {
			size_t n = decode(p, len, &cp);
			int cw = cp_width(cp);

			if (w + (size_t)cw > cols - 1)
				break;
			strbuf_add(&sb, p, n);
			w += (size_t)cw;
			p += n;
			len -= n;
		}
		strbuf_addstr(&sb, ell);
		total = w + 1;
	} else {
		total = 0;
	}
	if (pad)
		for (size_t w = total; w < cols; w++)
			strbuf_addch(&sb, ' ');
	free(clean);
	return strbuf_detach(&sb);
}

char *text_trim(char *s)
{
	size_t len = strlen(s), start = 0;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (start < len && isspace((unsigned char)s[start]))
		start++;
	memmove(s, s + start, len - start + 1);
	return s;
}

static bool plausible_date(const char *d)
{
	int day = (d[0] - '0') * 10 + (d[1] - '0');
	int month = (d[2] - '0') * 10 + (d[3] - '0');

	return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

bool text_looks_like_cpr(const char *s)
{
	for (const char *p = s; *p; p++) {
		char digits[11];
		int n = 0;
		const char *q = p;

		if (p > s && isdigit((unsigned char)p[-1]))
			continue;
		while (*q && n < 10) {
			if (isdigit((unsigned char)*q))
				digits[n++] = *q;
			else if (!(n == 6 && (*q == '-' || *q == ' ')))
				break;
			q++;
		}
		if (n == 10 && !isdigit((unsigned char)*q) && plausible_date(digits))
			return true;
	}
	return false;
}
