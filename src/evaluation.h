/* The company's evaluation of a closed case, and the two figures built
 * from evaluations (national goals II and III):
 *   NPS    = % promoters (9-10) - % detractors (0-6) of the answered scores;
 *   effect = yes / (yes + no), with "don't know" reported apart.
 * Every figure carries its n; with n = 0 there is no figure. */
#ifndef KP_EVALUATION_H
#define KP_EVALUATION_H

#include "db/evaluation_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

struct nps {
	int promoters, passives, detractors;
	int n;                  /* scores answered */
	double score;           /* -100..100; meaningless when n = 0 */
};

struct effect_share {
	int yes, no, dont_know;
	int n;                  /* yes + no */
	double pct;             /* 0..100; meaningless when n = 0 */
};

void evaluation_nps(const struct eval_counts *c, struct nps *out);
void evaluation_effect(const struct eval_counts *c, struct effect_share *out);

/* Records e for a closed case: recommend 0..10 or -1 (unanswered), effect
 * yes / no / dont_know or NULL, at least one answered; answered a date not
 * before the case closed nor in the future (empty: today); comment
 * optional. A case is evaluated once. Text that looks like a CPR number is
 * refused unless allow_cpr (the UI asks first). Sets e->id and the
 * created fields (caller-owned, freed by evaluation_finish). */
enum kp_status evaluation_record(struct session *s, struct evaluation *e, bool allow_cpr);
enum kp_status evaluation_list(struct session *s, const char *case_id,
			       struct evaluation **out, int *n);

extern const char *const evaluation_effects[];          /* NULL-terminated keys */
const char *evaluation_effect_label(const char *key);   /* translated */

#endif
