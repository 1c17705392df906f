/* Realistic fictional Danish data for the demo database and the benchmark
 * generator: company names, people, streets, CVR numbers, meeting texts.
 * Deterministic: the same seed gives the same sequence. Nothing here is a
 * real company or person (the word lists are common Danish names and
 * trades; CVR numbers are generated, so some may exist in the register). */
#ifndef KP_FAKEDATA_H
#define KP_FAKEDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fake_rng {
	uint64_t state;
};

void fake_seed(struct fake_rng *r, uint64_t seed);
uint64_t fake_next(struct fake_rng *r);
/* Uniform in [0, n); n > 0. */
unsigned fake_below(struct fake_rng *r, unsigned n);
/* An element of a NULL-terminated list (borrowed). */
const char *fake_pick(struct fake_rng *r, const char *const *list);

/* Writes into out (at most outlen bytes, NUL-terminated). */
void fake_company_name(struct fake_rng *r, char *out, size_t outlen);
void fake_person_name(struct fake_rng *r, char *out, size_t outlen);
void fake_street(struct fake_rng *r, char *out, size_t outlen);
void fake_phone(struct fake_rng *r, char *out, size_t outlen);
/* An e-mail address for a person at a company, at an example domain. */
void fake_email(const char *person, const char *company, char *out, size_t outlen);

/* The CVR number for index i: seven digits from a fixed permutation of
 * 1000000..9999999, completed with the check digit. Distinct for distinct
 * i below 9,000,000; false (one index in eleven) when no check digit
 * exists, and the caller moves on to the next index. */
bool fake_cvr(uint32_t i, char out[9]);

extern const char *const fake_first_names[];
extern const char *const fake_surnames[];
extern const char *const fake_roles[];           /* contact roles */
extern const char *const fake_case_titles[];     /* needs, in a line */
extern const char *const fake_meeting_texts[];   /* meeting summaries */
extern const char *const fake_note_texts[];
extern const char *const fake_outcomes[];        /* closing outcomes */
extern const char *const fake_industries[];      /* DB07 codes */

#endif
