/* Caseload reads: the open cases (status new, assigned or active) of a
 * location, a consultant or a house, each with its last journal date, and
 * the front-desk queue (new cases without a consultant, oldest first). */
#ifndef KP_CASELOAD_STORE_H
#define KP_CASELOAD_STORE_H

#include <stdbool.h>

struct db;

struct caseload_row {
	char *case_id;
	char *company_id;
	/* company_name, cvr and title are NULL in a lean list until filled */
	char *company_name;
	char *cvr;                  /* "" for a pre-start person */
	char *title;
	char *status;               /* new, assigned, active */
	char *location;             /* "" when not routed */
	char *consultant_id;        /* "" when unassigned */
	char *consultant_name;      /* "" when unassigned */
	bool consultant_inactive;   /* the consultant has left (user deactivated) */
	char *opened;               /* date */
	char *last_activity;        /* date of the latest journal entry, or "" */
	int overdue;                /* open referrals whose follow-up date has passed */
	/* computed by src/caseload.c */
	long age_days;              /* since opened */
	long idle_days;             /* since the last journal entry, else since opened */
};

enum caseload_by {
	CASELOAD_LOCATION,          /* key: a location key */
	CASELOAD_CONSULTANT,        /* key: a user id */
	CASELOAD_HOUSE,             /* key: a house key */
};

void caseload_row_finish(struct caseload_row *r);
void caseload_list_free(struct caseload_row *list, int n);

/* Open cases, in no particular order; overdue counts follow-ups before
 * today. With company, each row's title, company name and CVR are read
 * too; without, they are NULL (a lean list: the rows for counting and sorting,
 * the company only for the rows shown). Returns the count or -1. */
int caseload_store_list(struct db *db, enum caseload_by by, const char *key, const char *today,
			bool company, struct caseload_row **out);
/* Reads the title, company name and CVR of a row (by its case_id).
 * Returns 1, 0 when the case is gone (fields left as they were), -1 on
 * error; a missing company reads as "". */
int caseload_store_fill(struct db *db, struct caseload_row *r);
/* New cases without a consultant at a location (location NULL: at every
 * location of house, plus cases not routed anywhere), oldest first.
 * Returns the count or -1. */
int caseload_store_queue(struct db *db, const char *house, const char *location,
			 const char *today, struct caseload_row **out);

#endif
