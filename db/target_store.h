/* Result-contract targets (synced table target): one value per house (or
 * location of it), year and goal metric. The table has no UNIQUE index
 * (SYNC.md); target_store_set keeps one row per key at entry, and readers
 * take the newest row should a merge bring two. */
#ifndef KP_TARGET_STORE_H
#define KP_TARGET_STORE_H

#include <stdbool.h>

struct db;

struct target {
	char *id;
	char *house;
	char *location;         /* NULL: the whole house */
	int year;
	char *metric;           /* a key of src/target.h's GOAL_METRICS */
	double value;
	char *set_at;
	char *set_by;
};

void target_finish(struct target *t);
void target_list_free(struct target *list, int n);

/* Updates the row of (house, location, year, metric) if there is one (the
 * newest, when a merge left several), else inserts t (t->id must be set).
 * *inserted tells which; *old_value is the value replaced. */
bool target_store_set(struct db *db, const struct target *t, bool *inserted, double *old_value);
/* Targets of a year for a house (location NULL: the house-wide targets
 * only; otherwise that location's), the newest row per metric. Returns the
 * count or -1. */
int target_store_list(struct db *db, int year, const char *house, const char *location,
		      struct target **out);

#endif
