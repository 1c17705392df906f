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

/* action, roles allowed, description (for messages and the audit trail).
 * Case actions are further limited by scope (access_case_allowed):
 *   intake      cases of its house: list (existence and status), open,
 *               route while not yet assigned; never case contents or journal
 *   consultant  own cases and cases it was added to: everything below;
 *               other cases of its house: list only; route unassigned ones
 *   supervisor  every case of its house; with a location scope (set by an
 *               administrator, table user_scope) only the cases of those
 *               locations, and the others of the house are listed only
 *   admin       no case contents (unless also given the supervisor role)
 * Every new action needs a row in tests/unit/test_access.c. */
#define ACCESS_ACTIONS(X) \
	X(ACT_COMPANY_READ,   R_I | R_C | R_S | R_A, N_("read companies")) \
	X(ACT_COMPANY_WRITE,  R_I | R_C | R_S,       N_("register and edit companies")) \
	X(ACT_CONSENT_WRITE,  R_I | R_C | R_S | R_A, N_("record and withdraw consent")) \
	X(ACT_CASE_LIST,      R_I | R_C | R_S,       N_("list cases")) \
	X(ACT_CASE_READ,      R_C | R_S,             N_("read case details")) \
	X(ACT_CASE_CREATE,    R_I | R_C | R_S,       N_("open cases")) \
	X(ACT_CASE_ROUTE,     R_I | R_C | R_S,       N_("route cases to a branch and consultant")) \
	X(ACT_CASE_EDIT,      R_C | R_S,             N_("edit case details")) \
	X(ACT_CASE_CLOSE,     R_C | R_S,             N_("close and reopen cases")) \
	X(ACT_JOURNAL_READ,   R_C | R_S,             N_("read case journals")) \
	X(ACT_JOURNAL_WRITE,  R_C | R_S,             N_("log meetings and notes")) \
	X(ACT_TRUST_WRITE,    R_C | R_S,             N_("register trust positions")) \
	X(ACT_TRUST_REPORT,   R_S,                   N_("review the impartiality register")) \
	X(ACT_TARGET_WRITE,   R_S,                   N_("set result-contract targets")) \
	X(ACT_CONFLICT_REVIEW, R_S,                  N_("review sync conflicts")) \
	X(ACT_REPORT,         R_S | R_A,             N_("run reports")) \
	X(ACT_AUDIT_READ,     R_S | R_A,             N_("read the audit trail")) \
	X(ACT_CASELOAD,       R_C | R_S,             N_("review caseloads")) \
	X(ACT_CASE_REASSIGN,  R_S,                   N_("reassign cases")) \
	X(ACT_EVALUATION,     R_C | R_S,             N_("record evaluations")) \
	X(ACT_USER_ADMIN,     R_A,                   N_("administer users")) \
	X(ACT_SITE_ADMIN,     R_A,                   N_("administer sites and keys")) \
	X(ACT_SYNC,           R_S | R_A,             N_("exchange sync files with trusted sites")) \
	X(ACT_INTEGRITY,      R_S | R_A,             N_("list and merge duplicate companies")) \
	X(ACT_REFDATA_ADMIN,  R_A,                   N_("maintain reference data")) \
	X(ACT_BACKUP,         R_A,                   N_("make and restore backups")) \
	X(ACT_GDPR,           R_A,                   N_("carry out data-protection tasks")) \
	X(ACT_DEMO,           R_A,                   N_("create demo data")) \
	X(ACT_PARTNER_READ,   R_I | R_C | R_S | R_A, N_("read the partner directory")) \
	X(ACT_PARTNER_WRITE,  R_S | R_A,             N_("add and edit partner organisations")) \
	X(ACT_REFERRAL_READ,  R_C | R_S,             N_("read referrals")) \
	X(ACT_REFERRAL_WRITE, R_C | R_S,             N_("make and follow up referrals"))

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

/* What decides the scope of a case action. house: the house of the case's
 * location (every case has one); NULL or "" means not known, which is
 * nobody's house: only the case's own consultant (or a member) passes.
 * member: the user was added to the case. location: the case's location
 * key (a supervisor with a location scope passes only for those). */
struct access_case_scope {
	const char *house;
	const char *consultant_id;
	bool member;
	const char *location;
};

/* Does the user have a location scope (a supervisor limited to some
 * locations of its house)? */
bool access_user_scoped(const struct user *u);
/* Is location within the user's location scope? True for every location
 * when the user has none; false for NULL or "" when it has one. (The
 * house is checked separately.) */
bool access_location_in_scope(const struct user *u, const char *location);
/* Refuses (KP_ERR_DENIED, with the message) a location outside the acting
 * user's location scope. */
enum kp_status access_require_location(struct session *s, const char *location);

bool access_case_scope_allowed(const struct user *u, enum access_action a,
			       const struct access_case_scope *sc);
/* The same without membership (kept for callers that have none). */
bool access_case_allowed(const struct user *u, enum access_action a, const char *case_location,
			 const char *case_house, const char *case_consultant_id);

/* The same, recording the refusal in the session. */
enum kp_status access_require(struct session *s, enum access_action a);
enum kp_status access_require_case(struct session *s, enum access_action a,
				   const char *case_location, const char *case_house,
				   const char *case_consultant_id);
enum kp_status access_require_case_scope(struct session *s, enum access_action a,
					 const struct access_case_scope *sc);
/* The same for a stored case: membership (case_member) is looked up. */
enum kp_status access_require_case_id(struct session *s, enum access_action a, const char *case_id,
				      const char *case_location, const char *case_house,
				      const char *case_consultant_id);
bool access_case_id_allowed(struct session *s, enum access_action a, const char *case_id,
			    const char *case_location, const char *case_house,
			    const char *case_consultant_id);

#endif
