/* The partner network's demo data: on cases made through the core, every
 * referral status occurs, each referral's history ends in its status,
 * advisors are fictional and not duplicated by a second run. */
#include "tests/unit/testutil.h"
#include "src/case.h"
#include "src/company.h"
#include "src/demo_referrals.h"
#include "src/organisation.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A valid CVR number from seven digits (modulus 11), or false. */
static bool make_cvr(unsigned base, char out[9])
{
	static const int w[8] = { 2, 7, 6, 5, 4, 3, 2, 1 };
	int sum = 0;

	snprintf(out, 9, "%07u", base);
	for (int i = 0; i < 7; i++)
		sum += (out[i] - '0') * w[i];
	int check = (11 - sum % 11) % 11;
	if (check == 10)
		return false;
	out[7] = (char)('0' + check);
	out[8] = '\0';
	return true;
}

static void open_cases(struct session *s, int n, const char *consultant_id)
{
	unsigned base = 2000000;

	for (int i = 0; i < n; i++) {
		struct company co = { 0 };
		struct case_file c = { 0 };
		char cvr[9], name[64];

		while (!make_cvr(base++, cvr))
			;
		snprintf(name, sizeof name, "Demo Test %d ApS", i);
		co.cvr = xstrdup(cvr);
		co.name = xstrdup(name);
		assert_int_equal(company_create(s, &co, NULL), KP_OK);
		c.company_id = xstrdup(co.id);
		c.source = xstrdup("own_initiative");
		c.themes = xstrdup(i % 2 ? "[\"capital\"]" : "[\"digitalisation\",\"capital\"]");
		c.location = xstrdup("aarhus");
		c.consultant_id = xstrdup(consultant_id);
		assert_int_equal(case_open(s, &c), KP_OK);
		case_finish(&c);
		company_finish(&co);
	}
}

static int count_advisors(struct session *s)
{
	struct organisation *list;
	int n;
	struct organisation_filter f = { .type = "private_advisor", .include_inactive = true };

	assert_int_equal(organisation_list(s, &f, &list, &n), KP_OK);
	for (int i = 0; i < n; i++)
		assert_non_null(strstr(list[i].name, "(fiktiv)"));
	organisation_list_free(list, n);
	return n;
}

static void every_status_with_history(void **state)
{
	struct session *s = test_session("admin");
	struct user kons = { 0 };
	struct referral *list;
	struct referral_event *ev;
	int n, made, ne;
	bool seen[6] = { false };

	(void)state;
	test_login(s, "intake");
	assert_int_equal(user_store_find_login(s->db, "consultant", &kons), 1);
	open_cases(s, 12, kons.id);
	assert_int_equal(demo_referrals(s, 0, &made), KP_ERR_DENIED);
	test_login(s, "admin");
	assert_int_equal(demo_referrals(s, 0, &made), KP_OK);
	assert_int_equal(made, 12);   /* 0, 1 and 2 referrals on cases in turn: 4 x 3 */
	assert_int_equal(count_advisors(s), 12);

	test_login(s, "supervisor");
	struct referral_filter f = { 0 };
	assert_int_equal(referral_overview(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 12);
	for (int i = 0; i < n; i++) {
		for (int k = 0; referral_statuses[k]; k++)
			if (strcmp(list[i].status, referral_statuses[k]) == 0)
				seen[k] = true;
		assert_int_equal(referral_history(s, list[i].id, &ev, &ne), KP_OK);
		assert_true(ne >= 1);
		assert_string_equal(ev[ne - 1].to_status, list[i].status);
		assert_string_equal(ev[ne - 1].on_date, list[i].status_on);
		referral_event_list_free(ev, ne);
		if (strcmp(list[i].organisation_type, "private_advisor") == 0)
			assert_non_null(strstr(list[i].advisors_offered, list[i].organisation_id));
	}
	for (int k = 0; referral_statuses[k]; k++)
		if (!seen[k])
			fail_msg("no demo referral is %s", referral_statuses[k]);
	referral_list_free(list, n);

	/* a second run adds referrals but no second set of advisors */
	test_login(s, "admin");
	assert_int_equal(demo_referrals(s, 0, &made), KP_OK);
	assert_int_equal(count_advisors(s), 12);
	user_finish(&kons);
	test_session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_status_with_history),
	};
	test_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
