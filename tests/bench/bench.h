/* The benchmark (make bench): its data set and generator. */
#ifndef KP_BENCH_H
#define KP_BENCH_H

#include <stdbool.h>

struct db;
struct fake_rng;

#define BENCH_SEED 20261126u
#define BENCH_CONSULTANTS_PER_LOCATION 25

/* Seeds r for company number i, as the generator did. */
void bench_company_seed(struct fake_rng *r, long i);
/* Fills an empty, migrated database; one transaction. */
bool bench_generate(struct db *db, long companies, long cases);

#endif
