/* The demo generator (demo.h). Staff first (admin), then per company the
 * intake desk of the house that serves its municipality registers it, its
 * contacts and consent, and opens a case; the case's consultant logs the
 * meetings and notes and closes (or reopens) it. Dates run back from
 * today, so the data looks current whenever it is made. */
#include "src/demo.h"
#include "db/bench_store.h"
#include "db/company_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/company.h"
#include "src/demo_referrals.h"
#include "src/evaluation.h"
#include "src/fakedata.h"
#include "src/i18n.h"
#include "src/journal.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/target.h"
#include "src/user.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aarhus first, so konsulent1, leder1 and modtagelse1 work there. */
static const char *const demo_locations[] = {
	"aarhus", "kobenhavn", "odense", "aalborg", "vojens", "soro", "herning", "horsens",
	"hillerod", "ronne", "vordingborg", "nykobing_mors", NULL,
};

static const char *const sources[] = {
	"own_initiative", "own_initiative", "municipality", "municipality", "outreach",
	"digital_platform", "partner", "event", NULL,
};

static const char *const themes[] = {
	"digitalisation", "automation", "ecommerce", "innovation", "capital", "internationalisation",
	"business_model", "csr", "green_transition", "leadership", "ownership_change", "sale",
	"start_up", "standards", "ip", "it_security", "gdpr", NULL,
};

static const char *const places[] = { "house", "company", "company", "online", "phone", NULL };
static const char *const sizes[] = { "1-9", "1-9", "1-9", "10-49", "10-49", "50-249", "250+", "0", NULL };
static const char *const ambitions[] = { "", "none", "moderate", "moderate", "high", NULL };

struct demo {
	struct session *s;
	struct fake_rng rng;
	unsigned long seed;
	char *admin;                   /* login to return to */
	struct postcode_row *postcodes;
	int npostcodes;
	struct ref_item *munis;        /* key: code, parent: house */
	int nmunis;
	struct demo_result *out;
};

static int location_index(const char *key)
{
	for (int i = 0; demo_locations[i]; i++)
		if (strcmp(demo_locations[i], key) == 0)
			return i;
	return -1;
}

/* The initials of a name: the first letter of its first and last word. */
static void initials_of(const char *name, char *out, size_t outlen)
{
	const char *last = strrchr(name, ' ');
	size_t a = 1, b = 1;

	last = last ? last + 1 : name;
	while (name[a] && (name[a] & 0xc0) == 0x80)
		a++;
	while (last[b] && (last[b] & 0xc0) == 0x80)
		b++;
	snprintf(out, outlen, "%.*s%.*s", (int)a, name, (int)b, last);
}

static enum kp_status add_user(struct demo *d, const char *login, const char *role,
			       const char *location, int n)
{
	struct user u = { 0 }, have = { 0 };
	struct fake_rng r;
	char name[96], ini[16];
	int found = user_store_find_login(d->s->db, login, &have);

	user_finish(&have);
	if (found < 0)
		return session_db_fail(d->s, _("cannot read users"));
	if (found)
		return KP_OK;                  /* never a second konsulent1 */
	fake_seed(&r, d->seed * 7919u + (unsigned long)n);
	fake_person_name(&r, name, sizeof name);
	initials_of(name, ini, sizeof ini);
	u.login = xstrdup(login);
	u.name = xstrdup(name);
	u.initials = xstrdup(ini);
	u.role = xstrdup(role);
	u.location = xstrdup(location);
	const char *t1 = fake_pick(&r, themes), *t2 = fake_pick(&r, themes);
	u.themes = strcmp(role, "consultant") != 0 ? xstrdup("[]")
		   : strcmp(t1, t2) == 0 ? xasprintf("[\"%s\"]", t1)
		   : xasprintf("[\"%s\",\"%s\"]", t1, t2);
	enum kp_status st = user_create(d->s, &u);
	if (st == KP_OK)
		d->out->users++;
	user_finish(&u);
	return st;
}

static enum kp_status add_staff(struct demo *d)
{
	enum kp_status st = KP_OK;
	char login[32];

	for (int l = 0; demo_locations[l] && st == KP_OK; l++) {
		const char *loc = demo_locations[l];
		snprintf(login, sizeof login, "modtagelse%d", l + 1);
		st = add_user(d, login, "intake", loc, 1000 + l);
		snprintf(login, sizeof login, "leder%d", l + 1);
		if (st == KP_OK)
			st = add_user(d, login, "supervisor", loc, 2000 + l);
		for (int k = 0; k < DEMO_CONSULTANTS_PER_LOCATION && st == KP_OK; k++) {
			int n = DEMO_CONSULTANTS_PER_LOCATION * l + k + 1;
			snprintf(login, sizeof login, "konsulent%d", n);
			st = add_user(d, login, "consultant", loc, 3000 + n);
		}
	}
	return st;
}

/* Makes staff member "<prefix><n>" the acting user. */
static enum kp_status act_as(struct demo *d, const char *prefix, int n)
{
	char login[32];

	snprintf(login, sizeof login, "%s%d", prefix, n);
	return session_login(d->s, login);
}

/* The house that serves a municipality, or NULL. */
static const char *house_of(const struct demo *d, int municipality)
{
	char code[16];

	snprintf(code, sizeof code, "%d", municipality);
	for (int i = 0; i < d->nmunis; i++)
		if (strcmp(d->munis[i].key, code) == 0)
			return d->munis[i].parent;
	return NULL;
}

/* A location of the house: the head office, or now and then a branch. */
/* house, head office, the branch the demo uses */
static const char *const houses[][3] = {
	{ "hovedstaden", "kobenhavn", "hillerod" }, { "sjaelland", "soro", "vordingborg" },
	{ "fyn", "odense", "odense" }, { "sydjylland", "vojens", "vojens" },
	{ "midtjylland", "aarhus", "herning" }, { "nordjylland", "aalborg", "nykobing_mors" },
};
#define N_HOUSES (sizeof houses / sizeof houses[0])

static const char *location_for(struct demo *d, const char *house)
{
	for (size_t i = 0; house && i < N_HOUSES; i++)
		if (strcmp(houses[i][0], house) == 0)
			return houses[i][fake_below(&d->rng, 3) == 0 ? 2 : 1];
	return "aarhus";
}

static void date_back(long days, char out[CLOCK_DATE_LEN])
{
	char today[CLOCK_DATE_LEN];

	clock_today(today);
	clock_date_add_days(today, -days, out);
}

static enum kp_status add_contacts(struct demo *d, const struct company *c)
{
	int n = 1 + (int)fake_below(&d->rng, 2);

	for (int k = 0; k < n; k++) {
		char person[96], email[160], phone[24];
		fake_person_name(&d->rng, person, sizeof person);
		fake_email(person, c->name, email, sizeof email);
		fake_phone(&d->rng, phone, sizeof phone);
		struct contact ct = { .company_id = xstrdup(c->id), .name = xstrdup(person),
				      .role = xstrdup(fake_pick(&d->rng, fake_roles)),
				      .email = xstrdup(email), .phone = xstrdup(phone) };
		enum kp_status st = contact_add(d->s, &ct);
		contact_finish(&ct);
		if (st != KP_OK)
			return st;
		d->out->contacts++;
	}
	return KP_OK;
}

/* Registers company number i; KP_ERR_DUPLICATE when its CVR exists. */
static enum kp_status add_company(struct demo *d, unsigned i, struct company *c)
{
	char name[128], street[96], cvr[9];
	const struct postcode_row *pc = &d->postcodes[fake_below(&d->rng, (unsigned)d->npostcodes)];
	bool prestart = fake_below(&d->rng, 12) == 0;

	if (prestart)
		fake_person_name(&d->rng, name, sizeof name);
	else
		fake_company_name(&d->rng, name, sizeof name);
	fake_street(&d->rng, street, sizeof street);
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	c->is_prestart = prestart;
	c->cvr = !prestart && fake_cvr(i, cvr) ? xstrdup(cvr) : NULL;
	if (!prestart && !c->cvr) {
		c->is_prestart = true;          /* no check digit for this index */
		free(c->name);
		fake_person_name(&d->rng, name, sizeof name);
		c->name = xstrdup(name);
	}
	c->address = xstrdup(street);
	c->postcode = xstrdup(pc->postcode);
	c->town = xstrdup(pc->town);
	c->municipality_code = pc->municipality;
	c->industry_code = xstrdup(c->is_prestart ? "" : fake_pick(&d->rng, fake_industries));
	c->size_class = xstrdup(c->is_prestart ? "" : fake_pick(&d->rng, sizes));
	c->founded_year = c->is_prestart ? 0 : 1960 + (int)fake_below(&d->rng, 66);
	c->target_group = xstrdup(c->is_prestart ? "pre_start"
				  : c->founded_year > 2022 ? "entrepreneur"
				  : strcmp(c->size_class, "1-9") == 0 ? "micro"
				  : strcmp(c->size_class, "250+") == 0 ? "large" : "sme");
	c->growth_ambition = xstrdup(fake_pick(&d->rng, ambitions));
	enum kp_status st = company_create(d->s, c, NULL);
	if (st != KP_OK)
		return st;
	d->out->companies++;
	if ((st = add_contacts(d, c)) != KP_OK)
		return st;
	if (fake_below(&d->rng, 10) < 7)
		st = company_consent_give(d->s, c->id, "sharing");
	return st;
}

/* Fixes the clock at DATE, MINUTES past nine in the morning, so that what
 * the demo does next carries that date in timelines and audit. */
static void at_date(const char *date, int minutes)
{
	time_t t;

	if (clock_parse_date(date, &t))
		clock_fix(t + 9 * 3600 + 60 * minutes);
}

/* A later date than from, days on, but never after today. */
static void date_after(const char *from, long days, char out[CLOCK_DATE_LEN])
{
	char today[CLOCK_DATE_LEN];

	clock_fix(0);
	clock_today(today);
	clock_date_add_days(from, days, out);
	if (strcmp(out, today) > 0)
		memcpy(out, today, CLOCK_DATE_LEN);
}

struct planned_entry {
	struct journal_entry e;
	bool meeting;
};

static int by_date(const void *a, const void *b)
{
	const struct planned_entry *x = a, *y = b;

	return strcmp(x->e.occurred, y->e.occurred);
}

/* Logs meetings and maybe a note between opened and today, in date order
 * with the clock at each entry's date; last gets the latest date used. */
static enum kp_status log_entries(struct demo *d, const char *case_id, const char *opened,
				  int meetings, char last[CLOCK_DATE_LEN])
{
	char today[CLOCK_DATE_LEN];
	struct planned_entry plan[8];
	int n = 0;
	enum kp_status st = KP_OK;

	clock_fix(0);
	clock_today(today);
	memcpy(last, opened, CLOCK_DATE_LEN);
	long age = clock_days_between(opened, today);
	for (int k = 0; k < meetings + 1 && n < (int)(sizeof plan / sizeof plan[0]); k++) {
		bool meeting = k < meetings;
		char when[CLOCK_DATE_LEN];
		long off = age > 0 ? (long)fake_below(&d->rng, (unsigned)age + 1) : 0;
		clock_date_add_days(opened, meeting ? off * (k + 1) / (meetings + 1) : off, when);
		if (!meeting && fake_below(&d->rng, 2))
			continue;                    /* a note on about half the cases */
		const char *where = fake_pick(&d->rng, places);
		plan[n].meeting = meeting;
		plan[n++].e = (struct journal_entry){
			.case_id = xstrdup(case_id), .occurred = xstrdup(when),
			.duration_min = meeting ? 30 + 15 * (int)fake_below(&d->rng, 7) : 0,
			.place = xstrdup(meeting ? where : ""),
			.participants = xstrdup(""),
			.summary = xstrdup(fake_pick(&d->rng, meeting ? fake_meeting_texts : fake_note_texts)),
		};
	}
	qsort(plan, (size_t)n, sizeof plan[0], by_date);
	for (int k = 0; k < n; k++) {
		if (st == KP_OK) {
			at_date(plan[k].e.occurred, 60 + 90 * k);
			st = plan[k].meeting ? journal_log_meeting(d->s, &plan[k].e, false)
					     : journal_add_note(d->s, &plan[k].e, false);
			if (st == KP_OK && plan[k].meeting)
				d->out->meetings++;
			else if (st == KP_OK)
				d->out->notes++;
			if (strcmp(plan[k].e.occurred, last) > 0)
				memcpy(last, plan[k].e.occurred, CLOCK_DATE_LEN);
		}
		journal_entry_finish(&plan[k].e);
	}
	return st;
}

static const char *const eval_comments[] = {
	"", "", "", "Konsulenten forstod vores forretning hurtigt",
	"Gode kontakter videre i netværket", "Vi havde gerne set en hurtigere opfølgning",
	"Meget konkret sparring om næste skridt", NULL,
};

/* Most companies answer the evaluation of a closed case, a week or two
 * after it closed: mostly recommending, now and then not. A random stream
 * of its own, so the rest of the demo stays the same. */
static enum kp_status add_evaluation(struct demo *d, const char *case_id, const char *closed)
{
	struct fake_rng r;
	char answered[CLOCK_DATE_LEN];

	fake_seed(&r, d->seed * 104729u + (unsigned long)d->out->cases);
	if (fake_below(&r, 10) < 3)
		return KP_OK;                /* no answer */
	static const int scores[] = { 10, 10, 9, 9, 9, 8, 8, 7, 6, 10, 9, 5, 8, 10, 3 };
	static const char *const effects[] = { "yes", "yes", "yes", "yes", "no", "dont_know", "yes" };
	date_after(closed, 3 + (long)fake_below(&r, 18), answered);
	at_date(answered, 120);
	struct evaluation e = {
		.case_id = xstrdup(case_id),
		.recommend = scores[fake_below(&r, sizeof scores / sizeof scores[0])],
		.effect = xstrdup(effects[fake_below(&r, sizeof effects / sizeof effects[0])]),
		.answered = xstrdup(answered),
		.comment = xstrdup(fake_pick(&r, eval_comments)),
	};
	enum kp_status st = evaluation_record(d->s, &e, false);
	if (st == KP_OK)
		d->out->evaluations++;
	evaluation_finish(&e);
	return st;
}

/* Opens a case for c at a location of its house and takes it to a status:
 * new, assigned, active, closed or reopened. */
static enum kp_status add_case(struct demo *d, const struct company *c)
{
	const char *location = location_for(d, house_of(d, c->municipality_code));
	int l = location_index(location);
	unsigned pick = fake_below(&d->rng, 100);
	int consultant = DEMO_CONSULTANTS_PER_LOCATION * l + 1 +
			 (int)fake_below(&d->rng, DEMO_CONSULTANTS_PER_LOCATION);
	char opened[CLOCK_DATE_LEN], login[32];
	enum kp_status st;

	if ((st = act_as(d, "modtagelse", l + 1)) != KP_OK)
		return st;
	date_back(pick < 30 ? (long)fake_below(&d->rng, 30) : 20 + (long)fake_below(&d->rng, 700),
		  opened);
	const char *source = fake_pick(&d->rng, sources);
	const char *t1 = fake_pick(&d->rng, themes), *t2 = fake_pick(&d->rng, themes);
	struct case_file cf = {
		.company_id = xstrdup(c->id), .title = xstrdup(fake_pick(&d->rng, fake_case_titles)),
		.source = xstrdup(source),
		.source_municipality = strcmp(source, "municipality") == 0 ? c->municipality_code : 0,
		.source_date = strcmp(source, "municipality") == 0 ? xstrdup(opened) : NULL,
		.target_group = xstrdup(c->target_group),
		.themes = strcmp(t1, t2) == 0 ? xasprintf("[\"%s\"]", t1)
					      : xasprintf("[\"%s\",\"%s\"]", t1, t2),
		.location = xstrdup(location), .opened = xstrdup(opened),
	};
	snprintf(login, sizeof login, "konsulent%d", consultant);
	struct user u = { 0 };
	if (pick >= 10 && user_store_find_login(d->s->db, login, &u) == 1)
		cf.consultant_id = xstrdup(u.id);     /* the rest wait in the branch queue */
	user_finish(&u);
	/* the case's story is told on its own dates: opened, the meetings,
	 * closed a week after the last one, reopened two weeks later */
	char last[CLOCK_DATE_LEN], then[CLOCK_DATE_LEN];
	memcpy(last, opened, CLOCK_DATE_LEN);
	at_date(opened, 0);
	st = case_open(d->s, &cf);
	if (st == KP_OK)
		d->out->cases++;
	/* 10 % new, 20 % assigned, 40 % active, 23 % closed, 7 % reopened */
	if (st == KP_OK && pick >= 30 && (st = act_as(d, "konsulent", consultant)) == KP_OK)
		st = log_entries(d, cf.id, opened, 1 + (int)fake_below(&d->rng, 4), last);
	if (st == KP_OK && pick >= 70) {
		date_after(last, 7, then);
		at_date(then, 480);
		st = case_close(d->s, cf.id, fake_pick(&d->rng, fake_outcomes));
		if (st == KP_OK)
			st = add_evaluation(d, cf.id, then);
	}
	if (st == KP_OK && pick >= 93) {
		date_after(then, 14, then);
		at_date(then, 500);
		st = case_reopen(d->s, cf.id, "Virksomheden har henvendt sig igen med et nyt behov");
	}
	clock_fix(0);
	case_finish(&cf);
	return st;
}

/* Each house's supervisor sets this year's and last year's result-contract
 * targets, scaled to the demo's size: about what a house of this many
 * companies would agree to. NPS and effect keep the national targets. */
static enum kp_status add_targets(struct demo *d, int companies)
{
	static const struct { const char *metric; double per_100; } per[] = {   /* per 100 companies */
		{ "served_companies", 40 }, { "referrals", 35 }, { "meetings", 90 },
		{ "digital_cases", 8 }, { "registered_cases", 55 }, { "municipality_cases", 12 },
	};
	char today[CLOCK_DATE_LEN];
	enum kp_status st = KP_OK;

	clock_today(today);
	int year = atoi(today);
	for (size_t h = 0; h < N_HOUSES && st == KP_OK; h++) {
		if ((st = act_as(d, "leder", location_index(houses[h][1]) + 1)) != KP_OK)
			break;
		for (int y = year - 1; y <= year && st == KP_OK; y++)
			for (size_t m = 0; m < sizeof per / sizeof per[0] && st == KP_OK; m++) {
				/* a sixth of the companies per house, rounded, at least 1 */
				long v = (long)(per[m].per_100 * companies / 600.0 + 0.5);
				st = target_set(d->s, houses[h][0], NULL, y, per[m].metric, v < 1 ? 1 : v);
				if (st == KP_OK)
					d->out->targets++;
			}
	}
	return st;
}

static enum kp_status fill(struct demo *d, int companies)
{
	long have = company_store_count(d->s->db);
	enum kp_status st = add_staff(d);

	if (have < 0)
		return session_db_fail(d->s, _("cannot count companies"));
	/* company numbers continue after the companies already there, so a
	 * second run adds new ones; a CVR taken by other data is skipped */
	for (unsigned i = (unsigned)have, tries = 0;
	     st == KP_OK && d->out->companies < companies && tries < 10u * (unsigned)companies + 100;
	     i++, tries++) {
		struct company c;
		fake_seed(&d->rng, d->seed * 1000003u + i);
		int l = (int)fake_below(&d->rng, 12);
		if ((st = act_as(d, "modtagelse", l + 1)) != KP_OK)
			break;
		st = add_company(d, i, &c);
		if (st == KP_ERR_DUPLICATE) {
			st = KP_OK;
			company_finish(&c);
			continue;
		}
		if (st == KP_OK && fake_below(&d->rng, 10) < 7)
			st = add_case(d, &c);
		company_finish(&c);
	}
	return st;
}

enum kp_status demo_prepare(struct session *s, bool *fresh)
{
	char *mark = db_setting_get(s->db, "demo");
	bool is_demo = mark && strcmp(mark, "1") == 0;

	free(mark);
	*fresh = !user_any_exist(s);
	if (*fresh) {
		struct user u = { .login = xstrdup(DEMO_ADMIN_LOGIN), .name = xstrdup("Ada Administrator"),
				  .initials = xstrdup("AA"), .role = xstrdup("admin"),
				  .location = xstrdup("kobenhavn"), .themes = xstrdup("[]") };
		enum kp_status st = user_create(s, &u);
		user_finish(&u);
		if (st != KP_OK)
			return st;
		if (!db_setting_set(s->db, "demo", "1") ||
		    !audit_record(s, "database.demo", "setting", "demo", NULL))
			return session_db_fail(s, _("cannot mark the demo database"));
		return KP_OK;
	}
	if (!is_demo)
		return session_fail(s, KP_ERR_REFUSED,
				    _("%s is not a demo database; demo data goes only into a new "
				      "database or one made with knudepunkt init --demo"), db_path(s->db));
	/* the first active administrator does the work */
	struct user *users = NULL;
	enum kp_status st = KP_ERR_NOT_FOUND;
	int n = user_store_list(s->db, true, NULL, &users);
	if (n < 0)
		return session_db_fail(s, _("cannot read users"));
	for (int i = 0; i < n && st != KP_OK; i++)
		if (strcmp(users[i].role, "admin") == 0)
			st = session_login(s, users[i].login);
	user_list_free(users, n);
	if (st != KP_OK)
		return session_fail(s, KP_ERR_NOT_FOUND, _("the demo database has no active administrator"));
	return KP_OK;
}

enum kp_status demo_fill(struct session *s, int companies, unsigned long seed, bool referrals,
			 struct demo_result *out)
{
	struct demo d = { .s = s, .seed = seed, .out = out };
	enum kp_status st = access_require(s, ACT_DEMO);

	memset(out, 0, sizeof *out);
	if (st != KP_OK)
		return st;
	d.admin = xstrdup(s->user.login);
	d.npostcodes = bench_postcodes(s->db, &d.postcodes);
	if (d.npostcodes <= 0 || refdata_list(s, REF_MUNICIPALITY, &d.munis, &d.nmunis) != KP_OK) {
		free(d.admin);
		free(d.postcodes);
		return session_db_fail(s, _("cannot read the reference data"));
	}
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	st = fill(&d, companies);
	if (st == KP_OK)
		st = add_targets(&d, companies);
	if (st == KP_OK)
		st = session_login(s, d.admin);
	if (st == KP_OK && referrals)
		st = demo_referrals(s, 0, &out->referrals);
	if (st == KP_OK && !db_commit(s->db))
		st = session_db_fail(s, _("cannot save the demo data"));
	else if (st != KP_OK)
		db_rollback(s->db);
out:
	if (st != KP_OK) {
		char why[sizeof s->msg];
		snprintf(why, sizeof why, "%s", session_message(s));
		session_login(s, d.admin);
		snprintf(s->msg, sizeof s->msg, "%s", why);
	}
	free(d.admin);
	free(d.postcodes);
	ref_list_free(d.munis, d.nmunis);
	return st;
}
