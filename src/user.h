/* Users and roles. The first administrator is created by `knudepunkt
 * init` when the database has no users; after that only administrators
 * add and change users. */
#ifndef KP_USER_H
#define KP_USER_H

#include "db/user_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

/* Creates u (login unique, role known, location known). Sets u->id. When
 * the database has no users yet, the first user must be an admin and no
 * login is needed. */
enum kp_status user_create(struct session *s, struct user *u);
enum kp_status user_update(struct session *s, struct user *u);
enum kp_status user_list(struct session *s, bool active_only, const char *location,
			 struct user **out, int *n);
/* Everyone may list the consultants of a location (for routing). */
enum kp_status user_consultants(struct session *s, const char *location,
				struct user **out, int *n);
bool user_any_exist(struct session *s);

/* Sets the location scope of the supervisor user_id (administrators):
 * the n location keys, each a location of the supervisor's house; n 0
 * gives the supervisor the whole house again. Replaces the old scope in
 * one transaction, audited as user.scope. See src/access.h. */
enum kp_status user_set_scope(struct session *s, const char *user_id,
			      const char *const *locations, int n);

#endif
