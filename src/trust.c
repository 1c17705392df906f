/* The impartiality register. */
#include "src/trust.h"
#include "db/company_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *const trust_kinds[] = { "board", "owner", "family", "employment", "other", NULL };

const char *trust_kind_label(const char *kind)
{
	static const char *const labels[] = { N_("board member"), N_("owner or shareholder"),
					      N_("family tie"), N_("employment"), N_("other") };

	for (int i = 0; trust_kinds[i]; i++)
		if (kind && strcmp(kind, trust_kinds[i]) == 0)
			return _(labels[i]);
	return _("unknown");
}

static bool known_kind(const char *kind)
{
	for (int i = 0; trust_kinds[i]; i++)
		if (kind && strcmp(kind, trust_kinds[i]) == 0)
			return true;
	return false;
}

/* May the acting user register (adding) or change positions of user_id?
 * A deactivated user gets no new position; one of theirs may still be
 * ended. */
static enum kp_status may_manage(struct session *s, const char *user_id, bool adding)
{
	enum kp_status st = access_require(s, ACT_TRUST_WRITE);
	struct user u = { 0 };

	if (st != KP_OK)
		return st;
	if (strcmp(user_id, s->user.id) == 0)
		return KP_OK;
	if (!access_allowed(&s->user, ACT_TRUST_REPORT))
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: consultants register only their own trust positions"));
	int found = user_store_get(s->db, user_id, &u);
	if (found < 0)
		return session_db_fail(s, _("cannot read users"));
	bool same_house = found && u.house && s->user.house && strcmp(u.house, s->user.house) == 0;
	bool active = found && u.active;
	user_finish(&u);
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such user"));
	if (!same_house)
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: the user belongs to another house"));
	if (adding && !active)
		return session_fail(s, KP_ERR_STATE,
				    _("the user is deactivated: a new trust position is not registered"));
	return KP_OK;
}

static enum kp_status validate(struct session *s, struct trust_position *t)
{
	struct company c = { 0 };

	if (!known_kind(t->kind))
		return session_fail(s, KP_ERR_INVALID,
				    _("kind must be board, owner, family, employment or other"));
	if (!t->from_date || !clock_parse_date(t->from_date, NULL))
		return session_fail(s, KP_ERR_INVALID, _("a from date (YYYY-MM-DD) is required"));
	if (t->to_date && *t->to_date &&
	    (!clock_parse_date(t->to_date, NULL) || strcmp(t->to_date, t->from_date) < 0))
		return session_fail(s, KP_ERR_INVALID, _("the to date must be a date on or after the from date"));
	if (t->note && (text_has_control(t->note, false) || strlen(t->note) > 500))
		return session_fail(s, KP_ERR_INVALID, _("the note must be one line of at most 500 characters"));
	int found = company_store_get(s->db, t->company_id ? t->company_id : "", &c);
	company_finish(&c);
	if (found < 0)
		return session_db_fail(s, _("cannot read companies"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such company"));
	return KP_OK;
}

enum kp_status trust_add(struct session *s, struct trust_position *t)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	enum kp_status st;

	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	if (!t->user_id || !*t->user_id) {
		free(t->user_id);
		t->user_id = xstrdup(s->user.id);
	}
	if ((st = may_manage(s, t->user_id, true)) != KP_OK || (st = validate(s, t)) != KP_OK)
		return st;
	if (t->to_date && !*t->to_date) {
		free(t->to_date);
		t->to_date = NULL;
	}
	uuid_generate(id);
	clock_timestamp(now);
	free(t->id);
	free(t->created_at);
	free(t->created_by);
	t->id = xstrdup(id);
	t->created_at = xstrdup(now);
	t->created_by = xstrdup(s->user.id);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!trust_store_insert(s->db, t) ||
	    !audit_record(s, "trust.add", "trust_position", id, "user=%s company=%s kind=%s from=%s to=%s",
			  t->user_id, t->company_id, t->kind, t->from_date, t->to_date ? t->to_date : "")) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot save the trust position"));
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot save the trust position"));
	return KP_OK;
}

enum kp_status trust_end(struct session *s, const char *id, const char *to_date)
{
	struct trust_position t = { 0 };
	enum kp_status st;

	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	int found = trust_store_get(s->db, id ? id : "", &t);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read trust positions"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such trust position"));
	if ((st = may_manage(s, t.user_id, false)) != KP_OK)
		goto out;
	if (!to_date || !clock_parse_date(to_date, NULL) || strcmp(to_date, t.from_date) < 0) {
		st = session_fail(s, KP_ERR_INVALID, _("the to date must be a date on or after the from date"));
		goto out;
	}
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!trust_store_set_to(s->db, t.id, to_date) ||
	    !audit_record(s, "trust.end", "trust_position", t.id, "to=%s", to_date)) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot save the trust position"));
		goto out;
	}
	st = db_commit(s->db) ? KP_OK : session_db_fail(s, _("cannot save the trust position"));
out:
	trust_position_finish(&t);
	return st;
}

enum kp_status trust_list(struct session *s, const char *user_id,
			  struct trust_position **out, int *n)
{
	enum kp_status st;

	*out = NULL;
	*n = 0;
	if (!s->logged_in)
		return session_fail(s, KP_ERR_DENIED, _("permission denied: nobody is logged in"));
	if (!user_id || !*user_id)
		user_id = s->user.id;
	if (strcmp(user_id, s->user.id) != 0) {
		if ((st = access_require(s, ACT_TRUST_REPORT)) != KP_OK)
			return st;
		if ((st = may_manage(s, user_id, false)) != KP_OK)
			return st;
	}
	*n = trust_store_list(s->db, user_id, NULL, NULL, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read trust positions"));
	}
	return KP_OK;
}

enum kp_status trust_list_house(struct session *s, struct trust_position **out, int *n)
{
	enum kp_status st = access_require(s, ACT_TRUST_REPORT);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	if (!s->user.house || !*s->user.house)
		return session_fail(s, KP_ERR_STATE, _("your location belongs to no house"));
	*n = trust_store_list_house(s->db, s->user.house, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read trust positions"));
	}
	return KP_OK;
}

enum kp_status trust_conflicts(struct session *s, const char *consultant_id,
			       const char *company_id, struct trust_position **out, int *n)
{
	char today[CLOCK_DATE_LEN];

	*out = NULL;
	*n = 0;
	if (!consultant_id || !*consultant_id || !company_id)
		return KP_OK;
	clock_today(today);
	*n = trust_store_list(s->db, consultant_id, company_id, today, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read trust positions"));
	}
	return KP_OK;
}

/* Keeps the cases of the locations set for a supervisor with a scope. */
static void keep_in_scope(struct session *s, struct trust_case **list, int *n)
{
	struct trust_case *kept = xcalloc((size_t)*n + 1, sizeof *kept);
	struct trust_case *dropped = xcalloc((size_t)*n + 1, sizeof *dropped);
	int k = 0, d = 0;

	for (int i = 0; i < *n; i++) {
		if (access_location_in_scope(&s->user, (*list)[i].location))
			kept[k++] = (*list)[i];
		else
			dropped[d++] = (*list)[i];
	}
	free(*list);
	trust_case_list_free(dropped, d);
	*list = kept;
	*n = k;
}

enum kp_status trust_report(struct session *s, struct trust_case **out, int *n)
{
	enum kp_status st = access_require(s, ACT_TRUST_REPORT);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	if (!s->user.house || !*s->user.house)
		return session_fail(s, KP_ERR_STATE, _("your location belongs to no house"));
	*n = trust_store_cases(s->db, s->user.house, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read the impartiality report"));
	}
	if (access_user_scoped(&s->user))
		keep_in_scope(s, out, n);
	if (!audit_record(s, "report.impartiality", "trust_position", "", "rows=%d", *n)) {
		trust_case_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return KP_ERR_DB;
	}
	return KP_OK;
}
