/* make bench: the goals dashboard for one year (goals I-VII of a house,
 * and of every house) and the caseload screen of a branch, on the
 * national-size data set of bench_gen.c (1,000,000 companies, 200,000
 * cases with journals, referrals and evaluations). Each is timed through
 * the core function the screen calls and as the same SQL run bare
 * (captured from that call, then prepared, stepped and finalised as the
 * sqlite3 shell does), and the ratio printed. The caseload is what its
 * screen computes: every open case lean, the summary, one page complete.
 *
 * usage: bench_goals DB   (the cached data set of bench_search; sizes
 * from BENCH_COMPANIES and BENCH_CASES). Exits 1 when a target is missed:
 * the dashboard under 200 ms, the branch caseload under 50 ms (medians). */
#include "tests/bench/bench.h"
#include "db/bench_store.h"
#include "db/db.h"
#include "db/user_store.h"
#include "src/caseload.h"
#include "src/goals.h"
#include "src/session.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RUNS 9
#define YEAR 2025

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);

	return v && *v ? atol(v) : def;
}

/* A supervisor of Midtjylland and an administrator, for the sessions. */
static void ensure_user(struct db *db, const char *login, const char *role)
{
	struct user u = { 0 };
	char id[UUID_STR_LEN];

	if (user_store_find_login(db, login, &u) > 0) {
		user_finish(&u);
		return;
	}
	uuid_generate(id);
	u = (struct user){ .id = id, .login = (char *)login, .name = (char *)login,
			   .initials = "", .role = (char *)role, .location = "aarhus",
			   .themes = "[]", .active = true, .created_at = "2026-01-01T00:00:00Z" };
	if (!user_store_insert(db, &u))
		die("cannot add %s: %s", login, db_errmsg(db));
}

struct timing {
	const char *label;
	double store[RUNS], bare[RUNS];
	double cpu[RUNS], bare_cpu[RUNS];   /* this process's CPU time */
	long rows;
};

typedef long (*bench_fn)(struct session *s, void *arg);

static long goals_run(struct session *s, void *arg)
{
	const char *location = arg;
	struct period p;
	struct goals g;

	goals_period_year(YEAR, &p);
	if (goals_compute(s, NULL, location, &p, &g) != KP_OK)
		die("goals: %s", session_message(s));
	long served = g.served_companies;
	goals_finish(&g);
	return served;
}

/* What the caseload screen computes when it opens or reloads: every open
 * case of the branch (lean: status, dates, idle days, overdue follow-ups),
 * sorted; the summary per consultant; and the company of the rows of one
 * screen page (ui/screen_caseload.c fills them as they are drawn). */
#define SCREEN_PAGE 64

static long caseload_screen_run(struct session *s, const char *location, enum caseload_sort key)
{
	struct caseload_filter f = { .location = location, .sort = key };
	struct caseload_summary *sum;
	struct caseload_row *rows;
	int n, nsum;

	if (caseload_list(s, &f, &rows, &n) != KP_OK
	    || caseload_fill(s, rows, n, 0, SCREEN_PAGE) != KP_OK)
		die("caseload: %s", session_message(s));
	caseload_summarise(rows, n, caseload_idle_days(s), &sum, &nsum);
	caseload_summary_free(sum, nsum);
	caseload_list_free(rows, n);
	return n;
}

static long caseload_run(struct session *s, void *arg)
{
	return caseload_screen_run(s, arg, CASELOAD_SORT_IDLE);
}

static long caseload_company_run(struct session *s, void *arg)
{
	return caseload_screen_run(s, arg, CASELOAD_SORT_COMPANY);
}

static void measure(struct session *s, struct timing *t, bench_fn fn, void *arg)
{
	fn(s, arg);                         /* warm the page cache */
	for (int i = 0; i < RUNS; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		t->rows = fn(s, arg);
		t->store[i] = now_ms() - t0;
		t->cpu[i] = cpu_ms() - c0;
		char **sql;
		int nsql;
		bench_capture_begin(s->db);
		fn(s, arg);
		sql = bench_capture_end(s->db, &nsql);
		t0 = now_ms();
		c0 = cpu_ms();
		if (bench_run_bare(s->db, sql, nsql) < 0)
			die("bare SQL failed: %s", db_errmsg(s->db));
		t->bare[i] = now_ms() - t0;
		t->bare_cpu[i] = cpu_ms() - c0;
		for (int k = 0; k < nsql; k++)
			free(sql[k]);
		free(sql);
	}
}

static bool report(struct timing *t, double target_ms, const char *unit)
{
	double st = median(t->store, RUNS), bare = median(t->bare, RUNS);
	double cpu = median(t->cpu, RUNS), bare_cpu = median(t->bare_cpu, RUNS);
	bool ok = target_ms <= 0 || st < target_ms;

	printf("  %-38s %6ld %-10s median %7.1f ms (bare SQL %7.1f, x%.2f); CPU %6.1f ms "
	       "(bare %6.1f, x%.2f)", t->label, t->rows, unit, st, bare, bare > 0 ? st / bare : 0,
	       cpu, bare_cpu, bare_cpu > 0 ? cpu / bare_cpu : 0);
	if (target_ms > 0)
		printf("  target < %.0f ms: %s", target_ms, ok ? "met" : "MISSED");
	printf("\n");
	return ok;
}

int main(int argc, char **argv)
{
	long companies = env_long("BENCH_COMPANIES", 1000000);
	long cases = env_long("BENCH_CASES", 200000);
	char err[512];
	bool ok = true;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_goals DB\n");
		return 2;
	}
	struct db *db = bench_open_dataset(argv[1], companies, cases);
	ensure_user(db, "bench_supervisor", "supervisor");
	ensure_user(db, "bench_admin", "admin");
	db_close(db);
	struct session *s = session_open(argv[1], false, err, sizeof err);
	if (!s || session_login(s, "bench_supervisor") != KP_OK)
		die("cannot open a session: %s", s ? session_message(s) : err);

	struct timing house = { .label = "goals I-VII, Midtjylland, one year" };
	struct timing branch = { .label = "goals I-VII, Herning branch, one year" };
	struct timing load = { .label = "caseload screen, Aarhus, by idle days" };
	struct timing load_company = { .label = "caseload screen, Aarhus, by company" };
	struct timing load_house = { .label = "caseload screen, Midtjylland, by idle" };
	struct timing all = { .label = "goals I-VII, every house, one year" };

	measure(s, &house, goals_run, NULL);
	measure(s, &branch, goals_run, "herning");
	measure(s, &load, caseload_run, "aarhus");
	measure(s, &load_company, caseload_company_run, "aarhus");
	measure(s, &load_house, caseload_run, NULL);     /* the supervisor's whole house */
	if (session_login(s, "bench_admin") != KP_OK)
		die("cannot log in the administrator: %s", session_message(s));
	measure(s, &all, goals_run, NULL);

	printf("goals dashboard for %d and branch caseload (%d runs each, warm cache; bare = the "
	       "same SQL, prepared and stepped through the plain SQLite C API; wall-clock time "
	       "decides the target, CPU time is this process's, for a shared machine):\n",
	       YEAR, RUNS);
	double avg[3];
	if (getloadavg(avg, 3) == 3)
		printf("load average %.1f %.1f %.1f on %ld CPUs (wall times include waiting for the "
		       "CPU)\n", avg[0], avg[1], avg[2], sysconf(_SC_NPROCESSORS_ONLN));
	ok = report(&house, 200, "companies") && ok;
	ok = report(&branch, 200, "companies") && ok;
	report(&all, 0, "companies");        /* reported, not a target */
	ok = report(&load, 50, "open cases") && ok;
	/* sorting by company reads the company of every case, not of one
	 * page: reported, the target is for the screen as it opens */
	report(&load_company, 0, "open cases");
	report(&load_house, 0, "open cases");     /* a house, not a branch: reported */
	session_close(s);
	return ok ? 0 : 1;
}
