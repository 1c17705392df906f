/* Caseload review. The store returns every open case of the scope; the
 * filtering and sorting happen here, so a screen re-sorts without asking
 * the database again. The company of a case is read only when the sort
 * needs it or the caller asks (caseload_fill for the rows on screen). */
#include "src/caseload.h"
#include "db/ref_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDLE_SETTING "caseload.idle_days"

int caseload_idle_days(struct session *s)
{
	char *v = db_setting_get(s->db, IDLE_SETTING);
	int days = v ? atoi(v) : 0;

	free(v);
	return days >= 1 && days <= 365 ? days : CASELOAD_IDLE_DEFAULT;
}

enum kp_status caseload_set_idle_days(struct session *s, int days)
{
	enum kp_status st = access_require(s, ACT_CASE_REASSIGN);
	char value[16];
	int old = caseload_idle_days(s);

	if (st != KP_OK)
		return st;
	if (days < 1 || days > 365)
		return session_fail(s, KP_ERR_INVALID,
				    _("days without activity must be from 1 to 365, not %d"), days);
	snprintf(value, sizeof value, "%d", days);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot save the setting"));
	if (!db_setting_set(s->db, IDLE_SETTING, value))
		st = session_db_fail(s, _("cannot save the setting"));
	else if (!audit_record(s, "setting.set", "setting", IDLE_SETTING, "%d -> %d", old, days))
		st = KP_ERR_DB;
	if (st != KP_OK)
		db_rollback(s->db);
	else if (!db_commit(s->db))
		st = session_db_fail(s, _("cannot save the setting"));
	return st;
}

const char *caseload_sort_label(enum caseload_sort key)
{
	switch (key) {
	case CASELOAD_SORT_OPENED: return _("opened");
	case CASELOAD_SORT_IDLE: return _("days idle");
	case CASELOAD_SORT_COMPANY: return _("company");
	case CASELOAD_SORT_CONSULTANT: return _("consultant");
	case CASELOAD_SORT_STATUS: return _("status");
	default: return "?";
	}
}

static const char *const sort_keys[CASELOAD_SORT_COUNT] = {
	"opened", "idle", "company", "consultant", "status",
};

const char *caseload_sort_key(enum caseload_sort key)
{
	return key >= 0 && key < CASELOAD_SORT_COUNT ? sort_keys[key] : "opened";
}

bool caseload_sort_parse(const char *key, enum caseload_sort *out)
{
	for (int k = 0; k < CASELOAD_SORT_COUNT; k++)
		if (key && strcmp(key, sort_keys[k]) == 0) {
			*out = (enum caseload_sort)k;
			return true;
		}
	return false;
}

static int status_rank(const char *st)
{
	return strcmp(st, "new") == 0 ? 0 : strcmp(st, "assigned") == 0 ? 1 : 2;
}

static enum caseload_sort sort_key;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct caseload_row *a = pa, *b = pb;
	int c = 0;

	switch (sort_key) {
	case CASELOAD_SORT_IDLE:
		c = (b->idle_days > a->idle_days) - (b->idle_days < a->idle_days);
		break;
	case CASELOAD_SORT_COMPANY:
		c = strcoll(a->company_name, b->company_name);
		break;
	case CASELOAD_SORT_CONSULTANT:
		c = strcoll(a->consultant_name, b->consultant_name);
		break;
	case CASELOAD_SORT_STATUS:
		c = status_rank(a->status) - status_rank(b->status);
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(a->opened, b->opened);
	return c != 0 ? c : strcmp(a->case_id, b->case_id);
}

void caseload_sort(struct caseload_row *rows, int n, enum caseload_sort key, bool descending)
{
	sort_key = key;
	if (n > 1)
		qsort(rows, (size_t)n, sizeof *rows, cmp_rows);
	for (int i = 0; descending && i < n / 2; i++) {
		struct caseload_row t = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = t;
	}
}

/* Days since 1970-01-01 of a YYYY-MM-DD prefix (the civil-calendar
 * arithmetic of H. Hinnant's days_from_civil), or LONG_MIN when the text
 * is no date: thousands of rows per list, so no sscanf or timegm here. */
static long day_number(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (!s[i] || (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
			return LONG_MIN;
	long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	long m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');

	y -= m <= 2;
	long era = y / 400, yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void compute_ages(struct caseload_row *rows, int n)
{
	char today[CLOCK_DATE_LEN];
	long now;

	clock_today(today);
	now = day_number(today);
	for (int i = 0; i < n; i++) {
		struct caseload_row *r = &rows[i];
		long opened = day_number(r->opened);
		long since = *r->last_activity ? day_number(r->last_activity) : opened;

		r->age_days = opened == LONG_MIN ? -1 : now - opened;
		r->idle_days = since == LONG_MIN ? -1 : now - since;
	}
}

static bool keep(const struct caseload_row *r, const struct caseload_filter *f, int idle_days)
{
	if (f->status && *f->status && strcmp(r->status, f->status) != 0)
		return false;
	if (f->consultant_id && *f->consultant_id && strcmp(r->consultant_id, f->consultant_id) != 0)
		return false;
	if (f->only_idle && r->idle_days < idle_days)
		return false;
	if (f->only_overdue && r->overdue == 0)
		return false;
	return true;
}

/* The scope the user may see: which query and its key. */
static enum kp_status pick_scope(struct session *s, const struct caseload_filter *f,
				 enum caseload_by *by, const char **key)
{
	bool supervisor = strcmp(s->user.role, "supervisor") == 0;

	if (!supervisor) {
		/* consultants review their own caseload only */
		if ((f->consultant_id && *f->consultant_id && strcmp(f->consultant_id, s->user.id))
		    || (f->location && *f->location && strcmp(f->location, s->user.location)))
			return session_fail(s, KP_ERR_DENIED,
					    _("permission denied: a consultant sees only their own caseload"));
		*by = CASELOAD_CONSULTANT;
		*key = s->user.id;
		return KP_OK;
	}
	if (f->location && *f->location) {
		char *h = ref_store_location_house(s->db, f->location);
		bool known = h != NULL, own = h && strcmp(h, s->user.house) == 0;

		free(h);
		if (!known)
			return session_fail(s, KP_ERR_INVALID, _("no location with key %s"),
					    f->location);
		if (!own)
			return session_fail(s, KP_ERR_DENIED,
					    _("permission denied: %s is not in your house"), f->location);
		if (access_require_location(s, f->location) != KP_OK)
			return KP_ERR_DENIED;
		*by = CASELOAD_LOCATION;
		*key = f->location;
		return KP_OK;
	}
	if (f->consultant_id && *f->consultant_id) {
		*by = CASELOAD_CONSULTANT;   /* rows outside the house are dropped below */
		*key = f->consultant_id;
		return KP_OK;
	}
	*by = CASELOAD_HOUSE;
	*key = s->user.house;
	return KP_OK;
}

enum kp_status caseload_list(struct session *s, const struct caseload_filter *f,
			     struct caseload_row **out, int *n)
{
	enum kp_status st = access_require(s, ACT_CASELOAD);
	int idle = f->idle_days > 0 ? f->idle_days : caseload_idle_days(s);
	enum caseload_by by = CASELOAD_HOUSE;
	const char *key = NULL;
	int total, kept = 0;

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	st = pick_scope(s, f, &by, &key);
	if (st != KP_OK)
		return st;
	char today[CLOCK_DATE_LEN];
	clock_today(today);
	total = caseload_store_list(s->db, by, key, today,
				    f->details || f->sort == CASELOAD_SORT_COMPANY, out);
	if (total < 0)
		return session_db_fail(s, _("cannot read the caseload"));
	compute_ages(*out, total);
	for (int i = 0; i < total; i++) {
		struct caseload_row *r = &(*out)[i];
		bool in_house = true;

		if (by == CASELOAD_CONSULTANT && strcmp(s->user.role, "supervisor") == 0) {
			char *h = *r->location ? ref_store_location_house(s->db, r->location) : NULL;

			in_house = h && strcmp(h, s->user.house) == 0;
			free(h);
		}
		/* a supervisor with a location scope sees those locations only */
		in_house = in_house && access_location_in_scope(&s->user, r->location);
		if (in_house && keep(r, f, idle))
			(*out)[kept++] = *r;
		else
			caseload_row_finish(r);
	}
	*n = kept;
	caseload_sort(*out, kept, f->sort, f->descending);
	return KP_OK;
}

enum kp_status caseload_fill(struct session *s, struct caseload_row *rows, int n, int from,
			     int count)
{
	for (int i = from < 0 ? 0 : from; i < n && i < from + count; i++) {
		struct caseload_row *r = &rows[i];

		if (r->company_name)
			continue;
		if (caseload_store_fill(s->db, r) < 0)
			return session_db_fail(s, _("cannot read the caseload"));
		if (!r->company_name) {       /* the case went meanwhile */
			r->company_name = xstrdup("");
			r->cvr = xstrdup("");
			r->title = xstrdup("");
		}
	}
	return KP_OK;
}

static int cmp_summary(const void *pa, const void *pb)
{
	const struct caseload_summary *a = pa, *b = pb;

	return strcoll(a->consultant_name, b->consultant_name);
}

static size_t hash_str(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The summary of consultant id in out[0..*count), added when new. slots
 * is an open-addressing table of indexes + 1 into out, of size cap (a
 * power of two above twice the consultants): a house has thousands of
 * open cases and dozens of consultants, so no linear search per row. */
static struct caseload_summary *summary_of(struct caseload_summary **out, int *count, int **slots,
					   size_t *cap, const struct caseload_row *r)
{
	size_t i;

	if ((size_t)(*count + 1) * 2 > *cap) {
		size_t bigger = *cap ? *cap * 2 : 64;

		free(*slots);
		*slots = xcalloc(bigger, sizeof **slots);
		*cap = bigger;
		for (int k = 0; k < *count; k++) {
			for (i = hash_str((*out)[k].consultant_id) & (bigger - 1); (*slots)[i];
			     i = (i + 1) & (bigger - 1))
				;
			(*slots)[i] = k + 1;
		}
	}
	for (i = hash_str(r->consultant_id) & (*cap - 1); (*slots)[i]; i = (i + 1) & (*cap - 1))
		if (strcmp((*out)[(*slots)[i] - 1].consultant_id, r->consultant_id) == 0)
			return &(*out)[(*slots)[i] - 1];
	*out = xrealloc(*out, (size_t)(*count + 1) * sizeof **out);
	(*out)[*count] = (struct caseload_summary){
		.consultant_id = xstrdup(r->consultant_id),
		.consultant_name = xstrdup(r->consultant_name),
		.inactive = r->consultant_inactive,
	};
	(*slots)[i] = ++*count;
	return &(*out)[*count - 1];
}

void caseload_summarise(const struct caseload_row *rows, int n, int idle_days,
			struct caseload_summary **out, int *count)
{
	int *slots = NULL;
	size_t cap = 0;

	*out = NULL;
	*count = 0;
	for (int i = 0; i < n; i++) {
		const struct caseload_row *r = &rows[i];
		struct caseload_summary *sum = summary_of(out, count, &slots, &cap, r);

		sum->total++;
		if (strcmp(r->status, "new") == 0)
			sum->new_cases++;
		else if (strcmp(r->status, "assigned") == 0)
			sum->assigned++;
		else
			sum->active++;
		if (r->idle_days >= idle_days)
			sum->idle++;
		if (r->overdue > 0)
			sum->overdue++;
	}
	free(slots);
	if (*count > 1)
		qsort(*out, (size_t)*count, sizeof **out, cmp_summary);
}

void caseload_summary_free(struct caseload_summary *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].consultant_id);
		free(list[i].consultant_name);
	}
	free(list);
}

char *caseload_consultant_label(const char *name, bool inactive, int cols)
{
	if (!name || !*name)
		return xstrdup(_("(unassigned)"));
	if (!inactive)
		return xstrdup(name);
	char *marker = xasprintf(_("%s (inactive)"), "");
	int room = cols - (int)text_width(marker);
	char *fitted = cols > 0 && room > 0 ? text_fit(name, (size_t)room, false) : xstrdup(name);
	char *label = xasprintf(_("%s (inactive)"), fitted);

	free(fitted);
	free(marker);
	return label;
}

enum kp_status caseload_queue(struct session *s, const char *location,
			      struct caseload_row **out, int *n)
{
	enum kp_status st = access_require(s, ACT_CASE_LIST);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	if (location && *location) {
		char *h = ref_store_location_house(s->db, location);
		bool known = h != NULL, own = h && strcmp(h, s->user.house) == 0;

		free(h);
		if (!known)
			return session_fail(s, KP_ERR_INVALID, _("no location with key %s"), location);
		if (!own)
			return session_fail(s, KP_ERR_DENIED,
					    _("permission denied: %s is not in your house"), location);
		if (access_require_location(s, location) != KP_OK)
			return KP_ERR_DENIED;
	} else {
		location = NULL;
	}
	char today[CLOCK_DATE_LEN];
	clock_today(today);
	*n = caseload_store_queue(s->db, s->user.house, location, today, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read the queue"));
	}
	compute_ages(*out, *n);
	if (access_user_scoped(&s->user)) {
		int kept = 0;

		for (int i = 0; i < *n; i++) {
			if (access_location_in_scope(&s->user, (*out)[i].location))
				(*out)[kept++] = (*out)[i];
			else
				caseload_row_finish(&(*out)[i]);
		}
		*n = kept;
	}
	return KP_OK;
}

/* The consultant's home location, for a reassignment that names no
 * location. Caller frees; NULL with the session message set. */
static char *home_location(struct session *s, const char *consultant_id)
{
	struct user u = { 0 };
	int found = user_store_get(s->db, consultant_id, &u);
	char *loc;

	if (found < 0) {
		session_db_fail(s, _("cannot read users"));
		return NULL;
	}
	if (!found) {
		session_fail(s, KP_ERR_INVALID, _("no such consultant"));
		return NULL;
	}
	loc = u.location;
	u.location = NULL;
	user_finish(&u);
	return loc;
}

enum kp_status caseload_reassign(struct session *s, const char *const *case_ids, int n,
				 const char *location, const char *consultant_id,
				 const char *reason)
{
	enum kp_status st = access_require(s, ACT_CASE_REASSIGN);
	char *home = NULL;
	char *why;

	if (st != KP_OK)
		return st;
	if (n <= 0)
		return session_fail(s, KP_ERR_INVALID, _("mark at least one case to reassign"));
	if ((!location || !*location) && (!consultant_id || !*consultant_id))
		return session_fail(s, KP_ERR_INVALID, _("choose a consultant or a branch to reassign to"));
	why = xstrdup(reason);
	text_trim(why);
	if (!*why) {
		free(why);
		return session_fail(s, KP_ERR_INVALID, _("give a reason for the reassignment"));
	}
	if (!location || !*location) {
		home = home_location(s, consultant_id);
		if (!home) {
			free(why);
			return KP_ERR_INVALID;
		}
		location = home;
	}
	if (!db_begin(s->db)) {
		free(home);
		free(why);
		return session_db_fail(s, _("cannot reassign"));
	}
	for (int i = 0; i < n && st == KP_OK; i++) {
		struct case_file c = { 0 };
		int found = case_store_get(s->db, case_ids[i], &c);

		/* reassignment is a supervisor's act on a case of their house */
		if (found < 0)
			st = session_db_fail(s, _("cannot read cases"));
		else if (!found)
			st = session_fail(s, KP_ERR_NOT_FOUND, _("no case with id %s"), case_ids[i]);
		else
			st = access_require_case(s, ACT_CASE_REASSIGN, c.location, c.house, c.consultant_id);
		if (st == KP_OK)
			st = case_assign(s, case_ids[i], location, consultant_id, why);
		if (st != KP_OK && found > 0 && n > 1) {
			char msg[sizeof s->msg];

			snprintf(msg, sizeof msg, "%s", s->msg);
			session_fail(s, st, _("case %s (%s): %s"), c.title && *c.title ? c.title : c.id,
				     c.company_name ? c.company_name : "", msg);
		}
		case_finish(&c);
	}
	if (st != KP_OK)
		db_rollback(s->db);
	else if (!db_commit(s->db))
		st = session_db_fail(s, _("cannot reassign"));
	free(home);
	free(why);
	return st;
}
