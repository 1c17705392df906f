/* The company search on a small hand-made data set: what comes first and
 * why, Danish order, CVR numbers, contact names, hostile query text, and
 * that the three ways of finding word matches give the same answer. */
#include "tests/unit/testutil.h"
#include "db/bench_store.h"
#include "db/company_store.h"
#include "db/db.h"
#include "src/cvr.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
	char *path;
	struct db *db;
};

static char *add_company(struct db *db, const char *cvr, const char *name, const char *town)
{
	char id[UUID_STR_LEN];
	struct company c = { 0 };

	uuid_generate(id);
	c.id = id;
	c.cvr = (char *)cvr;
	c.name = (char *)name;
	c.town = (char *)town;
	c.is_prestart = cvr == NULL;
	c.created_at = "2026-03-02T09:00:00Z";
	c.created_by = "test";
	if (!company_store_insert(db, &c))
		fail_msg("insert: %s", db_errmsg(db));
	return xstrdup(id);
}

static void add_contact(struct db *db, const char *company_id, const char *name)
{
	char id[UUID_STR_LEN];
	struct contact c = { 0 };

	uuid_generate(id);
	c.id = id;
	c.company_id = (char *)company_id;
	c.name = (char *)name;
	c.created_at = "2026-03-02T09:00:00Z";
	assert_true(contact_store_insert(db, &c));
}

/* The hand-made set. CVR numbers are real public ones (valid modulus 11)
 * on fictional names. */
static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char err[512];

	f->path = tmpdb_path();
	f->db = db_open(f->path, DB_OPEN_CREATE, err, sizeof err);
	assert_non_null(f->db);
	free(add_company(f->db, "24256790", "Nordisk Byg ApS", "Aarhus"));
	free(add_company(f->db, "54562519", "Nordlys IT A/S", "Odense"));
	free(add_company(f->db, "61056416", "Byg & Nord I/S", "Vejle"));
	free(add_company(f->db, "61126228", "Hansen Tømrer ApS", "Nordborg"));
	char *aebelo = add_company(f->db, "10403782", "Æbelø Consult", "Bogense");
	add_contact(f->db, aebelo, "Nora Nordahl");
	add_contact(f->db, aebelo, "Per Hansen");
	free(aebelo);
	free(add_company(f->db, NULL, "Ørsted Rådgivning", "Fredericia"));
	free(add_company(f->db, NULL, "Aalborg Maskinfabrik", "Aalborg"));
	free(add_company(f->db, NULL, "Zealand Data", "Roskilde"));
	free(add_company(f->db, NULL, "Ærø Fisk", "Marstal"));
	free(add_company(f->db, NULL, "Nygaard Data", "Vejle"));
	free(add_company(f->db, NULL, "Nygård Data", "Vejle"));
	free(add_company(f->db, NULL, "Nygade Cykler", "Vejle"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	tmpdb_remove(f->path);
	free(f->path);
	free(f);
	bench_search_thresholds(0, 0);
	return 0;
}

/* Runs a search and returns its names joined by "|" (caller frees). */
static char *names(struct db *db, const char *q, int limit, int offset)
{
	struct company_hit *hits;
	int n = company_store_search(db, q, limit, offset, &hits);
	char *out = xstrdup("");

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		char *next = xasprintf("%s%s%s", out, i ? "|" : "", hits[i].name);
		free(out);
		out = next;
	}
	company_hits_free(hits, n);
	return out;
}

#define assert_names(db, q, expected) do { \
		char *got_ = names(db, q, 50, 0); \
		assert_string_equal(got_, expected); \
		free(got_); \
	} while (0)

/* Names that start with the text come before names that only contain a
 * word starting with it (in the name, the town or a contact's name); each
 * group in Danish order. */
static void ranks_prefix_before_words(void **state)
{
	struct fixture *f = *state;

	assert_names(f->db, "nord", "Nordisk Byg ApS|Nordlys IT A/S|"
		     "Byg & Nord I/S|Hansen Tømrer ApS|Æbelø Consult");
	assert_names(f->db, "NORDL", "Nordlys IT A/S");
	/* every word must match: "byg" in the name and "aarhus" in the town */
	assert_names(f->db, "byg aarhus", "Nordisk Byg ApS");
	assert_names(f->db, "byg", "Byg & Nord I/S|Nordisk Byg ApS");
	assert_names(f->db, "xyzzy", "");
}

/* Empty query: everything in Danish order, æ ø å after z, "aa" as å and
 * the å spelling before the aa spelling. */
static void danish_order(void **state)
{
	struct fixture *f = *state;

	assert_names(f->db, "", "Byg & Nord I/S|Hansen Tømrer ApS|Nordisk Byg ApS|Nordlys IT A/S|"
		     "Nygade Cykler|Nygård Data|Nygaard Data|Zealand Data|Æbelø Consult|"
		     "Ærø Fisk|Ørsted Rådgivning|Aalborg Maskinfabrik");
	assert_names(f->db, "   ", "Byg & Nord I/S|Hansen Tømrer ApS|Nordisk Byg ApS|Nordlys IT A/S|"
		     "Nygade Cykler|Nygård Data|Nygaard Data|Zealand Data|Æbelø Consult|"
		     "Ærø Fisk|Ørsted Rådgivning|Aalborg Maskinfabrik");
	/* å and aa are one letter, so "å" finds Aalborg and "aal" does too */
	assert_names(f->db, "å", "Aalborg Maskinfabrik");
	assert_names(f->db, "aal", "Aalborg Maskinfabrik");
	/* a final "a" may begin "aa": Nyga finds Nygade, Nygård and Nygaard */
	assert_names(f->db, "Nyga", "Nygade Cykler|Nygård Data|Nygaard Data");
	assert_names(f->db, "nygå", "Nygård Data|Nygaard Data");
	/* case and accents do not matter for the prefix */
	assert_names(f->db, "ærø", "Ærø Fisk");
	assert_names(f->db, "ÆRØ", "Ærø Fisk");
	/* paging goes through the same order */
	{
		char *page = names(f->db, "", 3, 4);
		assert_string_equal(page, "Nygade Cykler|Nygård Data|Nygaard Data");
		free(page);
		page = names(f->db, "nord", 2, 1);
		assert_string_equal(page, "Nordlys IT A/S|Byg & Nord I/S");
		free(page);
		page = names(f->db, "nord", 2, 4);
		assert_string_equal(page, "Æbelø Consult");
		free(page);
	}
}

static char *cvr_of(const char *seven)
{
	char out[9];

	assert_true(cvr_complete(seven, out));
	return xstrdup(out);
}

/* An exact CVR number comes first; then CVR numbers that start with the
 * digits, by number (the list narrows in place as digits are typed); then
 * names that start with the digits. Spaces and a DK prefix are allowed. */
static void cvr_exact_and_prefix(void **state)
{
	struct fixture *f = *state;
	char *a = cvr_of("5456201"), *b = cvr_of("5456300");

	free(add_company(f->db, b, "Bravo Data ApS", "Kolding"));
	free(add_company(f->db, a, "Alfa Data ApS", "Kolding"));
	free(add_company(f->db, NULL, "5456 Holding ApS", "Kolding"));
	assert_names(f->db, "54562519", "Nordlys IT A/S");
	assert_names(f->db, "DK 5456 2519", "Nordlys IT A/S");
	/* 5456201x < 54562519 < 5456300x */
	assert_names(f->db, "5456", "Alfa Data ApS|Nordlys IT A/S|Bravo Data ApS|5456 Holding ApS");
	assert_names(f->db, "54563", "Bravo Data ApS");
	assert_names(f->db, "2", "Nordisk Byg ApS");
	/* nine digits are no CVR number */
	assert_names(f->db, "242567901", "");

	struct company_hit *hits;
	int n = company_store_search(f->db, "24256790", 5, 0, &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].cvr, "24256790");
	assert_string_equal(hits[0].town, "Aarhus");
	company_hits_free(hits, n);
	free(a);
	free(b);
}

/* A contact's name finds the company, and the hit says which contacts. */
static void contact_names(void **state)
{
	struct fixture *f = *state;
	struct company_hit *hits;

	int n = company_store_search(f->db, "nordahl", 10, 0, &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].name, "Æbelø Consult");
	assert_string_equal(hits[0].contacts, "Nora Nordahl");
	company_hits_free(hits, n);

	n = company_store_search(f->db, "hansen", 10, 0, &hits);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].name, "Hansen Tømrer ApS");
	assert_string_equal(hits[0].contacts, "");
	assert_string_equal(hits[1].name, "Æbelø Consult");
	assert_string_equal(hits[1].contacts, "Per Hansen");
	company_hits_free(hits, n);

	/* each contact that a word matches is named, in Danish order */
	n = company_store_search(f->db, "per nora", 10, 0, &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].contacts, "Nora Nordahl, Per Hansen");
	company_hits_free(hits, n);
}

/* Control characters count as spaces; FTS5 syntax in the text is text. */
static void hostile_text(void **state)
{
	struct fixture *f = *state;

	assert_names(f->db, "nord\x07", "Nordisk Byg ApS|Nordlys IT A/S|"
		     "Byg & Nord I/S|Hansen Tømrer ApS|Æbelø Consult");
	assert_names(f->db, "\x1b\x1bnordl\x7f", "Nordlys IT A/S");
	assert_names(f->db, "\x1b", "Byg & Nord I/S|Hansen Tømrer ApS|Nordisk Byg ApS|Nordlys IT A/S|"
		     "Nygade Cykler|Nygård Data|Nygaard Data|Zealand Data|Æbelø Consult|"
		     "Ærø Fisk|Ørsted Rådgivning|Aalborg Maskinfabrik");
	assert_names(f->db, "nordisk\tbyg", "Nordisk Byg ApS");
	assert_names(f->db, "nordisk\xe2\x80\xae" "byg", "Nordisk Byg ApS");   /* U+202E */
	static const char *const odd[] = {
		"\"", "nord\"", "nord*", "NOT nord", "nord AND", "(nord", "{name}: x", "^nord",
		"nord OR byg", "NEAR(nord byg)", "'; DROP TABLE company; --", "\xff\xfe", "100%", NULL,
	};
	for (int i = 0; odd[i]; i++) {
		struct company_hit *hits;
		int n = company_store_search(f->db, odd[i], 10, 0, &hits);
		assert_true(n >= 0);
		company_hits_free(hits, n);
	}
	/* punctuation is literal in a name's start but separates words */
	assert_names(f->db, "nord\"", "Byg & Nord I/S|Hansen Tømrer ApS|Nordisk Byg ApS|"
		     "Nordlys IT A/S|Æbelø Consult");
	assert_names(f->db, "byg &", "Byg & Nord I/S|Nordisk Byg ApS");
	assert_int_equal(company_store_count(f->db), 12);
	/* a very long query is cut, not refused */
	char *long_q = xmalloc(5001);
	memset(long_q, 'n', 5000);
	long_q[5000] = '\0';
	assert_names(f->db, long_q, "");
	free(long_q);
}

/* Word matches found by sorting, by the bitmap and by testing each row in
 * Danish order give the same pages. */
static void word_strategies_agree(void **state)
{
	struct fixture *f = *state;
	static const char *const queries[] = { "data", "vejle", "hansen", "nord", "n", "d", "byg n", "a", "æ", "nygaard", NULL };
	char name[64];

	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof name, "%c%02d Data ApS", "QRSTU"[i % 5], 60 - i);
		char *id = add_company(f->db, NULL, name, i % 2 ? "Vejle" : "Næstved");
		if (i % 7 == 0)
			add_contact(f->db, id, "Dorte Hansen");
		free(id);
	}
	for (int q = 0; queries[q]; q++) {
		for (int off = 0; off < 40; off += 13) {
			bench_search_thresholds(0, 0);
			char *sorted = names(f->db, queries[q], 17, off);
			bench_search_thresholds(1, 1000000);
			char *bitmap = names(f->db, queries[q], 17, off);
			bench_search_thresholds(1, 1);
			char *scan = names(f->db, queries[q], 17, off);
			assert_string_equal(bitmap, sorted);
			assert_string_equal(scan, sorted);
			free(sorted);
			free(bitmap);
			free(scan);
		}
	}
	bench_search_thresholds(0, 0);
}

/* The index is plain SQL: a bare SQLite (the sqlite3 shell, no functions
 * of ours) can write the table, and the search sees what it wrote. */
static void bare_sqlite_can_write(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h;

	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE company SET name = 'Ålborg Øl' "
				      "WHERE name = 'Zealand Data'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA integrity_check", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_names(f->db, "ålb", "Aalborg Maskinfabrik|Ålborg Øl");
	assert_names(f->db, "aalb", "Aalborg Maskinfabrik|Ålborg Øl");
}

/* The short way of the sort key and tie (migration 0020: lower case for a
 * name of one-byte characters without "aa") gives what the sixteen
 * replace() calls of 0011 give, for names on both sides of the test,
 * bytes that are not UTF-8 and a NUL included. */
static void sort_key_short_way(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {
		"Hansen VVS ApS", "Nygaard", "NYGAARD", "NygAard", "nygaArd", "aa", "Aa", "a", "",
		"Ærø Fisk", "ærø", "Ølstykke", "Åkirkeby", "Café Émile", "Müller & Söhne", "Ärlig",
		"Kaare", "Bjørn Aagaard", "{|}", "x\xc3y", "\xc3", "\xc3\x86x", "a\x80\x62", "ab\xc3\xa5",
		"  Tab\tand spaces ", "El-service I/S",
	};
	sqlite3 *h;
	sqlite3_stmt *st;

	(void)f;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
		"SELECT CASE WHEN length(CAST(?1 AS BLOB)) = length(?1) AND instr(lower(?1), 'aa') = 0 "
		"THEN lower(?1) ELSE "
		"replace(replace(replace(replace(replace(replace(replace(replace("
		"replace(replace(replace(replace(replace(replace(replace(replace(lower(?1), "
		"'Æ', '{'), 'æ', '{'), 'Ä', '{'), 'ä', '{'), 'Ø', '|'), 'ø', '|'), 'Ö', '|'), 'ö', '|'), "
		"'Å', '}'), 'å', '}'), 'aa', '}'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'ü', 'y'), 'Ü', 'y') "
		"END IS "
		"replace(replace(replace(replace(replace(replace(replace(replace("
		"replace(replace(replace(replace(replace(replace(replace(replace(lower(?1), "
		"'Æ', '{'), 'æ', '{'), 'Ä', '{'), 'ä', '{'), 'Ø', '|'), 'ø', '|'), 'Ö', '|'), 'ö', '|'), "
		"'Å', '}'), 'å', '}'), 'aa', '}'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'ü', 'y'), 'Ü', 'y'), "
		"CASE WHEN instr(lower(?1), 'aa') = 0 THEN 0 "
		"ELSE length(?1) - length(replace(lower(?1), 'aa', '')) END IS "
		"length(?1) - length(replace(lower(?1), 'aa', ''))", -1, &st, NULL), SQLITE_OK);
	for (size_t i = 0; i <= sizeof names / sizeof names[0]; i++) {
		if (i < sizeof names / sizeof names[0])
			sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_text(st, 1, "Nyg\0aard", 9, SQLITE_STATIC);   /* a NUL inside */
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (!sqlite3_column_int(st, 0) || !sqlite3_column_int(st, 1))
			fail_msg("the short way differs for name %zu", i);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(ranks_prefix_before_words, setup, teardown),
		cmocka_unit_test_setup_teardown(danish_order, setup, teardown),
		cmocka_unit_test_setup_teardown(cvr_exact_and_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(contact_names, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_text, setup, teardown),
		cmocka_unit_test_setup_teardown(word_strategies_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(bare_sqlite_can_write, setup, teardown),
		cmocka_unit_test_setup_teardown(sort_key_short_way, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
