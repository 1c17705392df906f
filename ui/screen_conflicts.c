/* Sync conflicts for supervisors (issue 5): every entry of the replicated
 * conflict log, newest first, the unresolved ones (v: all). The panel
 * shows the selected entry's record, both values, sites and times; r
 * restores the other value (a new write through src/, audited, which
 * syncs and wins at every site) and K keeps the winner; both mark the
 * entry resolved everywhere. Enter shows the entry in full. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/textview.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/sync_review.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PANEL 6

struct conflicts {
	struct sync_conflict_view *items;
	int n;
	bool all;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("When"), 16 }, { N_("Table"), 12 }, { N_("Record"), 0 }, { N_("Field"), 14 }, { N_("State"), 10 },
};

static const char *state_label(const struct sync_conflict_view *c)
{
	if (!c->resolution)
		return _("unresolved");
	return strcmp(c->resolution, "restored") == 0 ? _("restored") : _("kept");
}

/* The later of the two writes, as "2026-03-02 09:00". */
static void when(const struct sync_conflict_view *c, char out[20])
{
	const char *t = strcmp(c->winner_at, c->loser_at) > 0 ? c->winner_at : c->loser_at;

	snprintf(out, 20, "%.10s %.5s", t, t + 11);
}

static char *row_text(void *ctx, int i)
{
	struct conflicts *cs = ctx;
	const struct sync_conflict_view *c = &cs->items[i];
	char w[20];

	when(c, w);
	return xasprintf("%s\t%s\t%s\t%s\t%s", w, sync_table_label(c->tbl), c->label, c->col, state_label(c));
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct conflicts *cs = scr->data;

	sync_conflict_view_list_free(cs->items, cs->n);
	cs->items = NULL;
	cs->n = 0;
	if (sync_conflicts(scr->ui->s, cs->all, &cs->items, &cs->n) != KP_OK)
		ui_fail(scr->ui);
	list_reload(&cs->list, cs->n);
}

static bool cf_open(struct screen *scr, void *arg)
{
	struct conflicts *cs = xcalloc(1, sizeof *cs);

	(void)arg;
	scr->data = cs;
	list_init(&cs->list, &list_ops, cs, columns, 5);
	reload(scr);
	return true;
}

static const char *shown(const struct sync_conflict_view *c, const char *v)
{
	if (c->hidden)
		return _("(withheld: you may not read this record)");
	return v ? v : _("(empty)");
}

/* "\"value\"  site, time" for the panel (caller frees). */
static char *side(const struct sync_conflict_view *c, const char *v, const char *site, const char *at)
{
	if (c->hidden)
		return xasprintf("%s  %s, %.10s %.8s", shown(c, v), site, at, at + 11);
	return xasprintf("\"%s\"  %s, %.10s %.8s", shown(c, v), site, at, at + 11);
}

static void cf_draw(struct screen *scr, const struct ui_rect *area)
{
	struct conflicts *cs = scr->data;
	int panel = area->h >= 14 ? PANEL : 0, y, lw = 10;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1 - panel, area->w };
	char *t;

	t = xasprintf(cs->all ? _("Sync conflicts: all %d entries") : _("Sync conflicts: %d unresolved"), cs->n);
	draw_title(area, t);
	free(t);
	cs->list.empty = cs->all ? _("the conflict log is empty") : _("no unresolved conflicts (v shows all)");
	list_draw(&cs->list, &r, true);
	if (!panel)
		return;
	y = area->y + area->h - panel;
	for (int i = 0; i < panel; i++)
		draw_fill(y + i, area->x, area->w, UC_NORMAL);
	if (cs->n == 0)
		return;
	const struct sync_conflict_view *c = &cs->items[cs->list.cur];
	t = xasprintf("%s  (%s %.8s, %s)", c->label, sync_table_label(c->tbl), c->row_id, c->col);
	draw_pair(y, area->x, area->w, lw, _("Record"), t);
	free(t);
	if (c->deleted && c->kind == SYNC_CONFLICT_DELETE) {
		t = xasprintf(_("the record was deleted  %s, %.10s %.8s"), c->winner_site, c->winner_at,
			      c->winner_at + 11);
		draw_pair(y + 1, area->x, area->w, lw, _("Won"), t);
	} else {
		if (c->winner_current)
			t = side(c, c->winner_value, c->winner_site, c->winner_at);
		else if (c->hidden)
			t = xstrdup(shown(c, NULL));
		else
			t = xasprintf(_("\"%s\"  (changed after the conflict)"), shown(c, c->winner_value));
		draw_pair(y + 1, area->x, area->w, lw, c->winner_current ? _("Won") : _("Now"), t);
	}
	free(t);
	t = side(c, c->loser_value, c->loser_site, c->loser_at);
	draw_pair(y + 2, area->x, area->w, lw, _("Lost"), t);
	free(t);
	if (c->resolution)
		t = xasprintf(_("%s on %.10s by %s"), strcmp(c->resolution, "restored") == 0
			      ? _("the other value restored") : _("the winning value kept"), c->resolved_at,
			      c->resolved_by);
	else
		t = xstrdup(_("unresolved: r restores the other value, K keeps this one"));
	draw_pair(y + 3, area->x, area->w, lw, _("State"), t);
	free(t);
	draw_pair(y + 4, area->x, area->w, lw, _("Id"), c->id);
}

static void show(struct screen *scr)
{
	struct conflicts *cs = scr->data;
	const struct sync_conflict_view *c = &cs->items[cs->list.cur];
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s: %s\n%s: %s %s\n%s: %s\n%s: %s\n", _("Id"), c->id, _("Table"), sync_table_label(c->tbl), c->row_id,
		    _("Record"), c->label, _("Field"), c->col);
	if (c->deleted && c->kind == SYNC_CONFLICT_DELETE)
		strbuf_addf(&sb, "%s: %s (%s, %s)\n", _("Won"), _("the record was deleted"), c->winner_site,
			    c->winner_at);
	else if (c->winner_current)
		strbuf_addf(&sb, "%s: %s (%s, %s)\n", _("Won"), shown(c, c->winner_value), c->winner_site,
			    c->winner_at);
	else
		strbuf_addf(&sb, "%s: %s (%s)\n%s: %s, %s\n", _("Now"), shown(c, c->winner_value),
			    _("changed after the conflict"), _("The winning write"), c->winner_site, c->winner_at);
	strbuf_addf(&sb, "%s: %s (%s, %s)\n", _("Lost"), shown(c, c->loser_value), c->loser_site, c->loser_at);
	strbuf_addf(&sb, "%s: %s\n", _("State"), state_label(c));
	if (c->resolution)
		strbuf_addf(&sb, _("Resolved: %s by %s\n"), c->resolved_at, c->resolved_by);
	textview_show(scr->ui, _("Sync conflict"), strbuf_str(&sb));
	strbuf_finish(&sb);
}

static void decide(struct screen *scr, bool restore)
{
	struct conflicts *cs = scr->data;
	const struct sync_conflict_view *c = &cs->items[cs->list.cur];
	char *q, *id = xstrdup(c->id);
	bool yes;

	if (c->resolution) {
		ui_error(scr->ui, "%s", _("this conflict is already resolved"));
		free(id);
		return;
	}
	if (restore && !c->hidden)
		q = xasprintf(_("Write \"%s\" into %s of %s again? It becomes the value at every site."),
			      shown(c, c->loser_value), c->col, c->label);
	else
		q = xasprintf(restore ? _("Restore the other value of %s of %s?")
				      : _("Keep the value of %s of %s and mark the conflict resolved?"), c->col, c->label);
	yes = ui_confirm(scr->ui, q);
	free(q);
	if (yes) {
		if ((restore ? sync_conflict_restore(scr->ui->s, id) : sync_conflict_keep(scr->ui->s, id)) != KP_OK)
			ui_fail(scr->ui);
		else
			ui_info(scr->ui, "%s", restore ? _("the other value is written; the next export takes it to the other sites")
						       : _("marked resolved; the winning value stays"));
		reload(scr);
	}
	free(id);
}

static enum ui_result cf_handle(struct screen *scr, const struct ui_event *ev)
{
	struct conflicts *cs = scr->data;

	switch (ev->action) {
	case UA_OPEN:
		if (cs->n > 0)
			show(scr);
		return UI_DONE;
	case UA_CONFLICT_RESTORE:
	case UA_CONFLICT_KEEP:
		if (cs->n > 0)
			decide(scr, ev->action == UA_CONFLICT_RESTORE);
		return UI_DONE;
	case UA_CONFLICT_ALL:
		cs->all = !cs->all;
		reload(scr);
		return UI_DONE;
	default:
		return list_handle(&cs->list, scr->ui, ev);
	}
}

static void cf_resume(struct screen *scr)
{
	reload(scr);
}

static void cf_close(struct screen *scr)
{
	struct conflicts *cs = scr->data;

	list_finish(&cs->list);
	sync_conflict_view_list_free(cs->items, cs->n);
	free(cs);
}

const struct screen_ops screen_conflicts = {
	.name = "conflicts",
	.title = N_("Conflicts"),
	.actions = (const enum ui_action[]){ UA_CONFLICT_RESTORE, UA_CONFLICT_KEEP, UA_CONFLICT_ALL, UA_NONE },
	.open = cf_open,
	.draw = cf_draw,
	.handle = cf_handle,
	.resume = cf_resume,
	.close = cf_close,
};
