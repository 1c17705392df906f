/* Audit entries for the acting user and terminal: the hash chain, the
 * encrypted personal part, verification and erasure. */
#include "src/audit.h"
#include "db/db.h"
#include "src/access.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SETTING_ORIGIN "audit_origin"
#define SETTING_HEAD "audit_head"

static void hash_field(crypto_hash_sha256_state *h, const void *data, size_t len)
{
	unsigned char n[8];

	for (int i = 0; i < 8; i++)
		n[i] = (unsigned char)((uint64_t)len >> (8 * i));
	crypto_hash_sha256_update(h, n, sizeof n);
	if (len)
		crypto_hash_sha256_update(h, data, len);
}

static void hash_str(crypto_hash_sha256_state *h, const char *s)
{
	hash_field(h, s ? s : "", s ? strlen(s) : 0);
}

void audit_entry_hash(const struct audit_entry *e, char out[AUDIT_HASH_LEN])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char seq[32];

	if (sodium_init() < 0)
		die("libsodium cannot start");
	snprintf(seq, sizeof seq, "%lld", e->seq);
	crypto_hash_sha256_init(&h);
	hash_str(&h, e->origin);
	hash_str(&h, seq);
	hash_str(&h, e->prev_hash);
	hash_str(&h, e->id);
	hash_str(&h, e->at);
	hash_str(&h, e->user_id);
	hash_str(&h, e->terminal);
	hash_str(&h, e->action);
	hash_str(&h, e->tbl);
	hash_str(&h, e->row_id);
	hash_str(&h, e->detail);
	hash_str(&h, e->key_subject);
	hash_field(&h, e->secret, e->secret ? e->secret_len : 0);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, AUDIT_HASH_LEN, digest, sizeof digest);
}

/* This database's origin in the chain: made once, kept in the settings. */
static char *local_origin(struct db *db)
{
	char *o = db_setting_get(db, SETTING_ORIGIN);
	char id[UUID_STR_LEN];

	if (o && *o)
		return o;
	free(o);
	uuid_generate(id);
	if (!db_setting_set(db, SETTING_ORIGIN, id))
		return NULL;
	return xstrdup(id);
}

/* Encrypts text under subject's key (made if missing): nonce || box. */
static bool seal(struct db *db, const char *subject, const char *text, const char *at,
		 unsigned char **out, size_t *outlen)
{
	unsigned char key[AUDIT_KEY_BYTES];
	size_t len = strlen(text);
	int found = audit_key_get(db, subject, key);

	if (found < 0)
		return false;
	if (found == 0) {
		crypto_secretbox_keygen(key);
		if (!audit_key_put(db, subject, key, at)) {
			sodium_memzero(key, sizeof key);
			return false;
		}
	}
	*outlen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	*out = xmalloc(*outlen);
	randombytes_buf(*out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(*out + crypto_secretbox_NONCEBYTES, (const unsigned char *)text, len,
			      *out, key);
	sodium_memzero(key, sizeof key);
	return true;
}

static bool append(struct session *s, struct audit_entry *e, const char *private_text)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN], prev[AUDIT_HASH_LEN] = "", hash[AUDIT_HASH_LEN];
	char head[128], *keyname = NULL;
	long long last = 0;
	bool ok = false;

	/* a search noted before this entry goes first, keeping the order */
	if (s->pending_search && !audit_flush_search(s))
		return false;

	if (sodium_init() < 0)
		die("libsodium cannot start");
	uuid_generate(id);
	clock_timestamp(at);
	if (!db_begin(s->db))
		goto fail;
	e->origin = local_origin(s->db);
	if (!e->origin || audit_store_last(s->db, e->origin, &last, prev) < 0)
		goto rollback;
	e->id = id;
	e->at = at;
	e->user_id = s->user.id;
	e->terminal = s->terminal;
	e->seq = last + 1;
	e->prev_hash = prev;
	if (private_text) {
		/* a subject's key is this site's own ("subject/origin"): two sites
		 * that each make one for a subject before they sync keep both,
		 * where one shared name would let the merge keep one key and leave
		 * the other site's entries unreadable */
		if (!e->key_subject || !*e->key_subject)
			e->key_subject = id;
		else
			e->key_subject = keyname = xasprintf("%s/%s", e->key_subject, e->origin);
		if (!seal(s->db, e->key_subject, private_text, at, &e->secret, &e->secret_len))
			goto rollback;
	}
	audit_entry_hash(e, hash);
	e->hash = hash;
	snprintf(head, sizeof head, "%lld %s", e->seq, hash);
	if (!audit_store_append(s->db, e) || !db_setting_set(s->db, SETTING_HEAD, head))
		goto rollback;
	ok = db_commit(s->db);
	goto done;
rollback:
	db_rollback(s->db);
done:
	free(e->origin);
	free(e->secret);
	free(keyname);
	if (ok)
		return true;
fail:
	session_db_fail(s, _("cannot write the audit trail"));
	return false;
}

static bool continues(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return strncmp(a, b, la < lb ? la : lb) == 0;
}

void audit_note_search(struct session *s, const char *query, int rows)
{
	if (!query || !*query)
		return;
	if (s->pending_search && !continues(s->pending_search, query))
		audit_flush_search(s);
	free(s->pending_search);
	s->pending_search = xstrdup(query);
	s->pending_rows = rows;
}

bool audit_flush_search(struct session *s)
{
	char *text = s->pending_search;
	bool ok;

	if (!text)
		return true;
	s->pending_search = NULL;   /* taken first: the entry below must not flush again */
	ok = audit_record_private(s, "search", "company", "", NULL, text, "rows=%d", s->pending_rows);
	free(text);
	return ok;
}

__attribute__((format(printf, 1, 0)))
static char *format_detail(const char *fmt, va_list ap)
{
	char *detail = NULL;

	if (fmt && vasprintf(&detail, fmt, ap) < 0)
		die("out of memory");
	return detail;
}

bool audit_record(struct session *s, const char *action, const char *tbl,
		  const char *row_id, const char *detail_fmt, ...)
{
	va_list ap;

	va_start(ap, detail_fmt);
	char *detail = format_detail(detail_fmt, ap);
	va_end(ap);
	struct audit_entry e = { .action = (char *)action, .tbl = (char *)tbl,
				 .row_id = (char *)row_id, .detail = detail };
	bool ok = append(s, &e, NULL);
	free(detail);
	return ok;
}

bool audit_record_private(struct session *s, const char *action, const char *tbl,
			  const char *row_id, const char *subject, const char *private_text,
			  const char *detail_fmt, ...)
{
	va_list ap;

	va_start(ap, detail_fmt);
	char *detail = format_detail(detail_fmt, ap);
	va_end(ap);
	struct audit_entry e = { .action = (char *)action, .tbl = (char *)tbl,
				 .row_id = (char *)row_id, .detail = detail,
				 .key_subject = (char *)subject };
	bool ok = append(s, &e, private_text ? private_text : "");
	free(detail);
	return ok;
}

static char *open_secret(struct db *db, const struct audit_entry *e, bool *erased)
{
	unsigned char key[AUDIT_KEY_BYTES];
	size_t hdr = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;

	*erased = false;
	if (!e->secret || e->secret_len < hdr || !e->key_subject || !*e->key_subject)
		return NULL;
	if (audit_key_get(db, e->key_subject, key) != 1) {
		*erased = true;
		return NULL;
	}
	size_t len = e->secret_len - hdr;
	char *text = xmalloc(len + 1);
	if (crypto_secretbox_open_easy((unsigned char *)text, e->secret + crypto_secretbox_NONCEBYTES,
				       e->secret_len - crypto_secretbox_NONCEBYTES, e->secret, key) != 0) {
		free(text);
		text = NULL;
	} else {
		text[len] = '\0';
	}
	sodium_memzero(key, sizeof key);
	return text;
}

char *audit_reveal(struct session *s, const struct audit_entry *e, bool *erased)
{
	bool dummy;

	return open_secret(s->db, e, erased ? erased : &dummy);
}

struct verify_state {
	struct session *s;
	void (*report)(void *ctx, const char *line);
	void *ctx;
	int problems;
	char *origin;
	long long expect;
	long long last_seq;
	char prev[AUDIT_HASH_LEN];
	char local_last[AUDIT_HASH_LEN];
	long long local_seq;
	const char *local;
};

static void problem(struct verify_state *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct verify_state *v, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	v->problems++;
	v->report(v->ctx, line);
}

static bool verify_one(void *ctx, const struct audit_entry *e)
{
	struct verify_state *v = ctx;
	char hash[AUDIT_HASH_LEN];

	if (!*e->origin || e->seq <= 0) {
		problem(v, _("entry %s is outside the chain (inserted)"), e->id);
		return true;
	}
	if (!v->origin || strcmp(v->origin, e->origin) != 0) {
		free(v->origin);
		v->origin = xstrdup(e->origin);
		v->expect = 1;
		v->last_seq = 0;
		v->prev[0] = '\0';
	}
	audit_entry_hash(e, hash);
	if (e->seq == v->last_seq)
		problem(v, _("entry %s repeats position %lld of site %.8s (inserted)"), e->id, e->seq, e->origin);
	else if (e->seq > v->expect)
		problem(v, _("position %lld to %lld of site %.8s are missing (removed)"), v->expect,
			e->seq - 1, e->origin);
	else if (strcmp(hash, e->hash) != 0)
		problem(v, _("entry %s at position %lld of site %.8s was changed"), e->id, e->seq, e->origin);
	else if (strcmp(e->prev_hash, v->prev) != 0)
		problem(v, _("entry %s at position %lld of site %.8s does not follow the one before "
			     "(inserted or reordered)"), e->id, e->seq, e->origin);
	v->expect = e->seq + 1;
	v->last_seq = e->seq;
	snprintf(v->prev, sizeof v->prev, "%s", e->hash);
	if (v->local && strcmp(e->origin, v->local) == 0) {
		v->local_seq = e->seq;
		snprintf(v->local_last, sizeof v->local_last, "%s", e->hash);
	}
	return true;
}

static void verify_head(struct verify_state *v)
{
	char *head = db_setting_get(v->s->db, SETTING_HEAD);
	long long seq = 0;
	char hash[AUDIT_HASH_LEN] = "";

	if (!head || sscanf(head, "%lld %64s", &seq, hash) != 2) {
		if (v->local_seq > 0)
			problem(v, _("the record of the newest entry is missing"));
		free(head);
		return;
	}
	if (v->local_seq < seq)
		problem(v, _("the newest entries after position %lld are missing (removed)"), v->local_seq);
	else if (v->local_seq > seq)
		problem(v, _("entries after position %lld were added outside knudepunkt (inserted)"), seq);
	else if (strcmp(hash, v->local_last) != 0)
		problem(v, _("the newest entry (position %lld) was changed"), seq);
	free(head);
}

enum kp_status audit_verify(struct session *s, void (*report)(void *ctx, const char *line),
			    void *ctx, int *problems)
{
	enum kp_status st = access_require(s, ACT_AUDIT_READ);
	struct verify_state v = { .s = s, .report = report, .ctx = ctx };

	*problems = 0;
	if (st != KP_OK)
		return st;
	char *local = db_setting_get(s->db, SETTING_ORIGIN);
	v.local = local;
	bool ok = audit_store_each(s->db, verify_one, &v);
	if (ok)
		verify_head(&v);
	free(v.origin);
	free(local);
	if (!ok)
		return session_db_fail(s, _("cannot read the audit trail"));
	*problems = v.problems;
	return KP_OK;
}

enum kp_status audit_list(struct session *s, const struct audit_filter *f,
			  struct audit_entry **out, int *n)
{
	enum kp_status st = access_require(s, ACT_AUDIT_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	/* a supervisor reads the trail of the own house only (or of the
	 * locations set for it); an admin all of it */
	struct audit_filter scoped = *f;

	if (access_role_parse(s->user.role) != ROLE_ADMIN)
		scoped.house = s->user.house ? s->user.house : "";
	/* with a location scope: the entries of users of those locations, and
	 * the supervisor's own */
	scoped.locations = access_role_parse(s->user.role) != ROLE_ADMIN && access_user_scoped(&s->user)
		? s->user.scope : NULL;
	scoped.self_id = scoped.locations ? s->user.id : NULL;
	int got = audit_store_query(s->db, &scoped, out);
	if (got < 0)
		return session_db_fail(s, _("cannot read the audit trail"));
	*n = got;
	if (!audit_record(s, "audit.read", "audit", f->row_id ? f->row_id : "",
			  "user=%s action=%s from=%s to=%s rows=%d", f->user_id ? f->user_id : "",
			  f->action_prefix ? f->action_prefix : "", f->from ? f->from : "",
			  f->to ? f->to : "", got)) {
		audit_list_free(*out, got);
		*out = NULL;
		*n = 0;
		return KP_ERR_DB;
	}
	return KP_OK;
}

/* Does text (a search, a before/after value) point at the person named by
 * needle? It does if it contains the needle, is part of it (a search for
 * the surname), or contains one of its words of 4 or more letters. Errs
 * on the side of erasing. */
static bool names_match(const char *text, const char *needle)
{
	if (strcasestr(text, needle) || (strlen(text) >= 3 && strcasestr(needle, text)))
		return true;
	char *words = xstrdup(needle), *save = NULL;
	bool hit = false;
	for (char *w = strtok_r(words, " \t,.-", &save); w && !hit; w = strtok_r(NULL, " \t,.-", &save))
		hit = strlen(w) >= 4 && strcasestr(text, w);
	free(words);
	return hit;
}

struct erase_state {
	struct db *db;
	const char *const *needles;
	char **subjects;
	int n, cap;
};

static bool erase_scan(void *ctx, const struct audit_entry *e)
{
	struct erase_state *es = ctx;
	bool erased;
	char *text = open_secret(es->db, e, &erased);

	if (!text)
		return true;
	for (const char *const *n = es->needles; n && *n; n++) {
		if (**n && names_match(text, *n)) {
			if (es->n == es->cap) {
				es->cap = es->cap ? es->cap * 2 : 8;
				es->subjects = xrealloc(es->subjects, (size_t)es->cap * sizeof *es->subjects);
			}
			es->subjects[es->n++] = xstrdup(e->key_subject);
			break;
		}
	}
	sodium_memzero(text, strlen(text));
	free(text);
	return true;
}

bool audit_erase_subject(struct session *s, const char *subject, const char *const *needles,
			 int *erased)
{
	unsigned char key[AUDIT_KEY_BYTES];
	struct erase_state es = { .db = s->db, .needles = needles };
	bool ok = true;

	*erased = 0;
	if (subject && *subject) {
		/* the subject's keys of every site ("subject/origin"), and the
		 * key of the subject's own name written before keys were per site */
		int found = audit_key_delete_subject(s->db, subject);

		if (found < 0)
			return session_db_fail(s, _("cannot erase audit keys")), false;
		*erased += found;
	}
	if (needles && !audit_store_each(s->db, erase_scan, &es))
		ok = false;
	for (int i = 0; i < es.n; i++) {
		if (ok && audit_key_get(s->db, es.subjects[i], key) == 1) {
			ok = audit_key_delete(s->db, es.subjects[i]);
			*erased += ok;
		}
		free(es.subjects[i]);
	}
	sodium_memzero(key, sizeof key);
	free(es.subjects);
	if (!ok)
		session_db_fail(s, _("cannot erase audit keys"));
	return ok;
}
