/* make bench: the audit trail at scale. Builds a chained trail of
 * BENCH_AUDIT entries (default 1,000,000: a year of 400 users' journal
 * openings, company look-ups, contact lists, searches and writes) in a
 * temporary database, then times
 *  - "which persons did user U look at between T1 and T2" through
 *    audit_list (the audit screen's call, which also records itself),
 *    against the same SELECT run bare; target: under 1 s (median);
 *  - audit_verify over the whole trail (every hash recomputed); reported.
 * usage: bench_audit DIR (a temporary file is made there and removed). */
#include "db/audit_store.h"
#include "db/db.h"
#include "db/user_store.h"
#include "src/audit.h"
#include "src/session.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RUNS 7
#define USERS 400

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void build(struct session *s, long n)
{
	static const char *const actions[] = { "contact.read", "company.read", "journal.read", "search",
					       "journal.meeting", "case.update" };
	char prev[AUDIT_HASH_LEN] = "", hash[AUDIT_HASH_LEN], id[UUID_STR_LEN], at[32], row[40];
	char user[40], head[128];
	unsigned seed = 20261126u;

	if (!db_begin(s->db))
		die("begin: %s", db_errmsg(s->db));
	for (long i = 1; i <= n; i++) {
		seed = seed * 1103515245u + 12345u;
		long second = (long)((double)i / (double)n * 365 * 86400);
		time_t t = 1735689600 + second;   /* 2025-01-01 */
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
		snprintf(user, sizeof user, "0190aaaa-0000-7000-8000-%012u", (seed >> 8) % USERS);
		snprintf(row, sizeof row, "0190cccc-0000-7000-8000-%012u", (seed >> 4) % 200000);
		uuid_generate(id);
		struct audit_entry e = { .id = id, .at = at, .user_id = user, .terminal = "/dev/pts/1",
					 .action = (char *)actions[(seed >> 16) % 6], .tbl = "company",
					 .row_id = row, .detail = "contacts=2", .origin = "bench-origin",
					 .seq = i, .prev_hash = prev };
		audit_entry_hash(&e, hash);
		e.hash = hash;
		if (!audit_store_append(s->db, &e))
			die("append: %s", db_errmsg(s->db));
		memcpy(prev, hash, sizeof prev);
	}
	snprintf(head, sizeof head, "%ld %s", n, prev);
	if (!db_setting_set(s->db, "audit_origin", "bench-origin") || !db_setting_set(s->db, "audit_head", head) ||
	    !db_commit(s->db))
		die("commit: %s", db_errmsg(s->db));
}

static void no_report(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "verify: %s\n", line);
}

int main(int argc, char **argv)
{
	const char *n_env = getenv("BENCH_AUDIT");
	long n = n_env ? atol(n_env) : 1000000;
	char err[512];
	double t[RUNS], bare[RUNS];
	int rows = 0;

	if (argc != 2)
		die("usage: bench_audit DIR");
	char *path = xasprintf("%s/bench-audit-%d.db", argv[1], (int)getpid());
	struct session *s = session_open(path, true, err, sizeof err);
	if (!s)
		die("%s", err);
	struct user admin = { .id = "0190aaaa-0000-7000-8000-ffffffffffff", .login = "benchadmin",
			      .name = "Bench Admin", .role = "admin", .location = "aarhus", .active = true,
			      .created_at = "2025-01-01T00:00:00Z" };
	if (!user_store_insert(s->db, &admin) || session_login(s, "benchadmin") != KP_OK)
		die("cannot make the admin");
	double t0 = now_ms();
	build(s, n);
	printf("built a chained audit trail of %ld entries in %.1f s\n", n, (now_ms() - t0) / 1e3);

	/* "which persons did user 17 look at in March" */
	struct audit_filter f = { .user_id = "0190aaaa-0000-7000-8000-000000000017",
				  .action_prefix = "contact.read", .from = "2025-03-01", .to = "2025-03-31",
				  .limit = 100000 };
	for (int r = 0; r < RUNS; r++) {
		struct audit_entry *list;
		double a = now_ms();
		if (audit_list(s, &f, &list, &rows) != KP_OK)
			die("audit_list: %s", session_message(s));
		t[r] = now_ms() - a;
		audit_list_free(list, rows);
		a = now_ms();
		struct audit_entry *raw;
		int m = audit_store_query(s->db, &f, &raw);
		bare[r] = now_ms() - a;
		audit_list_free(raw, m);
	}
	qsort(t, RUNS, sizeof *t, cmp_double);
	qsort(bare, RUNS, sizeof *bare, cmp_double);
	printf("persons user U looked at in a month: %d entries, audit_list median %.2f ms "
	       "(bare query %.2f ms; the difference is the audit.read entry it writes)\n",
	       rows, t[RUNS / 2], bare[RUNS / 2]);

	int problems = -1;
	double v = now_ms();
	if (audit_verify(s, no_report, NULL, &problems) != KP_OK)
		die("verify: %s", session_message(s));
	printf("audit verify over %ld entries: %.1f s, %d problem(s)\n", n + RUNS, (now_ms() - v) / 1e3,
	       problems);
	session_close(s);
	char *p2;
	unlink(path);
	p2 = xasprintf("%s-wal", path);
	unlink(p2);
	free(p2);
	p2 = xasprintf("%s-shm", path);
	unlink(p2);
	free(p2);
	free(path);
	if (problems != 0 || t[RUNS / 2] > 1000) {
		printf("FAILED: %s\n", problems ? "the trail does not verify" : "the look-up took over 1 s");
		return 1;
	}
	return 0;
}
