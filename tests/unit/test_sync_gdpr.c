/* Data protection across sites: an erasure made at one site scrubs every
 * other site's copy when it arrives by sync (including free text written
 * there that the eraser never saw), destroys the audit keys everywhere,
 * leaves no trace in the database file or its WAL, survives old files and
 * a site that edited the person later by its clock; the audit chains of
 * every origin verify at every site. */
#include "tests/unit/testutil.h"
#include "tests/sync/synctest.h"
#include "db/db.h"
#include "db/company_store.h"
#include "db/sync_store.h"
#include "src/company.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/gdpr.h"
#include "src/integrity.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CO "01900000-0000-7000-8000-0000000c0001"
#define CT "01900000-0000-7000-8000-0000000c0002"
#define CASE "01900000-0000-7000-8000-0000000c0003"
#define J1 "01900000-0000-7000-8000-0000000c0004"
#define J2 "01900000-0000-7000-8000-0000000c0005"
#define ADMIN "00000000-0000-7000-8000-000000000001"
#define SURNAME "Testesen"
#define NAME "Jens " SURNAME
#define EMAIL "jens.testesen@example.dk"
#define PHONE "20304050"
#define PHONE_C "99887766"        /* written at a site that had not seen the erasure */

static const char *const traces[] = { SURNAME, EMAIL, PHONE, PHONE_C, NULL };

struct fx {
	char *dir;
	struct tsite t[3];          /* a erases, b receives, c edits offline */
};

static void xfer(struct tsite *from, struct tsite *to, struct sync_import_result *r)
{
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;

	assert_int_equal(sync_export_mem(from->s, tsite_id(to), false, NULL, 0, &buf, &len, &er), KP_OK);
	if (sync_import_mem(to->s, buf, len, 0, r) != KP_OK)
		fail_msg("import: %s", session_message(to->s));
	free(buf);
}

static void exchange(struct tsite *a, struct tsite *b)
{
	struct sync_import_result r;

	xfer(a, b, &r);
	xfer(b, a, &r);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tmpdir_make();
	tsite_create(&f->t[0], f->dir, "a", "test");
	tsite_create(&f->t[1], f->dir, "b", "test");
	tsite_create(&f->t[2], f->dir, "c", "test");
	tsite_trust_all(f->t, 3);
	for (int round = 0; round < 2; round++) {
		exchange(&f->t[0], &f->t[1]);
		exchange(&f->t[0], &f->t[2]);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (int i = 0; i < 3; i++) {
		if (f->t[i].s)
			tsite_close(&f->t[i]);
		free(f->t[i].path);
	}
	if (!getenv("KP_KEEP"))
		tmpdir_remove(f->dir);
	else
		fprintf(stderr, "kept %s\n", f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static bool file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	bool hit = false;

	if (!fp)
		return false;
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = xmalloc((size_t)len + 1);
	if (fread(buf, 1, (size_t)len, fp) == (size_t)len)
		hit = memmem(buf, (size_t)len, needle, strlen(needle)) != NULL;
	free(buf);
	fclose(fp);
	return hit;
}

/* Nothing of the person in the site's database file or its WAL. */
static void no_traces(struct tsite *t)
{
	char *wal = xasprintf("%s-wal", t->path);

	for (int i = 0; traces[i]; i++)
		if (file_has(t->path, traces[i]) || file_has(wal, traces[i]))
			fail_msg("%s is still in %s or its WAL", traces[i], t->path);
	free(wal);
}

static char *contact_field(struct tsite *t, const char *col)
{
	struct contact c = { 0 };
	char *v = NULL;

	assert_int_equal(contact_store_get(t->s->db, CT, &c), 1);
	if (strcmp(col, "name") == 0)
		v = xstrdup(c.name);
	else if (strcmp(col, "email") == 0)
		v = xstrdup(c.email);
	else if (strcmp(col, "phone") == 0)
		v = xstrdup(c.phone);
	contact_finish(&c);
	return v;
}

static void assert_erased(struct tsite *t)
{
	char *name = contact_field(t, "name"), *email = contact_field(t, "email"),
	     *phone = contact_field(t, "phone");

	assert_string_equal(name, GDPR_ERASED_TEXT);
	assert_string_equal(email, "");
	assert_string_equal(phone, "");
	free(name);
	free(email);
	free(phone);
}

static void report(void *ctx, const char *line)
{
	fprintf(stderr, "%s: %s\n", (const char *)ctx, line);
}

static void audit_verifies(struct tsite *t)
{
	int problems = -1;

	assert_int_equal(audit_verify(t->s, report, (void *)t->path, &problems), KP_OK);
	assert_int_equal(problems, 0);
}

static void digests_equal(struct tsite *a, struct tsite *b)
{
	char d1[33], m1[33], d2[33], m2[33];

	assert_int_equal(sync_digest(a->s, d1, m1), KP_OK);
	assert_int_equal(sync_digest(b->s, d2, m2), KP_OK);
	assert_string_equal(d1, d2);
	assert_string_equal(m1, m2);
}

/* The personal part of the first audit entry on the contact at t. */
static char *revealed(struct tsite *t, bool *erased)
{
	struct audit_filter f = { .row_id = CT, .action_prefix = "contact.read" };
	struct audit_entry *log;
	int n;
	char *text;

	assert_int_equal(audit_list(t->s, &f, &log, &n), KP_OK);
	assert_int_equal(n, 1);
	text = audit_reveal(t->s, &log[0], erased);
	audit_list_free(log, n);
	return text;
}

static void erasure_travels(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *b = &f->t[1], *c = &f->t[2];
	struct sync_import_result r;
	struct sync_export_result er;
	unsigned char *old;
	size_t oldlen;
	bool erased = true, compacted = false;

	/* a registers the person, a case and a meeting naming him */
	tsite_exec(a, false, "INSERT INTO company(id, name, name_key, created_at, created_by) VALUES "
			     "('" CO "', 'Maskinfabrikken Nord ApS', 'maskinfabrikken nord aps', "
			     "'2026-03-01T10:00:00Z', '" ADMIN "')");
	tsite_exec(a, false, "INSERT INTO contact(id, company_id, name, role, email, phone, created_at) VALUES "
			     "('" CT "', '" CO "', '" NAME "', 'direktør', '" EMAIL "', '" PHONE "', "
			     "'2026-03-01T10:00:00Z')");
	tsite_exec(a, false, "INSERT INTO case_file(id, company_id, title, source, opened, created_at, "
			     "created_by, updated_at) VALUES ('" CASE "', '" CO "', 'Generationsskifte', "
			     "'own_initiative', '2026-03-01', '2026-03-01T10:00:00Z', '" ADMIN "', "
			     "'2026-03-01T10:00:00Z')");
	tsite_exec(a, false, "INSERT INTO journal_entry(id, case_id, kind, occurred, participants, summary, "
			     "author_id, created_at) VALUES ('" J1 "', '" CASE "', 'meeting', '2026-03-01', "
			     "'" NAME "', 'Talte med " NAME " om salg; ring " PHONE "', '" ADMIN "', "
			     "'2026-03-01T10:00:00Z')");
	assert_true(audit_record_private(a->s, "contact.read", "contact", CT, CT, NAME " (" EMAIL ")", NULL));
	xfer(a, b, &r);
	xfer(a, c, &r);
	char *text = revealed(b, &erased);
	assert_non_null(text);                        /* b reads it with the synced key */
	assert_non_null(strstr(text, EMAIL));
	free(text);
	/* a file from before the erasure, imported at b only at the end */
	assert_int_equal(sync_export_mem(a->s, tsite_id(b), true, NULL, 0, &old, &oldlen, &er), KP_OK);

	/* offline: b writes a note naming him; c (its clock ahead) edits his phone */
	b->now_ms += 60000;
	tsite_exec(b, false, "INSERT INTO journal_entry(id, case_id, kind, occurred, summary, author_id, "
			     "created_at) VALUES ('" J2 "', '" CASE "', 'note', '2026-03-02', "
			     "'Ringede til " NAME " på " PHONE "', '" ADMIN "', '2026-03-02T10:00:00Z')");
	c->now_ms += 3600000 / 2;
	tsite_exec(c, false, "UPDATE contact SET phone = '" PHONE_C "' WHERE id = '" CT "'");

	/* a erases him (after review) */
	a->now_ms += 120000;
	struct gdpr_review rv;
	assert_int_equal(gdpr_review_contact(a->s, CT, &rv), KP_OK);
	int seen = rv.n;
	gdpr_review_finish(&rv);
	assert_int_equal(gdpr_erase_contact(a->s, CT, seen, &compacted), KP_OK);
	assert_true(compacted);
	assert_erased(a);
	no_traces(a);                                /* also none in a's sync metadata */

	/* b receives the erasure: its own note is scrubbed too, the keys are gone */
	xfer(a, b, &r);
	assert_int_equal(r.erasures, 1);
	assert_true(r.compacted);
	assert_erased(b);
	erased = false;
	assert_null(revealed(b, &erased));
	assert_true(erased);
	audit_verifies(b);
	no_traces(b);

	/* a file from before the erasure brings nothing back */
	assert_int_equal(sync_import_mem(b->s, old, oldlen, 0, &r), KP_OK);
	free(old);
	assert_false(r.already);
	assert_erased(b);
	no_traces(b);

	/* c edited his phone later by its clock than the erasure, without
	 * having seen it: b erases again what comes back */
	xfer(c, b, &r);
	assert_int_equal(r.erasures, 1);
	assert_erased(b);
	no_traces(b);
	audit_verifies(b);

	/* everyone converges on the erased state, with nothing left anywhere */
	for (int round = 0; round < 3; round++) {
		exchange(a, b);
		exchange(b, c);
		exchange(a, c);
	}
	for (int i = 0; i < 3; i++) {
		assert_erased(&f->t[i]);
		audit_verifies(&f->t[i]);
		/* the last exchange may have left overwritten pages behind */
		assert_true(gdpr_store_compact(f->t[i].s->db));
		no_traces(&f->t[i]);
	}
	digests_equal(a, b);
	digests_equal(b, c);
	/* and after closing (the WAL is checkpointed into the file) */
	for (int i = 0; i < 3; i++)
		tsite_close(&f->t[i]);
	for (int i = 0; i < 3; i++)
		no_traces(&f->t[i]);
}

static int count(struct tsite *t, const char *sql);

/* The personal parts of the entries about CT that t can read. */
static int readable(struct tsite *t, const char *want1, const char *want2)
{
	struct audit_filter f = { .row_id = CT, .action_prefix = "contact.read" };
	struct audit_entry *log;
	int n, ok = 0;

	assert_int_equal(audit_list(t->s, &f, &log, &n), KP_OK);
	for (int i = 0; i < n; i++) {
		bool erased = false;
		char *text = audit_reveal(t->s, &log[i], &erased);

		if (text && ((want1 && strcmp(text, want1) == 0) || (want2 && strcmp(text, want2) == 0)))
			ok++;
		else
			assert_true(!text && erased);
		free(text);
	}
	audit_list_free(log, n);
	return ok;
}

/* Two sites each make a key for one person before they sync: both keys
 * stay (they are per site), so each site reads both sites' entries. A key
 * made later by a site that has not seen the person's erasure is dropped
 * where the erasure is known, so its entries are unreadable everywhere. */
static void audit_keys_of_two_sites(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *b = &f->t[1], *c = &f->t[2];
	bool compacted;

	tsite_exec(a, false, "INSERT INTO company(id, name, name_key, created_at, created_by) VALUES "
			     "('" CO "', 'Maskinfabrikken Nord ApS', 'maskinfabrikken nord aps', "
			     "'2026-03-01T10:00:00Z', '" ADMIN "')");
	tsite_exec(a, false, "INSERT INTO contact(id, company_id, name, email, created_at) VALUES "
			     "('" CT "', '" CO "', '" NAME "', '" EMAIL "', '2026-03-01T10:00:00Z')");
	exchange(a, b);
	exchange(a, c);
	assert_true(audit_record_private(a->s, "contact.read", "contact", CT, CT, "read at a", NULL));
	b->now_ms += 1000;
	assert_true(audit_record_private(b->s, "contact.read", "contact", CT, CT, "read at b", NULL));
	for (int round = 0; round < 2; round++)
		exchange(a, b);
	assert_int_equal(readable(a, "read at a", "read at b"), 2);
	assert_int_equal(readable(b, "read at a", "read at b"), 2);

	/* a erases him; c, not knowing, reads him (a key of its own) */
	a->now_ms += 60000;
	struct gdpr_review rv;
	assert_int_equal(gdpr_review_contact(a->s, CT, &rv), KP_OK);
	int seen = rv.n;
	gdpr_review_finish(&rv);
	assert_int_equal(gdpr_erase_contact(a->s, CT, seen, &compacted), KP_OK);
	c->now_ms += 120000;
	assert_true(audit_record_private(c->s, "contact.read", "contact", CT, CT, "read at c", NULL));
	assert_int_equal(readable(c, "read at c", NULL), 1);
	for (int round = 0; round < 3; round++) {
		exchange(a, b);
		exchange(b, c);
		exchange(a, c);
	}
	digests_equal(a, b);      /* before reading: a read of the trail is recorded */
	digests_equal(b, c);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(readable(&f->t[i], "read at a", "read at c"), 0);
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM audit_key WHERE subject = '" CT "' "
						 "OR subject LIKE '" CT "/%'"), 0);
	}
}

static int audit_rows(struct tsite *t)
{
	struct audit_filter f = { .limit = 100000 };
	struct audit_entry *log;
	int n;

	assert_int_equal(audit_list(t->s, &f, &log, &n), KP_OK);
	audit_list_free(log, n);
	return n;
}

static void xfer_clean(struct tsite *from, struct tsite *to)
{
	struct sync_import_result r;

	xfer(from, to, &r);
	assert_int_equal(r.refused, 0);
	assert_int_equal(sync_store_unapplied_count(to->s->db), 0);
}

/* Audit entries arrive as append-only rows and every origin's chain
 * verifies at every site, also when relayed through a third site and when
 * the same rows arrive again by another path. */
static void audit_chains_travel(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *b = &f->t[1], *c = &f->t[2];

	for (int i = 0; i < 3; i++) {
		assert_true(audit_record(a->s, "test.a", "company", CO, "n=%d", i));
		assert_true(audit_record(b->s, "test.b", "company", CO, "n=%d", i));
		assert_true(audit_record(c->s, "test.c", "company", CO, "n=%d", i));
	}
	xfer_clean(a, b);
	xfer_clean(b, c);                 /* c hears of a only through b */
	audit_verifies(c);
	xfer_clean(c, b);
	xfer_clean(b, a);
	audit_verifies(a);
	audit_verifies(b);
	/* the same entries again by another path: nothing is refused or changed */
	xfer_clean(a, c);
	xfer_clean(c, a);
	for (int round = 0; round < 2; round++) {
		xfer_clean(a, b);
		xfer_clean(b, c);
		xfer_clean(c, a);
	}
	for (int i = 0; i < 3; i++)
		audit_verifies(&f->t[i]);
	/* each list reads the trail (and is recorded); the totals agree after a
	 * last round that carries those reads */
	int na = audit_rows(a), nb = audit_rows(b), nc = audit_rows(c);
	assert_true(na >= 9 && nb >= 9 && nc >= 9);
	for (int round = 0; round < 2; round++) {
		xfer_clean(a, b);
		xfer_clean(b, c);
		xfer_clean(c, a);
	}
	digests_equal(a, b);
	digests_equal(b, c);
	/* an entry changed after it travelled is found at the receiver */
	tsite_exec(c, false, "DROP TRIGGER audit_no_update");
	tsite_exec(c, false, "UPDATE audit SET detail = 'n=7' WHERE action = 'test.a' AND detail = 'n=1'");
	int problems = 0;
	assert_int_equal(audit_verify(c->s, report, (void *)c->path, &problems), KP_OK);
	assert_int_equal(problems, 1);
}

/* A company with a contact, a case, a journal entry and an audit key. */
static void company_with_case(struct tsite *t, const char *n, const char *consent)
{
	tsite_exec(t, false, "INSERT INTO company(id, name, name_key, consent_given, consent_scope, created_at, "
			     "created_by) VALUES ('co-%s', 'Firma %s', 'firma %s', %s, '%s', "
			     "'2026-03-01T10:00:00Z', '" ADMIN "')", n, n, n, *consent ? "'2026-03-01'" : "NULL",
		   consent);
	tsite_exec(t, false, "INSERT INTO contact(id, company_id, name, email, created_at) VALUES "
			     "('ct-%s', 'co-%s', 'Person %s', 'p%s@example.dk', '2026-03-01T10:00:00Z')", n, n, n, n);
	tsite_exec(t, false, "INSERT INTO case_file(id, company_id, title, source, opened, created_at, created_by, "
			     "updated_at) VALUES ('cs-%s', 'co-%s', 'Sag %s', 'own_initiative', '2026-03-01', "
			     "'2026-03-01T10:00:00Z', '" ADMIN "', '2026-03-01T10:00:00Z')", n, n, n);
	tsite_exec(t, false, "INSERT INTO journal_entry(id, case_id, kind, occurred, summary, author_id, created_at) "
			     "VALUES ('je-%s', 'cs-%s', 'note', '2026-03-01', 'Notat %s', '" ADMIN "', "
			     "'2026-03-01T10:00:00Z')", n, n, n);
	tsite_exec(t, false, "INSERT INTO referral_event(id, referral_id, at, on_date, user_id, to_status) "
			     "VALUES ('rfe-%s', 'rf-%s', '2026-03-01T10:00:00Z', '2026-03-01', '" ADMIN "', 'sent')",
		   n, n);
	tsite_exec(t, false, "INSERT INTO referral(id, case_id, organisation_id, theme, referred_on, status, "
			     "status_on, created_at, created_by, updated_at) VALUES ('rf-%s', 'cs-%s', 'org', "
			     "'export', '2026-03-01', 'sent', '2026-03-01', '2026-03-01T10:00:00Z', '" ADMIN "', '2026-03-01T10:00:00Z')",
		   n, n);
	tsite_exec(t, false, "INSERT INTO audit_key(subject, key, created_at) VALUES ('ct-%s', randomblob(32), "
			     "'2026-03-01T10:00:00Z')", n);
}

static int count(struct tsite *t, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_open_v2(t->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Every row of company n at t (company, contact, case, journal, referral
 * and its event, audit key: 7), or none of them, not even in the sync
 * metadata. */
static void has_company(struct tsite *t, const char *n, bool want)
{
	char sql[1024];

	snprintf(sql, sizeof sql,
		 "SELECT (SELECT count(*) FROM company WHERE id = 'co-%s') + (SELECT count(*) FROM contact WHERE "
		 "id = 'ct-%s') + (SELECT count(*) FROM case_file WHERE id = 'cs-%s') + (SELECT count(*) FROM "
		 "journal_entry WHERE id = 'je-%s') + (SELECT count(*) FROM referral WHERE id = 'rf-%s') + "
		 "(SELECT count(*) FROM referral_event WHERE id = 'rfe-%s') + (SELECT count(*) FROM audit_key "
		 "WHERE subject = 'ct-%s')", n, n, n, n, n, n, n);
	assert_int_equal(count(t, sql), want ? 7 : 0);
	if (!want) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sync_row WHERE id LIKE '%%-%s'", n);
		assert_int_equal(count(t, sql), 0);
	}
}

/* Beyond the house a company's data travels only with its consent to
 * sharing; within the house everything travels; withdrawal stops it at
 * once, and a later consent sends what was held back. */
static void consent_limits_sync_beyond_house(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *a2 = &f->t[1], o = { 0 };
	struct sync_import_result r;
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;

	tsite_create_house(&o, f->dir, "odense", "test", "fyn", "odense");
	struct tsite all[3] = { *a, *a2, o };
	tsite_trust_all(all, 3);
	company_with_case(a, "yes", "newsletter, sharing");
	company_with_case(a, "no", "newsletter");
	company_with_case(a, "none", "");

	/* to another house: only the company with consent to sharing */
	assert_int_equal(sync_export_mem(a->s, tsite_id(&o), false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_true(er.beyond_house);
	assert_true(er.withheld > 0);
	assert_int_equal(sync_import_mem(o.s, buf, len, 0, &r), KP_OK);
	free(buf);
	has_company(&o, "yes", true);
	has_company(&o, "no", false);
	has_company(&o, "none", false);
	/* within the house: everything, and relayed on, the rule still holds */
	xfer(a, a2, &r);
	has_company(a2, "no", true);
	has_company(a2, "none", true);
	assert_int_equal(sync_export_mem(a2->s, tsite_id(&o), false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_true(er.beyond_house);
	assert_int_equal(sync_import_mem(o.s, buf, len, 0, &r), KP_OK);
	free(buf);
	has_company(&o, "no", false);
	has_company(&o, "none", false);
	/* the other house's own changes still come back in */
	tsite_exec(&o, false, "UPDATE company SET town = 'Odense' WHERE id = 'co-yes'");
	xfer(&o, a, &r);
	assert_int_equal(count(a, "SELECT count(*) FROM company WHERE id = 'co-yes' AND town = 'Odense'"), 1);

	/* withdrawal: later changes to the company stay in the house */
	a->now_ms += 60000;
	tsite_exec(a, false, "UPDATE company SET consent_withdrawn = '2026-03-02', name = 'Firma yes A/S' "
			     "WHERE id = 'co-yes'");
	tsite_exec(a, false, "INSERT INTO journal_entry(id, case_id, kind, occurred, summary, author_id, "
			     "created_at) VALUES ('je-yes2', 'cs-yes', 'note', '2026-03-02', 'Efter tilbagekaldelse', "
			     "'" ADMIN "', '2026-03-02T10:00:00Z')");
	xfer(a, &o, &r);
	assert_int_equal(count(&o, "SELECT count(*) FROM company WHERE name = 'Firma yes A/S'"), 0);
	assert_int_equal(count(&o, "SELECT count(*) FROM journal_entry WHERE id = 'je-yes2'"), 0);
	xfer(a, a2, &r);
	assert_int_equal(count(a2, "SELECT count(*) FROM journal_entry WHERE id = 'je-yes2'"), 1);

	/* consent given at last: what was held back travels, unchanged rows too */
	a->now_ms += 60000;
	tsite_exec(a, false, "UPDATE company SET consent_given = '2026-03-03', consent_scope = 'sharing' "
			     "WHERE id = 'co-none'");
	assert_int_equal(sync_export_mem(a->s, tsite_id(&o), false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_true(er.released >= 7);
	assert_int_equal(sync_import_mem(o.s, buf, len, 0, &r), KP_OK);
	free(buf);
	has_company(&o, "none", true);
	has_company(&o, "no", false);
	assert_int_equal(count(&o, "SELECT count(*) FROM journal_entry WHERE id = 'je-yes2'"), 0);
	/* nothing of it is sent again once it is there */
	assert_int_equal(sync_export_mem(a->s, tsite_id(&o), false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_int_equal(er.released, 0);
	free(buf);
	tsite_close(&o);
	free(o.path);
}

static void add_user(struct tsite *t, const char *id, const char *login, const char *role, const char *location)
{
	tsite_exec(t, false, "INSERT INTO app_user(id, login, name, initials, role, location, created_at) "
			     "VALUES ('%s', '%s', '%s', 'XX', '%s', '%s', '2026-01-01T00:00:00Z')", id, login, login,
		   role, location);
}

static void login(struct tsite *t, const char *who)
{
	if (session_login(t->s, who) != KP_OK)
		fail_msg("login %s: %s", who, session_message(t->s));
}

/* One case and its company go to a site of another house, nothing else;
 * the hand-over is in the timeline at both sites; only a supervisor of the
 * case's house may make it. */
static void handover_one_case(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], o = { 0 };
	struct sync_import_result r;
	struct sync_export_result er;
	unsigned char *buf;
	size_t len;

	tsite_create_house(&o, f->dir, "odense", "test", "fyn", "odense");
	struct tsite two[2] = { *a, o };
	tsite_trust_all(two, 2);
	add_user(a, "00000000-0000-7000-8000-0000000000a2", "sup", "supervisor", "aarhus");
	add_user(a, "00000000-0000-7000-8000-0000000000a3", "kons", "consultant", "aarhus");
	add_user(&o, "00000000-0000-7000-8000-0000000000b2", "osup", "supervisor", "odense");
	company_with_case(a, "moving", "");          /* no consent to sharing: a hand-over still goes */
	company_with_case(a, "staying", "sharing");
	tsite_exec(a, false, "UPDATE case_file SET consultant_id = '00000000-0000-7000-8000-0000000000a3', "
			     "status = 'assigned', location = 'aarhus' WHERE id LIKE 'cs-%%'");
	/* a consultant, an administrator, and a supervisor of another house may not */
	login(a, "kons");
	assert_int_equal(sync_handover_mem(a->s, "cs-moving", tsite_id(&o), &buf, &len, &er), KP_ERR_DENIED);
	login(a, "admin");
	assert_int_equal(sync_handover_mem(a->s, "cs-moving", tsite_id(&o), &buf, &len, &er), KP_ERR_DENIED);
	login(a, "sup");
	assert_int_equal(sync_handover_mem(a->s, "cs-nothing", tsite_id(&o), &buf, &len, &er), KP_ERR_NOT_FOUND);
	assert_int_equal(sync_handover_mem(a->s, "cs-moving", tsite_id(&o), &buf, &len, &er), KP_OK);
	assert_int_equal(count(a, "SELECT count(*) FROM case_event WHERE case_id = 'cs-moving' "
				  "AND kind = 'handover'"), 1);
	assert_int_equal(count(a, "SELECT count(*) FROM audit WHERE action = 'case.handover' "
				  "AND row_id = 'cs-moving'"), 1);
	login(&o, "admin");
	assert_int_equal(sync_import_mem(o.s, buf, len, 0, &r), KP_OK);
	assert_int_equal(r.handed_over, 1);
	free(buf);
	/* the case and its company, with what they need; nothing else */
	has_company(&o, "moving", true);
	has_company(&o, "staying", false);
	assert_int_equal(count(&o, "SELECT count(*) FROM app_user WHERE login = 'kons'"), 1);
	assert_int_equal(count(&o, "SELECT count(*) FROM app_user WHERE login = 'sup'"), 1);
	/* both events in the timeline; the case waits unassigned at odense */
	assert_int_equal(count(&o, "SELECT count(*) FROM case_event WHERE case_id = 'cs-moving' "
				   "AND kind IN ('handover', 'handover_received')"), 2);
	assert_int_equal(count(&o, "SELECT count(*) FROM case_file WHERE id = 'cs-moving' AND location = 'odense' "
				   "AND status = 'new' AND consultant_id IS NULL"), 1);
	/* the receiving house's supervisor reads it now */
	login(&o, "osup");
	struct case_event *ev;
	int n;
	assert_int_equal(case_timeline(o.s, "cs-moving", &ev, &n), KP_OK);
	assert_int_equal(n, 2);
	case_event_list_free(ev, n);
	/* the acknowledgements did not move: a normal export still carries everything */
	login(&o, "admin");
	xfer(a, &o, &r);
	has_company(&o, "staying", true);
	/* the move goes back to the sender under the consent rule of sync: not
	 * without consent to sharing, with it */
	xfer(&o, a, &r);
	assert_int_equal(count(a, "SELECT count(*) FROM case_file WHERE id = 'cs-moving' "
				  "AND location = 'odense'"), 0);
	o.now_ms += 60000;
	tsite_exec(&o, false, "UPDATE company SET consent_given = '2026-03-02', consent_scope = 'sharing' "
			      "WHERE id = 'co-moving'");
	xfer(&o, a, &r);
	assert_int_equal(count(a, "SELECT count(*) FROM case_file WHERE id = 'cs-moving' "
				  "AND location = 'odense'"), 1);
	xfer(a, &o, &r);
	digests_equal(a, &o);
	tsite_close(&o);
	free(o.path);
}

static void dup_company(struct tsite *t, const char *n, const char *cvr)
{
	tsite_exec(t, false, "INSERT INTO company(id, cvr, name, name_key, town, created_at, created_by) VALUES "
			     "('co-%s', '%s', 'Firma %s', 'firma %s', 'By', '2026-03-01T10:00:00Z', '" ADMIN "')",
		   n, cvr, n, n);
	tsite_exec(t, false, "INSERT INTO contact(id, company_id, name, created_at) VALUES "
			     "('ct-%s', 'co-%s', 'Person %s', '2026-03-01T10:00:00Z')", n, n, n);
	tsite_exec(t, false, "INSERT INTO case_file(id, company_id, title, source, opened, created_at, created_by, "
			     "updated_at) VALUES ('cs-%s', 'co-%s', 'Sag %s', 'own_initiative', '2026-03-01', "
			     "'2026-03-01T10:00:00Z', '" ADMIN "', '2026-03-01T10:00:00Z')", n, n, n);
}

/* Two sites register the same CVR offline; after sync both list the pair;
 * a merge at one site moves everything to the survivor, and after sync
 * both sites agree, including a contact added meanwhile at the other site
 * to the company that was merged away. */
static void duplicate_cvr_merged_everywhere(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *b = &f->t[1];
	struct dup_company *d;
	int n, moved;

	dup_company(a, "x", "24256790");
	b->now_ms += 1000;
	dup_company(b, "y", "24256790");
	dup_company(b, "other", "12345674");
	exchange(a, b);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(integrity_duplicates(f->t[i].s, &d, &n), KP_OK);
		assert_int_equal(n, 2);
		assert_string_equal(d[0].id, "co-x");         /* the older first */
		assert_string_equal(d[1].id, "co-y");
		assert_int_equal(d[1].cases, 1);
		assert_int_equal(d[1].contacts, 1);
		dup_company_list_free(d, n);
	}
	/* who may, and what is refused */
	add_user(a, "00000000-0000-7000-8000-0000000000a3", "kons", "consultant", "aarhus");
	login(a, "kons");
	assert_int_equal(integrity_duplicates(a->s, &d, &n), KP_ERR_DENIED);
	assert_int_equal(integrity_merge(a->s, "co-x", "co-y", &moved), KP_ERR_DENIED);
	login(a, "admin");
	assert_int_equal(integrity_merge(a->s, "co-x", "co-x", &moved), KP_ERR_INVALID);
	assert_int_equal(integrity_merge(a->s, "co-x", "co-other", &moved), KP_ERR_INVALID);
	assert_int_equal(integrity_merge(a->s, "co-x", "co-none", &moved), KP_ERR_NOT_FOUND);

	/* b, offline, adds a contact to y; a merges y into x */
	b->now_ms += 1000;
	tsite_exec(b, false, "INSERT INTO contact(id, company_id, name, created_at) VALUES "
			     "('ct-late', 'co-y', 'Sen Person', '2026-03-02T10:00:00Z')");
	a->now_ms += 2000;
	assert_int_equal(integrity_merge(a->s, "co-x", "co-y", &moved), KP_OK);
	assert_int_equal(moved, 2);                          /* y's contact and case */
	assert_int_equal(integrity_merge(a->s, "co-x", "co-y", &moved), KP_ERR_STATE);
	assert_int_equal(count(a, "SELECT count(*) FROM audit WHERE action = 'company.merge'"), 1);
	assert_int_equal(integrity_duplicates(a->s, &d, &n), KP_OK);
	assert_int_equal(n, 0);
	dup_company_list_free(d, n);
	for (int round = 0; round < 2; round++)
		exchange(a, b);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM company WHERE id = 'co-y' "
						 "AND merged_into = 'co-x'"), 1);
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM contact WHERE company_id = 'co-x'"), 3);
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM case_file WHERE company_id = 'co-x'"), 2);
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM contact WHERE company_id = 'co-y'"), 0);
		assert_int_equal(integrity_duplicates(f->t[i].s, &d, &n), KP_OK);
		assert_int_equal(n, 0);
		dup_company_list_free(d, n);
	}
	digests_equal(a, b);
}

/* Two sites merge the same pair each its own way, offline: after sync the
 * ring is broken alike everywhere (the smaller id stays), everything ends
 * at the survivor, and the pair is not lost from the lists. */
static void merged_both_ways(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *b = &f->t[1];
	struct dup_company *d;
	int n, moved;

	dup_company(a, "x", "24256790");
	b->now_ms += 1000;
	dup_company(b, "y", "24256790");
	exchange(a, b);
	a->now_ms += 1000;
	assert_int_equal(integrity_merge(a->s, "co-x", "co-y", &moved), KP_OK);
	b->now_ms += 2000;
	assert_int_equal(integrity_merge(b->s, "co-y", "co-x", &moved), KP_OK);
	for (int round = 0; round < 2; round++)
		exchange(a, b);
	for (int i = 0; i < 2; i++) {
		struct tsite *t = &f->t[i];

		assert_int_equal(count(t, "SELECT count(*) FROM company WHERE id = 'co-x' AND merged_into IS NULL"), 1);
		assert_int_equal(count(t, "SELECT count(*) FROM company WHERE id = 'co-y' AND merged_into = 'co-x'"), 1);
		assert_int_equal(count(t, "SELECT count(*) FROM contact WHERE company_id = 'co-x'"), 2);
		assert_int_equal(count(t, "SELECT count(*) FROM case_file WHERE company_id = 'co-x'"), 2);
		assert_int_equal(count(t, "SELECT count(*) FROM contact WHERE company_id = 'co-y'"), 0);
		assert_int_equal(integrity_duplicates(t->s, &d, &n), KP_OK);
		assert_int_equal(n, 0);
		dup_company_list_free(d, n);
		assert_true(count(t, "SELECT count(*) FROM audit WHERE action = 'company.merge_ring'") >= 1);
	}
	digests_equal(a, b);
}

/* Two sites each deactivate the other administrator offline (each keeps
 * one locally, so neither is refused): after sync the one with the smaller
 * id is active again at both, and they agree. */
static void an_admin_survives_the_merge(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0], *b = &f->t[1];
	const char *admin2 = "00000000-0000-7000-8000-0000000000a4";

	add_user(a, admin2, "admin2", "admin", "aarhus");
	exchange(a, b);
	a->now_ms += 1000;
	assert_int_equal(user_set_active(a->s, admin2, false), KP_OK);
	login(b, "admin2");
	b->now_ms += 2000;
	assert_int_equal(user_set_active(b->s, ADMIN, false), KP_OK);
	for (int round = 0; round < 2; round++)
		exchange(a, b);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM app_user WHERE role = 'admin' AND active = 1"), 1);
		assert_int_equal(count(&f->t[i], "SELECT count(*) FROM app_user WHERE id = '" ADMIN "' AND active = 1"), 1);
	}
	assert_true(count(a, "SELECT count(*) FROM audit WHERE action = 'user.activate.sync'") >= 1);
	digests_equal(a, b);
}

/* The hold rule in SQL says what company_consent_allows says. */
static void hold_rule_is_consent_rule(void **state)
{
	struct fx *f = *state;
	struct tsite *a = &f->t[0];
	static const struct {
		const char *given, *scope, *withdrawn;
	} cases[] = {
		{ "2026-03-01", "sharing", NULL }, { "2026-03-01", "newsletter,sharing", NULL },
		{ "2026-03-01", "newsletter, sharing", NULL }, { "2026-03-01", " sharing ", NULL },
		{ "2026-03-01", "sharingx", NULL }, { "2026-03-01", "share", NULL },
		{ "2026-03-01", "newsletter", NULL }, { "2026-03-01", "sharing", "2026-03-02" },
		{ "2026-03-01", "sharing", "" }, { "", "sharing", NULL }, { NULL, "sharing", NULL },
		{ "2026-03-01", "", NULL }, { "2026-03-01", "Sharing", NULL },
	};
	long released;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		tsite_exec(a, false, "INSERT INTO company(id, name, name_key, consent_given, consent_scope, "
				     "consent_withdrawn, created_at, created_by) VALUES ('rule-%zu', 'x', 'x', %s%s%s, "
				     "'%s', %s%s%s, '2026-03-01', 'u')", i, cases[i].given ? "'" : "",
			   cases[i].given ? cases[i].given : "NULL", cases[i].given ? "'" : "", cases[i].scope,
			   cases[i].withdrawn ? "'" : "", cases[i].withdrawn ? cases[i].withdrawn : "NULL",
			   cases[i].withdrawn ? "'" : "");
	assert_true(db_begin(a->s->db));
	assert_true(sync_store_hold_prepare(a->s->db, "peer", &released));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char id[32];
		struct company c = { .consent_given = (char *)cases[i].given, .consent_scope = (char *)cases[i].scope,
				     .consent_withdrawn = (char *)cases[i].withdrawn };

		snprintf(id, sizeof id, "rule-%zu", i);
		int held = sync_store_held(a->s->db, "peer", "company", id);
		if (held != !company_consent_allows(&c, "sharing"))
			fail_msg("scope '%s' given '%s' withdrawn '%s': held %d", cases[i].scope,
				 cases[i].given ? cases[i].given : "NULL",
				 cases[i].withdrawn ? cases[i].withdrawn : "NULL", held);
	}
	db_rollback(a->s->db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(erasure_travels, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_chains_travel, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_keys_of_two_sites, setup, teardown),
		cmocka_unit_test_setup_teardown(consent_limits_sync_beyond_house, setup, teardown),
		cmocka_unit_test_setup_teardown(hold_rule_is_consent_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(handover_one_case, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_cvr_merged_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(merged_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(an_admin_survives_the_merge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
