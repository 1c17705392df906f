/* Exports of the screens' lists (src/export_lists.c) on the supervision
 * fixture (supfix.c, today 2026-03-02): the caseload with its filter and
 * sort, the front-desk queue, a consultant's follow-ups, the partner
 * directory and the audit trail; the rights of each; filters that do not
 * apply; and the audit entry every export leaves. */
#include "tests/unit/supfix.h"
#include "tests/unit/testutil.h"
#include "src/export.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The export as plain UTF-8 text (no byte-order mark), or NULL when it
 * failed with the expected status. */
static char *export_text(struct session *s, enum export_kind k, const struct export_filter *f,
			 enum kp_status want, long *rows)
{
	struct export_options o;
	struct export_result res;
	struct strbuf out = STRBUF_INIT;

	export_options_default(&o);
	o.charset = CHARSET_UTF8;
	assert_int_equal(export_build(s, k, f, &o, &out, &res), want);
	if (want != KP_OK) {
		assert_int_equal(out.len, 0);
		strbuf_finish(&out);
		return NULL;
	}
	if (rows)
		*rows = res.rows;
	return strbuf_detach(&out);
}

/* Line i (0 = header) of a CRLF text, copied. */
static char *line(const char *text, int i)
{
	const char *p = text;

	for (; i > 0 && p; i--) {
		p = strstr(p, "\r\n");
		p = p ? p + 2 : NULL;
	}
	assert_non_null(p);
	const char *end = strstr(p, "\r\n");
	return xstrndup(p, end ? (size_t)(end - p) : strlen(p));
}

static void caseload_as_on_screen(void **state)
{
	struct session *s = supfix_open("sup", true);
	struct export_filter f = { .branch = "aarhus", .idle = true, .sort = "idle" };
	long rows = 0;
	char *csv, *l;

	(void)state;
	/* open at Aarhus and idle 30+ days, longest first: c4 (55 days; its
	 * referral r6 has no follow-up date) and c7 (41 days) */
	csv = export_text(s, EXPORT_CASELOAD, &f, KP_OK, &rows);
	assert_int_equal(rows, 2);
	l = line(csv, 0);
	assert_string_equal(l, "Case id;CVR;Company;Title;Status;Branch;Consultant;Opened;"
			       "Last activity;Age (days);Idle (days);Overdue follow-ups");
	free(l);
	l = line(csv, 1);
	assert_string_equal(l, "c4;;Cecilie Iværksætter;Opstart;active;Aarhus;Carl Konsulent;"
			       "2026-01-05;2026-01-06;56;55;0");
	free(l);
	l = line(csv, 2);
	assert_true(strncmp(l, "c7;12345678;Alfa ApS (dublet);Automatisering;", 45) == 0);
	free(l);
	free(csv);

	/* overdue only, whole house: c1 (r1's follow-up 2026-02-01) */
	f = (struct export_filter){ .overdue = true };
	csv = export_text(s, EXPORT_CASELOAD, &f, KP_OK, &rows);
	assert_int_equal(rows, 1);
	l = line(csv, 1);
	assert_true(strncmp(l, "c1;12345678;Alfa ApS;Digital strategi;", 37) == 0);
	assert_string_equal(l + strlen(l) - 2, ";1");           /* one overdue follow-up */
	free(l);
	free(csv);

	/* the screen's rights: another house's branch, a bad sort, a filter of
	 * another list */
	f = (struct export_filter){ .branch = "kobenhavn" };
	export_text(s, EXPORT_CASELOAD, &f, KP_ERR_DENIED, NULL);
	f = (struct export_filter){ .sort = "size" };
	export_text(s, EXPORT_CASELOAD, &f, KP_ERR_INVALID, NULL);
	f = (struct export_filter){ .theme = "capital" };
	export_text(s, EXPORT_CASELOAD, &f, KP_ERR_INVALID, NULL);
	assert_non_null(strstr(session_message(s), "--theme"));
	f = (struct export_filter){ .consent = "sharing" };
	export_text(s, EXPORT_CASELOAD, &f, KP_ERR_INVALID, NULL);
	/* and the older kinds refuse the new filters */
	f = (struct export_filter){ .idle = true };
	export_text(s, EXPORT_CASES, &f, KP_ERR_INVALID, NULL);
	supfix_close(s);
}

static void queue_and_followups(void **state)
{
	struct session *s = supfix_open("intake", true);
	struct export_filter f = { .branch = "herning" };
	long rows = 0;
	char *csv, *l;

	(void)state;
	/* Herning's queue: c11 */
	csv = export_text(s, EXPORT_QUEUE, &f, KP_OK, &rows);
	assert_int_equal(rows, 1);
	l = line(csv, 1);
	assert_true(strncmp(l, "c11;34567890;Delta I/S;", 23) == 0);
	free(l);
	free(csv);
	/* the whole house: c10 (not routed), c11, c8, oldest first */
	f = (struct export_filter){ 0 };
	csv = export_text(s, EXPORT_QUEUE, &f, KP_OK, &rows);
	assert_int_equal(rows, 3);
	assert_true(strstr(csv, "\r\nc10;") < strstr(csv, "\r\nc11;"));
	assert_true(strstr(csv, "\r\nc11;") < strstr(csv, "\r\nc8;"));
	free(csv);
	f = (struct export_filter){ .status = "new" };
	export_text(s, EXPORT_QUEUE, &f, KP_ERR_INVALID, NULL);

	/* Carl's follow-ups due: r1 on c1, 29 days over (r3's is in April) */
	supfix_login(s, "cons");
	f = (struct export_filter){ 0 };
	csv = export_text(s, EXPORT_FOLLOWUPS, &f, KP_OK, &rows);
	assert_int_equal(rows, 1);
	l = line(csv, 1);
	assert_string_equal(l, "2026-02-01;29;c1;Alfa ApS;Digital strategi;"
			       "Innovationsfonden Test;sent;2026-01-20");
	free(l);
	free(csv);
	supfix_close(s);
}

static void partner_directory(void **state)
{
	struct session *s = supfix_open("cons", true);
	struct export_filter f = { .search = "test", .partner_type = "gts" };
	long rows = 0;
	char *csv, *l;

	(void)state;
	csv = export_text(s, EXPORT_PARTNERS, &f, KP_OK, &rows);
	assert_int_equal(rows, 1);
	l = line(csv, 0);
	assert_string_equal(l, "Name;Type;Area;Themes;E-mail;Phone;Website;Active;Referrals");
	free(l);
	l = line(csv, 1);
	assert_true(strncmp(l, "GTS Test;", 9) == 0);
	assert_true(strstr(l, ";yes;2") != NULL);          /* r3 and r6 went to o2 */
	free(l);
	free(csv);
	f = (struct export_filter){ .branch = "aarhus" };
	export_text(s, EXPORT_PARTNERS, &f, KP_ERR_INVALID, NULL);
	supfix_close(s);
}

static void audit_trail_for_supervisors(void **state)
{
	struct session *s = supfix_open("cons", true);
	struct export_filter f = { .action = "export." };
	long rows = 0, before;
	char *csv;

	(void)state;
	export_text(s, EXPORT_AUDIT, &f, KP_ERR_DENIED, NULL);
	supfix_login(s, "sup");
	/* one export first, so the trail holds an export entry of the house */
	free(export_text(s, EXPORT_FOLLOWUPS, &(struct export_filter){ 0 }, KP_OK, NULL));
	before = supfix_scalar(s, "SELECT count(*) FROM audit WHERE action = 'export.list'");
	csv = export_text(s, EXPORT_AUDIT, &f, KP_OK, &rows);
	assert_int_equal(rows, before);
	assert_non_null(strstr(csv, "export.list;followups;"));
	free(csv);
	/* the export of the trail is itself recorded, with scope and rows */
	assert_int_equal(supfix_scalar(s, "SELECT count(*) FROM audit WHERE action = 'export.list' "
					  "AND tbl = 'audit' AND detail LIKE 'rows=1 %' "
					  "AND detail LIKE '% action=export.%'"), 1);
	f = (struct export_filter){ .from = "2026-13-01" };
	export_text(s, EXPORT_AUDIT, &f, KP_ERR_INVALID, NULL);
	f = (struct export_filter){ .actor = "nobody" };
	export_text(s, EXPORT_AUDIT, &f, KP_ERR_INVALID, NULL);
	supfix_close(s);
}

/* The users with their state, for administrators only. */
static void users_for_administrators(void **state)
{
	struct session *s = supfix_open("sup", true);
	long rows = 0;
	char *csv, *l;

	(void)state;
	export_text(s, EXPORT_USERS, &(struct export_filter){ 0 }, KP_ERR_DENIED, NULL);
	supfix_exec(s, "UPDATE app_user SET active = 0 WHERE id = 'u-cons';"
		       "INSERT INTO credential (user_id, hash, failures, locked, changed_at) "
		       "VALUES ('u-intake', 'x', 5, 1, '2026-01-01')");
	supfix_login(s, "admin");
	csv = export_text(s, EXPORT_USERS, &(struct export_filter){ 0 }, KP_OK, &rows);
	assert_int_equal(rows, 6);
	l = line(csv, 0);
	assert_string_equal(l, "Login;Name;Initials;Role;Location;Active;Locked;Scope");
	free(l);
	/* by name: Anders, Carl, Dorte, Ida, Kim, Sanne */
	l = line(csv, 2);
	assert_string_equal(l, "cons;Carl Konsulent;CK;consultant;aarhus;no;no;");
	free(l);
	l = line(csv, 4);
	assert_string_equal(l, "intake;Ida Intake;II;intake;aarhus;yes;yes;");
	free(l);
	free(csv);
	/* filters do not apply */
	export_text(s, EXPORT_USERS, &(struct export_filter){ .branch = "aarhus" }, KP_ERR_INVALID,
		    NULL);
	supfix_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(caseload_as_on_screen),
		cmocka_unit_test(queue_and_followups),
		cmocka_unit_test(partner_directory),
		cmocka_unit_test(audit_trail_for_supervisors),
		cmocka_unit_test(users_for_administrators),
	};

	test_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
