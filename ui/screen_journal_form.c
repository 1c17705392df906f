/* Logging a meeting (date, duration, place, participants, summary) or a
 * note on a case. journal_log_meeting / journal_add_note validate; text
 * that looks like a CPR number is refused by the core, and saved only
 * when the user confirms. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/journal.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { F_DATE, F_DURATION, F_PLACE, F_PARTICIPANTS, F_SUMMARY, F_COUNT };

#define JF(member) offsetof(struct journal_entry, member)

static const struct form_field fields[F_COUNT] = {
	[F_DATE] = { .label = N_("Date"), .kind = FORM_DATE,
		.offset = JF(occurred), .max_chars = 10 },
	[F_DURATION] = { .label = N_("Duration (minutes)"), .kind = FORM_NUMBER,
		.offset = JF(duration_min) },
	[F_PLACE] = { .label = N_("Place"), .kind = FORM_CHOICE, .offset = JF(place) },
	[F_PARTICIPANTS] = { .label = N_("Participants"), .kind = FORM_TEXT,
		.offset = JF(participants), .max_chars = 500 },
	[F_SUMMARY] = { .label = N_("Summary"), .kind = FORM_TEXT,
		.offset = JF(summary), .max_chars = 4000 },
};

struct journal_form {
	struct journal_entry e;
	bool meeting;
	struct form *form;
};

static bool jf_open(struct screen *scr, void *arg)
{
	const struct journal_form_arg *a = arg;
	struct journal_form *jf = xcalloc(1, sizeof *jf);
	struct pick_item places[8];
	char today[CLOCK_DATE_LEN];
	int n = 0;

	scr->data = jf;
	jf->meeting = strcmp(a->kind, "meeting") == 0;
	clock_today(today);
	jf->e.case_id = xstrdup(a->case_id);
	jf->e.kind = xstrdup(a->kind);
	jf->e.occurred = xstrdup(today);
	jf->e.place = xstrdup(jf->meeting ? "house" : "");
	jf->form = form_create(fields, F_COUNT, &jf->e);
	for (const char *const *p = journal_places; *p && n < 8; p++, n++)
		places[n] = (struct pick_item){ *p, journal_place_label(*p) };
	form_set_choices(jf->form, F_PLACE, places, n);
	form_set_hidden(jf->form, F_DURATION, !jf->meeting);
	form_set_hidden(jf->form, F_PLACE, !jf->meeting);
	form_set_hidden(jf->form, F_PARTICIPANTS, !jf->meeting);
	form_focus(jf->form, jf->meeting ? F_DURATION : F_SUMMARY);
	return true;
}

static void jf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct journal_form *jf = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, jf->meeting ? _("Log a meeting") : _("Add a note"));
	form_draw(jf->form, scr->ui, &r);
}

static enum kp_status write_entry(struct screen *scr, bool allow_cpr)
{
	struct journal_form *jf = scr->data;

	return jf->meeting ? journal_log_meeting(scr->ui->s, &jf->e, allow_cpr)
			   : journal_add_note(scr->ui->s, &jf->e, allow_cpr);
}

static void save(struct screen *scr)
{
	struct journal_form *jf = scr->data;
	enum kp_status st;

	if (!form_apply(jf->form, scr->ui))
		return;
	st = write_entry(scr, false);
	if (st == KP_ERR_REFUSED) {
		char *q = xasprintf(_("%s. Save anyway?"), session_message(scr->ui->s));
		bool yes = ui_confirm(scr->ui, q);

		free(q);
		if (!yes)
			return;
		st = write_entry(scr, true);
	}
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	form_mark_clean(jf->form);
	ui_info(scr->ui, "%s", jf->meeting ? _("meeting logged") : _("note added"));
	ui_close(scr);
}

static enum ui_result jf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct journal_form *jf = scr->data;

	if (ev->action == UA_SAVE) {
		save(scr);
		return UI_DONE;
	}
	return form_handle(jf->form, scr->ui, ev);
}

static bool jf_dirty(struct screen *scr)
{
	struct journal_form *jf = scr->data;

	return form_dirty(jf->form);
}

static void jf_close(struct screen *scr)
{
	struct journal_form *jf = scr->data;

	form_destroy(jf->form);
	journal_entry_finish(&jf->e);
	free(jf);
}

const struct screen_ops screen_journal_form = {
	.name = "journal_form",
	.title = N_("Journal entry"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = jf_open,
	.draw = jf_draw,
	.handle = jf_handle,
	.dirty = jf_dirty,
	.close = jf_close,
};
