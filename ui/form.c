/* Values live in the form while editing (line editors, chosen keys) and
 * reach the record only through form_apply, so leaving without saving
 * leaves the record as it was. Invariant: cur is a visible field. */
#include "ui/form.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "src/i18n.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct form_value {
	struct lineedit ed;           /* TEXT, NUMBER, DATE */
	char *key;                    /* CHOICE, CHOICE_INT: "" when none */
	char **sel;                   /* MULTI: chosen keys */
	int nsel;
	char **item_keys, **item_labels;
	int nitems;
	bool readonly, hidden;
	char *initial;                /* form_value() when loaded or saved */
};

struct form {
	const struct form_field *fields;
	int n, cur, top;
	void *record;
	struct form_value *v;
	void (*changed)(void *ctx, int field);
	void *ctx;
};

static bool is_text(enum form_kind k)
{
	return k == FORM_TEXT || k == FORM_NUMBER || k == FORM_DATE;
}

static char **member_str(const struct form *f, int i)
{
	return (char **)((char *)f->record + f->fields[i].offset);
}

static int *member_int(const struct form *f, int i)
{
	return (int *)((char *)f->record + f->fields[i].offset);
}

static bool *member_bool(const struct form *f, int i)
{
	return (bool *)((char *)f->record + f->fields[i].offset);
}

static void free_sel(struct form_value *v)
{
	for (int k = 0; k < v->nsel; k++)
		free(v->sel[k]);
	free(v->sel);
	v->sel = NULL;
	v->nsel = 0;
}

static void load(struct form *f, int i)
{
	const struct form_field *fd = &f->fields[i];
	struct form_value *v = &f->v[i];
	char num[32] = "";

	switch (fd->kind) {
	case FORM_TEXT: case FORM_DATE:
		lineedit_init(&v->ed, *member_str(f, i), fd->max_chars ? fd->max_chars : 200);
		break;
	case FORM_NUMBER:
		if (*member_int(f, i))
			snprintf(num, sizeof num, "%d", *member_int(f, i));
		lineedit_init(&v->ed, num, 11);
		break;
	case FORM_CHOICE:
		v->key = xstrdup(*member_str(f, i));
		break;
	case FORM_CHOICE_INT:
		if (*member_int(f, i))
			snprintf(num, sizeof num, "%d", *member_int(f, i));
		v->key = xstrdup(num);
		break;
	case FORM_BOOL:
		v->key = xstrdup(*member_bool(f, i) ? "1" : "0");
		break;
	case FORM_MULTI:
		v->nsel = fd->split && *member_str(f, i) ? fd->split(*member_str(f, i), &v->sel) : 0;
		if (v->nsel < 0)
			v->nsel = 0;
		break;
	}
}

struct form *form_create(const struct form_field *fields, int n, void *record)
{
	struct form *f = xcalloc(1, sizeof *f);

	f->fields = fields;
	f->n = n;
	f->record = record;
	f->v = xcalloc((size_t)n, sizeof *f->v);
	for (int i = 0; i < n; i++)
		load(f, i);
	form_mark_clean(f);
	return f;
}

static void free_items(struct form_value *v)
{
	for (int k = 0; k < v->nitems; k++) {
		free(v->item_keys[k]);
		free(v->item_labels[k]);
	}
	free(v->item_keys);
	free(v->item_labels);
	v->item_keys = v->item_labels = NULL;
	v->nitems = 0;
}

void form_destroy(struct form *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n; i++) {
		struct form_value *v = &f->v[i];

		if (is_text(f->fields[i].kind))
			lineedit_finish(&v->ed);
		free(v->key);
		free_sel(v);
		free_items(v);
		free(v->initial);
	}
	free(f->v);
	free(f);
}

void form_set_choices(struct form *f, int field, const struct pick_item *items, int n)
{
	struct form_value *v = &f->v[field];

	free_items(v);
	v->item_keys = xcalloc((size_t)n + 1, sizeof *v->item_keys);
	v->item_labels = xcalloc((size_t)n + 1, sizeof *v->item_labels);
	for (int k = 0; k < n; k++) {
		v->item_keys[k] = xstrdup(items[k].key);
		v->item_labels[k] = xstrdup(items[k].label);
	}
	v->nitems = n;
}

void form_set_readonly(struct form *f, int field, bool readonly)
{
	f->v[field].readonly = readonly;
}

static bool selectable(const struct form *f, int i)
{
	return !f->v[i].hidden && !f->v[i].readonly;
}

/* Moves cur by dir to the next selectable field; stays if none. */
static void step(struct form *f, int dir)
{
	for (int i = f->cur + dir; i >= 0 && i < f->n; i += dir) {
		if (selectable(f, i)) {
			f->cur = i;
			return;
		}
	}
}

void form_set_hidden(struct form *f, int field, bool hidden)
{
	f->v[field].hidden = hidden;
	if (!selectable(f, f->cur)) {
		step(f, 1);
		step(f, -1);
	}
}

void form_on_change(struct form *f, void (*changed)(void *ctx, int field), void *ctx)
{
	f->changed = changed;
	f->ctx = ctx;
}

char *form_value(const struct form *f, int field)
{
	const struct form_value *v = &f->v[field];
	struct strbuf sb = STRBUF_INIT;

	if (is_text(f->fields[field].kind))
		return lineedit_text(&v->ed);
	if (f->fields[field].kind != FORM_MULTI)
		return xstrdup(v->key);
	strbuf_addstr(&sb, "");
	for (int k = 0; k < v->nsel; k++) {
		if (k)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, v->sel[k]);
	}
	return strbuf_detach(&sb);
}

void form_set_value(struct form *f, int field, const char *value)
{
	struct form_value *v = &f->v[field];

	if (is_text(f->fields[field].kind)) {
		lineedit_set(&v->ed, value);
	} else if (f->fields[field].kind != FORM_MULTI) {
		free(v->key);
		v->key = xstrdup(value);
	} else {
		/* keys joined by ',', as form_value gives them */
		free_sel(v);
		for (const char *p = value; p && *p;) {
			size_t len = strcspn(p, ",");

			if (len > 0) {
				v->sel = xrealloc(v->sel, (size_t)(v->nsel + 1) * sizeof *v->sel);
				v->sel[v->nsel++] = xstrndup(p, len);
			}
			p += len + (p[len] == ',');
		}
	}
}

int form_current(const struct form *f)
{
	return f->cur;
}

void form_focus(struct form *f, int field)
{
	if (field >= 0 && field < f->n && selectable(f, field))
		f->cur = field;
}

bool form_dirty(const struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		char *now = form_value(f, i);
		bool same = strcmp(now, f->v[i].initial) == 0;

		free(now);
		if (!same)
			return true;
	}
	return false;
}

void form_mark_clean(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->v[i].initial);
		f->v[i].initial = form_value(f, i);
	}
	if (!selectable(f, f->cur))
		step(f, 1);
}

/* Parses an optional int; false if text is not one. */
static bool parse_int(const char *text, int *out)
{
	char *end;
	long n;

	if (!*text) {
		*out = 0;
		return true;
	}
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || *end || n < INT_MIN || n > INT_MAX)
		return false;
	*out = (int)n;
	return true;
}

static bool apply_one(struct form *f, struct ui *ui, int i)
{
	const struct form_field *fd = &f->fields[i];
	char *text = form_value(f, i);
	int n;

	if (fd->kind == FORM_NUMBER || fd->kind == FORM_CHOICE_INT) {
		text_trim(text);
		if (!parse_int(text, &n)) {
			ui_error(ui, _("%s: not a whole number"), _(fd->label));
			f->cur = i;
			free(text);
			return false;
		}
		*member_int(f, i) = n;
		free(text);
	} else if (fd->kind == FORM_BOOL) {
		*member_bool(f, i) = strcmp(text, "1") == 0;
		free(text);
	} else if (fd->kind == FORM_MULTI) {
		free(*member_str(f, i));
		*member_str(f, i) = fd->join ? fd->join((const char *const *)f->v[i].sel, f->v[i].nsel)
					     : text;
		if (fd->join)
			free(text);
	} else {
		free(*member_str(f, i));
		*member_str(f, i) = text;
	}
	return true;
}

bool form_apply(struct form *f, struct ui *ui)
{
	for (int i = 0; i < f->n; i++)
		if (!f->v[i].hidden && !f->v[i].readonly && !apply_one(f, ui, i))
			return false;
	return true;
}

static const char *choice_label(const struct form_value *v, const char *key)
{
	for (int k = 0; k < v->nitems; k++)
		if (strcmp(v->item_keys[k], key) == 0)
			return v->item_labels[k];
	return key;
}

static char *shown_value(const struct form *f, int i)
{
	const struct form_value *v = &f->v[i];
	struct strbuf sb = STRBUF_INIT;

	if (f->fields[i].kind == FORM_BOOL)
		return xstrdup(strcmp(v->key, "1") == 0 ? "[x]" : "[ ]");
	if (f->fields[i].kind != FORM_MULTI)
		return xstrdup(choice_label(v, v->key));
	strbuf_addstr(&sb, "");
	for (int k = 0; k < v->nsel; k++) {
		if (k)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, choice_label(v, v->sel[k]));
	}
	return strbuf_detach(&sb);
}

static int label_width(const struct form *f, int w)
{
	int lw = 8;

	for (int i = 0; i < f->n; i++) {
		int x = (int)text_width(_(f->fields[i].label)) + 1;

		if (x > lw)
			lw = x;
	}
	return lw > w / 3 ? w / 3 : lw;
}

static void draw_field(struct form *f, struct ui *ui, int i, int y, int x, int w)
{
	struct form_value *v = &f->v[i];
	bool focus = i == f->cur;
	enum ui_color c = v->readonly ? UC_DIM : focus ? UC_FIELD_CUR : UC_FIELD;

	if (is_text(f->fields[i].kind)) {
		lineedit_draw(&v->ed, ui, y, x, w, term_attr(c), focus && !v->readonly);
		if (v->ed.len == 0 && f->fields[i].kind == FORM_DATE && !focus)
			draw_text(y, x, w, _("YYYY-MM-DD"), UC_DIM, false);
	} else {
		char *shown = shown_value(f, i);
		bool arrow = !v->readonly && f->fields[i].kind != FORM_BOOL;
		char *text = xasprintf("%s%s", shown, arrow ? " >" : "");

		draw_text(y, x, w, text, c, true);
		free(text);
		free(shown);
	}
}

void form_draw(struct form *f, struct ui *ui, const struct ui_rect *r)
{
	int lw = label_width(f, r->w - 2), row = 0, cur_row = 0;
	int vw = r->w - lw - 4;

	for (int i = 0; i < f->n; i++) {
		if (f->v[i].hidden)
			continue;
		if (i == f->cur)
			cur_row = row;
		row++;
	}
	if (cur_row < f->top)
		f->top = cur_row;
	if (cur_row >= f->top + r->h)
		f->top = cur_row - r->h + 1;
	row = 0;
	for (int i = 0; i < f->n; i++) {
		if (f->v[i].hidden)
			continue;
		int y = r->y + row++ - f->top;

		if (y < r->y || y >= r->y + r->h)
			continue;
		draw_text(y, r->x + 1, lw, _(f->fields[i].label), i == f->cur ? UC_TITLE : UC_LABEL,
			  true);
		draw_field(f, ui, i, y, r->x + lw + 2, vw > 40 ? (vw > 70 ? 70 : vw) : vw);
	}
}

static void notify(struct form *f, int i)
{
	if (f->changed)
		f->changed(f->ctx, i);
}

static void pick_choice(struct form *f, struct ui *ui, int i)
{
	struct form_value *v = &f->v[i];
	struct pick_item *items = xcalloc((size_t)v->nitems + 1, sizeof *items);
	int cur = 0, chosen;

	for (int k = 0; k < v->nitems; k++) {
		items[k].key = v->item_keys[k];
		items[k].label = v->item_labels[k];
		if (strcmp(v->item_keys[k], v->key) == 0)
			cur = k;
	}
	chosen = pick_one(ui, _(f->fields[i].label), items, v->nitems, cur);
	if (chosen >= 0 && strcmp(v->item_keys[chosen], v->key) != 0) {
		free(v->key);
		v->key = xstrdup(v->item_keys[chosen]);
		notify(f, i);
	}
	free(items);
}

static void pick_multi(struct form *f, struct ui *ui, int i)
{
	struct form_value *v = &f->v[i];
	struct pick_item *items = xcalloc((size_t)v->nitems + 1, sizeof *items);
	bool *checked = xcalloc((size_t)v->nitems + 1, sizeof *checked);

	for (int k = 0; k < v->nitems; k++) {
		items[k].key = v->item_keys[k];
		items[k].label = v->item_labels[k];
		for (int s = 0; s < v->nsel; s++)
			if (strcmp(v->sel[s], v->item_keys[k]) == 0)
				checked[k] = true;
	}
	if (pick_many(ui, _(f->fields[i].label), items, v->nitems, checked)) {
		free_sel(v);
		v->sel = xcalloc((size_t)v->nitems + 1, sizeof *v->sel);
		for (int k = 0; k < v->nitems; k++)
			if (checked[k])
				v->sel[v->nsel++] = xstrdup(v->item_keys[k]);
		notify(f, i);
	}
	free(checked);
	free(items);
}

static bool is_enter(int key)
{
	return key == '\r' || key == '\n' || key == K_FN(KEY_ENTER);
}

enum ui_result form_handle(struct form *f, struct ui *ui, const struct ui_event *ev)
{
	const struct form_field *fd = &f->fields[f->cur];
	struct form_value *v = &f->v[f->cur];

	if (ev->key == '\t' || ev->key == K_FN(KEY_DOWN) || ev->action == UA_NEXT_FIELD) {
		step(f, 1);
		return UI_DONE;
	}
	if (ev->key == K_FN(KEY_BTAB) || ev->key == K_FN(KEY_UP) || ev->action == UA_PREV_FIELD) {
		step(f, -1);
		return UI_DONE;
	}
	if (v->readonly || v->hidden)
		return UI_PASS;
	if (fd->kind == FORM_BOOL && ev->key == ' ') {
		form_set_value(f, f->cur, strcmp(v->key, "1") == 0 ? "0" : "1");
		notify(f, f->cur);
		return UI_DONE;
	}
	if ((is_text(fd->kind) || fd->kind == FORM_BOOL) && is_enter(ev->key)) {
		step(f, 1);
		return UI_DONE;
	}
	if (is_text(fd->kind)) {
		if (!lineedit_key(&v->ed, ev))
			return UI_PASS;
		notify(f, f->cur);
		return UI_DONE;
	}
	if (is_enter(ev->key) || ev->key == ' ') {
		if (fd->kind == FORM_MULTI)
			pick_multi(f, ui, f->cur);
		else
			pick_choice(f, ui, f->cur);
		return UI_DONE;
	}
	if (ev->action == UA_DOWN) {
		step(f, 1);
		return UI_DONE;
	}
	if (ev->action == UA_UP) {
		step(f, -1);
		return UI_DONE;
	}
	return UI_PASS;
}
