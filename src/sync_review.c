/* Reviewing sync: the state for the sync screen and `sync status`, held
 * files, and the conflict log with its decisions (src/sync_review.h). */
#include "src/sync_review.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/uuid.h"
#include "src/xalloc.h"
#include "db/case_store.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void sync_view_finish(struct sync_view *v)
{
	if (!v)
		return;
	free(v->name);
	free(v->house);
	free(v->location);
	free(v->deployment);
	for (int i = 0; i < v->npeers; i++)
		sync_peer_finish(&v->peers[i].peer);
	free(v->peers);
	sync_held_list_free(v->held, v->nheld);
	*v = (struct sync_view){ 0 };
}

static int count_unresolved(struct session *s, int *out);

enum kp_status sync_view_get(struct session *s, struct sync_view *v)
{
	struct sync_identity id;
	struct sync_peer *list = NULL;
	uint64_t hlc;
	int have, n;

	memset(v, 0, sizeof *v);
	if (access_require(s, ACT_SYNC) != KP_OK)
		return KP_ERR_DENIED;
	have = sync_store_self(s->db, &id);
	if (have < 0)
		return session_db_fail(s, _("cannot read the site identity"));
	if (have == 0)
		return session_fail(s, KP_ERR_STATE, _("this database is not a site yet; run knudepunkt site init"));
	snprintf(v->site, sizeof v->site, "%s", id.site);
	v->name = xstrdup(id.name);
	v->house = xstrdup(id.house);
	v->location = xstrdup(id.location);
	v->deployment = xstrdup(id.deployment);
	sync_fingerprint(id.sign_pk, id.box_pk, v->fp);
	sync_identity_finish(&id);
	if (!sync_store_clock(s->db, &hlc, &v->changes))
		goto fail;
	v->conflicts = sync_store_conflict_count(s->db);
	v->unapplied = sync_store_unapplied_count(s->db);
	if (v->conflicts < 0 || v->unapplied < 0 || count_unresolved(s, &v->unresolved) < 0)
		goto fail;
	if ((n = sync_store_peer_list(s->db, &list)) < 0)
		goto fail;
	v->peers = xcalloc((size_t)n + 1, sizeof *v->peers);
	for (int i = 0; i < n; i++) {
		struct sync_peer_view *pv = &v->peers[v->npeers++];

		pv->peer = list[i];
		list[i] = (struct sync_peer){ 0 };
		sync_fingerprint(pv->peer.sign_pk, pv->peer.box_pk, pv->fp);
		pv->waiting = sync_review_store_waiting(s->db, pv->peer.peer_has);
		if (pv->waiting < 0) {
			sync_peer_list_free(list, n);
			goto fail;
		}
	}
	sync_peer_list_free(list, n);
	if ((v->nheld = sync_review_store_held(s->db, &v->held)) < 0) {
		v->nheld = 0;
		goto fail;
	}
	return KP_OK;
fail:
	sync_view_finish(v);
	return session_db_fail(s, _("cannot read the sync state"));
}

char *sync_export_default_name(const char *peer_name)
{
	char slug[33], stamp[CLOCK_TIME_LEN];
	size_t n = 0;
	bool dash = false;

	for (const unsigned char *p = (const unsigned char *)(peer_name ? peer_name : ""); *p && n < 32; p++) {
		if (isalnum(*p) && *p < 0x80) {
			slug[n++] = (char)tolower(*p);
			dash = false;
		} else if (n > 0 && !dash) {
			slug[n++] = '-';
			dash = true;
		}
	}
	while (n > 0 && slug[n - 1] == '-')
		n--;
	slug[n] = '\0';
	clock_timestamp(stamp);                 /* YYYY-MM-DDTHH:MM:SSZ */
	return xasprintf("to-%s-%.4s%.2s%.2s-%.2s%.2s%.2s.kpsync", n ? slug : "site", stamp, stamp + 5,
			 stamp + 8, stamp + 11, stamp + 14, stamp + 17);
}

static void hlc_time(uint64_t hlc, char out[CLOCK_TIME_LEN])
{
	time_t t = (time_t)((hlc >> 16) / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, CLOCK_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, CLOCK_TIME_LEN, "?");
}

enum kp_status sync_import_path(struct session *s, const char *path, int flags, struct sync_import_result *res)
{
	enum kp_status st = sync_import_file(s, path, flags, res);
	char at[CLOCK_TIME_LEN], dated[CLOCK_TIME_LEN];
	struct sync_peer p;
	bool ok;

	if (st == KP_OK || (!res->held && access(path, F_OK) != 0)) {
		/* applied, or no longer there: not held any more */
		char *msg = st == KP_OK ? NULL : xstrdup(session_message(s));

		if (!sync_review_store_held_remove(s->db, path))
			st = session_db_fail(s, _("cannot update the list of held files"));
		else if (msg)
			session_fail(s, st, "%s", msg);
		free(msg);
		return st;
	}
	if (!res->held)
		return st;
	/* keep the refusal's message: it is what the user must read */
	char *msg = xstrdup(session_message(s));
	clock_timestamp(at);
	hlc_time(res->max_hlc, dated);
	memset(&p, 0, sizeof p);
	ok = sync_store_peer_get(s->db, res->sender, &p) >= 0;
	struct sync_held h = { (char *)path, p.name ? p.name : res->sender, dated, at };
	ok = ok && sync_review_store_held_put(s->db, &h);
	sync_peer_finish(&p);
	if (!ok)
		st = session_db_fail(s, _("cannot remember the held file"));
	else
		session_fail(s, st, "%s", msg);
	free(msg);
	return st;
}

/* --- conflicts ----------------------------------------------------------- */

void sync_conflict_id(const struct sync_conflict_entry *e, char out[SYNC_CONFLICT_ID_LEN])
{
	crypto_generichash_state h;
	unsigned char d[8], num[8];
	const char *parts[] = { e->tbl, e->id, e->col, e->loser_site, e->winner_site };

	crypto_generichash_init(&h, NULL, 0, sizeof d);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		crypto_generichash_update(&h, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
	for (int k = 0; k < 2; k++) {
		uint64_t v = (uint64_t)(k == 0 ? e->loser_hlc : e->winner_hlc);

		for (int i = 0; i < 8; i++)
			num[i] = (unsigned char)(v >> (8 * i));
		crypto_generichash_update(&h, num, sizeof num);
	}
	crypto_generichash_final(&h, d, sizeof d);
	sodium_bin2hex(out, SYNC_CONFLICT_ID_LEN, d, sizeof d);
}

void sync_conflict_view_list_free(struct sync_conflict_view *list, int n)
{
	for (int i = 0; i < n; i++) {
		struct sync_conflict_view *c = &list[i];

		free(c->tbl);
		free(c->row_id);
		free(c->col);
		free(c->label);
		free(c->winner_value);
		free(c->loser_value);
		free(c->winner_site);
		free(c->loser_site);
		free(c->resolution);
		free(c->resolved_at);
		free(c->resolved_by);
	}
	free(list);
}

/* The latest decision on conflict id, or NULL. */
static const struct sync_resolution *decision(const struct sync_resolution *rs, int n, const char *id)
{
	const struct sync_resolution *found = NULL;

	for (int i = 0; i < n; i++)             /* oldest first: the last one counts */
		if (strcmp(rs[i].conflict, id) == 0)
			found = &rs[i];
	return found;
}

static int count_unresolved(struct session *s, int *out)
{
	struct sync_conflict_entry *es;
	struct sync_resolution *rs;
	int n = sync_review_store_conflicts(s->db, &es), nr;

	*out = 0;
	if (n < 0)
		return -1;
	if ((nr = sync_review_store_resolutions(s->db, &rs)) < 0) {
		sync_conflict_entry_list_free(es, n);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char id[SYNC_CONFLICT_ID_LEN];

		sync_conflict_id(&es[i], id);
		if (!decision(rs, nr, id) && !sync_review_store_derived(es[i].tbl, es[i].col))
			(*out)++;
	}
	sync_resolution_list_free(rs, nr);
	sync_conflict_entry_list_free(es, n);
	return 0;
}

/* How a table's values may be restored: the role action, and whether the
 * record belongs to a case (then the case's scope decides). */
struct table_rule {
	const char *tbl;
	enum access_action write;
	bool in_case;
};

static const struct table_rule rules[] = {
	{ "company", ACT_COMPANY_WRITE, false },
	{ "contact", ACT_COMPANY_WRITE, false },
	{ "case_file", ACT_CASE_EDIT, true },
	{ "journal_entry", ACT_JOURNAL_WRITE, true },
	{ "referral", ACT_REFERRAL_WRITE, true },
	{ "referral_report_back", ACT_REFERRAL_WRITE, true },
	{ "evaluation", ACT_EVALUATION, true },
	{ "organisation", ACT_PARTNER_WRITE, false },
	{ "organisation_contact", ACT_PARTNER_WRITE, false },
	{ "target", ACT_TARGET_WRITE, false },
	{ "trust_position", ACT_TRUST_WRITE, false },
};

static const struct {
	const char *tbl, *label;
} table_labels[] = {
	{ "company", N_("Company") }, { "contact", N_("Contact") }, { "case_file", N_("Case") },
	{ "journal_entry", N_("Journal") }, { "case_event", N_("Timeline") }, { "referral", N_("Referral") },
	{ "referral_report_back", N_("Report back") }, { "evaluation", N_("Evaluation") },
	{ "organisation", N_("Partner") }, { "organisation_contact", N_("Partner contact") },
	{ "target", N_("Target") }, { "trust_position", N_("Trust position") }, { "app_user", N_("User") },
	{ "consent_event", N_("Consent") }, { "case_member", N_("Case member") },
};

const char *sync_table_label(const char *tbl)
{
	for (size_t i = 0; i < sizeof table_labels / sizeof table_labels[0]; i++)
		if (strcmp(table_labels[i].tbl, tbl) == 0)
			return _(table_labels[i].label);
	return tbl;
}

static const struct table_rule *rule_of(const char *tbl)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].tbl, tbl) == 0)
			return &rules[i];
	return NULL;
}

/* May the user see (a = ACT_CASE_READ) or change a record of a case? 1
 * yes, 0 no, -1 error. A record of no case (or of a case not here) is not
 * in a case scope: 1. */
static int case_allows(struct session *s, const char *tbl, const char *id, enum access_action a, bool require)
{
	char *case_id;
	struct case_file cf = { 0 };
	int rc = sync_review_store_case_of(s->db, tbl, id, &case_id), found;

	if (rc <= 0)
		return rc < 0 ? -1 : 1;         /* not a case's record: no case scope */
	found = case_store_get(s->db, case_id, &cf);
	if (found > 0) {
		if (require)
			rc = access_require_case_id(s, a, case_id, cf.location, cf.house, cf.consultant_id) == KP_OK;
		else
			rc = access_case_id_allowed(s, a, case_id, cf.location, cf.house, cf.consultant_id);
	} else {
		rc = found < 0 ? -1 : 1;         /* the case is not here: nothing to protect */
	}
	case_finish(&cf);
	free(case_id);
	return rc;
}

static char *site_name(const char *site, const char *self_site, const char *self_name,
		       const struct sync_peer *peers, int npeers)
{
	if (strcmp(site, self_site) == 0)
		return xstrdup(self_name);
	for (int i = 0; i < npeers; i++)
		if (strcmp(peers[i].site, site) == 0)
			return xstrdup(peers[i].name);
	return xstrndup(site, 8);
}

static enum kp_status read_conflicts(struct session *s, bool all, struct sync_conflict_view **out, int *nout,
				     struct sync_conflict_entry **entries, int *nentries)
{
	struct sync_conflict_entry *es;
	struct sync_resolution *rs;
	struct sync_peer *peers = NULL;
	struct sync_identity self;
	struct sync_conflict_view *vs;
	int n, nr, np, k = 0;
	bool failed = false;

	*out = NULL;
	*nout = 0;
	memset(&self, 0, sizeof self);
	if (sync_store_self(s->db, &self) < 0)
		return session_db_fail(s, _("cannot read the site identity"));
	if ((n = sync_review_store_conflicts(s->db, &es)) < 0) {
		sync_identity_finish(&self);
		return session_db_fail(s, _("cannot read the conflict log"));
	}
	if ((nr = sync_review_store_resolutions(s->db, &rs)) < 0 ||
	    (np = sync_store_peer_list(s->db, &peers)) < 0) {
		if (nr >= 0)
			sync_resolution_list_free(rs, nr);
		sync_conflict_entry_list_free(es, n);
		sync_identity_finish(&self);
		return session_db_fail(s, _("cannot read the conflict log"));
	}
	vs = xcalloc((size_t)n + 1, sizeof *vs);
	for (int i = 0; i < n; i++) {
		const struct sync_conflict_entry *e = &es[i];
		struct sync_conflict_view *v = &vs[k];
		const struct sync_resolution *r;
		int see;

		if (sync_review_store_derived(e->tbl, e->col))
			continue;
		sync_conflict_id(e, v->id);
		r = decision(rs, nr, v->id);
		if (r && !all)
			continue;
		if ((see = case_allows(s, e->tbl, e->id, ACT_CASE_READ, false)) < 0) {
			failed = true;
			break;
		}
		k++;
		v->tbl = xstrdup(e->tbl);
		v->row_id = xstrdup(e->id);
		v->col = xstrdup(e->col);
		v->kind = e->kind;
		v->hidden = see == 0;
		v->deleted = e->row_cl % 2 == 0 || e->kind == SYNC_CONFLICT_DELETE;
		if (!v->hidden) {
			if (sync_review_store_label(s->db, e->tbl, e->id, &v->label) < 0)
				failed = true;
			v->loser_value = e->loser_val ? xstrdup(e->loser_val) : NULL;
			v->winner_value = e->has_current && e->current_val ? xstrdup(e->current_val) : NULL;
		}
		if (!v->label)
			v->label = xstrdup(e->id);
		v->winner_current = e->has_current && e->current_hlc == e->winner_hlc &&
				    strcmp(e->current_site, e->winner_site) == 0;
		v->winner_site = site_name(e->winner_site, self.site, self.name ? self.name : "", peers, np);
		v->loser_site = site_name(e->loser_site, self.site, self.name ? self.name : "", peers, np);
		hlc_time((uint64_t)e->winner_hlc, v->winner_at);
		hlc_time((uint64_t)e->loser_hlc, v->loser_at);
		if (r) {
			v->resolution = xstrdup(r->action);
			v->resolved_at = xstrdup(r->at);
			v->resolved_by = xstrdup(r->by_name);
		}
	}
	sync_resolution_list_free(rs, nr);
	sync_peer_list_free(peers, np);
	sync_identity_finish(&self);
	if (failed) {
		sync_conflict_view_list_free(vs, k);
		sync_conflict_entry_list_free(es, n);
		return session_db_fail(s, _("cannot read the conflict log"));
	}
	if (entries) {
		*entries = es;
		*nentries = n;
	} else {
		sync_conflict_entry_list_free(es, n);
	}
	*out = vs;
	*nout = k;
	return KP_OK;
}

enum kp_status sync_conflicts(struct session *s, bool all, struct sync_conflict_view **out, int *n)
{
	*out = NULL;
	*n = 0;
	enum kp_status st;

	if (access_require(s, ACT_CONFLICT_REVIEW) != KP_OK)
		return KP_ERR_DENIED;
	if ((st = read_conflicts(s, all, out, n, NULL, NULL)) != KP_OK)
		return st;
	/* the log holds personal values: reading it is recorded */
	if (!audit_record(s, "sync.conflicts.read", "sync_conflict", "", "entries=%d%s", *n, all ? " all" : "")) {
		sync_conflict_view_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return KP_ERR_DB;
	}
	return KP_OK;
}

/* The entry of the log whose id is id (or starts with it). */
static enum kp_status find_conflict(struct session *s, const char *id, struct sync_conflict_view **vs, int *nv,
				    struct sync_conflict_entry **es, int *ne, int *at)
{
	size_t len = strlen(id);
	int found = -1;
	enum kp_status st;

	if (len < 4 || len >= SYNC_CONFLICT_ID_LEN || strspn(id, "0123456789abcdef") != len)
		return session_fail(s, KP_ERR_INVALID, _("%s is not a conflict id (4 to 16 hex digits)"), id);
	if ((st = read_conflicts(s, true, vs, nv, es, ne)) != KP_OK)
		return st;
	for (int i = 0; i < *nv; i++)
		if (strncmp((*vs)[i].id, id, len) == 0) {
			if (found >= 0)
				st = session_fail(s, KP_ERR_INVALID, _("%s names more than one conflict; give more digits"), id);
			found = i;
		}
	if (st == KP_OK && found < 0)
		st = session_fail(s, KP_ERR_NOT_FOUND, _("no conflict %s in the log"), id);
	if (st != KP_OK) {
		sync_conflict_view_list_free(*vs, *nv);
		sync_conflict_entry_list_free(*es, *ne);
		return st;
	}
	*at = found;
	return KP_OK;
}

/* The entry of es that view v shows. */
static const struct sync_conflict_entry *entry_of(const struct sync_conflict_entry *es, int n,
						 const struct sync_conflict_view *v)
{
	for (int i = 0; i < n; i++) {
		char id[SYNC_CONFLICT_ID_LEN];

		sync_conflict_id(&es[i], id);
		if (strcmp(id, v->id) == 0)
			return &es[i];
	}
	return NULL;
}

static enum kp_status decide(struct session *s, const char *id, bool restore)
{
	struct sync_conflict_view *vs = NULL;
	struct sync_conflict_entry *es = NULL;
	const struct sync_conflict_entry *e;
	const struct sync_conflict_view *v;
	const struct table_rule *rule;
	char rid[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	int nv = 0, ne = 0, i = 0, rc;
	enum kp_status st;

	if (access_require(s, ACT_CONFLICT_REVIEW) != KP_OK)
		return KP_ERR_DENIED;
	if ((st = find_conflict(s, id, &vs, &nv, &es, &ne, &i)) != KP_OK)
		return st;
	v = &vs[i];
	e = entry_of(es, ne, v);
	if (v->resolution) {
		st = session_fail(s, KP_ERR_STATE, _("conflict %s was already resolved (%s, %s)"), v->id,
				  strcmp(v->resolution, "restored") == 0 ? _("value restored") : _("value kept"),
				  v->resolved_at);
		goto out;
	}
	if (restore) {
		if (v->deleted) {
			st = session_fail(s, KP_ERR_STATE, _("the record of conflict %s was deleted; a deleted "
							   "record's value cannot be restored (keep it instead)"), v->id);
			goto out;
		}
		if (!(rule = rule_of(v->tbl))) {
			st = session_fail(s, KP_ERR_REFUSED, _("values of %s are not restored from the conflict log"),
					  v->tbl);
			goto out;
		}
		if (access_require(s, rule->write) != KP_OK) {
			st = KP_ERR_DENIED;
			goto out;
		}
		if (rule->in_case && (rc = case_allows(s, v->tbl, v->row_id, rule->write, true)) != 1) {
			st = rc < 0 ? session_db_fail(s, _("cannot read the case")) : KP_ERR_DENIED;
			goto out;
		}
	}
	clock_timestamp(at);
	uuid_generate(rid);
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	rc = restore ? sync_review_store_write_loser(s->db, e, at) : 1;
	if (rc == 0) {
		db_rollback(s->db);
		st = session_fail(s, KP_ERR_NOT_FOUND, _("the record of conflict %s is not in this database"), v->id);
		goto out;
	}
	if (rc < 0 || !sync_review_store_resolve(s->db, rid, v->id, restore ? "restored" : "kept", at, s->user.id) ||
	    !audit_record(s, restore ? "sync.conflict.restore" : "sync.conflict.keep", v->tbl, v->row_id,
			  "conflict %s, field %s", v->id, v->col) ||
	    !sync_store_flush_local(s->db) || !db_commit(s->db)) {
		st = session_db_fail(s, _("cannot record the decision"));
		db_rollback(s->db);
		goto out;
	}
	st = KP_OK;
out:
	sync_conflict_view_list_free(vs, nv);
	sync_conflict_entry_list_free(es, ne);
	return st;
}

enum kp_status sync_conflict_restore(struct session *s, const char *id)
{
	return decide(s, id, true);
}

enum kp_status sync_conflict_keep(struct session *s, const char *id)
{
	return decide(s, id, false);
}
