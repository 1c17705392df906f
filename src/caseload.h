/* Caseloads: the open cases of a location, a consultant or a house, with
 * their age and idle time, filtered and sorted for review; a summary per
 * consultant; and the front-desk queue of new cases nobody is assigned.
 * Supervisors see their house; consultants their own cases; the queue is
 * open to intake, consultants and supervisors of the house. */
#ifndef KP_CASELOAD_H
#define KP_CASELOAD_H

#include "db/caseload_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

#define CASELOAD_IDLE_DEFAULT 30      /* days; setting caseload.idle_days */

enum caseload_sort {
	CASELOAD_SORT_OPENED,         /* oldest first */
	CASELOAD_SORT_IDLE,           /* longest idle first */
	CASELOAD_SORT_COMPANY,
	CASELOAD_SORT_CONSULTANT,
	CASELOAD_SORT_STATUS,
	CASELOAD_SORT_COUNT
};

struct caseload_filter {
	const char *location;         /* a location of the user's house, or NULL */
	const char *consultant_id;    /* or NULL */
	const char *status;           /* new, assigned, active, or NULL for all open */
	bool only_idle;               /* idle at least idle_days */
	bool only_overdue;            /* with overdue follow-ups */
	int idle_days;                /* 0: the setting */
	enum caseload_sort sort;
	bool descending;
	bool details;                 /* read every row's company name and CVR */
};

/* Open cases per the filter, ages computed from today. With neither
 * location nor consultant, a supervisor gets the house and a consultant
 * their own cases. Unless f->details (or the sort is by company), the
 * rows are lean: company_name, cvr and title are NULL until caseload_fill reads
 * them for the rows shown. Caller frees with caseload_list_free. */
enum kp_status caseload_list(struct session *s, const struct caseload_filter *f,
			     struct caseload_row **out, int *n);
/* Reads title, company name and CVR for rows[from .. from+count-1] that
 * lack them (clamped to n); a company or case that has gone reads as "". */
enum kp_status caseload_fill(struct session *s, struct caseload_row *rows, int n, int from,
			     int count);
void caseload_sort(struct caseload_row *rows, int n, enum caseload_sort key, bool descending);
const char *caseload_sort_label(enum caseload_sort key);  /* translated */
/* The sort's key on the command line: "opened", "idle", "company",
 * "consultant", "status"; parsing is false for an unknown key. */
const char *caseload_sort_key(enum caseload_sort key);
bool caseload_sort_parse(const char *key, enum caseload_sort *out);

/* Per consultant ("" = unassigned) of a list: counts by status, idle and
 * overdue. Sorted by consultant name. */
struct caseload_summary {
	char *consultant_id;
	char *consultant_name;
	bool inactive;                /* the consultant has left: reassign the cases */
	int new_cases, assigned, active, idle, overdue, total;
};
void caseload_summarise(const struct caseload_row *rows, int n, int idle_days,
			struct caseload_summary **out, int *count);
void caseload_summary_free(struct caseload_summary *list, int n);
/* The consultant as a list shows it (caller frees): the name, marked
 * "(inactive)" when the person has left, or "(unassigned)" for none.
 * With cols > 0 the name is cut so that the marker shows whole in cols
 * display columns (0: no limit). */
char *caseload_consultant_label(const char *name, bool inactive, int cols);

/* New cases without a consultant, oldest first: at a location (NULL:
 * every location of the user's house and cases not yet routed). */
enum kp_status caseload_queue(struct session *s, const char *location,
			      struct caseload_row **out, int *n);

/* Reassigns the n cases to a consultant and/or a location (supervisors,
 * cases of their house), all or none in one transaction. location NULL:
 * the consultant's home location; consultant NULL: the location's queue
 * (not for active cases). reason is required. Each case's timeline gets
 * who, when, from, to and why (src/case.h case_assign). On failure the
 * session message names the case that failed. */
enum kp_status caseload_reassign(struct session *s, const char *const *case_ids, int n,
				 const char *location, const char *consultant_id,
				 const char *reason);

/* The idle threshold in days (setting caseload.idle_days, default 30) and
 * setting it (supervisors, 1..365, audited). */
int caseload_idle_days(struct session *s);
enum kp_status caseload_set_idle_days(struct session *s, int days);

#endif
