/* Recording the company's evaluation of a closed case: "would you
 * recommend the erhvervshus" 0-10, "did the guidance affect your
 * operations or development positively" yes / no / don't know (either may
 * be left unanswered), the date and a comment. evaluation_record checks
 * everything; a comment that looks like a CPR number is saved only when
 * the user confirms. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "src/clock.h"
#include "src/evaluation.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* the form edits text; save turns it into a struct evaluation */
struct eval_record {
	char *recommend;        /* "", "0".."10" */
	char *effect;           /* "", yes, no, dont_know */
	char *answered;
	char *comment;
};

enum { F_RECOMMEND, F_EFFECT, F_DATE, F_COMMENT, F_COUNT };

#define EF(member) offsetof(struct eval_record, member)

static const struct form_field fields[F_COUNT] = {
	[F_RECOMMEND] = { .label = N_("Would recommend (0-10)"), .kind = FORM_CHOICE, .offset = EF(recommend) },
	[F_EFFECT] = { .label = N_("Positive effect"), .kind = FORM_CHOICE, .offset = EF(effect) },
	[F_DATE] = { .label = N_("Answered on"), .kind = FORM_DATE, .offset = EF(answered), .max_chars = 10 },
	[F_COMMENT] = { .label = N_("Comment"), .kind = FORM_TEXT, .offset = EF(comment), .max_chars = 2000 },
};

struct eval_form {
	char *case_id;
	struct eval_record rec;
	struct form *form;
};

static bool ef_open(struct screen *scr, void *arg)
{
	static const char *const scores[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" };
	struct eval_form *ef = xcalloc(1, sizeof *ef);
	struct pick_item items[12];
	char today[CLOCK_DATE_LEN];

	scr->data = ef;
	ef->case_id = xstrdup(arg);
	clock_today(today);
	ef->rec.recommend = xstrdup("");
	ef->rec.effect = xstrdup("");
	ef->rec.answered = xstrdup(today);
	ef->rec.comment = xstrdup("");
	ef->form = form_create(fields, F_COUNT, &ef->rec);
	items[0] = (struct pick_item){ "", _("unanswered") };
	for (int i = 0; i <= 10; i++)
		items[i + 1] = (struct pick_item){ scores[i], scores[i] };
	form_set_choices(ef->form, F_RECOMMEND, items, 12);
	items[0] = (struct pick_item){ "", _("unanswered") };
	for (int i = 0; evaluation_effects[i]; i++)
		items[i + 1] = (struct pick_item){ evaluation_effects[i],
						   evaluation_effect_label(evaluation_effects[i]) };
	form_set_choices(ef->form, F_EFFECT, items, 4);
	return true;
}

static void ef_draw(struct screen *scr, const struct ui_rect *area)
{
	struct eval_form *ef = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };

	draw_title(area, _("Evaluation of the closed case"));
	form_draw(ef->form, scr->ui, &r);
}

static enum kp_status record(struct screen *scr, bool allow_cpr)
{
	struct eval_form *ef = scr->data;
	struct evaluation e = {
		.case_id = xstrdup(ef->case_id),
		.recommend = *ef->rec.recommend ? atoi(ef->rec.recommend) : -1,
		.effect = *ef->rec.effect ? xstrdup(ef->rec.effect) : NULL,
		.answered = xstrdup(ef->rec.answered),
		.comment = xstrdup(ef->rec.comment),
	};
	enum kp_status st = evaluation_record(scr->ui->s, &e, allow_cpr);

	evaluation_finish(&e);
	return st;
}

static void save(struct screen *scr)
{
	struct eval_form *ef = scr->data;
	enum kp_status st;

	if (!form_apply(ef->form, scr->ui))
		return;
	st = record(scr, false);
	if (st == KP_ERR_REFUSED) {
		char *q = xasprintf(_("%s. Save anyway?"), session_message(scr->ui->s));
		bool yes = ui_confirm(scr->ui, q);

		free(q);
		if (!yes)
			return;
		st = record(scr, true);
	}
	if (st != KP_OK) {
		ui_fail(scr->ui);
		return;
	}
	form_mark_clean(ef->form);
	ui_info(scr->ui, "%s", _("evaluation recorded"));
	ui_close(scr);
}

static enum ui_result ef_handle(struct screen *scr, const struct ui_event *ev)
{
	struct eval_form *ef = scr->data;

	if (ev->action == UA_SAVE) {
		save(scr);
		return UI_DONE;
	}
	return form_handle(ef->form, scr->ui, ev);
}

static bool ef_dirty(struct screen *scr)
{
	struct eval_form *ef = scr->data;

	return form_dirty(ef->form);
}

static void ef_close(struct screen *scr)
{
	struct eval_form *ef = scr->data;

	form_destroy(ef->form);
	free(ef->rec.recommend);
	free(ef->rec.effect);
	free(ef->rec.answered);
	free(ef->rec.comment);
	free(ef->case_id);
	free(ef);
}

const struct screen_ops screen_evaluation_form = {
	.name = "evaluation_form",
	.title = N_("Evaluation"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_NEXT_FIELD, UA_PREV_FIELD, UA_TOGGLE,
					     UA_NONE },
	.open = ef_open,
	.draw = ef_draw,
	.handle = ef_handle,
	.dirty = ef_dirty,
	.close = ef_close,
};
