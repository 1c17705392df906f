/* One company: its registration, contact persons, consent and cases.
 * e edits, c opens the contacts, s gives or withdraws consent, o opens a
 * new case, Enter opens the selected case. */
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/pick.h"
#include "ui/screens.h"
#include "src/case.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct company_card {
	char *id;
	struct company c;
	struct contact *contacts;
	int ncontacts;
	struct case_file *cases;
	int ncases;
	struct list list;
};

static const struct list_column columns[] = {
	{ N_("Opened"), 10 }, { N_("Status"), 10 }, { N_("Case"), 0 }, { N_("Consultant"), 16 },
};

static char *row_text(void *ctx, int i)
{
	struct company_card *cc = ctx;
	const struct case_file *k = &cc->cases[i];

	return xasprintf("%.10s\t%s\t%s\t%s", k->opened ? k->opened : "", case_status_label(k->status),
			 k->title ? k->title : "", k->consultant_name ? k->consultant_name : "");
}

static const struct list_ops list_ops = { .row_text = row_text };

static bool load(struct screen *scr)
{
	struct company_card *cc = scr->data;
	struct session *s = scr->ui->s;
	struct case_filter f = { .company_id = cc->id };

	company_finish(&cc->c);
	contact_list_free(cc->contacts, cc->ncontacts);
	case_list_free(cc->cases, cc->ncases);
	cc->contacts = NULL;
	cc->cases = NULL;
	cc->ncontacts = cc->ncases = 0;
	if (company_get(s, cc->id, &cc->c) != KP_OK) {
		ui_fail(scr->ui);
		return false;
	}
	if (contact_list(s, cc->id, &cc->contacts, &cc->ncontacts) != KP_OK)
		cc->ncontacts = 0;
	if (case_list(s, &f, &cc->cases, &cc->ncases) != KP_OK)
		cc->ncases = 0;
	list_reload(&cc->list, cc->ncases);
	return true;
}

static void card_close(struct screen *scr)
{
	struct company_card *cc = scr->data;

	list_finish(&cc->list);
	company_finish(&cc->c);
	contact_list_free(cc->contacts, cc->ncontacts);
	case_list_free(cc->cases, cc->ncases);
	free(cc->id);
	free(cc);
}

static bool card_open(struct screen *scr, void *arg)
{
	struct company_card *cc = xcalloc(1, sizeof *cc);

	cc->id = xstrdup(arg);
	scr->data = cc;
	list_init(&cc->list, &list_ops, cc, columns, 4);
	cc->list.empty = _("no cases yet: o opens one");
	if (!load(scr)) {
		card_close(scr);
		return false;
	}
	return true;
}

static char *consent_text(const struct company *c)
{
	if (c->consent_withdrawn && *c->consent_withdrawn)
		return xasprintf(_("withdrawn %s"), c->consent_withdrawn);
	if (c->consent_given && *c->consent_given)
	{
		char *scopes = company_consent_scope_text(c->consent_scope);
		char *text = xasprintf(_("given %s (%s)"), c->consent_given, scopes);

		free(scopes);
		return text;
	}
	return xstrdup(_("not given"));
}

/* The registration in two columns; returns the rows used. */
static int draw_fields(struct screen *scr, int y, int x, int w)
{
	struct company_card *cc = scr->data;
	const struct company *c = &cc->c;
	struct session *s = scr->ui->s;
	char code[16], year[16];
	int half = w / 2, lw = 14;

	snprintf(code, sizeof code, "%d", c->municipality_code);
	snprintf(year, sizeof year, "%d", c->founded_year);
	char *muni = c->municipality_code ? refdata_label_of(s, REF_MUNICIPALITY, code) : xstrdup("");
	char *tg = c->target_group && *c->target_group
			   ? refdata_label_of(s, REF_TARGET_GROUP, c->target_group) : xstrdup("");
	char *town = xasprintf("%s %s", c->postcode ? c->postcode : "", c->town ? c->town : "");
	char *consent = consent_text(c);

	draw_pair(y, x, half - 1, lw, _("CVR"),
		  c->is_prestart && !c->cvr ? _("pre-start, no CVR") : c->cvr);
	draw_pair(y, x + half, half, lw, _("P-number"), c->pnumber);
	draw_pair(y + 1, x, half - 1, lw, _("Address"), c->address);
	draw_pair(y + 1, x + half, half, lw, _("Town"), town);
	draw_pair(y + 2, x, half - 1, lw, _("Municipality"), muni);
	draw_pair(y + 2, x + half, half, lw, _("Industry"), c->industry_code);
	draw_pair(y + 3, x, half - 1, lw, _("Employees"), c->size_class);
	draw_pair(y + 3, x + half, half, lw, _("Founded"), c->founded_year ? year : "");
	draw_pair(y + 4, x, half - 1, lw, _("Target group"), tg);
	draw_pair(y + 4, x + half, half, lw, _("Growth"), company_growth_label(c->growth_ambition));
	draw_pair(y + 5, x, w, lw, _("Consent"), consent);
	free(muni);
	free(tg);
	free(town);
	free(consent);
	return 6;
}

static int draw_contacts(struct screen *scr, int y, int x, int w, int max)
{
	struct company_card *cc = scr->data;
	int rows = 0;

	draw_text(y, x, w, _("Contact persons (c)"), UC_HEADER, false);
	if (cc->ncontacts == 0)
		draw_text(y + ++rows, x + 2, w - 2, _("none"), UC_DIM, false);
	for (int i = 0; i < cc->ncontacts && rows < max; i++) {
		const struct contact *k = &cc->contacts[i];
		char *line = xasprintf("%s, %s  %s  %s", k->name, k->role ? k->role : "",
				       k->email ? k->email : "", k->phone ? k->phone : "");

		draw_text(y + ++rows, x + 2, w - 2, line, UC_NORMAL, false);
		free(line);
	}
	return rows + 1;
}

static void card_draw(struct screen *scr, const struct ui_rect *area)
{
	struct company_card *cc = scr->data;
	int y = area->y, w = area->w - 2;
	char *title = xasprintf(_("Company: %s"), cc->c.name);

	y += draw_title(area, title);
	free(title);
	y += draw_fields(scr, y, 1, w);
	y += draw_contacts(scr, y, 1, w, area->h > 30 ? 6 : 2);
	draw_text(y++, 1, w, _("Cases"), UC_HEADER, false);
	struct ui_rect r = { y, area->x, area->y + area->h - y, area->w };
	list_draw(&cc->list, &r, true);
}

static void consent(struct screen *scr)
{
	struct company_card *cc = scr->data;
	struct session *s = scr->ui->s;
	bool given = cc->c.consent_given && *cc->c.consent_given &&
		     !(cc->c.consent_withdrawn && *cc->c.consent_withdrawn);
	enum kp_status st;

	if (given) {
		if (!ui_confirm(scr->ui, _("Withdraw the company's consent?")))
			return;
		st = company_consent_withdraw(s, cc->id);
	} else {
		struct pick_item items[8];
		bool checked[8] = { false };
		int n = 0;
		struct strbuf scope = STRBUF_INIT;

		for (; company_consent_scopes[n] && n < 8; n++) {
			items[n].key = "";
			items[n].label = company_consent_scope_label(company_consent_scopes[n]);
		}
		checked[0] = true;        /* sharing: the usual reason to ask */
		if (!pick_many(scr->ui, _("The company consents to (Space ticks, Enter records)"),
			       items, n, checked))
			return;
		for (int i = 0; i < n; i++)
			if (checked[i])
				strbuf_addf(&scope, "%s%s", scope.len ? "," : "", company_consent_scopes[i]);
		st = company_consent_give(s, cc->id, strbuf_str(&scope));
		strbuf_finish(&scope);
	}
	if (st != KP_OK)
		ui_fail(scr->ui);
	else
		ui_info(scr->ui, "%s", given ? _("consent withdrawn") : _("consent recorded"));
	load(scr);
}

static enum ui_result card_handle(struct screen *scr, const struct ui_event *ev)
{
	struct company_card *cc = scr->data;

	switch (ev->action) {
	case UA_OPEN:
		if (cc->ncases > 0)
			ui_push(scr->ui, &screen_case, cc->cases[cc->list.cur].id);
		return UI_DONE;
	case UA_EDIT:
		ui_push(scr->ui, &screen_company_form, cc->id);
		return UI_DONE;
	case UA_CONTACTS:
		ui_push(scr->ui, &screen_contacts, cc->id);
		return UI_DONE;
	case UA_CONSENT:
		consent(scr);
		return UI_DONE;
	case UA_NEW_CASE: {
		struct case_form_arg arg = { .company_id = cc->id };

		ui_push(scr->ui, &screen_case_form, &arg);
		return UI_DONE;
	}
	default:
		return list_handle(&cc->list, scr->ui, ev);
	}
}

static void card_resume(struct screen *scr)
{
	if (!load(scr))
		ui_close(scr);
}

const struct screen_ops screen_company = {
	.name = "company",
	.title = N_("Company"),
	.actions = (const enum ui_action[]){ UA_OPEN, UA_EDIT, UA_CONTACTS, UA_CONSENT,
					     UA_NEW_CASE, UA_NONE },
	.open = card_open,
	.draw = card_draw,
	.handle = card_handle,
	.resume = card_resume,
	.close = card_close,
};
