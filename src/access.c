/* The role matrix (ACCESS_ACTIONS) and case scope. Deny by default: an
 * unknown role, an inactive user or a missing session user may do nothing. */
#include "src/access.h"
#include "db/gdpr_store.h"
#include "src/i18n.h"
#include "src/session.h"

#include <string.h>

static const struct {
	unsigned roles;
	const char *desc;
} actions[ACT_COUNT] = {
#define ACCESS_ROW(name, r, d) [name] = { (r), d },
	ACCESS_ACTIONS(ACCESS_ROW)
#undef ACCESS_ROW
};

enum role access_role_parse(const char *role)
{
	if (!role)
		return ROLE_NONE;
	if (strcmp(role, "intake") == 0)
		return ROLE_INTAKE;
	if (strcmp(role, "consultant") == 0)
		return ROLE_CONSULTANT;
	if (strcmp(role, "supervisor") == 0)
		return ROLE_SUPERVISOR;
	if (strcmp(role, "admin") == 0)
		return ROLE_ADMIN;
	return ROLE_NONE;
}

const char *access_role_label(const char *role)
{
	switch (access_role_parse(role)) {
	case ROLE_INTAKE: return _("intake");
	case ROLE_CONSULTANT: return _("consultant");
	case ROLE_SUPERVISOR: return _("supervisor");
	case ROLE_ADMIN: return _("administrator");
	default: return _("unknown role");
	}
}

const char *access_action_name(enum access_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].desc : "?";
}

bool access_allowed(const struct user *u, enum access_action a)
{
	if (!u || !u->id || !u->active || (unsigned)a >= ACT_COUNT)
		return false;
	return (actions[a].roles & (unsigned)access_role_parse(u->role)) != 0;
}

static bool same(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

bool access_user_scoped(const struct user *u)
{
	return u && u->scope && *u->scope && access_role_parse(u->role) == ROLE_SUPERVISOR;
}

bool access_location_in_scope(const struct user *u, const char *location)
{
	if (!access_user_scoped(u))
		return true;
	if (!location || !*location || strchr(location, ','))
		return false;
	size_t len = strlen(location);
	for (const char *p = u->scope; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, location, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

enum kp_status access_require_location(struct session *s, const char *location)
{
	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	if (!access_location_in_scope(&s->user, location))
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: %s is outside the locations set for you (%s)"),
				    location && *location ? location : "-", s->user.scope);
	return KP_OK;
}

static bool is_case_action(enum access_action a)
{
	switch (a) {
	case ACT_CASE_LIST: case ACT_CASE_READ: case ACT_CASE_CREATE: case ACT_CASE_ROUTE:
	case ACT_CASE_EDIT: case ACT_CASE_CLOSE: case ACT_JOURNAL_READ: case ACT_JOURNAL_WRITE:
	case ACT_REFERRAL_READ: case ACT_REFERRAL_WRITE:
	case ACT_CASE_REASSIGN: case ACT_EVALUATION:
		return true;
	default:
		return false;
	}
}

bool access_case_scope_allowed(const struct user *u, enum access_action a,
			       const struct access_case_scope *sc)
{
	if (!sc || !is_case_action(a) || !access_allowed(u, a))
		return false;
	/* a case whose house is not known is in nobody's house */
	bool in_house = same(sc->house, u->house);
	bool own = same(sc->consultant_id, u->id);
	bool unassigned = !sc->consultant_id || !*sc->consultant_id;

	switch (access_role_parse(u->role)) {
	case ROLE_SUPERVISOR:
		/* a location scope narrows all but seeing that a case exists */
		return in_house && (a == ACT_CASE_LIST || access_location_in_scope(u, sc->location));
	case ROLE_CONSULTANT:
		if (a == ACT_CASE_LIST)
			return in_house || own || sc->member;
		if (a == ACT_CASE_CREATE)
			return in_house;
		if (a == ACT_CASE_ROUTE)
			return in_house && (own || unassigned);
		return own || sc->member;
	case ROLE_INTAKE:
		if (!in_house)
			return false;
		return a == ACT_CASE_LIST || a == ACT_CASE_CREATE || (a == ACT_CASE_ROUTE && unassigned);
	default:
		return false;
	}
}

bool access_case_allowed(const struct user *u, enum access_action a, const char *case_location,
			 const char *case_house, const char *case_consultant_id)
{
	struct access_case_scope sc = { case_house, case_consultant_id, false, case_location };

	return access_case_scope_allowed(u, a, &sc);
}

enum kp_status access_require(struct session *s, enum access_action a)
{
	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	if (!access_allowed(&s->user, a))
		return session_fail(s, KP_ERR_DENIED, _("permission denied: the role %s may not %s"),
				    access_role_label(s->user.role), _(access_action_name(a)));
	return KP_OK;
}

enum kp_status access_require_case(struct session *s, enum access_action a,
				   const char *case_location, const char *case_house,
				   const char *case_consultant_id)
{
	struct access_case_scope sc = { case_house, case_consultant_id, false, case_location };

	return access_require_case_scope(s, a, &sc);
}

enum kp_status access_require_case_scope(struct session *s, enum access_action a,
					 const struct access_case_scope *sc)
{
	enum kp_status st = access_require(s, a);

	if (st != KP_OK)
		return st;
	if (!access_case_scope_allowed(&s->user, a, sc))
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: this case is outside what you may %s"),
				    _(access_action_name(a)));
	return KP_OK;
}

static bool is_member(struct session *s, const char *case_id)
{
	return s->logged_in && case_id && s->user.id &&
	       case_member_store_is(s->db, case_id, s->user.id) == 1;
}

bool access_case_id_allowed(struct session *s, enum access_action a, const char *case_id,
			    const char *case_location, const char *case_house,
			    const char *case_consultant_id)
{
	struct access_case_scope sc = { case_house, case_consultant_id, false, case_location };

	if (access_case_scope_allowed(&s->user, a, &sc))
		return true;
	sc.member = is_member(s, case_id);
	return sc.member && access_case_scope_allowed(&s->user, a, &sc);
}

enum kp_status access_require_case_id(struct session *s, enum access_action a, const char *case_id,
				      const char *case_location, const char *case_house,
				      const char *case_consultant_id)
{
	struct access_case_scope sc = { case_house, case_consultant_id, false, case_location };

	if (s->logged_in && access_allowed(&s->user, a) && !access_case_scope_allowed(&s->user, a, &sc))
		sc.member = is_member(s, case_id);
	return access_require_case_scope(s, a, &sc);
}
