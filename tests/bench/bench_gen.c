/* The benchmark data set: companies with contacts, consultants at every
 * location, cases with journals, timeline events, referrals to the
 * partner network and (for closed cases) evaluations, loaded through the
 * store inserts in bench_store's bulk mode. Company i is generated from
 * its own seed, so the benchmark can name companies that exist without
 * reading them back. */
#include "tests/bench/bench.h"
#include "db/bench_store.h"
#include "db/case_store.h"
#include "db/company_store.h"
#include "db/db.h"
#include "db/evaluation_store.h"
#include "db/journal_store.h"
#include "db/organisation_store.h"
#include "db/referral_store.h"
#include "db/user_store.h"
#include "src/clock.h"
#include "src/fakedata.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* Themes a case may have (one or two), so the goals split by theme and
 * the digital ones (goal VI) are a share, not all. */
static const char *const theme_sets[] = {
	"[\"digitalisation\"]", "[\"capital\"]", "[\"internationalisation\"]",
	"[\"innovation\",\"capital\"]", "[\"ecommerce\",\"business_model\"]",
	"[\"leadership\"]", "[\"green_transition\"]", "[\"ownership_change\"]",
	"[\"start_up\"]", "[\"automation\",\"it_security\"]", NULL,
};
static const char *const sources[] = { "own_initiative", "own_initiative", "municipality",
				       "outreach", "digital_platform", "partner", NULL };
static const char *const referral_statuses[] = { "proposed", "sent", "accepted", "completed",
						 "completed", "declined", "withdrawn", NULL };
static const char *const effects[] = { "yes", "yes", "yes", "no", "dont_know", NULL };

/* The partner organisations seeded by the migrations, as referral
 * destinations. */
static struct organisation *orgs;
static int norgs;

static bool add_referral(struct db *db, struct fake_rng *r, const char *case_id,
			 const char *opened, const char *user, const char *stamp)
{
	char id[UUID_STR_LEN], on[CLOCK_DATE_LEN], follow[CLOCK_DATE_LEN];
	const char *status = fake_pick(r, referral_statuses);
	bool open = strcmp(status, "proposed") == 0 || strcmp(status, "sent") == 0
		    || strcmp(status, "accepted") == 0;

	uuid_generate(id);
	clock_date_add_days(opened, 7 + (long)fake_below(r, 60), on);
	clock_date_add_days(on, 14 + (long)fake_below(r, 60), follow);
	struct referral ref = {
		.id = id, .case_id = (char *)case_id,
		.organisation_id = orgs[fake_below(r, (unsigned)norgs)].id, .theme = "",
		.reason = "", .referred_on = on, .status = (char *)status, .status_on = on,
		.follow_up = open ? follow : NULL, .outcome = "", .advisors_offered = "[]",
		.created_at = (char *)stamp, .created_by = (char *)user, .updated_at = (char *)stamp,
	};
	return referral_store_insert(db, &ref);
}

static bool add_evaluation(struct db *db, struct fake_rng *r, const char *case_id,
			   const char *closed, const char *user, const char *stamp)
{
	char id[UUID_STR_LEN], answered[CLOCK_DATE_LEN];

	uuid_generate(id);
	clock_date_add_days(closed, 1 + (long)fake_below(r, 30), answered);
	struct evaluation e = {
		.id = id, .case_id = (char *)case_id, .recommend = 4 + (int)fake_below(r, 7),
		.effect = (char *)fake_pick(r, effects), .answered = answered, .comment = "",
		.created_at = (char *)stamp, .created_by = (char *)user,
	};
	return evaluation_store_insert(db, &e);
}

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
		.title = (char *)fake_pick(r, fake_case_titles), .source = (char *)fake_pick(r, sources),
		.target_group = "sme", .themes = (char *)fake_pick(r, theme_sets), .status = (char *)status,
		.location = consultant ? (char *)locations[u / BENCH_CONSULTANTS_PER_LOCATION] : NULL,
		.consultant_id = (char *)consultant, .opened = opened,
		.closed = strcmp(status, "closed") == 0 ? closed : NULL,
		.outcome = strcmp(status, "closed") == 0 ? (char *)fake_pick(r, fake_outcomes) : "",
		.created_at = (char *)stamp, .created_by = users[u], .updated_at = (char *)stamp,
	};
	if (strcmp(c.source, "municipality") == 0)
		c.source_municipality = 751;
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
	/* every third served case refers the company on; 70 % of the closed
	 * cases get an evaluation */
	if (meetings > 0 && norgs > 0 && fake_below(r, 3) == 0
	    && !add_referral(db, r, id, opened, users[u], stamp))
		return false;
	if (c.closed && fake_below(r, 10) < 7 && !add_evaluation(db, r, id, closed, users[u], stamp))
		return false;
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
	norgs = organisation_store_list(db, &(struct organisation_filter){ 0 }, &orgs);
	ok = npc > 0 && norgs >= 0 && bench_load_begin(db) && add_users(db, &users, &nusers);
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
	if (norgs > 0)
		organisation_list_free(orgs, norgs);
	orgs = NULL;
	norgs = 0;
	return ok;
}

static double gen_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double gen_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void remove_db(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}

struct db *bench_open_dataset(const char *path, long companies, long cases)
{
	char err[512], *want = xasprintf("seed %u, %ld companies, %ld cases, generator %d, schema %d",
					 BENCH_SEED, companies, cases, BENCH_GENERATOR,
					 db_code_version());
	struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
	char *have = db ? db_setting_get(db, "bench_dataset") : NULL;

	if (db && have && strcmp(have, want) == 0) {
		printf("data set: %s (cached in %s)\n", want, path);
		free(have);
		free(want);
		return db;
	}
	free(have);
	db_close(db);
	remove_db(path);
	db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
	if (!db)
		die("%s", err);
	printf("generating %s ...\n", want);
	fflush(stdout);
	double t = gen_now_ms(), cpu = gen_cpu_s();
	if (!bench_generate(db, companies, cases) || !db_setting_set(db, "bench_dataset", want)) {
		fprintf(stderr, "generation failed: %s\n", db_errmsg(db));
		db_close(db);
		remove_db(path);
		exit(1);
	}
	printf("generated in %.1f s, CPU %.1f s (target < 60 s)\n", (gen_now_ms() - t) / 1e3,
	       gen_cpu_s() - cpu);
	free(want);
	return db;
}
