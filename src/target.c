/* Targets per house, location, year and goal metric. The metric table
 * (GOAL_METRICS) is the one place that names the metrics; the dashboard,
 * the report and the targets screen all read it. */
#include "src/target.h"
#include "db/ref_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/session.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *goal, *label;
	double lo, hi, national;
} metrics[METRIC_COUNT] = {
#define METRIC_ROW(e, k, g, l, lo_, hi_, nat) [e] = { k, g, l, lo_, hi_, nat },
	GOAL_METRICS(METRIC_ROW)
#undef METRIC_ROW
};

const char *target_metric_key(enum goal_metric m)
{
	return (unsigned)m < METRIC_COUNT ? metrics[m].key : "?";
}

const char *target_metric_goal(enum goal_metric m)
{
	return (unsigned)m < METRIC_COUNT ? metrics[m].goal : "?";
}

const char *target_metric_label(enum goal_metric m)
{
	return (unsigned)m < METRIC_COUNT ? _(metrics[m].label) : "?";
}

double target_metric_national(enum goal_metric m)
{
	return (unsigned)m < METRIC_COUNT ? metrics[m].national : -1;
}

enum goal_metric target_metric_parse(const char *key)
{
	for (int m = 0; m < METRIC_COUNT && key; m++)
		if (strcmp(metrics[m].key, key) == 0)
			return (enum goal_metric)m;
	return METRIC_COUNT;
}

/* The house exists, the location (if any) is in it, and the acting user
 * may act on it: supervisors their own house, administrators any. */
static enum kp_status check_scope(struct session *s, const char *house, const char *location)
{
	int known = ref_store_exists(s->db, REF_HOUSE, house ? house : "");

	if (known < 0)
		return session_db_fail(s, _("cannot read houses"));
	if (!known)
		return session_fail(s, KP_ERR_INVALID, _("no house with key %s"), house ? house : "");
	if (location && *location) {
		char *h = ref_store_location_house(s->db, location);
		bool ok = h && strcmp(h, house) == 0;

		free(h);
		if (!ok)
			return session_fail(s, KP_ERR_INVALID, _("%s is not a location of %s"),
					    location, house);
	}
	if (strcmp(s->user.role, "admin") != 0 && strcmp(s->user.house, house) != 0)
		return session_fail(s, KP_ERR_DENIED,
				    _("permission denied: %s is not your house"), house);
	return KP_OK;
}

enum kp_status target_set(struct session *s, const char *house, const char *location, int year,
			  const char *metric, double value)
{
	enum goal_metric m = target_metric_parse(metric);
	enum kp_status st = access_require(s, ACT_TARGET_WRITE);
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	bool inserted = false;
	double old = 0;

	if (st != KP_OK)
		return st;
	if (m == METRIC_COUNT)
		return session_fail(s, KP_ERR_INVALID, _("unknown goal metric %s"),
				    metric ? metric : "");
	if (year < 2019 || year > 2100)
		return session_fail(s, KP_ERR_INVALID, _("year must be from 2019 to 2100, not %d"),
				    year);
	if (!isfinite(value) || value < metrics[m].lo || value > metrics[m].hi)
		return session_fail(s, KP_ERR_INVALID, _("a target for %s must be from %g to %g"),
				    _(metrics[m].label), metrics[m].lo, metrics[m].hi);
	if (location && !*location)
		location = NULL;
	st = check_scope(s, house, location);
	if (st != KP_OK)
		return st;
	uuid_generate(id);
	clock_timestamp(now);
	struct target t = {
		.id = id, .house = (char *)house, .location = (char *)location, .year = year,
		.metric = (char *)metrics[m].key, .value = value, .set_at = now,
		.set_by = s->user.id,
	};
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot save the target"));
	if (!target_store_set(s->db, &t, &inserted, &old)) {
		st = session_db_fail(s, _("cannot save the target"));
	} else {
		bool ok = inserted
			? audit_record(s, "target.set", "target", id, "%s/%s %d %s = %g", house,
				       location ? location : "-", year, metrics[m].key, value)
			: audit_record(s, "target.set", "target", id, "%s/%s %d %s: %g -> %g",
				       house, location ? location : "-", year, metrics[m].key, old,
				       value);
		if (!ok)
			st = KP_ERR_DB;
	}
	if (st != KP_OK)
		db_rollback(s->db);
	else if (!db_commit(s->db))
		st = session_db_fail(s, _("cannot save the target"));
	return st;
}

enum kp_status target_get(struct session *s, const char *house, const char *location, int year,
			  struct target_set *out)
{
	struct target *list = NULL;
	enum kp_status st = access_require(s, ACT_REPORT);
	int n;

	for (int m = 0; m < METRIC_COUNT; m++) {
		out->value[m] = metrics[m].national;
		out->source[m] = metrics[m].national >= 0 ? TARGET_NATIONAL : TARGET_NONE;
	}
	if (st != KP_OK)
		return st;
	n = target_store_list(s->db, year, house ? house : "", location, &list);
	if (n < 0)
		return session_db_fail(s, _("cannot read targets"));
	for (int i = 0; i < n; i++) {
		enum goal_metric m = target_metric_parse(list[i].metric);

		if (m == METRIC_COUNT)
			continue;   /* a metric from a newer version: kept, not shown */
		out->value[m] = list[i].value;
		out->source[m] = TARGET_SET;
	}
	target_list_free(list, n);
	return KP_OK;
}
