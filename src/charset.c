/* iconv at the edges: decode a whole file to UTF-8, encode UTF-8 for an
 * export. Invariant: charset_decode's output is valid UTF-8 or the call
 * failed and out kept its length. Transliteration runs under a C.UTF-8
 * ctype locale (glibc's tables for the plain C locale know almost
 * nothing), installed per thread with uselocale only for that call. */
#include "src/charset.h"
#include "src/i18n.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	enum charset cs;
	const char *name;
	const char *iconv;
	const char *label;
} sets[] = {
	{ CHARSET_UTF8, "utf-8", "UTF-8", N_("UTF-8") },
	{ CHARSET_UTF8_BOM, "utf-8-bom", "UTF-8", N_("UTF-8 with byte-order mark") },
	{ CHARSET_CP1252, "cp1252", "WINDOWS-1252", N_("Windows-1252") },
	{ CHARSET_LATIN1, "iso-8859-1", "ISO-8859-1", N_("ISO-8859-1 (Latin-1)") },
	{ CHARSET_LATIN9, "iso-8859-15", "ISO-8859-15", N_("ISO-8859-15 (Latin-9)") },
};

static const struct {
	const char *alias;
	enum charset cs;
} aliases[] = {
	{ "utf-8", CHARSET_UTF8 },       { "utf8", CHARSET_UTF8 },
	{ "utf-8-bom", CHARSET_UTF8_BOM }, { "utf8-bom", CHARSET_UTF8_BOM },
	{ "utf-8-sig", CHARSET_UTF8_BOM }, { "cp1252", CHARSET_CP1252 },
	{ "windows-1252", CHARSET_CP1252 }, { "win1252", CHARSET_CP1252 },
	{ "iso-8859-1", CHARSET_LATIN1 }, { "iso8859-1", CHARSET_LATIN1 },
	{ "latin1", CHARSET_LATIN1 },    { "latin-1", CHARSET_LATIN1 },
	{ "iso-8859-15", CHARSET_LATIN9 }, { "iso8859-15", CHARSET_LATIN9 },
	{ "latin9", CHARSET_LATIN9 },    { "latin-9", CHARSET_LATIN9 },
};

bool charset_parse(const char *name, enum charset *out)
{
	if (!name)
		return false;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcasecmp(name, aliases[i].alias) == 0) {
			*out = aliases[i].cs;
			return true;
		}
	return false;
}

const char *charset_name(enum charset cs)
{
	return sets[cs].name;
}

const char *charset_label(enum charset cs)
{
	return _(sets[cs].label);
}

static bool has_bom(const char *d, size_t len)
{
	return len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0;
}

/* Length of the UTF-8 sequence at s, or 0 if it is invalid (overlong,
 * surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t c;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		c = s[0] & 0x1f, n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		c = s[0] & 0x0f, n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		c = s[0] & 0x07, n = 4;
	else
		return 0;
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
	return n;
}

/* Offset of the first invalid UTF-8 byte, or len when all is valid. */
static size_t utf8_invalid_at(const char *d, size_t len)
{
	const unsigned char *s = (const unsigned char *)d;
	size_t i = 0;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_seq(s + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

enum charset charset_detect(const char *data, size_t len)
{
	if (has_bom(data, len))
		return CHARSET_UTF8_BOM;
	if (utf8_invalid_at(data, len) == len)
		return CHARSET_UTF8;
	return CHARSET_CP1252;
}

/* Line and column (in characters of cs) of byte offset off. */
static void locate(const char *d, size_t off, bool utf8, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (d[i] == '\n' || (d[i] == '\r' && (i + 1 >= off || d[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if (d[i] != '\r' && (!utf8 || ((unsigned char)d[i] & 0xc0) != 0x80)) {
			(*col)++;
		}
	}
}

static void bad_byte(struct charset_report *rep, enum charset cs, const char *d, size_t off)
{
	long line, col;

	locate(d, off, cs == CHARSET_UTF8 || cs == CHARSET_UTF8_BOM, &line, &col);
	snprintf(rep->error, sizeof rep->error,
		 _("line %ld, column %ld: byte 0x%02X is not valid %s"), line, col,
		 (unsigned)(unsigned char)d[off], charset_label(cs));
}

bool charset_decode(enum charset cs, const char *data, size_t len, struct strbuf *out,
		    struct charset_report *rep)
{
	size_t base = out->len;

	memset(rep, 0, sizeof *rep);
	if (cs == CHARSET_UTF8 || cs == CHARSET_UTF8_BOM) {
		size_t skip = has_bom(data, len) ? 3 : 0;
		size_t bad = utf8_invalid_at(data + skip, len - skip);

		if (bad < len - skip) {
			bad_byte(rep, cs, data, skip + bad);
			return false;
		}
		strbuf_add(out, data + skip, len - skip);
		return true;
	}
	iconv_t cd = iconv_open("UTF-8", sets[cs].iconv);
	if (cd == (iconv_t)-1) {
		snprintf(rep->error, sizeof rep->error, _("cannot convert from %s: %s"),
			 charset_label(cs), strerror(errno));
		return false;
	}
	char *in = (char *)data;
	size_t inleft = len;
	/* single-byte sets grow at most threefold (U+20AC is 3 bytes) */
	strbuf_grow(out, len + len / 4 + 16);
	while (inleft > 0) {
		char *o = out->buf + out->len;
		size_t oleft = out->alloc - out->len - 1;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);

		out->len = (size_t)(o - out->buf);
		out->buf[out->len] = '\0';
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG) {
			strbuf_grow(out, inleft * 3 + 16);
			continue;
		}
		bad_byte(rep, cs, data, (size_t)(in - data));
		iconv_close(cd);
		out->len = base;
		out->buf[base] = '\0';
		return false;
	}
	iconv_close(cd);
	return true;
}

static void note_unmappable(struct charset_report *rep, const char *ch, size_t n)
{
	char one[8];

	memcpy(one, ch, n);
	one[n] = '\0';
	rep->replaced++;
	/* listed already? (each entry is followed by a space) */
	for (const char *p = rep->unmappable; (p = strstr(p, one)) != NULL; p++)
		if (p[n] == ' ' && (p == rep->unmappable || p[-1] == ' '))
			return;
	rep->unmappable_count++;
	size_t used = strlen(rep->unmappable);
	if (used + n + 2 < sizeof rep->unmappable && rep->unmappable_count <= 32) {
		memcpy(rep->unmappable + used, one, n);
		rep->unmappable[used + n] = ' ';
		rep->unmappable[used + n + 1] = '\0';
	}
}

/* Appends the transliteration of one character (n bytes at ch) in cs,
 * or '?'. */
static void transliterate(enum charset cs, const char *ch, size_t n, struct strbuf *out)
{
	static locale_t utf8_loc;
	char name[48], buf[32];
	char *in = (char *)ch, *o = buf;
	size_t inleft = n, oleft = sizeof buf;

	if (!utf8_loc)
		utf8_loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = utf8_loc ? uselocale(utf8_loc) : (locale_t)0;
	snprintf(name, sizeof name, "%s//TRANSLIT", sets[cs].iconv);
	iconv_t cd = iconv_open(name, "UTF-8");
	bool ok = false;
	if (cd != (iconv_t)-1) {
		ok = iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1 && inleft == 0;
		iconv_close(cd);
	}
	if (old)
		uselocale(old);
	if (ok && o > buf)
		strbuf_add(out, buf, (size_t)(o - buf));
	else
		strbuf_addch(out, '?');
}

bool charset_encode(enum charset cs, const char *utf8, size_t len, bool bom, bool strict,
		    struct strbuf *out, struct charset_report *rep)
{
	size_t base = out->len;

	memset(rep, 0, sizeof *rep);
	if (cs == CHARSET_UTF8 || cs == CHARSET_UTF8_BOM) {
		if (bom && cs == CHARSET_UTF8_BOM)
			strbuf_add(out, "\xef\xbb\xbf", 3);
		strbuf_add(out, utf8, len);
		return true;
	}
	iconv_t cd = iconv_open(sets[cs].iconv, "UTF-8");
	if (cd == (iconv_t)-1) {
		snprintf(rep->error, sizeof rep->error, _("cannot convert to %s: %s"),
			 charset_label(cs), strerror(errno));
		return false;
	}
	char *in = (char *)utf8;
	size_t inleft = len;
	strbuf_grow(out, len + 16);
	while (inleft > 0) {
		char *o = out->buf + out->len;
		size_t oleft = out->alloc - out->len - 1;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);

		out->len = (size_t)(o - out->buf);
		out->buf[out->len] = '\0';
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG) {
			strbuf_grow(out, inleft + 16);
			continue;
		}
		/* EILSEQ: not in cs (or invalid UTF-8, which we never store) */
		size_t n = utf8_seq((const unsigned char *)in, inleft);
		if (n == 0)
			n = 1;
		note_unmappable(rep, in, n);
		if (!strict)
			transliterate(cs, in, n, out);
		in += n;
		inleft -= n;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	size_t ul = strlen(rep->unmappable);
	if (ul > 0)
		rep->unmappable[ul - 1] = '\0';   /* the separator after the last */
	if (strict && rep->unmappable_count > 0) {
		snprintf(rep->error, sizeof rep->error,
			 _("%s cannot hold these characters: %s"), charset_label(cs),
			 rep->unmappable);
		out->len = base;
		out->buf[base] = '\0';
		return false;
	}
	return true;
}
