/* Referrals: the workflow rule, the checks at entry (case scope, the
 * destination and its contact, dates, the advisors offered) and the writes,
 * each with its history row and audit entry in one transaction. */
#include "src/referral.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define REF_TEXT_MAX 4000

const char *const referral_statuses[] = {
	"proposed", "sent", "accepted", "completed", "declined", "withdrawn", NULL,
};

static const struct {
	const char *from, *to;
} transitions[] = {
	{ "proposed", "sent" },
	{ "proposed", "withdrawn" },
	{ "sent", "accepted" },
	{ "sent", "declined" },
	{ "sent", "withdrawn" },
	{ "accepted", "completed" },
	{ "accepted", "withdrawn" },
};

bool referral_transition_allowed(const char *from, const char *to)
{
	if (!from || !to)
		return false;
	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (strcmp(transitions[i].from, from) == 0 && strcmp(transitions[i].to, to) == 0)
			return true;
	return false;
}

bool referral_status_is_open(const char *status)
{
	return status && (strcmp(status, "proposed") == 0 || strcmp(status, "sent") == 0 ||
			  strcmp(status, "accepted") == 0);
}

bool referral_status_is_known(const char *status)
{
	for (int i = 0; status && referral_statuses[i]; i++)
		if (strcmp(referral_statuses[i], status) == 0)
			return true;
	return false;
}

const char *referral_status_label(const char *status)
{
	static const char *const labels[] = {
		N_("proposed"), N_("sent"), N_("accepted"), N_("completed"), N_("declined"),
		N_("withdrawn"),
	};

	for (int i = 0; status && referral_statuses[i]; i++)
		if (strcmp(referral_statuses[i], status) == 0)
			return _(labels[i]);
	return status ? status : "";
}

int referral_next_statuses(const char *status, const char *out[6])
{
	int n = 0;

	for (int i = 0; referral_statuses[i] && n < 5; i++)
		if (referral_transition_allowed(status, referral_statuses[i]))
			out[n++] = referral_statuses[i];
	out[n] = NULL;
	return n;
}

/* Rolls back a failed write; the message is the store's error unless
 * audit_record already set one (callers clear msg before db_begin). */
static enum kp_status write_failed(struct session *s, const char *what)
{
	if (!s->msg[0])
		session_db_fail(s, what);
	db_rollback(s->db);
	return KP_ERR_DB;
}

static enum kp_status load_case(struct session *s, const char *case_id,
				struct referral_case_info *ci)
{
	int found = referral_store_case_info(s->db, case_id ? case_id : "", ci);

	if (found < 0)
		return session_db_fail(s, _("cannot read the case"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such case"));
	return KP_OK;
}

/* Loads the case and checks the acting user may do a on it. */
static enum kp_status case_scope(struct session *s, enum access_action a, const char *case_id,
				 struct referral_case_info *ci)
{
	enum kp_status st = access_require(s, a);

	if (st != KP_OK)
		return st;
	if ((st = load_case(s, case_id, ci)) != KP_OK)
		return st;
	return access_require_case_id(s, a, case_id, ci->location, ci->house, ci->consultant_id);
}

static enum kp_status check_text(struct session *s, const char *what, const char *v,
				 bool multiline)
{
	if (!v || !*v)
		return KP_OK;
	if (!text_valid_utf8(v, strlen(v)) || text_has_control(v, multiline))
		return session_fail(s, KP_ERR_INVALID, _("%s contains control characters"), what);
	if (strlen(v) > REF_TEXT_MAX)
		return session_fail(s, KP_ERR_INVALID, _("%s is too long (at most %d bytes)"), what,
				    REF_TEXT_MAX);
	if (text_looks_like_cpr(v))
		return session_fail(s, KP_ERR_INVALID,
				    _("%s looks like it holds a CPR number, which is never stored"), what);
	return KP_OK;
}

static enum kp_status check_date(struct session *s, const char *what, const char *date)
{
	if (!clock_parse_date(date, NULL))
		return session_fail(s, KP_ERR_INVALID, _("%s must be a date as YYYY-MM-DD, not '%s'"),
				    what, date ? date : "");
	return KP_OK;
}

/* Theme, contact, reason, follow-up and outcome: the fields both create and
 * update accept. */
static enum kp_status check_fields(struct session *s, const struct referral *r)
{
	enum kp_status st;

	if (r->theme && *r->theme) {
		int found = organisation_store_theme_exists(s->db, r->theme);

		if (found < 0)
			return session_db_fail(s, _("cannot read themes"));
		if (!found)
			return session_fail(s, KP_ERR_INVALID, _("unknown theme '%s'"), r->theme);
	}
	if (r->contact_id && *r->contact_id) {
		struct organisation_contact c = { 0 };
		int found = organisation_contact_store_get(s->db, r->contact_id, &c);
		bool same = found > 0 && strcmp(c.organisation_id, r->organisation_id) == 0;

		organisation_contact_finish(&c);
		if (found < 0)
			return session_db_fail(s, _("cannot read the contact"));
		if (!same)
			return session_fail(s, KP_ERR_INVALID,
					    _("the contact is not a person at the destination"));
	}
	if ((st = check_text(s, _("the reason"), r->reason, true)) != KP_OK ||
	    (st = check_text(s, _("the outcome"), r->outcome, true)) != KP_OK)
		return st;
	if (r->follow_up && *r->follow_up) {
		if ((st = check_date(s, _("the follow-up date"), r->follow_up)) != KP_OK)
			return st;
		if (strcmp(r->follow_up, r->referred_on) < 0)
			return session_fail(s, KP_ERR_INVALID,
					    _("the follow-up date is before the referral date"));
	}
	return KP_OK;
}

static enum kp_status check_offered_one(struct session *s, const char *id)
{
	struct organisation o = { 0 };
	int found = organisation_store_get(s->db, id, &o);
	bool advisor = found > 0 && strcmp(o.type, "private_advisor") == 0;

	organisation_finish(&o);
	if (found < 0)
		return session_db_fail(s, _("cannot read the organisation"));
	if (!advisor)
		return session_fail(s, KP_ERR_INVALID,
				    _("an advisor offered is not a private advisor of the directory"));
	return KP_OK;
}

/* The rule against favouring one private actor (see referral_create). */
static enum kp_status check_advisors(struct session *s, struct referral *r,
				     const struct organisation *dest, const char *house)
{
	bool to_advisor = strcmp(dest->type, "private_advisor") == 0;
	char **keys;
	int n = organisation_keys_split(r->advisors_offered ? r->advisors_offered : "[]", &keys);
	enum kp_status st = KP_OK;
	bool has_dest = false;

	if (n < 0)
		return session_fail(s, KP_ERR_INVALID, _("the advisors offered must be a list of ids"));
	if (!to_advisor && n > 0)
		st = session_fail(s, KP_ERR_INVALID,
				  _("advisors are offered only with a referral to a private advisor"));
	for (int i = 0; i < n && st == KP_OK; i++) {
		for (int j = 0; j < i; j++)
			if (strcmp(keys[i], keys[j]) == 0)
				st = session_fail(s, KP_ERR_INVALID, _("an advisor is offered twice"));
		if (st == KP_OK)
			st = check_offered_one(s, keys[i]);
		has_dest = has_dest || strcmp(keys[i], dest->id) == 0;
	}
	if (st == KP_OK && to_advisor && !has_dest)
		st = session_fail(s, KP_ERR_INVALID,
				  _("the advisor referred to must be among the advisors offered"));
	if (st == KP_OK && to_advisor && n < 2) {
		struct organisation *avail;
		int m = organisation_store_advisors(s->db, r->theme && *r->theme ? r->theme : NULL,
						    house && *house ? house : NULL, 2, &avail);

		organisation_list_free(avail, m);
		if (m < 0)
			st = session_db_fail(s, _("cannot list advisors"));
		else if (m >= 2)
			st = session_fail(s, KP_ERR_INVALID,
					  _("offer the company at least two advisors; the directory has "
					    "several for this need and area"));
	}
	organisation_keys_free(keys, n);
	return st;
}

static bool add_event(struct session *s, const char *referral_id, const char *on_date,
		      const char *from, const char *to, const char *note)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];

	uuid_generate(id);
	clock_timestamp(at);
	struct referral_event e = {
		.id = id, .referral_id = (char *)referral_id, .at = at,
		.on_date = (char *)on_date, .user_id = s->user.id, .from_status = (char *)from,
		.to_status = (char *)to, .note = (char *)note,
	};
	return referral_event_insert(s->db, &e);
}

static enum kp_status load_destination(struct session *s, const char *id, struct organisation *o)
{
	int found = organisation_store_get(s->db, id ? id : "", o);

	if (found < 0)
		return session_db_fail(s, _("cannot read the organisation"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such organisation"));
	if (!o->active)
		return session_fail(s, KP_ERR_STATE, _("%s is no longer active in the directory"),
				    o->name);
	return KP_OK;
}

static void set_str(char **field, const char *value)
{
	char *copy = value ? xstrdup(value) : NULL;

	free(*field);
	*field = copy;
}

/* Fills the defaults of a new referral and checks everything but scope. */
static enum kp_status prepare(struct session *s, struct referral *r,
			      const struct referral_case_info *ci, struct organisation *dest)
{
	char today[CLOCK_DATE_LEN];
	enum kp_status st;

	clock_today(today);
	if (strcmp(ci->status, "closed") == 0)
		return session_fail(s, KP_ERR_STATE, _("the case is closed; reopen it to refer"));
	if ((st = load_destination(s, r->organisation_id, dest)) != KP_OK)
		return st;
	if (!r->referred_on || !*r->referred_on)
		set_str(&r->referred_on, today);
	if ((st = check_date(s, _("the referral date"), r->referred_on)) != KP_OK)
		return st;
	if (strcmp(r->referred_on, today) > 0)
		return session_fail(s, KP_ERR_INVALID, _("the referral date is in the future"));
	if (!r->status || !*r->status)
		set_str(&r->status, "proposed");
	if (strcmp(r->status, "proposed") != 0 && strcmp(r->status, "sent") != 0)
		return session_fail(s, KP_ERR_INVALID, _("a new referral is proposed or sent"));
	if (!r->advisors_offered || !*r->advisors_offered)
		set_str(&r->advisors_offered, "[]");
	if ((st = check_fields(s, r)) != KP_OK)
		return st;
	return check_advisors(s, r, dest, ci->house);
}

enum kp_status referral_create(struct session *s, struct referral *r)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	struct referral_case_info ci = { 0 };
	struct organisation dest = { 0 };
	enum kp_status st;

	if ((st = case_scope(s, ACT_REFERRAL_WRITE, r->case_id, &ci)) != KP_OK)
		goto out;
	if ((st = prepare(s, r, &ci, &dest)) != KP_OK)
		goto out;
	uuid_generate(id);
	clock_timestamp(at);
	set_str(&r->id, id);
	set_str(&r->status_on, r->referred_on);
	set_str(&r->created_at, at);
	set_str(&r->created_by, s->user.id);
	set_str(&r->updated_at, at);
	s->msg[0] = '\0';
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!referral_store_insert(s->db, r) ||
	    !add_event(s, r->id, r->referred_on, "", r->status, r->reason))
		st = write_failed(s, _("cannot save the referral"));
	else if (!audit_record(s, "referral.create", "referral", r->id, "case %s to %s (%s)%s%s",
			       r->case_id, dest.name, r->status,
			       strcmp(r->advisors_offered, "[]") ? "; advisors offered " : "",
			       strcmp(r->advisors_offered, "[]") ? r->advisors_offered : ""))
		st = write_failed(s, _("cannot write the audit trail"));
	else if (!db_commit(s->db))
		st = write_failed(s, _("cannot save the referral"));
out:
	organisation_finish(&dest);
	referral_case_info_finish(&ci);
	return st;
}

/* Loads a referral and checks the acting user may do a on its case. */
static enum kp_status load_referral(struct session *s, enum access_action a, const char *id,
				    struct referral *r)
{
	struct referral_case_info ci = { 0 };
	enum kp_status st = access_require(s, a);
	int found;

	if (st != KP_OK)
		return st;
	found = referral_store_get(s->db, id ? id : "", r);
	if (found < 0)
		return session_db_fail(s, _("cannot read the referral"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such referral"));
	st = case_scope(s, a, r->case_id, &ci);
	referral_case_info_finish(&ci);
	return st;
}

static enum kp_status check_status_change(struct session *s, const struct referral *r,
					  const char *to, const char *on_date)
{
	char today[CLOCK_DATE_LEN];
	enum kp_status st;

	if (!referral_status_is_known(to))
		return session_fail(s, KP_ERR_INVALID, _("unknown referral status '%s'"), to ? to : "");
	if (!referral_transition_allowed(r->status, to))
		return session_fail(s, KP_ERR_STATE, _("a %s referral cannot become %s"),
				    referral_status_label(r->status), referral_status_label(to));
	if ((st = check_date(s, _("the date"), on_date)) != KP_OK)
		return st;
	clock_today(today);
	if (strcmp(on_date, today) > 0)
		return session_fail(s, KP_ERR_INVALID, _("the date is in the future"));
	if (strcmp(on_date, r->status_on) < 0)
		return session_fail(s, KP_ERR_INVALID,
				    _("the date is before the referral's current status (%s)"),
				    r->status_on);
	return KP_OK;
}

enum kp_status referral_set_status(struct session *s, const char *referral_id, const char *to,
				   const char *on_date, const char *note)
{
	char today[CLOCK_DATE_LEN], at[CLOCK_TIME_LEN];
	struct referral r = { 0 };
	enum kp_status st;
	char *from = NULL;

	clock_today(today);
	if (!on_date || !*on_date)
		on_date = today;
	if ((st = load_referral(s, ACT_REFERRAL_WRITE, referral_id, &r)) != KP_OK)
		goto out;
	if ((st = check_status_change(s, &r, to, on_date)) != KP_OK ||
	    (st = check_text(s, _("the note"), note, true)) != KP_OK)
		goto out;
	from = r.status;
	r.status = xstrdup(to);
	set_str(&r.status_on, on_date);
	if (note && *note && !*r.outcome &&
	    (strcmp(to, "completed") == 0 || strcmp(to, "declined") == 0))
		set_str(&r.outcome, note);
	clock_timestamp(at);
	set_str(&r.updated_at, at);
	s->msg[0] = '\0';
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!referral_store_update(s->db, &r) || !add_event(s, r.id, on_date, from, to, note))
		st = write_failed(s, _("cannot save the referral"));
	else if (!audit_record(s, "referral.status", "referral", r.id, "status: %s -> %s on %s",
			       from, to, on_date))
		st = write_failed(s, _("cannot write the audit trail"));
	else if (!db_commit(s->db))
		st = write_failed(s, _("cannot save the referral"));
out:
	free(from);
	referral_finish(&r);
	return st;
}

static void diff(struct strbuf *sb, const char *field, const char *a, const char *b)
{
	if (strcmp(a ? a : "", b ? b : "") != 0)
		strbuf_addf(sb, "%s%s", sb->len ? ", " : "", field);
}

enum kp_status referral_update(struct session *s, const struct referral *r)
{
	struct referral old = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char at[CLOCK_TIME_LEN];
	enum kp_status st;

	if ((st = load_referral(s, ACT_REFERRAL_WRITE, r->id, &old)) != KP_OK)
		goto out;
	struct referral upd = old;   /* the stored row with the editable fields replaced */

	upd.contact_id = r->contact_id && *r->contact_id ? r->contact_id : NULL;
	upd.theme = r->theme;
	upd.reason = r->reason;
	upd.follow_up = r->follow_up && *r->follow_up ? r->follow_up : NULL;
	upd.outcome = r->outcome;
	if ((st = check_fields(s, &upd)) != KP_OK)
		goto out;
	diff(&sb, "contact", old.contact_id, upd.contact_id);
	diff(&sb, "theme", old.theme, upd.theme);
	diff(&sb, "reason", old.reason, upd.reason);
	diff(&sb, "follow_up", old.follow_up, upd.follow_up);
	diff(&sb, "outcome", old.outcome, upd.outcome);
	if (sb.len == 0)
		goto out;
	clock_timestamp(at);
	upd.updated_at = at;
	s->msg[0] = '\0';
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!referral_store_update(s->db, &upd))
		st = write_failed(s, _("cannot save the referral"));
	else if (!audit_record(s, "referral.update", "referral", old.id, "changed %s; follow-up %s",
			       sb.buf, upd.follow_up ? upd.follow_up : "-"))
		st = write_failed(s, _("cannot write the audit trail"));
	else if (!db_commit(s->db))
		st = write_failed(s, _("cannot save the referral"));
out:
	strbuf_finish(&sb);
	referral_finish(&old);
	return st;
}

enum kp_status referral_get(struct session *s, const char *id, struct referral *out)
{
	enum kp_status st = load_referral(s, ACT_REFERRAL_READ, id, out);

	if (st != KP_OK)
		referral_finish(out);
	return st;
}

static enum kp_status run_list(struct session *s, const struct referral_filter *f,
			       struct referral **out, int *n)
{
	*n = referral_store_list(s->db, f, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list referrals"));
	}
	/* a supervisor with a location scope sees the cases of those locations */
	if (access_user_scoped(&s->user)) {
		int kept = 0;

		for (int i = 0; i < *n; i++) {
			if (access_location_in_scope(&s->user, (*out)[i].location))
				(*out)[kept++] = (*out)[i];
			else
				referral_finish(&(*out)[i]);
		}
		*n = kept;
	}
	return KP_OK;
}

enum kp_status referral_list_case(struct session *s, const char *case_id,
				  struct referral **out, int *n)
{
	struct referral_case_info ci = { 0 };
	enum kp_status st = case_scope(s, ACT_REFERRAL_READ, case_id, &ci);

	*out = NULL;
	*n = 0;
	referral_case_info_finish(&ci);
	if (st != KP_OK)
		return st;
	struct referral_filter f = { .case_id = case_id };

	return run_list(s, &f, out, n);
}

enum kp_status referral_history(struct session *s, const char *referral_id,
				struct referral_event **out, int *n)
{
	struct referral r = { 0 };
	enum kp_status st = load_referral(s, ACT_REFERRAL_READ, referral_id, &r);

	*out = NULL;
	*n = 0;
	referral_finish(&r);
	if (st != KP_OK)
		return st;
	*n = referral_event_list(s->db, referral_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read the referral history"));
	}
	return KP_OK;
}

enum kp_status referral_due(struct session *s, struct referral **out, int *n)
{
	char today[CLOCK_DATE_LEN];
	enum kp_status st = access_require(s, ACT_REFERRAL_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	clock_today(today);
	struct referral_filter f = {
		.consultant_id = s->user.id, .due_by = today, .today = today,
	};
	return run_list(s, &f, out, n);
}

/* Narrows f to what the acting user may see (see referral_overview). */
static enum kp_status scope_filter(struct session *s, struct referral_filter *f)
{
	enum kp_status st = access_require(s, ACT_REFERRAL_READ);

	if (st != KP_OK)
		return st;
	switch (access_role_parse(s->user.role)) {
	case ROLE_CONSULTANT:
		if (f->consultant_id && *f->consultant_id && strcmp(f->consultant_id, s->user.id) != 0)
			return session_fail(s, KP_ERR_DENIED,
					    _("permission denied: a consultant sees the referrals of own cases only"));
		f->consultant_id = s->user.id;
		return KP_OK;
	case ROLE_SUPERVISOR:
		if (f->house && *f->house && strcmp(f->house, s->user.house) != 0)
			return session_fail(s, KP_ERR_DENIED,
					    _("permission denied: a supervisor sees the referrals of own house only"));
		f->house = s->user.house;
		if (f->location && *f->location)
			return access_require_location(s, f->location);
		return KP_OK;
	default:
		return session_fail(s, KP_ERR_DENIED, _("permission denied"));
	}
}

enum kp_status referral_overview(struct session *s, const struct referral_filter *filter,
				 struct referral **out, int *n)
{
	char today[CLOCK_DATE_LEN];
	struct referral_filter f = *filter;
	enum kp_status st;

	*out = NULL;
	*n = 0;
	if ((st = scope_filter(s, &f)) != KP_OK)
		return st;
	if ((f.from && *f.from && (st = check_date(s, _("the first date"), f.from)) != KP_OK) ||
	    (f.to && *f.to && (st = check_date(s, _("the last date"), f.to)) != KP_OK))
		return st;
	if (f.status && *f.status && strcmp(f.status, "open") != 0 && !referral_status_is_known(f.status))
		return session_fail(s, KP_ERR_INVALID, _("unknown referral status '%s'"), f.status);
	clock_today(today);
	f.today = today;
	return run_list(s, &f, out, n);
}

enum kp_status referral_list_organisation(struct session *s, const char *organisation_id,
					  struct referral **out, int *n)
{
	struct referral_filter f = { .organisation_id = organisation_id ? organisation_id : "" };

	*out = NULL;
	*n = 0;
	enum kp_status st = scope_filter(s, &f);

	if (st != KP_OK)
		return st;
	return run_list(s, &f, out, n);
}

enum kp_status referral_advisors_for_case(struct session *s, const char *case_id,
					  const char *theme, int max,
					  struct organisation **out, int *n)
{
	struct referral_case_info ci = { 0 };
	enum kp_status st = case_scope(s, ACT_REFERRAL_READ, case_id, &ci);

	*out = NULL;
	*n = 0;
	if (st == KP_OK)
		st = organisation_advisors(s, theme, ci.house, max, out, n);
	referral_case_info_finish(&ci);
	return st;
}

enum kp_status referral_counts(struct session *s, const char *from, const char *to,
			       const char *house, struct referral_count **out, int *n)
{
	enum kp_status st = access_require(s, ACT_REPORT);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	if ((st = check_date(s, _("the first date"), from)) != KP_OK ||
	    (st = check_date(s, _("the last date"), to)) != KP_OK)
		return st;
	if (strcmp(from, to) > 0)
		return session_fail(s, KP_ERR_INVALID, _("the period ends before it begins"));
	if (house && !*house)
		house = NULL;
	if (house) {
		int found = organisation_store_house_exists(s->db, house);

		if (found < 0)
			return session_db_fail(s, _("cannot read houses"));
		if (!found)
			return session_fail(s, KP_ERR_INVALID, _("unknown house '%s'"), house);
	}
	if (access_role_parse(s->user.role) != ROLE_ADMIN) {
		if (house && strcmp(house, s->user.house) != 0)
			return session_fail(s, KP_ERR_DENIED,
					    _("permission denied: a supervisor reports on own house only"));
		house = s->user.house;
	}
	/* a supervisor with a location scope counts the cases of those */
	const char *location = NULL;
	if (access_role_parse(s->user.role) != ROLE_ADMIN && access_user_scoped(&s->user))
		location = s->user.scope;   /* keys separated by commas */
	*n = referral_store_count_at(s->db, from, to, house, location, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot count referrals"));
	}
	return KP_OK;
}

static void group_of(const struct referral *r, enum referral_group by, const char **key,
		     const char **label)
{
	switch (by) {
	case REFERRAL_BY_DESTINATION:
		*key = r->organisation_id;
		*label = r->organisation_name;
		break;
	case REFERRAL_BY_STATUS:
		*key = r->status;
		*label = referral_status_label(r->status);
		break;
	case REFERRAL_BY_BRANCH:
		*key = r->location ? r->location : "";
		*label = *key;
		break;
	case REFERRAL_BY_CONSULTANT:
	default:
		*key = r->consultant_id ? r->consultant_id : "";
		*label = r->consultant_name && *r->consultant_name ? r->consultant_name : *key;
		break;
	}
}

static int tally_cmp(const void *a, const void *b)
{
	const struct referral_tally *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

int referral_tally(const struct referral *list, int n, enum referral_group by, const char *today,
		   struct referral_tally **out)
{
	int groups = 0;

	*out = xcalloc((size_t)n + 1, sizeof **out);
	for (int i = 0; i < n; i++) {
		const char *key, *label;
		int g;

		group_of(&list[i], by, &key, &label);
		for (g = 0; g < groups && strcmp((*out)[g].key, key) != 0; g++)
			;
		if (g == groups)
			(*out)[groups++] = (struct referral_tally){ .key = key, .label = label };
		(*out)[g].count++;
		if (referral_status_is_open(list[i].status)) {
			(*out)[g].open++;
			if (list[i].follow_up && today && strcmp(list[i].follow_up, today) < 0)
				(*out)[g].overdue++;
		}
	}
	qsort(*out, (size_t)groups, sizeof **out, tally_cmp);
	return groups;
}

static enum kp_status incoming(struct session *s, const struct referral_case_info *ci,
			       struct organisation *out)
{
	int found;

	if (strcmp(ci->source, "municipality") != 0 || ci->source_municipality <= 0)
		return session_fail(s, KP_ERR_STATE, _("the case was not referred by a municipality"));
	found = organisation_store_find_municipal(s->db, ci->source_municipality, out);
	if (found < 0)
		return session_db_fail(s, _("cannot read the organisation"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND,
				    _("the directory has no business service for municipality %d"),
				    ci->source_municipality);
	return KP_OK;
}

enum kp_status referral_incoming_partner(struct session *s, const char *case_id,
					 struct organisation *out)
{
	struct referral_case_info ci = { 0 };
	enum kp_status st = case_scope(s, ACT_REFERRAL_READ, case_id, &ci);

	if (st == KP_OK)
		st = incoming(s, &ci, out);
	referral_case_info_finish(&ci);
	return st;
}

enum kp_status referral_report_back(struct session *s, const char *case_id,
				    const char *summary, const char *on_date)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN], today[CLOCK_DATE_LEN];
	struct referral_case_info ci = { 0 };
	struct organisation org = { 0 };
	enum kp_status st;

	clock_today(today);
	if (!on_date || !*on_date)
		on_date = today;
	if ((st = case_scope(s, ACT_REFERRAL_WRITE, case_id, &ci)) != KP_OK ||
	    (st = incoming(s, &ci, &org)) != KP_OK)
		goto out;
	if (!summary || !*summary) {
		st = session_fail(s, KP_ERR_INVALID, _("the summary is required"));
		goto out;
	}
	if ((st = check_text(s, _("the summary"), summary, true)) != KP_OK ||
	    (st = check_date(s, _("the date"), on_date)) != KP_OK)
		goto out;
	if (strcmp(on_date, today) > 0) {
		st = session_fail(s, KP_ERR_INVALID, _("the date is in the future"));
		goto out;
	}
	uuid_generate(id);
	clock_timestamp(at);
	struct referral_report_back rb = {
		.id = id, .case_id = (char *)case_id, .organisation_id = org.id,
		.municipality_code = ci.source_municipality, .reported_on = (char *)on_date,
		.summary = (char *)summary, .user_id = s->user.id, .created_at = at,
	};
	s->msg[0] = '\0';
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!referral_report_back_insert(s->db, &rb))
		st = write_failed(s, _("cannot save the report back"));
	else if (!audit_record(s, "referral.report_back", "referral_report_back", id,
			       "case %s reported back to %s", case_id, org.name))
		st = write_failed(s, _("cannot write the audit trail"));
	else if (!db_commit(s->db))
		st = write_failed(s, _("cannot save the report back"));
out:
	organisation_finish(&org);
	referral_case_info_finish(&ci);
	return st;
}

enum kp_status referral_report_backs(struct session *s, const char *case_id,
				     struct referral_report_back **out, int *n)
{
	struct referral_case_info ci = { 0 };
	enum kp_status st = case_scope(s, ACT_REFERRAL_READ, case_id, &ci);

	*out = NULL;
	*n = 0;
	referral_case_info_finish(&ci);
	if (st != KP_OK)
		return st;
	*n = referral_report_back_list(s->db, case_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list reports back"));
	}
	return KP_OK;
}
