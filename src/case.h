/* Cases (forløb) and the status workflow of DESIGN.md:
 *   new (registered, not routed) -> assigned (location and consultant set)
 *   -> active (first meeting logged) -> closed (outcome required);
 * a closed case is reopened by its consultant or a supervisor, with a
 * reason. Every change lands in the timeline (case_event) and the audit. */
#ifndef KP_CASE_H
#define KP_CASE_H

#include "db/case_store.h"
#include "src/access.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

/* The pure rule: may a case move from one status to another? */
bool case_transition_allowed(const char *from, const char *to);
const char *case_status_label(const char *status);     /* translated */
extern const char *const case_statuses[];              /* NULL-terminated */

/* Opens c for its company. Required: company_id, source (and
 * source_municipality for "municipality"); themes a JSON array of known
 * theme keys. If location and consultant are set, the case starts
 * assigned. Sets c->id, status, opened and the created fields. */
enum kp_status case_open(struct session *s, struct case_file *c);
/* Routes a case to a location and (optionally) a consultant of that
 * location's house; a new case becomes assigned when both are set. */
enum kp_status case_assign(struct session *s, const char *case_id, const char *location,
			   const char *consultant_id, const char *reason);
/* Saves title, source, target group and themes. */
enum kp_status case_update(struct session *s, struct case_file *c);
enum kp_status case_close(struct session *s, const char *case_id, const char *outcome);
enum kp_status case_reopen(struct session *s, const char *case_id, const char *reason);
/* Marks an assigned case active (called when the first meeting is logged). */
enum kp_status case_activate(struct session *s, const char *case_id);

enum kp_status case_get(struct session *s, const char *id, struct case_file *out);
/* Loads case id for action a: the role may do a, and may do it on this
 * case (location, house, consultant, membership). On failure *out is
 * empty; on success the caller frees it with case_finish. */
enum kp_status case_load_for(struct session *s, const char *id, enum access_action a,
			     struct case_file *out);
enum kp_status case_list(struct session *s, const struct case_filter *f,
			 struct case_file **out, int *n);
enum kp_status case_timeline(struct session *s, const char *case_id,
			     struct case_event **out, int *n);

/* Theme keys as a JSON array and back. */
char *case_themes_join(const char *const *keys, int n);          /* caller frees */
int case_themes_split(const char *json, char ***keys);           /* caller frees each and the array */
bool case_themes_has(const char *json, const char *key);

#endif
