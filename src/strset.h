/* A set of strings (open addressing, FNV-1a), for counting distinct keys
 * in one pass over a query's rows. The set copies what it stores. */
#ifndef KP_STRSET_H
#define KP_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset {
	char **slots;
	size_t cap;                 /* a power of two */
	size_t n;
};

void strset_init(struct strset *set);
void strset_finish(struct strset *set);
/* Adds key; true if it was not there yet. */
bool strset_add(struct strset *set, const char *key);
/* The same for the pair (a, b), kept as one key. */
bool strset_add2(struct strset *set, const char *a, const char *b);

#endif
