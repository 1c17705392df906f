/* The benchmark (make bench): its data set and generator. */
#ifndef KP_BENCH_H
#define KP_BENCH_H

#include <stdbool.h>

struct db;
struct fake_rng;

#define BENCH_SEED 20261126u
#define BENCH_CONSULTANTS_PER_LOCATION 25
/* Bumped when the generator makes different data, so cached sets renew. */
#define BENCH_GENERATOR 2

/* Seeds r for company number i, as the generator did. */
void bench_company_seed(struct fake_rng *r, long i);
/* Fills an empty, migrated database; one transaction. */
bool bench_generate(struct db *db, long companies, long cases);
/* Opens the cached data set at path, generating it when missing or made
 * by another generator, size or schema. Exits on failure. */
struct db *bench_open_dataset(const char *path, long companies, long cases);

#endif
