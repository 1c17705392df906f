/* The audit trail: append-only triggers, the hash chain catching an entry
 * changed, removed, inserted or reordered, and erasure of the personal part
 * without breaking the chain. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/audit.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *db_file;

static void add_user(struct session *s, const char *id, const char *login, const char *role)
{
	struct user u = { .id = (char *)id, .login = (char *)login, .name = (char *)login,
			  .role = (char *)role, .location = "aarhus", .active = true,
			  .created_at = "2026-01-01T00:00:00Z" };
	assert_true(user_store_insert(s->db, &u));
}

static struct session *fresh(int entries)
{
	char err[512];

	db_file = tmpdb_path();
	struct session *s = session_open(db_file, true, err, sizeof err);
	assert_non_null(s);
	add_user(s, "0190aaaa-0000-7000-8000-00000000000a", "admin", "admin");
	add_user(s, "0190aaaa-0000-7000-8000-00000000000b", "intake", "intake");
	assert_int_equal(session_login(s, "admin"), KP_OK);
	for (int i = 1; i <= entries; i++)
		assert_true(audit_record(s, "test.write", "thing", "row", "n=%d", i));
	return s;
}

static void done(struct session *s)
{
	session_close(s);
	tmpdb_remove(db_file);
	free(db_file);
}

struct lines {
	char text[2048];
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;

	strncat(l->text, line, sizeof l->text - strlen(l->text) - 2);
	strcat(l->text, "\n");
}

static int verify(struct session *s, struct lines *l)
{
	int problems = -1;

	memset(l, 0, sizeof *l);
	assert_int_equal(audit_verify(s, collect, l, &problems), KP_OK);
	return problems;
}

static void tamper(struct session *s, const char *sql)
{
	assert_true(db_exec(s->db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete"));
	if (!db_exec(s->db, sql))
		fail_msg("%s: %s", sql, db_errmsg(s->db));
}

static void clean_chain_verifies(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	assert_int_equal(verify(s, &l), 0);
	done(s);
}

static void update_and_delete_refused(void **state)
{
	(void)state;
	struct session *s = fresh(2);

	assert_false(db_exec(s->db, "UPDATE audit SET detail = 'x'"));
	assert_non_null(strstr(db_errmsg(s->db), "append-only"));
	assert_false(db_exec(s->db, "DELETE FROM audit"));
	assert_non_null(strstr(db_errmsg(s->db), "append-only"));
	done(s);
}

static void changed_entry_found(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	tamper(s, "UPDATE audit SET detail = 'n=99' WHERE seq = 3");
	assert_int_equal(verify(s, &l), 1);
	assert_non_null(strstr(l.text, "position 3"));
	assert_non_null(strstr(l.text, "changed"));
	done(s);
}

static void changed_user_found(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	tamper(s, "UPDATE audit SET user_id = '0190aaaa-0000-7000-8000-00000000000b' WHERE seq = 2");
	assert_true(verify(s, &l) >= 1);
	assert_non_null(strstr(l.text, "changed"));
	done(s);
}

static void removed_entry_found(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	tamper(s, "DELETE FROM audit WHERE seq = 3");
	assert_true(verify(s, &l) >= 1);
	assert_non_null(strstr(l.text, "removed"));
	done(s);
}

static void removed_newest_found(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	tamper(s, "DELETE FROM audit WHERE seq = 5");
	assert_int_equal(verify(s, &l), 1);
	assert_non_null(strstr(l.text, "after position 4 are missing"));
	done(s);
}

static void inserted_entry_found(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	/* a copy of entry 3 under a new id, as if slipped in beside it */
	tamper(s, "INSERT INTO audit (id, at, user_id, terminal, action, tbl, row_id, detail, origin, "
		  "seq, prev_hash, hash, key_subject) SELECT 'forged', at, user_id, terminal, action, "
		  "tbl, row_id, 'n=3b', origin, seq, prev_hash, hash, key_subject FROM audit WHERE seq = 3");
	assert_true(verify(s, &l) >= 1);
	assert_non_null(strstr(l.text, "inserted"));
	done(s);

	/* one with no place in any chain */
	s = fresh(2);
	tamper(s, "INSERT INTO audit (id, at, user_id, action) VALUES ('loose', '2026-01-01', 'x', 'y')");
	assert_int_equal(verify(s, &l), 1);
	assert_non_null(strstr(l.text, "loose is outside the chain"));
	done(s);
}

static void appended_entry_found(void **state)
{
	(void)state;
	struct session *s = fresh(3);
	struct lines l;

	/* a well-formed entry 4 computed by someone outside the program: its
	 * hash is right, but the recorded head says the chain ends at 3 */
	struct audit_entry *list = NULL;
	int n = audit_store_for_row(s->db, "row", &list);
	assert_int_equal(n, 3);
	struct audit_entry e = list[2];
	char hash[AUDIT_HASH_LEN];
	e.id = "0190aaaa-0000-7000-8000-0000000000ff";
	e.prev_hash = list[2].hash;
	e.seq = 4;
	e.detail = "n=4";
	audit_entry_hash(&e, hash);
	e.hash = hash;
	assert_true(audit_store_append(s->db, &e));
	audit_list_free(list, n);
	assert_int_equal(verify(s, &l), 1);
	assert_non_null(strstr(l.text, "added outside knudepunkt"));
	done(s);
}

static void reordered_entries_found(void **state)
{
	(void)state;
	struct session *s = fresh(5);
	struct lines l;

	tamper(s, "UPDATE audit SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE seq IN (2, 3)");
	assert_true(verify(s, &l) >= 1);
	done(s);

	/* reordered with the chain fields moved along: hashes match but the
	 * links do not */
	s = fresh(5);
	tamper(s, "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (2, 3);"
		  "UPDATE audit SET detail = (SELECT detail FROM t WHERE t.seq = 5 - audit.seq), "
		  "hash = (SELECT hash FROM t WHERE t.seq = 5 - audit.seq), "
		  "prev_hash = (SELECT prev_hash FROM t WHERE t.seq = 5 - audit.seq) "
		  "WHERE seq IN (2, 3)");
	assert_true(verify(s, &l) >= 1);
	done(s);
}

static void private_part_is_erasable(void **state)
{
	(void)state;
	struct session *s = fresh(1);
	struct lines l;
	struct audit_entry *list = NULL;
	bool erased = true;
	const char *contact = "0190cccc-0000-7000-8000-000000000001";

	assert_true(audit_record_private(s, "contact.update", "contact", contact, contact,
					 "name: Jens Hansen -> Jens Møller Hansen", "fields=name"));
	assert_true(audit_record_private(s, "search", "", "", NULL, "jens møller", "rows=%d", 1));
	assert_true(audit_record_private(s, "search", "", "", NULL, "vindmølle", "rows=%d", 4));
	int n = audit_store_for_row(s->db, contact, &list);
	assert_int_equal(n, 1);
	char *text = audit_reveal(s, &list[0], &erased);
	assert_non_null(text);
	assert_false(erased);
	assert_string_equal(text, "name: Jens Hansen -> Jens Møller Hansen");
	free(text);
	/* the plaintext is not in the table */
	assert_null(memmem(list[0].secret, list[0].secret_len, "Jens", 4));

	int count = 0;
	const char *needles[] = { "Jens Møller", NULL };
	assert_true(audit_erase_subject(s, contact, needles, &count));
	assert_int_equal(count, 2);   /* the contact's key and the matching search */
	text = audit_reveal(s, &list[0], &erased);
	assert_null(text);
	assert_true(erased);
	audit_list_free(list, n);

	/* the unrelated search is still readable, and the chain still holds */
	struct audit_filter f = { .action_prefix = "search" };
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	int readable = 0;
	for (int i = 0; i < n; i++) {
		text = audit_reveal(s, &list[i], &erased);
		if (text) {
			assert_string_equal(text, "vindmølle");
			readable++;
		}
		free(text);
	}
	assert_int_equal(readable, 1);
	audit_list_free(list, n);
	assert_int_equal(verify(s, &l), 0);
	done(s);
}

static void reading_needs_the_role(void **state)
{
	(void)state;
	struct session *s = fresh(1);
	struct audit_entry *list = NULL;
	int n = -1, problems = -1;
	struct audit_filter f = { 0 };
	struct lines l;

	assert_int_equal(session_login(s, "intake"), KP_OK);
	assert_int_equal(audit_list(s, &f, &list, &n), KP_ERR_DENIED);
	assert_null(list);
	assert_int_equal(audit_verify(s, collect, &l, &problems), KP_ERR_DENIED);
	/* and the admin's listing is itself recorded */
	assert_int_equal(session_login(s, "admin"), KP_OK);
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	audit_list_free(list, n);
	f.action_prefix = "audit.read";
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user_login, "admin");
	audit_list_free(list, n);
	done(s);
}

/* A supervisor's listing holds the entries of users of the own house only
 * (the CLI's audit list and the audit screen both read through audit_list);
 * an administrator's holds every house. */
static void supervisor_sees_own_house(void **state)
{
	(void)state;
	struct session *s = test_session("consultant");           /* Aarhus */
	struct audit_filter f = { .action_prefix = "test." };
	struct audit_entry *list = NULL;
	int n = -1;

	assert_true(audit_record(s, "test.write", "thing", "row-aarhus", "n=1"));
	test_login(s, "otherkons");                                /* Odense */
	assert_true(audit_record(s, "test.write", "thing", "row-odense", "n=2"));

	test_login(s, "supervisor");
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].row_id, "row-aarhus");
	audit_list_free(list, n);
	/* asking for the other house's record by its id finds nothing */
	f.row_id = "row-odense";
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 0);
	audit_list_free(list, n);
	f.row_id = NULL;

	test_login(s, "othersup");
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].row_id, "row-odense");
	audit_list_free(list, n);

	test_login(s, "admin");
	assert_int_equal(audit_list(s, &f, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	audit_list_free(list, n);
	test_session_close(s);
}

int main(void)
{
	test_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_chain_verifies),
		cmocka_unit_test(update_and_delete_refused),
		cmocka_unit_test(changed_entry_found),
		cmocka_unit_test(changed_user_found),
		cmocka_unit_test(removed_entry_found),
		cmocka_unit_test(removed_newest_found),
		cmocka_unit_test(inserted_entry_found),
		cmocka_unit_test(appended_entry_found),
		cmocka_unit_test(reordered_entries_found),
		cmocka_unit_test(private_part_is_erasable),
		cmocka_unit_test(reading_needs_the_role),
		cmocka_unit_test(supervisor_sees_own_house),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
