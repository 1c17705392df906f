/* Declarative forms: a table of fields bound to members of a struct (by
 * offsetof), edited with the one line editor and the pick lists, drawn as
 * "label  value" rows. The form never judges a value: the screen applies
 * the form to its struct and calls src/, whose message goes to the status
 * line. The form only parses numbers (text to int). */
#ifndef KP_UI_FORM_H
#define KP_UI_FORM_H

#include "ui/pick.h"
#include "ui/screen.h"

#include <stdbool.h>
#include <stddef.h>

struct lineedit;

enum form_kind {
	FORM_TEXT,          /* char * */
	FORM_NUMBER,        /* int; empty is 0 */
	FORM_DATE,          /* char *, typed as YYYY-MM-DD */
	FORM_CHOICE,        /* char * key from a pick list */
	FORM_CHOICE_INT,    /* int key from a pick list (e.g. municipality code) */
	FORM_MULTI,         /* char * list of keys (e.g. themes) via split/join */
	FORM_BOOL,          /* bool, ticked with Space or Enter */
};

struct form_field {
	const char *label;            /* N_() text */
	enum form_kind kind;
	size_t offset;                /* offsetof the member in the bound struct */
	size_t max_chars;             /* text: input limit (0: 200) */
	/* FORM_MULTI: the member's text to keys (caller frees each and the
	 * array; returns the count) and back (caller frees). */
	int (*split)(const char *text, char ***keys);
	char *(*join)(const char *const *keys, int n);
};

struct form;

/* A form over record (borrowed; must outlive the form). */
struct form *form_create(const struct form_field *fields, int n, void *record);
void form_destroy(struct form *f);         /* accepts NULL */

/* The pick list of a choice field (copied). */
void form_set_choices(struct form *f, int field, const struct pick_item *items, int n);
void form_set_readonly(struct form *f, int field, bool readonly);
void form_set_hidden(struct form *f, int field, bool hidden);
/* Called after a field's value changed by the user (e.g. to fill another
 * field's pick list). */
void form_on_change(struct form *f, void (*changed)(void *ctx, int field), void *ctx);

/* The current value as text: text fields as typed, choices as their key,
 * multi as keys joined by ','. Caller frees. */
char *form_value(const struct form *f, int field);
/* Sets a value in the form_value() format (multi: keys joined by ','). */
void form_set_value(struct form *f, int field, const char *value);
int form_current(const struct form *f);
void form_focus(struct form *f, int field);

bool form_dirty(const struct form *f);
void form_mark_clean(struct form *f);
/* Writes the values into the record; false (message in the status line)
 * when a number field does not hold a number. */
bool form_apply(struct form *f, struct ui *ui);

void form_draw(struct form *f, struct ui *ui, const struct ui_rect *r);
/* Field movement, editing and pick lists; UI_PASS for the rest (save,
 * close) so the screen decides. */
enum ui_result form_handle(struct form *f, struct ui *ui, const struct ui_event *ev);

#endif
