/* The impartiality register: who registers trust positions, the refusal
 * and the recorded reason on assignment, and the supervisor's report. */
#include "tests/unit/testutil.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/company.h"
#include "src/session.h"
#include "src/trust.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

static char *user_id(struct session *s, const char *login)
{
	struct user u = { 0 };
	char *id;

	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

static char *company(struct session *s, const char *cvr, const char *name)
{
	struct company c = { 0 };
	char *id;

	c.cvr = xstrdup(cvr);
	c.name = xstrdup(name);
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	id = xstrdup(c.id);
	company_finish(&c);
	return id;
}

static enum kp_status add(struct session *s, const char *user, const char *company_id,
			  const char *kind, const char *from, const char *to)
{
	struct trust_position t = { 0 };

	t.user_id = user ? xstrdup(user) : NULL;
	t.company_id = xstrdup(company_id);
	t.kind = xstrdup(kind);
	t.from_date = xstrdup(from);
	t.to_date = to ? xstrdup(to) : NULL;
	enum kp_status st = trust_add(s, &t);
	trust_position_finish(&t);
	return st;
}

static char *open_case(struct session *s, const char *company_id)
{
	struct case_file c = { 0 };
	char *id;

	c.company_id = xstrdup(company_id);
	c.source = xstrdup("own_initiative");
	c.themes = xstrdup("[]");
	c.location = xstrdup("aarhus");
	assert_int_equal(case_open(s, &c), KP_OK);
	id = xstrdup(c.id);
	case_finish(&c);
	return id;
}

static void who_registers(void **state)
{
	(void)state;
	struct session *s = test_session("intake");
	char *novo = company(s, "24256790", "Novo Nordisk A/S");
	char *kons = user_id(s, "consultant"), *other = user_id(s, "otherkons");

	assert_int_equal(add(s, NULL, novo, "board", "2025-01-01", NULL), KP_ERR_DENIED);   /* intake */
	test_login(s, "consultant2");
	assert_int_equal(add(s, kons, novo, "board", "2025-01-01", NULL), KP_ERR_DENIED);   /* not own */
	test_login(s, "consultant");
	assert_int_equal(add(s, NULL, novo, "cousin", "2025-01-01", NULL), KP_ERR_INVALID);
	assert_int_equal(add(s, NULL, novo, "board", "2025-02-30", NULL), KP_ERR_INVALID);
	assert_int_equal(add(s, NULL, novo, "board", "2025-01-01", "2024-12-31"), KP_ERR_INVALID);
	assert_int_equal(add(s, NULL, "no-such-company", "board", "2025-01-01", NULL), KP_ERR_NOT_FOUND);
	assert_int_equal(add(s, NULL, novo, "board", "2025-01-01", NULL), KP_OK);
	test_login(s, "supervisor");
	assert_int_equal(add(s, kons, novo, "family", "2020-01-01", "2021-01-01"), KP_OK);
	assert_int_equal(add(s, other, novo, "owner", "2020-01-01", NULL), KP_ERR_DENIED); /* other house */
	struct trust_position *list;
	int n;
	assert_int_equal(trust_list(s, kons, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	trust_list_free(list, n);
	test_login(s, "consultant2");
	assert_int_equal(trust_list(s, kons, &list, &n), KP_ERR_DENIED);
	/* the house's register: supervisors only, and only their own house */
	assert_int_equal(trust_list_house(s, &list, &n), KP_ERR_DENIED);
	test_login(s, "otherkons");
	assert_int_equal(add(s, NULL, novo, "owner", "2019-01-01", NULL), KP_OK);
	test_login(s, "supervisor");
	assert_int_equal(trust_list_house(s, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++)
		assert_string_equal(list[i].user_id, kons);
	trust_list_free(list, n);
	test_login(s, "othersup");
	assert_int_equal(trust_list_house(s, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user_id, other);
	trust_list_free(list, n);

	/* a deactivated consultant gets no new position; theirs can still be ended */
	test_login(s, "admin");
	assert_int_equal(user_set_active(s, kons, false), KP_OK);
	test_login(s, "supervisor");
	assert_int_equal(add(s, kons, novo, "owner", "2026-01-01", NULL), KP_ERR_STATE);
	assert_non_null(strstr(session_message(s), "deactivated"));
	assert_int_equal(trust_list(s, kons, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	char *open_one = xstrdup(list[0].to_date ? list[1].id : list[0].id);
	trust_list_free(list, n);
	assert_int_equal(trust_end(s, open_one, "2026-03-01"), KP_OK);
	free(open_one);
	free(novo);
	free(kons);
	free(other);
	test_session_close(s);
}

static void assignment_warns_and_records(void **state)
{
	(void)state;
	struct session *s = test_session("intake");
	char *novo = company(s, "24256790", "Novo Nordisk A/S");
	char *lego = company(s, "54562519", "LEGO A/S");
	char *kons = user_id(s, "consultant"), *kons2 = user_id(s, "consultant2");
	char *c1 = open_case(s, novo), *c2 = open_case(s, lego);

	test_login(s, "consultant");
	assert_int_equal(add(s, NULL, novo, "board", "2025-01-01", NULL), KP_OK);
	/* an ended position does not count */
	assert_int_equal(add(s, NULL, lego, "owner", "2010-01-01", "2015-12-31"), KP_OK);

	test_login(s, "intake");
	assert_int_equal(case_assign(s, c1, "aarhus", kons, NULL), KP_ERR_REFUSED);
	assert_non_null(strstr(session_message(s), "trust position in Novo Nordisk A/S"));
	assert_int_equal(case_assign(s, c1, "aarhus", kons, ""), KP_ERR_REFUSED);
	assert_int_equal(case_assign(s, c2, "aarhus", kons, NULL), KP_OK);
	assert_int_equal(case_assign(s, c1, "aarhus", kons2, NULL), KP_OK);
	/* a supervisor reassigns with a reason */
	test_login(s, "supervisor");
	assert_int_equal(case_assign(s, c1, "aarhus", kons, "eneste specialist i life science"), KP_OK);
	struct audit_entry *log;
	int n;
	struct audit_filter f = { .action_prefix = "case.impartiality" };
	assert_int_equal(audit_list(s, &f, &log, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(log[0].row_id, c1);
	assert_string_equal(log[0].user_login, "supervisor");
	audit_list_free(log, n);

	/* opening a case straight to the conflicted consultant is refused */
	struct case_file c = { 0 };
	c.company_id = xstrdup(novo);
	c.source = xstrdup("own_initiative");
	c.themes = xstrdup("[]");
	c.location = xstrdup("aarhus");
	c.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &c), KP_ERR_REFUSED);
	assert_non_null(strstr(session_message(s), "route it with a reason"));
	case_finish(&c);

	/* the report lists the case with the reason; not the LEGO case */
	struct trust_case *rows;
	assert_int_equal(trust_report(s, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].case_id, c1);
	assert_string_equal(rows[0].kind, "board");
	assert_string_equal(rows[0].reason, "eneste specialist i life science");
	assert_false(rows[0].consultant_inactive);
	trust_case_list_free(rows, n);
	test_login(s, "consultant");
	assert_int_equal(trust_report(s, &rows, &n), KP_ERR_DENIED);
	test_login(s, "othersup");
	assert_int_equal(trust_report(s, &rows, &n), KP_OK);
	assert_int_equal(n, 0);                     /* another house's report */
	trust_case_list_free(rows, n);
	/* the consultant leaves: the report and the register keep the
	 * person, marked inactive */
	test_login(s, "admin");
	assert_int_equal(user_set_active(s, kons, false), KP_OK);
	test_login(s, "supervisor");
	assert_int_equal(trust_report(s, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_true(rows[0].consultant_inactive);
	trust_case_list_free(rows, n);
	struct trust_position *held;
	int nheld;
	assert_int_equal(trust_list_house(s, &held, &nheld), KP_OK);
	assert_int_equal(nheld, 2);
	for (int i = 0; i < nheld; i++)
		assert_true(held[i].user_inactive);
	trust_list_free(held, nheld);
	free(novo);
	free(lego);
	free(kons);
	free(kons2);
	free(c1);
	free(c2);
	test_session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(who_registers),
		cmocka_unit_test(assignment_warns_and_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
