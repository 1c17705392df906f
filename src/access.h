/* Who may do what: roles and actions, deny by default. Every core function
 * that reads confidential data or writes calls access_require (role level)
 * and, for a case, access_require_case (scope: own case, own house). */
#ifndef KP_ACCESS_H
#define KP_ACCESS_H

#include "src/i18n.h"
#include "src/status.h"

#include <stdbool.h>

struct session;
struct user;

enum role {
	ROLE_NONE = 0,
	ROLE_INTAKE = 1 << 0,
	ROLE_CONSULTANT = 1 << 1,
	ROLE_SUPERVISOR = 1 << 2,
	ROLE_ADMIN = 1 << 3,
};

#define R_I ROLE_INTAKE
#define R_C ROLE_CONSULTANT
#define R_S ROLE_SUPERVISOR
#define R_A ROLE_ADMIN

/* action, roles allowed, description (for messages and the audit trail) */
#define ACCESS_ACTIONS(X) \
	X(ACT_COMPANY_READ,   R_I | R_C | R_S | R_A, N_("read companies")) \
	X(ACT_COMPANY_WRITE,  R_I | R_C | R_S,       N_("register and edit companies")) \
	X(ACT_CASE_LIST,      R_I | R_C | R_S,       N_("list cases")) \
	X(ACT_CASE_CREATE,    R_I | R_C | R_S,       N_("open cases")) \
	X(ACT_CASE_ROUTE,     R_I | R_C | R_S,       N_("route cases to a branch and consultant")) \
	X(ACT_CASE_EDIT,      R_C | R_S,             N_("edit case details")) \
	X(ACT_CASE_CLOSE,     R_C | R_S,             N_("close and reopen cases")) \
	X(ACT_JOURNAL_READ,   R_C | R_S,             N_("read case journals")) \
	X(ACT_JOURNAL_WRITE,  R_C | R_S,             N_("log meetings and notes")) \
	X(ACT_REPORT,         R_S | R_A,             N_("run reports")) \
	X(ACT_USER_ADMIN,     R_A,                   N_("administer users")) \
	X(ACT_SITE_ADMIN,     R_A,                   N_("administer sites and keys")) \
	X(ACT_DEMO,           R_A,                   N_("create demo data"))

enum access_action {
#define ACCESS_ENUM(name, roles, desc) name,
	ACCESS_ACTIONS(ACCESS_ENUM)
#undef ACCESS_ENUM
	ACT_COUNT
};

enum role access_role_parse(const char *role);   /* ROLE_NONE if unknown */
const char *access_role_label(const char *role); /* translated */
const char *access_action_name(enum access_action a);

/* Role-level check: may this user ever do a? */
bool access_allowed(const struct user *u, enum access_action a);

/* Scope check for a case: the case's location and consultant decide.
 * Supervisors act on cases of their own house; consultants on their own
 * cases (and route or take new cases of their house); intake routes cases
 * of its house and never reads journals. */
bool access_case_allowed(const struct user *u, enum access_action a,
			 const char *case_house, const char *case_consultant_id);

/* The same, recording the refusal in the session. */
enum kp_status access_require(struct session *s, enum access_action a);
enum kp_status access_require_case(struct session *s, enum access_action a,
				   const char *case_house, const char *case_consultant_id);

#endif
