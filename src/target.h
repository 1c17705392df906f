/* Result-contract targets: each year a supervisor sets, for the house and
 * optionally for one of its locations, a target per goal metric. NPS and
 * effect have national targets (60 and 70 %) that apply where none is set. */
#ifndef KP_TARGET_H
#define KP_TARGET_H

#include "db/target_store.h"
#include "src/i18n.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

/* enum, key, goal, label, minimum, maximum, national target (<0: none) */
#define GOAL_METRICS(X) \
	X(METRIC_SERVED,       "served_companies",   "I",   N_("companies served"),             0, 1e9, -1) \
	X(METRIC_NPS,          "nps",                "II",  N_("net promoter score"),        -100, 100,  60) \
	X(METRIC_EFFECT,       "effect",             "III", N_("positive effect (%)"),          0, 100,  70) \
	X(METRIC_REFERRALS,    "referrals",          "IV",  N_("referrals to the network"),     0, 1e9, -1) \
	X(METRIC_MEETINGS,     "meetings",           "V",   N_("guidance meetings"),            0, 1e9, -1) \
	X(METRIC_DIGITAL,      "digital_cases",      "VI",  N_("digital-transformation cases"), 0, 1e9, -1) \
	X(METRIC_REGISTERED,   "registered_cases",   "VII", N_("cases registered"),             0, 1e9, -1) \
	X(METRIC_MUNICIPALITY, "municipality_cases", "VII", N_("cases referred by municipalities"), 0, 1e9, -1)

enum goal_metric {
#define METRIC_ENUM(e, key, goal, label, lo, hi, national) e,
	GOAL_METRICS(METRIC_ENUM)
#undef METRIC_ENUM
	METRIC_COUNT
};

const char *target_metric_key(enum goal_metric m);
const char *target_metric_goal(enum goal_metric m);       /* "I".."VII" */
const char *target_metric_label(enum goal_metric m);      /* translated */
double target_metric_national(enum goal_metric m);        /* < 0: none */
/* METRIC_COUNT when key is unknown. */
enum goal_metric target_metric_parse(const char *key);

enum target_source { TARGET_NONE, TARGET_NATIONAL, TARGET_SET };

/* The targets in force for a year and a house (location NULL) or one of
 * its locations: value[m] and source[m] for every metric. */
struct target_set {
	double value[METRIC_COUNT];
	enum target_source source[METRIC_COUNT];
};

/* Sets the target (supervisors, own house; location must belong to house).
 * Validates year 2019..2100 and the metric's range; audited. */
enum kp_status target_set(struct session *s, const char *house, const char *location, int year,
			  const char *metric, double value);
/* Reads the targets in force (ACT_REPORT). */
enum kp_status target_get(struct session *s, const char *house, const char *location, int year,
			  struct target_set *out);

#endif
