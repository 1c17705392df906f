/* Consultants added to a case: the case's consultant or a supervisor of
 * its house adds a consultant of the house, who then reads and writes the
 * case as its own consultant does (src/access.h, member scope). */
#ifndef KP_CASE_MEMBER_H
#define KP_CASE_MEMBER_H

#include "db/gdpr_store.h"
#include "src/status.h"

struct session;

enum kp_status case_member_add(struct session *s, const char *case_id, const char *user_id);
enum kp_status case_member_remove(struct session *s, const char *case_id, const char *user_id);
/* The members of a case, for whoever may read the case's details. Caller
 * frees with case_member_list_free. */
enum kp_status case_member_list(struct session *s, const char *case_id,
				struct case_member **out, int *n);

#endif
