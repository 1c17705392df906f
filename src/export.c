/* Exports: each kind reads through the same core functions as its list on
 * screen (so the same rights apply), writes UTF-8 CSV rows with csv.h, and
 * encodes the whole at the end with charset.h. */
#include "src/export.h"
#include "src/export_lists.h"
#include "db/export_store.h"
#include "db/user_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/company.h"
#include "src/clock.h"
#include "src/csv.h"
#include "src/i18n.h"
#include "src/journal.h"
#include "src/refdata.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[EXPORT_KIND_COUNT] = {
	"companies", "cases", "referrals", "meetings", "caseload", "queue", "followups",
	"partners", "audit", "users",
};

bool export_kind_parse(const char *name, enum export_kind *out)
{
	for (int i = 0; i < EXPORT_KIND_COUNT; i++)
		if (name && strcmp(name, kind_names[i]) == 0) {
			*out = (enum export_kind)i;
			return true;
		}
	return false;
}

const char *export_kind_name(enum export_kind k)
{
	return kind_names[k];
}

void export_options_default(struct export_options *o)
{
	o->charset = CHARSET_UTF8_BOM;
	o->delimiter = ';';
	o->strict = false;
}

struct out {
	struct strbuf csv;
	char delim;
	long rows;
	struct session *s;
	const char *consent;        /* scope every company must have consent for, or NULL */
	long withheld;              /* rows left out for want of that consent */
	bool failed;                /* a database error while checking consent */
};

/* Whether the export may hold the company's data: always within the house,
 * and only with consent covering o->consent when the export is made for
 * that purpose. Read at export time, so a withdrawal takes effect at once. */
static bool consent_covers(struct out *o, const char *company_id)
{
	struct company c = { 0 };
	bool ok;
	int found;

	if (!o->consent)
		return true;
	found = company_store_get(o->s->db, company_id ? company_id : "", &c);
	if (found < 0)
		o->failed = true;
	ok = found == 1 && company_consent_allows(&c, o->consent);
	company_finish(&c);
	if (!ok)
		o->withheld++;
	return ok;
}

/* The same for a case's company. */
static bool case_consent_covers(struct out *o, const char *case_id)
{
	struct case_file c = { 0 };
	bool ok;
	int found;

	if (!o->consent)
		return true;
	found = case_store_get(o->s->db, case_id ? case_id : "", &c);
	if (found < 0)
		o->failed = true;
	if (found != 1) {
		o->withheld++;
		case_finish(&c);
		return false;
	}
	ok = consent_covers(o, c.company_id);
	case_finish(&c);
	return ok;
}

static void put_row(struct out *o, const char *const *cells, int n)
{
	csv_write_record(&o->csv, cells, n, o->delim);
}

static void put_header(struct out *o, const char *const *msgids, int n)
{
	const char *h[32];

	for (int i = 0; i < n && i < 32; i++)
		h[i] = _(msgids[i]);
	put_row(o, h, n);
}

static bool empty(const char *s)
{
	return !s || !*s;
}

static enum kp_status check_dates(struct session *s, const struct export_filter *f)
{
	if (!empty(f->from) && !clock_parse_date(f->from, NULL))
		return session_fail(s, KP_ERR_INVALID, _("--from must be a date YYYY-MM-DD"));
	if (!empty(f->to) && !clock_parse_date(f->to, NULL))
		return session_fail(s, KP_ERR_INVALID, _("--to must be a date YYYY-MM-DD"));
	return KP_OK;
}

static bool in_period(const struct export_filter *f, const char *date)
{
	if (!date)
		return empty(f->from) && empty(f->to);
	if (!empty(f->from) && strncmp(date, f->from, 10) < 0)
		return false;
	if (!empty(f->to) && strncmp(date, f->to, 10) > 0)
		return false;
	return true;
}

/* ---- companies ---- */

static const char *const company_header[] = {
	N_("CVR"), N_("P-number"), N_("Name"), N_("Address"), N_("Postcode"), N_("Town"),
	N_("Municipality"), N_("Industry code"), N_("Size class"), N_("Founded"),
	N_("Target group"), N_("Growth ambition"), N_("Registered"),
};

struct company_ctx {
	struct out *o;
	struct ref_item *groups;
	int ngroups;
};

static const char *growth_word(const char *key)
{
	static const char *const words[][3] = {
		{ "none", "ingen", "none" }, { "moderate", "moderat", "moderate" },
		{ "high", "høj", "high" },
	};

	for (int i = 0; i < 3; i++)
		if (strcmp(key, words[i][0]) == 0)
			return words[i][i18n_is_danish() ? 1 : 2];
	return key;
}

static bool company_row(void *ctx, const char *const *v);

/* export_store_companies' row: values[EXPORT_CO_COUNT] is the company id */
static bool company_store_row(void *ctx, const char *const *v)
{
	struct company_ctx *x = ctx;

	if (!consent_covers(x->o, v[EXPORT_CO_COUNT]))
		return !x->o->failed;
	return company_row(ctx, v);
}

static bool company_row(void *ctx, const char *const *v)
{
	struct company_ctx *x = ctx;
	const char *cells[EXPORT_CO_COUNT];

	memcpy(cells, v, sizeof cells);
	for (int i = 0; i < x->ngroups; i++)
		if (strcmp(x->groups[i].key, v[EXPORT_CO_TARGET_GROUP]) == 0)
			cells[EXPORT_CO_TARGET_GROUP] = refdata_label(&x->groups[i]);
	cells[EXPORT_CO_GROWTH] = growth_word(v[EXPORT_CO_GROWTH]);
	put_row(x->o, cells, EXPORT_CO_COUNT);
	x->o->rows++;
	return true;
}

#define EXPORT_SEARCH_MAX 100000

/* The companies the list's search finds, in its order. */
static enum kp_status export_found(struct session *s, const char *search, struct company_ctx *x)
{
	struct company_hit *hits;
	struct ref_item *munis;
	int n, nmunis;
	enum kp_status st = company_search(s, search, EXPORT_SEARCH_MAX, 0, &hits, &n);

	if (st != KP_OK)
		return st;
	if ((st = refdata_list(s, REF_MUNICIPALITY, &munis, &nmunis)) != KP_OK) {
		company_hits_free(hits, n);
		return st;
	}
	for (int i = 0; i < n && st == KP_OK; i++) {
		struct company c = { 0 };
		char muni[16] = "", founded[16] = "", created[CLOCK_DATE_LEN] = "";
		const char *muni_name = "";
		int found = company_store_get(s->db, hits[i].id, &c);

		if (found < 0)
			st = session_db_fail(s, _("cannot read companies"));
		bool shown = found == 1 && !c.is_prestart && !c.merged_into;

		if (shown && x->o->consent && !company_consent_allows(&c, x->o->consent)) {
			x->o->withheld++;
			shown = false;
		}
		if (shown) {
			snprintf(muni, sizeof muni, "%d", c.municipality_code);
			for (int m = 0; m < nmunis; m++)
				if (strcmp(munis[m].key, muni) == 0)
					muni_name = munis[m].label_da;
			if (c.founded_year)
				snprintf(founded, sizeof founded, "%d", c.founded_year);
			snprintf(created, sizeof created, "%.10s", c.created_at ? c.created_at : "");
			const char *v[EXPORT_CO_COUNT] = {
				[EXPORT_CO_CVR] = c.cvr ? c.cvr : "",
				[EXPORT_CO_PNUMBER] = c.pnumber ? c.pnumber : "",
				[EXPORT_CO_NAME] = c.name, [EXPORT_CO_ADDRESS] = c.address,
				[EXPORT_CO_POSTCODE] = c.postcode, [EXPORT_CO_TOWN] = c.town,
				[EXPORT_CO_MUNICIPALITY] = muni_name,
				[EXPORT_CO_INDUSTRY] = c.industry_code,
				[EXPORT_CO_SIZE] = c.size_class, [EXPORT_CO_FOUNDED] = founded,
				[EXPORT_CO_TARGET_GROUP] = c.target_group,
				[EXPORT_CO_GROWTH] = c.growth_ambition, [EXPORT_CO_CREATED] = created,
			};
			for (int k = 0; k < EXPORT_CO_COUNT; k++)
				if (!v[k])
					v[k] = "";
			company_row(x, v);
		}
		company_finish(&c);
	}
	ref_list_free(munis, nmunis);
	company_hits_free(hits, n);
	return st;
}

static enum kp_status export_companies(struct session *s, const struct export_filter *f,
				       struct out *o)
{
	struct company_ctx x = { .o = o };
	enum kp_status st;

	if ((st = access_require(s, ACT_COMPANY_READ)) != KP_OK)
		return st;
	if (!empty(f->branch) || !empty(f->consultant) || !empty(f->consultant_id) ||
	    !empty(f->status) || !empty(f->partner_type))
		return session_fail(s, KP_ERR_INVALID,
				    _("companies are filtered by --house, --from and --to only"));
	if (!empty(f->house) && !refdata_exists(s, REF_HOUSE, f->house))
		return session_fail(s, KP_ERR_INVALID, _("unknown house %s"), f->house);
	if ((st = refdata_list(s, REF_TARGET_GROUP, &x.groups, &x.ngroups)) != KP_OK)
		return st;
	put_header(o, company_header, EXPORT_CO_COUNT);
	if (!empty(f->search)) {
		if (!empty(f->house) || !empty(f->from) || !empty(f->to))
			st = session_fail(s, KP_ERR_INVALID, "%s",
					  _("a search is exported without --house, --from and --to"));
		else
			st = export_found(s, f->search, &x);
		ref_list_free(x.groups, x.ngroups);
		return st;
	}
	long n = export_store_companies(s->db, empty(f->house) ? NULL : f->house,
					empty(f->from) ? NULL : f->from,
					empty(f->to) ? NULL : f->to, company_store_row, &x);
	ref_list_free(x.groups, x.ngroups);
	if (n < 0 || o->failed)
		return session_db_fail(s, _("cannot read companies"));
	return KP_OK;
}

/* ---- cases and meetings share the case filter ---- */

static enum kp_status case_filter_of(struct session *s, const struct export_filter *f,
				     struct case_filter *cf, char **consultant_id)
{
	struct user u = { 0 };

	memset(cf, 0, sizeof *cf);
	*consultant_id = NULL;
	if (!empty(f->house) && (!s->user.house || strcmp(f->house, s->user.house) != 0))
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: cases are exported for your own house only"));
	if (!empty(f->branch) && !refdata_exists(s, REF_LOCATION, f->branch))
		return session_fail(s, KP_ERR_INVALID, _("unknown branch %s"), f->branch);
	/* a supervisor limited to some locations exports the cases of those */
	if (!empty(f->branch) && access_require_location(s, f->branch) != KP_OK)
		return KP_ERR_DENIED;
	if (!empty(f->status) && strcmp(f->status, "open") != 0) {
		bool known = false;

		for (int i = 0; case_statuses[i]; i++)
			known = known || strcmp(case_statuses[i], f->status) == 0;
		if (!known)
			return session_fail(s, KP_ERR_INVALID, _("unknown case status %s"), f->status);
	}
	if (!empty(f->consultant)) {
		int found = user_store_find_login(s->db, f->consultant, &u);

		if (found <= 0)
			return found < 0 ? session_db_fail(s, _("cannot read users"))
					 : session_fail(s, KP_ERR_INVALID, _("no user with login %s"),
							f->consultant);
		*consultant_id = u.id;
		u.id = NULL;
		user_finish(&u);
	}
	if (!empty(f->partner_type))
		return session_fail(s, KP_ERR_INVALID, "%s",
				    _("the partner type filters referrals only"));
	if (!empty(f->search))
		return session_fail(s, KP_ERR_INVALID, "%s", _("the search text filters companies only"));
	if (!empty(f->consultant_id) && !*consultant_id)
		*consultant_id = xstrdup(f->consultant_id);
	cf->location = empty(f->branch) ? NULL : f->branch;
	cf->status = empty(f->status) ? NULL : f->status;
	cf->consultant_id = *consultant_id;
	return check_dates(s, f);
}

char *export_theme_labels(struct session *s, const char *json)
{
	struct strbuf sb = STRBUF_INIT;
	char **keys;
	int n = case_themes_split(json, &keys);

	for (int i = 0; i < n; i++) {
		char *label = refdata_label_of(s, REF_THEME, keys[i]);

		strbuf_addf(&sb, "%s%s", i ? ", " : "", label);
		free(label);
		free(keys[i]);
	}
	if (n >= 0)
		free(keys);
	return strbuf_detach(&sb);
}

static const char *const case_header[] = {
	N_("Case id"), N_("CVR"), N_("Company"), N_("Title"), N_("Source"), N_("Status"),
	N_("Branch"), N_("Consultant"), N_("Opened"), N_("Closed"), N_("Outcome"),
	N_("Themes"), N_("Last activity"),
};

static void case_row(struct session *s, struct out *o, const struct case_file *c)
{
	char *source = refdata_label_of(s, REF_CASE_SOURCE, c->source);
	char *branch = c->location ? refdata_label_of(s, REF_LOCATION, c->location) : xstrdup("");
	char *themes = export_theme_labels(s, c->themes);
	const char *cells[] = {
		c->id, c->company_cvr ? c->company_cvr : "", c->company_name ? c->company_name : "",
		c->title, source, case_status_label(c->status), branch,
		c->consultant_name ? c->consultant_name : "", c->opened, c->closed ? c->closed : "",
		c->outcome, themes, c->last_activity ? c->last_activity : "",
	};

	put_row(o, cells, 13);
	o->rows++;
	free(source);
	free(branch);
	free(themes);
}

static const char *const meeting_header[] = {
	N_("Case id"), N_("CVR"), N_("Company"), N_("Date"), N_("Place"), N_("Minutes"),
	N_("Participants"), N_("Summary"), N_("Written by"),
};

static enum kp_status case_meetings(struct session *s, struct out *o, const struct case_file *c,
				    const struct export_filter *f)
{
	struct journal_entry *e;
	int n;
	enum kp_status st = journal_list(s, c->id, &e, &n);

	if (st == KP_ERR_DENIED)
		return KP_OK;        /* another consultant's case: not within the user's rights */
	if (st != KP_OK)
		return st;
	for (int i = 0; i < n; i++) {
		char minutes[16] = "";

		if (strcmp(e[i].kind, "meeting") != 0 || !in_period(f, e[i].occurred))
			continue;
		if (e[i].duration_min > 0)
			snprintf(minutes, sizeof minutes, "%d", e[i].duration_min);
		const char *cells[] = {
			c->id, c->company_cvr ? c->company_cvr : "",
			c->company_name ? c->company_name : "", e[i].occurred,
			*e[i].place ? journal_place_label(e[i].place) : "", minutes,
			e[i].participants, e[i].summary, e[i].author_name ? e[i].author_name : "",
		};
		put_row(o, cells, 9);
		o->rows++;
	}
	journal_list_free(e, n);
	return KP_OK;
}

static enum kp_status export_cases(struct session *s, const struct export_filter *f,
				   struct out *o, bool meetings)
{
	struct case_filter cf;
	struct case_file *list = NULL;
	char *consultant_id = NULL;
	int n = 0;
	enum kp_status st;

	if (meetings && (st = access_require(s, ACT_JOURNAL_READ)) != KP_OK)
		return st;
	if ((st = case_filter_of(s, f, &cf, &consultant_id)) != KP_OK)
		goto out;
	if ((st = case_list(s, &cf, &list, &n)) != KP_OK)
		goto out;
	if (meetings)
		put_header(o, meeting_header, 9);
	else
		put_header(o, case_header, 13);
	for (int i = 0; i < n && st == KP_OK; i++) {
		if (!consent_covers(o, list[i].company_id)) {
			if (o->failed)
				st = session_db_fail(s, _("cannot read companies"));
			continue;
		}
		if (meetings)
			st = case_meetings(s, o, &list[i], f);
		else if (in_period(f, list[i].opened))
			case_row(s, o, &list[i]);
	}
out:
	case_list_free(list, n);
	free(consultant_id);
	return st;
}

/* ---- referrals ---- */

static const char *const referral_header[] = {
	N_("Case id"), N_("Company"), N_("Case"), N_("Organisation"), N_("Type"), N_("Contact"),
	N_("Theme"), N_("Reason"), N_("Referred"), N_("Status"), N_("Status date"),
	N_("Follow-up"), N_("Outcome"), N_("Consultant"),
};

static enum kp_status export_referrals(struct session *s, const struct export_filter *f,
				       struct out *o)
{
	struct referral_filter rf = { 0 };
	struct referral *list = NULL;
	struct user u = { 0 };
	int n = 0;
	enum kp_status st = check_dates(s, f);

	if (st != KP_OK)
		return st;
	if (!empty(f->search))
		return session_fail(s, KP_ERR_INVALID, "%s", _("the search text filters companies only"));
	if (!empty(f->consultant)) {
		int found = user_store_find_login(s->db, f->consultant, &u);

		if (found <= 0)
			return found < 0 ? session_db_fail(s, _("cannot read users"))
					 : session_fail(s, KP_ERR_INVALID, _("no user with login %s"),
							f->consultant);
		rf.consultant_id = u.id;
	}
	if (!empty(f->consultant_id))
		rf.consultant_id = f->consultant_id;
	rf.organisation_type = empty(f->partner_type) ? NULL : f->partner_type;
	rf.house = empty(f->house) ? NULL : f->house;
	rf.location = empty(f->branch) ? NULL : f->branch;
	rf.status = empty(f->status) ? NULL : f->status;
	rf.from = empty(f->from) ? NULL : f->from;
	rf.to = empty(f->to) ? NULL : f->to;
	st = referral_overview(s, &rf, &list, &n);
	if (st == KP_OK) {
		put_header(o, referral_header, 14);
		for (int i = 0; i < n; i++) {
			struct referral *r = &list[i];

			if (!case_consent_covers(o, r->case_id)) {
				if (o->failed) {
					st = session_db_fail(s, _("cannot read companies"));
					break;
				}
				continue;
			}
			char *theme = *r->theme ? refdata_label_of(s, REF_THEME, r->theme) : xstrdup("");
			char *type = refdata_label_of(s, REF_PARTNER_TYPE, r->organisation_type);
			const char *cells[] = {
				r->case_id, r->company_name, r->case_title, r->organisation_name, type,
				r->contact_name, theme, r->reason, r->referred_on,
				referral_status_label(r->status), r->status_on,
				r->follow_up ? r->follow_up : "", r->outcome, r->consultant_name,
			};

			put_row(o, cells, 14);
			o->rows++;
			free(theme);
			free(type);
		}
	}
	referral_list_free(list, n);
	user_finish(&u);
	return st;
}

/* ---- the file ---- */

enum kp_status export_build(struct session *s, enum export_kind k, const struct export_filter *f,
			    const struct export_options *opt, struct strbuf *out,
			    struct export_result *res)
{
	struct out o = { .csv = STRBUF_INIT, .delim = opt->delimiter ? opt->delimiter : ';',
			 .s = s, .consent = empty(f->consent) ? NULL : f->consent };
	size_t base = out->len;
	enum kp_status st;

	memset(res, 0, sizeof *res);
	if (o.consent && strcmp(o.consent, "sharing") != 0 && strcmp(o.consent, "newsletter") != 0) {
		st = session_fail(s, KP_ERR_INVALID, _("the consent scope is sharing or newsletter"));
		goto out;
	}
	if (k < EXPORT_CASELOAD && (st = export_list_refuse_extra(s, k, f)) != KP_OK)
		goto out;
	if (k >= EXPORT_CASELOAD && o.consent) {
		st = session_fail(s, KP_ERR_INVALID, "%s",
				  _("--consent applies to companies, cases, meetings and referrals"));
		goto out;
	}
	if (k >= EXPORT_CASELOAD)
		st = export_list_build(s, k, f, &o.csv, o.delim, &o.rows);
	else if (k == EXPORT_COMPANIES)
		st = check_dates(s, f) == KP_OK ? export_companies(s, f, &o) : KP_ERR_INVALID;
	else if (k == EXPORT_REFERRALS)
		st = export_referrals(s, f, &o);
	else
		st = export_cases(s, f, &o, k == EXPORT_MEETINGS);
	if (st != KP_OK)
		goto out;
	res->rows = o.rows;
	res->withheld = o.withheld;
	if (!charset_encode(opt->charset, o.csv.buf ? o.csv.buf : "", o.csv.len, true,
			    opt->strict, out, &res->rep)) {
		st = session_fail(s, KP_ERR_INVALID, "%s", res->rep.error);
		goto out;
	}
	/* the audit entry: who exported what, never the data itself */
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	/* the scope of the export: every filter given, never the search text */
	struct strbuf scope = STRBUF_INIT;
	const char *const extra[][2] = {
		{ "type", f->partner_type }, { "theme", f->theme }, { "area", f->area },
		{ "by", f->actor }, { "action", f->action }, { "record", f->record },
		{ "sort", f->sort },
	};

	strbuf_addstr(&scope, "");
	if (f->idle)
		strbuf_addstr(&scope, " idle=1");
	if (f->overdue)
		strbuf_addstr(&scope, " overdue=1");
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (!empty(extra[i][1]))
			strbuf_addf(&scope, " %s=%s", extra[i][0], extra[i][1]);
	bool recorded = audit_record(s, "export.list", export_kind_name(k), "",
			  "rows=%ld encoding=%s house=%s branch=%s consultant=%s status=%s "
			  "from=%s to=%s consent=%s withheld=%ld%s", o.rows, charset_name(opt->charset),
			  f->house ? f->house : "", f->branch ? f->branch : "",
			  f->consultant ? f->consultant : (f->consultant_id ? f->consultant_id : ""),
			  f->status ? f->status : "",
			  f->from ? f->from : "", f->to ? f->to : "",
			  o.consent ? o.consent : "", o.withheld, strbuf_str(&scope));
	strbuf_finish(&scope);
	if (!recorded) {
		db_rollback(s->db);
		st = KP_ERR_DB;
		goto out;
	}
	if (!db_commit(s->db))
		st = session_db_fail(s, _("cannot record the export"));
out:
	if (st != KP_OK && out->len > base) {
		out->len = base;
		out->buf[base] = '\0';
	}
	strbuf_finish(&o.csv);
	return st;
}
