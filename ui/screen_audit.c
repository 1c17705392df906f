/* The audit trail for supervisors and administrators: newest first,
 * narrowed by user (u), action (f), record (o: a case, company or contact
 * id) and period (p); Enter shows an entry with its personal part (or
 * "erased"); V verifies the hash chain; X exports the entries as filtered
 * (without their personal part). Every listing and export is itself
 * recorded. */
#include "ui/draw.h"
#include "ui/export_dialog.h"
#include "ui/list.h"
#include "ui/prompt.h"
#include "ui/screens.h"
#include "ui/textview.h"
#include "src/audit.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct audit_screen {
	struct audit_entry *entries;
	int n;
	struct list list;
	char *user_login, *user_id, *action, *row, *from, *to;
};

static const struct list_column columns[] = {
	{ N_("Time"), 20 }, { N_("User"), 12 }, { N_("Action"), 18 }, { N_("Table"), 12 },
	{ N_("Detail"), 0 },
};

static char *row_text(void *ctx, int i)
{
	struct audit_screen *as = ctx;
	const struct audit_entry *e = &as->entries[i];

	return xasprintf("%s\t%s\t%s\t%s\t%s", e->at, *e->user_login ? e->user_login : "-", e->action,
			 e->tbl, e->detail);
}

static const struct list_ops list_ops = { .row_text = row_text };

static void reload(struct screen *scr)
{
	struct audit_screen *as = scr->data;
	struct audit_filter f = { .user_id = as->user_id, .action_prefix = as->action,
				  .row_id = as->row, .from = as->from, .to = as->to, .limit = 2000 };

	audit_list_free(as->entries, as->n);
	as->entries = NULL;
	as->n = 0;
	if (audit_list(scr->ui->s, &f, &as->entries, &as->n) != KP_OK)
		ui_fail(scr->ui);
	list_reload(&as->list, as->n);
}

static bool au_open(struct screen *scr, void *arg)
{
	struct audit_screen *as = xcalloc(1, sizeof *as);

	(void)arg;
	scr->data = as;
	list_init(&as->list, &list_ops, as, columns, 5);
	as->list.empty = _("no entries match");
	reload(scr);
	return true;
}

static void au_draw(struct screen *scr, const struct ui_rect *area)
{
	struct audit_screen *as = scr->data;
	struct strbuf sb = STRBUF_INIT;
	struct ui_rect r = { area->y + 1, area->x, area->h - 1, area->w };

	strbuf_addf(&sb, _("Audit trail: %d entries"), as->n);
	if (as->user_login)
		strbuf_addf(&sb, _("  user %s"), as->user_login);
	if (as->action)
		strbuf_addf(&sb, _("  action %s"), as->action);
	if (as->row)
		strbuf_addf(&sb, _("  record %s"), as->row);
	if (as->from || as->to)
		strbuf_addf(&sb, _("  period %s..%s"), as->from ? as->from : "", as->to ? as->to : "");
	draw_title(area, strbuf_str(&sb));
	strbuf_finish(&sb);
	list_draw(&as->list, &r, true);
}

/* Asks for a value; an empty answer clears the filter. */
static bool ask(struct screen *scr, const char *label, char **value)
{
	char *v = prompt_line(scr->ui, label, *value ? *value : "");

	if (!v)
		return false;
	free(*value);
	*value = *v ? v : NULL;
	if (!*v)
		free(v);
	return true;
}

static void ask_user(struct screen *scr)
{
	struct audit_screen *as = scr->data;
	struct user u = { 0 };

	if (!ask(scr, _("User (login, empty for all): "), &as->user_login))
		return;
	free(as->user_id);
	as->user_id = NULL;
	if (as->user_login) {
		if (user_store_find_login(scr->ui->s->db, as->user_login, &u) == 1) {
			as->user_id = xstrdup(u.id);
		} else {
			ui_error(scr->ui, _("no user with login %s"), as->user_login);
			free(as->user_login);
			as->user_login = NULL;
		}
		user_finish(&u);
	}
	reload(scr);
}

static void show_entry(struct screen *scr)
{
	struct audit_screen *as = scr->data;
	const struct audit_entry *e = &as->entries[as->list.cur];
	bool erased = false;
	char *private_text = audit_reveal(scr->ui->s, e, &erased);
	char *text = xasprintf("%s: %s\n%s: %s\n%s: %s\n%s: %s %s\n%s: %s\n%s: %s\n%s: %lld (%.12s)\n",
			       _("Time"), e->at, _("User"), *e->user_login ? e->user_login : e->user_id,
			       _("Terminal"), e->terminal, _("Record"), e->tbl, e->row_id, _("Action"),
			       e->action, _("Detail"), e->detail, _("Position in the chain"), e->seq,
			       e->origin);
	char *full = erased ? xasprintf("%s%s: %s\n", text, _("Personal part"), _("(erased)"))
		     : private_text ? xasprintf("%s%s: %s\n", text, _("Personal part"), private_text)
				    : xstrdup(text);

	textview_show(scr->ui, _("Audit entry"), full);
	free(full);
	free(text);
	free(private_text);
}

static void report_line(void *ctx, const char *line)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "%s\n", line);
}

static void verify(struct screen *scr)
{
	struct strbuf sb = STRBUF_INIT;
	int problems = 0;

	if (audit_verify(scr->ui->s, report_line, &sb, &problems) != KP_OK) {
		ui_fail(scr->ui);
	} else if (problems == 0) {
		ui_info(scr->ui, "%s", _("ok: the audit trail is complete and unchanged"));
	} else {
		textview_show(scr->ui, _("Audit trail problems"), strbuf_str(&sb));
	}
	strbuf_finish(&sb);
}

static enum ui_result au_handle(struct screen *scr, const struct ui_event *ev)
{
	struct audit_screen *as = scr->data;

	switch (ev->action) {
	case UA_OPEN:
		if (as->n > 0)
			show_entry(scr);
		return UI_DONE;
	case UA_USER_FILTER:
		ask_user(scr);
		return UI_DONE;
	case UA_FILTER:
		if (ask(scr, _("Action (e.g. journal.read, case., search; empty for all): "), &as->action))
			reload(scr);
		return UI_DONE;
	case UA_RECORD_FILTER:
		if (ask(scr, _("Record id (case, company or contact; empty for all): "), &as->row))
			reload(scr);
		return UI_DONE;
	case UA_AUDIT_PERIOD:
		if (ask(scr, _("From (YYYY-MM-DD, empty for no limit): "), &as->from) &&
		    ask(scr, _("To (YYYY-MM-DD, empty for no limit): "), &as->to))
			reload(scr);
		return UI_DONE;
	case UA_VERIFY:
		verify(scr);
		return UI_DONE;
	case UA_EXPORT: {
		/* the trail as filtered (all of it, not the 2000 shown); the
		 * export is recorded with its scope and row count */
		struct export_filter f = { .actor = as->user_login, .action = as->action,
					   .record = as->row, .from = as->from, .to = as->to };

		export_dialog(scr->ui, EXPORT_AUDIT, &f, _("audit.csv"));
		reload(scr);
		return UI_DONE;
	}
	default:
		return list_handle(&as->list, scr->ui, ev);
	}
}

static void au_close(struct screen *scr)
{
	struct audit_screen *as = scr->data;

	list_finish(&as->list);
	audit_list_free(as->entries, as->n);
	free(as->user_login);
	free(as->user_id);
	free(as->action);
	free(as->row);
	free(as->from);
	free(as->to);
	free(as);
}

const struct screen_ops screen_audit = {
	.name = "audit",
	.title = N_("Audit"),
	.actions = (const enum ui_action[]){ UA_USER_FILTER, UA_FILTER, UA_RECORD_FILTER, UA_AUDIT_PERIOD,
					     UA_VERIFY, UA_EXPORT, UA_NONE },
	.open = au_open,
	.draw = au_draw,
	.handle = au_handle,
	.close = au_close,
};
