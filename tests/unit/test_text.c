/* Display width, escaping of control characters, cutting by columns. */
#include "tests/unit/testutil.h"
#include "src/i18n.h"
#include "src/text.h"

#include <stdlib.h>
#include <string.h>

static void widths(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("Ærø Å"), 5);
	assert_int_equal(text_width("日本"), 4);
	assert_int_equal(text_width("🙂x"), 3);
	assert_int_equal(text_width(""), 0);
}

static void escapes_controls(void **state)
{
	char *s;

	(void)state;
	s = text_sanitize("a\x1b[31mb");
	assert_string_equal(s, "a\\e[31mb");
	free(s);
	s = text_sanitize("x\ny\tz\x7f");
	assert_string_equal(s, "x\\ny\\tz\\x7F");
	free(s);
	s = text_sanitize("evil\xe2\x80\xaetxt");            /* U+202E right-to-left override */
	assert_string_equal(s, "evil\\u{202E}txt");
	free(s);
	s = text_sanitize("bad\xff\xc3");                       /* invalid UTF-8 */
	assert_string_equal(s, "bad\\xFF\\xC3");
	free(s);
	s = text_sanitize("\xc2\x9b" "c1");                     /* C1 CSI */
	assert_string_equal(s, "\\x9Bc1");
	free(s);
	s = text_sanitize("Søren Ærø 🙂");
	assert_string_equal(s, "Søren Ærø 🙂");
	free(s);
}

static void controls_detected(void **state)
{
	(void)state;
	assert_true(text_has_control("a\x01", false));
	assert_true(text_has_control("a\nb", false));
	assert_false(text_has_control("a\nb\tc", true));
	assert_true(text_has_control("\xe2\x80\xae", true));
	assert_true(text_has_control("\xff", true));
	assert_false(text_has_control("Århus æøå", false));
}

static void fits_by_columns(void **state)
{
	char *s;

	(void)state;
	s = text_fit("Ærøskøbing", 5, false);
	assert_string_equal(s, "Ærøs…");
	free(s);
	s = text_fit("日本語", 4, true);          /* 日 + … = 3 columns, padded to 4 */
	assert_string_equal(s, "日… ");
	free(s);
	s = text_fit("ab", 4, true);
	assert_string_equal(s, "ab  ");
	free(s);
	s = text_fit("a\x1b", 10, false);
	assert_string_equal(s, "a\\e");
	free(s);
}

static void utf8_validation(void **state)
{
	(void)state;
	assert_true(text_valid_utf8("æøå", strlen("æøå")));
	assert_false(text_valid_utf8("\xc0\xaf", 2));           /* overlong */
	assert_false(text_valid_utf8("\xed\xa0\x80", 3));       /* surrogate */
	assert_false(text_valid_utf8("\xe6", 1));               /* cp1252 æ */
}

static void cpr_lookalikes(void **state)
{
	(void)state;
	assert_true(text_looks_like_cpr("CPR 010203-1234 i noten"));
	assert_true(text_looks_like_cpr("0102031234"));
	assert_false(text_looks_like_cpr("CVR 24256790"));
	assert_false(text_looks_like_cpr("tlf 12345678"));
	assert_false(text_looks_like_cpr("991399-1234"));        /* no such date */
	assert_false(text_looks_like_cpr("12345678901"));
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths),
		cmocka_unit_test(escapes_controls),
		cmocka_unit_test(controls_detected),
		cmocka_unit_test(fits_by_columns),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(cpr_lookalikes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
