/* Reviewing sync between two real sites: the conflict log as supervisors
 * see it (names, values, sites, the same id everywhere), restoring the
 * losing value by an ordinary write that syncs and wins at both sites,
 * keeping the winner, the refusals (roles, another house's case, a
 * deleted record, bad ids), and the sync view: peers, changes waiting,
 * files held for their date. */
#include "tests/unit/testutil.h"
#include "tests/sync/synctest.h"
#include "db/db.h"
#include "db/sync_store.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/sync_review.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CO "01900000-0000-7000-8000-00000000c001"
#define ORG "01900000-0000-7000-8000-00000000a001"
#define CASE "01900000-0000-7000-8000-00000000f001"

struct fx {
	char *dir;
	struct tsite t[2];
};

static void xfer(struct tsite *from, struct tsite *to)
{
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;
	struct sync_import_result r;

	assert_int_equal(sync_export_mem(from->s, tsite_id(to), false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_int_equal(sync_import_mem(to->s, buf, len, 0, &r), KP_OK);
	free(buf);
}

static void exchange(struct fx *f)
{
	xfer(&f->t[0], &f->t[1]);
	xfer(&f->t[1], &f->t[0]);
}

static void login(struct fx *f, const char *who)
{
	for (int i = 0; i < 2; i++)
		assert_int_equal(session_login(f->t[i].s, who), KP_OK);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tmpdir_make();
	tsite_create(&f->t[0], f->dir, "aarhus", "test");
	tsite_create(&f->t[1], f->dir, "herning", "test");
	tsite_trust_all(f->t, 2);
	tsite_exec(&f->t[0], false,
		   "INSERT INTO app_user(id, login, name, role, location, created_at) VALUES "
		   "('00000000-0000-7000-8000-000000000002', 'sup', 'Sus Supervisor', 'supervisor', 'aarhus', "
		   "'2026-01-01T00:00:00Z'), "
		   "('00000000-0000-7000-8000-000000000003', 'kons', 'Kim Konsulent', 'consultant', 'aarhus', "
		   "'2026-01-01T00:00:00Z')");
	tsite_exec(&f->t[0], false,
		   "INSERT INTO company(id, name, name_key, created_at, created_by) VALUES "
		   "('" CO "', 'Smedie ApS', 'smedie aps', '2026-03-02', 'x')");
	tsite_exec(&f->t[0], false,
		   "INSERT INTO organisation(id, name, type, phone, created_at) VALUES "
		   "('" ORG "', 'Klynge', 'cluster', '1', '2026-03-02')");
	tsite_exec(&f->t[0], false,
		   "INSERT INTO case_file(id, company_id, title, source, location, opened, created_at, "
		   "created_by, updated_at) VALUES ('" CASE "', '" CO "', 'Eksport til Norge', "
		   "'own_initiative', 'odense', '2026-03-02', '2026-03-02', 'x', '2026-03-02')");
	exchange(f);
	exchange(f);
	login(f, "sup");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (int i = 0; i < 2; i++) {
		tsite_close(&f->t[i]);
		free(f->t[i].path);
	}
	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Both sites change fields offline (set: "col = 'value', ..."); herning
 * writes later and wins. */
static void clash(struct fx *f, const char *tbl, const char *set_a, const char *set_b)
{
	f->t[0].now_ms += 1000;
	f->t[1].now_ms += 2000;
	tsite_exec(&f->t[0], false, "UPDATE %s SET %s WHERE id IN ('" CO "', '" ORG "', '" CASE "')", tbl, set_a);
	tsite_exec(&f->t[1], false, "UPDATE %s SET %s WHERE id IN ('" CO "', '" ORG "', '" CASE "')", tbl, set_b);
	exchange(f);
	exchange(f);
}

/* One value read through a connection of its own. */
static char *value(struct tsite *t, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *out = NULL;

	assert_int_equal(sqlite3_open_v2(t->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static void assert_value(struct tsite *t, const char *sql, const char *want)
{
	char *v = value(t, sql);

	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void digests_equal(struct fx *f)
{
	char d1[33], m1[33], d2[33], m2[33];

	assert_int_equal(sync_digest(f->t[0].s, d1, m1), KP_OK);
	assert_int_equal(sync_digest(f->t[1].s, d2, m2), KP_OK);
	assert_string_equal(d1, d2);
	assert_string_equal(m1, m2);
}

static void restore_syncs_and_wins_everywhere(void **state)
{
	struct fx *f = *state;
	struct sync_conflict_view *l[2];
	int n[2];

	/* the name and its folded key, as the company form writes them: the
	 * key's conflict goes with the name's */
	clash(f, "company", "name = 'Smedie fra Aarhus ApS', name_key = 'smedie fra aarhus aps'",
	      "name = 'Smedie fra Herning ApS', name_key = 'smedie fra herning aps'");
	assert_int_equal(sync_store_conflict_count(f->t[0].s->db), 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(sync_conflicts(f->t[i].s, false, &l[i], &n[i]), KP_OK);
		assert_int_equal(n[i], 1);
	}
	assert_string_equal(l[0][0].id, l[1][0].id);          /* one id at every site */
	assert_string_equal(l[0][0].tbl, "company");
	assert_string_equal(l[0][0].col, "name");
	assert_string_equal(l[0][0].label, "Smedie fra Herning ApS");
	assert_string_equal(l[0][0].winner_value, "Smedie fra Herning ApS");
	assert_string_equal(l[0][0].loser_value, "Smedie fra Aarhus ApS");
	assert_true(l[0][0].winner_current);
	assert_false(l[0][0].hidden);
	assert_string_equal(l[0][0].winner_site, "herning");
	assert_string_equal(l[0][0].loser_site, "aarhus");
	assert_string_equal(l[0][0].loser_at, "2026-03-02T09:00:01Z");
	assert_string_equal(l[0][0].winner_at, "2026-03-02T09:00:02Z");
	assert_null(l[0][0].resolution);
	char id[SYNC_CONFLICT_ID_LEN];
	snprintf(id, sizeof id, "%s", l[0][0].id);
	sync_conflict_view_list_free(l[0], n[0]);
	sync_conflict_view_list_free(l[1], n[1]);

	/* a consultant may neither see nor restore */
	assert_int_equal(session_login(f->t[0].s, "kons"), KP_OK);
	assert_int_equal(sync_conflicts(f->t[0].s, true, &l[0], &n[0]), KP_ERR_DENIED);
	assert_int_equal(sync_conflict_restore(f->t[0].s, id), KP_ERR_DENIED);
	assert_value(&f->t[0], "SELECT name FROM company WHERE id = '" CO "'", "Smedie fra Herning ApS");
	assert_int_equal(session_login(f->t[0].s, "sup"), KP_OK);

	/* restored at aarhus by a prefix of the id */
	f->t[0].now_ms += 1000;
	char prefix[7];
	memcpy(prefix, id, 6);
	prefix[6] = '\0';
	assert_int_equal(sync_conflict_restore(f->t[0].s, prefix), KP_OK);
	assert_value(&f->t[0], "SELECT name FROM company WHERE id = '" CO "'", "Smedie fra Aarhus ApS");
	assert_value(&f->t[0], "SELECT name_key FROM company WHERE id = '" CO "'", "smedie fra aarhus aps");
	assert_value(&f->t[0], "SELECT count(*) FROM audit WHERE action = 'sync.conflict.restore'", "1");
	assert_int_equal(sync_conflicts(f->t[0].s, false, &l[0], &n[0]), KP_OK);
	assert_int_equal(n[0], 0);                           /* resolved: no longer listed */
	sync_conflict_view_list_free(l[0], n[0]);
	assert_int_equal(sync_conflict_restore(f->t[0].s, id), KP_ERR_STATE);   /* only once */

	/* the write reaches herning, wins there, and no new conflict arises */
	exchange(f);
	exchange(f);
	for (int i = 0; i < 2; i++) {
		assert_value(&f->t[i], "SELECT name FROM company WHERE id = '" CO "'", "Smedie fra Aarhus ApS");
		assert_value(&f->t[i], "SELECT name_key FROM company WHERE id = '" CO "'", "smedie fra aarhus aps");
		assert_int_equal(sync_store_conflict_count(f->t[i].s->db), 2);
		assert_int_equal(sync_conflicts(f->t[i].s, true, &l[i], &n[i]), KP_OK);
		assert_int_equal(n[i], 1);
		assert_string_equal(l[i][0].resolution, "restored");
		assert_string_equal(l[i][0].resolved_by, "Sus Supervisor");
		assert_false(l[i][0].winner_current);           /* the field changed since */
		assert_string_equal(l[i][0].winner_value, "Smedie fra Aarhus ApS");
		sync_conflict_view_list_free(l[i], n[i]);
	}
	assert_int_equal(sync_conflict_keep(f->t[1].s, id), KP_ERR_STATE);
	/* reading the log was audited at both sites: one more round */
	assert_value(&f->t[1], "SELECT count(*) > 0 FROM audit WHERE action = 'sync.conflicts.read'", "1");
	exchange(f);
	exchange(f);
	digests_equal(f);
}

static void keep_and_bad_ids(void **state)
{
	struct fx *f = *state;
	struct sync_conflict_view *l;
	int n;

	clash(f, "organisation", "phone = '86 00 00 01'", "phone = '86 00 00 02'");
	assert_int_equal(sync_conflict_restore(f->t[0].s, "zz"), KP_ERR_INVALID);
	assert_int_equal(sync_conflict_restore(f->t[0].s, "not-hex!"), KP_ERR_INVALID);
	assert_int_equal(sync_conflicts(f->t[1].s, false, &l, &n), KP_OK);
	assert_int_equal(n, 1);
	char other[SYNC_CONFLICT_ID_LEN];
	snprintf(other, sizeof other, "%s", l[0].id);
	other[0] = other[0] == '0' ? '1' : '0';
	assert_int_equal(sync_conflict_keep(f->t[1].s, other), KP_ERR_NOT_FOUND);
	assert_int_equal(sync_conflict_keep(f->t[1].s, l[0].id), KP_OK);
	sync_conflict_view_list_free(l, n);
	exchange(f);
	for (int i = 0; i < 2; i++) {
		assert_value(&f->t[i], "SELECT phone FROM organisation WHERE id = '" ORG "'", "86 00 00 02");
		assert_int_equal(sync_conflicts(f->t[i].s, false, &l, &n), KP_OK);
		assert_int_equal(n, 0);
		sync_conflict_view_list_free(l, n);
		assert_int_equal(sync_conflicts(f->t[i].s, true, &l, &n), KP_OK);
		assert_int_equal(n, 1);
		assert_string_equal(l[0].resolution, "kept");
		sync_conflict_view_list_free(l, n);
	}
	exchange(f);
	exchange(f);
	digests_equal(f);
}

/* A case of another house (Odense): its values are withheld from an
 * Aarhus supervisor, who may not restore them either. */
static void other_house_case_withheld(void **state)
{
	struct fx *f = *state;
	struct sync_conflict_view *l;
	int n;

	clash(f, "case_file", "title = 'Eksport til Sverige'", "title = 'Eksport til Finland'");
	assert_int_equal(sync_conflicts(f->t[0].s, false, &l, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_true(l[0].hidden);
	assert_null(l[0].loser_value);
	assert_null(l[0].winner_value);
	assert_string_equal(l[0].label, CASE);
	assert_int_equal(sync_conflict_restore(f->t[0].s, l[0].id), KP_ERR_DENIED);
	assert_value(&f->t[0], "SELECT title FROM case_file WHERE id = '" CASE "'", "Eksport til Finland");
	sync_conflict_view_list_free(l, n);
	/* moved to Aarhus, the case is the supervisor's: named and restorable */
	tsite_exec(&f->t[0], false, "UPDATE case_file SET location = 'aarhus' WHERE id = '" CASE "'");
	assert_int_equal(sync_conflicts(f->t[0].s, false, &l, &n), KP_OK);
	assert_false(l[0].hidden);
	assert_string_equal(l[0].label, "Eksport til Finland (Smedie ApS)");
	assert_string_equal(l[0].loser_value, "Eksport til Sverige");
	assert_int_equal(sync_conflict_restore(f->t[0].s, l[0].id), KP_OK);
	assert_value(&f->t[0], "SELECT title FROM case_file WHERE id = '" CASE "'", "Eksport til Sverige");
	sync_conflict_view_list_free(l, n);
}

static void deleted_record_not_restored(void **state)
{
	struct fx *f = *state;
	struct sync_conflict_view *l;
	int n;

	f->t[0].now_ms += 1000;
	f->t[1].now_ms += 5000;
	tsite_exec(&f->t[0], false, "DELETE FROM organisation WHERE id = '" ORG "'");
	tsite_exec(&f->t[1], false, "UPDATE organisation SET phone = '99' WHERE id = '" ORG "'");
	exchange(f);
	exchange(f);
	assert_int_equal(sync_conflicts(f->t[1].s, false, &l, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_true(l[0].deleted);
	assert_int_equal(sync_conflict_restore(f->t[1].s, l[0].id), KP_ERR_STATE);
	assert_non_null(strstr(session_message(f->t[1].s), "deleted"));
	assert_int_equal(sync_conflict_keep(f->t[1].s, l[0].id), KP_OK);
	sync_conflict_view_list_free(l, n);
}

static void view_peers_waiting_and_held(void **state)
{
	struct fx *f = *state;
	struct sync_view v;
	int64_t before;

	assert_int_equal(sync_view_get(f->t[0].s, &v), KP_OK);
	assert_string_equal(v.name, "aarhus");
	assert_int_equal(v.npeers, 1);
	assert_string_equal(v.peers[0].peer.name, "herning");
	assert_int_equal(strlen(v.peers[0].fp), 39);
	assert_non_null(v.peers[0].peer.last_export);
	assert_non_null(v.peers[0].peer.last_import);
	assert_int_equal(v.nheld, 0);
	before = v.peers[0].waiting;
	sync_view_finish(&v);
	/* a new organisation: a row and its fields wait for herning */
	tsite_exec(&f->t[0], false, "INSERT INTO organisation(id, name, type, created_at) VALUES "
				    "('01900000-0000-7000-8000-00000000a002', 'Ny', 'cluster', '2026-03-02')");
	assert_int_equal(sync_view_get(f->t[0].s, &v), KP_OK);
	assert_true(v.peers[0].waiting > before);
	sync_view_finish(&v);
	/* what an export carries is what was waiting */
	{
		unsigned char *buf;
		size_t len;
		struct sync_export_result er;

		assert_int_equal(sync_view_get(f->t[0].s, &v), KP_OK);
		/* waiting counts unstamped fields once per field noted; after the
		 * stamp an export carries rows + fields + conflicts */
		assert_int_equal(sync_export_mem(f->t[0].s, "herning", false, NULL, 0, &buf, &len, &er), KP_OK);
		struct sync_view w;
		assert_int_equal(sync_view_get(f->t[0].s, &w), KP_OK);
		assert_int_equal(w.peers[0].waiting, er.rows + er.cells + er.conflicts);
		sync_view_finish(&w);
		sync_view_finish(&v);
		free(buf);
	}
	/* a consultant may not exchange files */
	assert_int_equal(session_login(f->t[0].s, "kons"), KP_OK);
	assert_int_equal(sync_view_get(f->t[0].s, &v), KP_ERR_DENIED);
	assert_int_equal(session_login(f->t[0].s, "sup"), KP_OK);

	/* a file dated three hours ahead is held, listed, then applied */
	unsigned char *buf;
	size_t len;
	struct sync_export_result er;
	struct sync_import_result r;
	char *path = xasprintf("%s/future.kpsync", f->dir);

	f->t[0].skew_ms = 3 * 3600 * 1000;
	tsite_exec(&f->t[0], false, "UPDATE organisation SET phone = '7' WHERE id = '" ORG "'");
	assert_int_equal(sync_export_mem(f->t[0].s, "herning", false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_int_equal(sync_write_private(f->t[0].s, path, buf, len), KP_OK);
	free(buf);
	assert_int_equal(sync_import_path(f->t[1].s, path, 0, &r), KP_ERR_STATE);
	assert_true(r.held);
	assert_non_null(strstr(session_message(f->t[1].s), "ahead of this computer's clock"));
	assert_int_equal(sync_view_get(f->t[1].s, &v), KP_OK);
	assert_int_equal(v.nheld, 1);
	assert_string_equal(v.held[0].path, path);
	assert_string_equal(v.held[0].sender, "aarhus");
	assert_string_equal(v.held[0].dated, "2026-03-02T12:00:00Z");
	sync_view_finish(&v);
	assert_int_equal(sync_import_path(f->t[1].s, path, SYNC_IMPORT_ACCEPT_FUTURE, &r), KP_OK);
	assert_int_equal(sync_view_get(f->t[1].s, &v), KP_OK);
	assert_int_equal(v.nheld, 0);
	sync_view_finish(&v);

	/* a held file that is gone is no longer listed */
	tsite_exec(&f->t[0], false, "UPDATE organisation SET phone = '8' WHERE id = '" ORG "'");
	assert_int_equal(sync_export_mem(f->t[0].s, "herning", false, NULL, 0, &buf, &len, &er), KP_OK);
	assert_int_equal(sync_write_private(f->t[0].s, path, buf, len), KP_OK);
	free(buf);
	assert_int_equal(sync_import_path(f->t[1].s, path, 0, &r), KP_ERR_STATE);
	assert_int_equal(sync_view_get(f->t[1].s, &v), KP_OK);
	assert_int_equal(v.nheld, 1);
	sync_view_finish(&v);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sync_import_path(f->t[1].s, path, 0, &r), KP_ERR_IO);
	assert_non_null(strstr(session_message(f->t[1].s), "cannot open"));
	assert_int_equal(sync_view_get(f->t[1].s, &v), KP_OK);
	assert_int_equal(v.nheld, 0);
	sync_view_finish(&v);
	free(path);
}

static void default_export_name(void **state)
{
	(void)state;
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:05:07Z", 1);
	char *n = sync_export_default_name("Aarhus laptop (Kim)");
	assert_string_equal(n, "to-aarhus-laptop-kim-20260302-090507.kpsync");
	free(n);
	n = sync_export_default_name("../..");
	assert_string_equal(n, "to-site-20260302-090507.kpsync");
	free(n);
	setenv("KNUDEPUNKT_NOW", "2026-03-02T09:00:00Z", 1);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(restore_syncs_and_wins_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(keep_and_bad_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(other_house_case_withheld, setup, teardown),
		cmocka_unit_test_setup_teardown(deleted_record_not_restored, setup, teardown),
		cmocka_unit_test_setup_teardown(view_peers_waiting_and_held, setup, teardown),
		cmocka_unit_test(default_export_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
