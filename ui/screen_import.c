/* Import companies from a CSV file: a preview before anything is written.
 * Opening runs import_companies as a dry run and shows what it found: the
 * encoding and delimiter (detected or chosen), which column feeds which
 * field, what would be created, updated, kept or rejected, every problem
 * with its line and column, where the file disagrees with the database,
 * and the first rows. E, D and C change the encoding, delimiter and
 * mapping (the preview runs again); U and S switch --update and
 * --skip-bad; F2 imports, after a (y/N) question. Once imported, none of
 * these keys is offered or does anything: the screen shows the result to
 * read, and Esc goes back. The same screen imports
 * the evaluation system's answers (screen_import_evaluations: no
 * mapping or update there). All rules are the core's (src/import.c,
 * src/import_eval.c); this screen only shows them. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "src/charset.h"
#include "src/csv.h"
#include "src/datafile.h"
#include "src/i18n.h"
#include "src/import.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREVIEW_ROWS 20

struct import_screen {
	char *path;
	bool evaluations;
	char *data;
	size_t len;
	char *encoding;          /* NULL: detect */
	char delimiter;          /* 0: detect */
	char *map;               /* NULL: by header names */
	bool update, skip_bad;
	struct import_result r;
	enum kp_status st;
	char *message;           /* of the last run, when it failed */
	bool imported;
	char **lines;
	int nlines;
	struct list list;
};

static void add_line(struct import_screen *is, char *line)
{
	is->lines = xrealloc(is->lines, (size_t)(is->nlines + 1) * sizeof *is->lines);
	is->lines[is->nlines++] = line;
}

static void free_lines(struct import_screen *is)
{
	for (int i = 0; i < is->nlines; i++)
		free(is->lines[i]);
	free(is->lines);
	is->lines = NULL;
	is->nlines = 0;
}

static const char *status_word(enum import_row_status st)
{
	switch (st) {
	case IMPORT_ROW_NEW: return _("new");
	case IMPORT_ROW_UPDATE: return _("update");
	case IMPORT_ROW_UNCHANGED: return _("unchanged");
	default: return _("error");
	}
}

static void render_mapping(struct import_screen *is)
{
	const struct import_result *r = &is->r;
	struct strbuf ignored = STRBUF_INIT;

	add_line(is, xstrdup(_("Columns:")));
	for (int c = 0; c < r->ncolumns; c++) {
		const char *label = r->column_label ? r->column_label[c] : NULL;

		if (label)
			add_line(is, xasprintf("  %d %s -> %s", c + 1, r->header[c], _(label)));
		else
			strbuf_addf(&ignored, "%s%s", ignored.len ? ", " : "", r->header[c]);
	}
	if (ignored.len)
		add_line(is, xasprintf(_("  ignored: %s"), ignored.buf));
	strbuf_finish(&ignored);
}

static void render(struct import_screen *is)
{
	const struct import_result *r = &is->r;

	free_lines(is);
	add_line(is, xasprintf(_("File: %s"), is->path));
	if (r->ncolumns > 0 || r->charset_detected || is->encoding)
		add_line(is, xasprintf(_("Encoding: %s%s   Delimiter: %s%s"), charset_label(r->charset),
				       r->charset_detected ? _(" (detected)") : "",
				       csv_delimiter_name(r->delimiter ? r->delimiter : ';'),
				       r->delimiter_detected ? _(" (detected)") : ""));
	if (is->evaluations)
		add_line(is, xasprintf(_("Skip bad rows: %s"), is->skip_bad ? _("yes") : _("no")));
	else
		add_line(is, xasprintf(_("Update where the file disagrees: %s   Skip bad rows: %s"),
				       is->update ? _("yes") : _("no"),
				       is->skip_bad ? _("yes") : _("no")));
	if (is->evaluations && (is->imported || is->st == KP_OK || r->rows > 0))
		add_line(is, xasprintf(is->imported ? _("Imported: recorded %ld, already evaluated "
							"%ld, rejected %ld")
						    : _("Would record %ld, already evaluated %ld, "
							"reject %ld"),
				       r->created, r->unchanged, r->rejected));
	else if (is->imported)
		add_line(is, xasprintf(_("Imported: created %ld, updated %ld, unchanged %ld, "
					 "rejected %ld"), r->created, r->updated, r->unchanged,
				       r->rejected));
	else if (is->st == KP_OK || r->rows > 0)
		add_line(is, xasprintf(_("Would create %ld, update %ld, leave %ld unchanged, "
					 "reject %ld"), r->created, r->updated, r->unchanged,
				       r->rejected));
	if (is->message)
		add_line(is, xasprintf("! %s", is->message));
	if (r->ncolumns > 0)
		render_mapping(is);
	if (r->nproblems > 0) {
		add_line(is, xasprintf(_("Problems (%ld):"), r->rejected ? r->rejected : 1));
		for (int i = 0; i < r->nproblems; i++)
			add_line(is, xasprintf("  %s", r->problems[i].message));
	}
	if (r->disagreement_count > 0) {
		add_line(is, xasprintf(_("The file disagrees with the database (%ld):"),
				       r->disagreement_count));
		for (int i = 0; i < r->ndisagreements; i++) {
			const struct import_disagreement *d = &r->disagreements[i];

			add_line(is, xasprintf(_("  line %ld, CVR %s, %s: database \"%s\", file \"%s\""),
					       d->line, d->cvr, import_field_label(d->field),
					       d->db_value, d->file_value));
		}
	}
	if (r->npreview > 0) {
		add_line(is, xstrdup(_("First rows:")));
		for (int i = 0; i < r->npreview; i++) {
			const struct import_preview_row *p = &r->preview[i];
			const char *town = p->values[IMPORT_TOWN] ? p->values[IMPORT_TOWN]
				: p->values[IMPORT_POSTCODE] ? p->values[IMPORT_POSTCODE] : "";

			add_line(is, xasprintf("  %5ld  %-9s  %-8s  %s  %s", p->line,
					       status_word(p->status),
					       p->values[IMPORT_CVR] ? p->values[IMPORT_CVR] : "",
					       p->values[IMPORT_NAME] ? p->values[IMPORT_NAME] : "", town));
		}
	}
	list_reload(&is->list, is->nlines);
}

/* Runs the import: a dry run for the preview, or for real. */
static void run(struct screen *scr, bool for_real)
{
	struct import_screen *is = scr->data;
	struct import_options o = {
		.encoding = is->encoding, .delimiter = is->delimiter, .map = is->map,
		.file_name = is->path, .dry_run = !for_real, .update = is->update,
		.skip_bad = is->skip_bad, .preview_rows = PREVIEW_ROWS,
	};

	import_result_finish(&is->r);
	free(is->message);
	is->message = NULL;
	is->st = is->evaluations ? import_evaluations(scr->ui->s, is->data, is->len, &o, &is->r)
				 : import_companies(scr->ui->s, is->data, is->len, &o, &is->r);
	if (is->st != KP_OK)
		is->message = xstrdup(session_message(scr->ui->s));
	is->imported = for_real && is->st == KP_OK;
	render(is);
}

static char *row_text(void *ctx, int i)
{
	struct import_screen *is = ctx;

	return xstrdup(is->lines[i]);
}

static const struct list_ops list_ops = { .row_text = row_text };
static const struct list_column columns[] = { { NULL, 0 } };

static bool is_open(struct screen *scr, void *arg)
{
	struct import_screen *is = xcalloc(1, sizeof *is);
	char err[512];

	is->path = xstrdup(arg);
	is->evaluations = scr->ops == &screen_import_evaluations;
	if (!datafile_read(is->path, &is->data, &is->len, err, sizeof err)) {
		ui_error(scr->ui, "%s", err);
		free(is->path);
		free(is);
		return false;
	}
	scr->data = is;
	import_result_init(&is->r);
	list_init(&is->list, &list_ops, is, columns, 1);
	run(scr, false);
	return true;
}

static void is_draw(struct screen *scr, const struct ui_rect *area)
{
	struct import_screen *is = scr->data;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };

	if (is->evaluations)
		draw_title(area, is->imported ? _("Import evaluations: done")
					      : _("Import evaluations: preview"));
	else
		draw_title(area, is->imported ? _("Import companies: done")
					      : _("Import companies: preview"));
	list_draw(&is->list, &r, true);
}

static void choose_encoding(struct screen *scr)
{
	static const enum charset sets[] = { CHARSET_UTF8, CHARSET_UTF8_BOM, CHARSET_CP1252,
					     CHARSET_LATIN1, CHARSET_LATIN9 };
	struct import_screen *is = scr->data;
	struct pick_item items[6] = { { "", _("detect") } };
	int i;

	for (i = 0; i < 5; i++)
		items[i + 1] = (struct pick_item){ charset_name(sets[i]), charset_label(sets[i]) };
	i = pick_one(scr->ui, _("Encoding"), items, 6, 0);
	if (i < 0)
		return;
	free(is->encoding);
	is->encoding = i == 0 ? NULL : xstrdup(charset_name(sets[i - 1]));
	run(scr, false);
}

static void choose_delimiter(struct screen *scr)
{
	static const char delims[] = { 0, ';', ',', '\t' };
	struct import_screen *is = scr->data;
	struct pick_item items[] = {
		{ "", _("detect") }, { ";", "';'" }, { ",", "','" }, { "tab", _("tab") },
	};
	int i = pick_one(scr->ui, _("Delimiter"), items, 4, 0);

	if (i < 0)
		return;
	is->delimiter = delims[i];
	run(scr, false);
}

static void choose_mapping(struct screen *scr)
{
	struct import_screen *is = scr->data;
	char *map = prompt_line(scr->ui, _("Map fields (FIELD=COLUMN,...): "),
				is->map ? is->map : "");

	if (!map)
		return;
	free(is->map);
	is->map = *map ? map : NULL;
	if (!*map)
		free(map);
	run(scr, false);
}

static void write_rejects(struct screen *scr)
{
	struct import_screen *is = scr->data;
	struct strbuf enc = STRBUF_INIT;
	struct charset_report rep;
	char err[512];
	char *path = xasprintf("%s.rejects.csv", is->path);

	if (charset_encode(is->r.charset, is->r.rejects.buf, is->r.rejects.len, true, false, &enc,
			   &rep) &&
	    datafile_write(path, enc.buf, enc.len, err, sizeof err))
		ui_info(scr->ui, _("imported; rejected rows written to %s"), path);
	else
		ui_error(scr->ui, "%s", rep.error[0] ? rep.error : err);
	strbuf_finish(&enc);
	free(path);
}

static void do_import(struct screen *scr)
{
	struct import_screen *is = scr->data;
	char q[200];

	if (is->imported) {
		ui_info(scr->ui, "%s", _("already imported"));
		return;
	}
	if (is->st != KP_OK) {
		ui_error(scr->ui, "%s", is->message ? is->message : _("the file cannot be imported"));
		return;
	}
	if (is->evaluations)
		snprintf(q, sizeof q, _("Import: record %ld evaluations? (y/N)"), is->r.created);
	else
		snprintf(q, sizeof q, _("Import: create %ld, update %ld? (y/N)"), is->r.created,
			 is->r.updated);
	if (!ui_confirm(scr->ui, q))
		return;
	run(scr, true);
	if (is->st != KP_OK)
		ui_fail(scr->ui);
	else if (is->r.rejected > 0)
		write_rejects(scr);
	else
		ui_info(scr->ui, _("imported: created %ld, updated %ld"), is->r.created,
			is->r.updated);
}

static enum ui_result is_handle(struct screen *scr, const struct ui_event *ev)
{
	struct import_screen *is = scr->data;

	switch (ev->action) {
	case UA_SAVE:
		do_import(scr);
		return UI_DONE;
	case UA_ENCODING:
		if (!is->imported)
			choose_encoding(scr);
		return UI_DONE;
	case UA_DELIMITER:
		if (!is->imported)
			choose_delimiter(scr);
		return UI_DONE;
	case UA_MAPPING:
		if (!is->imported && !is->evaluations)
			choose_mapping(scr);
		return UI_DONE;
	case UA_UPDATE_TOGGLE:
		if (!is->imported && !is->evaluations) {
			is->update = !is->update;
			run(scr, false);
		}
		return UI_DONE;
	case UA_SKIP_BAD:
		if (!is->imported) {
			is->skip_bad = !is->skip_bad;
			run(scr, false);
		}
		return UI_DONE;
	default:
		return list_handle(&is->list, scr->ui, ev);
	}
}

/* Before the import every key of the preview; after it none. */
static const enum ui_action *is_actions_now(struct screen *scr)
{
	static const enum ui_action none[] = { UA_NONE };
	struct import_screen *is = scr->data;

	return is->imported ? none : scr->ops->actions;
}

static void is_close(struct screen *scr)
{
	struct import_screen *is = scr->data;

	list_finish(&is->list);
	free_lines(is);
	import_result_finish(&is->r);
	free(is->message);
	free(is->encoding);
	free(is->map);
	free(is->data);
	free(is->path);
	free(is);
}

const struct screen_ops screen_import = {
	.name = "import",
	.title = N_("Import"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_ENCODING, UA_DELIMITER, UA_MAPPING,
					     UA_UPDATE_TOGGLE, UA_SKIP_BAD, UA_NONE },
	.actions_now = is_actions_now,
	.open = is_open,
	.draw = is_draw,
	.handle = is_handle,
	.close = is_close,
};

/* The same screen for the evaluation system's answers: their columns are
 * fixed and an evaluation is never updated, so no C or U key. */
const struct screen_ops screen_import_evaluations = {
	.name = "import_evaluations",
	.title = N_("Import evaluations"),
	.actions = (const enum ui_action[]){ UA_SAVE, UA_ENCODING, UA_DELIMITER, UA_SKIP_BAD,
					     UA_NONE },
	.actions_now = is_actions_now,
	.open = is_open,
	.draw = is_draw,
	.handle = is_handle,
	.close = is_close,
};
