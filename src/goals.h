/* The national goals I-VII of the agreement (DESIGN.md §4) for a house or
 * one of its locations and a period, each actual beside its target; and
 * the register extract (one row per served CVR).
 *
 * Definitions (also in doc/knudepunkt.1, "report goals"):
 *   served      a case with at least one meeting dated in the period; a
 *               company (or pre-start person) is served when one of its
 *               cases is. Companies merged into another count as that one.
 *   I           served companies by target group and by growth ambition
 *   II, III     evaluations answered in the period (src/evaluation.h)
 *   IV          referrals made in the period, by destination, type and status
 *   V           served companies and meetings by target group and by theme
 *               (a meeting counts under every theme of its case)
 *   VI          served cases with a digital theme (theme.digital), their
 *               companies and meetings
 *   VII         cases opened in the period: all, with CVR, pre-start,
 *               referred by a municipality
 * Scope is the case's current location. */
#ifndef KP_GOALS_H
#define KP_GOALS_H

#include "db/evaluation_store.h"
#include "db/goals_store.h"
#include "src/evaluation.h"
#include "src/status.h"
#include "src/target.h"

#include <stdbool.h>

struct session;

struct period {
	int year;                   /* the year whose targets apply */
	char from[11];              /* inclusive */
	char to[11];                /* exclusive */
	char last[11];              /* inclusive end, for display */
};

/* "2026", "2026-Q3" (or 2026Q3), "2026-03-01..2026-05-31" (inclusive, one
 * calendar year). */
enum kp_status goals_period_parse(struct session *s, const char *text, struct period *out);
bool goals_period_year(int year, struct period *out);
bool goals_period_quarter(int year, int quarter, struct period *out);

struct goal_bucket {
	char *key;                  /* target group, growth, theme, ... key ("" = not set) */
	int companies;
	int cases;
	int meetings;
};

struct goal_buckets {
	struct goal_bucket *items;
	int n;
};

struct goals {
	char *house;                /* NULL: every house */
	char *location;             /* NULL: the whole house; else one location
				     * key, or several separated by commas (a
				     * supervisor's scope, all together) */
	struct period period;
	/* I */
	int served_companies;
	int served_cases;
	struct goal_buckets by_target_group;   /* companies, cases, meetings */
	struct goal_buckets by_growth;         /* companies */
	/* II, III */
	struct eval_counts evals;
	struct nps nps;
	struct effect_share effect;
	/* IV: as knudepunkt report referrals counts them: a case's referrals
	 * to one destination count once, with the furthest status reached;
	 * pairs whose referrals were all withdrawn only as withdrawn */
	int referrals;
	int referrals_withdrawn;
	struct goal_buckets referrals_by_type;        /* cases = referrals */
	struct goal_buckets referrals_by_destination; /* key: organisation name */
	struct goal_buckets referrals_by_status;      /* proposed .. declined */
	/* V */
	int meetings;
	struct goal_buckets by_theme;          /* companies, cases, meetings */
	/* VI */
	int digital_cases, digital_companies, digital_meetings;
	/* VII */
	struct registrations registered;
	/* actual beside target, per metric */
	double actual[METRIC_COUNT];
	bool has_actual[METRIC_COUNT];         /* false: no answers (NPS, effect with n = 0) */
	struct target_set targets;
};

/* The house and location a report covers ("" = every house / the whole
 * house). */
struct goals_where {
	char house[48];
	char location[512];         /* one key, or a scope's keys with commas */
};

/* Resolves the scope the acting user may report on: a location implies
 * its house; supervisors report on their own house only (no house means
 * theirs); administrators on any (none: every house). A supervisor limited
 * to some locations reports on one of them, or by default on all of them
 * together (location = the scope's keys, comma-separated): the union,
 * each case counted once, each company once. The targets of several
 * locations together are the national ones (targets are set per house or
 * per location). */
enum kp_status goals_resolve_scope(struct session *s, const char *house, const char *location,
			   struct goals_where *out);

/* Computes every goal (ACT_REPORT). out is zeroed first; goals_finish
 * frees it. */
enum kp_status goals_compute(struct session *s, const char *house, const char *location,
			     const struct period *p, struct goals *out);
void goals_finish(struct goals *g);

/* One row of the register extract. Strings borrowed during the callback. */
struct extract_row {
	const char *cvr;
	int year;
	const char *houses;         /* ";"-separated house keys */
	const char *first, *last;   /* first and last meeting in the year */
	int meetings;
	const char *themes;         /* ";"-separated theme keys, sorted */
	const char *target_group;
	const char *referrals;      /* ";"-separated destination organisations */
	bool evaluated;
};
typedef void (*extract_row_fn)(void *ctx, const struct extract_row *r);

/* The register extract of a year for a house (scope as goals_resolve_scope);
 * rows by CVR. Returns the number of rows in *n. */
enum kp_status goals_extract(struct session *s, const char *house, int year,
			     extract_row_fn fn, void *ctx, int *n);

/* "I".."VII" and a translated title for each goal, for screens and reports. */
const char *goals_title(int goal);         /* goal 1..7 */

#endif
