/* Impartiality (habilitet): consultants register their trust positions
 * (board seats, ownership, family ties, employment) in companies, with
 * from and to dates. Assigning a case of such a company to that
 * consultant is refused (KP_ERR_REFUSED, with the position in the
 * message) unless the person assigning gives a reason, which is recorded
 * in the case's timeline and the audit trail; the supervisor's report
 * lists every case whose consultant held a position in the company while
 * the case was open. */
#ifndef KP_TRUST_H
#define KP_TRUST_H

#include "db/trust_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

extern const char *const trust_kinds[];          /* NULL-terminated keys */
const char *trust_kind_label(const char *kind);  /* translated */

/* Registers t. A consultant registers its own positions (user_id NULL or
 * its own); a supervisor those of users of its house. Required: company_id,
 * kind, from_date; to_date, when given, not before from_date. Sets t->id. */
enum kp_status trust_add(struct session *s, struct trust_position *t);
/* Ends a position on to_date (the holder or a supervisor of its house). */
enum kp_status trust_end(struct session *s, const char *id, const char *to_date);
/* Positions of user_id (NULL: the acting user); other users' only for
 * supervisors of their house. Caller frees with trust_list_free. */
enum kp_status trust_list(struct session *s, const char *user_id,
			  struct trust_position **out, int *n);

/* Every position of the users of the acting supervisor's house
 * (ACT_TRUST_REPORT), by holder. Caller frees with trust_list_free. */
enum kp_status trust_list_house(struct session *s, struct trust_position **out, int *n);

/* Positions consultant_id holds today in company_id; *n 0 when none.
 * No role check: routing needs it, and it reveals only what the router
 * must weigh. Caller frees with trust_list_free. */
enum kp_status trust_conflicts(struct session *s, const char *consultant_id,
			       const char *company_id, struct trust_position **out, int *n);

/* The supervisor's report for its house (ACT_TRUST_REPORT); recorded in
 * the audit trail. Caller frees with trust_case_list_free. */
enum kp_status trust_report(struct session *s, struct trust_case **out, int *n);

#endif
