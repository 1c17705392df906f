/* Evaluations of closed cases (synced table evaluation, append-only) and
 * their counts for the goals II (satisfaction) and III (effect). */
#ifndef KP_EVALUATION_STORE_H
#define KP_EVALUATION_STORE_H

#include <stdbool.h>

struct db;

struct evaluation {
	char *id;
	char *case_id;
	int recommend;          /* 0..10, or -1 when unanswered */
	char *effect;           /* yes, no, dont_know, or NULL when unanswered */
	char *answered;         /* date */
	char *comment;
	char *created_at;
	char *created_by;
};

/* Where a count or list looks: cases of a house, of one location, or all
 * (both NULL), and evaluations answered in [from, to) (dates). */
struct eval_scope {
	const char *house;
	const char *location;
	const char *from;
	const char *to;         /* exclusive */
};

/* Raw answers: recommend by score, effect by answer. */
struct eval_counts {
	int score[11];          /* answers 0..10 */
	int yes, no, dont_know;
};

void evaluation_finish(struct evaluation *e);
void evaluation_list_free(struct evaluation *list, int n);

bool evaluation_store_insert(struct db *db, const struct evaluation *e);
/* Evaluations of a case, oldest first. Returns the count or -1. */
int evaluation_store_list(struct db *db, const char *case_id, struct evaluation **out);
/* Counts the answers in scope; false on a database error. */
bool evaluation_store_count(struct db *db, const struct eval_scope *sc, struct eval_counts *out);

#endif
