/* Adding and removing case members. */
#include "src/case_member.h"
#include "db/case_store.h"
#include "db/gdpr_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/uuid.h"

#include <string.h>

/* May the acting user manage the members of case_id? The case's own
 * consultant (not a member) or a supervisor of its house. */
static enum kp_status may_manage(struct session *s, const char *case_id)
{
	struct case_file c = { 0 };
	enum kp_status st = access_require(s, ACT_CASE_EDIT);

	if (st != KP_OK)
		return st;
	int found = case_store_get(s->db, case_id ? case_id : "", &c);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read cases"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such case"));
	st = access_require_case(s, ACT_CASE_EDIT, c.location, c.house, c.consultant_id);
	case_finish(&c);
	return st;
}

enum kp_status case_member_add(struct session *s, const char *case_id, const char *user_id)
{
	struct user u = { 0 };
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	enum kp_status st = may_manage(s, case_id);

	if (st != KP_OK)
		return st;
	int found = user_store_get(s->db, user_id ? user_id : "", &u);
	bool ok_user = found == 1 && u.active && strcmp(u.role, "consultant") == 0 && u.house &&
		       s->user.house && strcmp(u.house, s->user.house) == 0;

	if (found == 1 && !u.active) {
		st = session_fail(s, KP_ERR_INVALID,
				  _("%s is deactivated and cannot be added to a case"), u.name);
		user_finish(&u);
		return st;
	}
	user_finish(&u);
	if (found < 0)
		return session_db_fail(s, _("cannot read users"));
	if (!ok_user)
		return session_fail(s, KP_ERR_INVALID, _("only an active consultant of the house can be added"));
	if (case_member_store_is(s->db, case_id, user_id) == 1)
		return KP_OK;
	uuid_generate(id);
	clock_timestamp(at);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!case_member_store_add(s->db, id, case_id, user_id, s->user.id, at) ||
	    !audit_record(s, "case.member_add", "case_file", case_id, "user=%s", user_id)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot add the member"));
	}
	return db_commit(s->db) ? KP_OK : session_db_fail(s, _("cannot add the member"));
}

enum kp_status case_member_remove(struct session *s, const char *case_id, const char *user_id)
{
	enum kp_status st = may_manage(s, case_id);

	if (st != KP_OK)
		return st;
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!case_member_store_remove(s->db, case_id, user_id) ||
	    !audit_record(s, "case.member_remove", "case_file", case_id, "user=%s", user_id)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot remove the member"));
	}
	return db_commit(s->db) ? KP_OK : session_db_fail(s, _("cannot remove the member"));
}

enum kp_status case_member_list(struct session *s, const char *case_id,
				struct case_member **out, int *n)
{
	struct case_file c = { 0 };
	enum kp_status st;

	*out = NULL;
	*n = 0;
	if ((st = case_load_for(s, case_id, ACT_CASE_READ, &c)) != KP_OK)
		return st;
	case_finish(&c);
	*n = case_member_store_list(s->db, case_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read case members"));
	}
	return KP_OK;
}
