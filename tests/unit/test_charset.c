/* Character sets: detection, decoding with located errors, encoding with
 * transliteration or refusal, and the round trip of Danish letters. */
#include "tests/unit/testutil.h"
#include "src/charset.h"
#include "src/strbuf.h"

#include <stdlib.h>
#include <string.h>

#define DANISH "æøåÆØÅé"
#define DANISH_CP1252 "\xe6\xf8\xe5\xc6\xd8\xc5\xe9"

static void parses_names(void **state)
{
	enum charset cs;

	(void)state;
	assert_true(charset_parse("UTF-8", &cs));
	assert_int_equal(cs, CHARSET_UTF8);
	assert_true(charset_parse("windows-1252", &cs));
	assert_int_equal(cs, CHARSET_CP1252);
	assert_true(charset_parse("latin1", &cs));
	assert_int_equal(cs, CHARSET_LATIN1);
	assert_true(charset_parse("ISO-8859-15", &cs));
	assert_int_equal(cs, CHARSET_LATIN9);
	assert_true(charset_parse("utf-8-bom", &cs));
	assert_int_equal(cs, CHARSET_UTF8_BOM);
	assert_false(charset_parse("ebcdic", &cs));
	assert_string_equal(charset_name(CHARSET_CP1252), "cp1252");
}

static void detects(void **state)
{
	(void)state;
	assert_int_equal(charset_detect("\xef\xbb\xbf" "a;b", 6), CHARSET_UTF8_BOM);
	assert_int_equal(charset_detect(DANISH, strlen(DANISH)), CHARSET_UTF8);
	assert_int_equal(charset_detect("plain", 5), CHARSET_UTF8);
	assert_int_equal(charset_detect(DANISH_CP1252, 7), CHARSET_CP1252);
	/* a valid lead byte cut short at the end is not UTF-8 */
	assert_int_equal(charset_detect("ab\xc3", 3), CHARSET_CP1252);
}

static void decodes_cp1252_and_latin9(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct charset_report rep;

	(void)state;
	assert_true(charset_decode(CHARSET_CP1252, DANISH_CP1252 " \x80 \x93x\x94", 13, &sb, &rep));
	assert_string_equal(sb.buf, DANISH " € “x”");
	strbuf_reset(&sb);
	assert_true(charset_decode(CHARSET_LATIN9, "\xa4\xe6", 2, &sb, &rep));
	assert_string_equal(sb.buf, "€æ");
	strbuf_reset(&sb);
	assert_true(charset_decode(CHARSET_LATIN1, "\xa4\xe6", 2, &sb, &rep));
	assert_string_equal(sb.buf, "¤æ");
	strbuf_reset(&sb);
	assert_true(charset_decode(CHARSET_UTF8_BOM, "\xef\xbb\xbf" DANISH, 3 + strlen(DANISH),
				   &sb, &rep));
	assert_string_equal(sb.buf, DANISH);             /* the BOM is dropped */
	strbuf_finish(&sb);
}

static void invalid_bytes_are_located(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct charset_report rep;

	(void)state;
	strbuf_addstr(&sb, "kept");
	/* 0x81 is undefined in Windows-1252 */
	assert_false(charset_decode(CHARSET_CP1252, "a;b\r\nc;d\x81", 9, &sb, &rep));
	assert_string_equal(sb.buf, "kept");
	assert_non_null(strstr(rep.error, "line 2, column 4"));
	assert_non_null(strstr(rep.error, "0x81"));
	/* Latin-1 bytes declared as UTF-8 */
	assert_false(charset_decode(CHARSET_UTF8, "navn\nS\xf8ren\n", 11, &sb, &rep));
	assert_non_null(strstr(rep.error, "line 2, column 2"));
	assert_non_null(strstr(rep.error, "0xF8"));
	assert_string_equal(sb.buf, "kept");
	/* overlong encoding and a surrogate */
	assert_false(charset_decode(CHARSET_UTF8, "\xc0\xaf", 2, &sb, &rep));
	assert_false(charset_decode(CHARSET_UTF8, "\xed\xa0\x80", 3, &sb, &rep));
	strbuf_finish(&sb);
}

static void encodes_with_transliteration(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct charset_report rep;
	const char *text = "Łódź ő " DANISH " € őő";

	(void)state;
	assert_true(charset_encode(CHARSET_CP1252, text, strlen(text), true, false, &sb, &rep));
	/* Ł ó d ź: ó is in cp1252, Ł ź ő are not */
	assert_string_equal(sb.buf, "L\xf3" "dz o " DANISH_CP1252 " \x80 oo");
	assert_int_equal(rep.unmappable_count, 3);
	assert_int_equal(rep.replaced, 5);
	assert_string_equal(rep.unmappable, "Ł ź ő");
	strbuf_reset(&sb);
	/* ISO-8859-1 has no euro sign */
	assert_true(charset_encode(CHARSET_LATIN1, "5 €", 5, false, false, &sb, &rep));
	assert_string_equal(rep.unmappable, "€");
	assert_string_equal(sb.buf, "5 EUR");
	strbuf_finish(&sb);
}

static void strict_refuses_and_names(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct charset_report rep;
	const char *text = "ok " DANISH " ő and 日";

	(void)state;
	strbuf_addstr(&sb, "kept");
	assert_false(charset_encode(CHARSET_CP1252, text, strlen(text), false, true, &sb, &rep));
	assert_string_equal(sb.buf, "kept");
	assert_non_null(strstr(rep.error, "ő 日"));
	strbuf_finish(&sb);
}

static void round_trips_danish(void **state)
{
	static const enum charset sets[] = { CHARSET_CP1252, CHARSET_UTF8_BOM, CHARSET_LATIN1,
					     CHARSET_LATIN9, CHARSET_UTF8 };
	const char *text = "CVR;Navn\r\n12345678;" DANISH " ApS\r\n";

	(void)state;
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		struct strbuf enc = STRBUF_INIT, dec = STRBUF_INIT;
		struct charset_report rep;

		assert_true(charset_encode(sets[i], text, strlen(text), true, true, &enc, &rep));
		assert_int_equal(charset_detect(enc.buf, enc.len),
				 sets[i] == CHARSET_LATIN1 || sets[i] == CHARSET_LATIN9
					 ? CHARSET_CP1252 : sets[i]);
		assert_true(charset_decode(sets[i], enc.buf, enc.len, &dec, &rep));
		assert_string_equal(dec.buf, text);
		strbuf_finish(&enc);
		strbuf_finish(&dec);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_names),
		cmocka_unit_test(detects),
		cmocka_unit_test(decodes_cp1252_and_latin9),
		cmocka_unit_test(invalid_bytes_are_located),
		cmocka_unit_test(encodes_with_transliteration),
		cmocka_unit_test(strict_refuses_and_names),
		cmocka_unit_test(round_trips_danish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
