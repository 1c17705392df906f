/* Result-contract targets of a year for the house or one branch: one line
 * per goal metric with the target in force (set, the national one, or
 * none). Enter or e asks for a new value; target_set validates, saves and
 * audits. */
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/target.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct targets_screen {
	char *house;
	char *location;
	int year;
	struct target_set t;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Goal"), 4 }, { N_("Metric"), 0 }, { N_("Target"), 10 }, { N_("Source"), 24 },
};

static const char *source_label(enum target_source src)
{
	switch (src) {
	case TARGET_SET: return _("result contract");
	case TARGET_NATIONAL: return _("national (agreement)");
	default: return _("none");
	}
}

static char *row_text(void *ctx, int i)
{
	struct targets_screen *ts = ctx;
	char value[32] = "-";

	if (ts->t.source[i] != TARGET_NONE)
		snprintf(value, sizeof value, "%g", ts->t.value[i]);
	return xasprintf("%s\t%s\t%s\t%s", target_metric_goal(i), target_metric_label(i), value,
			 source_label(ts->t.source[i]));
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct targets_screen *ts = scr->data;

	if (target_get(scr->ui->s, ts->house, ts->location, ts->year, &ts->t) != KP_OK)
		ui_fail(scr->ui);
	list_reload(&ts->list, METRIC_COUNT);
}

static bool ts_open(struct screen *scr, void *arg)
{
	const struct targets_arg *a = arg;
	struct targets_screen *ts = xcalloc(1, sizeof *ts);

	scr->data = ts;
	ts->house = xstrdup(a->house ? a->house : scr->ui->s->user.house);
	ts->location = a->location ? xstrdup(a->location) : NULL;
	ts->year = a->year;
	list_init(&ts->list, &list_ops, ts, columns, 4);
	reload(scr);
	return true;
}

static void ts_draw(struct screen *scr, const struct ui_rect *area)
{
	struct targets_screen *ts = scr->data;
	struct ui_rect r = { area->y + 2, area->x, area->h - 2, area->w };
	char *house = refdata_label_of(scr->ui->s, REF_HOUSE, ts->house);
	char *line = xasprintf(_("Result-contract targets %d: %s%s%s"), ts->year, house,
			       ts->location ? ", " : "", ts->location ? ts->location : "");

	draw_title(area, line);
	free(line);
	free(house);
	list_draw(&ts->list, &r, true);
}

static void edit(struct screen *scr)
{
	struct targets_screen *ts = scr->data;
	enum goal_metric m = (enum goal_metric)ts->list.cur;
	char initial[32] = "", *q, *text, *end;

	if (ts->t.source[m] == TARGET_SET)
		snprintf(initial, sizeof initial, "%g", ts->t.value[m]);
	q = xasprintf(_("Target for %s in %d"), target_metric_label(m), ts->year);
	text = prompt_line(scr->ui, q, initial);
	free(q);
	if (!text)
		return;
	double v = strtod(text_trim(text), &end);
	if (!*text || *end)
		ui_error(scr->ui, _("a target is a number, not %s"), text);
	else if (target_set(scr->ui->s, ts->house, ts->location, ts->year, target_metric_key(m), v)
		 != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, _("target saved"));
	free(text);
	reload(scr);
}

static enum ui_result ts_handle(struct screen *scr, const struct ui_event *ev)
{
	struct targets_screen *ts = scr->data;

	switch (ev->action) {
	case UA_OPEN: case UA_EDIT:
		edit(scr);
		return UI_DONE;
	default:
		return list_handle(&ts->list, scr->ui, ev);
	}
}

static void ts_close(struct screen *scr)
{
	struct targets_screen *ts = scr->data;

	list_finish(&ts->list);
	free(ts->house);
	free(ts->location);
	free(ts);
}

const struct screen_ops screen_targets = {
	.name = "targets",
	.title = N_("Targets"),
	.actions = (const enum ui_action[]){ UA_EDIT, UA_OPEN, UA_NONE },
	.open = ts_open,
	.draw = ts_draw,
	.handle = ts_handle,
	.close = ts_close,
};
