/* For generated data sets only (the benchmark generator in tests/bench and
 * the demo generator): reference postcodes to draw addresses from, a bulk
 * load mode, and capturing the SQL a store call runs so a benchmark can
 * time the same SQL bare. Nothing that serves users calls the bulk or
 * capture functions. */
#ifndef KP_BENCH_STORE_H
#define KP_BENCH_STORE_H

#include <stdbool.h>

struct db;

struct postcode_row {
	char postcode[5];
	char town[64];
	int municipality;
};

/* Geographic postcodes (1000 and up) with their town and municipality,
 * by postcode. Caller frees *out. Returns the count or -1. */
int bench_postcodes(struct db *db, struct postcode_row **out);

/* Bulk load into an EMPTY database (no companies yet): drops the
 * secondary indexes and triggers of company, contact, case_file,
 * journal_entry and case_event (keeping their SQL), turns off the journal
 * and opens one transaction; rows then go in through the ordinary store
 * inserts. bench_load_end recreates the indexes, fills company_fts in one
 * statement, recreates the triggers, commits and returns to WAL. */
bool bench_load_begin(struct db *db);
bool bench_load_end(struct db *db);

/* Records the expanded SQL (parameters inlined) of every statement run
 * until bench_capture_end, which returns them (caller frees each and the
 * array) and their count in *n. */
void bench_capture_begin(struct db *db);
char **bench_capture_end(struct db *db, int *n);
/* Prepares, steps through every row and finalises each statement, as the
 * sqlite3 shell would; returns the rows read, or -1 on error. */
long bench_run_bare(struct db *db, char *const *sql, int n);

/* Set by the benchmark to make the company search compute word matches
 * with plain SQL only (no helper functions), for the bare comparison. */
extern bool bench_plain_sql;
/* For tests: the number of word matches below which they are sorted
 * (default 2000) and from which rows are tested one by one in Danish
 * order (default 20000); 0 restores a default. */
void bench_search_thresholds(long sort_max, long dense_min);

#endif
