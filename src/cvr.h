/* CVR and P-numbers. A CVR number is 8 digits, the first not 0, whose
 * digits weighted 2,7,6,5,4,3,2,1 sum to a multiple of 11. A P-number is 10
 * digits, checked for format only (some series fail modulus 11). */
#ifndef KP_CVR_H
#define KP_CVR_H

#include <stdbool.h>
#include <stddef.h>

enum cvr_problem {
	CVR_OK,
	CVR_EMPTY,
	CVR_NOT_DIGITS,
	CVR_WRONG_LENGTH,
	CVR_LEADING_ZERO,
	CVR_CHECKSUM,
};

/* Checks a CVR number after normalising (spaces and a "DK" prefix are
 * dropped). out, when not NULL, receives the 8 digits. */
enum cvr_problem cvr_check(const char *in, char out[9]);
bool cvr_is_valid(const char *in);
const char *cvr_problem_message(enum cvr_problem p);   /* translated */

/* Completes 7 digits with the check digit; false if none exists. */
bool cvr_complete(const char *seven, char out[9]);

bool pnumber_is_valid(const char *in, char out[11]);   /* 10 digits after normalising */

#endif
