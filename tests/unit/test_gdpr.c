/* Data protection: the right-of-access file, erasure after review with no
 * trace of the person in the raw database file or its WAL, a recorded
 * refusal, and the retention purge with its dry run. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/company.h"
#include "src/gdpr.h"
#include "src/journal.h"
#include "src/evaluation.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "Jens Testesen"
#define EMAIL "jens.testesen@example.dk"
#define PHONE "20304050"

struct fixture {
	char *company, *contact, *case_id;
};

static char *user_id(struct session *s, const char *login)
{
	struct user u = { 0 };
	char *id;

	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

static struct fixture make(struct session *s)
{
	struct fixture fx;
	struct company co = { 0 };
	struct contact ct = { 0 };
	struct case_file c = { 0 };
	struct journal_entry m = { 0 };
	char *kons = user_id(s, "consultant");

	test_login(s, "intake");
	co.cvr = xstrdup("24256790");
	co.name = xstrdup("Maskinfabrikken Nord ApS");
	assert_int_equal(company_create(s, &co, NULL), KP_OK);
	ct.company_id = xstrdup(co.id);
	ct.name = xstrdup(NAME);
	ct.email = xstrdup(EMAIL);
	ct.phone = xstrdup(PHONE);
	ct.role = xstrdup("direktør");
	assert_int_equal(contact_add(s, &ct), KP_OK);
	c.company_id = xstrdup(co.id);
	c.source = xstrdup("own_initiative");
	c.themes = xstrdup("[]");
	c.title = xstrdup("Generationsskifte");
	c.location = xstrdup("aarhus");
	c.consultant_id = xstrdup(kons);
	assert_int_equal(case_open(s, &c), KP_OK);
	test_login(s, "consultant");
	m.case_id = xstrdup(c.id);
	char today[CLOCK_DATE_LEN];
	clock_today(today);
	m.occurred = xstrdup(today);
	m.place = xstrdup("company");
	m.participants = xstrdup(NAME);
	m.summary = xstrdup("Talte med " NAME " om salg; skriv til " EMAIL " eller ring " PHONE);
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	/* someone searches for him, someone lists the contacts */
	test_login(s, "supervisor");
	struct company_hit *hits;
	int n;
	assert_int_equal(company_search(s, "Testesen", 10, 0, &hits, &n), KP_OK);
	company_hits_free(hits, n);
	test_login(s, "intake");
	struct contact *cl;
	assert_int_equal(contact_list(s, co.id, &cl, &n), KP_OK);
	contact_list_free(cl, n);
	fx.company = xstrdup(co.id);
	fx.contact = xstrdup(ct.id);
	fx.case_id = xstrdup(c.id);
	company_finish(&co);
	contact_finish(&ct);
	case_finish(&c);
	journal_entry_finish(&m);
	free(kons);
	return fx;
}

static void fixture_free(struct fixture *fx)
{
	free(fx->company);
	free(fx->contact);
	free(fx->case_id);
}

static bool file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	bool hit = false;

	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = xmalloc((size_t)len + 1);
	if (fread(buf, 1, (size_t)len, f) == (size_t)len)
		hit = memmem(buf, (size_t)len, needle, strlen(needle)) != NULL;
	free(buf);
	fclose(f);
	return hit;
}

static void right_of_access(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	struct fixture fx = make(s);
	char *text = NULL;

	test_login(s, "consultant");
	assert_int_equal(gdpr_access_report(s, fx.contact, &text), KP_ERR_DENIED);
	test_login(s, "admin");
	assert_int_equal(gdpr_access_report(s, fx.contact, &text), KP_OK);
	assert_non_null(strstr(text, NAME));
	assert_non_null(strstr(text, EMAIL));
	assert_non_null(strstr(text, "Maskinfabrikken Nord ApS"));
	assert_non_null(strstr(text, "Generationsskifte"));
	assert_non_null(strstr(text, "Talte med"));               /* the journal text naming him */
	assert_non_null(strstr(text, "supervisor"));              /* who searched for him */
	assert_non_null(strstr(text, "search: Testesen"));
	assert_non_null(strstr(text, "contact.read"));            /* who listed the contacts */
	free(text);
	fixture_free(&fx);
	test_session_close(s);
}

static void erasure_leaves_no_trace(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	struct fixture fx = make(s);
	struct gdpr_review r;
	bool compacted = false;
	char *path = xstrdup(db_path(s->db));
	char *wal = xasprintf("%s-wal", path);

	test_login(s, "supervisor");
	assert_int_equal(gdpr_review_contact(s, fx.contact, &r), KP_ERR_DENIED);
	test_login(s, "admin");
	assert_int_equal(gdpr_review_contact(s, fx.contact, &r), KP_OK);
	assert_string_equal(r.contact_name, NAME);
	assert_int_equal(r.n, 2);                 /* the summary and the participants */
	int reviewed = r.n;
	gdpr_review_finish(&r);
	/* a review that no longer matches the texts is refused */
	assert_int_equal(gdpr_erase_contact(s, fx.contact, reviewed + 1, &compacted), KP_ERR_STATE);
	assert_int_equal(gdpr_erase_contact(s, fx.contact, reviewed, &compacted), KP_OK);
	assert_true(compacted);

	/* the statistics stay; the person is gone from the texts */
	struct journal_entry *entries;
	int n;
	test_login(s, "consultant");
	assert_int_equal(journal_list(s, fx.case_id, &entries, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(entries[0].participants, GDPR_ERASED_TEXT);
	assert_null(strstr(entries[0].summary, "Testesen"));
	assert_non_null(strstr(entries[0].summary, "om salg"));
	journal_list_free(entries, n);

	/* the audit chain still verifies; the search text is unreadable */
	test_login(s, "admin");
	int problems = -1;
	assert_int_equal(audit_verify(s, NULL, NULL, &problems), KP_OK);
	assert_int_equal(problems, 0);
	struct audit_filter f = { .action_prefix = "search" };
	struct audit_entry *log;
	assert_int_equal(audit_list(s, &f, &log, &n), KP_OK);
	assert_int_equal(n, 1);
	bool erased = false;
	assert_null(audit_reveal(s, &log[0], &erased));
	assert_true(erased);
	audit_list_free(log, n);

	/* nothing of him in the raw file or the WAL, now or after closing */
	const char *traces[] = { "Testesen", EMAIL, PHONE, NULL };
	for (int i = 0; traces[i]; i++) {
		if (file_has(path, traces[i]) || file_has(wal, traces[i]))
			fail_msg("%s is still in the database file or its WAL", traces[i]);
	}
	fixture_free(&fx);
	test_session_close(s);
	free(path);
	free(wal);
}

static void refusal_is_recorded(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	struct fixture fx = make(s);
	struct audit_entry *log;
	int n;

	test_login(s, "admin");
	assert_int_equal(gdpr_refuse_erasure(s, fx.contact, ""), KP_ERR_INVALID);
	assert_int_equal(gdpr_refuse_erasure(s, fx.contact, "bogføringsloven: 5 års opbevaring"), KP_OK);
	struct audit_filter f = { .action_prefix = "gdpr.refuse" };
	assert_int_equal(audit_list(s, &f, &log, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(log[0].row_id, fx.contact);
	audit_list_free(log, n);
	fixture_free(&fx);
	test_session_close(s);
}

static void retention_purge(void **state)
{
	(void)state;
	setenv("KNUDEPUNKT_NOW", "2020-03-02T09:00:00Z", 1);
	struct session *s = test_session("admin");
	struct fixture fx = make(s);
	char **ids;
	int n;
	bool compacted;

	test_login(s, "consultant");
	assert_int_equal(case_close(s, fx.case_id, "solgt til medarbejderne"), KP_OK);
	struct evaluation ev = { .case_id = xstrdup(fx.case_id), .recommend = 9,
				 .effect = xstrdup("yes"), .comment = xstrdup("Hans Jensen var glad") };
	assert_int_equal(evaluation_record(s, &ev, false), KP_OK);
	evaluation_finish(&ev);
	/* five years on it is not yet due; a day later it is */
	setenv("KNUDEPUNKT_NOW", "2025-03-02T09:00:00Z", 1);
	test_login(s, "admin");
	assert_int_equal(gdpr_purge(s, true, &ids, &n, &compacted), KP_OK);
	assert_int_equal(n, 0);
	free(ids);
	setenv("KNUDEPUNKT_NOW", "2025-03-03T09:00:00Z", 1);
	assert_int_equal(gdpr_purge(s, true, &ids, &n, &compacted), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], fx.case_id);
	free(ids[0]);
	free(ids);
	/* the dry run changed nothing */
	struct journal_entry *entries;
	int ne;
	test_login(s, "supervisor");
	assert_int_equal(journal_list(s, fx.case_id, &entries, &ne), KP_OK);
	assert_non_null(strstr(entries[0].summary, "om salg"));
	journal_list_free(entries, ne);
	test_login(s, "consultant");
	assert_int_equal(gdpr_purge(s, false, &ids, &n, &compacted), KP_ERR_DENIED);
	test_login(s, "admin");
	assert_int_equal(gdpr_purge(s, false, &ids, &n, &compacted), KP_OK);
	assert_int_equal(n, 1);
	free(ids[0]);
	free(ids);
	test_login(s, "supervisor");
	assert_int_equal(journal_list(s, fx.case_id, &entries, &ne), KP_OK);
	assert_int_equal(ne, 1);
	assert_string_equal(entries[0].summary, "");
	assert_string_equal(entries[0].kind, "meeting");           /* the statistics stay */
	journal_list_free(entries, ne);
	struct evaluation *evs;
	int nev;
	assert_int_equal(evaluation_list(s, fx.case_id, &evs, &nev), KP_OK);
	assert_int_equal(nev, 1);
	assert_string_equal(evs[0].comment, "");                  /* the comment goes */
	assert_int_equal(evs[0].recommend, 9);                    /* the answers stay */
	evaluation_list_free(evs, nev);
	/* purged once: the next run finds nothing */
	test_login(s, "admin");
	assert_int_equal(gdpr_purge(s, true, &ids, &n, &compacted), KP_OK);
	assert_int_equal(n, 0);
	free(ids);
	fixture_free(&fx);
	test_session_close(s);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:00Z", 1);
}

static void consent_history(void **state)
{
	(void)state;
	struct session *s = test_session("admin");
	struct fixture fx = make(s);
	struct company co = { 0 };
	struct consent_event *ev;
	int n;

	assert_true(db_setting_set(s->db, "consent_text_version", "2026-1"));
	test_login(s, "intake");
	assert_int_equal(company_consent_give(s, fx.company, "sharing,newsletter"), KP_OK);
	assert_int_equal(company_get(s, fx.company, &co), KP_OK);
	assert_true(company_consent_allows(&co, "sharing"));
	assert_true(company_consent_allows(&co, "newsletter"));
	assert_false(company_consent_allows(&co, "share"));
	company_finish(&co);
	/* withdrawal: one action, at once */
	assert_int_equal(company_consent_withdraw(s, fx.company), KP_OK);
	assert_int_equal(company_get(s, fx.company, &co), KP_OK);
	assert_false(company_consent_allows(&co, "sharing"));
	company_finish(&co);
	assert_int_equal(company_consent_history(s, fx.company, &ev, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].kind, "given");
	assert_string_equal(ev[0].scope, "sharing,newsletter");
	assert_string_equal(ev[0].text_version, "2026-1");
	assert_string_equal(ev[0].user_name, "Test intake");
	assert_string_equal(ev[1].kind, "withdrawn");
	consent_event_list_free(ev, n);
	/* the right-of-access file shows it */
	char *text;
	test_login(s, "admin");
	assert_int_equal(gdpr_access_report(s, fx.contact, &text), KP_OK);
	assert_non_null(strstr(text, "2026-1"));
	free(text);
	fixture_free(&fx);
	test_session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(right_of_access),
		cmocka_unit_test(erasure_leaves_no_trace),
		cmocka_unit_test(refusal_is_recorded),
		cmocka_unit_test(retention_purge),
		cmocka_unit_test(consent_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
