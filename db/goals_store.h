/* The reads behind the national goals I-VII (DESIGN.md §4) and the
 * register extract. A case is *served* in a period when it had at least
 * one meeting (journal entry of kind meeting) dated in the period; a
 * company is served when one of its cases is. Scope: cases whose location
 * is in the house, and is the location (or one of the locations, keys
 * separated by commas: a supervisor's scope); both NULL: every case. */
#ifndef KP_GOALS_STORE_H
#define KP_GOALS_STORE_H

#include <stdbool.h>

struct db;

struct goals_scope {
	const char *house;
	const char *location;
	const char *from;           /* date, inclusive */
	const char *to;             /* date, exclusive */
};

/* One served case; strings are borrowed for the duration of the callback. */
struct served_case {
	const char *case_id;
	const char *company_key;    /* the company's id, or its survivor's after a merge */
	const char *cvr;            /* NULL for a pre-start person */
	bool is_prestart;
	const char *target_group;   /* the company's, else the case's at intake; may be "" */
	const char *growth;         /* "", none, moderate, high */
	const char *themes;         /* JSON array of theme keys */
	const char *source;         /* case_source key */
	const char *house;          /* house of the case's location, or "" */
	int meetings;               /* meetings in the period */
	const char *first;          /* first and last meeting date in the period */
	const char *last;
	bool evaluated;             /* the case has an evaluation (any date) */
	const char *referrals;      /* extract only: destination names in the period,
				       separated by \037; else "" */
};

typedef void (*served_case_fn)(void *ctx, const struct served_case *c);

/* Calls fn for every served case in scope. With by_cvr, only companies
 * with a CVR, ordered by CVR (the register extract). False on error. */
bool goals_store_served(struct db *db, const struct goals_scope *sc, bool by_cvr,
			served_case_fn fn, void *ctx);

/* Cases opened in the period (goal VII). */
struct registrations {
	int cases;
	int with_cvr;
	int prestart;
	int from_municipality;
};
bool goals_store_registrations(struct db *db, const struct goals_scope *sc,
			       struct registrations *out);

#endif
