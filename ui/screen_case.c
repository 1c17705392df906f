/* One case: its company, status, routing, themes, the company's
 * evaluation(s) of a closed case, and the timeline (status events from
 * case_timeline and meetings and notes from journal_list, by date). e
 * edits, r routes, M logs a meeting, w adds a note, x closes with an
 * outcome, R reopens with a reason, E records the evaluation, Enter shows
 * an entry in full, p the consultants added to the case (shown under the
 * need when there are any). */
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "ui/textview.h"
#include "src/case.h"
#include "src/evaluation.h"
#include "src/case_member.h"
#include "src/caseload.h"
#include "src/i18n.h"
#include "src/journal.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	const char *when;               /* borrowed from the event or entry */
	const char *stamp;              /* creation time, orders a day's rows */
	int seq;
	const struct case_event *ev;
	const struct journal_entry *je;
};

struct case_view {
	char *id;
	struct case_file c;
	struct case_event *events;
	int nevents;
	struct journal_entry *journal;
	int njournal;
	bool journal_hidden;            /* the core refused the journal */
	struct row *rows;
	int nrows;
	struct user *users;             /* for the names behind ids in events */
	int nusers;
	struct evaluation *evals;       /* the company's evaluations, oldest first */
	int nevals;
	struct case_member *members;    /* consultants added to the case */
	int nmembers;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Date"), 10 }, { N_("What"), 12 }, { N_("Detail"), 0 }, { N_("By"), 14 },
};

/* A user's name from the list loaded with the case (ids in events). */
static const char *user_name(const struct case_view *cv, const char *id)
{
	for (int i = 0; id && i < cv->nusers; i++)
		if (strcmp(cv->users[i].id, id) == 0)
			return cv->users[i].name;
	return id ? id : "";
}

/* "location/consultant" (or a bare consultant id) as shown. */
static void add_routing(struct strbuf *sb, const struct case_view *cv, const char *value)
{
	const char *slash = value ? strchr(value, '/') : NULL;

	if (!slash) {
		strbuf_addstr(sb, user_name(cv, value));
		return;
	}
	strbuf_add(sb, value, (size_t)(slash - value));
	if (slash[1])
		strbuf_addf(sb, ", %s", user_name(cv, slash + 1));
}

static const char *status_or_value(const char *v)
{
	for (const char *const *st = case_statuses; *st; st++)
		if (v && strcmp(v, *st) == 0)
			return case_status_label(v);
	return v ? v : "";
}

static const char *event_label(const char *kind)
{
	static const struct { const char *kind, *label; } labels[] = {
		{ "opened", N_("opened") }, { "assigned", N_("routed") }, { "status", N_("status") },
		{ "closed", N_("closed") }, { "reopened", N_("reopened") },
		{ "handover", N_("handed over") }, { "handover_received", N_("received by hand-over") },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(kind, labels[i].kind) == 0)
			return _(labels[i].label);
	return kind;
}

static char *event_text(const struct case_view *cv, const struct case_event *e)
{
	struct strbuf sb = STRBUF_INIT;
	bool routing = strcmp(e->kind, "assigned") == 0;

	strbuf_addstr(&sb, "");
	if (routing) {
		add_routing(&sb, cv, e->to_value);
	} else if (strcmp(e->kind, "opened") == 0) {
		strbuf_addstr(&sb, status_or_value(e->to_value));
	} else if (strcmp(e->kind, "status") == 0 || !e->reason || !*e->reason) {
		if (e->from_value && *e->from_value)
			strbuf_addf(&sb, "%s -> ", status_or_value(e->from_value));
		strbuf_addstr(&sb, status_or_value(e->to_value));
	}
	if (e->reason && *e->reason)
		strbuf_addf(&sb, "%s%s", sb.len ? ": " : "", e->reason);
	return strbuf_detach(&sb);
}

static char *row_text(void *ctx, int i)
{
	struct case_view *cv = ctx;
	const struct row *r = &cv->rows[i];

	if (r->ev) {
		char *detail = event_text(cv, r->ev);
		char *s = xasprintf("%.10s\t%s\t%s\t%s", r->when, event_label(r->ev->kind), detail,
				    r->ev->user_name ? r->ev->user_name : "");
		free(detail);
		return s;
	}
	const struct journal_entry *j = r->je;

	if (strcmp(j->kind, "meeting") == 0)
		return xasprintf("%.10s\t%s\t%d min, %s: %s\t%s", r->when, _("meeting"),
				 j->duration_min, journal_place_label(j->place),
				 j->summary ? j->summary : "", j->author_name ? j->author_name : "");
	return xasprintf("%.10s\t%s\t%s\t%s", r->when, _("note"), j->summary ? j->summary : "",
			 j->author_name ? j->author_name : "");
}

static const struct list_ops list_ops = { .row_text = row_text };

/* By date, then by creation time, then as loaded. */
static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strncmp(x->when, y->when, 10);

	if (c == 0)
		c = strcmp(x->stamp, y->stamp);
	return c ? c : x->seq - y->seq;
}

static void build_rows(struct case_view *cv)
{
	free(cv->rows);
	cv->nrows = 0;
	cv->rows = xcalloc((size_t)(cv->nevents + cv->njournal) + 1, sizeof *cv->rows);
	for (int i = 0; i < cv->nevents; i++) {
		const char *at = cv->events[i].at ? cv->events[i].at : "";

		cv->rows[cv->nrows] = (struct row){ at, at, cv->nrows, &cv->events[i], NULL };
		cv->nrows++;
	}
	for (int i = 0; i < cv->njournal; i++) {
		const struct journal_entry *j = &cv->journal[i];

		cv->rows[cv->nrows] = (struct row){ j->occurred ? j->occurred : "",
						    j->created_at ? j->created_at : "", cv->nrows,
						    NULL, j };
		cv->nrows++;
	}
	qsort(cv->rows, (size_t)cv->nrows, sizeof *cv->rows, row_cmp);
}

static void free_data(struct case_view *cv)
{
	case_finish(&cv->c);
	case_event_list_free(cv->events, cv->nevents);
	journal_list_free(cv->journal, cv->njournal);
	user_list_free(cv->users, cv->nusers);
	evaluation_list_free(cv->evals, cv->nevals);
	cv->evals = NULL;
	cv->nevals = 0;
	cv->users = NULL;
	cv->nusers = 0;
	case_member_list_free(cv->members, cv->nmembers);
	cv->members = NULL;
	cv->nmembers = 0;
	cv->events = NULL;
	cv->journal = NULL;
	cv->nevents = cv->njournal = 0;
}

static bool load(struct screen *scr)
{
	struct case_view *cv = scr->data;
	struct session *s = scr->ui->s;

	free_data(cv);
	if (case_get(s, cv->id, &cv->c) != KP_OK) {
		ui_fail(scr->ui);
		return false;
	}
	if (user_list(s, false, NULL, &cv->users, &cv->nusers) != KP_OK)
		cv->nusers = 0;
	if (case_timeline(s, cv->id, &cv->events, &cv->nevents) != KP_OK)
		cv->nevents = 0;
	if (evaluation_list(s, cv->id, &cv->evals, &cv->nevals) != KP_OK)
		cv->nevals = 0;
	if (cv->c.restricted || case_member_list(s, cv->id, &cv->members, &cv->nmembers) != KP_OK)
		cv->nmembers = 0;
	cv->journal_hidden = journal_list(s, cv->id, &cv->journal, &cv->njournal) != KP_OK;
	if (cv->journal_hidden)
		cv->njournal = 0;
	build_rows(cv);
	list_reload(&cv->list, cv->nrows);
	return true;
}

static void cv_close(struct screen *scr)
{
	struct case_view *cv = scr->data;

	list_finish(&cv->list);
	free_data(cv);
	free(cv->rows);
	free(cv->id);
	free(cv);
}

static bool cv_open(struct screen *scr, void *arg)
{
	struct case_view *cv = xcalloc(1, sizeof *cv);

	scr->data = cv;
	cv->id = xstrdup(arg);
	list_init(&cv->list, &list_ops, cv, columns, 4);
	cv->list.empty = _("nothing yet");
	if (!load(scr)) {
		cv_close(scr);
		return false;
	}
	return true;
}

static char *themes_text(struct session *s, const char *json)
{
	char **keys = NULL;
	int n = case_themes_split(json, &keys);
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "");
	for (int i = 0; i < n; i++) {
		char *label = refdata_label_of(s, REF_THEME, keys[i]);

		strbuf_addf(&sb, "%s%s", i ? ", " : "", label);
		free(label);
		free(keys[i]);
	}
	free(keys);
	return strbuf_detach(&sb);
}

/* "2026-02-03: recommends 9/10, positive effect: yes — comment" */
static char *evaluation_text(const struct evaluation *e)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s: ", e->answered ? e->answered : "");
	if (e->recommend >= 0)
		strbuf_addf(&sb, _("recommends %d/10"), e->recommend);
	else
		strbuf_addstr(&sb, _("recommendation not answered"));
	strbuf_addf(&sb, _(", positive effect: %s"),
		    e->effect ? evaluation_effect_label(e->effect) : _("not answered"));
	if (e->comment && *e->comment)
		strbuf_addf(&sb, " — %s", e->comment);
	return strbuf_detach(&sb);
}

/* The evaluations of the case; for a closed case without one, the hint
 * to record it. Returns the lines drawn. */
static int draw_evaluations(const struct case_view *cv, int y, int w, int lw)
{
	bool closed = cv->c.status && strcmp(cv->c.status, "closed") == 0;
	int rows = 0;

	for (int i = 0; i < cv->nevals; i++) {
		char *text = evaluation_text(&cv->evals[i]);

		draw_pair(y + rows++, 1, w, lw, _("Evaluation"), text);
		free(text);
	}
	if (cv->nevals == 0 && closed)
		draw_pair(y + rows++, 1, w, lw, _("Evaluation"), _("none yet (E records one)"));
	return rows;
}

static int draw_header(struct screen *scr, int y, int w)
{
	struct case_view *cv = scr->data;
	const struct case_file *c = &cv->c;
	struct session *s = scr->ui->s;
	int half = w / 2, lw = 12;

	/* a column of half - 1 leaves a space before the right-hand label */
	char *src = refdata_label_of(s, REF_CASE_SOURCE, c->source);
	char *tg = c->target_group && *c->target_group
			   ? refdata_label_of(s, REF_TARGET_GROUP, c->target_group) : xstrdup("");
	char *loc = c->location ? refdata_label_of(s, REF_LOCATION, c->location) : xstrdup("");
	char *themes = themes_text(s, c->themes);
	char *muni = NULL;

	if (c->source_municipality) {
		char code[16];

		snprintf(code, sizeof code, "%d", c->source_municipality);
		char *m = refdata_label_of(s, REF_MUNICIPALITY, code);
		muni = xasprintf("%s (%s)", src, m);
		free(m);
	}
	draw_pair(y, 1, half - 1, lw, _("Status"), case_status_label(c->status));
	draw_pair(y, 1 + half, half, lw, _("Opened"), c->opened);
	draw_pair(y + 1, 1, half - 1, lw, _("Branch"), loc);
	/* someone who has left keeps the case until reassigned, marked */
	char *consultant = c->consultant_name
		? caseload_consultant_label(c->consultant_name, c->consultant_inactive, 0)
		: xstrdup(_("(branch queue)"));
	draw_pair(y + 1, 1 + half, half, lw, _("Consultant"), consultant);
	free(consultant);
	draw_pair(y + 2, 1, half - 1, lw, _("Source"), muni ? muni : src);
	draw_pair(y + 2, 1 + half, half, lw, _("Target group"), tg);
	draw_pair(y + 3, 1, w, lw, _("Themes"), themes);
	draw_pair(y + 4, 1, w, lw, _("Need"), c->title);
	int rows = 5;
	if (cv->nmembers > 0) {
		struct strbuf names = STRBUF_INIT;

		for (int i = 0; i < cv->nmembers; i++) {
			char *name = caseload_consultant_label(cv->members[i].name,
							      cv->members[i].inactive, 0);

			strbuf_addf(&names, "%s%s", i ? ", " : "", name);
			free(name);
		}
		draw_pair(y + rows++, 1, w, lw, _("Members"), strbuf_str(&names));
		strbuf_finish(&names);
	}
	if (c->closed && *c->closed) {
		char *closed = xasprintf("%s: %s", c->closed, c->outcome ? c->outcome : "");

		draw_pair(y + rows++, 1, w, lw, _("Closed"), closed);
		free(closed);
	}
	rows += draw_evaluations(cv, y + rows, w, lw);
	free(src);
	free(tg);
	free(loc);
	free(themes);
	free(muni);
	return rows;
}

static void cv_draw(struct screen *scr, const struct ui_rect *area)
{
	struct case_view *cv = scr->data;
	char *title = xasprintf(_("Case: %s (%s)"), cv->c.company_name ? cv->c.company_name : "",
				cv->c.company_cvr && *cv->c.company_cvr ? cv->c.company_cvr
									: _("pre-start"));
	int y = area->y;

	y += draw_title(area, title);
	free(title);
	y += draw_header(scr, y, area->w - 2);
	draw_text(y++, 1, area->w - 2,
		  cv->journal_hidden ? _("Timeline (the journal is not shown to your role)")
				     : _("Timeline"),
		  UC_HEADER, false);
	struct ui_rect r = { y, area->x, area->y + area->h - y, area->w };
	list_draw(&cv->list, &r, true);
}

static void close_or_reopen(struct screen *scr, bool reopen)
{
	struct case_view *cv = scr->data;
	char *text = prompt_line(scr->ui, reopen ? _("Reason for reopening: ")
						 : _("Outcome (closes the case): "),
				 "");
	enum kp_status st;

	if (!text)
		return;
	st = reopen ? case_reopen(scr->ui->s, cv->id, text) : case_close(scr->ui->s, cv->id, text);
	free(text);
	if (st != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, "%s", reopen ? _("case reopened") : _("case closed"));
	load(scr);
}

static void show_entry(struct screen *scr)
{
	struct case_view *cv = scr->data;
	const struct row *r = &cv->rows[cv->list.cur];
	char *text, *title;

	if (r->ev)
		return;
	bool meeting = strcmp(r->je->kind, "meeting") == 0;

	title = xasprintf("%.10s %s", r->when, meeting ? _("meeting") : _("note"));
	if (meeting)
		text = xasprintf(_("Place: %s\nDuration: %d min\nParticipants: %s\nBy: %s\n\n%s"),
				 journal_place_label(r->je->place), r->je->duration_min,
				 r->je->participants ? r->je->participants : "",
				 r->je->author_name ? r->je->author_name : "",
				 r->je->summary ? r->je->summary : "");
	else
		text = xasprintf(_("By: %s\n\n%s"), r->je->author_name ? r->je->author_name : "",
				 r->je->summary ? r->je->summary : "");
	textview_show(scr->ui, title, text);
	free(text);
	free(title);
}

static enum ui_result cv_handle(struct screen *scr, const struct ui_event *ev)
{
	struct case_view *cv = scr->data;
	struct case_form_arg farg = { .case_id = cv->id };
	struct journal_form_arg jarg = { .case_id = cv->id };

	switch (ev->action) {
	case UA_OPEN:
		if (cv->nrows > 0)
			show_entry(scr);
		return UI_DONE;
	case UA_EDIT: case UA_ASSIGN:
		farg.focus_assign = ev->action == UA_ASSIGN;
		ui_push(scr->ui, &screen_case_form, &farg);
		return UI_DONE;
	case UA_MEETING: case UA_NOTE:
		jarg.kind = ev->action == UA_MEETING ? "meeting" : "note";
		ui_push(scr->ui, &screen_journal_form, &jarg);
		return UI_DONE;
	case UA_REFERRALS:
		ui_push(scr->ui, &screen_case_referrals, cv->id);
		return UI_DONE;
	case UA_EVALUATE:
		ui_push(scr->ui, &screen_evaluation_form, cv->id);
		return UI_DONE;
	case UA_MEMBERS:
		ui_push(scr->ui, &screen_case_members, cv->id);
		return UI_DONE;
	case UA_CLOSE_CASE: case UA_REOPEN:
		close_or_reopen(scr, ev->action == UA_REOPEN);
		return UI_DONE;
	default:
		return list_handle(&cv->list, scr->ui, ev);
	}
}

/* An open case closes, a closed one reopens and takes an evaluation; a
 * closed case is reopened before it is routed. */
static const enum ui_action *cv_actions_now(struct screen *scr)
{
	static const enum ui_action open_case[] = { UA_OPEN, UA_EDIT, UA_ASSIGN, UA_MEETING, UA_NOTE,
						    UA_CLOSE_CASE, UA_REFERRALS, UA_MEMBERS, UA_NONE };
	static const enum ui_action closed_case[] = { UA_OPEN, UA_EDIT, UA_MEETING, UA_NOTE, UA_REOPEN,
						      UA_REFERRALS, UA_EVALUATE, UA_MEMBERS, UA_NONE };
	struct case_view *cv = scr->data;

	if (!cv || !cv->c.status)
		return scr->ops->actions;
	return strcmp(cv->c.status, "closed") == 0 ? closed_case : open_case;
}

static void cv_resume(struct screen *scr)
{
	if (!load(scr))
		ui_close(scr);
}

const struct screen_ops screen_case = {
	.name = "case",
	.title = N_("Case"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_EDIT, UA_ASSIGN, UA_MEETING, UA_NOTE,
					     UA_CLOSE_CASE, UA_REOPEN, UA_REFERRALS, UA_EVALUATE,
					     UA_MEMBERS, UA_NONE },
	.actions_now = cv_actions_now,
	.open = cv_open,
	.draw = cv_draw,
	.handle = cv_handle,
	.resume = cv_resume,
	.close = cv_close,
};
