/* Fault test: SIGKILL of the importing process at random points of a large
 * import (SYNC.md "Faults"). Each of N attempts starts from the same copy
 * of the receiving database, imports a large file in a child process and
 * kills it after a random delay. Afterwards the database passes the
 * integrity check, the import is wholly there or wholly absent, and a rerun
 * completes it with the same result as an undisturbed import. Then two
 * importers of the same file at once: it is applied exactly once.
 *
 * usage: killtest [--kills N] [--rows R] [--seed S] */
#include "tests/sync/synctest.h"
#include "db/db.h"
#include "db/sync_store.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void copy_file(const char *from, const char *to)
{
	char *cmd = xasprintf("cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);

	if (system(cmd) != 0)
		die("cannot copy %s", from);
	free(cmd);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Imports path into db_path in this process; exits 0 on success. */
static int import_child(const char *db_path, const char *file)
{
	struct tsite t = { 0 };
	struct sync_import_result r;

	t.path = xstrdup(db_path);
	t.now_ms = INT64_C(1772442000000);
	tsite_reopen(&t);
	enum kp_status st = sync_import_file(t.s, file, 0, &r);
	tsite_close(&t);
	free(t.path);
	return st == KP_OK ? 0 : 1;
}

static void report(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "check: %s\n", line);
}

/* 1 when the file's rows are all there, 0 when none is; dies otherwise or
 * when the database fails its check. */
static int state_of(const char *db_path, int rows)
{
	char err[512];
	struct db *db = db_open(db_path, 0, err, sizeof err);
	sqlite3 *h;
	sqlite3_stmt *st;
	int n = -1, files = -1;

	if (!db)
		die("reopen: %s", err);
	if (!db_check(db, report, NULL))
		die("the database fails its check after a kill");
	db_close(db);
	if (sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("open");
	sqlite3_prepare_v2(h, "SELECT (SELECT count(*) FROM contact WHERE id LIKE 'bulk-%'), "
			      "(SELECT count(*) FROM sync_file)", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		files = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (n == 0 && files == 0)
		return 0;
	if (n == rows && files == 1)
		return 1;
	die("partial import: %d of %d rows, %d files recorded", n, rows, files);
}

static void digest_of(const char *db_path, char data[33], char meta[33])
{
	struct tsite t = { 0 };

	t.path = xstrdup(db_path);
	t.now_ms = INT64_C(1772442000000);
	tsite_reopen(&t);
	if (sync_digest(t.s, data, meta) != KP_OK)
		die("digest: %s", session_message(t.s));
	tsite_close(&t);
	free(t.path);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kills", required_argument, NULL, 'k' },
		{ "rows", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int kills = 50, rows = 4000, opt;
	unsigned seed = 1;
	struct tsite a = { 0 }, b = { 0 };
	char *dir = tmpdir_make();

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kills = atoi(optarg); break;
		case 'r': rows = atoi(optarg); break;
		case 's': seed = (unsigned)atoi(optarg); break;
		default: return 2;
		}
	}
	srand(seed);
	tsite_create(&a, dir, "sender", "kill");
	tsite_create(&b, dir, "receiver", "kill");
	struct tsite both[2] = { a, b };
	tsite_trust_all(both, 2);
	tsite_exec(&a, false, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
			      "INSERT INTO contact(id, company_id, name, role, email, phone, created_at) "
			      "SELECT printf('bulk-%%06d', i), 'c', printf('Person %%d', i), 'owner', "
			      "printf('p%%d@example.dk', i), printf('%%08d', i), '2026-03-02' FROM n", rows);
	char *file = xasprintf("%s/big.kpsync", dir);
	struct sync_export_result er;
	if (sync_export_file(a.s, tsite_id(&b), true, file, &er) != KP_OK)
		die("export: %s", session_message(a.s));
	tsite_close(&a);
	tsite_close(&b);
	char *pristine = xasprintf("%s/pristine.db", dir);
	char *work = xasprintf("%s/work.db", dir);
	copy_file(b.path, pristine);

	/* an undisturbed import: its duration and its result */
	char want_d[33], want_m[33], got_d[33], got_m[33];
	copy_file(pristine, work);
	double t0 = now_s();
	if (import_child(work, file) != 0)
		die("the undisturbed import failed");
	double dur = now_s() - t0;
	if (state_of(work, rows) != 1)
		die("the undisturbed import is incomplete");
	digest_of(work, want_d, want_m);
	printf("file %zu bytes, %ld fields; undisturbed import %.3f s\n", er.bytes, er.cells, dur);

	int applied = 0, absent = 0;
	for (int k = 0; k < kills; k++) {
		copy_file(pristine, work);
		useconds_t delay = (useconds_t)((double)rand() / RAND_MAX * dur * 1.2e6);
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(import_child(work, file));
		usleep(delay);
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		/* the step, so that a failure below says where it happened */
		fprintf(stderr, "kill %d after %.3f s: child %s\n", k, delay / 1e6,
			WIFSIGNALED(status) ? "killed" : WIFEXITED(status) && WEXITSTATUS(status) == 0
			? "had finished" : "had failed");
		if (state_of(work, rows) == 1)
			applied++;
		else
			absent++;
		/* a rerun completes it (or finds it applied) with the same result */
		if (import_child(work, file) != 0)
			die("the rerun after kill %d failed", k);
		if (state_of(work, rows) != 1)
			die("the rerun after kill %d is incomplete", k);
		digest_of(work, got_d, got_m);
		if (strcmp(got_d, want_d) != 0 || strcmp(got_m, want_m) != 0)
			die("after kill %d and a rerun the database differs from an undisturbed import", k);
	}
	printf("%d kills: %d left the import wholly applied, %d wholly absent; every rerun completed it\n",
	       kills, applied, absent);

	/* two importers at once */
	copy_file(pristine, work);
	pid_t p1 = fork();
	if (p1 == 0)
		_exit(import_child(work, file));
	pid_t p2 = fork();
	if (p2 == 0)
		_exit(import_child(work, file));
	int s1, s2;
	waitpid(p1, &s1, 0);
	waitpid(p2, &s2, 0);
	/* the second may give up on the lock after the busy timeout: that is a
	 * clear error and changes nothing; at least one must succeed */
	if (!(WIFEXITED(s1) && WEXITSTATUS(s1) == 0) && !(WIFEXITED(s2) && WEXITSTATUS(s2) == 0))
		die("two importers at once: both failed");
	if (state_of(work, rows) != 1)
		die("two importers at once: not applied exactly once");
	digest_of(work, got_d, got_m);
	if (strcmp(got_d, want_d) != 0 || strcmp(got_m, want_m) != 0)
		die("two importers at once: the result differs from one import");
	printf("two importers at once: applied once\n");
	tmpdir_remove(dir);
	return 0;
}
