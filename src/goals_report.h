/* The goals I-VII as text (the annual report, with bar charts of actual
 * against target) and as CSV rows (goal;metric;key;label;actual;target;n).
 * Builds into a strbuf; the caller prints or writes it. */
#ifndef KP_GOALS_REPORT_H
#define KP_GOALS_REPORT_H

#include "src/goals.h"

#include <stdbool.h>

struct session;
struct strbuf;

/* Text for a terminal of width columns (at least 60); ascii: bars and
 * dashes without Unicode. */
void goals_report_text(struct session *s, const struct goals *g, int width, bool ascii,
		       struct strbuf *out);
void goals_report_csv(struct session *s, const struct goals *g, char delim, struct strbuf *out);

/* The display forms of a metric's actual and target ("+16.7", "80.0 %",
 * "3"; "-" when there is none). out has room for 32 bytes. */
void goals_format_actual(const struct goals *g, enum goal_metric m, char out[32]);
void goals_format_target(const struct goals *g, enum goal_metric m, char out[32]);
/* Actual as a fraction of target for a bar (0 when there is no target). */
double goals_fraction(const struct goals *g, enum goal_metric m);

/* Label of a bucket key of the given kind (target group, growth, theme);
 * translated, caller frees. */
enum goals_key_kind {
	GOALS_KEY_TARGET_GROUP, GOALS_KEY_GROWTH, GOALS_KEY_THEME, GOALS_KEY_PARTNER_TYPE,
	GOALS_KEY_REFERRAL_STATUS, GOALS_KEY_PLAIN,
};
char *goals_key_label(struct session *s, enum goals_key_kind kind, const char *key);
/* "Erhvervshus Midtjylland", "Herning (Erhvervshus Midtjylland)" or
 * "all houses"; caller frees. */
char *goals_scope_label(struct session *s, const struct goals *g);

#endif
