/* Demo content for the partner network. Every advisor and person here is
 * invented and marked "(fiktiv)"; the organisations they are attached to
 * are the real partners seeded by migration 0002. Writes through the
 * stores in one transaction, with one audit entry for the whole. */
#include "src/demo_referrals.h"
#include "db/case_store.h"
#include "db/organisation_store.h"
#include "db/referral_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/organisation.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VAEKSTFONDEN "ab1147a7-0169-5356-b2b7-1daf6d133eaa"
#define INNOVATIONSFONDEN "25bf972f-8786-5d72-ab0b-bad54c526bde"
#define TRADE_COUNCIL "e6d0c596-2b09-5092-9c0a-4b1ac6ea02f4"
#define TEKNOLOGISK "295c46e7-85a2-5732-a8d3-7b2edd9b88fa"
#define ALEXANDRA "49b6f11e-2bf5-5784-9528-f94f9b0c7c72"
#define DIGITAL_LEAD "3495bf7d-e406-5c67-b366-8f40dfb5b5ff"
#define ENERGY_CLUSTER "17d1ed9b-b1a0-50c8-9077-035ae1d57a13"
#define DKPTO "c3dbbebe-4d8e-5b19-8ac3-9d4493cfe20a"
#define DATATILSYNET "9eb95bc5-cc55-5fc4-98b2-07f47299a467"

static const struct {
	const char *name, *themes, *area, *phone, *email;
} advisors[] = {
	{ "Kronborg Revision & Rådgivning (fiktiv)", "[\"capital\",\"ownership_change\",\"sale\"]",
	  "national", "70 10 20 30", "kontakt@kronborg-revision.example" },
	{ "Fjordbyen Finansrådgivning (fiktiv)", "[\"capital\",\"business_model\"]",
	  "midtjylland", "86 10 20 30", "info@fjordbyen-finans.example" },
	{ "Lyngholm Generationsskifte (fiktiv)", "[\"ownership_change\",\"sale\",\"leadership\"]",
	  "midtjylland", "97 11 22 33", "post@lyngholm.example" },
	{ "Bakkedal Digital (fiktiv)", "[\"digitalisation\",\"ecommerce\",\"automation\"]",
	  "national", "33 12 34 56", "hej@bakkedal-digital.example" },
	{ "Sikkerhedshuset Nord (fiktiv)", "[\"it_security\",\"gdpr\"]",
	  "nordjylland", "98 12 34 56", "kontakt@sikkerhedshuset.example" },
	{ "Persondata Partnere (fiktiv)", "[\"gdpr\",\"it_security\"]",
	  "national", "35 12 34 56", "gdpr@persondata-partnere.example" },
	{ "Eksportvejen Rådgivning (fiktiv)", "[\"internationalisation\",\"marketing_authorisation\"]",
	  "national", "45 12 34 56", "mail@eksportvejen.example" },
	{ "Idéskjold Patentrådgivning (fiktiv)", "[\"ip\",\"innovation\"]",
	  "national", "39 12 34 56", "ip@ideskjold.example" },
	{ "Grøn Omstilling Syd (fiktiv)", "[\"green_transition\",\"csr\"]",
	  "sydjylland", "74 12 34 56", "info@groen-syd.example" },
	{ "Ledelseslaget (fiktiv)", "[\"leadership\",\"business_model\"]",
	  "hovedstaden", "38 12 34 56", "hej@ledelseslaget.example" },
	{ "Øhavets Erhvervsrådgivning (fiktiv)", "[\"capital\",\"start_up\",\"business_model\"]",
	  "fyn", "62 12 34 56", "kontakt@oehavet.example" },
	{ "Sjællandske Vækstpartnere (fiktiv)", "[\"capital\",\"digitalisation\",\"leadership\"]",
	  "sjaelland", "57 12 34 56", "post@vaekstpartnere.example" },
};

static const struct {
	const char *organisation_id, *name, *role, *email, *phone;
} contacts[] = {
	{ VAEKSTFONDEN, "Mette Lauridsen (fiktiv)", "erhvervskunderådgiver",
	  "ml@demo.example", "70 00 00 01" },
	{ VAEKSTFONDEN, "Jonas Winther (fiktiv)", "lånerådgiver", "jw@demo.example", "70 00 00 02" },
	{ INNOVATIONSFONDEN, "Sofie Kragh (fiktiv)", "programansvarlig, Innobooster",
	  "sk@demo.example", "70 00 00 03" },
	{ TRADE_COUNCIL, "Peter Holm (fiktiv)", "eksportrådgiver", "ph@demo.example", "70 00 00 04" },
	{ TEKNOLOGISK, "Anna Brix (fiktiv)", "konsulent, automation", "ab@demo.example",
	  "70 00 00 05" },
	{ ALEXANDRA, "Rasmus Dahl (fiktiv)", "seniorforsker, IT-sikkerhed", "rd@demo.example",
	  "70 00 00 06" },
};

/* Where a need of a theme is referred; private advisors are chosen from
 * the directory instead. */
static const struct {
	const char *theme, *organisation_id;
} routes[] = {
	{ "capital", VAEKSTFONDEN },
	{ "innovation", INNOVATIONSFONDEN },
	{ "internationalisation", TRADE_COUNCIL },
	{ "automation", TEKNOLOGISK },
	{ "digitalisation", DIGITAL_LEAD },
	{ "it_security", ALEXANDRA },
	{ "green_transition", ENERGY_CLUSTER },
	{ "ip", DKPTO },
	{ "gdpr", DATATILSYNET },
};

/* The status a demo referral ends in, and the path that leads there. */
static const char *const paths[][5] = {
	{ "proposed", NULL },
	{ "proposed", "sent", NULL },
	{ "proposed", "sent", "accepted", NULL },
	{ "proposed", "sent", "accepted", "completed", NULL },
	{ "proposed", "sent", "declined", NULL },
	{ "proposed", "withdrawn", NULL },
	{ "proposed", "sent", "accepted", "completed", NULL },
	{ "proposed", "sent", "accepted", NULL },
};
#define N_PATHS (sizeof paths / sizeof paths[0])

static const char *const reasons[] = {
	"Behov for finansiering af ny produktionslinje",
	"Ønsker sparring om eksport til Tyskland",
	"Udvikling af ny digital service; søger medfinansiering",
	"Vil beskytte ny opfindelse før lancering",
	"Spørgsmål om databehandleraftaler og GDPR",
	"Generationsskifte om 2-3 år; ønsker uvildig vurdering",
	"Automatisering af pakkeri og lager",
	"Grøn omstilling af varmeforsyning i produktionen",
};
#define N_REASONS (sizeof reasons / sizeof reasons[0])

static const char *const outcomes[] = {
	"Lån bevilget; virksomheden er i gang",
	"Virksomheden deltog i eksportforløb",
	"Afvist: projektet lå uden for ordningen",
	"Rådgivning gennemført; god effekt ifølge virksomheden",
};

static bool add_advisors(struct session *s, const char *at)
{
	for (size_t i = 0; i < sizeof advisors / sizeof advisors[0]; i++) {
		char id[UUID_STR_LEN];
		int taken = organisation_store_name_taken(s->db, advisors[i].name, NULL);

		if (taken < 0)
			return false;
		if (taken)
			continue;   /* a second run adds no duplicates */
		uuid_generate(id);
		struct organisation o = {
			.id = id, .name = (char *)advisors[i].name, .type = (char *)"private_advisor",
			.themes = (char *)advisors[i].themes, .area = (char *)advisors[i].area,
			.email = (char *)advisors[i].email, .phone = (char *)advisors[i].phone,
			.note = (char *)"Fiktiv rådgiver i demodata", .active = true,
			.created_at = (char *)at,
		};
		if (!organisation_store_insert(s->db, &o))
			return false;
	}
	return true;
}

static bool add_contacts(struct session *s, const char *at)
{
	for (size_t i = 0; i < sizeof contacts / sizeof contacts[0]; i++) {
		struct organisation_contact *have;
		int n = organisation_contact_store_list(s->db, contacts[i].organisation_id, &have);
		bool dup = false;

		if (n < 0)
			return false;
		for (int j = 0; j < n; j++)
			dup = dup || strcmp(have[j].name, contacts[i].name) == 0;
		organisation_contact_list_free(have, n);
		if (dup)
			continue;
		char id[UUID_STR_LEN];

		uuid_generate(id);
		struct organisation_contact c = {
			.id = id, .organisation_id = (char *)contacts[i].organisation_id,
			.name = (char *)contacts[i].name, .role = (char *)contacts[i].role,
			.email = (char *)contacts[i].email, .phone = (char *)contacts[i].phone,
			.active = true, .created_at = (char *)at,
		};
		if (!organisation_contact_store_insert(s->db, &c))
			return false;
	}
	return true;
}

/* The destination for a case's first theme: a fixed partner, or the first
 * of the advisors suggested for the theme and house (then *offered lists
 * those shown). Returns a copy of the organisation id or NULL. */
static char *destination(struct session *s, const struct case_file *c, int k, char **offered)
{
	char **themes;
	int n = organisation_keys_split(c->themes, &themes);
	const char *theme = n > 0 ? themes[k % n] : "capital";
	char *dest = NULL;

	*offered = xstrdup("[]");
	if (k % 4 == 3) {   /* every fourth: private advisors */
		struct organisation *adv;
		int m = organisation_store_advisors(s->db, theme, c->house, 3, &adv);

		if (m > 0) {
			const char *ids[3];

			for (int i = 0; i < m; i++)
				ids[i] = adv[i].id;
			free(*offered);
			*offered = organisation_keys_join(ids, m);
			dest = xstrdup(adv[0].id);
		}
		organisation_list_free(adv, m > 0 ? m : 0);
	}
	for (size_t i = 0; !dest && i < sizeof routes / sizeof routes[0]; i++)
		if (strcmp(routes[i].theme, theme) == 0)
			dest = xstrdup(routes[i].organisation_id);
	if (!dest)
		dest = xstrdup(k % 2 ? INNOVATIONSFONDEN : VAEKSTFONDEN);
	organisation_keys_free(themes, n > 0 ? n : 0);
	return dest;
}

static bool add_event(struct session *s, const char *rid, const char *user, const char *on,
		      const char *at, const char *from, const char *to)
{
	char id[UUID_STR_LEN];

	uuid_generate(id);
	struct referral_event e = {
		.id = id, .referral_id = (char *)rid, .at = (char *)at, .on_date = (char *)on,
		.user_id = (char *)user, .from_status = (char *)from, .to_status = (char *)to,
		.note = (char *)"",
	};
	return referral_event_insert(s->db, &e);
}

/* One referral of case c following paths[k % N_PATHS], starting days
 * after the case opened, never past today. */
static bool add_referral(struct session *s, const struct case_file *c, int k, const char *today,
			 const char *at)
{
	const char *const *path = paths[k % N_PATHS];
	const char *user = c->consultant_id && *c->consultant_id ? c->consultant_id : s->user.id;
	char id[UUID_STR_LEN], day[CLOCK_DATE_LEN], follow[CLOCK_DATE_LEN];
	char *offered, *dest = destination(s, c, k, &offered);
	int steps = 0;
	bool ok;

	uuid_generate(id);
	clock_date_add_days(c->opened, 3 + k % 11, day);
	if (!day[0] || strcmp(day, today) > 0)
		snprintf(day, sizeof day, "%s", today);
	struct referral r = {
		.id = id, .case_id = c->id, .organisation_id = dest, .theme = (char *)"",
		.reason = (char *)reasons[k % N_REASONS], .referred_on = day, .status = (char *)"proposed",
		.status_on = day, .outcome = (char *)"", .advisors_offered = offered,
		.created_at = (char *)at, .created_by = (char *)user, .updated_at = (char *)at,
	};
	char **themes;
	int nt = organisation_keys_split(c->themes, &themes);
	if (nt > 0)
		r.theme = themes[k % nt];
	ok = referral_store_insert(s->db, &r) && add_event(s, id, user, day, at, "", "proposed");
	char on[CLOCK_DATE_LEN];
	snprintf(on, sizeof on, "%s", day);
	for (steps = 1; ok && path[steps]; steps++) {
		char next[CLOCK_DATE_LEN];

		clock_date_add_days(on, 4 + (k + steps) % 9, next);
		if (strcmp(next, today) > 0)
			snprintf(next, sizeof next, "%s", today);
		ok = add_event(s, id, user, next, at, path[steps - 1], path[steps]);
		snprintf(on, sizeof on, "%s", next);
	}
	r.status = (char *)path[steps - 1];
	r.status_on = on;
	if (referral_status_is_open(r.status)) {
		/* some follow-ups fall due before today, some after */
		clock_date_add_days(on, 7 + (k * 5) % 30, follow);
		r.follow_up = follow;
	} else if (strcmp(r.status, "withdrawn") != 0) {
		r.outcome = (char *)outcomes[k % (sizeof outcomes / sizeof outcomes[0])];
	}
	ok = ok && referral_store_update(s->db, &r);
	organisation_keys_free(themes, nt > 0 ? nt : 0);
	free(dest);
	free(offered);
	return ok;
}

static bool add_report_back(struct session *s, const struct case_file *c, const char *at)
{
	struct organisation o = { 0 };
	char id[UUID_STR_LEN];
	int found = organisation_store_find_municipal(s->db, c->source_municipality, &o);
	bool ok = found >= 0;

	if (found > 0 && c->closed) {
		uuid_generate(id);
		struct referral_report_back rb = {
			.id = id, .case_id = c->id, .organisation_id = o.id,
			.municipality_code = c->source_municipality, .reported_on = c->closed,
			.summary = (char *)"Forløbet er afsluttet; virksomheden er vejledt og henvist videre",
			.user_id = c->consultant_id && *c->consultant_id ? c->consultant_id : s->user.id,
			.created_at = (char *)at,
		};
		ok = referral_report_back_insert(s->db, &rb);
	}
	organisation_finish(&o);
	return ok;
}

static bool add_all(struct session *s, int max_cases, int *made)
{
	char today[CLOCK_DATE_LEN], at[CLOCK_TIME_LEN];
	struct case_filter f = { .limit = max_cases };
	struct case_file *cases;
	int n, k = 0;
	bool ok;

	clock_today(today);
	clock_timestamp(at);
	if (!add_advisors(s, at) || !add_contacts(s, at))
		return false;
	n = case_store_list(s->db, &f, &cases);
	if (n < 0)
		return false;
	ok = true;
	for (int i = 0; ok && i < n; i++) {
		int per_case = i % 3;   /* 0, 1 or 2 referrals */

		for (int j = 0; ok && j < per_case; j++)
			ok = add_referral(s, &cases[i], k++, today, at);
		if (ok && cases[i].source && strcmp(cases[i].source, "municipality") == 0)
			ok = add_report_back(s, &cases[i], at);
	}
	case_list_free(cases, n);
	*made = k;
	return ok;
}

enum kp_status demo_referrals(struct session *s, int max_cases, int *made)
{
	enum kp_status st = access_require(s, ACT_DEMO);
	int count = 0;

	if (made)
		*made = 0;
	if (st != KP_OK)
		return st;
	s->msg[0] = '\0';
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!add_all(s, max_cases, &count)) {
		session_db_fail(s, _("cannot write the demo referrals"));
		db_rollback(s->db);
		return KP_ERR_DB;
	}
	if (!audit_record(s, "demo.referrals", "referral", "", "%d demo referrals", count)) {
		db_rollback(s->db);
		return KP_ERR_DB;
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot write the demo referrals"));
	if (made)
		*made = count;
	return KP_OK;
}
