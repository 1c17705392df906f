/* The CVR modulus-11 rule, with real public CVR numbers. */
#include "tests/unit/testutil.h"
#include "src/cvr.h"

#include <string.h>

static void real_numbers_pass(void **state)
{
	(void)state;
	const char *real[] = { "24256790", "54562519", "61056416", "61126228", "10403782",
			       "40084746", "40084606" };
	for (size_t i = 0; i < sizeof real / sizeof real[0]; i++)
		assert_int_equal(cvr_check(real[i], NULL), CVR_OK);
}

static void wrong_numbers_fail(void **state)
{
	(void)state;
	assert_int_equal(cvr_check("24256791", NULL), CVR_CHECKSUM);
	assert_int_equal(cvr_check("12345678", NULL), CVR_CHECKSUM);
	assert_int_equal(cvr_check("54562518", NULL), CVR_CHECKSUM);
	assert_int_equal(cvr_check("2425679", NULL), CVR_WRONG_LENGTH);
	assert_int_equal(cvr_check("242567900", NULL), CVR_WRONG_LENGTH);
	assert_int_equal(cvr_check("2425679O", NULL), CVR_NOT_DIGITS);
	assert_int_equal(cvr_check("", NULL), CVR_EMPTY);
	assert_int_equal(cvr_check(NULL, NULL), CVR_EMPTY);
	assert_int_equal(cvr_check("00000000", NULL), CVR_LEADING_ZERO);
}

static void normalises_spacing_and_prefix(void **state)
{
	char out[9];

	(void)state;
	assert_int_equal(cvr_check("DK 24 25 67 90", out), CVR_OK);
	assert_string_equal(out, "24256790");
	assert_int_equal(cvr_check("dk24256790", out), CVR_OK);
	assert_string_equal(out, "24256790");
}

static void completes_check_digit(void **state)
{
	char out[9];

	(void)state;
	assert_true(cvr_complete("2425679", out));
	assert_string_equal(out, "24256790");
	assert_true(cvr_complete("5456251", out));
	assert_string_equal(out, "54562519");
	assert_false(cvr_complete("0425679", out));
	assert_false(cvr_complete("12", out));
}

static void pnumber_is_format_only(void **state)
{
	char out[11];

	(void)state;
	assert_true(pnumber_is_valid("1003388394", out));
	assert_string_equal(out, "1003388394");
	assert_true(pnumber_is_valid("1234567890", NULL));   /* no modulus 11 */
	assert_false(pnumber_is_valid("123456789", NULL));
	assert_false(pnumber_is_valid("12345678901", NULL));
	assert_false(pnumber_is_valid("12345x7890", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_numbers_pass),
		cmocka_unit_test(wrong_numbers_fail),
		cmocka_unit_test(normalises_spacing_and_prefix),
		cmocka_unit_test(completes_check_digit),
		cmocka_unit_test(pnumber_is_format_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
