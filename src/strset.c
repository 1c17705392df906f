/* Open-addressing string set. Load factor at most 1/2; never shrinks. */
#include "src/strset.h"
#include "src/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strset_init(struct strset *set)
{
	set->cap = 64;
	set->n = 0;
	set->slots = xcalloc(set->cap, sizeof *set->slots);
}

void strset_finish(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	*set = (struct strset){ 0 };
}

static void place(char **slots, size_t cap, char *key)
{
	size_t i = (size_t)hash(key) & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = key;
}

static void grow(struct strset *set)
{
	size_t cap = set->cap * 2;
	char **slots = xcalloc(cap, sizeof *slots);

	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i])
			place(slots, cap, set->slots[i]);
	free(set->slots);
	set->slots = slots;
	set->cap = cap;
}

bool strset_add(struct strset *set, const char *key)
{
	size_t i;

	if (!set->slots)
		strset_init(set);
	i = (size_t)hash(key) & (set->cap - 1);
	for (; set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slots[i], key) == 0)
			return false;
	set->slots[i] = xstrdup(key);
	if (++set->n * 2 > set->cap)
		grow(set);
	return true;
}

bool strset_add2(struct strset *set, const char *a, const char *b)
{
	char *key = xasprintf("%s\037%s", a, b);
	bool added = strset_add(set, key);

	free(key);
	return added;
}
