/* The main-menu table and the tab bar. Add a main screen here: one row
 * with its label and ops (declared in ui/screens.h). */
#include "ui/menu.h"
#include "ui/draw.h"
#include "ui/pick.h"
#include "ui/screen.h"
#include "ui/screens.h"
#include "src/access.h"
#include "src/i18n.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

static bool sees_referrals(const struct session *s)
{
	return access_allowed(&s->user, ACT_REFERRAL_READ);
}

static bool sees_caseloads(const struct session *s)
{
	return access_allowed(&s->user, ACT_CASELOAD);
}

static bool sees_queue(const struct session *s)
{
	return access_allowed(&s->user, ACT_CASE_LIST);
}

static bool sees_goals(const struct session *s)
{
	return access_allowed(&s->user, ACT_REPORT);
}

static bool sees_audit(const struct session *s)
{
	return access_allowed(&s->user, ACT_AUDIT_READ);
}

static const struct menu_entry entries[] = {
	{ .label = N_("Companies"), .ops = &screen_company_list },
	{ .label = N_("Cases"), .ops = &screen_case_list },
	{ .label = N_("Partners"), .ops = &screen_partners },
	{ .label = N_("Referrals"), .ops = &screen_referral_overview, .visible = sees_referrals },
	{ .label = N_("Follow-ups"), .ops = &screen_followups, .visible = sees_referrals },
	{ .label = N_("Queue"), .ops = &screen_queue, .visible = sees_queue },
	{ .label = N_("Caseloads"), .ops = &screen_caseload, .visible = sees_caseloads },
	{ .label = N_("Goals"), .ops = &screen_goals, .visible = sees_goals },
	{ .label = N_("Audit"), .ops = &screen_audit, .visible = sees_audit },
};

#define N_ENTRIES ((int)(sizeof entries / sizeof entries[0]))

int menu_count(void)
{
	return N_ENTRIES;
}

const struct menu_entry *menu_get(int i)
{
	return i >= 0 && i < N_ENTRIES ? &entries[i] : NULL;
}

bool menu_visible(struct ui *ui, int i)
{
	const struct menu_entry *e = menu_get(i);

	return e && (!e->visible || e->visible(ui->s));
}

int menu_step(struct ui *ui, int i, int dir)
{
	for (int n = 0; n < N_ENTRIES; n++) {
		i = ((i + dir) % N_ENTRIES + N_ENTRIES) % N_ENTRIES;
		if (menu_visible(ui, i))
			return i;
	}
	return -1;
}

int menu_start(struct ui *ui)
{
	struct referral *due = NULL;
	int n = 0;

	if (sees_referrals(ui->s) && referral_due(ui->s, &due, &n) != KP_OK)
		n = 0;
	referral_list_free(due, n);
	for (int i = 0; i < N_ENTRIES && n > 0; i++)
		if (entries[i].ops == &screen_followups)
			return i;
	return menu_step(ui, -1, 1);
}

void menu_draw_tabs(struct ui *ui, int y, int w)
{
	int x = 0, ww = 0, room;
	char label[128], *who = NULL;

	/* the user's name keeps its place at the right; tabs that do not fit
	 * before it are left out (their number keys still work) */
	if (ui->s->logged_in) {
		if (ui->s->user.initials && *ui->s->user.initials)
			who = xasprintf("%s (%s) ", ui->s->user.name, ui->s->user.initials);
		else
			who = xasprintf("%s ", ui->s->user.name);
		ww = (int)text_width(who);
	}
	room = w - (ww > 0 && ww <= w / 3 ? ww : 12);
	draw_fill(y, 0, w, UC_TABBAR);
	x += draw_text(y, x, w, " Knudepunkt ", UC_TABBAR, false);
	for (int i = 0; i < N_ENTRIES && ui->tab >= 0; i++) {
		if (!menu_visible(ui, i))
			continue;
		snprintf(label, sizeof label, " %d %s ", i + 1, _(entries[i].label));
		if (x + (int)text_width(label) > room)
			break;
		x += draw_text(y, x, w - x, label, i == ui->tab ? UC_TAB_CUR : UC_TABBAR, false);
	}
	if (who && ww < w - x)
		draw_text(y, w - ww, ww, who, UC_TABBAR, false);
	free(who);
}

int menu_pick(struct ui *ui)
{
	struct pick_item items[N_ENTRIES];
	int map[N_ENTRIES], n = 0, cur = 0, chosen;
	char keys[N_ENTRIES][8];

	for (int i = 0; i < N_ENTRIES; i++) {
		if (!menu_visible(ui, i))
			continue;
		snprintf(keys[n], sizeof keys[n], "%d", i + 1);
		items[n].key = keys[n];
		items[n].label = _(entries[i].label);
		if (i == ui->tab)
			cur = n;
		map[n++] = i;
	}
	chosen = pick_one(ui, _("Main menu"), items, n, cur);
	return chosen >= 0 ? map[chosen] : -1;
}
