/* Export, import and digest: the protocol of SYNC.md over db/sync_store.
 *
 * Export to P: every record with seq above what P last reported holding
 * of ours (all with --full), our vector of what we hold of every site, all
 * in one read transaction, sealed to P. Import: open and parse first,
 * touching nothing; then one BEGIN IMMEDIATE transaction that skips a file
 * already applied, merges, materialises, advances acknowledgements and
 * records the file id. */
#include "src/sync.h"
#include "src/user.h"
#include "src/access.h"
#include "src/clock.h"
#include "src/company.h"
#include "src/integrity.h"
#include "src/case.h"
#include "src/audit.h"
#include "src/uuid.h"
#include "src/gdpr.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/shared.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static enum kp_status need_self(struct session *s, struct sync_identity *id)
{
	int have = sync_store_self(s->db, id);

	if (have < 0)
		return session_db_fail(s, _("cannot read the site identity"));
	if (have == 0)
		return session_fail(s, KP_ERR_STATE, _("this database is not a site yet; run knudepunkt site init"));
	return KP_OK;
}

static enum kp_status need_peer(struct session *s, const char *key, struct sync_peer *p)
{
	int found = sync_site_find_peer(s, key, p);

	if (found < 0)
		return session_db_fail(s, _("cannot read peers"));
	if (found == 0)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no trusted site %s (give its id or unique name)"), key);
	if (p->revoked_at) {
		sync_peer_finish(p);
		return session_fail(s, KP_ERR_REFUSED, _("site %s was revoked"), key);
	}
	return KP_OK;
}

struct exp {
	struct sync_writer *w;
	long n;
	uint64_t max_hlc;
	struct db *db;
	const char *hold_for;       /* a peer of another house: consent holds rows back */
	long withheld;
	bool only;                  /* a hand-over: only the rows of temp.sync_only */
};

/* Skips a record of a row held back (consent); false on a database error. */
static bool skip(struct exp *e, const char *tbl, const char *id, bool *skipped)
{
	int held = e->hold_for ? sync_store_held(e->db, e->hold_for, tbl, id) : 0;

	if (e->only && held == 0) {
		int in = sync_store_in_only(e->db, tbl, id);

		*skipped = in == 0;
		return in >= 0;
	}
	*skipped = held > 0;
	e->withheld += held > 0;
	return held >= 0;
}

static bool put_row(void *arg, const struct sync_rec_row *r)
{
	struct exp *e = arg;
	bool skipped;

	if (!skip(e, r->tbl, r->id, &skipped))
		return false;
	if (skipped)
		return true;
	sync_writer_row(e->w, r);
	e->n++;
	if (r->hlc > e->max_hlc)
		e->max_hlc = r->hlc;
	return true;
}

static bool put_cell(void *arg, const struct sync_rec_cell *c)
{
	struct exp *e = arg;
	bool skipped;

	if (!skip(e, c->tbl, c->id, &skipped))
		return false;
	if (skipped)
		return true;
	sync_writer_cell(e->w, c);
	e->n++;
	if (c->hlc > e->max_hlc)
		e->max_hlc = c->hlc;
	return true;
}

static bool put_conflict(void *arg, const struct sync_rec_conflict *c)
{
	struct exp *e = arg;
	bool skipped;

	if (!skip(e, c->tbl, c->id, &skipped))
		return false;
	if (skipped)
		return true;
	sync_writer_conflict(e->w, c);
	e->n++;
	return true;
}

/* Records a section through fn; counter gets its number of records. */
#define SECTION(each, fn, counter) do { \
	e.n = 0; \
	if (!each(s->db, lo, false, fn, &e)) { ok = false; break; } \
	counter = e.n; \
} while (0)

/* A hand-over: may the acting user hand this case over? (ACT_SYNC was
 * checked: supervisors and administrators; the case's contents go with
 * it, so the user must be allowed to edit the case: a supervisor of its
 * house, within the location scope.) */
static enum kp_status handover_allowed(struct session *s, const char *case_id, struct case_file *c)
{
	int found = case_store_get(s->db, case_id ? case_id : "", c);

	if (found < 0)
		return session_db_fail(s, _("cannot read cases"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such case"));
	return access_require_case_id(s, ACT_CASE_EDIT, c->id, c->location, c->house, c->consultant_id);
}

/* The hand-over in the case's timeline and the audit trail. */
static bool handover_event(struct session *s, const char *case_id, const char *kind, const char *from,
			   const char *to)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	struct case_event ev = { .id = id, .case_id = (char *)case_id, .at = now, .user_id = s->user.id,
				 .kind = (char *)kind, .from_value = (char *)from, .to_value = (char *)to,
				 .reason = (char *)"" };

	uuid_generate(id);
	clock_timestamp(now);
	return case_event_insert(s->db, &ev) &&
	       audit_record(s, strcmp(kind, "handover") == 0 ? "case.handover" : "case.handover_received",
			    "case_file", case_id, "%s -> %s", from, to);
}

static enum kp_status export_core(struct session *s, const char *peer, bool full,
				  const char *const *also, size_t nalso, const char *handover_case,
				  unsigned char **out, size_t *outlen, struct sync_export_result *res);

enum kp_status sync_export_mem(struct session *s, const char *peer, bool full,
			       const char *const *also, size_t nalso,
			       unsigned char **out, size_t *outlen, struct sync_export_result *res)
{
	return export_core(s, peer, full, also, nalso, NULL, out, outlen, res);
}

enum kp_status sync_handover_mem(struct session *s, const char *case_id, const char *peer,
				 unsigned char **out, size_t *outlen, struct sync_export_result *res)
{
	return export_core(s, peer, false, NULL, 0, case_id ? case_id : "", out, outlen, res);
}

static enum kp_status export_core(struct session *s, const char *peer, bool full,
				  const char *const *also, size_t nalso, const char *handover_case,
				  unsigned char **out, size_t *outlen, struct sync_export_result *res)
{
	struct sync_identity self;
	struct sync_peer *rcp;
	struct exp e = { .db = s->db };
	struct sync_ack *acks = NULL;
	unsigned char *payload = NULL;
	size_t plen = 0;
	unsigned char file_id[16];
	char at[CLOCK_TIME_LEN];
	uint64_t hlc;
	int64_t lo, hi;
	int nacks;
	bool ok = true;
	enum kp_status st;

	memset(res, 0, sizeof *res);
	*out = NULL;
	*outlen = 0;
	if (access_require(s, ACT_SYNC) != KP_OK)
		return KP_ERR_DENIED;
	if (handover_case) {
		struct case_file c = { 0 };

		st = handover_allowed(s, handover_case, &c);
		case_finish(&c);
		if (st != KP_OK)
			return st;
	}
	if (sodium_init() < 0)
		return session_fail(s, KP_ERR_IO, _("cannot initialise the cryptography library"));
	if ((st = need_self(s, &self)) != KP_OK)
		return st;
	rcp = xcalloc(nalso + 1, sizeof *rcp);
	if ((st = need_peer(s, peer, &rcp[0])) != KP_OK)
		goto out_self;
	for (size_t i = 0; i < nalso; i++)
		if ((st = need_peer(s, also[i], &rcp[i + 1])) != KP_OK)
			goto out_peers;
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out_peers;
	}
	if (handover_case) {
		/* the hand-over goes into the timeline first, so the file carries it */
		char *to = xasprintf("%s (%s)", rcp[0].name, rcp[0].house);
		char *from = xasprintf("%s (%s)", self.name, self.house);
		bool ok_ev = handover_event(s, handover_case, "handover", from, to);

		free(to);
		free(from);
		if (!ok_ev || !sync_store_flush_local(s->db) || !sync_store_only_case(s->db, handover_case)) {
			st = session_db_fail(s, _("cannot record the hand-over"));
			goto out_tx;
		}
		e.only = true;
	}
	if (!sync_store_flush_local(s->db)) {
		st = session_db_fail(s, _("cannot record the local changes"));
		goto out_tx;
	}
	/* beyond the house, a company's data goes only with its consent to
	 * sharing; rows held back before and shareable now are sent again */
	for (size_t i = 0; i <= nalso && !e.hold_for && !handover_case; i++)
		if (strcmp(rcp[i].house, self.house) != 0)
			e.hold_for = rcp[0].site;
	if (e.hold_for && !sync_store_hold_prepare(s->db, e.hold_for, &res->released)) {
		st = session_db_fail(s, _("cannot check consent for the export"));
		goto out_tx;
	}
	if (!sync_store_clock(s->db, &hlc, &hi)) {
		st = session_db_fail(s, _("cannot record the local changes"));
		goto out_tx;
	}
	lo = full ? 0 : rcp[0].peer_has;
	if (lo > hi)          /* the peer holds more than we have: we were restored */
		lo = 0;
	if (handover_case)    /* a part of the data: it covers no range of changes */
		lo = hi = 0;
	nacks = sync_store_acks(s->db, &acks);
	if (nacks < 0) {
		st = session_db_fail(s, _("cannot read acknowledgements"));
		goto out_tx;
	}
	{
		/* the sender's vector: what we hold of every site */
		size_t n = 0;

		for (int i = 0; i < nacks; i++)
			if (acks[i].have > 0)
				acks[n++] = acks[i];
		e.w = sync_writer_new(self.site, rcp[0].site,
				      (full ? SYNC_FLAG_FULL : 0) | (handover_case ? SYNC_FLAG_HANDOVER : 0), lo, hi,
				      acks, n);
	}
	do {
		SECTION(sync_store_each_row, put_row, res->rows);
		SECTION(sync_store_each_cell, put_cell, res->cells);
		SECTION(sync_store_each_conflict, put_conflict, res->conflicts);
	} while (0);
	payload = sync_writer_finish(e.w, e.max_hlc, &plen);
	e.w = NULL;
	if (!ok) {
		st = session_db_fail(s, _("cannot read the changes to export"));
		goto out_tx;
	}
	randombytes_buf(file_id, sizeof file_id);
	if (!sync_file_seal(&self, rcp, nalso + 1, file_id, e.max_hlc, payload, plen, out, outlen)) {
		st = session_fail(s, KP_ERR_IO, _("cannot seal the sync file"));
		goto out_tx;
	}
	clock_timestamp(at);
	if ((!handover_case && !sync_store_note_export(s->db, rcp[0].site, at)) || !db_commit(s->db)) {
		st = session_db_fail(s, _("cannot record the export"));
		free(*out);
		*out = NULL;
		*outlen = 0;
		goto out_peers;
	}
	res->lo = lo;
	res->hi = hi;
	res->bytes = *outlen;
	res->withheld = e.withheld;
	res->beyond_house = e.hold_for != NULL;
	st = KP_OK;
	goto out_peers;
out_tx:
	db_rollback(s->db);
out_peers:
	for (size_t i = 0; i <= nalso; i++)
		sync_peer_finish(&rcp[i]);
	free(acks);
	if (payload)
		sodium_memzero(payload, plen);
	free(payload);
out_self:
	free(rcp);
	sync_identity_finish(&self);
	return st;
}
#undef SECTION

static char *value_text(const struct sync_value *v)
{
	return v && v->type == SYNC_V_TEXT ? xstrndup((const char *)v->p, v->n) : NULL;
}

/* An erasure row of the file, from its fields. */
struct erasure_in {
	const char *id;
	const struct sync_value *kind, *subject, *decision, *at, *user;
};

static bool is_text(const struct sync_value *v, const char *want)
{
	return v && v->type == SYNC_V_TEXT && v->n == strlen(want) && memcmp(v->p, want, v->n) == 0;
}

/* Erasures in the file not yet made here, with the contact as this site
 * knows it BEFORE the merge: its name, e-mail and phone find the free
 * text written here that the eraser never saw. */
struct erasure_todo {
	char *id, *subject, *at, *user;
	bool found;
	struct contact known;
};

static void erasures_free(struct erasure_todo *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].id);
		free(t[i].subject);
		free(t[i].at);
		free(t[i].user);
		contact_finish(&t[i].known);
	}
	free(t);
}

static enum kp_status erasures_before(struct session *s, const struct sync_payload *p,
				      struct erasure_todo **todo, size_t *ntodo)
{
	struct erasure_in *e = NULL;
	size_t n = 0, cap = 0;
	enum kp_status st = KP_OK;

	*todo = NULL;
	*ntodo = 0;
	for (size_t i = 0; i < p->ncells; i++) {
		const struct sync_rec_cell *c = &p->cells[i];
		size_t j;

		if (strcmp(c->tbl, "erasure") != 0)
			continue;
		for (j = 0; j < n && strcmp(e[j].id, c->id) != 0; j++)
			;
		if (j == n) {
			if (n == cap) {
				cap = cap * 2 + 4;
				e = xrealloc(e, cap * sizeof *e);
			}
			e[n++] = (struct erasure_in){ .id = c->id };
		}
		if (strcmp(c->col, "subject_kind") == 0)
			e[j].kind = &c->val;
		else if (strcmp(c->col, "subject_id") == 0)
			e[j].subject = &c->val;
		else if (strcmp(c->col, "decision") == 0)
			e[j].decision = &c->val;
		else if (strcmp(c->col, "at") == 0)
			e[j].at = &c->val;
		else if (strcmp(c->col, "user_id") == 0)
			e[j].user = &c->val;
	}
	if (n)
		*todo = xcalloc(n, sizeof **todo);
	for (size_t j = 0; st == KP_OK && j < n; j++) {
		if (!is_text(e[j].kind, "contact") || !is_text(e[j].decision, "erased") || !e[j].subject ||
		    e[j].subject->type != SYNC_V_TEXT)
			continue;
		struct erasure_todo *t = &(*todo)[*ntodo];
		t->subject = value_text(e[j].subject);
		int done = gdpr_store_erased(s->db, t->subject);
		int found = done ? 0 : contact_store_get(s->db, t->subject, &t->known);

		if (done < 0 || found < 0 || done) {
			if (done < 0 || found < 0)
				st = session_db_fail(s, _("cannot read erasures"));
			free(t->subject);
			contact_finish(&t->known);
			*t = (struct erasure_todo){ 0 };
		} else {
			t->id = xstrdup(e[j].id);
			t->at = value_text(e[j].at);
			t->user = value_text(e[j].user);
			t->found = found > 0;
			(*ntodo)++;
		}
	}
	free(e);
	return st;
}

/* After the merge: the erasures are repeated here with what this site knew;
 * where the file's scrubbed values won the merge there is nothing left to
 * change, and what was written here is scrubbed and stamped as a local
 * change, so it reaches the metadata and the other sites. */
static enum kp_status erasures_after(struct session *s, struct erasure_todo *todo, size_t n, long *applied)
{
	enum kp_status st = KP_OK;

	*applied = 0;
	for (size_t i = 0; st == KP_OK && i < n; i++) {
		st = gdpr_apply_erasure(s, todo[i].id, todo[i].subject, todo[i].found ? &todo[i].known : NULL,
					todo[i].at ? todo[i].at : "", todo[i].user ? todo[i].user : "");
		*applied += st == KP_OK;
	}
	return st;
}

/* After the merge: an erased contact whose fields came back from a site
 * that had not seen the erasure is erased again (and the conflict log
 * keeps no value of an erased contact). */
static enum kp_status enforce_erasures(struct session *s, bool applied, long *again)
{
	int n = 0, keys;
	enum kp_status st = gdpr_reapply_erasures(s, &n);

	*again = n;
	if (st != KP_OK)
		return st;
	/* a key another site made for an erased person, unaware of the erasure */
	keys = gdpr_store_drop_erased_keys(s->db);
	if (keys < 0 || ((applied || n > 0 || keys > 0) && !sync_store_flush_local(s->db)) ||
	    sync_store_forget_erased(s->db) < 0)
		return session_db_fail(s, _("cannot erase the contact person"));
	return KP_OK;
}

/* A hand-over received: each case of the file moves to this site's
 * location, unassigned (its house routes it), and the reception goes into
 * its timeline and the audit trail; stamped as local changes. */
static enum kp_status receive_handover(struct session *s, const struct sync_payload *p,
				       const struct sync_identity *self, long *n)
{
	struct sync_peer from;
	char now[CLOCK_TIME_LEN];
	bool ok = true;

	*n = 0;
	if (sync_store_peer_get(s->db, p->sender, &from) != 1)
		return session_db_fail(s, _("cannot read peers"));
	char *src = xasprintf("%s (%s)", from.name, from.house);
	char *dst = xasprintf("%s (%s)", self->name, self->house);
	clock_timestamp(now);
	for (size_t i = 0; ok && i < p->nrows; i++) {
		struct case_file c = { 0 };

		if (strcmp(p->rows[i].tbl, "case_file") != 0)
			continue;
		int found = case_store_get(s->db, p->rows[i].id, &c);
		if (found == 1) {
			free(c.location);
			c.location = xstrdup(self->location);
			free(c.consultant_id);
			c.consultant_id = NULL;
			if (strcmp(c.status, "closed") != 0) {
				free(c.status);
				c.status = xstrdup("new");
			}
			free(c.updated_at);
			c.updated_at = xstrdup(now);
			ok = case_store_update(s->db, &c) && handover_event(s, c.id, "handover_received", src, dst);
			*n += ok;
		}
		ok = ok && found >= 0;
		case_finish(&c);
	}
	free(src);
	free(dst);
	sync_peer_finish(&from);
	if (!ok || !sync_store_flush_local(s->db))
		return session_db_fail(s, _("cannot record the hand-over"));
	return KP_OK;
}

/* A record's key and its place in the file. */
struct rec_key {
	const char *tbl, *id;
	size_t i;
};

static int key_cmp(const struct rec_key *a, const struct rec_key *b)
{
	int c = strcmp(a->tbl, b->tbl);

	return c ? c : strcmp(a->id, b->id);
}

static int rec_key_cmp(const void *a, const void *b)
{
	const struct rec_key *x = a, *y = b;
	int c = key_cmp(x, y);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Puts keys (in file order) in key order, keeping the file's order among
 * the records of one row; a file written by this program usually is. */
static void key_sort(struct rec_key *k, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (rec_key_cmp(&k[i - 1], &k[i]) > 0) {
			qsort(k, n, sizeof *k, rec_key_cmp);
			return;
		}
}

/* Merges a file's rows and cells row by row (the row's own record first,
 * then its fields), and writes each row into its table right after, while
 * its metadata is in hand. The merge is a join, so the order of rows does
 * not change the result; grouping them saves reading and writing a row's
 * metadata once per record. */
static bool merge_by_row(struct session *s, const struct sync_payload *p, struct sync_import_result *res)
{
	struct rec_key *rk = xcalloc(p->nrows + 1, sizeof *rk), *ck = xcalloc(p->ncells + 1, sizeof *ck);
	size_t i = 0, j = 0;
	bool ok = true;

	for (size_t n = 0; n < p->nrows; n++)
		rk[n] = (struct rec_key){ p->rows[n].tbl, p->rows[n].id, n };
	for (size_t n = 0; n < p->ncells; n++)
		ck[n] = (struct rec_key){ p->cells[n].tbl, p->cells[n].id, n };
	key_sort(rk, p->nrows);
	key_sort(ck, p->ncells);
	while (ok && (i < p->nrows || j < p->ncells)) {
		struct rec_key key = j >= p->ncells || (i < p->nrows && key_cmp(&rk[i], &ck[j]) <= 0) ? rk[i] : ck[j];

		for (; ok && i < p->nrows && key_cmp(&rk[i], &key) == 0; i++)
			ok = sync_store_merge_row(s->db, &p->rows[rk[i].i]);
		for (; ok && j < p->ncells && key_cmp(&ck[j], &key) == 0; j++)
			ok = sync_store_merge_cell(s->db, &p->cells[ck[j].i]);
		ok = ok && sync_store_settle(s->db, &res->written, &res->deleted, &res->refused);
	}
	free(rk);
	free(ck);
	return ok;
}

enum kp_status sync_import_mem(struct session *s, const unsigned char *buf, size_t len, int flags,
			       struct sync_import_result *res)
{
	struct sync_identity self;
	struct sync_envelope_info info;
	struct sync_payload p;
	unsigned char *plain = NULL;
	size_t plen;
	char err[256], at[CLOCK_TIME_LEN];
	enum kp_status st;
	uint64_t maxh = 0;
	int64_t peer_has = 0;
	int before;
	bool ok = true;
	struct erasure_todo *todo = NULL;
	size_t ntodo = 0;

	memset(res, 0, sizeof *res);
	if (access_require(s, ACT_SYNC) != KP_OK)
		return KP_ERR_DENIED;
	if ((st = need_self(s, &self)) != KP_OK)
		return st;
	st = sync_file_open(s, &self, buf, len, &info, &plain, &plen);
	if (st != KP_OK)
		goto out_self;
	snprintf(res->sender, sizeof res->sender, "%s", info.sender);
	long pver = sync_payload_version(plain, plen);
	if (pver >= 0 && pver < SYNC_PAYLOAD_VERSION) {
		st = session_fail(s, KP_ERR_INVALID,
				  _("the file was written by an older Knudepunkt (content version %ld; this one "
				    "reads %d) and was not applied: ask the sender to upgrade and export again; "
				    "nothing is lost, as the next file carries everything"), pver, SYNC_PAYLOAD_VERSION);
		goto out_plain;
	}
	if (pver > SYNC_PAYLOAD_VERSION) {
		st = session_fail(s, KP_ERR_INVALID,
				  _("the file was written by a newer Knudepunkt (content version %ld; this one "
				    "reads %d) and was not applied: upgrade this program and import it again"),
				  pver, SYNC_PAYLOAD_VERSION);
		goto out_plain;
	}
	if (!sync_payload_parse(plain, plen, &p, err, sizeof err)) {
		st = session_fail(s, KP_ERR_INVALID, _("the file's content is damaged: %s"), err);
		goto out_plain;
	}
	for (size_t i = 0; i < p.nrows; i++)
		maxh = p.rows[i].hlc > maxh ? p.rows[i].hlc : maxh;
	for (size_t i = 0; i < p.ncells; i++)
		maxh = p.cells[i].hlc > maxh ? p.cells[i].hlc : maxh;
	if (strcmp(p.sender, info.sender) != 0 || strcmp(p.recipient, info.recipient) != 0 ||
	    p.max_hlc != info.max_hlc || maxh > p.max_hlc) {
		st = session_fail(s, KP_ERR_INVALID, _("the file's content does not match its header"));
		goto out_payload;
	}
	res->rows = (long)p.nrows;
	res->max_hlc = p.max_hlc;
	res->cells = (long)p.ncells;
	res->conflicts = (long)p.nconflicts;
	if (!(flags & SYNC_IMPORT_ACCEPT_FUTURE) &&
	    (int64_t)(p.max_hlc >> 16) > sync_store_now_ms(s->db) + SYNC_FUTURE_MS) {
		time_t t = (time_t)((p.max_hlc >> 16) / 1000);
		struct tm tm;
		char when[32];

		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		res->held = true;
		st = session_fail(s, KP_ERR_STATE,
				  _("the file is dated %s, more than an hour ahead of this computer's clock; "
				    "it was not applied and is kept as it is: import it again when the clock "
				    "is right, or with --accept-future"), when);
		goto out_payload;
	}
	for (size_t i = 0; i < p.nacks; i++)
		if (strcmp(p.acks[i].site, self.site) == 0)
			peer_has = p.acks[i].have;
	if (!sync_store_import_begin(s->db)) {
		st = session_db_fail(s, _("cannot start the import"));
		goto out_payload;
	}
	int seen = sync_store_file_seen(s->db, info.file_id);
	if (seen != 0) {
		sync_store_import_abort(s->db);
		if (seen < 0)
			st = session_db_fail(s, _("cannot read the files applied"));
		res->already = seen > 0;
		goto out_payload;
	}
	before = sync_store_conflict_count(s->db);
	if ((st = erasures_before(s, &p, &todo, &ntodo)) != KP_OK) {
		sync_store_import_abort(s->db);
		goto out_payload;
	}
	ok = merge_by_row(s, &p, res);
	for (size_t i = 0; ok && i < p.nconflicts; i++)
		ok = sync_store_merge_conflict(s->db, &p.conflicts[i]);
	ok = ok && sync_store_observe(s->db, p.max_hlc) &&
	     sync_store_materialize(s->db, &res->written, &res->deleted, &res->refused) &&
	     sync_store_raise_seq(s->db, peer_has);
	if (ok) {
		long again = 0;

		if ((st = erasures_after(s, todo, ntodo, &res->erasures)) != KP_OK ||
		    (st = enforce_erasures(s, ntodo > 0, &again)) != KP_OK) {
			sync_store_import_abort(s->db);
			goto out_payload;
		}
		res->erasures += again;
		/* rows written for a company another site merged away meanwhile;
		 * and two sites that each deactivated another administrator
		 * offline would leave none: the first by id stays */
		int moved = 0, revived = 0;
		if ((st = integrity_redirect(s, &moved)) != KP_OK ||
		    (st = user_keep_an_admin_after_merge(s, &revived)) != KP_OK ||
		    (moved + revived > 0 && !sync_store_flush_local(s->db) &&
		     (st = session_db_fail(s, _("cannot record the local changes"))) != KP_OK)) {
			sync_store_import_abort(s->db);
			goto out_payload;
		}
		res->redirected = moved;
		if (p.handover && (st = receive_handover(s, &p, &self, &res->handed_over)) != KP_OK) {
			sync_store_import_abort(s->db);
			goto out_payload;
		}
	}
	if (ok) {
		res->changes = (long)sync_store_import_changes(s->db);
		res->new_conflicts = sync_store_conflict_count(s->db) - before;
		clock_timestamp(at);
		ok = sync_store_import_finish(s->db, info.file_id, info.sender, p.lo, p.hi, peer_has,
					      res->changes, at);
	}
	if (!ok) {
		st = session_db_fail(s, _("the import failed and changed nothing"));
		sync_store_import_abort(s->db);
	} else if (res->erasures > 0) {
		/* nothing erased may survive in free pages, the WAL or the index */
		res->compacted = gdpr_store_compact(s->db);
	}
out_payload:
	erasures_free(todo, ntodo);
	sync_payload_free(&p);
out_plain:
	if (plain)
		sodium_memzero(plain, plen);
	free(plain);
out_self:
	sync_identity_finish(&self);
	return st;
}

/* Files the user names are opened with the user's own group (src/shared.h). */
static int open_as_user(const char *path, int flags, mode_t mode)
{
	int fd;

	shared_as_user();
	fd = open(path, flags, mode);
	shared_as_program();
	return fd;
}

enum kp_status sync_read_all(struct session *s, const char *path, unsigned char **buf, size_t *len)
{
	int fd = open_as_user(path, O_RDONLY | O_CLOEXEC, 0);
	struct stat sb;
	size_t off = 0;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return session_fail(s, KP_ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return session_fail(s, KP_ERR_IO, _("%s is not a regular file"), path);
	}
	if ((uint64_t)sb.st_size > SYNC_MAX_FILE) {
		close(fd);
		return session_fail(s, KP_ERR_INVALID, _("%s is too large to be a sync file"), path);
	}
	*buf = xmalloc((size_t)sb.st_size + 1);
	while (off < (size_t)sb.st_size) {
		ssize_t n = read(fd, *buf + off, (size_t)sb.st_size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	*len = off;
	return KP_OK;
}

enum kp_status sync_write_private(struct session *s, const char *path, const unsigned char *buf, size_t len)
{
	char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	int fd = open_as_user(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t off = 0;

	if (fd < 0) {
		enum kp_status st = session_fail(s, KP_ERR_IO, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return st;
	}
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	shared_as_user();
	bool renamed = off == len && fsync(fd) == 0;
	renamed = close(fd) == 0 && renamed;
	renamed = renamed && rename(tmp, path) == 0;
	shared_as_program();
	if (!renamed) {
		enum kp_status st = session_fail(s, KP_ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return st;
	}
	free(tmp);
	return KP_OK;
}

enum kp_status sync_export_file(struct session *s, const char *peer, bool full, const char *path,
				struct sync_export_result *res)
{
	unsigned char *buf;
	size_t len;
	enum kp_status st = sync_export_mem(s, peer, full, NULL, 0, &buf, &len, res);

	if (st != KP_OK)
		return st;
	st = sync_write_private(s, path, buf, len);
	free(buf);
	return st;
}

enum kp_status sync_handover_file(struct session *s, const char *case_id, const char *peer, const char *path,
				  struct sync_export_result *res)
{
	unsigned char *buf;
	size_t len;
	enum kp_status st = sync_handover_mem(s, case_id, peer, &buf, &len, res);

	if (st != KP_OK)
		return st;
	st = sync_write_private(s, path, buf, len);
	free(buf);
	return st;
}

enum kp_status sync_import_file(struct session *s, const char *path, int flags, struct sync_import_result *res)
{
	unsigned char *buf;
	size_t len;
	enum kp_status st = sync_read_all(s, path, &buf, &len);

	memset(res, 0, sizeof *res);
	if (st != KP_OK)
		return st;
	st = sync_import_mem(s, buf, len, flags, res);
	free(buf);
	return st;
}

/* --- digest ---------------------------------------------------------------- */

struct hasher {
	crypto_generichash_state h;
	struct strbuf b;
};

static void hflush(struct hasher *x)
{
	crypto_generichash_update(&x->h, (const unsigned char *)x->b.buf, x->b.len);
	strbuf_reset(&x->b);
}

static bool h_field(void *arg, const char *tbl, const char *id, const char *col, const struct sync_value *v)
{
	struct hasher *x = arg;

	sync_put_str(&x->b, tbl);
	sync_put_str(&x->b, id);
	sync_put_str(&x->b, col);
	sync_put_value(&x->b, v);
	if (x->b.len > 65536)
		hflush(x);
	return true;
}

static bool h_row(void *arg, const struct sync_rec_row *r)
{
	struct hasher *x = arg;

	sync_put_row(&x->b, r);
	if (x->b.len > 65536)
		hflush(x);
	return true;
}

static bool h_cell(void *arg, const struct sync_rec_cell *c)
{
	struct hasher *x = arg;

	sync_put_cell(&x->b, c);
	if (x->b.len > 65536)
		hflush(x);
	return true;
}

static bool h_conflict(void *arg, const struct sync_rec_conflict *c)
{
	struct hasher *x = arg;

	sync_put_conflict(&x->b, c);
	if (x->b.len > 65536)
		hflush(x);
	return true;
}

static void hfinish(struct hasher *x, char out[33])
{
	unsigned char d[16];

	hflush(x);
	crypto_generichash_final(&x->h, d, sizeof d);
	sodium_bin2hex(out, 33, d, sizeof d);
	strbuf_finish(&x->b);
}

enum kp_status sync_digest(struct session *s, char data[33], char meta[33])
{
	struct hasher x;
	bool ok;

	if (sodium_init() < 0)
		return session_fail(s, KP_ERR_IO, _("cannot initialise the cryptography library"));
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!sync_store_flush_local(s->db)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot record the local changes"));
	}
	crypto_generichash_init(&x.h, NULL, 0, 16);
	strbuf_init(&x.b);
	ok = sync_store_each_base(s->db, h_field, &x);
	hfinish(&x, data);
	crypto_generichash_init(&x.h, NULL, 0, 16);
	strbuf_init(&x.b);
	ok = ok && sync_store_each_row(s->db, 0, true, h_row, &x);
	sync_put_u8(&x.b, 0xff);
	ok = ok && sync_store_each_cell(s->db, 0, true, h_cell, &x);
	sync_put_u8(&x.b, 0xff);
	ok = ok && sync_store_each_conflict(s->db, 0, true, h_conflict, &x);
	hfinish(&x, meta);
	if (!ok) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot read the synced data"));
	}
	if (!db_commit(s->db))      /* keeps the stamps of the flush */
		ok = false;
	if (!ok)
		return session_db_fail(s, _("cannot read the synced data"));
	return KP_OK;
}
