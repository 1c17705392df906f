/* Export: the round trip of Danish names through cp1252 and UTF-8 with a
 * BOM back into a fresh database, formula neutralising, transliteration
 * and --strict, the rights and scope of case, meeting and referral
 * exports, and the private, atomic file write. */
#include "tests/unit/testutil.h"
#include "db/user_store.h"
#include "src/case.h"
#include "src/company.h"
#include "src/datafile.h"
#include "src/export.h"
#include "src/import.h"
#include "src/journal.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VAEKSTFONDEN "ab1147a7-0169-5356-b2b7-1daf6d133eaa"

static const char *const names[] = {
	"Æblegården ApS", "Østerbro Øl I/S", "Åbenrå Café & Bistro", "æøå ÆØÅ é A/S",
	"\"Citat\"; med semikolon", "=HYPERLINK(\"http://x\") ApS", "-Minus og @at",
};
static const char *const cvrs[] = {
	"10000009", "10000017", "10000025", "10000033", "10000041", "10000068", "10000076",
};
#define N_COMPANIES 7

static char *add_company(struct session *s, int i)
{
	struct company c = { 0 };
	char *id;

	c.cvr = xstrdup(cvrs[i]);
	c.name = xstrdup(names[i]);
	c.address = xstrdup(i % 2 ? "Søndergade 7, 1. th." : "");
	c.postcode = xstrdup(i % 3 ? "8000" : "");
	c.industry_code = xstrdup(i % 2 ? "620100" : "");
	c.size_class = xstrdup(i % 2 ? "10-49" : "");
	c.founded_year = i % 2 ? 1999 + i : 0;
	c.growth_ambition = xstrdup(i % 3 == 1 ? "high" : "");
	c.target_group = xstrdup(i % 3 == 2 ? "sme" : "");
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	id = xstrdup(c.id);
	company_finish(&c);
	return id;
}

static void build(struct session *s, enum export_kind k, const struct export_filter *f,
		  enum charset cs, struct strbuf *out, struct export_result *res)
{
	struct export_options o;

	export_options_default(&o);
	o.charset = cs;
	if (export_build(s, k, f, &o, out, res) != KP_OK)
		fail_msg("export failed: %s", session_message(s));
}

static void round_trip(enum charset cs)
{
	struct session *a = test_session("consultant"), *b = test_session("consultant");
	struct strbuf file = STRBUF_INIT, again = STRBUF_INIT, first = STRBUF_INIT;
	struct export_filter f = { 0 };
	struct export_result res;
	struct import_options io = { 0 };
	struct import_result ir;

	for (int i = 0; i < N_COMPANIES; i++)
		free(add_company(a, i));
	build(a, EXPORT_COMPANIES, &f, cs, &file, &res);
	assert_int_equal(res.rows, N_COMPANIES);
	assert_int_equal(res.rep.unmappable_count, 0);
	if (cs == CHARSET_UTF8_BOM)
		assert_memory_equal(file.buf, "\xef\xbb\xbf" "CVR;", 7);
	else
		assert_non_null(strstr(file.buf, "\xc6" "bleg\xe5rden ApS"));   /* cp1252 bytes */
	/* the formula is neutralised in the file */
	assert_non_null(strstr(file.buf, "\"'=HYPERLINK(\"\"http://x\"\") ApS\""));
	assert_non_null(strstr(file.buf, ";'-Minus og @at;"));
	/* into a fresh database, detected from the bytes */
	assert_int_equal(import_companies(b, file.buf, file.len, &io, &ir), KP_OK);
	assert_int_equal(ir.charset, cs);
	assert_int_equal(ir.created, N_COMPANIES);
	assert_int_equal(ir.rejected, 0);
	import_result_finish(&ir);
	/* identical: both databases export the same bytes */
	build(a, EXPORT_COMPANIES, &f, CHARSET_UTF8, &first, &res);
	build(b, EXPORT_COMPANIES, &f, CHARSET_UTF8, &again, &res);
	assert_string_equal(again.buf, first.buf);
	for (int i = 0; i < N_COMPANIES; i++) {
		struct company c = { 0 };

		assert_int_equal(company_find_cvr(b, cvrs[i], &c), KP_OK);
		assert_string_equal(c.name, names[i]);
		company_finish(&c);
	}
	strbuf_finish(&file);
	strbuf_finish(&again);
	strbuf_finish(&first);
	test_session_close(a);
	test_session_close(b);
}

static void round_trip_cp1252(void **state)
{
	(void)state;
	round_trip(CHARSET_CP1252);
}

static void round_trip_utf8_bom(void **state)
{
	(void)state;
	round_trip(CHARSET_UTF8_BOM);
}

static void transliterates_or_refuses(void **state)
{
	struct session *s = test_session("consultant");
	struct company c = { .cvr = xstrdup(cvrs[0]), .name = xstrdup("Łódź Handel ő ApS") };
	struct export_filter f = { 0 };
	struct export_options o;
	struct export_result res;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(company_create(s, &c, NULL), KP_OK);
	company_finish(&c);
	export_options_default(&o);
	o.charset = CHARSET_CP1252;
	assert_int_equal(export_build(s, EXPORT_COMPANIES, &f, &o, &out, &res), KP_OK);
	assert_string_equal(res.rep.unmappable, "Ł ź ő");
	assert_non_null(strstr(out.buf, "L\xf3" "dz Handel o ApS"));
	strbuf_reset(&out);
	o.strict = true;
	assert_int_equal(export_build(s, EXPORT_COMPANIES, &f, &o, &out, &res), KP_ERR_INVALID);
	assert_non_null(strstr(session_message(s), "Ł ź ő"));
	assert_int_equal(out.len, 0);
	strbuf_finish(&out);
	test_session_close(s);
}

static char *user_id(struct session *s, const char *login)
{
	struct user u = { 0 };
	char *id;

	assert_int_equal(user_store_find_login(s->db, login, &u), 1);
	id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

static void cases_meetings_and_referrals_in_scope(void **state)
{
	struct session *s = test_session("consultant");
	char *company = add_company(s, 0);
	char *kons = user_id(s, "consultant");
	struct case_file c = { .company_id = xstrdup(company), .source = xstrdup("own_initiative"),
			       .themes = xstrdup("[\"digitalisation\"]"),
			       .title = xstrdup("Vil digitalisere"), .location = xstrdup("aarhus"),
			       .consultant_id = xstrdup(kons) };
	struct journal_entry m = { 0 };
	struct export_filter f = { 0 };
	struct export_result res;
	struct strbuf out = STRBUF_INIT;
	struct export_options o;

	(void)state;
	assert_int_equal(case_open(s, &c), KP_OK);
	m.case_id = xstrdup(c.id);
	m.occurred = xstrdup("2026-03-01");
	m.place = xstrdup("company");
	m.duration_min = 90;
	m.summary = xstrdup("Første møde; =SUM(A1)");
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	struct referral r = { .case_id = xstrdup(c.id), .organisation_id = xstrdup(VAEKSTFONDEN),
			      .theme = xstrdup("capital"), .reason = xstrdup("lån") };
	assert_int_equal(referral_create(s, &r), KP_OK);
	referral_finish(&r);

	build(s, EXPORT_CASES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	assert_non_null(strstr(out.buf, "Vil digitalisere"));
	strbuf_reset(&out);
	build(s, EXPORT_MEETINGS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	assert_non_null(strstr(out.buf, ";\"Første møde; =SUM(A1)\";"));
	strbuf_reset(&out);
	build(s, EXPORT_REFERRALS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	assert_non_null(strstr(out.buf, ";lån;2026-03-02;"));
	strbuf_reset(&out);
	/* a period without the meeting */
	f.from = "2026-03-02";
	build(s, EXPORT_MEETINGS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	strbuf_reset(&out);
	f.from = "2026-13-01";
	export_options_default(&o);
	assert_int_equal(export_build(s, EXPORT_MEETINGS, &f, &o, &out, &res), KP_ERR_INVALID);
	f.from = NULL;

	/* another consultant of the house lists the case but not its journal */
	test_login(s, "consultant2");
	build(s, EXPORT_CASES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	strbuf_reset(&out);
	build(s, EXPORT_MEETINGS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_null(strstr(out.buf, "Første møde"));
	strbuf_reset(&out);
	build(s, EXPORT_REFERRALS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	strbuf_reset(&out);

	/* intake exports cases but no meetings; nobody exports another house */
	test_login(s, "intake");
	assert_int_equal(export_build(s, EXPORT_MEETINGS, &f, &o, &out, &res), KP_ERR_DENIED);
	f.house = "hovedstaden";
	assert_int_equal(export_build(s, EXPORT_CASES, &f, &o, &out, &res), KP_ERR_DENIED);
	f.house = NULL;
	f.status = "dreaming";
	assert_int_equal(export_build(s, EXPORT_CASES, &f, &o, &out, &res), KP_ERR_INVALID);
	f.status = NULL;
	f.partner_type = "gts";
	assert_int_equal(export_build(s, EXPORT_CASES, &f, &o, &out, &res), KP_ERR_INVALID);
	f.partner_type = NULL;
	f.consultant = "consultant";
	assert_int_equal(export_build(s, EXPORT_COMPANIES, &f, &o, &out, &res), KP_ERR_INVALID);
	assert_int_equal(out.len, 0);
	/* the admin reads companies but lists no cases */
	f.consultant = NULL;
	test_login(s, "admin");
	assert_int_equal(export_build(s, EXPORT_CASES, &f, &o, &out, &res), KP_ERR_DENIED);
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8_BOM, &out, &res);
	assert_int_equal(res.rows, 1);
	strbuf_reset(&out);
	/* the company list's search: what it shows is what is exported */
	f.search = "Æbleg";
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	assert_non_null(strstr(out.buf, "\r\n10000009;;Æblegården ApS;"));
	strbuf_reset(&out);
	f.search = "Østerbro";
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_int_equal(export_build(s, EXPORT_CASES, &f, &o, &out, &res), KP_ERR_INVALID);
	f.search = NULL;

	strbuf_finish(&out);
	case_finish(&c);
	journal_entry_finish(&m);
	free(company);
	free(kons);
	test_session_close(s);
}

static void file_is_private_and_atomic(void **state)
{
	char dir[] = "/tmp/kp-export-XXXXXX";
	char path[128], err[256];
	struct stat sb;
	DIR *d;
	struct dirent *e;
	int files = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/liste.csv", dir);
	umask(0022);
	assert_true(datafile_write(path, "a;b\r\n", 5, err, sizeof err));
	assert_true(datafile_write(path, "c;d\r\n", 5, err, sizeof err));   /* replaces */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 5);
	d = opendir(dir);
	while ((e = readdir(d)) != NULL)
		files += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 1);                 /* no temporary left behind */
	char *data;
	size_t len;
	assert_true(datafile_read(path, &data, &len, err, sizeof err));
	assert_string_equal(data, "c;d\r\n");
	free(data);
	snprintf(path, sizeof path, "%s/no/such/folder.csv", dir);
	assert_false(datafile_write(path, "x", 1, err, sizeof err));
	assert_non_null(strstr(err, "cannot create"));
	snprintf(path, sizeof path, "%s/liste.csv", dir);
	unlink(path);
	rmdir(dir);
}

/* An export made to share beyond the house (or for a newsletter) holds only
 * companies whose consent covers that scope, and a withdrawal takes effect
 * in the next export at once: companies, searches, cases, meetings and
 * referrals alike. */
static void consent_limits_exports(void **state)
{
	struct session *s = test_session("consultant");
	char *a = add_company(s, 0), *b = add_company(s, 1), *c3 = add_company(s, 2);
	char *kons = user_id(s, "consultant");
	struct case_file c = { .company_id = xstrdup(a), .source = xstrdup("own_initiative"),
			       .themes = xstrdup("[\"digitalisation\"]"),
			       .title = xstrdup("Deles med samtykke"), .location = xstrdup("aarhus"),
			       .consultant_id = xstrdup(kons) };
	struct journal_entry m = { .occurred = xstrdup("2026-03-01"), .place = xstrdup("company"),
				   .summary = xstrdup("Møde om deling") };
	struct export_filter f = { .consent = "sharing" };
	struct export_result res;
	struct export_options o;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(company_consent_give(s, a, "sharing, newsletter"), KP_OK);
	assert_int_equal(company_consent_give(s, b, "newsletter"), KP_OK);
	assert_int_equal(case_open(s, &c), KP_OK);
	m.case_id = xstrdup(c.id);
	assert_int_equal(journal_log_meeting(s, &m, false), KP_OK);
	struct referral r = { .case_id = xstrdup(c.id), .organisation_id = xstrdup(VAEKSTFONDEN),
			      .theme = xstrdup("capital"), .reason = xstrdup("lån") };
	assert_int_equal(referral_create(s, &r), KP_OK);
	referral_finish(&r);

	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	assert_int_equal(res.withheld, 2);
	assert_non_null(strstr(out.buf, names[0]));
	assert_null(strstr(out.buf, "Østerbro"));
	strbuf_reset(&out);
	f.consent = "newsletter";
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 2);
	assert_non_null(strstr(out.buf, "Østerbro"));
	assert_null(strstr(out.buf, "Åbenrå"));
	strbuf_reset(&out);
	/* within the house (no consent scope) everything is exported */
	f.consent = NULL;
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.withheld, 0);
	strbuf_reset(&out);
	f.consent = "sharing";
	f.search = "Østerbro";
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_int_equal(res.withheld, 1);
	strbuf_reset(&out);
	f.search = NULL;
	build(s, EXPORT_CASES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	strbuf_reset(&out);
	build(s, EXPORT_MEETINGS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	strbuf_reset(&out);
	build(s, EXPORT_REFERRALS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 1);
	strbuf_reset(&out);

	/* withdrawn: at once nothing of the company leaves the house */
	assert_int_equal(company_consent_withdraw(s, a), KP_OK);
	build(s, EXPORT_COMPANIES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_null(strstr(out.buf, names[0]));
	strbuf_reset(&out);
	build(s, EXPORT_CASES, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_null(strstr(out.buf, "Deles med samtykke"));
	strbuf_reset(&out);
	build(s, EXPORT_MEETINGS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_null(strstr(out.buf, "Møde om deling"));
	strbuf_reset(&out);
	build(s, EXPORT_REFERRALS, &f, CHARSET_UTF8, &out, &res);
	assert_int_equal(res.rows, 0);
	assert_int_equal(res.withheld, 1);
	strbuf_reset(&out);
	/* an unknown scope is refused, nothing written */
	f.consent = "everything";
	export_options_default(&o);
	assert_int_equal(export_build(s, EXPORT_COMPANIES, &f, &o, &out, &res), KP_ERR_INVALID);
	assert_int_equal(out.len, 0);

	strbuf_finish(&out);
	case_finish(&c);
	journal_entry_finish(&m);
	free(a);
	free(b);
	free(c3);
	free(kons);
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_cp1252),
		cmocka_unit_test(round_trip_utf8_bom),
		cmocka_unit_test(transliterates_or_refuses),
		cmocka_unit_test(cases_meetings_and_referrals_in_scope),
		cmocka_unit_test(file_is_private_and_atomic),
		cmocka_unit_test(consent_limits_exports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
