/* Cases and their status workflow. Invariants: status assigned or active
 * implies a location and a consultant; closed implies an outcome and a
 * closing date; every change writes a case_event and an audit entry in the
 * same transaction. */
#include "src/case.h"
#include "db/company_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/trust.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const case_statuses[] = { "new", "assigned", "active", "closed", NULL };

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool case_transition_allowed(const char *from, const char *to)
{
	static const char *const allowed[][2] = {
		{ "new", "assigned" },
		{ "assigned", "active" },
		{ "assigned", "closed" },    /* e.g. the company declined further guidance */
		{ "active", "closed" },
		{ "new", "closed" },         /* registered by mistake or not relevant */
		{ "closed", "assigned" },    /* reopened */
		{ "assigned", "new" },       /* routed back to the branch queue */
	};
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (is(from, allowed[i][0]) && is(to, allowed[i][1]))
			return true;
	return false;
}

const char *case_status_label(const char *status)
{
	if (is(status, "new"))
		return _("new");
	if (is(status, "assigned"))
		return _("assigned");
	if (is(status, "active"))
		return _("active");
	if (is(status, "closed"))
		return _("closed");
	return status ? status : "";
}

/* ---- themes as a JSON array of keys ------------------------------------ */

char *case_themes_join(const char *const *keys, int n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addch(&sb, '[');
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "%s\"%s\"", i ? "," : "", keys[i]);
	strbuf_addch(&sb, ']');
	return strbuf_detach(&sb);
}

int case_themes_split(const char *json, char ***keys)
{
	int n = 0, cap = 4;
	const char *p = json ? json : "";

	*keys = xcalloc((size_t)cap, sizeof **keys);
	while ((p = strchr(p, '"'))) {
		const char *end = strchr(p + 1, '"');
		if (!end)
			break;
		if (n == cap) {
			cap *= 2;
			*keys = xrealloc(*keys, (size_t)cap * sizeof **keys);
		}
		(*keys)[n++] = xstrndup(p + 1, (size_t)(end - p - 1));
		p = end + 1;
	}
	return n;
}

bool case_themes_has(const char *json, const char *key)
{
	char **keys;
	int n = case_themes_split(json, &keys);
	bool found = false;

	for (int i = 0; i < n; i++) {
		found = found || strcmp(keys[i], key) == 0;
		free(keys[i]);
	}
	free(keys);
	return found;
}

/* Normalises themes to known keys without duplicates; KP_ERR_INVALID names
 * the first unknown key. */
static enum kp_status normalise_themes(struct session *s, struct case_file *c)
{
	char **keys;
	int n = case_themes_split(c->themes, &keys), k = 0;
	enum kp_status st = KP_OK;

	for (int i = 0; i < n; i++) {
		bool dup = false;
		for (int j = 0; j < k; j++)
			dup = dup || strcmp(keys[j], keys[i]) == 0;
		if (st == KP_OK && !refdata_exists(s, REF_THEME, keys[i]))
			st = session_fail(s, KP_ERR_INVALID, _("unknown theme %s"), keys[i]);
		if (dup) {
			free(keys[i]);
		} else {
			keys[k++] = keys[i];
		}
	}
	if (st == KP_OK) {
		free(c->themes);
		c->themes = case_themes_join((const char *const *)keys, k);
	}
	for (int i = 0; i < k; i++)
		free(keys[i]);
	free(keys);
	return st;
}

/* ---- validation ---------------------------------------------------------- */

static enum kp_status validate(struct session *s, struct case_file *c)
{
	struct company co = { 0 };
	int found;

	found = company_store_get(s->db, c->company_id ? c->company_id : "", &co);
	company_finish(&co);
	if (found < 0)
		return session_db_fail(s, _("cannot read companies"));
	if (!found)
		return session_fail(s, KP_ERR_INVALID, _("choose the company the case is for"));
	if (!refdata_exists(s, REF_CASE_SOURCE, c->source))
		return session_fail(s, KP_ERR_INVALID, _("choose how the case came in (source)"));
	if (is(c->source, "municipality")) {
		char code[16];
		snprintf(code, sizeof code, "%d", c->source_municipality);
		if (!c->source_municipality || !refdata_exists(s, REF_MUNICIPALITY, code))
			return session_fail(s, KP_ERR_INVALID, _("choose the referring municipality"));
	} else {
		c->source_municipality = 0;
	}
	if (c->source_date && *c->source_date && !clock_parse_date(c->source_date, NULL))
		return session_fail(s, KP_ERR_INVALID, _("referral date must be YYYY-MM-DD"));
	if (c->target_group && *c->target_group && !refdata_exists(s, REF_TARGET_GROUP, c->target_group))
		return session_fail(s, KP_ERR_INVALID, _("unknown target group %s"), c->target_group);
	if (!c->title)
		c->title = xstrdup("");
	text_trim(c->title);
	if (text_has_control(c->title, false) || text_width(c->title) > 200)
		return session_fail(s, KP_ERR_INVALID, _("the need must be one line of at most 200 characters"));
	return normalise_themes(s, c);
}

/* Checks that location exists and the consultant (if any) is an active
 * consultant or supervisor of that location's house. */
static enum kp_status validate_route(struct session *s, const char *location, const char *consultant_id)
{
	struct user u = { 0 };
	char *house;
	enum kp_status st = KP_OK;

	if (!refdata_exists(s, REF_LOCATION, location))
		return session_fail(s, KP_ERR_INVALID, _("choose a branch (location)"));
	if (!consultant_id || !*consultant_id)
		return KP_OK;
	int found = user_store_get(s->db, consultant_id, &u);
	if (found <= 0) {
		return found < 0 ? session_db_fail(s, _("cannot read users"))
				 : session_fail(s, KP_ERR_INVALID, _("no such consultant"));
	}
	house = ref_store_location_house(s->db, location);
	enum role r = access_role_parse(u.role);
	if (!u.active)
		st = session_fail(s, KP_ERR_INVALID,
				  _("%s is deactivated and cannot be given new cases"), u.name);
	else if (r != ROLE_CONSULTANT && r != ROLE_SUPERVISOR)
		st = session_fail(s, KP_ERR_INVALID, _("%s is not a consultant"), u.name);
	else if (!is(u.house, house))
		st = session_fail(s, KP_ERR_INVALID, _("%s works for another erhvervshus"), u.name);
	free(house);
	user_finish(&u);
	return st;
}

/* ---- writes --------------------------------------------------------------- */

static bool add_event(struct session *s, const char *case_id, const char *kind,
		      const char *from, const char *to, const char *reason)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN], action[48];

	uuid_generate(id);
	clock_timestamp(now);
	snprintf(action, sizeof action, "case.%s", kind);
	struct case_event e = {
		.id = id, .case_id = (char *)case_id, .at = now, .user_id = s->user.id,
		.kind = (char *)kind, .from_value = (char *)from, .to_value = (char *)to,
		.reason = (char *)reason,
	};
	/* the reason is free text that may name a person: it goes into the
	 * audit entry's erasable personal part, not its detail */
	if (reason && *reason)
		return case_event_insert(s->db, &e) &&
		       audit_record_private(s, action, "case_file", case_id, NULL, reason, "%s -> %s",
					    from ? from : "", to ? to : "");
	return case_event_insert(s->db, &e) &&
	       audit_record(s, action, "case_file", case_id, "%s -> %s", from ? from : "", to ? to : "");
}

static enum kp_status finish_write(struct session *s, bool ok, const char *what)
{
	if (!ok) {
		db_rollback(s->db);
		return session_db_fail(s, what);
	}
	if (!db_commit(s->db))
		return session_db_fail(s, what);
	return KP_OK;
}

/* KP_OK when consultant_id holds no trust position today in company_id,
 * or holds one and a reason is given (then *conflict describes it for the
 * audit trail; caller frees). KP_ERR_REFUSED names the position. */
static enum kp_status impartiality(struct session *s, const char *consultant_id,
				   const char *company_id, const char *reason, char **conflict)
{
	struct trust_position *tp = NULL;
	int n = 0;
	enum kp_status st = trust_conflicts(s, consultant_id, company_id, &tp, &n);

	*conflict = NULL;
	if (st != KP_OK || n == 0) {
		trust_list_free(tp, n);
		return st;
	}
	if (!reason || !*reason)
		st = session_fail(s, KP_ERR_REFUSED,
				  _("%s holds a trust position in %s (%s since %s): give a reason to "
				    "assign the case anyway"), tp[0].user_name, tp[0].company_name,
				  trust_kind_label(tp[0].kind), tp[0].from_date);
	else
		*conflict = xasprintf("position=%s kind=%s", tp[0].id, tp[0].kind);
	trust_list_free(tp, n);
	return st;
}

enum kp_status case_open(struct session *s, struct case_file *c)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN], today[CLOCK_DATE_LEN];
	enum kp_status st;
	char *house = NULL;
	bool has_consultant = c->consultant_id && *c->consultant_id;

	if ((st = access_require(s, ACT_CASE_CREATE)) != KP_OK)
		return st;
	if ((st = validate(s, c)) != KP_OK)
		return st;
	/* a case always belongs to a location: the one chosen, else the
	 * location of whoever registers it (the branch queue) */
	if (!c->location || !*c->location) {
		free(c->location);
		c->location = xstrdup(s->user.location);
	}
	if (!has_consultant) {
		free(c->consultant_id);
		c->consultant_id = NULL;
	}
	if ((st = validate_route(s, c->location, c->consultant_id)) != KP_OK)
		return st;
	if (has_consultant) {
		char *conflict = NULL;
		st = impartiality(s, c->consultant_id, c->company_id, NULL, &conflict);
		free(conflict);
		if (st == KP_ERR_REFUSED) {
			char why[sizeof s->msg];
			snprintf(why, sizeof why, "%s", session_message(s));
			return session_fail(s, KP_ERR_REFUSED, _("%s; open the case unassigned and route "
								 "it with a reason"), why);
		}
		if (st != KP_OK)
			return st;
	}
	/* routing a new case: the target location must be in the user's scope */
	house = ref_store_location_house(s->db, c->location);
	st = access_require_case(s, ACT_CASE_ROUTE, c->location, house, NULL);
	free(house);
	if (st != KP_OK)
		return st;
	uuid_generate(id);
	clock_timestamp(now);
	clock_today(today);
	free(c->id);
	c->id = xstrdup(id);
	free(c->status);
	c->status = xstrdup(has_consultant ? "assigned" : "new");
	if (!c->opened || !clock_parse_date(c->opened, NULL)) {
		free(c->opened);
		c->opened = xstrdup(today);
	}
	free(c->closed);
	c->closed = NULL;
	free(c->created_at);
	free(c->created_by);
	free(c->updated_at);
	c->created_at = xstrdup(now);
	c->created_by = xstrdup(s->user.id);
	c->updated_at = xstrdup(now);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	bool ok = case_store_insert(s->db, c) && add_event(s, id, "opened", "", c->status, NULL);
	if (ok && has_consultant)
		ok = add_event(s, id, "assigned", "", c->consultant_id, NULL);
	return finish_write(s, ok, _("cannot save case"));
}

enum kp_status case_load_for(struct session *s, const char *id, enum access_action a,
			     struct case_file *out)
{
	enum kp_status st = access_require(s, a);
	int found;

	if (st != KP_OK)
		return st;
	found = case_store_get(s->db, id ? id : "", out);
	if (found < 0)
		return session_db_fail(s, _("cannot read cases"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such case"));
	st = access_require_case_id(s, a, out->id, out->location, out->house, out->consultant_id);
	if (st != KP_OK)
		case_finish(out);
	return st;
}

static void touch(struct case_file *c)
{
	char now[CLOCK_TIME_LEN];

	clock_timestamp(now);
	free(c->updated_at);
	c->updated_at = xstrdup(now);
}

enum kp_status case_assign(struct session *s, const char *case_id, const char *location,
			   const char *consultant_id, const char *reason)
{
	struct case_file c = { 0 };
	enum kp_status st = case_load_for(s, case_id, ACT_CASE_ROUTE, &c);
	char *house;

	if (st != KP_OK)
		return st;
	if (is(c.status, "closed")) {
		case_finish(&c);
		return session_fail(s, KP_ERR_STATE, _("a closed case must be reopened before it is routed"));
	}
	if ((st = validate_route(s, location, consultant_id)) != KP_OK) {
		case_finish(&c);
		return st;
	}
	/* the target location too must be within what the user may route to */
	house = ref_store_location_house(s->db, location);
	st = access_require_case(s, ACT_CASE_ROUTE, location, house, NULL);
	free(house);
	if (st != KP_OK) {
		case_finish(&c);
		return st;
	}
	bool has_consultant = consultant_id && *consultant_id;
	if (is(c.status, "active") && !has_consultant) {
		case_finish(&c);
		return session_fail(s, KP_ERR_STATE, _("an active case needs a consultant"));
	}
	/* impartiality: a consultant with a trust position in the company
	 * gets the case only with a reason, which the timeline keeps */
	char *conflict = NULL;
	if ((st = impartiality(s, consultant_id, c.company_id, reason, &conflict)) != KP_OK) {
		case_finish(&c);
		return st;
	}
	char *from = xasprintf("%s/%s", c.location ? c.location : "", c.consultant_name ? c.consultant_name : "");
	const char *old_status = c.status;
	char *new_status = xstrdup(is(old_status, "active") ? "active" : has_consultant ? "assigned" : "new");
	/* the timeline shows names on both sides, as "from" does */
	struct user to_user = { 0 };
	if (has_consultant && user_store_get(s->db, consultant_id, &to_user) < 0)
		user_finish(&to_user);
	char *to = xasprintf("%s/%s", location, to_user.name ? to_user.name : "");
	user_finish(&to_user);

	free(c.location);
	free(c.consultant_id);
	c.location = xstrdup(location);
	c.consultant_id = has_consultant ? xstrdup(consultant_id) : NULL;
	bool status_change = !is(old_status, new_status);
	char *prev_status = c.status;
	c.status = new_status;
	touch(&c);
	if (!db_begin(s->db)) {
		free(from);
		free(to);
		free(prev_status);
		case_finish(&c);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	bool ok = case_store_update(s->db, &c) && add_event(s, c.id, "assigned", from, to, reason);
	if (ok && status_change)
		ok = add_event(s, c.id, "status", prev_status, new_status, NULL);
	if (ok && conflict)
		ok = audit_record(s, "case.impartiality", "case_file", c.id, "consultant=%s %s",
				  consultant_id, conflict);
	free(conflict);
	free(from);
	free(to);
	free(prev_status);
	case_finish(&c);
	return finish_write(s, ok, _("cannot save case"));
}

enum kp_status case_update(struct session *s, struct case_file *c)
{
	struct case_file old = { 0 };
	enum kp_status st = case_load_for(s, c->id, ACT_CASE_EDIT, &old);

	if (st != KP_OK)
		return st;
	free(c->company_id);
	c->company_id = xstrdup(old.company_id);
	if ((st = validate(s, c)) != KP_OK) {
		case_finish(&old);
		return st;
	}
	/* only the descriptive fields change here; routing and status have
	 * their own functions */
	free(old.title);
	free(old.source);
	free(old.source_date);
	free(old.target_group);
	free(old.themes);
	old.title = xstrdup(c->title);
	old.source = xstrdup(c->source);
	old.source_municipality = c->source_municipality;
	old.source_date = c->source_date && *c->source_date ? xstrdup(c->source_date) : NULL;
	old.target_group = xstrdup(c->target_group ? c->target_group : "");
	old.themes = xstrdup(c->themes);
	touch(&old);
	if (!db_begin(s->db)) {
		case_finish(&old);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	bool ok = case_store_update(s->db, &old) &&
		  audit_record(s, "case.update", "case_file", old.id, "themes=%s source=%s", old.themes, old.source);
	case_finish(&old);
	return finish_write(s, ok, _("cannot save case"));
}

static enum kp_status change_status(struct session *s, const char *case_id, enum access_action a,
				    const char *to, const char *outcome, const char *reason)
{
	struct case_file c = { 0 };
	char today[CLOCK_DATE_LEN];
	enum kp_status st = case_load_for(s, case_id, a, &c);

	if (st != KP_OK)
		return st;
	if (!case_transition_allowed(c.status, to)) {
		st = session_fail(s, KP_ERR_STATE, _("a case that is %s cannot become %s"),
				  case_status_label(c.status), case_status_label(to));
		case_finish(&c);
		return st;
	}
	if (is(to, "assigned") && (!c.location || !c.consultant_id)) {
		case_finish(&c);
		return session_fail(s, KP_ERR_STATE, _("the case has no consultant; route it instead"));
	}
	char *from = c.status;
	c.status = xstrdup(to);
	clock_today(today);
	if (is(to, "closed")) {
		free(c.closed);
		free(c.outcome);
		c.closed = xstrdup(today);
		c.outcome = xstrdup(outcome);
	} else if (is(from, "closed")) {
		free(c.closed);
		c.closed = NULL;
	}
	touch(&c);
	if (!db_begin(s->db)) {
		free(from);
		case_finish(&c);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	const char *kind = is(to, "closed") ? "closed" : is(from, "closed") ? "reopened" : "status";
	bool ok = case_store_update(s->db, &c) &&
		  add_event(s, c.id, kind, from, to, is(to, "closed") ? outcome : reason);
	free(from);
	case_finish(&c);
	return finish_write(s, ok, _("cannot save case"));
}

enum kp_status case_close(struct session *s, const char *case_id, const char *outcome)
{
	if (!outcome || !*outcome)
		return session_fail(s, KP_ERR_INVALID, _("an outcome is required to close a case"));
	if (text_has_control(outcome, true) || strlen(outcome) > 4000)
		return session_fail(s, KP_ERR_INVALID, _("the outcome must be text of at most 4000 characters"));
	return change_status(s, case_id, ACT_CASE_CLOSE, "closed", outcome, NULL);
}

enum kp_status case_reopen(struct session *s, const char *case_id, const char *reason)
{
	if (!reason || !*reason)
		return session_fail(s, KP_ERR_INVALID, _("a reason is required to reopen a case"));
	if (text_has_control(reason, false) || strlen(reason) > 1000)
		return session_fail(s, KP_ERR_INVALID, _("the reason must be one line of at most 1000 characters"));
	return change_status(s, case_id, ACT_CASE_CLOSE, "assigned", NULL, reason);
}

enum kp_status case_activate(struct session *s, const char *case_id)
{
	return change_status(s, case_id, ACT_JOURNAL_WRITE, "active", NULL, NULL);
}

/* ---- reads ---------------------------------------------------------------- */

/* Blanks what a reader without ACT_CASE_READ on the case may not see:
 * intake and colleagues see that it exists, its company, status, location
 * and consultant. */
static void restrict_case(struct session *s, struct case_file *c)
{
	if (access_case_id_allowed(s, ACT_CASE_READ, c->id, c->location, c->house, c->consultant_id))
		return;
	free(c->title);
	free(c->source);
	free(c->source_date);
	free(c->target_group);
	free(c->themes);
	free(c->outcome);
	free(c->last_activity);
	c->title = xstrdup("");
	c->source = xstrdup("");
	c->source_date = NULL;
	c->source_municipality = 0;
	c->target_group = xstrdup("");
	c->themes = xstrdup("[]");
	c->outcome = xstrdup("");
	c->last_activity = NULL;
	c->restricted = true;
}

enum kp_status case_get(struct session *s, const char *id, struct case_file *out)
{
	enum kp_status st = case_load_for(s, id, ACT_CASE_LIST, out);

	if (st != KP_OK)
		return st;
	restrict_case(s, out);
	return KP_OK;
}

enum kp_status case_list(struct session *s, const struct case_filter *f,
			 struct case_file **out, int *n)
{
	struct case_filter scoped = *f;
	enum kp_status st = access_require(s, ACT_CASE_LIST);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	/* everyone lists within their own house */
	scoped.house = s->user.house;
	*n = case_store_list(s->db, &scoped, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list cases"));
	}
	for (int i = 0; i < *n; i++)
		restrict_case(s, &(*out)[i]);
	return KP_OK;
}

enum kp_status case_timeline(struct session *s, const char *case_id,
			     struct case_event **out, int *n)
{
	struct case_file c = { 0 };
	enum kp_status st = case_load_for(s, case_id, ACT_CASE_READ, &c);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	case_finish(&c);
	*n = case_event_list(s->db, case_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read the case timeline"));
	}
	return KP_OK;
}
