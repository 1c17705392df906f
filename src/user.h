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
/* Saves the name, initials, role and location of u (by u->id; the login
 * is fixed, and active is left as it is: see user_set_active).
 * Administrators only; audited as user.update. The last active
 * administrator cannot be given another role; a supervisor given another
 * role loses its location scope. */
enum kp_status user_update(struct session *s, struct user *u);
/* Deactivates (a person who has left) or activates again user_id
 * (administrators). An inactive user cannot log in, is not offered for
 * new cases or case membership, and case_open, case_assign and
 * case_member_add refuse it; the cases naming it stay (case_file and
 * case_member say it is inactive), for a supervisor to reassign.
 * The last active administrator cannot be deactivated. Audited as
 * user.deactivate / user.activate; KP_ERR_STATE when already so. */
enum kp_status user_set_active(struct session *s, const char *user_id, bool active);
/* The number of open cases (new, assigned, active) naming user_id as
 * consultant, in *n (administrators and supervisors). */
enum kp_status user_open_cases(struct session *s, const char *user_id, int *n);
/* Finds a user by login (staff only, like user_list): KP_ERR_NOT_FOUND
 * with a message when there is none. u is filled on KP_OK. */
enum kp_status user_find(struct session *s, const char *login, struct user *u);
enum kp_status user_list(struct session *s, bool active_only, const char *location,
			 struct user **out, int *n);
/* Everyone may list the consultants of a location (for routing). */
enum kp_status user_consultants(struct session *s, const char *location,
				struct user **out, int *n);
/* Consultants and supervisors, active or not: whose caseload to look at
 * (the cases of someone who has left wait there for reassignment). */
enum kp_status user_caseload_owners(struct session *s, struct user **out, int *n);
bool user_any_exist(struct session *s);

/* Sets the location scope of the supervisor user_id (administrators):
 * the n location keys, each a location of the supervisor's house; n 0
 * gives the supervisor the whole house again. Replaces the old scope in
 * one transaction, audited as user.scope. See src/access.h. */
enum kp_status user_set_scope(struct session *s, const char *user_id,
			      const char *const *locations, int n);

/* For sync import, inside its transaction: a merge that left no active
 * administrator (two sites each deactivated another one offline) makes the
 * deactivated administrator with the smallest id active again, alike at
 * every site, audited as user.activate.sync. *revived is 1 when it did. */
enum kp_status user_keep_an_admin_after_merge(struct session *s, int *revived);

#endif
