/* Company registration rules: CVR, duplicates, pre-start persons, fixed
 * identifiers, address from postcode, likeness warning, contacts, consent. */
#include "tests/unit/testutil.h"
#include "db/audit_store.h"
#include "src/audit.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

static struct company make(const char *cvr, const char *name)
{
	struct company c = { 0 };

	c.cvr = cvr ? xstrdup(cvr) : NULL;
	c.name = xstrdup(name);
	c.postcode = xstrdup("8000");
	return c;
}

static void registers_valid_company(void **state)
{
	struct session *s = test_session("intake");
	struct company c = make("24 25 67 90", "  Novo Nordisk A/S ");
	struct company got = { 0 };

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	assert_non_null(c.id);
	assert_int_equal(company_get(s, c.id, &got), KP_OK);
	assert_string_equal(got.cvr, "24256790");
	assert_string_equal(got.name, "Novo Nordisk A/S");
	assert_string_equal(got.town, "Aarhus C");           /* from the postcode */
	assert_int_equal(got.municipality_code, 751);
	company_finish(&got);
	company_finish(&c);
	test_session_close(s);
}

static void refuses_invalid_cvr_and_keeps_nothing(void **state)
{
	struct session *s = test_session("intake");
	struct company c = make("24256791", "Forkert ApS");
	struct company_hit *hits;
	int n;

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_ERR_INVALID);
	assert_non_null(strstr(session_message(s), "modulus-11"));
	assert_int_equal(company_search(s, "", 10, 0, &hits, &n), KP_OK);
	assert_int_equal(n, 0);
	company_hits_free(hits, n);
	company_finish(&c);
	test_session_close(s);
}

static void one_company_per_cvr(void **state)
{
	struct session *s = test_session("intake");
	struct company a = make("54562519", "LEGO A/S");
	struct company b = make("DK54562519", "Lego");
	char *existing = NULL;

	(void)state;
	assert_int_equal(company_create(s, &a, NULL), KP_OK);
	assert_int_equal(company_create(s, &b, &existing), KP_ERR_DUPLICATE);
	assert_non_null(existing);
	assert_string_equal(existing, a.id);
	free(existing);
	company_finish(&a);
	company_finish(&b);
	test_session_close(s);
}

static void prestart_without_cvr(void **state)
{
	struct session *s = test_session("intake");
	struct company p = make(NULL, "Sofie Iværksætter");
	struct company bad = make("24256790", "Med CVR");

	(void)state;
	p.is_prestart = true;
	assert_int_equal(company_create(s, &p, NULL), KP_OK);
	bad.is_prestart = true;
	assert_int_equal(company_create(s, &bad, NULL), KP_ERR_INVALID);
	/* a company without CVR is refused */
	struct company nocvr = make(NULL, "Uden CVR ApS");
	assert_int_equal(company_create(s, &nocvr, NULL), KP_ERR_INVALID);
	/* the pre-start person later gets a CVR: allowed once */
	free(p.cvr);
	p.cvr = xstrdup("61056416");
	p.is_prestart = false;
	assert_int_equal(company_update(s, &p), KP_OK);
	company_finish(&nocvr);
	company_finish(&bad);
	company_finish(&p);
	test_session_close(s);
}

static void cvr_fixed_once_registered(void **state)
{
	struct session *s = test_session("consultant");
	struct company c = make("61126228", "Danske Bank A/S");

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	free(c.cvr);
	c.cvr = xstrdup("10403782");
	assert_int_equal(company_update(s, &c), KP_ERR_STATE);
	free(c.cvr);
	c.cvr = xstrdup("61126228");
	free(c.name);
	c.name = xstrdup("Danske Bank");
	assert_int_equal(company_update(s, &c), KP_OK);
	/* the audit names the changed field, never its value */
	struct audit_entry *log;
	int n = audit_store_for_row(s->db, c.id, &log);
	assert_int_equal(n, 2);
	assert_string_equal(log[1].action, "company.update");
	assert_string_equal(log[1].detail, "fields=name");
	audit_list_free(log, n);
	/* saving without changes writes nothing */
	assert_int_equal(company_update(s, &c), KP_OK);
	n = audit_store_for_row(s->db, c.id, &log);
	assert_int_equal(n, 2);
	audit_list_free(log, n);
	company_finish(&c);
	test_session_close(s);
}

static void rejects_bad_fields(void **state)
{
	struct session *s = test_session("intake");
	struct company c = make("10403782", "Vestas\x1b[2J");

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_ERR_INVALID);
	free(c.name);
	c.name = xstrdup("Vestas Wind Systems A/S");
	free(c.postcode);
	c.postcode = xstrdup("0001");
	assert_int_equal(company_create(s, &c, NULL), KP_ERR_INVALID);
	free(c.postcode);
	c.postcode = xstrdup("8200");
	c.founded_year = 2999;
	assert_int_equal(company_create(s, &c, NULL), KP_ERR_INVALID);
	c.founded_year = 1945;
	c.pnumber = xstrdup("123");
	assert_int_equal(company_create(s, &c, NULL), KP_ERR_INVALID);
	free(c.pnumber);
	c.pnumber = xstrdup("1003388394");
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	company_finish(&c);
	test_session_close(s);
}

static void warns_on_similar_names(void **state)
{
	struct session *s = test_session("intake");
	struct company c = make("40084746", "Nordisk Træ ApS");
	struct company_hit *hits;
	int n;

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	n = company_similar(s, "Nordisk Træ A/S", NULL, &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, c.id);
	company_hits_free(hits, n);
	n = company_similar(s, "nordisk  trae aps", NULL, &hits);   /* one edit away */
	assert_int_equal(n, 1);
	company_hits_free(hits, n);
	n = company_similar(s, "Nordisk Fjer", NULL, &hits);
	assert_int_equal(n, 0);
	company_hits_free(hits, n);
	n = company_similar(s, "Nordisk Træ", c.id, &hits);          /* itself excluded */
	assert_int_equal(n, 0);
	company_hits_free(hits, n);
	company_finish(&c);
	test_session_close(s);
}

static void contacts_and_consent(void **state)
{
	struct session *s = test_session("intake");
	struct company c = make("40084606", "Midt Consult ApS");
	struct contact k = { 0 }, *list;
	struct company got = { 0 };
	int n;

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	k.company_id = xstrdup(c.id);
	k.name = xstrdup("Søren Ærø");
	k.email = xstrdup("soeren@example");
	assert_int_equal(contact_add(s, &k), KP_ERR_INVALID);          /* no dot after @ */
	free(k.email);
	k.email = xstrdup("soeren@example.dk");
	assert_int_equal(contact_add(s, &k), KP_OK);
	assert_int_equal(contact_list(s, c.id, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "Søren Ærø");
	contact_list_free(list, n);
	assert_int_equal(company_consent_withdraw(s, c.id), KP_ERR_STATE);
	/* a scope is one of the known uses, stored in canonical order; a
	 * misspelt one would silently never match, so it is refused */
	assert_int_equal(company_consent_give(s, c.id, "Sharing"), KP_ERR_INVALID);
	assert_non_null(strstr(session_message(s), "\"Sharing\""));
	assert_int_equal(company_consent_give(s, c.id, " , "), KP_ERR_INVALID);
	assert_int_equal(company_consent_give(s, c.id, "newsletter, sharing"), KP_OK);
	assert_int_equal(company_get(s, c.id, &got), KP_OK);
	assert_string_equal(got.consent_scope, "sharing,newsletter");
	assert_true(company_consent_allows(&got, "newsletter"));
	char *text = company_consent_scope_text(got.consent_scope);
	assert_string_equal(text, "sharing with other public business-support bodies, newsletters");
	free(text);
	company_finish(&got);
	assert_int_equal(company_consent_withdraw(s, c.id), KP_OK);
	assert_int_equal(company_get(s, c.id, &got), KP_OK);
	assert_string_equal(got.consent_given, "2026-03-02");
	assert_string_equal(got.consent_withdrawn, "2026-03-02");
	assert_false(company_consent_allows(&got, "sharing"));
	company_finish(&got);
	contact_finish(&k);
	company_finish(&c);
	test_session_close(s);
}

static void admin_cannot_register(void **state)
{
	struct session *s = test_session("admin");
	struct company c = make("24256790", "Novo Nordisk A/S");

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_ERR_DENIED);
	company_finish(&c);
	test_session_close(s);
}

/* The search texts in the trail, oldest first; caller frees. */
static char **search_log(struct session *s, int *n)
{
	struct audit_filter f = { .action_prefix = "search" };
	struct audit_entry *log;
	int k = audit_store_query(s->db, &f, &log);
	char **texts = xcalloc((size_t)(k > 0 ? k : 1), sizeof *texts);

	assert_true(k >= 0);
	for (int i = 0; i < k; i++) {
		bool erased = false;
		texts[k - 1 - i] = audit_reveal(s, &log[i], &erased);   /* newest first in the store */
	}
	audit_list_free(log, k);
	*n = k;
	return texts;
}

static void free_texts(char **t, int n)
{
	for (int i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

static void typing_is_one_search_in_the_trail(void **state)
{
	struct session *s = test_session("consultant");
	const char *keys[] = { "n", "no", "nov", "no", "nord", "nordisk" };
	struct company_hit *hits;
	char **log;
	int n, k;

	(void)state;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		assert_int_equal(company_search(s, keys[i], 10, 0, &hits, &n), KP_OK);
		company_hits_free(hits, n);
	}
	log = search_log(s, &k);
	assert_int_equal(k, 0);                       /* typing wrote nothing yet */
	free_texts(log, k);
	/* a new search settles the previous one */
	assert_int_equal(company_search(s, "lego", 10, 0, &hits, &n), KP_OK);
	company_hits_free(hits, n);
	log = search_log(s, &k);
	assert_int_equal(k, 1);
	assert_string_equal(log[0], "nordisk");
	free_texts(log, k);
	/* so does a change of user: the search stays with who made it */
	test_login(s, "supervisor");
	log = search_log(s, &k);
	assert_int_equal(k, 2);
	assert_string_equal(log[1], "lego");
	free_texts(log, k);
	test_session_close(s);
}

/* The reference data a bulk import holds in memory gives the answers the
 * queries give: known and unknown keys of every table, a municipality
 * code only in its own spelling, and a postcode in two municipalities
 * (the lower code). */
static void reference_cache_agrees(void **state)
{
	struct session *s = test_session("intake");
	static const struct { enum ref_table t; const char *key; } keys[] = {
		{ REF_MUNICIPALITY, "751" }, { REF_MUNICIPALITY, "0751" }, { REF_MUNICIPALITY, "9999" },
		{ REF_MUNICIPALITY, "751 " }, { REF_TARGET_GROUP, "micro" }, { REF_TARGET_GROUP, "Micro" },
		{ REF_THEME, "nope" }, { REF_HOUSE, "midtjylland" }, { REF_HOUSE, "midt" }, { REF_LOCATION, "aarhus" },
		{ REF_LOCATION, "atlantis" }, { REF_CASE_SOURCE, "" },
	};
	static const char *const postcodes[] = { "8000", "2000", "1810", "0000", "9999", "800", "" };
	bool plain[sizeof keys / sizeof keys[0]];
	char *town[sizeof postcodes / sizeof postcodes[0]];
	int found[sizeof postcodes / sizeof postcodes[0]], muni[sizeof postcodes / sizeof postcodes[0]];

	(void)state;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		plain[i] = refdata_exists(s, keys[i].t, keys[i].key);
	for (size_t i = 0; i < sizeof postcodes / sizeof postcodes[0]; i++) {
		town[i] = NULL;
		muni[i] = 0;
		found[i] = refdata_postcode(s, postcodes[i], &town[i], &muni[i]);
	}
	assert_true(plain[0] && !plain[1] && !plain[2] && plain[4] && !plain[5] && plain[7] && plain[9]);
	assert_int_equal(found[0], 1);
	assert_int_equal(found[3], 0);

	assert_true(db_begin(s->db));
	assert_true(refdata_cache_begin(s));
	assert_false(refdata_cache_begin(s));      /* one at a time */
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (refdata_exists(s, keys[i].t, keys[i].key) != plain[i])
			fail_msg("table %d key '%s' differs with the cache", (int)keys[i].t, keys[i].key);
	for (size_t i = 0; i < sizeof postcodes / sizeof postcodes[0]; i++) {
		char *t = NULL;
		int m = 0;

		assert_int_equal(refdata_postcode(s, postcodes[i], &t, &m), found[i]);
		if (found[i]) {
			assert_string_equal(t, town[i]);
			assert_int_equal(m, muni[i]);
		}
		free(t);
		free(town[i]);
	}
	refdata_cache_end(s);
	assert_null(s->refs);
	db_rollback(s->db);
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registers_valid_company),
		cmocka_unit_test(refuses_invalid_cvr_and_keeps_nothing),
		cmocka_unit_test(one_company_per_cvr),
		cmocka_unit_test(prestart_without_cvr),
		cmocka_unit_test(cvr_fixed_once_registered),
		cmocka_unit_test(rejects_bad_fields),
		cmocka_unit_test(warns_on_similar_names),
		cmocka_unit_test(contacts_and_consent),
		cmocka_unit_test(admin_cannot_register),
		cmocka_unit_test(typing_is_one_search_in_the_trail),
		cmocka_unit_test(reference_cache_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
