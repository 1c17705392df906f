/* Referrals: the status rule, the workflow with its history and audit,
 * scope and validation, the advisors rule, follow-ups, reports back, and
 * the counting of the referral report on hand-made data. The clock is
 * fixed by KNUDEPUNKT_NOW=2026-03-02T09:00:00Z (tests/meson.build). */
#include "tests/unit/testutil.h"
#include "db/audit_store.h"
#include "db/db.h"
#include "db/user_store.h"
#include "src/case_member.h"
#include "src/evaluation.h"
#include "src/organisation.h"
#include "src/referral.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VAEKSTFONDEN "ab1147a7-0169-5356-b2b7-1daf6d133eaa"
#define INNOVATIONSFONDEN "25bf972f-8786-5d72-ab0b-bad54c526bde"
#define TRADE_COUNCIL "e6d0c596-2b09-5092-9c0a-4b1ac6ea02f4"
#define TEKNOLOGISK "295c46e7-85a2-5732-a8d3-7b2edd9b88fa"
#define ERHVERVSSERVICE_KBH "85bb1a08-d630-538b-84c5-3226eb5dc97d"

/* Case ids of the fixture: c1 is the consultant's (Aarhus, Midtjylland),
 * c2 consultant2's (Herning, Midtjylland), c3 an Odense case (Fyn), c4 the
 * consultant's closed case, c5 the consultant's case referred in by
 * Københavns Kommune. The cases' companies are not in the database (a
 * company row needs the company store's FTS triggers); the joins are LEFT
 * joins, as after a sync that brought a referral before its company. */
#define C1 "00000000-0000-7000-8000-0000000000c1"
#define C2 "00000000-0000-7000-8000-0000000000c2"
#define C3 "00000000-0000-7000-8000-0000000000c3"
#define C4 "00000000-0000-7000-8000-0000000000c4"
#define C5 "00000000-0000-7000-8000-0000000000c5"

struct fixture {
	char *path;
	struct session *s;
};

static void add_user(struct db *db, const char *id, const char *login, const char *role,
		     const char *location)
{
	struct user u = {
		.id = (char *)id, .login = (char *)login, .name = (char *)login,
		.initials = (char *)"", .role = (char *)role, .location = (char *)location,
		.themes = (char *)"[]", .active = true, .created_at = (char *)"2026-01-01T00:00:00Z",
	};
	assert_true(user_store_insert(db, &u));
}

static void exec(struct session *s, const char *sql)
{
	if (!db_exec(s->db, sql))
		fail_msg("%s: %s", sql, db_errmsg(s->db));
}

static void add_case(struct session *s, const char *id, const char *location,
		     const char *consultant, const char *status, const char *extra_source)
{
	char sql[1024];

	snprintf(sql, sizeof sql,
		 "INSERT INTO case_file (id, company_id, title, source, source_municipality, "
		 "source_date, status, location, consultant_id, opened, created_at, created_by, "
		 "updated_at) VALUES ('%s', 'co-%s', 'need', %s, '%s', '%s', '%s', '2026-01-02', "
		 "'2026-01-02', 'u-admin', '2026-01-02')",
		 id, id, extra_source ? extra_source : "'own_initiative', NULL, NULL",
		 status, location, consultant);
	exec(s, sql);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char err[512];

	f->path = tmpdb_path();
	f->s = session_open(f->path, true, err, sizeof err);
	assert_non_null(f->s);
	add_user(f->s->db, "u-intake", "intake", "intake", "aarhus");
	add_user(f->s->db, "u-cons", "consultant", "consultant", "aarhus");
	add_user(f->s->db, "u-cons2", "consultant2", "consultant", "herning");
	add_user(f->s->db, "u-sup", "supervisor", "supervisor", "aarhus");
	add_user(f->s->db, "u-sup-fyn", "supervisor_fyn", "supervisor", "odense");
	add_user(f->s->db, "u-admin", "admin", "admin", "aarhus");
	add_case(f->s, C1, "aarhus", "u-cons", "active", NULL);
	add_case(f->s, C2, "herning", "u-cons2", "active", NULL);
	add_case(f->s, C3, "odense", "u-sup-fyn", "active", NULL);
	add_case(f->s, C4, "aarhus", "u-cons", "closed", NULL);
	add_case(f->s, C5, "aarhus", "u-cons", "active", "'municipality', 101, '2026-02-10'");
	assert_int_equal(session_login(f->s, "consultant"), KP_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	session_close(f->s);
	tmpdb_remove(f->path);
	free(f->path);
	free(f);
	return 0;
}

static void login(struct fixture *f, const char *who)
{
	assert_int_equal(session_login(f->s, who), KP_OK);
}

/* Creates a referral and returns its id (caller frees). */
static char *refer(struct fixture *f, const char *case_id, const char *org, const char *date,
		   const char *follow_up, enum kp_status want)
{
	struct referral r = {
		.case_id = xstrdup(case_id), .organisation_id = xstrdup(org),
		.theme = xstrdup("capital"), .reason = xstrdup("needs a loan"),
		.referred_on = date ? xstrdup(date) : NULL,
		.follow_up = follow_up ? xstrdup(follow_up) : NULL,
	};
	enum kp_status st = referral_create(f->s, &r);

	if (st != want)
		fail_msg("referral_create gave %d (%s), wanted %d", st, session_message(f->s), want);
	char *id = st == KP_OK ? xstrdup(r.id) : NULL;
	referral_finish(&r);
	return id;
}

static int count_rows(struct fixture *f, const char *table)
{
	char sql[256];
	char *v;
	int n;

	/* counts through a setting, so the test needs no SQLite of its own */
	snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO setting VALUES ('t', (SELECT count(*) FROM %s))",
		 table);
	exec(f->s, sql);
	v = db_setting_get(f->s->db, "t");
	n = atoi(v);
	free(v);
	return n;
}

/* ---- the pure rule ---- */

static void transitions_follow_the_workflow(void **state)
{
	/* allowed[from][to] in the order of referral_statuses, worked out from
	 * proposed -> sent -> accepted -> completed, declined by the destination
	 * once sent, withdrawn by the house until the referral has ended */
	static const bool allowed[6][6] = {
		/*            prop   sent   acc    comp   decl   withd */
		/* prop */ { false, true,  false, false, false, true },
		/* sent */ { false, false, true,  false, true,  true },
		/* acc  */ { false, false, false, true,  false, true },
		/* comp */ { false, false, false, false, false, false },
		/* decl */ { false, false, false, false, false, false },
		/* with */ { false, false, false, false, false, false },
	};
	(void)state;
	for (int i = 0; i < 6; i++)
		for (int j = 0; j < 6; j++)
			if (referral_transition_allowed(referral_statuses[i], referral_statuses[j]) !=
			    allowed[i][j])
				fail_msg("%s -> %s", referral_statuses[i], referral_statuses[j]);
	assert_false(referral_transition_allowed("proposed", "bogus"));
	assert_false(referral_transition_allowed(NULL, "sent"));
	assert_false(referral_transition_allowed("", "proposed"));
	assert_true(referral_status_is_open("accepted"));
	assert_false(referral_status_is_open("completed"));
	assert_false(referral_status_is_open("withdrawn"));

	const char *next[6];
	assert_int_equal(referral_next_statuses("sent", next), 3);
	assert_string_equal(next[0], "accepted");
	assert_string_equal(next[1], "declined");
	assert_string_equal(next[2], "withdrawn");
	assert_null(next[3]);
	assert_int_equal(referral_next_statuses("completed", next), 0);
}

static void keys_round_trip(void **state)
{
	char **keys;
	const char *in[] = { "capital", "ip" };
	char *json = organisation_keys_join(in, 2);

	(void)state;
	assert_string_equal(json, "[\"capital\",\"ip\"]");
	assert_int_equal(organisation_keys_split(json, &keys), 2);
	assert_string_equal(keys[1], "ip");
	organisation_keys_free(keys, 2);
	free(json);
	assert_int_equal(organisation_keys_split(" [ ] ", &keys), 0);
	assert_int_equal(organisation_keys_split("[\"a\" \"b\"]", &keys), -1);
	assert_int_equal(organisation_keys_split("[\"a\"] x", &keys), -1);
	assert_int_equal(organisation_keys_split("[\"A\"]", &keys), -1);
	assert_int_equal(organisation_keys_split("capital", &keys), -1);
	assert_true(organisation_keys_has("[\"x\",\"capital\"]", "capital"));
	assert_false(organisation_keys_has("[\"capitals\"]", "capital"));
}

/* ---- the workflow ---- */

static void workflow_with_history_and_audit(void **state)
{
	struct fixture *f = *state;
	struct referral_event *ev;
	struct audit_entry *audit;
	struct referral r = { 0 };
	int n;
	char *id = refer(f, C1, VAEKSTFONDEN, "2026-02-20", "2026-03-10", KP_OK);

	assert_int_equal(referral_get(f->s, id, &r), KP_OK);
	assert_string_equal(r.status, "proposed");
	assert_string_equal(r.status_on, "2026-02-20");
	assert_string_equal(r.organisation_name, "Vækstfonden (EIFO)");
	assert_string_equal(r.follow_up, "2026-03-10");
	referral_finish(&r);

	/* skipping a step, a bad date, a date before the current status: refused */
	assert_int_equal(referral_set_status(f->s, id, "accepted", NULL, NULL), KP_ERR_STATE);
	assert_int_equal(referral_set_status(f->s, id, "sent", "2026-02-19", NULL), KP_ERR_INVALID);
	assert_int_equal(referral_set_status(f->s, id, "sent", "2026-03-03", NULL), KP_ERR_INVALID);
	assert_int_equal(referral_set_status(f->s, id, "sent", "20260225", NULL), KP_ERR_INVALID);
	assert_int_equal(referral_set_status(f->s, id, "nonsense", NULL, NULL), KP_ERR_INVALID);

	assert_int_equal(referral_set_status(f->s, id, "sent", "2026-02-21", "mailed"), KP_OK);
	login(f, "supervisor");   /* a supervisor of the house may act too */
	assert_int_equal(referral_set_status(f->s, id, "accepted", "2026-02-25", NULL), KP_OK);
	login(f, "consultant");
	assert_int_equal(referral_set_status(f->s, id, "completed", NULL, "loan granted"), KP_OK);
	assert_int_equal(referral_set_status(f->s, id, "withdrawn", NULL, NULL), KP_ERR_STATE);

	assert_int_equal(referral_get(f->s, id, &r), KP_OK);
	assert_string_equal(r.status, "completed");
	assert_string_equal(r.status_on, "2026-03-02");
	assert_string_equal(r.outcome, "loan granted");
	referral_finish(&r);

	assert_int_equal(referral_history(f->s, id, &ev, &n), KP_OK);
	assert_int_equal(n, 4);
	assert_string_equal(ev[0].from_status, "");
	assert_string_equal(ev[0].to_status, "proposed");
	assert_string_equal(ev[1].to_status, "sent");
	assert_string_equal(ev[1].on_date, "2026-02-21");
	assert_string_equal(ev[1].note, "mailed");
	assert_string_equal(ev[2].user_id, "u-sup");
	assert_string_equal(ev[2].from_status, "sent");
	assert_string_equal(ev[3].to_status, "completed");
	assert_string_equal(ev[3].user_id, "u-cons");
	referral_event_list_free(ev, n);

	n = audit_store_for_row(f->s->db, id, &audit);
	assert_int_equal(n, 4);
	assert_string_equal(audit[0].action, "referral.create");
	assert_string_equal(audit[3].action, "referral.status");
	assert_non_null(strstr(audit[3].detail, "accepted -> completed"));
	audit_list_free(audit, n);
	free(id);
}

static void update_and_withdraw(void **state)
{
	struct fixture *f = *state;
	struct referral r = { 0 };
	char *id = refer(f, C1, INNOVATIONSFONDEN, NULL, NULL, KP_OK);

	assert_int_equal(referral_get(f->s, id, &r), KP_OK);
	assert_string_equal(r.referred_on, "2026-03-02");
	assert_null(r.follow_up);
	free(r.follow_up);
	r.follow_up = xstrdup("2026-01-01");   /* before the referral date */
	assert_int_equal(referral_update(f->s, &r), KP_ERR_INVALID);
	free(r.follow_up);
	r.follow_up = xstrdup("2026-04-01");
	free(r.outcome);
	r.outcome = xstrdup("call back in April");
	assert_int_equal(referral_update(f->s, &r), KP_OK);
	referral_finish(&r);
	assert_int_equal(referral_get(f->s, id, &r), KP_OK);
	assert_string_equal(r.follow_up, "2026-04-01");
	assert_string_equal(r.outcome, "call back in April");
	referral_finish(&r);
	assert_int_equal(referral_set_status(f->s, id, "withdrawn", NULL, "company changed plans"), KP_OK);
	assert_int_equal(referral_set_status(f->s, id, "sent", NULL, NULL), KP_ERR_STATE);
	free(id);
}

static void scope_and_roles(void **state)
{
	struct fixture *f = *state;
	struct referral *list;
	int n;
	char *id;

	free(refer(f, C2, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));   /* not my case */
	login(f, "consultant2");
	id = refer(f, C2, VAEKSTFONDEN, NULL, NULL, KP_OK);
	free(refer(f, C1, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	login(f, "consultant");
	assert_int_equal(referral_set_status(f->s, id, "sent", NULL, NULL), KP_ERR_DENIED);
	assert_int_equal(referral_list_case(f->s, C2, &list, &n), KP_ERR_DENIED);
	login(f, "intake");
	free(refer(f, C1, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	login(f, "admin");
	free(refer(f, C1, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	login(f, "supervisor_fyn");   /* another house */
	assert_int_equal(referral_set_status(f->s, id, "sent", NULL, NULL), KP_ERR_DENIED);
	free(refer(f, C1, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	free(refer(f, C3, VAEKSTFONDEN, NULL, NULL, KP_OK));
	login(f, "supervisor");
	assert_int_equal(referral_set_status(f->s, id, "sent", NULL, NULL), KP_OK);
	assert_int_equal(referral_list_case(f->s, C2, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	referral_list_free(list, n);
	/* the overview of a supervisor keeps to the house */
	struct referral_filter other = { .house = "fyn" };
	assert_int_equal(referral_overview(f->s, &other, &list, &n), KP_ERR_DENIED);
	struct referral_filter all = { 0 };
	assert_int_equal(referral_overview(f->s, &all, &list, &n), KP_OK);
	assert_int_equal(n, 1);    /* C2's, not the Fyn one */
	assert_string_equal(list[0].case_id, C2);
	referral_list_free(list, n);
	free(id);
}

/* Case membership counts for referrals and evaluations: a consultant added
 * to a colleague's case may refer it and read its referrals and
 * evaluations; removed again, or never added, may not. */
static void members_may_refer(void **state)
{
	struct fixture *f = *state;
	struct referral *list;
	struct evaluation *ev;
	int n;

	free(refer(f, C2, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	assert_int_equal(evaluation_list(f->s, C2, &ev, &n), KP_ERR_DENIED);
	login(f, "consultant2");
	assert_int_equal(case_member_add(f->s, C2, "u-cons"), KP_OK);
	login(f, "consultant");
	char *id = refer(f, C2, VAEKSTFONDEN, NULL, NULL, KP_OK);
	assert_int_equal(referral_set_status(f->s, id, "sent", NULL, NULL), KP_OK);
	assert_int_equal(referral_list_case(f->s, C2, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	referral_list_free(list, n);
	assert_int_equal(evaluation_list(f->s, C2, &ev, &n), KP_OK);
	evaluation_list_free(ev, n);
	/* a colleague not on the case still may not */
	login(f, "supervisor_fyn");
	free(refer(f, C2, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	/* removed: refused again at once */
	login(f, "consultant2");
	assert_int_equal(case_member_remove(f->s, C2, "u-cons"), KP_OK);
	login(f, "consultant");
	free(refer(f, C2, VAEKSTFONDEN, NULL, NULL, KP_ERR_DENIED));
	assert_int_equal(referral_set_status(f->s, id, "accepted", NULL, NULL), KP_ERR_DENIED);
	assert_int_equal(evaluation_list(f->s, C2, &ev, &n), KP_ERR_DENIED);
	free(id);
}

/* A referral to fill in, every member caller-freed with referral_finish. */
static struct referral new_ref(const char *case_id, const char *org, const char *theme,
			       const char *offered)
{
	return (struct referral){
		.case_id = xstrdup(case_id), .organisation_id = xstrdup(org),
		.theme = theme ? xstrdup(theme) : NULL,
		.advisors_offered = offered ? xstrdup(offered) : NULL,
	};
}

static void set(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

static void validation_changes_nothing(void **state)
{
	struct fixture *f = *state;
	int before = count_rows(f, "referral");
	struct organisation_contact oc = { 0 };
	struct referral r;

	free(refer(f, C1, VAEKSTFONDEN, "2026-03-03", NULL, KP_ERR_INVALID));   /* future */
	free(refer(f, C1, VAEKSTFONDEN, "2026-02-30", NULL, KP_ERR_INVALID));   /* no such day */
	free(refer(f, C1, VAEKSTFONDEN, "2026-02-20", "2026-02-19", KP_ERR_INVALID));
	free(refer(f, C1, "no-such-org", NULL, NULL, KP_ERR_NOT_FOUND));
	free(refer(f, "no-such-case", VAEKSTFONDEN, NULL, NULL, KP_ERR_NOT_FOUND));
	free(refer(f, C4, VAEKSTFONDEN, NULL, NULL, KP_ERR_STATE));            /* closed case */

	r = new_ref(C1, VAEKSTFONDEN, "no_such_theme", NULL);
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);
	set(&r.theme, "capital");
	set(&r.reason, "bad \x1b[2J text");
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);
	set(&r.reason, "CPR 010203-1234 given");
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);
	set(&r.status, "accepted");   /* a new referral is proposed or sent */
	set(&r.reason, NULL);
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);
	referral_finish(&r);

	/* a contact of another organisation */
	login(f, "supervisor");
	oc.organisation_id = xstrdup(INNOVATIONSFONDEN);
	oc.name = xstrdup("Ida Jensen");
	oc.active = true;
	assert_int_equal(organisation_contact_add(f->s, &oc), KP_OK);
	r = new_ref(C1, VAEKSTFONDEN, NULL, NULL);
	set(&r.contact_id, oc.id);
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);
	assert_int_equal(count_rows(f, "referral"), before);
	assert_int_equal(count_rows(f, "referral_event"), 0);
	set(&r.organisation_id, INNOVATIONSFONDEN);
	assert_int_equal(referral_create(f->s, &r), KP_OK);
	assert_int_equal(count_rows(f, "referral"), before + 1);
	assert_string_equal(r.contact_id, oc.id);
	referral_finish(&r);
	organisation_contact_finish(&oc);
}

/* ---- private advisors ---- */

static char *add_advisor(struct fixture *f, const char *name, const char *themes, const char *area)
{
	struct organisation o = {
		.name = xstrdup(name), .type = xstrdup("private_advisor"), .themes = xstrdup(themes),
		.area = xstrdup(area), .active = true,
	};
	enum kp_status st = organisation_create(f->s, &o);

	if (st != KP_OK)
		fail_msg("organisation_create: %s", session_message(f->s));
	char *id = xstrdup(o.id);
	organisation_finish(&o);
	return id;
}

static void advisors_are_offered_several(void **state)
{
	struct fixture *f = *state;
	struct organisation *adv;
	struct referral r;
	char one[64], two[128], bad[128], only_d[64];
	int n;

	login(f, "supervisor");
	char *a = add_advisor(f, "Anders Revision (fiktiv)", "[\"capital\"]", "midtjylland");
	char *b = add_advisor(f, "Bente Finans (fiktiv)", "[\"capital\",\"sale\"]", "national");
	char *c = add_advisor(f, "Carl Rådgivning (fiktiv)", "[\"capital\"]", "fyn");   /* elsewhere */
	char *d = add_advisor(f, "Dorte IP (fiktiv)", "[\"ip\"]", "national");          /* other theme */
	login(f, "consultant");

	/* Anders and Bente serve an Aarhus case on capital; none offered yet: by name */
	assert_int_equal(referral_advisors_for_case(f->s, C1, "capital", 5, &adv, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(adv[0].id, a);
	assert_string_equal(adv[1].id, b);
	organisation_list_free(adv, n);

	snprintf(one, sizeof one, "[\"%s\"]", a);
	snprintf(two, sizeof two, "[\"%s\",\"%s\"]", a, b);
	snprintf(bad, sizeof bad, "[\"%s\",\"%s\"]", a, VAEKSTFONDEN);
	snprintf(only_d, sizeof only_d, "[\"%s\"]", d);
	r = new_ref(C1, a, "capital", one);
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);   /* only one shown */
	set(&r.advisors_offered, bad);
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);   /* not an advisor */
	set(&r.advisors_offered, "[]");
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);   /* destination not offered */
	set(&r.advisors_offered, two);
	assert_int_equal(referral_create(f->s, &r), KP_OK);
	assert_string_equal(r.advisors_offered, two);
	referral_finish(&r);

	/* advisors are offered only with a referral to an advisor */
	r = new_ref(C1, VAEKSTFONDEN, "capital", two);
	assert_int_equal(referral_create(f->s, &r), KP_ERR_INVALID);
	referral_finish(&r);

	/* a theme only Dorte covers: one advisor is enough */
	r = new_ref(C1, d, "ip", only_d);
	assert_int_equal(referral_create(f->s, &r), KP_OK);
	referral_finish(&r);

	/* one more referral offering Anders alone (made directly: the rule would
	 * refuse it) puts Anders at two offers and Bente at one: Bente first */
	r = new_ref(C1, a, "capital", two);
	assert_int_equal(referral_create(f->s, &r), KP_OK);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE referral SET advisors_offered = '%s' WHERE id = '%s'", one, r.id);
	exec(f->s, sql);
	referral_finish(&r);
	assert_int_equal(referral_advisors_for_case(f->s, C1, "capital", 5, &adv, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(adv[0].id, b);   /* offered once */
	assert_string_equal(adv[1].id, a);   /* offered twice */
	organisation_list_free(adv, n);
	/* any theme, Fyn: Bente, Carl and Dorte (national or Fyn), not Anders */
	login(f, "supervisor_fyn");
	assert_int_equal(referral_advisors_for_case(f->s, C3, NULL, 5, &adv, &n), KP_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++)
		assert_string_not_equal(adv[i].id, a);
	organisation_list_free(adv, n);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* ---- follow-ups ---- */

static void due_follow_ups_overdue_first(void **state)
{
	struct fixture *f = *state;
	struct referral *list;
	int n;
	char *late = refer(f, C1, VAEKSTFONDEN, "2026-02-01", "2026-02-15", KP_OK);
	char *today = refer(f, C1, INNOVATIONSFONDEN, "2026-02-01", "2026-03-02", KP_OK);
	char *later = refer(f, C1, TRADE_COUNCIL, "2026-02-01", "2026-03-03", KP_OK);
	char *none = refer(f, C5, TEKNOLOGISK, "2026-02-01", NULL, KP_OK);
	char *done = refer(f, C5, VAEKSTFONDEN, "2026-02-01", "2026-02-10", KP_OK);

	assert_int_equal(referral_set_status(f->s, done, "withdrawn", NULL, NULL), KP_OK);
	login(f, "consultant2");
	free(refer(f, C2, VAEKSTFONDEN, "2026-02-01", "2026-02-02", KP_OK));   /* not mine */
	login(f, "consultant");
	assert_int_equal(referral_due(f->s, &list, &n), KP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].id, late);
	assert_string_equal(list[1].id, today);
	assert_string_equal(list[0].case_id, C1);
	referral_list_free(list, n);
	free(late);
	free(today);
	free(later);
	free(none);
	free(done);
}

/* ---- incoming from a municipality ---- */

static void report_back_to_the_municipality(void **state)
{
	struct fixture *f = *state;
	struct organisation o = { 0 };
	struct referral_report_back *rb;
	int n;

	assert_int_equal(referral_incoming_partner(f->s, C5, &o), KP_OK);
	assert_string_equal(o.id, ERHVERVSSERVICE_KBH);
	assert_int_equal(o.municipality_code, 101);
	organisation_finish(&o);
	assert_int_equal(referral_incoming_partner(f->s, C1, &o), KP_ERR_STATE);
	assert_int_equal(referral_report_back(f->s, C1, "done", NULL), KP_ERR_STATE);
	assert_int_equal(referral_report_back(f->s, C5, "", NULL), KP_ERR_INVALID);
	assert_int_equal(referral_report_back(f->s, C5, "guided on financing", "2026-03-01"), KP_OK);
	assert_int_equal(referral_report_backs(f->s, C5, &rb, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rb[0].organisation_name, "Erhvervsservice København");
	assert_string_equal(rb[0].reported_on, "2026-03-01");
	assert_int_equal(rb[0].municipality_code, 101);
	referral_report_back_list_free(rb, n);
	login(f, "consultant2");
	assert_int_equal(referral_report_back(f->s, C5, "not mine", NULL), KP_ERR_DENIED);
}

/* ---- counting ---- */

static void raw_referral(struct fixture *f, const char *id, const char *case_id, const char *org,
			 const char *date, const char *status)
{
	char sql[768];

	snprintf(sql, sizeof sql,
		 "INSERT INTO referral (id, case_id, organisation_id, referred_on, status, "
		 "status_on, created_at, created_by, updated_at) VALUES "
		 "('%s', '%s', '%s', '%s', '%s', '%s', '2026-01-01', 'u-cons', '2026-01-01')",
		 id, case_id, org, date, status, date);
	exec(f->s, sql);
}

static const struct referral_count *find_count(const struct referral_count *rows, int n,
					       const char *org)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].organisation_id, org) == 0)
			return &rows[i];
	fail_msg("no row for %s", org);
	return NULL;
}

static void counts_once_per_destination_and_period(void **state)
{
	struct fixture *f = *state;
	struct referral_count *rows;
	const struct referral_count *c;
	int n;

	/* Vækstfonden, February:
	 *   C1: sent (02-03) and accepted (02-20) -> one pair, counted accepted
	 *   C2: proposed (02-05)                  -> one pair, proposed
	 *   C5: withdrawn (02-07)                 -> withdrawn only
	 *   C3 (Fyn): completed (02-10)           -> only without a house filter
	 *   C1: completed (01-15), outside February
	 * Innovationsfonden, February:
	 *   C1: withdrawn (02-01) and declined (02-28) -> one pair, declined
	 *   C2: withdrawn and withdrawn               -> one withdrawn pair
	 * Trade Council: C2 sent on 03-01, outside February. */
	raw_referral(f, "r01", C1, VAEKSTFONDEN, "2026-02-03", "sent");
	raw_referral(f, "r02", C1, VAEKSTFONDEN, "2026-02-20", "accepted");
	raw_referral(f, "r03", C2, VAEKSTFONDEN, "2026-02-05", "proposed");
	raw_referral(f, "r04", C5, VAEKSTFONDEN, "2026-02-07", "withdrawn");
	raw_referral(f, "r05", C3, VAEKSTFONDEN, "2026-02-10", "completed");
	raw_referral(f, "r06", C1, VAEKSTFONDEN, "2026-01-15", "completed");
	raw_referral(f, "r07", C1, INNOVATIONSFONDEN, "2026-02-01", "withdrawn");
	raw_referral(f, "r08", C1, INNOVATIONSFONDEN, "2026-02-28", "declined");
	raw_referral(f, "r09", C2, INNOVATIONSFONDEN, "2026-02-11", "withdrawn");
	raw_referral(f, "r10", C2, INNOVATIONSFONDEN, "2026-02-12", "withdrawn");
	raw_referral(f, "r11", C2, TRADE_COUNCIL, "2026-03-01", "sent");

	login(f, "consultant");
	assert_int_equal(referral_counts(f->s, "2026-02-01", "2026-02-28", NULL, &rows, &n),
			 KP_ERR_DENIED);

	login(f, "admin");   /* every house */
	assert_int_equal(referral_counts(f->s, "2026-02-01", "2026-02-28", NULL, &rows, &n), KP_OK);
	assert_int_equal(n, 2);
	/* state schemes in name order: Innovationsfonden before Vækstfonden */
	assert_string_equal(rows[0].organisation_id, INNOVATIONSFONDEN);
	c = find_count(rows, n, VAEKSTFONDEN);
	assert_int_equal(c->accepted, 1);
	assert_int_equal(c->proposed, 1);
	assert_int_equal(c->completed, 1);
	assert_int_equal(c->sent, 0);
	assert_int_equal(c->total, 3);
	assert_int_equal(c->withdrawn, 1);
	c = find_count(rows, n, INNOVATIONSFONDEN);
	assert_int_equal(c->declined, 1);
	assert_int_equal(c->total, 1);
	assert_int_equal(c->withdrawn, 1);
	referral_count_list_free(rows, n);

	/* Midtjylland only: the Fyn case drops out */
	assert_int_equal(referral_counts(f->s, "2026-02-01", "2026-02-28", "midtjylland", &rows, &n), KP_OK);
	c = find_count(rows, n, VAEKSTFONDEN);
	assert_int_equal(c->total, 2);
	assert_int_equal(c->completed, 0);
	referral_count_list_free(rows, n);

	/* January to March: r06 (completed, January) joins C1's Vækstfonden pair,
	 * which then counts completed, still once; the Trade Council appears */
	assert_int_equal(referral_counts(f->s, "2026-01-01", "2026-03-31", "midtjylland", &rows, &n), KP_OK);
	assert_int_equal(n, 3);
	c = find_count(rows, n, VAEKSTFONDEN);
	assert_int_equal(c->completed, 1);
	assert_int_equal(c->accepted, 0);
	assert_int_equal(c->total, 2);
	c = find_count(rows, n, TRADE_COUNCIL);
	assert_int_equal(c->sent, 1);
	referral_count_list_free(rows, n);

	/* a supervisor counts the own house only */
	login(f, "supervisor_fyn");
	assert_int_equal(referral_counts(f->s, "2026-02-01", "2026-02-28", "midtjylland", &rows, &n),
			 KP_ERR_DENIED);
	assert_int_equal(referral_counts(f->s, "2026-02-01", "2026-02-28", NULL, &rows, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].completed, 1);
	referral_count_list_free(rows, n);
	assert_int_equal(referral_counts(f->s, "2026-03-01", "2026-02-01", NULL, &rows, &n), KP_ERR_INVALID);
	assert_int_equal(referral_counts(f->s, "2026-02-01", "tomorrow", NULL, &rows, &n), KP_ERR_INVALID);
	assert_int_equal(referral_counts(f->s, "2026-02-01", "2026-02-28", "atlantis", &rows, &n), KP_ERR_INVALID);
}

static void tally_groups_and_overdue(void **state)
{
	/* four referrals: two to Vækstfonden (one overdue: open, follow-up
	 * before today), one completed to Vækstfonden is not open, one to
	 * Innovationsfonden due today (not overdue) */
	struct referral list[4] = {
		{ .organisation_id = (char *)"v", .organisation_name = (char *)"Vækstfonden",
		  .status = (char *)"sent", .follow_up = (char *)"2026-03-01", .location = (char *)"aarhus",
		  .consultant_id = (char *)"k1", .consultant_name = (char *)"Kim" },
		{ .organisation_id = (char *)"v", .organisation_name = (char *)"Vækstfonden",
		  .status = (char *)"accepted", .follow_up = (char *)"2026-03-09", .location = (char *)"herning",
		  .consultant_id = (char *)"k2", .consultant_name = (char *)"" },
		{ .organisation_id = (char *)"v", .organisation_name = (char *)"Vækstfonden",
		  .status = (char *)"completed", .follow_up = (char *)"2026-01-01", .location = (char *)"aarhus",
		  .consultant_id = (char *)"k1", .consultant_name = (char *)"Kim" },
		{ .organisation_id = (char *)"i", .organisation_name = (char *)"Innovationsfonden",
		  .status = (char *)"sent", .follow_up = (char *)"2026-03-02", .location = (char *)"aarhus",
		  .consultant_id = (char *)"k1", .consultant_name = (char *)"Kim" },
	};
	struct referral_tally *t;
	int n;

	(void)state;
	n = referral_tally(list, 4, REFERRAL_BY_DESTINATION, "2026-03-02", &t);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].key, "v");
	assert_int_equal(t[0].count, 3);
	assert_int_equal(t[0].open, 2);
	assert_int_equal(t[0].overdue, 1);
	assert_string_equal(t[1].label, "Innovationsfonden");
	assert_int_equal(t[1].overdue, 0);
	free(t);
	n = referral_tally(list, 4, REFERRAL_BY_STATUS, "2026-03-02", &t);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].key, "sent");   /* two sent, then one each by key */
	assert_int_equal(t[0].count, 2);
	assert_string_equal(t[1].key, "accepted");
	assert_string_equal(t[2].key, "completed");
	free(t);
	n = referral_tally(list, 4, REFERRAL_BY_CONSULTANT, "2026-03-02", &t);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].label, "Kim");
	assert_string_equal(t[1].label, "k2");   /* no name: the id */
	free(t);
	n = referral_tally(list, 4, REFERRAL_BY_BRANCH, "2026-03-02", &t);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].key, "aarhus");
	assert_int_equal(t[0].count, 3);
	free(t);
	n = referral_tally(list, 0, REFERRAL_BY_BRANCH, "2026-03-02", &t);
	assert_int_equal(n, 0);
	free(t);
}

/* ---- the directory ---- */

static void directory_add_edit_and_filter(void **state)
{
	struct fixture *f = *state;
	struct organisation *list;
	struct organisation o = {
		.name = xstrdup("Nordisk Designråd (fiktiv)"), .type = xstrdup("other"),
		.themes = xstrdup("[\"innovation\"]"), .active = true,
	};
	int n;

	assert_int_equal(organisation_create(f->s, &o), KP_ERR_DENIED);   /* a consultant */
	login(f, "supervisor");
	assert_int_equal(organisation_create(f->s, &o), KP_OK);
	assert_string_equal(o.area, "national");
	struct organisation dup = {
		.name = xstrdup("nordisk designråd (FIKTIV)"), .type = xstrdup("other"), .active = true,
	};
	assert_int_equal(organisation_create(f->s, &dup), KP_ERR_DUPLICATE);
	free(dup.type);
	dup.type = xstrdup("no_such_type");
	free(dup.name);
	dup.name = xstrdup("Something else");
	assert_int_equal(organisation_create(f->s, &dup), KP_ERR_INVALID);
	free(dup.type);
	dup.type = xstrdup("municipality");   /* without its municipality */
	assert_int_equal(organisation_create(f->s, &dup), KP_ERR_INVALID);
	organisation_finish(&dup);

	free(o.themes);
	o.themes = xstrdup("[\"innovation\",\"bogus\"]");
	assert_int_equal(organisation_update(f->s, &o), KP_ERR_INVALID);
	free(o.themes);
	o.themes = xstrdup("[\"innovation\",\"ip\"]");
	free(o.area);
	o.area = xstrdup("midtjylland");
	assert_int_equal(organisation_update(f->s, &o), KP_OK);

	/* search as you type, folded */
	struct organisation_filter fl = { .text = "DESIGNR" };
	assert_int_equal(organisation_list(f->s, &fl, &list, &n), KP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, o.id);
	organisation_list_free(list, n);
	/* by type: six state schemes? count what the seed holds for the type */
	struct organisation_filter ft = { .type = "municipality" };
	assert_int_equal(organisation_list(f->s, &ft, &list, &n), KP_OK);
	assert_int_equal(n, 98);
	organisation_list_free(list, n);
	/* by theme and area: ip in Fyn does not find a Midtjylland-only one */
	struct organisation_filter fa = { .theme = "ip", .area = "fyn" };
	assert_int_equal(organisation_list(f->s, &fa, &list, &n), KP_OK);
	for (int i = 0; i < n; i++)
		assert_string_not_equal(list[i].id, o.id);
	organisation_list_free(list, n);
	fa.area = "midtjylland";
	assert_int_equal(organisation_list(f->s, &fa, &list, &n), KP_OK);
	bool found = false;
	for (int i = 0; i < n; i++)
		found = found || strcmp(list[i].id, o.id) == 0;
	assert_true(found);
	organisation_list_free(list, n);
	/* municipal services serve their house's area */
	struct organisation_filter fm = { .type = "municipality", .area = "hovedstaden" };
	assert_int_equal(organisation_list(f->s, &fm, &list, &n), KP_OK);
	assert_int_equal(n, 29);   /* Region Hovedstaden's 29 municipalities */
	organisation_list_free(list, n);

	/* inactive ones drop out of the default list and cannot be referred to */
	o.active = false;
	assert_int_equal(organisation_update(f->s, &o), KP_OK);
	assert_int_equal(organisation_list(f->s, &fl, &list, &n), KP_OK);
	assert_int_equal(n, 0);
	organisation_list_free(list, n);
	login(f, "consultant");
	free(refer(f, C1, o.id, NULL, NULL, KP_ERR_STATE));
	organisation_finish(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(transitions_follow_the_workflow),
		cmocka_unit_test(keys_round_trip),
		cmocka_unit_test(tally_groups_and_overdue),
		cmocka_unit_test_setup_teardown(workflow_with_history_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(update_and_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(scope_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(members_may_refer, setup, teardown),
		cmocka_unit_test_setup_teardown(validation_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(advisors_are_offered_several, setup, teardown),
		cmocka_unit_test_setup_teardown(due_follow_ups_overdue_first, setup, teardown),
		cmocka_unit_test_setup_teardown(report_back_to_the_municipality, setup, teardown),
		cmocka_unit_test_setup_teardown(counts_once_per_destination_and_period, setup, teardown),
		cmocka_unit_test_setup_teardown(directory_add_edit_and_filter, setup, teardown),
	};
	test_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
