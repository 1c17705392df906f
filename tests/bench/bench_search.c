/* make bench: search as you type and a consultant's case list on a
 * national-size database (1,000,000 companies, 200,000 cases with contacts
 * and journals), each timed through the store function and as the same
 * SQL run bare (captured from the store call, then prepared, stepped and
 * finalised the way the sqlite3 shell runs it).
 *
 * usage: bench_search DB   (generated on first use, cached, regenerated
 * when the data set or schema changes; BENCH_COMPANIES and BENCH_CASES
 * override the sizes). Exits 1 when a target is missed. */
#include "tests/bench/bench.h"
#include "db/bench_store.h"
#include "db/case_store.h"
#include "db/company_store.h"
#include "db/db.h"
#include "db/user_store.h"
#include "src/company.h"
#include "src/fakedata.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* rows a keystroke asks for: what the company list screen asks for
 * (COMPANY_PAGE in ui/screen_company_list.c); BENCH_LIMIT overrides */
static int limit = 60;
#define SAMPLES 30               /* names and CVR numbers typed */
#define PREFIX_MAX 12            /* characters typed of each name */

struct series {
	const char *label;
	double *store, *bare;       /* ms, wall clock */
	double *cpu;                /* ms of CPU time of the store call */
	int n, cap;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this process: on a shared, loaded machine the wall clock
 * also counts the time other processes had the CPU. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void series_add(struct series *s, double store, double cpu, double bare)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->store = xrealloc(s->store, (size_t)s->cap * sizeof *s->store);
		s->bare = xrealloc(s->bare, (size_t)s->cap * sizeof *s->bare);
		s->cpu = xrealloc(s->cpu, (size_t)s->cap * sizeof *s->cpu);
	}
	s->store[s->n] = store;
	s->cpu[s->n] = cpu;
	s->bare[s->n++] = bare;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double percentile(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int i = (int)(p * (n - 1) + 0.5);
	return n ? v[i] : 0;
}

/* Prints the line of a series; true when its p95 is within target_ms. */
static bool series_print(struct series *s, double target_ms)
{
	double med = percentile(s->store, s->n, 0.5), p95 = percentile(s->store, s->n, 0.95);
	double bmed = percentile(s->bare, s->n, 0.5), bp95 = percentile(s->bare, s->n, 0.95);
	double cmed = percentile(s->cpu, s->n, 0.5), cp95 = percentile(s->cpu, s->n, 0.95);
	bool ok = p95 < target_ms;

	if (bp95 == 0)
		printf("  %-26s %5d  median %7.3f ms                      p95 %7.3f ms"
		       "                       target p95 < %.0f ms: %s\n",
		       s->label, s->n, med, p95, target_ms, ok ? "met" : "MISSED");
	else
		printf("  %-26s %5d  median %7.3f ms (bare %7.3f, x%.2f)  p95 %7.3f ms (bare %7.3f, x%.2f)"
		       "  target p95 < %.0f ms: %s\n",
		       s->label, s->n, med, bmed, bmed > 0 ? med / bmed : 0, p95, bp95,
		       bp95 > 0 ? p95 / bp95 : 0, target_ms, ok ? "met" : "MISSED");
	printf("  %-26s %5s  cpu    %7.3f ms                      cpu %7.3f ms\n", "", "", cmed, cp95);
	return ok;
}

static void free_sql(char **sql, int n)
{
	for (int i = 0; i < n; i++)
		free(sql[i]);
	free(sql);
}

static double time_bare(struct db *db, char **sql, int n)
{
	double t = now_ms();

	if (bench_run_bare(db, sql, n) < 0)
		die("bare query failed: %s", db_errmsg(db));
	return now_ms() - t;
}

/* One keystroke: the store call timed, then the same ranked result computed
 * by plain SQL (the store's statements, with word matches fetched and
 * sorted rather than found through the helper functions) timed bare. */
static void keystroke(struct db *db, const char *q, struct series *s, bool record)
{
	struct company_hit *hits;
	char **sql;
	int nsql;

	double t = now_ms(), c = cpu_ms();
	int n = company_store_search(db, q, limit, 0, &hits);
	double store = now_ms() - t, cpu = cpu_ms() - c;
	if (n < 0)
		die("search failed: %s", db_errmsg(db));
	company_hits_free(hits, n);
	bench_plain_sql = true;
	bench_capture_begin(db);
	n = company_store_search(db, q, limit, 0, &hits);
	sql = bench_capture_end(db, &nsql);
	bench_plain_sql = false;
	company_hits_free(hits, n);
	double bare = time_bare(db, sql, nsql);
	free_sql(sql, nsql);
	if (record)
		series_add(s, store, cpu, bare);
	if (record && getenv("BENCH_VERBOSE") && store > 5)
		printf("    slow key: '%s' %.1f ms\n", q, store);
}

/* Calls fn for each prefix of text, one character (UTF-8) longer each. */
static void type_prefixes(struct db *db, const char *text, int max, struct series *s, bool record)
{
	char buf[256];
	int chars = 0;

	for (size_t i = 1; i <= strlen(text) && chars < max && i < sizeof buf; i++) {
		if (text[i] && (text[i] & 0xc0) == 0x80)
			continue;             /* inside a character */
		memcpy(buf, text, i);
		buf[i] = '\0';
		keystroke(db, buf, s, record);
		chars++;
	}
}

/* The same keystrokes through company_search, as the screen calls it:
 * the role check and the audit entry (a committed write) included. */
static void run_wrapper(struct session *s, long companies, struct series *out)
{
	for (int k = 0; k < SAMPLES; k++) {
		long i = (long)k * (companies / SAMPLES) + 7 * k + 3;
		struct fake_rng r;
		char name[128], buf[256];
		int chars = 0;

		bench_company_seed(&r, i < companies ? i : companies - 1);
		fake_company_name(&r, name, sizeof name);
		for (size_t len = 1; len <= strlen(name) && chars < PREFIX_MAX && len < sizeof buf; len++) {
			if (name[len] && (name[len] & 0xc0) == 0x80)
				continue;
			memcpy(buf, name, len);
			buf[len] = '\0';
			struct company_hit *hits;
			int n;
			double t = now_ms(), c = cpu_ms();
			if (company_search(s, buf, limit, 0, &hits, &n) != KP_OK)
				die("company_search failed: %s", session_message(s));
			series_add(out, now_ms() - t, cpu_ms() - c, 0);
			company_hits_free(hits, n);
			chars++;
		}
	}
}

static const char *const words[] = { "hansen", "aarhus", "vvs", "tømrer", "søren", "aps", NULL };

static void run_search(struct db *db, long companies, struct series *names, struct series *cvrs,
		       struct series *other, bool record)
{
	for (int k = 0; k < SAMPLES; k++) {
		long i = (long)k * (companies / SAMPLES) + 7 * k + 3;
		struct fake_rng r;
		char name[128], cvr[9];

		if (i >= companies)
			i = companies - 1;
		bench_company_seed(&r, i);
		fake_company_name(&r, name, sizeof name);
		type_prefixes(db, name, PREFIX_MAX, names, record);
		while (!fake_cvr((uint32_t)i, cvr))
			i++;
		type_prefixes(db, cvr, 8, cvrs, record);
	}
	for (int k = 0; words[k]; k++)
		type_prefixes(db, words[k], PREFIX_MAX, other, record);
}

static void run_cases(struct db *db, struct series *lists, bool record)
{
	static const char *const locs[] = { "kobenhavn", "aarhus", "odense", "aalborg", "ronne", NULL };

	for (int l = 0; locs[l]; l++) {
		for (int k = 1; k <= 10; k++) {
			char login[64];
			struct user u = { 0 };
			struct case_file *list;
			struct case_filter f = { 0 };
			char **sql;
			int nsql;

			snprintf(login, sizeof login, "bench_%s_%d", locs[l], k);
			if (user_store_find_login(db, login, &u) != 1)
				die("no user %s in the benchmark database", login);
			f.consultant_id = u.id;
			double t = now_ms(), c = cpu_ms();
			int n = case_store_list(db, &f, &list);
			double store = now_ms() - t, cpu = cpu_ms() - c;
			if (n < 0)
				die("case list failed: %s", db_errmsg(db));
			case_list_free(list, n);
			bench_capture_begin(db);
			n = case_store_list(db, &f, &list);
			sql = bench_capture_end(db, &nsql);
			case_list_free(list, n);
			double bare = time_bare(db, sql, nsql);
			free_sql(sql, nsql);
			if (record)
				series_add(lists, store, cpu, bare);
			user_finish(&u);
		}
	}
}

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);

	return v && *v ? atol(v) : def;
}

int main(int argc, char **argv)
{
	long companies = env_long("BENCH_COMPANIES", 1000000);
	long cases = env_long("BENCH_CASES", 200000);
	struct series names = { .label = "name prefix, per key" };
	struct series cvrs = { .label = "partial CVR, per key" };
	struct series other = { .label = "words (town, contact)" };
	struct series lists = { .label = "consultant's case list" };
	struct series wrapper = { .label = "name prefix, company_search" };
	struct series scratch = { 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: bench_search DB\n");
		return 2;
	}
	limit = (int)env_long("BENCH_LIMIT", limit);
	struct db *db = bench_open_dataset(argv[1], companies, cases);
	printf("%ld companies in the search\n", company_store_count(db));
	/* one pass to warm the page cache, as a running program would be */
	run_search(db, companies, &scratch, &scratch, &scratch, false);
	run_cases(db, &scratch, false);
	run_search(db, companies, &names, &cvrs, &other, true);
	run_cases(db, &lists, true);
	db_close(db);
	char err[512];
	struct session *s = session_open(argv[1], false, err, sizeof err);
	if (!s || session_login(s, "bench_aarhus_1") != KP_OK)
		die("cannot log in to the benchmark database: %s", s ? session_message(s) : err);
	run_wrapper(s, companies, &wrapper);
	session_close(s);
	printf("search as you type (%d rows per key; warm cache; bare = the same SQL, "
	       "prepared and stepped through the plain SQLite C API):\n", limit);
	double load[3];
	if (getloadavg(load, 3) == 3)
		printf("load average %.1f %.1f %.1f on %ld CPUs (wall times include waiting for the CPU)\n",
		       load[0], load[1], load[2], sysconf(_SC_NPROCESSORS_ONLN));
	bool ok = series_print(&names, 10);
	ok = series_print(&cvrs, 10) && ok;
	series_print(&other, 10);            /* reported, not a target */
	printf("the same name keystrokes through company_search (role check; the search is noted "
	       "and written once to the audit trail; bare column not applicable):\n");
	series_print(&wrapper, 10);
	printf("case list (case_store_list, consultant filter, all statuses):\n");
	ok = series_print(&lists, 20) && ok;
	return ok ? 0 : 1;
}
