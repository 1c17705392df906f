/* Evaluations: recording (closed cases only, once per case) and the NPS
 * and effect arithmetic, kept in integers until the final division so the
 * figures are exact for the reports. */
#include "src/evaluation.h"
#include "db/case_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define COMMENT_MAX 2000

const char *const evaluation_effects[] = { "yes", "no", "dont_know", NULL };

const char *evaluation_effect_label(const char *key)
{
	if (!key || !*key)
		return _("unanswered");
	if (strcmp(key, "yes") == 0)
		return _("yes");
	if (strcmp(key, "no") == 0)
		return _("no");
	if (strcmp(key, "dont_know") == 0)
		return _("don't know");
	return key;
}

void evaluation_nps(const struct eval_counts *c, struct nps *out)
{
	*out = (struct nps){ 0 };
	for (int i = 0; i <= 10; i++) {
		if (i >= 9)
			out->promoters += c->score[i];
		else if (i >= 7)
			out->passives += c->score[i];
		else
			out->detractors += c->score[i];
	}
	out->n = out->promoters + out->passives + out->detractors;
	if (out->n > 0)
		out->score = 100.0 * (out->promoters - out->detractors) / out->n;
}

void evaluation_effect(const struct eval_counts *c, struct effect_share *out)
{
	*out = (struct effect_share){ .yes = c->yes, .no = c->no, .dont_know = c->dont_know };
	out->n = c->yes + c->no;
	if (out->n > 0)
		out->pct = 100.0 * c->yes / out->n;
}

static bool effect_known(const char *e)
{
	for (int i = 0; evaluation_effects[i]; i++)
		if (strcmp(e, evaluation_effects[i]) == 0)
			return true;
	return false;
}

/* Checks the answers, the date and the comment; fills the date. */
static enum kp_status validate(struct session *s, struct evaluation *e, const char *closed,
			       bool allow_cpr)
{
	char today[CLOCK_DATE_LEN];

	clock_today(today);
	if (e->recommend < -1 || e->recommend > 10)
		return session_fail(s, KP_ERR_INVALID,
				    _("recommendation must be a whole number from 0 to 10"));
	if (e->effect && !*e->effect) {
		free(e->effect);
		e->effect = NULL;
	}
	if (e->effect && !effect_known(e->effect))
		return session_fail(s, KP_ERR_INVALID,
				    _("effect must be yes, no or dont_know, not %s"), e->effect);
	if (e->recommend < 0 && !e->effect)
		return session_fail(s, KP_ERR_INVALID,
				    _("an evaluation needs a recommendation or an effect answer"));
	if (!e->answered || !*e->answered) {
		free(e->answered);
		e->answered = xstrdup(today);
	}
	if (!clock_parse_date(e->answered, NULL))
		return session_fail(s, KP_ERR_INVALID,
				    _("answer date must be a real date as YYYY-MM-DD, not %s"),
				    e->answered);
	if (strcmp(e->answered, today) > 0)
		return session_fail(s, KP_ERR_INVALID, _("answer date %s is in the future"),
				    e->answered);
	if (closed && *closed && strncmp(e->answered, closed, 10) < 0)
		return session_fail(s, KP_ERR_INVALID,
				    _("answer date %s is before the case was closed (%s)"),
				    e->answered, closed);
	if (!e->comment)
		e->comment = xstrdup("");
	text_trim(e->comment);
	if (!text_valid_utf8(e->comment, strlen(e->comment)) || text_has_control(e->comment, true))
		return session_fail(s, KP_ERR_INVALID,
				    _("comment contains control characters or invalid UTF-8"));
	if (strlen(e->comment) > COMMENT_MAX)
		return session_fail(s, KP_ERR_INVALID, _("comment is longer than %d bytes"),
				    COMMENT_MAX);
	if (!allow_cpr && text_looks_like_cpr(e->comment))
		return session_fail(s, KP_ERR_REFUSED,
				    _("comment looks like it holds a CPR number; remove it"));
	return KP_OK;
}

/* The case, checked for access and state. */
static enum kp_status load_case(struct session *s, const char *case_id, struct case_file *b)
{
	int found = case_store_get(s->db, case_id ? case_id : "", b);

	if (found < 0)
		return session_db_fail(s, _("cannot read the case"));
	if (found == 0)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no case with id %s"),
				    case_id ? case_id : "");
	enum kp_status st = access_require_case_id(s, ACT_EVALUATION, b->id, b->location, b->house, b->consultant_id);
	if (st != KP_OK)
		return st;
	if (strcmp(b->status, "closed") != 0)
		return session_fail(s, KP_ERR_STATE,
				    _("only a closed case can be evaluated; this one is %s"),
				    b->status);
	return KP_OK;
}

enum kp_status evaluation_record(struct session *s, struct evaluation *e, bool allow_cpr)
{
	struct case_file b = { 0 };
	struct evaluation *old = NULL;
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	enum kp_status st = access_require(s, ACT_EVALUATION);
	int n;

	if (st == KP_OK)
		st = load_case(s, e->case_id, &b);
	if (st == KP_OK)
		st = validate(s, e, b.closed, allow_cpr);
	if (st != KP_OK)
		goto out;
	uuid_generate(id);
	clock_timestamp(now);
	free(e->id);
	free(e->created_at);
	free(e->created_by);
	e->id = xstrdup(id);
	e->created_at = xstrdup(now);
	e->created_by = xstrdup(s->user.id);
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot save the evaluation"));
		goto out;
	}
	/* once per case, checked inside the write transaction */
	n = evaluation_store_list(s->db, e->case_id, &old);
	evaluation_list_free(old, n);
	if (n < 0)
		st = session_db_fail(s, _("cannot read evaluations"));
	else if (n > 0)
		st = session_fail(s, KP_ERR_DUPLICATE, _("this case has already been evaluated"));
	else if (!evaluation_store_insert(s->db, e))
		st = session_db_fail(s, _("cannot save the evaluation"));
	else if (!audit_record(s, "evaluation.record", "evaluation", e->id,
			       "case=%s recommend=%d effect=%s answered=%s", e->case_id,
			       e->recommend, e->effect ? e->effect : "-", e->answered))
		st = KP_ERR_DB;
	if (st != KP_OK)
		db_rollback(s->db);
	else if (!db_commit(s->db))
		st = session_db_fail(s, _("cannot save the evaluation"));
out:
	case_finish(&b);
	return st;
}

enum kp_status evaluation_list(struct session *s, const char *case_id,
			       struct evaluation **out, int *n)
{
	struct case_file b = { 0 };
	int found = case_store_get(s->db, case_id ? case_id : "", &b);
	enum kp_status st;

	*out = NULL;
	*n = 0;
	if (found < 0)
		return session_db_fail(s, _("cannot read the case"));
	if (found == 0)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no case with id %s"), case_id);
	st = access_require_case_id(s, ACT_CASE_READ, case_id, b.location, b.house, b.consultant_id);
	case_finish(&b);
	if (st != KP_OK)
		return st;
	*n = evaluation_store_list(s->db, case_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read evaluations"));
	}
	return KP_OK;
}
