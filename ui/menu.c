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

static bool sees_trust(const struct session *s)
{
	return access_allowed(&s->user, ACT_TRUST_WRITE);
}

static bool sees_sync(const struct session *s)
{
	return access_allowed(&s->user, ACT_SYNC);
}

static bool sees_conflicts(const struct session *s)
{
	return access_allowed(&s->user, ACT_CONFLICT_REVIEW);
}

static bool sees_users(const struct session *s)
{
	return access_allowed(&s->user, ACT_USER_ADMIN);
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
	{ .label = N_("Impartiality"), .ops = &screen_trust, .visible = sees_trust },
	{ .label = N_("Sync"), .ops = &screen_sync, .visible = sees_sync },
	{ .label = N_("Conflicts"), .ops = &screen_conflicts, .visible = sees_conflicts },
	{ .label = N_("Users"), .ops = &screen_users, .visible = sees_users },
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

/* A tab's label: " 8 Goals " in full, " 8 " compact (the current tab is
 * always in full). The tenth entry has the number key 0; entries past it
 * have none (the main menu, m, and Tab reach them). */
static int tab_label(const struct ui *ui, int i, bool full, char *buf, size_t n)
{
	char num[16] = "";

	if (i < 10)
		snprintf(num, sizeof num, "%d ", (i + 1) % 10);
	if (full || i == ui->tab || !*num)
		snprintf(buf, n, " %s%s ", num, _(entries[i].label));
	else
		snprintf(buf, n, " %s", num);
	return (int)text_width(buf);
}

void menu_draw_tabs(struct ui *ui, int y, int w)
{
	int x = 0, ww = 0, room, need = 0, first = -1;
	bool full[N_ENTRIES];
	char label[128], *who = NULL;

	/* the user's name keeps its place at the right. The tabs show in full
	 * when they fit; else every tab shows its number and as many as fit,
	 * nearest the current one first, show their name too; on a very narrow
	 * terminal the bar starts late enough to show the current tab, after a
	 * mark for those left out */
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
	for (int i = 0; i < N_ENTRIES; i++) {
		full[i] = false;
		if (menu_visible(ui, i))
			need += tab_label(ui, i, false, label, sizeof label);
	}
	bool stopped[2] = { false, false };   /* leftwards, rightwards */

	for (int d = 0; d < N_ENTRIES; d++) {
		int cand[2] = { ui->tab - d, d ? ui->tab + d : -1 };

		for (int k = 0; k < 2; k++) {
			int i = cand[k];

			if (stopped[k] || i < 0 || i >= N_ENTRIES || !menu_visible(ui, i))
				continue;
			int more = tab_label(ui, i, true, label, sizeof label) -
				   tab_label(ui, i, false, label, sizeof label);

			if (x + need + more <= room) {
				full[i] = true;
				need += more;
			} else {
				stopped[k] = true;   /* named tabs stay next to each other */
			}
		}
	}
	/* the first tab shown: the current one must fit, after a mark "<" */
	for (int i = 0; i < N_ENTRIES && ui->tab >= 0; i++) {
		if (!menu_visible(ui, i))
			continue;
		if (first < 0)
			first = i;
		if (x + need <= room || i == ui->tab) {
			if (i != first)
				x += draw_text(y, x, w - x, "<", UC_TABBAR, false);
			first = i;
			break;
		}
		need -= tab_label(ui, i, full[i], label, sizeof label);
	}
	for (int i = first; i >= 0 && i < N_ENTRIES && ui->tab >= 0; i++) {
		if (!menu_visible(ui, i))
			continue;
		int lw = tab_label(ui, i, full[i], label, sizeof label);

		if (x + lw > room) {
			draw_text(y, x, w - x, ">", UC_TABBAR, false);
			break;
		}
		x += draw_text(y, x, w - x, label, i == ui->tab ? UC_TAB_CUR : UC_TABBAR, false);
	}
	if (who && ww <= w - x)
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
		if (i < 10)
			snprintf(keys[n], sizeof keys[n], "%d", (i + 1) % 10);
		else
			keys[n][0] = '\0';
		items[n].key = keys[n];
		items[n].label = _(entries[i].label);
		if (i == ui->tab)
			cur = n;
		map[n++] = i;
	}
	chosen = pick_one(ui, _("Main menu"), items, n, cur);
	return chosen >= 0 ? map[chosen] : -1;
}
