/* Sync with the trusted sites (issue 5): this site, the peers with their
 * fingerprints, last export and import and the changes waiting for each;
 * x exports what the selected site lacks to a file (X everything, for a
 * new or restored site), i imports files and shows what changed or why a
 * file was refused, H applies the files held for their date. Every rule
 * is in src/sync*.c; this screen asks and shows. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "ui/textview.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/sync_review.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PANEL 6              /* rows below the list: the selected site, held files */

struct sync_screen {
	struct ui *ui;
	struct sync_view v;
	bool loaded;
	struct ref_item *locations;  /* the location names, read once at open */
	int nlocations;
	struct list list;
};

static const struct list_column columns[] = {
	/* the location's name says the house too */
	{ N_("Site"), 0 }, { N_("Location"), 14 }, { N_("Fingerpr."), 10 },
	{ N_("State"), 8 }, { N_("Waiting"), 7 },
};

/* "2026-03-02T09:00:01Z" as "2026-03-02 09:00" (or "never"). */
static void when(const char *ts, char out[20])
{
	if (!ts || strlen(ts) < 16)
		snprintf(out, 20, "%s", _("never"));
	else
		snprintf(out, 20, "%.10s %.5s", ts, ts + 11);
}

static char *row_text(void *ctx, int i)
{
	struct sync_screen *ss = ctx;
	const struct sync_peer_view *p = &ss->v.peers[i];

	const char *where = refdata_label_in(ss->locations, ss->nlocations, p->peer.location);

	return xasprintf("%s\t%s\t%.9s\t%s\t%lld", p->peer.name, where, p->fp,
			 p->peer.revoked_at ? _("revoked") : _("trusted"), (long long)p->waiting);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct sync_screen *ss = scr->data;

	sync_view_finish(&ss->v);
	ss->loaded = sync_view_get(scr->ui->s, &ss->v) == KP_OK;
	if (!ss->loaded)
		ui_fail(scr->ui);
	list_reload(&ss->list, ss->v.npeers);
}

static bool sy_open(struct screen *scr, void *arg)
{
	struct sync_screen *ss = xcalloc(1, sizeof *ss);

	(void)arg;
	scr->data = ss;
	ss->ui = scr->ui;
	if (refdata_list(scr->ui->s, REF_LOCATION, &ss->locations, &ss->nlocations) != KP_OK)
		ss->nlocations = 0;      /* the keys show instead */
	list_init(&ss->list, &list_ops, ss, columns, sizeof columns / sizeof columns[0]);
	ss->list.empty = _("no trusted sites yet: an administrator trusts a site's card "
			   "(knudepunkt site trust FILE)");
	reload(scr);
	return true;
}

static void sy_draw(struct screen *scr, const struct ui_rect *area)
{
	struct sync_screen *ss = scr->data;
	const struct sync_view *v = &ss->v;
	struct strbuf sb = STRBUF_INIT;
	int panel = area->h >= 14 ? PANEL : 0, y;
	struct ui_rect r = { area->y + 5, area->x, area->h - 5 - panel, area->w };

	draw_title(area, _("Sync with other sites"));
	if (!ss->loaded) {
		draw_text(area->y + 1, area->x, area->w, session_message(scr->ui->s), UC_ERROR, false);
		return;
	}
	char *house = refdata_label_of(scr->ui->s, REF_HOUSE, v->house);
	const char *where = refdata_label_in(ss->locations, ss->nlocations, v->location);
	strbuf_addf(&sb, _("This site: %s (%s, %s; deployment %s)"), v->name, house, where,
		    v->deployment);
	free(house);
	draw_text(area->y + 1, area->x, area->w, strbuf_str(&sb), UC_NORMAL, true);
	draw_pair(area->y + 2, area->x, area->w, 14, _("Fingerprint"), v->fp);
	strbuf_reset(&sb);
	strbuf_addf(&sb, _("%lld changes; %d conflicts (%d unresolved); %d rows not applied"),
		    (long long)v->changes, v->conflicts, v->unresolved, v->unapplied);
	draw_text(area->y + 3, area->x, area->w, strbuf_str(&sb), v->unresolved ? UC_LABEL : UC_DIM, true);
	list_draw(&ss->list, &r, true);
	if (!panel) {
		strbuf_finish(&sb);
		return;
	}
	y = area->y + area->h - panel;
	for (int i = 0; i < panel; i++)
		draw_fill(y + i, area->x, area->w, UC_NORMAL);
	if (v->npeers > 0) {
		const struct sync_peer_view *p = &v->peers[ss->list.cur];
		char ex[20], im[20];
		int half = area->w / 2, lw = 14;

		when(p->peer.last_export, ex);
		when(p->peer.last_import, im);
		draw_pair(y, area->x, area->w, lw, _("Fingerprint"), p->fp);
		draw_pair(y + 1, area->x, half - 1, lw, _("Last export"), ex);
		draw_pair(y + 1, area->x + half, area->w - half, lw, _("Last import"), im);
		strbuf_reset(&sb);
		strbuf_addf(&sb, _("up to change %lld"), (long long)p->peer.peer_has);
		draw_pair(y + 2, area->x, half - 1, lw, _("Has of ours"), strbuf_str(&sb));
		strbuf_reset(&sb);
		strbuf_addf(&sb, _("up to change %lld"), (long long)p->peer.have);
		draw_pair(y + 2, area->x + half, area->w - half, lw, _("We have"), strbuf_str(&sb));
	}
	strbuf_reset(&sb);
	if (v->nheld == 0) {
		draw_text(y + 3, area->x, area->w, _("No files held."), UC_DIM, true);
	} else {
		strbuf_addf(&sb, _("Held, dated ahead of this computer's clock (H applies them): %d"), v->nheld);
		draw_text(y + 3, area->x, area->w, strbuf_str(&sb), UC_LABEL, true);
		for (int i = 0; i < v->nheld && i < panel - 4; i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, _("  %s  from %s, dated %s"), v->held[i].path, v->held[i].sender,
				    v->held[i].dated);
			draw_text(y + 4 + i, area->x, area->w, strbuf_str(&sb), UC_NORMAL, true);
		}
	}
	strbuf_finish(&sb);
}

static void do_export(struct screen *scr, bool full)
{
	struct sync_screen *ss = scr->data;
	const struct sync_peer_view *p;
	struct sync_export_result r;
	char *def, *path, *q;

	if (!ss->loaded || ss->v.npeers == 0) {
		ui_error(scr->ui, "%s", _("no trusted site to export to"));
		return;
	}
	p = &ss->v.peers[ss->list.cur];
	def = sync_export_default_name(p->peer.name);
	q = xasprintf(full ? _("Everything for %s, to file: ") : _("What %s lacks, to file: "), p->peer.name);
	path = prompt_line(scr->ui, q, def);
	free(q);
	free(def);
	if (!path || !*path) {
		free(path);
		return;
	}
	if (access(path, F_OK) == 0) {
		q = xasprintf(_("%s exists. Replace it?"), path);
		bool yes = ui_confirm(scr->ui, q);
		free(q);
		if (!yes) {
			free(path);
			return;
		}
	}
	if (sync_export_file(scr->ui->s, p->peer.site, full, path, &r) != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, _("wrote %s: %ld rows, %ld fields, %ld conflict entries, %zu bytes"), path,
			r.rows, r.cells, r.conflicts, r.bytes);
	free(path);
	reload(scr);
}

/* Imports each path, appending a report line per file; returns how many
 * were applied. */
static int import_paths(struct screen *scr, char **paths, int n, int flags, struct strbuf *rep)
{
	int applied = 0;

	for (int i = 0; i < n; i++) {
		struct sync_import_result r;
		enum kp_status st = sync_import_path(scr->ui->s, paths[i], flags, &r);

		strbuf_addf(rep, "%s\n", paths[i]);
		if (st != KP_OK) {
			strbuf_addf(rep, r.held ? _("  HELD, not applied: %s\n") : _("  REFUSED, nothing changed: %s\n"),
				    session_message(scr->ui->s));
		} else if (r.already) {
			strbuf_addf(rep, "%s\n", _("  already applied before; nothing changed"));
		} else {
			applied++;
			strbuf_addf(rep, _("  applied: %ld rows, %ld fields, %ld conflict entries in the file;\n"
					   "  %ld records written, %ld deleted, %ld new conflicts\n"),
				    r.rows, r.cells, r.conflicts, r.written, r.deleted, r.new_conflicts);
			if (r.refused)
				strbuf_addf(rep, _("  %ld rows kept but not applied: this version's schema refuses them\n"),
					    r.refused);
		}
	}
	return applied;
}

/* Splits a line into file names at blanks; "double quotes" keep a name
 * with blanks whole. The names point into line. Returns the count. */
static int split_paths(char *line, char ***out)
{
	char **v = NULL, *r = line, *w;
	int n = 0;

	while (*r) {
		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			break;
		v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = w = r;
		if (*r == '"') {
			v[n - 1] = w = ++r;
			while (*r && *r != '"')
				*w++ = *r++;
			if (*r)
				r++;
		} else {
			while (*r && *r != ' ' && *r != '\t')
				*w++ = *r++;
			if (*r)
				r++;
		}
		*w = '\0';
	}
	*out = v;
	return n;
}

static void do_import(struct screen *scr)
{
	char *line = prompt_line(scr->ui, _("Import file(s), separated by spaces (\"a name\" with spaces): "), "");
	struct strbuf rep = STRBUF_INIT;
	char **paths = NULL;
	int n = 0;

	if (!line)
		return;
	n = split_paths(line, &paths);
	if (n > 0) {
		import_paths(scr, paths, n, 0, &rep);
		textview_show(scr->ui, _("Import"), strbuf_str(&rep));
	}
	strbuf_finish(&rep);
	free(paths);
	free(line);
	reload(scr);
}

static void do_held(struct screen *scr)
{
	struct sync_screen *ss = scr->data;
	struct strbuf rep = STRBUF_INIT;
	char **paths, *q;
	int n;

	if (!ss->loaded || ss->v.nheld == 0) {
		ui_info(scr->ui, "%s", _("no files are held"));
		return;
	}
	q = xasprintf(_("Apply %d held files although they are dated ahead of this computer's clock "
			"(only if the clock here is wrong, or the sender's is known to be fast)?"), ss->v.nheld);
	bool yes = ui_confirm(scr->ui, q);
	free(q);
	if (!yes)
		return;
	n = ss->v.nheld;
	paths = xcalloc((size_t)n, sizeof *paths);
	for (int i = 0; i < n; i++)
		paths[i] = xstrdup(ss->v.held[i].path);
	import_paths(scr, paths, n, SYNC_IMPORT_ACCEPT_FUTURE, &rep);
	textview_show(scr->ui, _("Held files"), strbuf_str(&rep));
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	strbuf_finish(&rep);
	reload(scr);
}

static enum ui_result sy_handle(struct screen *scr, const struct ui_event *ev)
{
	struct sync_screen *ss = scr->data;

	switch (ev->action) {
	case UA_SYNC_EXPORT: do_export(scr, false); return UI_DONE;
	case UA_SYNC_FULL: do_export(scr, true); return UI_DONE;
	case UA_SYNC_IMPORT: do_import(scr); return UI_DONE;
	case UA_SYNC_HELD: do_held(scr); return UI_DONE;
	case UA_INTEGRITY: ui_push(scr->ui, &screen_integrity, NULL); return UI_DONE;
	default: return list_handle(&ss->list, scr->ui, ev);
	}
}

static void sy_resume(struct screen *scr)
{
	reload(scr);
}

static void sy_close(struct screen *scr)
{
	struct sync_screen *ss = scr->data;

	list_finish(&ss->list);
	sync_view_finish(&ss->v);
	ref_list_free(ss->locations, ss->nlocations);
	free(ss);
}

const struct screen_ops screen_sync = {
	.name = "sync",
	.title = N_("Sync"),
	.actions = (const enum ui_action[]){ UA_SYNC_EXPORT, UA_SYNC_FULL, UA_SYNC_IMPORT, UA_SYNC_HELD,
					     UA_INTEGRITY,
					     UA_NONE },
	.open = sy_open,
	.draw = sy_draw,
	.handle = sy_handle,
	.resume = sy_resume,
	.close = sy_close,
};
