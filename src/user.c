/* Users: creation (the first one bootstraps as admin), edits, listing. */
#include "src/user.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/auth.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "db/ref_store.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool user_any_exist(struct session *s)
{
	struct user *list;
	int n = user_store_list(s->db, false, NULL, &list);

	if (n > 0)
		user_list_free(list, n);
	else if (n == 0)
		free(list);
	return n != 0;
}

static bool login_ok(const char *login)
{
	size_t len = strlen(login);

	if (len < 2 || len > 32)
		return false;
	for (const char *p = login; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '.' &&
		    *p != '_' && *p != '-')
			return false;
	return true;
}

static enum kp_status validate(struct session *s, struct user *u)
{
	if (!u->login || !login_ok(u->login))
		return session_fail(s, KP_ERR_INVALID,
				    _("login must be 2-32 characters: a-z, 0-9, '.', '_' or '-'"));
	if (!u->name || !*text_trim(u->name) || text_has_control(u->name, false))
		return session_fail(s, KP_ERR_INVALID, _("name is required"));
	if (access_role_parse(u->role) == ROLE_NONE)
		return session_fail(s, KP_ERR_INVALID,
				    _("role must be intake, consultant, supervisor or admin"));
	if (!refdata_exists(s, REF_LOCATION, u->location))
		return session_fail(s, KP_ERR_INVALID, _("unknown location %s"),
				    u->location ? u->location : "");
	if (u->initials && text_has_control(u->initials, false))
		return session_fail(s, KP_ERR_INVALID, _("initials may not contain control characters"));
	return KP_OK;
}

enum kp_status user_create(struct session *s, struct user *u)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	bool bootstrap = !user_any_exist(s);
	struct user other = { 0 };
	enum kp_status st;

	if (bootstrap) {
		if (access_role_parse(u->role) != ROLE_ADMIN)
			return session_fail(s, KP_ERR_STATE, _("the first user must be an administrator"));
	} else if ((st = access_require(s, ACT_USER_ADMIN)) != KP_OK) {
		return st;
	}
	if ((st = validate(s, u)) != KP_OK)
		return st;
	int found = user_store_find_login(s->db, u->login, &other);
	user_finish(&other);
	if (found < 0)
		return session_db_fail(s, _("cannot read users"));
	if (found)
		return session_fail(s, KP_ERR_DUPLICATE, _("login %s is taken"), u->login);
	uuid_generate(id);
	clock_timestamp(now);
	free(u->id);
	free(u->created_at);
	u->id = xstrdup(id);
	u->created_at = xstrdup(now);
	u->active = true;
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!user_store_insert(s->db, u)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot save user"));
	}
	if (bootstrap) {
		/* the new admin is the acting user of its own creation */
		struct user self = { 0 };
		if (user_store_get(s->db, id, &self) == 1) {
			session_set_user(s, &self);
		}
	}
	if (!audit_record(s, "user.create", "app_user", id, "login=%s role=%s location=%s",
			  u->login, u->role, u->location)) {
		db_rollback(s->db);
		return KP_ERR_DB;
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot save user"));
	return KP_OK;
}

/* Refuses to leave the database without an active administrator: old is
 * the user as stored, role and active what it is about to become. */
static enum kp_status keep_an_admin(struct session *s, const struct user *old, const char *role,
				    bool active)
{
	if (!old->active || access_role_parse(old->role) != ROLE_ADMIN ||
	    (active && access_role_parse(role) == ROLE_ADMIN))
		return KP_OK;
	int others = user_store_count_other_admins(s->db, old->id);
	if (others < 0)
		return session_db_fail(s, _("cannot read users"));
	if (others == 0)
		return session_fail(s, KP_ERR_STATE,
				    _("%s is the last active administrator: make another user an "
				      "administrator first"), old->login);
	return KP_OK;
}

/* The stored user by id for an administrator's change (old is filled on
 * KP_OK and freed by the caller). */
static enum kp_status admin_get(struct session *s, const char *user_id, struct user *old)
{
	enum kp_status st = access_require(s, ACT_USER_ADMIN);

	if (st != KP_OK)
		return st;
	int found = user_store_get(s->db, user_id ? user_id : "", old);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read users"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such user"));
	return KP_OK;
}

static bool changed(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Writes u (and with clear_scope removes its location scope) and the
 * audit entry in one transaction. */
static enum kp_status save_audited(struct session *s, const struct user *u, bool clear_scope,
				   const char *action, const char *detail)
{
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!user_store_update(s->db, u) || (clear_scope && !user_scope_store_clear(s->db, u->id)) ||
	    !audit_record(s, action, "app_user", u->id, "%s", detail)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot save user"));
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot save user"));
	return KP_OK;
}

enum kp_status user_update(struct session *s, struct user *u)
{
	struct user old = { 0 };
	enum kp_status st = admin_get(s, u->id, &old);

	if (st == KP_OK) {
		/* the login is fixed; a wrong one is a caller's mistake, not a rename */
		free(u->login);
		u->login = xstrdup(old.login);
		u->active = old.active;
		st = validate(s, u);
	}
	if (st == KP_OK)
		st = keep_an_admin(s, &old, u->role, old.active);
	if (st == KP_OK) {
		/* a scope belongs to the supervisor role: it goes with the role,
		 * so that it does not come back with it later */
		bool clear_scope = old.scope && *old.scope &&
				   access_role_parse(u->role) != ROLE_SUPERVISOR;
		char *detail = xasprintf("role=%s->%s location=%s->%s%s%s%s", old.role, u->role,
					 old.location, u->location,
					 changed(old.name, u->name) ? " name" : "",
					 changed(old.initials, u->initials) ? " initials" : "",
					 clear_scope ? " scope=cleared" : "");
		st = save_audited(s, u, clear_scope, "user.update", detail);
		free(detail);
	}
	if (st == KP_OK && s->user.id && strcmp(s->user.id, u->id) == 0) {
		/* administrators editing themselves act with the new row at once
		 * (session_user_current would otherwise see a change of rights) */
		struct user self = { 0 };
		if (user_store_get(s->db, u->id, &self) == 1)
			session_set_user(s, &self);
		user_finish(&self);
	}
	user_finish(&old);
	return st;
}

enum kp_status user_set_active(struct session *s, const char *user_id, bool active)
{
	struct user u = { 0 };
	enum kp_status st = admin_get(s, user_id, &u);

	if (st == KP_OK && u.active == active)
		st = session_fail(s, KP_ERR_STATE, active ? _("%s is already active")
					 : _("%s is already inactive"), u.login);
	if (st == KP_OK)
		st = keep_an_admin(s, &u, u.role, active);
	if (st == KP_OK) {
		u.active = active;
		st = save_audited(s, &u, false, active ? "user.activate" : "user.deactivate",
				  active ? "active=0->1" : "active=1->0");
	}
	user_finish(&u);
	return st;
}

enum kp_status user_open_cases(struct session *s, const char *user_id, int *n)
{
	*n = 0;
	if (!access_allowed(&s->user, ACT_USER_ADMIN) && !access_allowed(&s->user, ACT_CASE_REASSIGN))
		return access_require(s, ACT_USER_ADMIN);
	int count = user_store_open_cases(s->db, user_id);
	if (count < 0)
		return session_db_fail(s, _("cannot count the user's cases"));
	*n = count;
	return KP_OK;
}

enum kp_status user_find(struct session *s, const char *login, struct user *u)
{
	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	int found = user_store_find_login(s->db, login ? login : "", u);
	if (found < 0)
		return session_db_fail(s, _("cannot read users"));
	if (found == 0)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no user with login %s"), login ? login : "");
	return KP_OK;
}

enum kp_status user_list(struct session *s, bool active_only, const char *location,
			 struct user **out, int *n)
{
	*out = NULL;
	*n = 0;
	/* staff only: nobody outside learns who works here (a demo database
	 * lets the screens offer its fictional users to pick from) */
	if (!s->logged_in && !auth_is_demo(s))
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	*n = user_store_list(s->db, active_only, location, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list users"));
	}
	return KP_OK;
}

static enum kp_status consultants(struct session *s, bool active_only, const char *location,
				  struct user **out, int *n)
{
	struct user *all;
	int count, k = 0;

	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	count = user_store_list(s->db, active_only, location, &all);
	if (count < 0) {
		*n = 0;
		*out = NULL;
		return session_db_fail(s, _("cannot list users"));
	}
	/* keep consultants (and supervisors, who also take cases) in place */
	for (int i = 0; i < count; i++) {
		enum role r = access_role_parse(all[i].role);
		if (r == ROLE_CONSULTANT || r == ROLE_SUPERVISOR) {
			if (k != i) {
				all[k] = all[i];
				all[i] = (struct user){ 0 };
			}
			k++;
		} else {
			user_finish(&all[i]);
		}
	}
	*out = all;
	*n = k;
	return KP_OK;
}

enum kp_status user_consultants(struct session *s, const char *location,
				struct user **out, int *n)
{
	return consultants(s, true, location, out, n);
}

enum kp_status user_caseload_owners(struct session *s, struct user **out, int *n)
{
	return consultants(s, false, NULL, out, n);
}

enum kp_status user_set_scope(struct session *s, const char *user_id,
			      const char *const *locations, int n)
{
	struct user u = { 0 };
	struct strbuf list = STRBUF_INIT;
	char at[CLOCK_TIME_LEN];
	enum kp_status st = admin_get(s, user_id, &u);

	if (st != KP_OK)
		goto out;
	if (access_role_parse(u.role) != ROLE_SUPERVISOR) {
		st = session_fail(s, KP_ERR_INVALID,
				  _("only a supervisor has a location scope; %s is %s"), u.login,
				  access_role_label(u.role));
		goto out;
	}
	for (int i = 0; i < n; i++) {
		char *house = locations[i] && *locations[i]
			? ref_store_location_house(s->db, locations[i]) : NULL;
		bool own = house && u.house && strcmp(house, u.house) == 0;

		free(house);
		if (!house) {
			st = session_fail(s, KP_ERR_INVALID, _("unknown location %s"),
					  locations[i] ? locations[i] : "");
			goto out;
		}
		if (!own) {
			st = session_fail(s, KP_ERR_INVALID,
					  _("the location %s is not in the supervisor's house"), locations[i]);
			goto out;
		}
	}
	clock_timestamp(at);
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	bool ok = user_scope_store_clear(s->db, u.id);
	for (int i = 0; ok && i < n; i++) {
		bool dup = false;
		for (int j = 0; j < i; j++)
			dup = dup || strcmp(locations[i], locations[j]) == 0;
		if (dup)
			continue;
		char id[UUID_STR_LEN];
		uuid_generate(id);
		ok = user_scope_store_add(s->db, id, u.id, locations[i], s->user.id, at);
		strbuf_addf(&list, "%s%s", list.len ? "," : "", locations[i]);
	}
	if (!ok || !audit_record(s, "user.scope", "app_user", u.id, "locations=%s->%s",
				 u.scope && *u.scope ? u.scope : "house", list.len ? strbuf_str(&list) : "house")) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot save the location scope"));
		goto out;
	}
	st = db_commit(s->db) ? KP_OK : session_db_fail(s, _("cannot save the location scope"));
out:
	strbuf_finish(&list);
	user_finish(&u);
	return st;
}

enum kp_status user_keep_an_admin_after_merge(struct session *s, int *revived)
{
	char *id;
	int found = user_store_revive_an_admin(s->db, &id);

	*revived = 0;
	if (found < 0)
		return session_db_fail(s, _("cannot save user"));
	if (found == 0)
		return KP_OK;
	*revived = 1;
	bool ok = audit_record(s, "user.activate.sync", "app_user", id,
			       "no active administrator after a merge: the first by id is active again");
	free(id);
	return ok ? KP_OK : KP_ERR_DB;
}
