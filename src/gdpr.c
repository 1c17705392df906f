/* Right of access, erasure with review, retention purge. */
#include "src/gdpr.h"
#include "db/db.h"
#include "db/case_store.h"
#include "db/company_store.h"
#include "db/sync_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gdpr_review_finish(struct gdpr_review *r)
{
	if (!r)
		return;
	free(r->contact_name);
	free(r->company_name);
	gdpr_mention_list_free(r->mentions, r->n);
	*r = (struct gdpr_review){ 0 };
}

/* The strings that identify the contact in free text: name, e-mail,
 * phone (each only if long enough to be specific). */
static int needles_of(const struct contact *c, const char *out[4])
{
	int n = 0;

	if (c->name && strlen(c->name) >= 3 && strcmp(c->name, GDPR_ERASED_TEXT) != 0)
		out[n++] = c->name;
	if (c->email && strlen(c->email) >= 3)
		out[n++] = c->email;
	if (c->phone && strlen(c->phone) >= 6)
		out[n++] = c->phone;
	out[n] = NULL;
	return n;
}

static enum kp_status load_contact(struct session *s, const char *id, struct contact *c)
{
	int found = contact_store_get(s->db, id ? id : "", c);

	if (found < 0)
		return session_db_fail(s, _("cannot read contacts"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such contact person"));
	return KP_OK;
}

enum kp_status gdpr_review_contact(struct session *s, const char *contact_id, struct gdpr_review *out)
{
	struct contact c = { 0 };
	struct company co = { 0 };
	const char *needles[4];
	enum kp_status st = access_require(s, ACT_GDPR);

	*out = (struct gdpr_review){ 0 };
	if (st != KP_OK || (st = load_contact(s, contact_id, &c)) != KP_OK)
		return st;
	needles_of(&c, needles);
	out->n = gdpr_store_mentions(s->db, needles, &out->mentions);
	if (out->n < 0) {
		out->n = 0;
		contact_finish(&c);
		return session_db_fail(s, _("cannot search the free text"));
	}
	if (company_store_get(s->db, c.company_id, &co) == 1)
		out->company_name = xstrdup(co.name);
	out->contact_name = xstrdup(c.name);
	company_finish(&co);
	contact_finish(&c);
	if (!audit_record(s, "gdpr.review", "contact", contact_id, "mentions=%d", out->n)) {
		gdpr_review_finish(out);
		return KP_ERR_DB;
	}
	return KP_OK;
}

/* Anonymises contact c everywhere in this database. Inside a transaction. */
static bool erase_local(struct session *s, const struct contact *c, int *changed)
{
	const char *needles[4];
	char at[CLOCK_TIME_LEN];
	int keys = 0;

	needles_of(c, needles);
	clock_timestamp(at);
	*changed = gdpr_store_scrub(s->db, needles, GDPR_ERASED_TEXT);
	return *changed >= 0 && gdpr_store_anonymise_contact(s->db, c->id, GDPR_ERASED_TEXT, at) &&
	       audit_erase_subject(s, c->id, needles, &keys) &&
	       sync_store_scrub_conflicts(s->db, needles, GDPR_ERASED_TEXT) >= 0;
}

/* The sync metadata keeps field values too (doc/sync-format.md): the
 * scrubbed values are stamped now, replacing the old ones there, and the
 * conflict log drops the erased contact's values. Inside the transaction;
 * a database that is not a site has nothing to do. */
static bool forget_in_sync(struct session *s)
{
	return sync_store_flush_local(s->db) && sync_store_forget_erased(s->db) >= 0;
}

enum kp_status gdpr_erase_contact(struct session *s, const char *contact_id, int reviewed,
				  bool *compacted)
{
	struct contact c = { 0 };
	const char *needles[4];
	struct gdpr_mention *now = NULL;
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	int changed = 0;
	enum kp_status st = access_require(s, ACT_GDPR);

	*compacted = false;
	if (st != KP_OK || (st = load_contact(s, contact_id, &c)) != KP_OK)
		return st;
	needles_of(&c, needles);
	int n = gdpr_store_mentions(s->db, needles, &now);
	gdpr_mention_list_free(now, n);
	if (n < 0) {
		contact_finish(&c);
		return session_db_fail(s, _("cannot search the free text"));
	}
	if (n != reviewed) {
		contact_finish(&c);
		return session_fail(s, KP_ERR_STATE, _("the texts naming the person changed since the "
						       "review (%d now, %d reviewed); review them again"),
				    n, reviewed);
	}
	uuid_generate(id);
	clock_timestamp(at);
	if (!db_begin(s->db)) {
		contact_finish(&c);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	bool ok = erase_local(s, &c, &changed) &&
		  gdpr_store_erasure_insert(s->db, id, "contact", c.id, "erased", "", at, s->user.id) &&
		  audit_record(s, "gdpr.erase", "contact", c.id, "texts=%d", changed) && forget_in_sync(s);
	contact_finish(&c);
	if (!ok) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot erase the contact person"));
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot erase the contact person"));
	*compacted = gdpr_store_compact(s->db);
	return KP_OK;
}

enum kp_status gdpr_apply_erasure(struct session *s, const char *erasure_id, const char *contact_id,
				  const struct contact *known, const char *at, const char *user_id)
{
	struct contact c = { 0 };
	int changed = 0;
	int found = 1;

	if (!known) {
		found = contact_store_get(s->db, contact_id, &c);
		if (found < 0)
			return session_db_fail(s, _("cannot read contacts"));
		known = &c;
	}
	int done = gdpr_store_erased(s->db, contact_id);
	bool ok = done >= 0 && (!found || erase_local(s, known, &changed)) &&
		  (done || gdpr_store_erasure_insert(s->db, erasure_id, "contact", contact_id, "erased", "", at,
						     user_id)) &&
		  audit_record(s, "gdpr.erase.sync", "contact", contact_id, "erasure=%s texts=%d", erasure_id,
			       changed);
	contact_finish(&c);
	return ok ? KP_OK : session_db_fail(s, _("cannot erase the contact person"));
}

enum kp_status gdpr_reapply_erasures(struct session *s, int *n)
{
	char **ids = NULL;
	int count = gdpr_store_erased_but_named(s->db, GDPR_ERASED_TEXT, &ids);
	bool ok = count >= 0;

	*n = 0;
	for (int i = 0; ok && i < count; i++) {
		struct contact c = { 0 };
		int changed = 0;
		int found = contact_store_get(s->db, ids[i], &c);

		ok = found >= 0 && (!found || erase_local(s, &c, &changed)) &&
		     audit_record(s, "gdpr.erase.sync", "contact", ids[i], "again texts=%d", changed);
		*n += found > 0;
		contact_finish(&c);
	}
	db_strings_free(ids, count > 0 ? count : 0);
	return ok ? KP_OK : session_db_fail(s, _("cannot erase the contact person"));
}

enum kp_status gdpr_refuse_erasure(struct session *s, const char *contact_id, const char *reason)
{
	struct contact c = { 0 };
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	enum kp_status st = access_require(s, ACT_GDPR);

	if (st != KP_OK || (st = load_contact(s, contact_id, &c)) != KP_OK)
		return st;
	contact_finish(&c);
	if (!reason || !*reason)
		return session_fail(s, KP_ERR_INVALID, _("a refusal needs its lawful reason"));
	uuid_generate(id);
	clock_timestamp(at);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!gdpr_store_erasure_insert(s->db, id, "contact", contact_id, "refused", reason, at, s->user.id) ||
	    !audit_record(s, "gdpr.refuse", "contact", contact_id, NULL)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot record the refusal"));
	}
	return db_commit(s->db) ? KP_OK : session_db_fail(s, _("cannot record the refusal"));
}

enum kp_status gdpr_compact(struct session *s)
{
	enum kp_status st = access_require(s, ACT_GDPR);

	if (st != KP_OK)
		return st;
	return gdpr_store_compact(s->db) ? KP_OK : session_db_fail(s, _("cannot compact the database"));
}

int gdpr_retention_years(struct session *s)
{
	char *v = db_setting_get(s->db, "retention_years");
	int years = v ? atoi(v) : 0;

	free(v);
	return years > 0 && years < 100 ? years : GDPR_DEFAULT_RETENTION_YEARS;
}

enum kp_status gdpr_purge(struct session *s, bool dry_run, char ***ids, int *n, bool *compacted)
{
	char today[CLOCK_DATE_LEN], cutoff[CLOCK_DATE_LEN], at[CLOCK_TIME_LEN];
	enum kp_status st = access_require(s, ACT_GDPR);
	int years = gdpr_retention_years(s);

	*ids = NULL;
	*n = 0;
	*compacted = true;
	if (st != KP_OK)
		return st;
	clock_today(today);
	/* the same day N years ago */
	snprintf(cutoff, sizeof cutoff, "%04d%s", atoi(today) - years, today + 4);
	*n = gdpr_store_expired_cases(s->db, cutoff, ids);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list expired cases"));
	}
	if (dry_run || *n == 0)
		return KP_OK;
	clock_timestamp(at);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	bool ok = true;
	for (int i = 0; ok && i < *n; i++) {
		char id[UUID_STR_LEN];
		uuid_generate(id);
		ok = gdpr_store_purge_case(s->db, (*ids)[i]) &&
		     gdpr_store_erasure_insert(s->db, id, "case", (*ids)[i], "purged", "", at, s->user.id);
	}
	ok = ok && audit_record(s, "gdpr.purge", "case_file", "", "cases=%d cutoff=%s", *n, cutoff);
	if (!ok) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot purge expired cases"));
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot purge expired cases"));
	*compacted = gdpr_store_compact(s->db);
	return KP_OK;
}

static void put_audit(struct session *s, struct strbuf *sb, const struct audit_entry *e)
{
	strbuf_addf(sb, "  %s  %-12s %-16s %s\n", e->at, *e->user_login ? e->user_login : "-",
		    e->action, e->terminal);
	(void)s;
}

/* Who looked the person up: entries on the contact and its company, and
 * searches whose text names the person. */
static bool report_lookups(struct session *s, struct strbuf *sb, const struct contact *c,
			   const char *const *needles)
{
	const char *rows[] = { c->id, c->company_id };
	struct audit_entry *list = NULL;
	int n;

	strbuf_addf(sb, "\n%s\n", _("Who looked it up, and when"));
	for (size_t r = 0; r < 2; r++) {
		struct audit_filter f = { .row_id = rows[r], .limit = 100000 };
		if ((n = audit_store_query(s->db, &f, &list)) < 0)
			return false;
		for (int i = 0; i < n; i++)
			put_audit(s, sb, &list[i]);
		audit_list_free(list, n);
	}
	struct audit_filter f = { .action_prefix = "search", .limit = 100000 };
	if ((n = audit_store_query(s->db, &f, &list)) < 0)
		return false;
	for (int i = 0; i < n; i++) {
		char *text = audit_reveal(s, &list[i], NULL);
		bool hit = false;
		for (const char *const *nd = needles; text && *nd && !hit; nd++)
			hit = strcasestr(text, *nd) != NULL || (strlen(text) >= 3 && strcasestr(*nd, text));
		if (hit) {
			put_audit(s, sb, &list[i]);
			strbuf_addf(sb, "      %s: %s\n", _("search"), text);
		}
		free(text);
	}
	audit_list_free(list, n);
	return true;
}

static void report_cases(struct session *s, struct strbuf *sb, const char *company_id)
{
	struct case_filter f = { .company_id = company_id };
	struct case_file *cases = NULL;
	int n = case_store_list(s->db, &f, &cases);

	strbuf_addf(sb, "\n%s\n", _("Cases of the company"));
	for (int i = 0; i < n; i++)
		strbuf_addf(sb, "  %s  %s  %s - %s  %s\n", cases[i].id, cases[i].status, cases[i].opened,
			    cases[i].closed ? cases[i].closed : "", cases[i].title);
	if (n > 0)
		case_list_free(cases, n);
}

enum kp_status gdpr_access_report(struct session *s, const char *contact_id, char **text)
{
	struct contact c = { 0 };
	struct company co = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct gdpr_mention *m = NULL;
	const char *needles[4];
	char today[CLOCK_DATE_LEN];
	enum kp_status st = access_require(s, ACT_GDPR);

	*text = NULL;
	if (st != KP_OK || (st = load_contact(s, contact_id, &c)) != KP_OK)
		return st;
	needles_of(&c, needles);
	clock_today(today);
	strbuf_addf(&sb, _("Knudepunkt: everything stored about a contact person (%s)\n"), today);
	strbuf_addf(&sb, "\n%s\n  %s: %s\n  %s: %s\n  %s: %s\n  %s: %s\n  %s: %s\n", _("The person"),
		    _("name"), c.name, _("role"), c.role, _("e-mail"), c.email, _("phone"), c.phone,
		    _("registered"), c.created_at);
	if (company_store_get(s->db, c.company_id, &co) == 1)
		strbuf_addf(&sb, "\n%s\n  %s (CVR %s), %s %s %s\n  %s: %s %s, %s: %s\n", _("The company"),
			    co.name, co.cvr ? co.cvr : "-", co.address, co.postcode, co.town, _("consent"),
			    co.consent_given ? co.consent_given : "-", co.consent_scope, _("withdrawn"),
			    co.consent_withdrawn ? co.consent_withdrawn : "-");
	struct consent_event *ev = NULL;
	int nev = gdpr_store_consent_list(s->db, c.company_id, &ev);
	strbuf_addf(&sb, "\n%s\n", _("Consent history of the company"));
	for (int i = 0; i < nev; i++)
		strbuf_addf(&sb, "  %s  %s  %s  %s %s  %s\n", ev[i].at, ev[i].kind, ev[i].scope, _("text version"),
			    ev[i].text_version, ev[i].user_name);
	consent_event_list_free(ev, nev);
	report_cases(s, &sb, c.company_id);
	int n = gdpr_store_mentions(s->db, needles, &m);
	strbuf_addf(&sb, "\n%s\n", _("Texts that name the person"));
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "  %s.%s %s:\n    %s\n", m[i].tbl, m[i].col, m[i].row_id, m[i].text);
	gdpr_mention_list_free(m, n);
	bool ok = n >= 0 && report_lookups(s, &sb, &c, needles);
	company_finish(&co);
	if (ok)
		ok = audit_record(s, "gdpr.access", "contact", c.id, NULL);
	contact_finish(&c);
	if (!ok) {
		strbuf_finish(&sb);
		return session_db_fail(s, _("cannot collect the right-of-access file"));
	}
	*text = strbuf_detach(&sb);
	return KP_OK;
}
