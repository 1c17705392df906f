/* Importing the user-evaluation system's answers: one row per answer with
 * the case id or the company's CVR, the date answered, the recommend score
 * 0-10, the effect (yes / no / don't know) and a comment. A row names its
 * case by id, or by CVR: then the company's closed case that closed last
 * on or before the answer date. Each answer is recorded with
 * evaluation_record (the rules and rights of src/evaluation.c), all rows
 * in one transaction recorded as an import batch; rows that match no case
 * or break a rule are reported with line and column and refuse the file
 * unless skip_bad. A case already evaluated is counted unchanged. */
#include "src/import.h"
#include "src/import_internal.h"
#include "db/import_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/company.h"
#include "src/csv.h"
#include "src/cvr.h"
#include "src/evaluation.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ev_field { EV_CASE, EV_CVR, EV_DATE, EV_RECOMMEND, EV_EFFECT, EV_COMMENT, EV_COUNT };

static const struct {
	const char *label;
	const char *aliases;
} ev_fields[EV_COUNT] = {
	[EV_CASE] = { N_("case"), "caseid,case,forløbsid,forløb,sagsid,sag,sagsnr" },
	[EV_CVR] = { N_("CVR number"), "cvr,cvrnr,cvrnummer,cvrno,cvrnumber" },
	[EV_DATE] = { N_("date"), "dato,besvaret,svardato,besvarelsesdato,date,answered,answerdate" },
	[EV_RECOMMEND] = { N_("recommend"),
		"anbefaling,anbefale,anbefal,anbefalingsscore,nps,recommend,recommendation,score" },
	[EV_EFFECT] = { N_("effect"), "effekt,positiveffekt,effect,positiveeffect" },
	[EV_COMMENT] = { N_("comment"), "kommentar,kommentarer,bemærkning,comment,comments" },
};

struct ev_ctx {
	struct session *s;
	const struct import_options *opt;
	struct import_result *r;
	struct csv_reader *rd;
	int col[EV_COUNT];
	struct import_batch batch;
	bool bad;
};

static void problem(struct ev_ctx *x, long line, int f, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(struct ev_ctx *x, long line, int f, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	import_problem_add(x->r, line, f >= 0 && x->col[f] >= 0 ? x->col[f] + 1 : 0, "%s",
			   msg ? msg : "?");
	free(msg);
	x->bad = true;
}

/* "2026-03-01", "01-03-2026", "1.3.2026", "01/03/2026" as YYYY-MM-DD. */
static bool parse_date(const char *v, char out[CLOCK_DATE_LEN])
{
	int d, m, y;
	char sep1, sep2, end;

	if (strlen(v) == 10 && v[4] == '-' && clock_parse_date(v, NULL)) {
		memcpy(out, v, CLOCK_DATE_LEN);
		return true;
	}
	if (sscanf(v, "%d%c%d%c%d%c", &d, &sep1, &m, &sep2, &y, &end) != 5 || sep1 != sep2 ||
	    !strchr("-./", sep1) || y < 1900 || y > 9999)
		return false;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, CLOCK_DATE_LEN - 1);
	out[CLOCK_DATE_LEN - 1] = '\0';
	return clock_parse_date(out, NULL);
}

static const char *effect_key(const char *v)
{
	static const char *const names[][2] = {
		{ "yes", "yes" }, { "ja", "yes" }, { "no", "no" }, { "nej", "no" },
		{ "dontknow", "dont_know" }, { "don'tknow", "dont_know" }, { "vedikke", "dont_know" },
		{ "vedej", "dont_know" }, { "dont_know", "dont_know" }, { "unknown", "dont_know" },
	};
	char *n = import_normalise(v);
	const char *out = NULL;

	for (size_t i = 0; i < sizeof names / sizeof names[0] && !out; i++)
		if (strcmp(n, names[i][0]) == 0 || strcmp(v, names[i][0]) == 0)
			out = names[i][1];
	free(n);
	return out;
}

/* The case for a CVR: its closed case that closed last on or before date. */
static char *case_for_cvr(struct ev_ctx *x, long line, const char *cvr, const char *date)
{
	struct company c = { 0 };
	struct case_file *list = NULL;
	int n = 0;
	char *id = NULL;
	const char *best = NULL;

	if (company_find_cvr(x->s, cvr, &c) != KP_OK) {
		problem(x, line, EV_CVR, _("no company with CVR %s"), cvr);
		return NULL;
	}
	struct case_filter f = { .company_id = c.id, .status = "closed" };
	if (case_list(x->s, &f, &list, &n) != KP_OK) {
		problem(x, line, EV_CVR, "%s", session_message(x->s));
		company_finish(&c);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		const char *closed = list[i].closed;

		if (!closed || (*date && strncmp(closed, date, 10) > 0))
			continue;
		if (!best || strcmp(closed, best) > 0) {
			best = closed;
			free(id);
			id = xstrdup(list[i].id);
		}
	}
	if (!id)
		problem(x, line, EV_CVR, _("no closed case of CVR %s to match (unmatched)"), cvr);
	case_list_free(list, n);
	company_finish(&c);
	return id;
}

static bool record_item(struct ev_ctx *x, const char *id)
{
	char item[UUID_STR_LEN];

	uuid_generate(item);
	struct import_item it = { .id = item, .batch_id = x->batch.id, .tbl = "evaluation",
				  .row_id = (char *)id, .action = "created", .field = "" };
	return import_store_item_insert(x->s->db, &it);
}

static const char *value(struct ev_ctx *x, int f, char *buf, size_t len)
{
	if (x->col[f] < 0 || x->col[f] >= x->rd->nfields)
		return "";
	snprintf(buf, len, "%s", csv_unneutralise(csv_field(x->rd, x->col[f])));
	return text_trim(buf);
}

/* One row; false on a database error. */
static bool eval_row(struct ev_ctx *x)
{
	long line = x->rd->rec_line;
	char cs[80], cv[80], dt[40], rc[40], ef[60], cm[CSV_MAX_FIELD + 1];
	char date[CLOCK_DATE_LEN] = "";
	struct evaluation e = { .recommend = -1 };
	char *case_id = NULL;
	bool ok = true;
	int first = x->r->nproblems;

	x->bad = false;
	x->r->rows++;
	const char *vcase = value(x, EV_CASE, cs, sizeof cs), *vcvr = value(x, EV_CVR, cv, sizeof cv);
	const char *vdate = value(x, EV_DATE, dt, sizeof dt), *vrec = value(x, EV_RECOMMEND, rc, sizeof rc);
	const char *veff = value(x, EV_EFFECT, ef, sizeof ef), *vcom = value(x, EV_COMMENT, cm, sizeof cm);

	if (*vdate && !parse_date(vdate, date))
		problem(x, line, EV_DATE, _("date %s is not a date"), vdate);
	if (*vrec) {
		char *end;
		long n = strtol(vrec, &end, 10);
		if (*end || n < 0 || n > 10)
			problem(x, line, EV_RECOMMEND, _("recommend %s is not a number 0-10"), vrec);
		else
			e.recommend = (int)n;
	}
	if (*veff && !(e.effect = (char *)effect_key(veff)))
		problem(x, line, EV_EFFECT, _("effect %s is not yes, no or don't know"), veff);
	if (text_has_control(vcom, true))
		problem(x, line, EV_COMMENT, "%s", _("the comment contains control characters"));
	if (!*vcase && !*vcvr)
		problem(x, line, -1, "%s", _("neither a case nor a CVR number"));
	else if (*vcase)
		case_id = xstrdup(vcase);
	else if (cvr_check(vcvr, cv) != CVR_OK)
		problem(x, line, EV_CVR, _("CVR number %s is not valid"), vcvr);
	else if (!x->bad)
		case_id = case_for_cvr(x, line, cv, date);
	if (!x->bad && case_id) {
		e.case_id = case_id;
		e.answered = xstrdup(date);
		e.comment = xstrdup(vcom);
		e.effect = e.effect ? xstrdup(e.effect) : NULL;
		enum kp_status st = evaluation_record(x->s, &e, false);
		if (st == KP_OK) {
			x->r->created++;
			ok = record_item(x, e.id);
		} else if (st == KP_ERR_DUPLICATE) {
			x->r->unchanged++;
		} else if (st == KP_ERR_DB) {
			ok = false;
		} else {
			problem(x, line, *vcase ? EV_CASE : -1, "%s", session_message(x->s));
		}
		case_id = NULL;
		evaluation_finish(&e);
	}
	free(case_id);
	if (x->bad) {
		struct strbuf *out = &x->r->rejects;

		x->r->rejected++;
		for (int i = 0; i < x->rd->nfields; i++) {
			csv_write_field(out, csv_field(x->rd, i), x->r->delimiter);
			strbuf_addch(out, x->r->delimiter);
		}
		csv_write_field(out, first < x->r->nproblems ? x->r->problems[first].message : "",
				x->r->delimiter);
		strbuf_addstr(out, "\r\n");
	}
	return ok;
}

static enum kp_status read_header(struct ev_ctx *x)
{
	struct import_result *r = x->r;
	int rc = csv_read(x->rd);

	if (rc <= 0) {
		char *msg = rc < 0 ? csv_error_describe(x->rd) : xstrdup(_("the file is empty"));
		enum kp_status st = import_fail_file(x->s, r, msg);
		free(msg);
		return st;
	}
	r->ncolumns = x->rd->nfields;
	r->header = xcalloc((size_t)r->ncolumns, sizeof *r->header);
	for (int f = 0; f < EV_COUNT; f++)
		x->col[f] = -1;
	for (int i = 0; i < r->ncolumns; i++) {
		r->header[i] = text_trim(xstrdup(csv_field(x->rd, i)));
		char *h = import_normalise(r->header[i]);
		for (int f = 0; f < EV_COUNT; f++)
			if (x->col[f] < 0 && import_alias_match(ev_fields[f].aliases, h)) {
				x->col[f] = i;
				break;
			}
		free(h);
		csv_write_field(&r->rejects, r->header[i], r->delimiter);
		strbuf_addch(&r->rejects, r->delimiter);
	}
	csv_write_field(&r->rejects, _("Error"), r->delimiter);
	strbuf_addstr(&r->rejects, "\r\n");
	x->rd->expect_fields = r->ncolumns;
	r->column_label = xcalloc((size_t)r->ncolumns, sizeof *r->column_label);
	for (int f = 0; f < EV_COUNT; f++)
		if (x->col[f] >= 0)
			r->column_label[x->col[f]] = ev_fields[f].label;
	if (x->col[EV_CASE] < 0 && x->col[EV_CVR] < 0)
		return import_fail_file(x->s, r, _("no column for the case or the CVR number: name it "
						   "Forløb or CVR"));
	if (x->col[EV_RECOMMEND] < 0 && x->col[EV_EFFECT] < 0)
		return import_fail_file(x->s, r, _("no column for the answers: name them Anbefaling "
						   "(0-10) and Effekt"));
	return KP_OK;
}

static bool start_batch(struct ev_ctx *x, const char *stamp)
{
	char id[UUID_STR_LEN];
	const char *name = x->opt->file_name ? x->opt->file_name : "";
	const char *base = strrchr(name, '/');

	uuid_generate(id);
	x->batch.id = xstrdup(id);
	x->batch.kind = xstrdup("evaluations");
	x->batch.file_name = xstrdup(base ? base + 1 : name);
	x->batch.encoding = xstrdup(charset_name(x->r->charset));
	x->batch.delimiter = xstrdup(x->r->delimiter == '\t' ? "tab"
				     : (char[]){ x->r->delimiter, '\0' });
	x->batch.created_at = xstrdup(stamp);
	x->batch.created_by = xstrdup(x->s->user.id);
	return import_store_batch_insert(x->s->db, &x->batch);
}

static enum kp_status run_rows(struct ev_ctx *x)
{
	int rc;

	while ((rc = csv_read(x->rd)) != 0) {
		if (rc < 0) {
			char *msg = csv_error_describe(x->rd);
			enum kp_status st = KP_OK;
			if (x->rd->err != CSV_ERR_FIELD_COUNT)
				st = import_fail_file(x->s, x->r, msg);
			else {
				import_problem_add(x->r, 0, 0, "%s", msg);
				x->r->rows++;
				x->r->rejected++;
			}
			free(msg);
			if (st != KP_OK)
				return st;
			continue;
		}
		if (!eval_row(x))
			return session_db_fail(x->s, _("cannot save the evaluation"));
	}
	if (x->r->rows == 0)
		return import_fail_file(x->s, x->r, _("the file has a header but no rows"));
	return KP_OK;
}

enum kp_status import_evaluations(struct session *s, const char *data, size_t len,
				  const struct import_options *opt, struct import_result *res)
{
	struct strbuf text = STRBUF_INIT;
	struct csv_reader rd;
	struct ev_ctx x = { .s = s, .opt = opt, .r = res, .rd = &rd };
	char stamp[CLOCK_TIME_LEN];
	enum kp_status st;

	import_result_init(res);
	csv_reader_init(&rd, "", 0, ';');
	if ((st = access_require(s, ACT_EVALUATION)) != KP_OK)
		goto out;
	if ((st = import_decode(s, data, len, opt, res, &text)) != KP_OK)
		goto out;
	res->delimiter = opt->delimiter;
	if (!res->delimiter) {
		res->delimiter = csv_detect_delimiter(text.buf ? text.buf : "", text.len);
		res->delimiter_detected = true;
	}
	csv_reader_init(&rd, text.buf ? text.buf : "", text.len, res->delimiter);
	if ((st = read_header(&x)) != KP_OK)
		goto out;
	clock_timestamp(stamp);
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!start_batch(&x, stamp)) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot record the import"));
		goto out;
	}
	st = run_rows(&x);
	if (st == KP_OK && res->rejected > 0 && !opt->skip_bad)
		st = session_fail(s, KP_ERR_INVALID,
				  ngettext("%ld row has problems; nothing was imported (--skip-bad "
					   "imports the others)",
					   "%ld rows have problems; nothing was imported (--skip-bad "
					   "imports the others)", (unsigned long)res->rejected),
				  res->rejected);
	if (st == KP_OK) {
		x.batch.created = res->created;
		x.batch.unchanged = res->unchanged;
		x.batch.rejected = res->rejected;
		if (!import_store_batch_counts(s->db, &x.batch) ||
		    !audit_record(s, "import.evaluations", "import_batch", x.batch.id,
				  "file=%s recorded=%ld unchanged=%ld rejected=%ld",
				  x.batch.file_name, res->created, res->unchanged, res->rejected))
			st = KP_ERR_DB;
	}
	if (st != KP_OK || opt->dry_run || res->created == 0) {
		db_rollback(s->db);
		goto out;
	}
	if (!db_commit(s->db)) {
		st = session_db_fail(s, _("cannot save the import"));
		goto out;
	}
	res->written = true;
	snprintf(res->batch_id, sizeof res->batch_id, "%s", x.batch.id);
out:
	if (st == KP_ERR_INVALID && res->nproblems > 0 && res->rejected == 0)
		session_fail(s, st, "%s", res->problems[0].message);
	import_batch_finish(&x.batch);
	csv_reader_finish(&rd);
	strbuf_finish(&text);
	return st;
}
