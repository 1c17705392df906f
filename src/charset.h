/* Character sets of the files Danish offices exchange: UTF-8 with or
 * without a byte-order mark, Windows-1252, ISO-8859-1 and ISO-8859-15.
 * Conversion goes through iconv, only at import and export; inside the
 * program all text is UTF-8.
 *
 * Detection: a UTF-8 BOM or valid UTF-8 means UTF-8, anything else is
 * taken as Windows-1252 (a superset of ISO-8859-1's printable range that
 * Danish Excel writes). */
#ifndef KP_CHARSET_H
#define KP_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum charset {
	CHARSET_UTF8,
	CHARSET_UTF8_BOM,
	CHARSET_CP1252,
	CHARSET_LATIN1,
	CHARSET_LATIN9,
};

/* Accepts the usual spellings, case-insensitively: utf-8, utf8,
 * utf-8-bom, cp1252, windows-1252, iso-8859-1, latin1, iso-8859-15,
 * latin9. False if unknown. */
bool charset_parse(const char *name, enum charset *out);
const char *charset_name(enum charset cs);   /* "utf-8-bom", "cp1252", ... (static) */
const char *charset_label(enum charset cs);  /* human-readable, translated */

/* The character set of data by the rule above. */
enum charset charset_detect(const char *data, size_t len);

/* Problems found while converting; error holds a translated message with
 * the line and column (for decoding) or the characters concerned. */
struct charset_report {
	char error[256];
	/* characters the target set cannot hold, each once, UTF-8, up to 32 */
	char unmappable[160];
	int unmappable_count;   /* distinct characters, may exceed what is listed */
	long replaced;          /* occurrences transliterated */
};

/* Appends data, decoded from cs, to out as UTF-8 (a BOM is dropped). A
 * byte sequence that is invalid in cs fails with the line and column in
 * rep->error and out unchanged in length. */
bool charset_decode(enum charset cs, const char *data, size_t len, struct strbuf *out,
		    struct charset_report *rep);

/* Appends UTF-8 text to out encoded in cs (with a BOM for utf-8-bom when
 * bom is true). Characters cs cannot hold are transliterated (iconv's
 * //TRANSLIT, else "?") and listed in rep; with strict they fail the call
 * instead, naming them. */
bool charset_encode(enum charset cs, const char *utf8, size_t len, bool bom, bool strict,
		    struct strbuf *out, struct charset_report *rep);

#endif
