/* The benchmark data set: companies with contacts, consultants at every
 * location, cases with journals and timeline events, loaded through the
 * store inserts in bench_store's bulk mode. Company i is generated from
 * its own seed, so the benchmark can name companies that exist without
 * reading them back. */
#include "tests/bench/bench.h"
#include "db/bench_store.h"
#include "db/case_store.h"
#include "db/company_store.h"
#include "db/journal_store.h"
#include "db/user_store.h"
#include "src/clock.h"
#include "src/fakedata.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const locations[] = {
	"kobenhavn", "hillerod", "ronne", "soro", "vordingborg", "odense", "vojens",
	"aarhus", "herning", "horsens", "aalborg", "nykobing_mors", NULL,
};

void bench_company_seed(struct fake_rng *r, long i)
{
	fake_seed(r, BENCH_SEED ^ ((uint64_t)i * 0x2545f4914f6cdd1dULL));
}

static bool add_users(struct db *db, char ***ids, int *n)
{
	struct fake_rng r;
	char stamp[CLOCK_TIME_LEN];

	fake_seed(&r, BENCH_SEED);
	clock_timestamp(stamp);
	*n = 0;
	*ids = xcalloc(BENCH_CONSULTANTS_PER_LOCATION * 12, sizeof **ids);
	for (int l = 0; locations[l]; l++) {
		for (int k = 0; k < BENCH_CONSULTANTS_PER_LOCATION; k++) {
			char id[UUID_STR_LEN], login[64], name[96];
			uuid_generate(id);
			snprintf(login, sizeof login, "bench_%s_%d", locations[l], k + 1);
			fake_person_name(&r, name, sizeof name);
			struct user u = { .id = id, .login = login, .name = name, .initials = "",
					  .role = "consultant", .location = (char *)locations[l],
					  .themes = "[]", .active = true, .created_at = stamp };
			if (!user_store_insert(db, &u))
				return false;
			(*ids)[(*n)++] = xstrdup(id);
		}
	}
	return true;
}

static bool add_company(struct db *db, long i, const struct postcode_row *pc, int npc,
			const char *stamp, char id[UUID_STR_LEN])
{
	struct fake_rng r;
	char name[128], street[96], cvr[9];
	struct company c = { 0 };

	bench_company_seed(&r, i);
	fake_company_name(&r, name, sizeof name);
	fake_street(&r, street, sizeof street);
	const struct postcode_row *p = &pc[fake_below(&r, (unsigned)npc)];
	uuid_generate(id);
	c.id = id;
	c.cvr = fake_cvr((uint32_t)i, cvr) ? cvr : NULL;
	c.name = name;
	c.address = street;
	c.postcode = (char *)p->postcode;
	c.town = (char *)p->town;
	c.municipality_code = p->municipality;
	c.industry_code = (char *)fake_pick(&r, fake_industries);
	c.size_class = "1-9";
	c.founded_year = 1950 + (int)fake_below(&r, 76);
	c.target_group = c.cvr ? "sme" : "pre_start";
	c.is_prestart = c.cvr == NULL;
	c.created_at = (char *)stamp;
	c.created_by = "bench";
	if (!company_store_insert(db, &c))
		return false;
	int contacts = (int)fake_below(&r, 3);   /* 0, 1 or 2: 1,000,000 on average per 1M */
	for (int k = 0; k < contacts; k++) {
		char cid[UUID_STR_LEN], person[96], email[128], phone[24];
		fake_person_name(&r, person, sizeof person);
		fake_email(person, name, email, sizeof email);
		fake_phone(&r, phone, sizeof phone);
		uuid_generate(cid);
		struct contact ct = { .id = cid, .company_id = id, .name = person,
				      .role = (char *)fake_pick(&r, fake_roles), .email = email,
				      .phone = phone, .created_at = (char *)stamp };
		if (!contact_store_insert(db, &ct))
			return false;
	}
	return true;
}

static const char *const statuses[] = { "new", "assigned", "active", "active", "closed", "closed" };

static bool add_case(struct db *db, struct fake_rng *r, const char *company_id, char **users,
		     int nusers, const char *stamp)
{
	char id[UUID_STR_LEN], opened[CLOCK_DATE_LEN], closed[CLOCK_DATE_LEN];
	const char *status = statuses[fake_below(r, 6)];
	int u = (int)fake_below(r, (unsigned)nusers);
	const char *consultant = strcmp(status, "new") == 0 ? NULL : users[u];

	uuid_generate(id);
	clock_date_add_days("2019-01-01", (long)fake_below(r, 2850), opened);
	clock_date_add_days(opened, 30 + (long)fake_below(r, 300), closed);
	struct case_file c = {
		.id = id, .company_id = (char *)company_id,
		.title = (char *)fake_pick(r, fake_case_titles), .source = "own_initiative",
		.target_group = "sme", .themes = "[\"digitalisation\"]", .status = (char *)status,
		.location = consultant ? (char *)locations[u / BENCH_CONSULTANTS_PER_LOCATION] : NULL,
		.consultant_id = (char *)consultant, .opened = opened,
		.closed = strcmp(status, "closed") == 0 ? closed : NULL,
		.outcome = strcmp(status, "closed") == 0 ? (char *)fake_pick(r, fake_outcomes) : "",
		.created_at = (char *)stamp, .created_by = users[u], .updated_at = (char *)stamp,
	};
	if (!case_store_insert(db, &c))
		return false;
	char eid[UUID_STR_LEN];
	uuid_generate(eid);
	struct case_event ev = { .id = eid, .case_id = id, .at = (char *)stamp, .user_id = users[u],
				 .kind = "opened", .from_value = "", .to_value = "new", .reason = "" };
	if (!case_event_insert(db, &ev))
		return false;
	int meetings = strcmp(status, "new") == 0 || strcmp(status, "assigned") == 0
		       ? 0 : 1 + (int)fake_below(r, 4);
	for (int k = 0; k < meetings + 1; k++) {
		char jid[UUID_STR_LEN], when[CLOCK_DATE_LEN];
		uuid_generate(jid);
		clock_date_add_days(opened, 7 * k + (long)fake_below(r, 7), when);
		bool meeting = k < meetings;
		struct journal_entry e = {
			.id = jid, .case_id = id, .kind = meeting ? "meeting" : "note", .occurred = when,
			.duration_min = meeting ? 30 + 15 * (int)fake_below(r, 6) : 0,
			.place = meeting ? "company" : "",
			.participants = "", .author_id = users[u], .created_at = (char *)stamp,
			.summary = (char *)fake_pick(r, meeting ? fake_meeting_texts : fake_note_texts),
		};
		if (!journal_store_insert(db, &e))
			return false;
	}
	return true;
}

bool bench_generate(struct db *db, long companies, long cases)
{
	struct postcode_row *pc = NULL;
	char **users = NULL, stamp[CLOCK_TIME_LEN], id[UUID_STR_LEN];
	int npc, nusers = 0;
	struct fake_rng r;
	bool ok;

	clock_timestamp(stamp);
	npc = bench_postcodes(db, &pc);
	ok = npc > 0 && bench_load_begin(db) && add_users(db, &users, &nusers);
	fake_seed(&r, BENCH_SEED + 1);
	/* every (companies / cases)-th company gets a case */
	long every = cases > 0 ? companies / cases : 0;
	long made = 0;
	for (long i = 0; ok && i < companies; i++) {
		ok = add_company(db, i, pc, npc, stamp, id);
		if (ok && every > 0 && i % every == 0 && made < cases) {
			ok = add_case(db, &r, id, users, nusers, stamp);
			made++;
		}
	}
	ok = ok && bench_load_end(db);
	for (int i = 0; i < nusers; i++)
		free(users[i]);
	free(users);
	free(pc);
	return ok;
}
