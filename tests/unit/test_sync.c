/* Sync between two and three real databases: convergence, per-field merge,
 * conflicts, deletes, idempotency, every refusal leaving the database as
 * it was, and the generated triggers (registration by sync_table). */
#include "tests/unit/testutil.h"
#include "tests/sync/synctest.h"
#include "db/db.h"
#include "db/sync_store.h"
#include "src/cvr.h"
#include "src/import.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/sync.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CO "01900000-0000-7000-8000-00000000c001"

static void exchange(struct tsite *a, struct tsite *b);

struct fx {
	char *dir;
	struct tsite t[3];
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tmpdir_make();
	tsite_create(&f->t[0], f->dir, "aarhus", "test");
	tsite_create(&f->t[1], f->dir, "herning", "test");
	tsite_create(&f->t[2], f->dir, "randers", "test");
	tsite_trust_all(f->t, 2);           /* randers is trusted by nobody */
	exchange(&f->t[0], &f->t[1]);       /* settle the seed rows both stamped */
	exchange(&f->t[0], &f->t[1]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (int i = 0; i < 3; i++) {
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

static void xfer(struct tsite *from, struct tsite *to, bool full, struct sync_import_result *r)
{
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;

	assert_int_equal(sync_export_mem(from->s, tsite_id(to), full, NULL, 0, &buf, &len, &er), KP_OK);
	assert_int_equal(sync_import_mem(to->s, buf, len, 0, r), KP_OK);
	free(buf);
}

static void exchange(struct tsite *a, struct tsite *b)
{
	struct sync_import_result r;

	xfer(a, b, false, &r);
	xfer(b, a, false, &r);
}

static void digests_equal(struct tsite *a, struct tsite *b)
{
	char d1[33], m1[33], d2[33], m2[33];

	assert_int_equal(sync_digest(a->s, d1, m1), KP_OK);
	assert_int_equal(sync_digest(b->s, d2, m2), KP_OK);
	assert_string_equal(d1, d2);
	assert_string_equal(m1, m2);
}

struct find {
	const char *tbl, *id, *col;
	char *out;
};

static bool find_cb(void *arg, const char *tbl, const char *id, const char *col, const struct sync_value *v)
{
	struct find *f = arg;

	if (strcmp(tbl, f->tbl) == 0 && strcmp(id, f->id) == 0 && strcmp(col, f->col) == 0)
		f->out = v->type == SYNC_V_TEXT ? xstrndup((const char *)v->p, v->n) : xstrdup("(not text)");
	return true;
}

/* The field's value in the table itself, or NULL when the row is absent. */
static char *field(struct tsite *t, const char *tbl, const char *id, const char *col)
{
	struct find f = { tbl, id, col, NULL };

	assert_true(sync_store_each_base(t->s->db, find_cb, &f));
	return f.out;
}

static void assert_field(struct tsite *t, const char *col, const char *want)
{
	char *v = field(t, "organisation", CO, col);

	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void add_company(struct tsite *t)
{
	tsite_exec(t, false, "INSERT INTO organisation(id, name, type, phone, created_at) "
			     "VALUES ('" CO "', 'Smedie ApS', 'cluster', 'Aarhus', '2026-03-02')");
}

static void different_fields_both_kept(void **state)
{
	struct fx *f = *state;
	struct sync_import_result r;

	add_company(&f->t[0]);
	xfer(&f->t[0], &f->t[1], false, &r);
	assert_int_equal(r.written >= 1, 1);
	assert_field(&f->t[1], "name", "Smedie ApS");
	exchange(&f->t[0], &f->t[1]);
	digests_equal(&f->t[0], &f->t[1]);
	f->t[0].now_ms += 1000;
	f->t[1].now_ms += 1000;
	tsite_exec(&f->t[0], false, "UPDATE organisation SET phone = 'Viby J' WHERE id = '" CO "'");
	tsite_exec(&f->t[1], false, "UPDATE organisation SET name = 'Smedien ApS' WHERE id = '" CO "'");
	exchange(&f->t[0], &f->t[1]);
	exchange(&f->t[0], &f->t[1]);
	for (int i = 0; i < 2; i++) {
		assert_field(&f->t[i], "phone", "Viby J");
		assert_field(&f->t[i], "name", "Smedien ApS");
		assert_int_equal(sync_store_conflict_count(f->t[i].s->db), 0);
	}
	digests_equal(&f->t[0], &f->t[1]);
}

static void same_field_one_winner_and_logged(void **state)
{
	struct fx *f = *state;
	struct sync_import_result r;

	add_company(&f->t[0]);
	xfer(&f->t[0], &f->t[1], false, &r);
	f->t[0].now_ms += 1000;
	f->t[1].now_ms += 2000;     /* herning writes later: it wins */
	tsite_exec(&f->t[0], false, "UPDATE organisation SET phone = 'Viby J' WHERE id = '" CO "'");
	tsite_exec(&f->t[1], false, "UPDATE organisation SET phone = 'Tilst' WHERE id = '" CO "'");
	exchange(&f->t[1], &f->t[0]);
	exchange(&f->t[1], &f->t[0]);
	for (int i = 0; i < 2; i++) {
		assert_field(&f->t[i], "phone", "Tilst");
		assert_int_equal(sync_store_conflict_count(f->t[i].s->db), 1);
	}
	digests_equal(&f->t[0], &f->t[1]);
	/* a later edit by someone who saw the winner is not a conflict */
	f->t[0].now_ms += 5000;
	tsite_exec(&f->t[0], false, "UPDATE organisation SET phone = 'Aarhus N' WHERE id = '" CO "'");
	exchange(&f->t[0], &f->t[1]);
	assert_field(&f->t[1], "phone", "Aarhus N");
	assert_int_equal(sync_store_conflict_count(f->t[1].s->db), 1);
	digests_equal(&f->t[0], &f->t[1]);
}

static void delete_beats_concurrent_edit(void **state)
{
	struct fx *f = *state;
	struct sync_import_result r;

	add_company(&f->t[0]);
	xfer(&f->t[0], &f->t[1], false, &r);
	f->t[0].now_ms += 1000;
	f->t[1].now_ms += 5000;     /* the edit is later in time, the delete still wins */
	tsite_exec(&f->t[0], false, "DELETE FROM organisation WHERE id = '" CO "'");
	tsite_exec(&f->t[1], false, "UPDATE organisation SET phone = 'Tilst' WHERE id = '" CO "'");
	exchange(&f->t[0], &f->t[1]);
	exchange(&f->t[0], &f->t[1]);
	for (int i = 0; i < 2; i++) {
		assert_field(&f->t[i], "name", NULL);
		assert_int_equal(sync_store_conflict_count(f->t[i].s->db), 1);
	}
	digests_equal(&f->t[0], &f->t[1]);
	/* re-insert after delete: alive again everywhere */
	f->t[1].now_ms += 1000;
	add_company(&f->t[1]);
	exchange(&f->t[1], &f->t[0]);
	assert_field(&f->t[0], "phone", "Aarhus");
	digests_equal(&f->t[0], &f->t[1]);
}

static void reimport_changes_nothing(void **state)
{
	struct fx *f = *state;
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;
	struct sync_import_result r;
	char d1[33], m1[33], d2[33], m2[33];

	add_company(&f->t[0]);
	assert_int_equal(sync_export_mem(f->t[0].s, tsite_id(&f->t[1]), true, NULL, 0, &buf, &len, &er), KP_OK);
	assert_int_equal(sync_import_mem(f->t[1].s, buf, len, 0, &r), KP_OK);
	assert_false(r.already);
	assert_int_equal(sync_digest(f->t[1].s, d1, m1), KP_OK);
	assert_int_equal(sync_import_mem(f->t[1].s, buf, len, 0, &r), KP_OK);
	assert_true(r.already);
	assert_int_equal(sync_digest(f->t[1].s, d2, m2), KP_OK);
	assert_string_equal(d1, d2);
	assert_string_equal(m1, m2);
	free(buf);
	/* a second full export (a new file id) merges to the same state */
	xfer(&f->t[0], &f->t[1], true, &r);
	assert_false(r.already);
	assert_int_equal(r.changes, 0);
	assert_int_equal(sync_digest(f->t[1].s, d2, m2), KP_OK);
	assert_string_equal(m1, m2);
}

/* The importing database must be exactly as before a refused file. */
#define ANY_FAILURE (-1)

static void refused(struct tsite *to, const unsigned char *buf, size_t len, int want, const char *msg)
{
	char d1[33], m1[33], d2[33], m2[33];
	uint64_t h1, h2;
	int64_t s1, s2;
	struct sync_import_result r;

	assert_int_equal(sync_digest(to->s, d1, m1), KP_OK);
	assert_true(sync_store_clock(to->s->db, &h1, &s1));
	enum kp_status st = sync_import_mem(to->s, buf, len, 0, &r);
	if (want == ANY_FAILURE ? st == KP_OK : (int)st != want)
		fail_msg("expected status %d, got %d: %s", want, st, session_message(to->s));
	if (msg && !strstr(session_message(to->s), msg))
		fail_msg("message '%s' lacks '%s'", session_message(to->s), msg);
	assert_int_equal(sync_digest(to->s, d2, m2), KP_OK);
	assert_true(sync_store_clock(to->s->db, &h2, &s2));
	assert_string_equal(d1, d2);
	assert_string_equal(m1, m2);
	assert_true(h1 == h2);
	assert_true(s1 == s2);
}

static void refusals_change_nothing(void **state)
{
	struct fx *f = *state;
	unsigned char *buf, *copy;
	size_t len;
	struct sync_export_result er;
	struct sync_import_result r;

	add_company(&f->t[0]);
	assert_int_equal(sync_export_mem(f->t[0].s, tsite_id(&f->t[1]), false, NULL, 0, &buf, &len, &er), KP_OK);
	copy = xmalloc(len);
	/* a newer format version: refused before anything else is trusted */
	memcpy(copy, buf, len);
	copy[8] = 2;
	refused(&f->t[1], copy, len, KP_ERR_REFUSED, "newer than this program");
	/* not for this site: randers trusts aarhus but the file is for herning */
	{
		char *card;
		struct sync_peer p;
		char fp[SYNC_FP_LEN];

		assert_int_equal(sync_site_card(f->t[0].s, &card), KP_OK);
		assert_int_equal(sync_site_read_card(f->t[2].s, card, &p, fp), KP_OK);
		assert_int_equal(sync_site_trust(f->t[2].s, &p), KP_OK);
		sync_peer_finish(&p);
		free(card);
		refused(&f->t[2], buf, len, KP_ERR_REFUSED, "not for this site");
	}
	/* unknown sender: herning does not trust randers */
	{
		unsigned char *b2;
		size_t l2;
		char *card;
		struct sync_peer p;
		char fp[SYNC_FP_LEN];

		assert_int_equal(sync_site_card(f->t[1].s, &card), KP_OK);
		assert_int_equal(sync_site_read_card(f->t[2].s, card, &p, fp), KP_OK);
		assert_int_equal(sync_site_trust(f->t[2].s, &p), KP_OK);
		sync_peer_finish(&p);
		free(card);
		assert_int_equal(sync_export_mem(f->t[2].s, tsite_id(&f->t[1]), false, NULL, 0, &b2, &l2, &er), KP_OK);
		refused(&f->t[1], b2, l2, KP_ERR_REFUSED, "unknown site");
		free(b2);
	}
	/* own file */
	refused(&f->t[0], buf, len, KP_ERR_REFUSED, "written by this site");
	/* the good file still applies, and then not again */
	assert_int_equal(sync_import_mem(f->t[1].s, buf, len, 0, &r), KP_OK);
	assert_false(r.already);
	/* revoked sender */
	assert_int_equal(sync_site_revoke(f->t[1].s, tsite_id(&f->t[0])), KP_OK);
	refused(&f->t[1], buf, len, KP_ERR_REFUSED, "revoked");
	free(copy);
	free(buf);
}

/* A payload of another content version, sealed properly by a trusted
 * peer: refused with a message that says which side to upgrade. */
static void other_payload_versions_refused(void **state)
{
	struct fx *f = *state;
	struct sync_identity self;
	struct sync_peer to;
	unsigned char file_id[16] = { 1, 2, 3 }, *plain, *sealed;
	size_t plen, slen;

	assert_int_equal(sync_store_self(f->t[0].s->db, &self), 1);
	assert_int_equal(sync_store_peer_get(f->t[0].s->db, tsite_id(&f->t[1]), &to), 1);
	for (int v = 1; v <= 3; v += 2) {
		struct sync_writer *w = sync_writer_new(self.site, to.site, 0, 0, 0, NULL, 0);

		plain = sync_writer_finish(w, 0, &plen);
		plain[4] = (unsigned char)v;
		file_id[15] = (unsigned char)v;
		assert_true(sync_file_seal(&self, &to, 1, file_id, 0, plain, plen, &sealed, &slen));
		refused(&f->t[1], sealed, slen, KP_ERR_INVALID, v == 1 ? "older Knudepunkt" : "newer Knudepunkt");
		free(sealed);
		free(plain);
	}
	sync_peer_finish(&to);
	sync_identity_finish(&self);
}

static void truncations_and_flips_refused(void **state)
{
	struct fx *f = *state;
	unsigned char *buf, *copy;
	size_t len;
	struct sync_export_result er;

	add_company(&f->t[0]);
	assert_int_equal(sync_export_mem(f->t[0].s, tsite_id(&f->t[1]), false, NULL, 0, &buf, &len, &er), KP_OK);
	uint64_t h1, h2;
	int64_t s1, s2;
	struct sync_import_result r;

	print_message("file of %zu bytes\n", len);
	/* every length; unchanged clock and change counter mean no change */
	assert_true(sync_store_clock(f->t[1].s->db, &h1, &s1));
	for (size_t n = 0; n < len; n++)
		assert_int_not_equal(sync_import_mem(f->t[1].s, buf, n, 0, &r), KP_OK);
	copy = xmalloc(len);
	for (size_t i = 8; i < len; i += 3) {
		memcpy(copy, buf, len);
		copy[i] ^= (unsigned char)(1u << (i % 8));
		assert_int_not_equal(sync_import_mem(f->t[1].s, copy, len, 0, &r), KP_OK);
	}
	assert_true(sync_store_clock(f->t[1].s->db, &h2, &s2));
	assert_true(h1 == h2 && s1 == s2);
	refused(&f->t[1], buf, len / 2, ANY_FAILURE, "damaged");
	free(copy);
	free(buf);
}

static void other_deployment_refused(void **state)
{
	struct fx *f = *state;
	struct tsite prod = { 0 };
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;
	char *card;
	struct sync_peer p;
	char fp[SYNC_FP_LEN];

	tsite_create(&prod, f->dir, "prod", "production");
	/* trusting a card of another deployment is refused */
	assert_int_equal(sync_site_card(prod.s, &card), KP_OK);
	assert_int_equal(sync_site_read_card(f->t[1].s, card, &p, fp), KP_OK);
	assert_int_equal(sync_site_trust(f->t[1].s, &p), KP_ERR_REFUSED);
	sync_peer_finish(&p);
	free(card);
	/* and so is its file, even if the peer was trusted by hand */
	assert_int_equal(sync_site_card(f->t[1].s, &card), KP_OK);
	assert_int_equal(sync_site_read_card(prod.s, card, &p, fp), KP_OK);
	free(p.deployment);
	p.deployment = xstrdup("production");
	free(card);
	p.trusted_at = xstrdup("2026-03-02");
	assert_true(sync_store_peer_put(prod.s->db, &p));
	sync_peer_finish(&p);
	add_company(&prod);
	assert_int_equal(sync_export_mem(prod.s, tsite_id(&f->t[1]), false, NULL, 0, &buf, &len, &er), KP_OK);
	refused(&f->t[1], buf, len, KP_ERR_REFUSED, "another deployment");
	free(buf);
	tsite_close(&prod);
	free(prod.path);
}

static void future_file_is_held(void **state)
{
	struct fx *f = *state;
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;
	struct sync_import_result r;

	f->t[0].skew_ms = 3 * 3600 * 1000;       /* aarhus's clock is 3 hours fast */
	add_company(&f->t[0]);
	assert_int_equal(sync_export_mem(f->t[0].s, tsite_id(&f->t[1]), false, NULL, 0, &buf, &len, &er), KP_OK);
	refused(&f->t[1], buf, len, KP_ERR_STATE, "ahead of this computer's clock");
	assert_int_equal(sync_import_mem(f->t[1].s, buf, len, 0, &r), KP_ERR_STATE);
	assert_true(r.held);
	assert_int_equal(sync_import_mem(f->t[1].s, buf, len, SYNC_IMPORT_ACCEPT_FUTURE, &r), KP_OK);
	assert_field(&f->t[1], "name", "Smedie ApS");
	/* herning's clock is now far behind what it has seen: its local changes
	 * are not stamped (nor exported) until the clock is right */
	tsite_exec(&f->t[1], false, "UPDATE organisation SET phone = 'X' WHERE id = '" CO "'");
	unsigned char *b2;
	size_t l2;
	assert_int_equal(sync_export_mem(f->t[1].s, tsite_id(&f->t[0]), false, NULL, 0, &b2, &l2, &er), KP_ERR_DB);
	assert_non_null(strstr(session_message(f->t[1].s), "clock"));
	f->t[1].now_ms += 3 * 3600 * 1000;
	assert_int_equal(sync_export_mem(f->t[1].s, tsite_id(&f->t[0]), false, NULL, 0, &b2, &l2, &er), KP_OK);
	free(b2);
	free(buf);
}

/* A bare sqlite3 (no functions of ours) can write a synced table, and
 * its change is stamped and synced like any other. */
static void shell_writes_are_synced(void **state)
{
	struct fx *f = *state;
	struct sync_import_result r;
	sqlite3 *h;

	add_company(&f->t[0]);
	assert_int_equal(sqlite3_open(f->t[0].path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE organisation SET phone = '86 12 34 56' WHERE id = '" CO "'",
				      NULL, NULL, NULL), SQLITE_OK);
	/* and the key of a synced row cannot change */
	assert_int_not_equal(sqlite3_exec(h, "UPDATE organisation SET id = 'x' WHERE id = '" CO "'",
					  NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	xfer(&f->t[0], &f->t[1], false, &r);
	assert_field(&f->t[1], "phone", "86 12 34 56");
	exchange(&f->t[0], &f->t[1]);
	digests_equal(&f->t[0], &f->t[1]);
}

static void new_table_and_column_are_tracked(void **state)
{
	struct fx *f = *state;
	struct sync_import_result r;
	sqlite3 *h;

	for (int i = 0; i < 2; i++) {
		tsite_close(&f->t[i]);
		assert_int_equal(sqlite3_open(f->t[i].path, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "CREATE TABLE referral_x (id TEXT PRIMARY KEY, note TEXT NOT NULL);"
					      "INSERT INTO sync_table(name, kind) VALUES ('referral_x', 'lww');"
					      "ALTER TABLE organisation ADD COLUMN homepage TEXT",
					      NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
		tsite_reopen(&f->t[i]);
	}
	add_company(&f->t[0]);
	tsite_exec(&f->t[0], false, "INSERT INTO referral_x VALUES ('r1', 'to Innovationsfonden')");
	tsite_exec(&f->t[0], false, "UPDATE organisation SET homepage = 'smedie.dk' WHERE id = '" CO "'");
	xfer(&f->t[0], &f->t[1], false, &r);
	assert_field(&f->t[1], "homepage", "smedie.dk");
	char *v = field(&f->t[1], "referral_x", "r1", "note");
	assert_non_null(v);
	assert_string_equal(v, "to Innovationsfonden");
	free(v);
	exchange(&f->t[0], &f->t[1]);
	digests_equal(&f->t[0], &f->t[1]);
}

static void relayed_through_a_third_site(void **state)
{
	struct fx *f = *state;
	struct sync_import_result r;
	struct fx g;
	char *dir = tmpdir_make();

	(void)f;
	memset(&g, 0, sizeof g);
	tsite_create(&g.t[0], dir, "a", "test");
	tsite_create(&g.t[1], dir, "b", "test");
	tsite_create(&g.t[2], dir, "c", "test");
	tsite_trust_all(g.t, 3);
	add_company(&g.t[0]);
	xfer(&g.t[0], &g.t[1], false, &r);
	xfer(&g.t[1], &g.t[2], false, &r);    /* c never hears from a directly */
	assert_field(&g.t[2], "name", "Smedie ApS");
	g.t[2].now_ms += 1000;
	tsite_exec(&g.t[2], false, "UPDATE organisation SET phone = 'Tilst' WHERE id = '" CO "'");
	xfer(&g.t[2], &g.t[1], false, &r);
	xfer(&g.t[1], &g.t[0], false, &r);
	xfer(&g.t[0], &g.t[1], false, &r);
	xfer(&g.t[1], &g.t[2], false, &r);
	assert_field(&g.t[0], "phone", "Tilst");
	digests_equal(&g.t[0], &g.t[2]);
	digests_equal(&g.t[0], &g.t[1]);
	for (int i = 0; i < 3; i++) {
		tsite_close(&g.t[i]);
		free(g.t[i].path);
	}
	tmpdir_remove(dir);
	free(dir);
}

struct counts {
	long companies, contacts, marked, cvrs;
	const char *batch;
};

static bool count_cb(void *arg, const char *tbl, const char *id, const char *col, const struct sync_value *v)
{
	struct counts *c = arg;

	(void)id;
	if (strcmp(col, "created_at") == 0) {
		c->companies += strcmp(tbl, "company") == 0;
		c->contacts += strcmp(tbl, "contact") == 0;
	}
	if (strcmp(col, "import_batch") == 0 && v->type == SYNC_V_TEXT &&
	    v->n == strlen(c->batch) && memcmp(v->p, c->batch, v->n) == 0)
		c->marked++;
	if (strcmp(tbl, "company") == 0 && strcmp(col, "cvr") == 0 && v->type == SYNC_V_TEXT)
		c->cvrs++;
	return true;
}

/* A large company import (the bulk path sets the insert triggers aside
 * and notes its rows in one statement) travels whole: companies, each
 * marked with the batch, and their contacts, so the other site can revert
 * it, and the revert travels back. */
static void bulk_import_travels(void **state)
{
	struct fx *f = *state;
	struct strbuf csv = STRBUF_INIT;
	struct import_options o = { 0 };
	struct import_result r;
	struct counts c[2] = { { 0 }, { 0 } };
	char cvr[9], seven[12], batch[64];
	long removed, restored;

	tsite_exec(&f->t[0], false, "INSERT INTO app_user(id, login, name, initials, role, location, "
		   "created_at) VALUES ('00000000-0000-7000-8000-00000000000b', 'kons', 'Kim Kons', 'KK', "
		   "'consultant', 'aarhus', '2026-01-01T00:00:00Z')");
	assert_int_equal(session_login(f->t[0].s, "kons"), KP_OK);
	strbuf_addstr(&csv, "CVR;Navn;Kontaktperson\n");
	for (int i = 0, k = 0; i < 2500; k++) {
		snprintf(seven, sizeof seven, "%07d", 3000000 + k);
		if (!cvr_complete(seven, cvr))
			continue;
		strbuf_addf(&csv, "%s;Firma %d;%s\n", cvr, i, i % 2 ? "" : "Kontakt Person");
		i++;
	}
	assert_int_equal(import_companies(f->t[0].s, csv.buf, csv.len, &o, &r), KP_OK);
	assert_int_equal(r.created, 2500);
	snprintf(batch, sizeof batch, "%s", r.batch_id);
	c[0].batch = c[1].batch = batch;
	import_result_finish(&r);
	strbuf_finish(&csv);
	assert_int_equal(session_login(f->t[0].s, "admin"), KP_OK);
	exchange(&f->t[0], &f->t[1]);
	digests_equal(&f->t[0], &f->t[1]);
	for (int i = 0; i < 2; i++)
		assert_true(sync_store_each_base(f->t[i].s->db, count_cb, &c[i]));
	assert_int_equal(c[1].cvrs, 2500);
	assert_int_equal(c[1].companies, c[0].companies);
	assert_int_equal(c[1].contacts, c[0].contacts);
	assert_true(c[1].contacts >= 1250);
	assert_int_equal(c[1].marked, 2500);
	assert_int_equal(c[1].marked, c[0].marked);

	/* reverted where it arrived; the revert travels back */
	assert_int_equal(session_login(f->t[1].s, "kons"), KP_OK);
	assert_int_equal(import_revert(f->t[1].s, batch, &removed, &restored, &r), KP_OK);
	import_result_finish(&r);
	assert_int_equal(removed, 2500);
	assert_int_equal(session_login(f->t[1].s, "admin"), KP_OK);
	exchange(&f->t[1], &f->t[0]);
	digests_equal(&f->t[0], &f->t[1]);
	for (int i = 0; i < 2; i++) {
		struct counts after = { .batch = batch };

		assert_true(sync_store_each_base(f->t[i].s->db, count_cb, &after));
		assert_int_equal(after.marked, 0);
		assert_int_equal(after.companies, c[i].companies - 2500);
		assert_int_equal(after.contacts, c[i].contacts - 1250);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(different_fields_both_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(same_field_one_winner_and_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_beats_concurrent_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(other_payload_versions_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(truncations_and_flips_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(other_deployment_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(future_file_is_held, setup, teardown),
		cmocka_unit_test_setup_teardown(shell_writes_are_synced, setup, teardown),
		cmocka_unit_test_setup_teardown(new_table_and_column_are_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(relayed_through_a_third_site, setup, teardown),
		cmocka_unit_test_setup_teardown(bulk_import_travels, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
