/* make bench: importing 1,000,000 company rows from a Windows-1252,
 * semicolon-separated file, as a municipality's Excel writes it, into a
 * fresh database through import_companies (decode, parse, validate every
 * row with the company rules, match on CVR, write, commit), compared with
 * the sqlite3 shell's .import of the same file into a bare table.
 *
 * usage: bench_import DIR   (the file is generated on first use and cached
 * in DIR; BENCH_IMPORT_ROWS overrides the size; SQLITE3 names the shell).
 * Three rounds (BENCH_IMPORT_ROUNDS, 1-9), each on a fresh database and
 * followed by the shell's .import, so each ratio compares runs under the
 * same load; the figures are medians (a single run on this shared machine
 * swings by a second or two either way). The importer uses two threads
 * (src/import.c reads and checks, db/import_store.c stages), so its CPU
 * time exceeds its wall time.
 *
 * Exits 1 when the median misses the target (< 20 s) or the import fails. */
#include "db/bench_store.h"
#include "db/company_store.h"
#include "db/db.h"
#include "db/user_store.h"
#include "src/charset.h"
#include "src/datafile.h"
#include "src/fakedata.h"
#include "src/import.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TARGET_S 20.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time (user + system) of this process, or of its waited-for children. */
static double cpu_s(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void fail(const char *what, const char *why)
{
	fprintf(stderr, "bench_import: %s: %s\n", what, why);
	exit(1);
}

/* The file: header and rows in UTF-8, encoded to Windows-1252 at the end. */
static void generate(struct db *db, const char *path, long rows)
{
	struct postcode_row *pc;
	int npc = bench_postcodes(db, &pc);
	struct strbuf utf8 = STRBUF_INIT, cp = STRBUF_INIT;
	struct charset_report rep;
	struct fake_rng r;
	char err[512], cvr[9], name[160], street[160], person[120], phone[40], email[200];
	uint32_t idx = 0;

	if (npc <= 0)
		fail("postcodes", db_errmsg(db));
	fake_seed(&r, 20261126u);
	strbuf_addstr(&utf8, "CVR-nr.;Firmanavn;Adresse;Postnr.;By;Branchekode;Antal ansatte;"
			     "Kontaktperson;E-mail;Telefon\r\n");
	for (long i = 0; i < rows; i++) {
		while (!fake_cvr(idx++, cvr))
			;
		const struct postcode_row *p = &pc[fake_below(&r, (unsigned)npc)];
		fake_company_name(&r, name, sizeof name);
		fake_street(&r, street, sizeof street);
		strbuf_addf(&utf8, "%s;\"%s\";%s;%s;%s;%s;%u;", cvr, name, street, p->postcode,
			    p->town, fake_pick(&r, fake_industries), fake_below(&r, 400));
		if (fake_below(&r, 3) == 0) {
			fake_person_name(&r, person, sizeof person);
			fake_email(person, name, email, sizeof email);
			fake_phone(&r, phone, sizeof phone);
			strbuf_addf(&utf8, "%s;%s;%s\r\n", person, email, phone);
		} else {
			strbuf_addstr(&utf8, ";;\r\n");
		}
	}
	if (!charset_encode(CHARSET_CP1252, utf8.buf, utf8.len, false, false, &cp, &rep))
		fail("encode", rep.error);
	if (!datafile_write(path, cp.buf, cp.len, err, sizeof err))
		fail("write", err);
	free(pc);
	strbuf_finish(&utf8);
	strbuf_finish(&cp);
}

static struct session *fresh(const char *path)
{
	char err[1100], id[64];
	struct session *s;

	unlink(path);
	snprintf(err, sizeof err, "%s-wal", path);
	unlink(err);
	s = session_open(path, true, err, sizeof err);
	if (!s)
		fail("open", err);
	snprintf(id, sizeof id, "0190aaaa-0000-7000-8000-000000000001");
	struct user u = {
		.id = id, .login = "bench", .name = "Bench Konsulent", .initials = "BK",
		.role = "consultant", .location = "aarhus", .themes = "[]", .active = true,
		.created_at = "2026-01-01T00:00:00Z",
	};
	if (!user_store_insert(s->db, &u) || session_login(s, "bench") != KP_OK)
		fail("user", session_message(s));
	return s;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[1100];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffix[i]);
		unlink(name);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_ROUNDS 9

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	const char *env = getenv("BENCH_IMPORT_ROWS"), *renv = getenv("BENCH_IMPORT_ROUNDS");
	const char *shell = getenv("SQLITE3") ? getenv("SQLITE3") : "sqlite3";
	long rows = env ? atol(env) : 1000000;
	int rounds = renv ? atoi(renv) : 3;
	char file[1024], dbpath[1024], bare[1024], cmd[4096], err[1100];
	struct stat sb;
	struct import_options o = { .file_name = file };
	double wall[MAX_ROUNDS], cpu[MAX_ROUNDS], bare_wall[MAX_ROUNDS], bare_cpu[MAX_ROUNDS];
	double ratio[MAX_ROUNDS], ratio_cpu[MAX_ROUNDS];
	char *data;
	size_t len;

	if (rounds < 1 || rounds > MAX_ROUNDS)
		fail("BENCH_IMPORT_ROUNDS", "give 1 to 9 rounds");
	snprintf(file, sizeof file, "%s/bench-companies-%ld-cp1252.csv", dir, rows);
	snprintf(dbpath, sizeof dbpath, "%s/bench-import.db", dir);
	snprintf(bare, sizeof bare, "%s/bench-import-bare.db", dir);
	if (stat(file, &sb) != 0) {
		struct session *s = fresh(dbpath);
		double t = now_s();

		generate(s->db, file, rows);
		printf("generated %s in %.1f s\n", file, now_s() - t);
		session_close(s);
	}
	if (!datafile_read(file, &data, &len, err, sizeof err))
		fail("read", err);
	snprintf(cmd, sizeof cmd, "%s '%s' '.mode csv' '.separator ;' '.import %s t' "
		 "'SELECT count(*) - %ld FROM t' >/dev/null", shell, bare, file, rows);

	double load[3] = { 0, 0, 0 };
	getloadavg(load, 3);
	printf("load average before: %.2f %.2f %.2f (%ld CPUs); %d rounds, each on a fresh "
	       "database, then the sqlite3 shell's .import of the same file into a bare table\n",
	       load[0], load[1], load[2], sysconf(_SC_NPROCESSORS_ONLN), rounds);
	for (int r = 0; r < rounds; r++) {
		struct import_result res;
		struct session *s = fresh(dbpath);

		double t0 = now_s(), c0 = cpu_s(RUSAGE_SELF);
		enum kp_status st = import_companies(s, data, len, &o, &res);
		wall[r] = now_s() - t0;
		cpu[r] = cpu_s(RUSAGE_SELF) - c0;
		if (st != KP_OK || res.created != rows)
			fail("import", st != KP_OK ? session_message(s) : "not every row was created");
		long count = company_store_count(s->db);
		import_result_finish(&res);
		session_close(s);
		remove_db(dbpath);
		if (count != rows)
			fail("import", "the database does not hold every row");

		unlink(bare);
		double t1 = now_s(), c1 = cpu_s(RUSAGE_CHILDREN);
		int rc = system(cmd);
		bare_wall[r] = now_s() - t1;
		bare_cpu[r] = cpu_s(RUSAGE_CHILDREN) - c1;
		remove_db(bare);
		if (rc != 0)
			fail("sqlite3 .import", "the shell failed");
		ratio[r] = wall[r] / bare_wall[r];
		ratio_cpu[r] = bare_cpu[r] > 0 ? cpu[r] / bare_cpu[r] : 0.0;
		printf("round %d: import %.2f s wall, %.2f s CPU (%.0f rows/s); sqlite3 .import "
		       "%.2f s wall, %.2f s CPU\n", r + 1, wall[r], cpu[r], rows / wall[r],
		       bare_wall[r], bare_cpu[r]);
	}
	free(data);

	double w = median(wall, rounds), c = median(cpu, rounds);
	bool ok = w < TARGET_S;
	printf("import companies: %ld rows (%.1f MB, Windows-1252, ';'), median of %d rounds: "
	       "%.2f s wall, %.2f s CPU, %.0f rows/s\n", rows, (double)len / 1e6, rounds, w, c,
	       rows / w);
	printf("sqlite3 shell .import of the same file into a bare table, median: %.2f s wall, "
	       "%.2f s CPU\n", median(bare_wall, rounds), median(bare_cpu, rounds));
	printf("ratio import / bare (median of the rounds' ratios): %.1f wall, %.1f CPU\n",
	       median(ratio, rounds), median(ratio_cpu, rounds));
	printf("target < %.0f s (median): %s\n", TARGET_S, ok ? "met" : "MISSED");
	return ok ? 0 : 1;
}
