/* The sync payload: encoding, and a parser that trusts nothing (it runs
 * after the envelope is authenticated, but a peer's bug or a stolen key
 * must still not crash us or write nonsense). Every length is checked
 * against what remains; strings carry their NUL so records can point into
 * the buffer. Layout: doc/sync-format.md, "Payload". */
#include "src/sync.h"
#include "src/strbuf.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char payload_magic[4] = { 'K', 'P', 'P', 'L' };

#define MAX_ID 128
#define MAX_VALUE (64u << 20)
#define MAX_CTX (4096u * SYNC_CTX_ENTRY)
#define MAX_CL (INT64_C(1) << 62)
#define MAX_HLC ((uint64_t)INT64_MAX)

void sync_put_u8(struct strbuf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	strbuf_add(b, &c, 1);
}

void sync_put_u32(struct strbuf *b, uint32_t v)
{
	unsigned char p[4];

	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(b, p, 4);
}

void sync_put_u64(struct strbuf *b, uint64_t v)
{
	unsigned char p[8];

	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(b, p, 8);
}

void sync_put_str(struct strbuf *b, const char *s)
{
	size_t n = strlen(s) + 1;

	sync_put_u32(b, (uint32_t)n);
	strbuf_add(b, s, n);
}

void sync_put_bytes(struct strbuf *b, const unsigned char *p, size_t n)
{
	sync_put_u32(b, (uint32_t)n);
	if (n)
		strbuf_add(b, p, n);
}

void sync_put_value(struct strbuf *b, const struct sync_value *v)
{
	uint64_t bits;

	sync_put_u8(b, (unsigned)v->type);
	switch (v->type) {
	case SYNC_V_INT: sync_put_u64(b, (uint64_t)v->i); break;
	case SYNC_V_REAL:
		memcpy(&bits, &v->r, sizeof bits);
		sync_put_u64(b, bits);
		break;
	case SYNC_V_TEXT:
	case SYNC_V_BLOB: sync_put_bytes(b, v->p, v->n); break;
	default: break;
	}
}

void sync_put_row(struct strbuf *b, const struct sync_rec_row *r)
{
	sync_put_str(b, r->tbl);
	sync_put_str(b, r->id);
	sync_put_u64(b, (uint64_t)r->cl);
	sync_put_u64(b, r->hlc);
	sync_put_str(b, r->site);
	sync_put_bytes(b, r->ctx, r->ctxlen);
}

void sync_put_cell(struct strbuf *b, const struct sync_rec_cell *c)
{
	sync_put_str(b, c->tbl);
	sync_put_str(b, c->id);
	sync_put_str(b, c->col);
	sync_put_u64(b, (uint64_t)c->cl);
	sync_put_u64(b, c->hlc);
	sync_put_str(b, c->site);
	sync_put_bytes(b, c->ctx, c->ctxlen);
	sync_put_value(b, &c->val);
}

void sync_put_conflict(struct strbuf *b, const struct sync_rec_conflict *c)
{
	sync_put_str(b, c->tbl);
	sync_put_str(b, c->id);
	sync_put_str(b, c->col);
	sync_put_u64(b, c->loser_hlc);
	sync_put_str(b, c->loser_site);
	sync_put_u64(b, c->winner_hlc);
	sync_put_str(b, c->winner_site);
	sync_put_u8(b, (unsigned)c->kind);
	sync_put_value(b, &c->val);
}

bool sync_ctx_valid(const unsigned char *ctx, size_t len)
{
	char prev[SYNC_SITE_LEN] = "";

	if (len % SYNC_CTX_ENTRY != 0)
		return false;
	for (size_t off = 0; off < len; off += SYNC_CTX_ENTRY) {
		char site[SYNC_SITE_LEN];

		memcpy(site, ctx + off, 36);
		site[36] = '\0';
		if (!uuid_is_valid(site) || strcmp(site, prev) <= 0)
			return false;
		memcpy(prev, site, sizeof prev);
	}
	return true;
}

/* ------------------------------------------------------------------------ */

struct rd {
	const unsigned char *p;
	size_t len, off;
	char *err;
	size_t errlen;
	bool bad;
};

static bool fail(struct rd *r, const char *what)
{
	if (!r->bad)
		snprintf(r->err, r->errlen, "damaged payload at byte %zu: %s", r->off, what);
	r->bad = true;
	return false;
}

static bool need(struct rd *r, size_t n)
{
	if (r->bad)
		return false;
	if (n > r->len - r->off)
		return fail(r, "truncated");
	return true;
}

static bool get_u8(struct rd *r, unsigned *v)
{
	if (!need(r, 1))
		return false;
	*v = r->p[r->off++];
	return true;
}

static bool get_u32(struct rd *r, uint32_t *v)
{
	if (!need(r, 4))
		return false;
	*v = 0;
	for (int i = 3; i >= 0; i--)
		*v = *v << 8 | r->p[r->off + (size_t)i];
	r->off += 4;
	return true;
}

static bool get_u64(struct rd *r, uint64_t *v)
{
	if (!need(r, 8))
		return false;
	*v = 0;
	for (int i = 7; i >= 0; i--)
		*v = *v << 8 | r->p[r->off + (size_t)i];
	r->off += 8;
	return true;
}

/* A NUL-terminated string of at most max bytes (without the NUL). */
static bool get_str(struct rd *r, size_t max, const char **s)
{
	uint32_t n;

	if (!get_u32(r, &n))
		return false;
	if (n == 0 || n - 1 > max)
		return fail(r, "string length out of range");
	if (!need(r, n))
		return false;
	const char *p = (const char *)r->p + r->off;
	if (p[n - 1] != '\0' || memchr(p, '\0', n - 1) != NULL)
		return fail(r, "string not terminated");
	*s = p;
	r->off += n;
	return true;
}

static bool get_bytes(struct rd *r, size_t max, const unsigned char **p, size_t *n)
{
	uint32_t len;

	if (!get_u32(r, &len))
		return false;
	if (len > max)
		return fail(r, "length out of range");
	if (!need(r, len))
		return false;
	*p = r->p + r->off;
	*n = len;
	r->off += len;
	return true;
}

static bool ident(struct rd *r, const char **s)
{
	if (!get_str(r, 63, s))
		return false;
	const char *t = *s;
	if (!*t)
		return fail(r, "empty name");
	for (size_t i = 0; t[i]; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_' || (i > 0 && t[i] >= '0' && t[i] <= '9')))
			return fail(r, "bad table or column name");
	return true;
}

static bool row_id(struct rd *r, const char **s)
{
	if (!get_str(r, MAX_ID, s))
		return false;
	if (!**s)
		return fail(r, "empty id");
	for (const char *t = *s; *t; t++)
		if (*t < 0x21 || *t > 0x7e)
			return fail(r, "bad id");
	return true;
}

static bool site(struct rd *r, bool may_be_empty, const char **s)
{
	if (!get_str(r, 36, s))
		return false;
	if ((**s == '\0' && may_be_empty) || uuid_is_valid(*s))
		return true;
	return fail(r, "bad site id");
}

static bool hlc(struct rd *r, uint64_t *h)
{
	if (!get_u64(r, h))
		return false;
	if (*h > MAX_HLC)
		return fail(r, "clock value out of range");
	return true;
}

static bool cl(struct rd *r, int64_t *out)
{
	uint64_t v;

	if (!get_u64(r, &v))
		return false;
	if (v == 0 || v > (uint64_t)MAX_CL)
		return fail(r, "causal length out of range");
	*out = (int64_t)v;
	return true;
}

static bool ctx(struct rd *r, const unsigned char **p, size_t *n)
{
	if (!get_bytes(r, MAX_CTX, p, n))
		return false;
	if (!sync_ctx_valid(*p, *n))
		return fail(r, "bad causal context");
	return true;
}

static bool value(struct rd *r, struct sync_value *v)
{
	unsigned t;
	uint64_t bits;

	*v = (struct sync_value){ 0 };
	if (!get_u8(r, &t))
		return false;
	v->type = (int)t;
	switch (t) {
	case SYNC_V_NULL: return true;
	case SYNC_V_INT:
		if (!get_u64(r, &bits))
			return false;
		v->i = (int64_t)bits;
		return true;
	case SYNC_V_REAL:
		if (!get_u64(r, &bits))
			return false;
		memcpy(&v->r, &bits, sizeof bits);
		return true;
	case SYNC_V_TEXT:
	case SYNC_V_BLOB: return get_bytes(r, MAX_VALUE, &v->p, &v->n);
	default: return fail(r, "unknown value type");
	}
}

/* count records of at least min_size bytes each */
static bool count(struct rd *r, size_t min_size, size_t *n)
{
	uint32_t c;

	if (!get_u32(r, &c))
		return false;
	if (c > (r->len - r->off) / min_size)
		return fail(r, "record count larger than the payload");
	*n = c;
	return true;
}

bool sync_payload_parse(const unsigned char *buf, size_t len, struct sync_payload *p, char *err, size_t errlen)
{
	struct rd r = { buf, len, 0, err, errlen, false };
	uint32_t version;
	unsigned full;
	uint64_t lo, hi;

	memset(p, 0, sizeof *p);
	if (!need(&r, 4) || memcmp(buf, payload_magic, 4) != 0) {
		fail(&r, "not a Knudepunkt payload");
		return false;
	}
	r.off = 4;
	if (!get_u32(&r, &version))
		return false;
	if (version != SYNC_PAYLOAD_VERSION) {
		snprintf(err, errlen, "payload version %u is not one this program knows (%d)", version,
			 SYNC_PAYLOAD_VERSION);
		return false;
	}
	if (!site(&r, false, &p->sender) || !site(&r, false, &p->recipient) || !get_u8(&r, &full) ||
	    !get_u64(&r, &lo) || !get_u64(&r, &hi) || !hlc(&r, &p->max_hlc))
		return false;
	if (full & ~(unsigned)(SYNC_FLAG_FULL | SYNC_FLAG_HANDOVER))
		return fail(&r, "bad flag");
	if (lo > hi || hi > (uint64_t)MAX_CL)
		return fail(&r, "bad range");
	p->full = full & SYNC_FLAG_FULL;
	p->handover = full & SYNC_FLAG_HANDOVER;
	p->lo = (int64_t)lo;
	p->hi = (int64_t)hi;

	if (!count(&r, 4 + 37 + 8, &p->nacks))
		goto bad;
	p->acks = xcalloc(p->nacks + 1, sizeof *p->acks);
	for (size_t i = 0; i < p->nacks; i++) {
		const char *s;
		uint64_t have;

		if (!site(&r, false, &s) || !get_u64(&r, &have))
			goto bad;
		if (have > (uint64_t)MAX_CL) {
			fail(&r, "acknowledgement out of range");
			goto bad;
		}
		snprintf(p->acks[i].site, sizeof p->acks[i].site, "%s", s);
		p->acks[i].have = (int64_t)have;
	}
	if (!count(&r, 2 * 5 + 16 + 4 + 4, &p->nrows))
		goto bad;
	p->rows = xcalloc(p->nrows + 1, sizeof *p->rows);
	for (size_t i = 0; i < p->nrows; i++) {
		struct sync_rec_row *x = &p->rows[i];

		if (!ident(&r, &x->tbl) || !row_id(&r, &x->id) || !cl(&r, &x->cl) || !hlc(&r, &x->hlc) ||
		    !site(&r, x->hlc == 0, &x->site) || !ctx(&r, &x->ctx, &x->ctxlen))
			goto bad;
		if ((x->site[0] == '\0') != (x->hlc == 0)) {
			fail(&r, "row version without a site");
			goto bad;
		}
	}
	if (!count(&r, 3 * 5 + 16 + 41 + 4 + 1, &p->ncells))
		goto bad;
	p->cells = xcalloc(p->ncells + 1, sizeof *p->cells);
	for (size_t i = 0; i < p->ncells; i++) {
		struct sync_rec_cell *x = &p->cells[i];

		if (!ident(&r, &x->tbl) || !row_id(&r, &x->id) || !ident(&r, &x->col) || !cl(&r, &x->cl) ||
		    !hlc(&r, &x->hlc) || !site(&r, false, &x->site) || !ctx(&r, &x->ctx, &x->ctxlen) ||
		    !value(&r, &x->val))
			goto bad;
		if (x->cl % 2 == 0 || x->hlc == 0) {
			fail(&r, "field version out of range");
			goto bad;
		}
	}
	if (!count(&r, 3 * 5 + 8 + 41 + 8 + 5 + 1 + 1, &p->nconflicts))
		goto bad;
	p->conflicts = xcalloc(p->nconflicts + 1, sizeof *p->conflicts);
	for (size_t i = 0; i < p->nconflicts; i++) {
		struct sync_rec_conflict *x = &p->conflicts[i];
		unsigned kind;

		if (!ident(&r, &x->tbl) || !row_id(&r, &x->id) || !ident(&r, &x->col) || !hlc(&r, &x->loser_hlc) ||
		    !site(&r, false, &x->loser_site) || !hlc(&r, &x->winner_hlc) ||
		    !site(&r, true, &x->winner_site) || !get_u8(&r, &kind) || !value(&r, &x->val))
			goto bad;
		if (kind != SYNC_CONFLICT_EDIT && kind != SYNC_CONFLICT_DELETE) {
			fail(&r, "unknown conflict kind");
			goto bad;
		}
		x->kind = (int)kind;
	}
	if (r.off != r.len) {
		fail(&r, "trailing bytes");
		goto bad;
	}
	return true;
bad:
	sync_payload_free(p);
	return false;
}

void sync_payload_free(struct sync_payload *p)
{
	free(p->acks);
	free(p->rows);
	free(p->cells);
	free(p->conflicts);
	memset(p, 0, sizeof *p);
}
