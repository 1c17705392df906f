/* UUIDv7 keys: canonical lower-case form, version 7 and the RFC 9562
 * variant, strictly increasing within a process (bulk imports rely on it
 * for index order), and unique. */
#include "tests/unit/testutil.h"
#include "src/uuid.h"

#include <string.h>

static void format_version_and_order(void **state)
{
	char prev[UUID_STR_LEN] = "", id[UUID_STR_LEN];

	(void)state;
	for (int i = 0; i < 20000; i++) {
		uuid_generate(id);
		assert_int_equal(strlen(id), 36);
		assert_true(uuid_is_valid(id));
		assert_int_equal(id[14], '7');
		assert_non_null(strchr("89ab", id[19]));
		assert_true(strcmp(prev, id) < 0);
		memcpy(prev, id, sizeof id);
	}
	assert_false(uuid_is_valid("0190AAAA-0000-7000-8000-000000000001"));
	assert_false(uuid_is_valid("0190aaaa-0000-7000-8000-00000000000"));
	assert_true(uuid_is_valid("0190aaaa-0000-7000-8000-000000000001"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_version_and_order),
	};

	test_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
