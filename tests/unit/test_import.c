/* Company import against a real database: the municipality's Windows-1252
 * semicolon file and the register's UTF-8 file, CVR matching (fill,
 * disagree, update), all-or-nothing with every malformed case of issue 6,
 * skip-bad with its reject rows, dry run, mapping, rights, and reverting
 * a batch. */
#include "tests/unit/testutil.h"
#include "db/company_store.h"
#include "db/user_store.h"
#include "src/case.h"
#include "src/company.h"
#include "src/evaluation.h"
#include "src/journal.h"
#include "src/import.h"
#include "src/session.h"
#include "src/cvr.h"
#include "src/strbuf.h"
#include "src/xalloc.h"
#include "db/db.h"
#include "db/db_internal.h"

#include <sqlite3.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* CVR numbers that pass modulus 11 */
#define CVR1 "10000009"
#define CVR2 "10000017"
#define CVR3 "10000025"
#define CVR4 "10000033"

static const char municipality_cp1252[] =
	"CVR-nr.;Firmanavn;Adresse;Postnr.;By;Kommune;Branchekode;Kontaktperson;E-mail;Telefon\r\n"
	CVR1 ";S\xf8rens \xc6" "bler ApS;Vestergade 1;8000;;Aarhus;620100;Bo \xc5gaard;bo@aebler.dk;"
	"'+45 86 12 34 56\r\n"
	CVR2 ";\"Jensen; S\xf8nner\";\"Gade 2, 2. sal\";5000;Odense;;;;;\r\n";

static long count(struct session *s)
{
	return company_store_count(s->db);
}

static long contacts(struct session *s)
{
	sqlite3_stmt *st;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(s->db->h, "SELECT count(*) FROM contact", -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static enum kp_status run(struct session *s, const char *text, size_t len,
			  const struct import_options *o, struct import_result *r)
{
	return import_companies(s, text, len, o, r);
}

static bool has_problem(const struct import_result *r, const char *needle)
{
	for (int i = 0; i < r->nproblems; i++)
		if (strstr(r->problems[i].message, needle))
			return true;
	return false;
}

static void imports_municipality_file(void **state)
{
	struct session *s = test_session("intake");
	struct import_options o = { .file_name = "/tmp/kommune.csv", .preview_rows = 5 };
	struct import_result r;
	struct company c = { 0 };
	struct contact *k;
	int n;

	(void)state;
	assert_int_equal(run(s, municipality_cp1252, strlen(municipality_cp1252), &o, &r), KP_OK);
	assert_int_equal(r.charset, CHARSET_CP1252);
	assert_true(r.charset_detected);
	assert_int_equal(r.delimiter, ';');
	assert_int_equal(r.created, 2);
	assert_int_equal(r.rejected, 0);
	assert_true(r.written);
	assert_int_equal(r.column_of[IMPORT_MUNICIPALITY], 5);
	assert_int_equal(r.npreview, 2);
	assert_int_equal(r.preview[1].line, 3);
	assert_int_equal(r.preview[1].status, IMPORT_ROW_NEW);
	assert_int_equal(count(s), 2);
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	assert_string_equal(c.name, "Sørens Æbler ApS");
	assert_string_equal(c.town, "Aarhus C");          /* from the postcode */
	assert_int_equal(c.municipality_code, 751);         /* "Aarhus" by name */
	assert_string_equal(c.industry_code, "620100");
	assert_int_equal(contact_list(s, c.id, &k, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].name, "Bo Ågaard");
	assert_string_equal(k[0].phone, "+45 86 12 34 56");  /* the formula guard undone */
	contact_list_free(k, n);
	company_finish(&c);
	assert_int_equal(company_find_cvr(s, CVR2, &c), KP_OK);
	assert_string_equal(c.name, "Jensen; Sønner");
	assert_string_equal(c.address, "Gade 2, 2. sal");
	company_finish(&c);
	import_result_finish(&r);
	test_session_close(s);
}

static void quoted_newline_in_address_is_refused_as_control(void **state)
{
	/* an address may not hold a line break: the row is refused with its
	 * line and column, and nothing is written */
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	const char *text = "CVR;Navn;Adresse\n" CVR1 ";A/S;\"Gade 2\n2. sal\"\n" CVR2 ";B;C\n";

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_INVALID);
	assert_true(has_problem(&r, "line 2, column 3 (Adresse): address contains control"));
	assert_int_equal(count(s), 0);
	assert_false(r.written);
	import_result_finish(&r);
	test_session_close(s);
}

static void imports_register_utf8(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	struct company c = { 0 };
	const char *text = "\xef\xbb\xbf" "cvr,name,address,postcode,city,employees,founded,"
			   "industry code\n" CVR3 ",Ærø Øl & Å-is ApS,Havnen 1,5970,Ærøskøbing,12,"
			   "2015-03-01,110500\n";

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	assert_int_equal(r.charset, CHARSET_UTF8_BOM);
	assert_int_equal(r.delimiter, ',');
	assert_int_equal(r.created, 1);
	assert_int_equal(company_find_cvr(s, CVR3, &c), KP_OK);
	assert_string_equal(c.name, "Ærø Øl & Å-is ApS");
	assert_string_equal(c.size_class, "10-49");
	assert_int_equal(c.founded_year, 2015);
	company_finish(&c);
	import_result_finish(&r);
	test_session_close(s);
}

static void known_cvr_fills_and_lists_disagreements(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	struct company c = { 0 };
	const char *first = "CVR;Navn;By\n" CVR1 ";Alfa ApS;\n";
	const char *second = "CVR;Navn;Branchekode;Adresse\n" CVR1 ";Alfa Holding ApS;620100;\n";

	(void)state;
	assert_int_equal(run(s, first, strlen(first), &o, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(run(s, second, strlen(second), &o, &r), KP_OK);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.ndisagreements, 1);
	assert_int_equal(r.disagreements[0].field, IMPORT_NAME);
	assert_int_equal(r.disagreements[0].line, 2);
	assert_string_equal(r.disagreements[0].db_value, "Alfa ApS");
	assert_string_equal(r.disagreements[0].file_value, "Alfa Holding ApS");
	import_result_finish(&r);
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	assert_string_equal(c.name, "Alfa ApS");            /* kept */
	assert_string_equal(c.industry_code, "620100");     /* filled */
	company_finish(&c);
	/* the same again: unchanged; with --update the name is overwritten */
	assert_int_equal(run(s, second, strlen(second), &o, &r), KP_OK);
	assert_int_equal(r.unchanged, 1);
	assert_false(r.written);
	import_result_finish(&r);
	o.update = true;
	assert_int_equal(run(s, second, strlen(second), &o, &r), KP_OK);
	assert_int_equal(r.updated, 1);
	import_result_finish(&r);
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	assert_string_equal(c.name, "Alfa Holding ApS");
	company_finish(&c);
	test_session_close(s);
}

static void duplicate_cvr_in_file_merges(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	const char *text = "CVR;Navn;Postnr.\n" CVR1 ";Alfa;\n" CVR1 ";Alfa;8000\n";

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated, 1);
	assert_int_equal(count(s), 1);
	import_result_finish(&r);
	test_session_close(s);
}

/* Each malformed file is refused with its line and changes nothing. */
static void expect_refused(struct session *s, const char *text, const char *enc,
			   const char *needle)
{
	struct import_options o = { .encoding = enc, .skip_bad = false };
	struct import_result r;
	long before = count(s);

	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_INVALID);
	if (!has_problem(&r, needle)) {
		for (int i = 0; i < r.nproblems; i++)
			print_error("problem: %s\n", r.problems[i].message);
		fail_msg("no problem mentions \"%s\"", needle);
	}
	assert_false(r.written);
	assert_int_equal(count(s), before);
	import_result_finish(&r);
}

static void malformed_files_change_nothing(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	const char *good = "CVR;Navn\n" CVR4 ";Findes ApS\n";
	size_t big = 10 * 1024 * 1024;
	char *huge = xmalloc(big + 64);

	(void)state;
	assert_int_equal(run(s, good, strlen(good), &o, &r), KP_OK);
	import_result_finish(&r);
	expect_refused(s, "CVR;Navn\n" CVR1 ";\"Alfa\n" CVR2 ";Beta\n", NULL,
		       "line 2, column 10: quoted field is never closed");
	expect_refused(s, "CVR;Navn\n" CVR1 ";S\xf8ren\n", "utf-8",
		       "line 2, column 11: byte 0xF8 is not valid UTF-8");
	expect_refused(s, "CVR;Navn\n" CVR1 ";\x81\n", "cp1252",
		       "line 2, column 10: byte 0x81 is not valid Windows-1252");
	expect_refused(s, "CVR;Navn;By\n" CVR1 ";Alfa\n" CVR2 ";Beta;Odense\n", NULL,
		       "line 2: 2 columns where the header has 3");
	expect_refused(s, "CVR;Navn\n12345678;Alfa\n", NULL,
		       "line 2, column 1 (CVR): CVR number fails the modulus-11 check");
	expect_refused(s, "CVR;Navn\n" CVR1 ";\n", NULL,
		       "line 2, column 2 (Navn): company name is missing");
	expect_refused(s, "", NULL, "the file is empty");
	expect_refused(s, "CVR;Navn\r\n", NULL, "the file has a header but no rows");
	expect_refused(s, "Navn;By\nAlfa;Odense\n", NULL, "no column for the CVR number");
	expect_refused(s, "CVR;Navn;Postnr.\n" CVR1 ";Alfa;9999\n", NULL,
		       "line 2, column 3 (Postnr.): unknown postcode 9999");
	expect_refused(s, "CVR;Navn;Stiftet\n" CVR1 ";Alfa;1492\n", NULL,
		       "line 2, column 3 (Stiftet): founding year 1492 is not possible");
	expect_refused(s, "CVR;Navn\n" CVR1 ";Al\x1b[31mfa\n", NULL,
		       "line 2, column 2 (Navn): name contains control characters");
	strcpy(huge, "CVR;Navn\n" CVR1 ";");
	memset(huge + 18, 'x', big);
	strcpy(huge + 18 + big, "\n");
	expect_refused(s, huge, NULL, "line 2, column 10: field is longer than 64 KiB");
	free(huge);
	test_session_close(s);
}

static void skip_bad_imports_the_rest(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { .skip_bad = true };
	struct import_result r;
	const char *text = "CVR;Navn;By\n" CVR1 ";Alfa;Odense\n12345678;Beta;Vejle\n"
			   CVR2 ";Gamma\n" CVR3 ";Delta;Aarhus\n";

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	assert_int_equal(r.created, 2);
	assert_int_equal(r.rejected, 2);
	assert_int_equal(count(s), 2);
	assert_string_equal(r.rejects.buf,
			    "CVR;Navn;By;Error\r\n"
			    "12345678;Beta;Vejle;line 3, column 1 (CVR): CVR number fails the "
			    "modulus-11 check: 12345678\r\n"
			    CVR2 ";Gamma;line 4: 2 columns where the header has 3\r\n");
	import_result_finish(&r);
	test_session_close(s);
}

static void dry_run_and_map(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { .dry_run = true, .map = "cvr=Nummer,name=2" };
	struct import_result r;
	const char *text = "Nummer\tVirk\tBy\n" CVR1 "\tAlfa\tOdense\n";

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	assert_int_equal(r.delimiter, '\t');
	assert_int_equal(r.created, 1);
	assert_false(r.written);
	assert_int_equal(count(s), 0);
	import_result_finish(&r);
	o.map = "colour=Nummer";
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_INVALID);
	assert_string_equal(session_message(s), "unknown field colour in --map");
	import_result_finish(&r);
	o.map = "cvr=Nothing";
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_INVALID);
	import_result_finish(&r);
	test_session_close(s);
}

static void rights(void **state)
{
	struct session *s = test_session("admin");
	struct import_options o = { 0 };
	struct import_result r;
	const char *text = "CVR;Navn\n" CVR1 ";Alfa\n";

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_DENIED);
	import_result_finish(&r);
	assert_int_equal(count(s), 0);
	test_session_close(s);
}

static void revert_removes_and_restores(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	struct company c = { 0 };
	const char *first = "CVR;Navn\n" CVR1 ";Alfa\n";
	const char *second = "CVR;Navn;Branchekode;Kontaktperson\n" CVR1 ";Alfa;620100;\n"
			     CVR2 ";Beta;;Bo Ib\n" CVR3 ";Gamma;;\n";
	char batch[40];
	long removed, restored;

	(void)state;
	assert_int_equal(run(s, first, strlen(first), &o, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(run(s, second, strlen(second), &o, &r), KP_OK);
	assert_int_equal(r.created, 2);
	assert_int_equal(r.updated, 1);
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	assert_int_equal(count(s), 3);

	/* a case on Gamma blocks the revert */
	assert_int_equal(company_find_cvr(s, CVR3, &c), KP_OK);
	struct case_file k = { .company_id = xstrdup(c.id), .source = xstrdup("own_initiative"),
			       .themes = xstrdup("[]") };
	assert_int_equal(case_open(s, &k), KP_OK);
	company_finish(&c);
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_ERR_STATE);
	assert_true(has_problem(&r, "Gamma (CVR " CVR3 "): has cases since the import"));
	import_result_finish(&r);
	assert_int_equal(count(s), 3);
	case_finish(&k);

	/* on a fresh database without the case, it reverts */
	test_session_close(s);
	s = test_session("consultant");
	assert_int_equal(run(s, first, strlen(first), &o, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(run(s, second, strlen(second), &o, &r), KP_OK);
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(removed, 2);
	assert_int_equal(restored, 1);
	assert_int_equal(count(s), 1);
	assert_int_equal(contacts(s), 0);      /* Bo Ib went with Beta */
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	assert_string_equal(c.industry_code, "");
	company_finish(&c);
	/* not twice */
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_ERR_STATE);
	import_result_finish(&r);
	test_session_close(s);
}

/* The contact an import creates with a company is its own; one added
 * since (here by hand, on the same frozen second) blocks the revert, and
 * so does a contact a later import added to the company it found. */
static void revert_refused_for_a_newer_contact(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	struct company c = { 0 };
	const char *text = "CVR;Navn;Kontaktperson\n" CVR1 ";Alfa;Bo Ib\n";
	const char *again = "CVR;Navn;Kontaktperson\n" CVR1 ";Alfa;Ida Holm\n";
	char batch[40];
	long removed, restored;

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	struct contact k = { .company_id = xstrdup(c.id), .name = xstrdup("Eva Lund") };
	assert_int_equal(contact_add(s, &k), KP_OK);
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_ERR_STATE);
	assert_true(has_problem(&r, "has new contacts since the import"));
	import_result_finish(&r);
	assert_int_equal(contact_remove(s, k.id), KP_OK);
	contact_finish(&k);

	assert_int_equal(run(s, again, strlen(again), &o, &r), KP_OK);
	assert_int_equal(r.updated, 1);
	import_result_finish(&r);
	assert_int_equal(contacts(s), 2);
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_ERR_STATE);
	assert_true(has_problem(&r, "has new contacts since the import"));
	import_result_finish(&r);
	assert_int_equal(count(s), 1);
	company_finish(&c);
	test_session_close(s);
}

static void revert_refused_after_an_edit(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	struct company c = { 0 };
	const char *text = "CVR;Navn\n" CVR1 ";Alfa\n";
	char batch[40];
	long removed, restored;

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	free(c.address);
	c.address = xstrdup("Ny vej 3");
	assert_int_equal(company_update(s, &c), KP_OK);
	company_finish(&c);
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_ERR_STATE);
	assert_true(has_problem(&r, "was edited since the import"));
	import_result_finish(&r);
	assert_int_equal(count(s), 1);
	test_session_close(s);
}

/* A batch of a version before migration 0022 lists the rows it created as
 * import_item rows (also what such a site sends by sync); it still
 * reverts, and a row a batch created is found however it was recorded. A
 * duplicate CVR within one file fills a field of the company the same file
 * created: the revert removes the company and restores nothing. */
static void revert_older_batches_and_duplicates(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	const char *dup = "CVR;Navn;Branchekode\n" CVR2 ";Beta;\n" CVR2 ";Beta;620100\n";
	char batch[40];
	long removed, restored;

	(void)state;
	assert_true(db_exec(s->db,
		"INSERT INTO company (id, cvr, name, name_key, created_at, created_by) VALUES "
		"('co-old', '" CVR1 "', 'Alfa', 'alfa', '2026-03-01T00:00:00Z', 'x');"
		"INSERT INTO contact (id, company_id, name, created_at) VALUES "
		"('ct-old', 'co-old', 'Bo Ib', '2026-03-01T00:00:00Z');"
		"INSERT INTO import_batch (id, kind, created, created_at, created_by) VALUES "
		"('b-old', 'companies', 1, '2026-03-01T00:00:00Z', 'x');"
		"INSERT INTO import_item (id, batch_id, tbl, row_id, action, new_value) VALUES "
		"('i1', 'b-old', 'company', 'co-old', 'created', '" CVR1 "'),"
		"('i2', 'b-old', 'contact', 'ct-old', 'created', 'Bo Ib')"));
	assert_int_equal(import_revert(s, "b-old", &removed, &restored, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(removed, 1);
	assert_int_equal(count(s), 0);
	assert_int_equal(contacts(s), 0);

	assert_int_equal(run(s, dup, strlen(dup), &o, &r), KP_OK);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated, 1);
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(removed, 1);
	assert_int_equal(restored, 0);
	assert_int_equal(count(s), 0);
	test_session_close(s);
}

/* A closed case of CVR1 (closed on the fixed day, 2026-03-02). */
static char *closed_case(struct session *s)
{
	struct import_options o = { 0 };
	struct import_result r;
	struct company c = { 0 };
	struct user u = { 0 };
	struct journal_entry m = { 0 };
	const char *text = "CVR;Navn\n" CVR1 ";Alfa\n";
	char *id;

	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(company_find_cvr(s, CVR1, &c), KP_OK);
	assert_int_equal(user_store_find_login(s->db, "consultant", &u), 1);
	struct case_file k = { .company_id = xstrdup(c.id), .source = xstrdup("own_initiative"),
			       .themes = xstrdup("[]"), .location = xstrdup("aarhus"),
			       .consultant_id = xstrdup(u.id) };
	assert_int_equal(case_open(s, &k), KP_OK);
	m.case_id = xstrdup(k.id);
	m.occurred = xstrdup("2026-03-01");
	m.place = xstrdup("company");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	assert_int_equal(case_close(s, k.id, "Henvist"), KP_OK);
	id = xstrdup(k.id);
	journal_entry_finish(&m);
	case_finish(&k);
	user_finish(&u);
	company_finish(&c);
	return id;
}

static void imports_evaluations_onto_cases(void **state)
{
	struct session *s = test_session("consultant");
	char *case_id = closed_case(s);
	struct import_options o = { 0 };
	struct import_result r;
	struct evaluation *ev;
	struct strbuf text = STRBUF_INIT;
	char batch[40];
	long removed, restored;
	int n;

	(void)state;
	strbuf_addstr(&text, "CVR;Dato;Anbefaling;Effekt;Kommentar\r\n"
			     CVR1 ";02-03-2026;9;ja;\"Godt; hurtigt\"\r\n"
			     CVR2 ";2026-03-02;3;nej;\r\n");
	strbuf_addf(&text, ";2026-03-02;10;ja;igen\r\n");
	/* the unmatched CVR refuses the file, naming line and column */
	assert_int_equal(import_evaluations(s, text.buf, text.len, &o, &r), KP_ERR_INVALID);
	assert_true(has_problem(&r, "line 3, column 1 (CVR): no company with CVR " CVR2));
	assert_true(has_problem(&r, "line 4: neither a case nor a CVR number"));
	import_result_finish(&r);
	assert_int_equal(evaluation_list(s, case_id, &ev, &n), KP_OK);
	assert_int_equal(n, 0);
	evaluation_list_free(ev, n);
	/* with skip-bad the matched row is recorded on its case */
	o.skip_bad = true;
	assert_int_equal(import_evaluations(s, text.buf, text.len, &o, &r), KP_OK);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.rejected, 2);
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	assert_int_equal(evaluation_list(s, case_id, &ev, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].recommend, 9);
	assert_string_equal(ev[0].effect, "yes");
	assert_string_equal(ev[0].answered, "2026-03-02");
	assert_string_equal(ev[0].comment, "Godt; hurtigt");
	evaluation_list_free(ev, n);
	/* by case id: the case is evaluated already */
	strbuf_reset(&text);
	strbuf_addf(&text, "Case id,Recommend,Effect\n%s,10,don't know\n", case_id);
	assert_int_equal(import_evaluations(s, text.buf, text.len, &o, &r), KP_OK);
	assert_int_equal(r.unchanged, 1);
	assert_int_equal(r.created, 0);
	import_result_finish(&r);
	/* the batch reverts */
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(removed, 1);
	assert_int_equal(evaluation_list(s, case_id, &ev, &n), KP_OK);
	assert_int_equal(n, 0);
	evaluation_list_free(ev, n);
	/* intake records no evaluations */
	test_login(s, "intake");
	assert_int_equal(import_evaluations(s, text.buf, text.len, &o, &r), KP_ERR_DENIED);
	import_result_finish(&r);
	strbuf_finish(&text);
	free(case_id);
	test_session_close(s);
}

/* A large file (from 2,000 new companies on) takes the bulk path: the
 * full-text insert triggers are dropped for the move and the index filled
 * in one pass. The index must hold what the triggers would have written
 * (contact names too), the triggers must be back afterwards, and a refused
 * import must leave both as they were. */
static char *bulk_file(int rows, int first, bool bad_last)
{
	struct strbuf sb = STRBUF_INIT;
	char cvr[9], seven[12];

	strbuf_addstr(&sb, "CVR;Navn;By;Kontaktperson\n");
	for (int i = 0, k = 0; i < rows; k++) {
		snprintf(seven, sizeof seven, "%07d", 2000000 + first + k);
		if (!cvr_complete(seven, cvr))
			continue;          /* no check digit for this one */
		int no = first + i;
		if (bad_last && i == rows - 1)
			strbuf_addstr(&sb, "12345678;Forkert;;\n");
		else if (i % 3 == 0)
			strbuf_addf(&sb, "%s;Bulkfirma %d;Bulkby%d;Kontakt%dperson\n", cvr, no, i % 7, no);
		else
			strbuf_addf(&sb, "%s;Bulkfirma %d;Bulkby%d;\n", cvr, no, i % 7);
		i++;
	}
	return strbuf_detach(&sb);
}

static int search_count(struct session *s, const char *q)
{
	struct company_hit *hits;
	int n;

	assert_int_equal(company_search(s, q, 100, 0, &hits, &n), KP_OK);
	company_hits_free(hits, n);
	return n;
}

static void check_line(void *ctx, const char *line)
{
	(void)ctx;
	fail_msg("db_check: %s", line);
}

static long long pragma(struct session *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(s->db->h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A bulk import's rows are staged by a writer thread, a batch at a time.
 * A row the staging refuses in a batch the thread writes (here: a trigger
 * the test puts on the staging table) fails the import with the reason and
 * writes nothing; the connection is fine after, and the next import
 * stages every row. */
static void staging_failure_writes_nothing(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	char *small = bulk_file(3, 0, false), *text = bulk_file(5000, 100, false);

	(void)state;
	assert_int_equal(run(s, small, strlen(small), &o, &r), KP_OK);   /* makes the staging tables */
	import_result_finish(&r);
	assert_true(db_exec(s->db, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON import_new_company "
			    "WHEN new.name = 'Bulkfirma 4100' BEGIN SELECT RAISE(ABORT, 'refused here'); "
			    "END"));
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_DB);
	assert_non_null(strstr(session_message(s), "refused here"));
	assert_false(r.written);
	import_result_finish(&r);
	assert_int_equal(count(s), 3);
	assert_int_equal(db_tx_depth(s->db), 0);

	assert_true(db_exec(s->db, "DROP TRIGGER temp.refuse"));
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	assert_int_equal(r.created, 5000);
	import_result_finish(&r);
	assert_int_equal(count(s), 5003);
	assert_int_equal(search_count(s, "Bulkfirma 4100"), 1);
	free(small);
	free(text);
	test_session_close(s);
}

static void bulk_import_keeps_search_index(void **state)
{
	struct session *s = test_session("consultant");
	struct import_options o = { 0 };
	struct import_result r;
	char *text = bulk_file(2600, 0, false);
	long n;
	long long cache = pragma(s, "PRAGMA main.cache_size"), threads = pragma(s, "PRAGMA threads");
	long long temp_cache = pragma(s, "PRAGMA temp.cache_size");
	long long spill = pragma(s, "PRAGMA main.cache_spill");

	(void)state;
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	/* the bulk settings are given back */
	assert_int_equal(pragma(s, "PRAGMA main.cache_size"), cache);
	assert_int_equal(pragma(s, "PRAGMA temp.cache_size"), temp_cache);
	assert_int_equal(pragma(s, "PRAGMA threads"), threads);
	assert_int_equal(pragma(s, "PRAGMA main.cache_spill"), spill);
	n = r.created;
	assert_int_equal(n, 2600);
	import_result_finish(&r);
	free(text);
	assert_int_equal(count(s), n);
	/* name, town and a contact's name are found through the index */
	assert_int_equal(search_count(s, "Kontakt999person"), 1);
	assert_int_equal(search_count(s, "Bulkfirma 1234"), 1);
	assert_int_equal(search_count(s, "Bulkby3 Bulkfirma 1235"), 1);
	assert_true(db_check(s->db, check_line, NULL));

	/* the insert triggers are back: a company and a contact entered by hand */
	struct company c = { .cvr = xstrdup("24256790"), .name = xstrdup("Efterfirma"),
			     .postcode = xstrdup("8000") };
	if (company_create(s, &c, NULL) != KP_OK)
		fail_msg("company_create: %s", session_message(s));
	struct contact k = { .company_id = xstrdup(c.id), .name = xstrdup("Handkontakt") };
	assert_int_equal(contact_add(s, &k), KP_OK);
	assert_int_equal(search_count(s, "Handkontakt"), 1);
	contact_finish(&k);
	company_finish(&c);

	/* refused (a bad CVR in the last row): nothing, and the index as before */
	text = bulk_file(2600, 5000, true);
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_ERR_INVALID);
	import_result_finish(&r);
	free(text);
	assert_int_equal(count(s), n + 1);
	assert_int_equal(search_count(s, "Bulkfirma 6000"), 0);
	assert_int_equal(search_count(s, "Kontakt999person"), 1);
	assert_true(db_check(s->db, check_line, NULL));

	/* a second bulk import on top, then reverted: gone from the index too */
	text = bulk_file(2600, 5000, false);
	assert_int_equal(run(s, text, strlen(text), &o, &r), KP_OK);
	char batch[40];
	strcpy(batch, r.batch_id);
	import_result_finish(&r);
	free(text);
	assert_int_equal(search_count(s, "Kontakt6002person"), 1);
	long removed, restored;
	assert_int_equal(import_revert(s, batch, &removed, &restored, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(count(s), n + 1);
	assert_int_equal(search_count(s, "Kontakt6002person"), 0);
	assert_int_equal(search_count(s, "Handkontakt"), 1);
	assert_true(db_check(s->db, check_line, NULL));
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(imports_municipality_file),
		cmocka_unit_test(quoted_newline_in_address_is_refused_as_control),
		cmocka_unit_test(imports_register_utf8),
		cmocka_unit_test(known_cvr_fills_and_lists_disagreements),
		cmocka_unit_test(duplicate_cvr_in_file_merges),
		cmocka_unit_test(malformed_files_change_nothing),
		cmocka_unit_test(skip_bad_imports_the_rest),
		cmocka_unit_test(dry_run_and_map),
		cmocka_unit_test(rights),
		cmocka_unit_test(revert_removes_and_restores),
		cmocka_unit_test(revert_refused_after_an_edit),
		cmocka_unit_test(revert_refused_for_a_newer_contact),
		cmocka_unit_test(revert_older_batches_and_duplicates),
		cmocka_unit_test(staging_failure_writes_nothing),
		cmocka_unit_test(bulk_import_keeps_search_index),
		cmocka_unit_test(imports_evaluations_onto_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
