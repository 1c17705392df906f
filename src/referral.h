/* Referrals: the erhvervshus as hub (national goal IV). A referral goes
 * from a case to an organisation of the partner network and follows
 *   proposed -> sent -> accepted -> completed
 * or ends declined (by the destination, once sent) or withdrawn (by the
 * house, any time before it ends). Every change is dated and signed in the
 * append-only history (referral_event) and the audit trail. A referral to
 * a private advisor records every advisor shown to the company, since the
 * house must not favour one private actor.
 *
 * Who: consultants on their own cases, supervisors on their house's cases
 * (ACT_REFERRAL_*); counts need ACT_REPORT. */
#ifndef KP_REFERRAL_H
#define KP_REFERRAL_H

#include "db/organisation_store.h"
#include "db/referral_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

/* The statuses in workflow order; NULL-terminated. */
extern const char *const referral_statuses[];

/* The pure rule: may a referral move from one status to another? */
bool referral_transition_allowed(const char *from, const char *to);
/* Proposed, sent and accepted referrals are open (follow-ups apply). */
bool referral_status_is_open(const char *status);
bool referral_status_is_known(const char *status);
const char *referral_status_label(const char *status);   /* translated */
/* The statuses reachable from status, NULL-terminated, in workflow order;
 * out must hold 6 entries. Returns the count. */
int referral_next_statuses(const char *status, const char *out[6]);

/* Makes a referral from r->case_id to r->organisation_id. Optional:
 * contact_id (a contact of that organisation), theme, reason, referred_on
 * (default today), status ("proposed", the default, or "sent"),
 * follow_up (on or after referred_on), advisors_offered (a JSON array of
 * private-advisor organisation ids). For a private advisor the destination
 * must be among those offered, and at least two must be offered when the
 * directory holds two or more for the theme and the case's house. Sets id,
 * status_on and the created fields; the caller still owns r. */
enum kp_status referral_create(struct session *s, struct referral *r);
/* Moves a referral to status to, effective on on_date (NULL: today; not
 * before the current status date nor after today), with a note (may be
 * NULL) kept in the history; for completed and declined a non-empty note
 * also becomes the outcome when none is recorded. */
enum kp_status referral_set_status(struct session *s, const char *referral_id, const char *to,
				   const char *on_date, const char *note);
/* Saves contact, theme, reason, follow-up date and outcome note. */
enum kp_status referral_update(struct session *s, const struct referral *r);

enum kp_status referral_get(struct session *s, const char *id, struct referral *out);
/* The referrals of one case, newest first. */
enum kp_status referral_list_case(struct session *s, const char *case_id,
				  struct referral **out, int *n);
/* The history of one referral, oldest first. */
enum kp_status referral_history(struct session *s, const char *referral_id,
				struct referral_event **out, int *n);
/* Open referrals on the acting user's cases whose follow-up date is today
 * or earlier, the most overdue first. */
enum kp_status referral_due(struct session *s, struct referral **out, int *n);
/* Referrals as the filter says, overdue follow-ups first. Consultants see
 * their own cases only, supervisors their own house only (f->house of
 * another house is refused). */
enum kp_status referral_overview(struct session *s, const struct referral_filter *f,
				 struct referral **out, int *n);
/* Referrals to one organisation within what the user may see. */
enum kp_status referral_list_organisation(struct session *s, const char *organisation_id,
					  struct referral **out, int *n);

/* Several private advisors for the case's house and theme (NULL: any),
 * least offered first. */
enum kp_status referral_advisors_for_case(struct session *s, const char *case_id,
					  const char *theme, int max,
					  struct organisation **out, int *n);

/* The counts per destination of the referral report (see struct
 * referral_count) for from..to inclusive. house NULL means the
 * supervisor's own house, or every house for an administrator; a
 * supervisor may not count another house. */
enum kp_status referral_counts(struct session *s, const char *from, const char *to,
			       const char *house, struct referral_count **out, int *n);

/* Counts of a list of referrals grouped by one of their fields, for the
 * overview: one row per distinct value, most referrals first (then by
 * key). open counts proposed/sent/accepted ones; overdue the open ones
 * whose follow-up date is before today. */
enum referral_group {
	REFERRAL_BY_DESTINATION,     /* key: organisation id */
	REFERRAL_BY_STATUS,          /* key: status */
	REFERRAL_BY_BRANCH,          /* key: location key of the case */
	REFERRAL_BY_CONSULTANT,      /* key: consultant id of the case */
};
struct referral_tally {
	const char *key;             /* borrowed from the list */
	const char *label;           /* borrowed: organisation or consultant name,
					the translated status, or the location key */
	int count, open, overdue;
};
/* *out has room for n rows; returns the number of groups. Caller frees
 * *out (the strings stay the list's). */
int referral_tally(const struct referral *list, int n, enum referral_group by, const char *today,
		   struct referral_tally **out);

/* Incoming referrals: for a case referred in by a municipality, that
 * municipality's business service (KP_ERR_STATE if the case has another
 * source, KP_ERR_NOT_FOUND if the directory has no service for it). */
enum kp_status referral_incoming_partner(struct session *s, const char *case_id,
					 struct organisation *out);
/* Records that the case was reported back to the municipality that
 * referred it in, with a summary; on_date NULL means today. */
enum kp_status referral_report_back(struct session *s, const char *case_id,
				    const char *summary, const char *on_date);
enum kp_status referral_report_backs(struct session *s, const char *case_id,
				     struct referral_report_back **out, int *n);

#endif
