/* Exports of the supervision and directory lists. Each reads through the
 * core function of its screen (caseload_list, caseload_queue,
 * referral_due, organisation_list, audit_list, user_list), which checks the role and
 * the scope; this file only picks the filters, refuses those that do not
 * apply, and writes the columns the screen shows, with ids a spreadsheet
 * can join on. */
#include "src/export_lists.h"
#include "db/user_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/auth.h"
#include "src/case.h"
#include "src/caseload.h"
#include "src/clock.h"
#include "src/csv.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/refdata.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Filters, as bits, for "does this filter apply to this kind". */
enum {
	F_HOUSE = 1 << 0, F_BRANCH = 1 << 1, F_CONSULTANT = 1 << 2, F_TYPE = 1 << 3,
	F_SEARCH = 1 << 4, F_STATUS = 1 << 5, F_FROM = 1 << 6, F_TO = 1 << 7,
	F_IDLE = 1 << 8, F_OVERDUE = 1 << 9, F_SORT = 1 << 10, F_THEME = 1 << 11,
	F_AREA = 1 << 12, F_ACTOR = 1 << 13, F_ACTION = 1 << 14, F_RECORD = 1 << 15,
};
#define F_EXTRA (F_IDLE | F_OVERDUE | F_SORT | F_THEME | F_AREA | F_ACTOR | F_ACTION | F_RECORD)

static bool given(const char *v)
{
	return v && *v;
}

static unsigned filters_given(const struct export_filter *f)
{
	return (given(f->house) ? F_HOUSE : 0) | (given(f->branch) ? F_BRANCH : 0)
	       | (given(f->consultant) || given(f->consultant_id) ? F_CONSULTANT : 0)
	       | (given(f->partner_type) ? F_TYPE : 0) | (given(f->search) ? F_SEARCH : 0)
	       | (given(f->status) ? F_STATUS : 0) | (given(f->from) ? F_FROM : 0)
	       | (given(f->to) ? F_TO : 0) | (f->idle ? F_IDLE : 0)
	       | (f->overdue ? F_OVERDUE : 0) | (given(f->sort) ? F_SORT : 0)
	       | (given(f->theme) ? F_THEME : 0) | (given(f->area) ? F_AREA : 0)
	       | (given(f->actor) ? F_ACTOR : 0) | (given(f->action) ? F_ACTION : 0)
	       | (given(f->record) ? F_RECORD : 0);
}

/* The command-line names of the filters, in bit order. */
static const char *const filter_names[] = {
	"--house", "--branch", "--consultant", "--type", "--search", "--status", "--from", "--to",
	"--idle", "--overdue", "--sort", "--theme", "--area", "--by", "--action", "--record",
};

static enum kp_status refuse(struct session *s, enum export_kind k, unsigned extra)
{
	for (int i = 0; i < (int)(sizeof filter_names / sizeof filter_names[0]); i++)
		if (extra & (1u << i))
			return session_fail(s, KP_ERR_INVALID, _("%s does not filter the %s export"),
					    filter_names[i], export_kind_name(k));
	return KP_OK;
}

enum kp_status export_list_refuse_extra(struct session *s, enum export_kind k,
					const struct export_filter *f)
{
	return refuse(s, k, filters_given(f) & F_EXTRA);
}

struct csv_out {
	struct strbuf *csv;
	char delim;
	long *rows;
};

static void put(struct csv_out *o, const char *const *cells, int n)
{
	csv_write_record(o->csv, cells, n, o->delim);
	(*o->rows)++;
}

static void put_header(struct csv_out *o, const char *const *msgids, int n)
{
	const char *h[16];

	for (int i = 0; i < n && i < 16; i++)
		h[i] = _(msgids[i]);
	csv_write_record(o->csv, h, n, o->delim);
}

/* A login's user id (caller frees), or NULL with the session message set. */
static char *user_id_of(struct session *s, const char *login, enum kp_status *st)
{
	struct user u = { 0 };
	int found = user_store_find_login(s->db, login, &u);
	char *id = NULL;

	if (found < 0)
		*st = session_db_fail(s, _("cannot read users"));
	else if (found == 0)
		*st = session_fail(s, KP_ERR_INVALID, _("no user with login %s"), login);
	else
		id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

/* ---- caseload and queue ---- */

static const char *const caseload_header[] = {
	N_("Case id"), N_("CVR"), N_("Company"), N_("Title"), N_("Status"), N_("Branch"),
	N_("Consultant"), N_("Opened"), N_("Last activity"), N_("Age (days)"), N_("Idle (days)"),
	N_("Overdue follow-ups"),
};
#define CASELOAD_COLS 12

static void caseload_rows(struct session *s, struct csv_out *o, struct caseload_row *rows,
			  int n)
{
	struct ref_item *locs;
	int nlocs;

	if (refdata_list(s, REF_LOCATION, &locs, &nlocs) != KP_OK)
		nlocs = 0;
	put_header(o, caseload_header, CASELOAD_COLS);
	for (int i = 0; i < n; i++) {
		const struct caseload_row *r = &rows[i];
		const char *branch = r->location;
		char age[24], idle[24], due[24];

		for (int k = 0; k < nlocs; k++)
			if (strcmp(locs[k].key, r->location) == 0)
				branch = refdata_label(&locs[k]);
		snprintf(age, sizeof age, "%ld", r->age_days);
		snprintf(idle, sizeof idle, "%ld", r->idle_days);
		snprintf(due, sizeof due, "%d", r->overdue);
		const char *cells[CASELOAD_COLS] = {
			r->case_id, r->cvr ? r->cvr : "", r->company_name ? r->company_name : "",
			r->title ? r->title : "", case_status_label(r->status), branch,
			r->consultant_name, r->opened, r->last_activity, age, idle, due,
		};
		put(o, cells, CASELOAD_COLS);
	}
	if (nlocs > 0)
		ref_list_free(locs, nlocs);
}

static enum kp_status export_caseload(struct session *s, const struct export_filter *f,
				      struct csv_out *o)
{
	struct caseload_filter cf = { .location = f->branch, .status = f->status,
				      .only_idle = f->idle, .only_overdue = f->overdue,
				      .details = true };
	struct caseload_row *rows = NULL;
	enum kp_status st = KP_OK;
	char *consultant_id = NULL;
	int n = 0;

	if (given(f->sort) && !caseload_sort_parse(f->sort, &cf.sort))
		return session_fail(s, KP_ERR_INVALID,
				    _("--sort takes opened, idle, company, consultant or status"));
	if (given(f->consultant) && !(consultant_id = user_id_of(s, f->consultant, &st)))
		return st;
	cf.consultant_id = consultant_id ? consultant_id : f->consultant_id;
	st = caseload_list(s, &cf, &rows, &n);
	if (st == KP_OK)
		caseload_rows(s, o, rows, n);
	caseload_list_free(rows, n);
	free(consultant_id);
	return st;
}

static enum kp_status export_queue(struct session *s, const struct export_filter *f,
				   struct csv_out *o)
{
	struct caseload_row *rows = NULL;
	int n = 0;
	enum kp_status st = caseload_queue(s, f->branch, &rows, &n);

	if (st == KP_OK)
		caseload_rows(s, o, rows, n);
	caseload_list_free(rows, n);
	return st;
}

/* ---- follow-ups ---- */

static const char *const followup_header[] = {
	N_("Follow-up"), N_("Days overdue"), N_("Case id"), N_("Company"), N_("Case"),
	N_("Organisation"), N_("Status"), N_("Referred"),
};

static enum kp_status export_followups(struct session *s, struct csv_out *o)
{
	struct referral *refs = NULL;
	char today[CLOCK_DATE_LEN];
	int n = 0;
	enum kp_status st = referral_due(s, &refs, &n);

	if (st != KP_OK)
		return st;
	clock_today(today);
	put_header(o, followup_header, 8);
	for (int i = 0; i < n; i++) {
		const struct referral *r = &refs[i];
		char late[24];

		snprintf(late, sizeof late, "%ld", clock_days_between(r->follow_up, today));
		const char *cells[] = {
			r->follow_up ? r->follow_up : "", late, r->case_id, r->company_name,
			r->case_title, r->organisation_name, referral_status_label(r->status),
			r->referred_on,
		};
		put(o, cells, 8);
	}
	referral_list_free(refs, n);
	return KP_OK;
}

/* ---- partners ---- */

static const char *const partner_header[] = {
	N_("Name"), N_("Type"), N_("Area"), N_("Themes"), N_("E-mail"), N_("Phone"),
	N_("Website"), N_("Active"), N_("Referrals"),
};

static enum kp_status export_partners(struct session *s, const struct export_filter *f,
				      struct csv_out *o)
{
	struct organisation_filter of = { .text = f->search, .type = f->partner_type,
					  .theme = f->theme, .area = f->area,
					  .include_inactive = true };
	struct organisation *orgs = NULL;
	int n = 0;
	enum kp_status st = organisation_list(s, &of, &orgs, &n);

	if (st != KP_OK)
		return st;
	put_header(o, partner_header, 9);
	for (int i = 0; i < n; i++) {
		const struct organisation *g = &orgs[i];
		const char *area = g->area_name && *g->area_name ? g->area_name
				   : strcmp(g->area, "national") == 0 ? _("national") : g->area;
		char *themes = export_theme_labels(s, g->themes);
		char count[24];

		snprintf(count, sizeof count, "%d", g->referral_count);
		const char *cells[] = {
			g->name, organisation_type_label(g), area, themes, g->email, g->phone,
			g->website, g->active ? _("yes") : _("no"), count,
		};
		put(o, cells, 9);
		free(themes);
	}
	organisation_list_free(orgs, n);
	return KP_OK;
}

/* ---- audit trail ---- */

#define AUDIT_EXPORT_MAX 1000000

static const char *const audit_header[] = {
	N_("Time"), N_("User"), N_("Action"), N_("Table"), N_("Record"), N_("Detail"),
	N_("Site"), N_("Position in the chain"),
};

static enum kp_status export_audit(struct session *s, const struct export_filter *f,
				   struct csv_out *o)
{
	struct audit_filter af = { .action_prefix = f->action, .row_id = f->record,
				   .from = f->from, .to = f->to, .limit = AUDIT_EXPORT_MAX };
	struct audit_entry *list = NULL;
	enum kp_status st = KP_OK;
	char *actor_id = NULL;
	int n = 0;

	if ((given(f->from) && !clock_parse_date(f->from, NULL))
	    || (given(f->to) && !clock_parse_date(f->to, NULL)))
		return session_fail(s, KP_ERR_INVALID, _("--from and --to are dates YYYY-MM-DD"));
	if (given(f->actor) && !(actor_id = user_id_of(s, f->actor, &st)))
		return st;
	af.user_id = actor_id;
	/* the entries only: the personal part stays encrypted in the trail */
	st = audit_list(s, &af, &list, &n);
	if (st == KP_OK) {
		put_header(o, audit_header, 8);
		for (int i = 0; i < n; i++) {
			const struct audit_entry *e = &list[i];
			char seq[24];

			snprintf(seq, sizeof seq, "%lld", e->seq);
			const char *cells[] = {
				e->at, *e->user_login ? e->user_login : e->user_id, e->action, e->tbl,
				e->row_id, e->detail, e->origin ? e->origin : "", seq,
			};
			put(o, cells, 8);
		}
	}
	audit_list_free(list, n);
	free(actor_id);
	return st;
}

/* ---- users (administrators) ---- */

static const char *const user_header[] = {
	N_("Login"), N_("Name"), N_("Initials"), N_("Role"), N_("Location"), N_("Active"),
	N_("Locked"), N_("Scope"),
};

static enum kp_status export_users(struct session *s, struct csv_out *o)
{
	struct user *users = NULL;
	int n = 0;
	enum kp_status st = access_require(s, ACT_USER_ADMIN);

	if (st == KP_OK)
		st = user_list(s, false, NULL, &users, &n);
	if (st != KP_OK)
		return st;
	put_header(o, user_header, 8);
	for (int i = 0; i < n && st == KP_OK; i++) {
		const struct user *u = &users[i];
		struct auth_state as;

		st = auth_state(s, u->id, &as);
		const char *cells[] = {
			u->login, u->name, u->initials ? u->initials : "", access_role_label(u->role),
			u->location, u->active ? _("yes") : _("no"), as.locked ? _("yes") : _("no"),
			u->scope ? u->scope : "",
		};
		put(o, cells, 8);
	}
	user_list_free(users, n);
	return st;
}

enum kp_status export_list_build(struct session *s, enum export_kind k,
				 const struct export_filter *f, struct strbuf *csv, char delim,
				 long *rows)
{
	static const unsigned allowed[EXPORT_KIND_COUNT] = {
		[EXPORT_CASELOAD] = F_BRANCH | F_CONSULTANT | F_STATUS | F_IDLE | F_OVERDUE | F_SORT,
		[EXPORT_QUEUE] = F_BRANCH,
		[EXPORT_FOLLOWUPS] = 0,
		[EXPORT_PARTNERS] = F_SEARCH | F_TYPE | F_THEME | F_AREA,
		[EXPORT_AUDIT] = F_ACTOR | F_ACTION | F_RECORD | F_FROM | F_TO,
		[EXPORT_USERS] = 0,
	};
	struct csv_out o = { csv, delim, rows };
	enum kp_status st = refuse(s, k, filters_given(f) & ~allowed[k]);

	if (st != KP_OK)
		return st;
	switch (k) {
	case EXPORT_CASELOAD: return export_caseload(s, f, &o);
	case EXPORT_QUEUE: return export_queue(s, f, &o);
	case EXPORT_FOLLOWUPS: return export_followups(s, &o);
	case EXPORT_PARTNERS: return export_partners(s, f, &o);
	case EXPORT_AUDIT: return export_audit(s, f, &o);
	case EXPORT_USERS: return export_users(s, &o);
	default: return session_fail(s, KP_ERR_INVALID, "%s", _("unknown export"));
	}
}
