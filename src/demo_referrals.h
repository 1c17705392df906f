/* The partner network's part of the demo database: fictional private
 * advisors, fictional contact persons at the seeded partners, and referrals
 * in every status (with their history and follow-ups, some overdue) on the
 * cases already in the database, plus reports back on municipal cases.
 * Called once by the demo generator after it made its cases. */
#ifndef KP_DEMO_REFERRALS_H
#define KP_DEMO_REFERRALS_H

#include "src/status.h"

struct session;

/* Needs ACT_DEMO. Deterministic for a given database and clock; one
 * transaction. max_cases bounds the cases given referrals (0: all).
 * *made (may be NULL) receives the number of referrals written. */
enum kp_status demo_referrals(struct session *s, int max_cases, int *made);

#endif
