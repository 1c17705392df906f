/* The sync payload: the writer, and a parser that trusts nothing (it runs
 * after the envelope is authenticated, but a peer's bug or a stolen key
 * must still not crash us or write nonsense). Every length is checked
 * against what remains; strings carry their NUL so records can point into
 * the buffer. Layout: doc/sync-format.md, "Payload".
 *
 * Version 2 names tables, columns and sites once (a list every record
 * indexes) and groups a row's fields under one key, so a file of 100,000
 * fields is about a quarter of version 1's size: less to hash, encrypt,
 * decrypt and parse at both ends (make bench). The fixed-width sync_put_*
 * encoding of version 1 remains the digest's. */
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
#define MAX_CL (INT64_C(1) << 62)
#define MAX_HLC ((uint64_t)INT64_MAX)
#define MAX_CTX_N 4096
#define CTX_BLOCK (1u << 20)

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

/* A value; lengths of text and blobs as u32 (version 1, the digest) or
 * as a varint (version 2). */
static void put_value_as(struct strbuf *b, const struct sync_value *v, bool varint)
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
	case SYNC_V_BLOB:
		if (!varint) {
			sync_put_bytes(b, v->p, v->n);
			break;
		}
		strbuf_add_varint(b, v->n);
		if (v->n)
			strbuf_add(b, v->p, v->n);
		break;
	default: break;
	}
}

void sync_put_value(struct strbuf *b, const struct sync_value *v)
{
	put_value_as(b, v, false);
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
/* writer (version 2)                                                       */


/* varint length including the NUL, the bytes, the NUL */
static void put_vstr(struct strbuf *b, const char *s)
{
	size_t n = strlen(s) + 1;

	strbuf_add_varint(b, n);
	strbuf_add(b, s, n);
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

struct name_slot {
	char *s;
	uint64_t idx;
};

struct sync_writer {
	struct strbuf names, rows, cells, group, conflicts;
	uint64_t nnames, nrows, ngroups, nconflicts, gcells, gtbl;
	char *gid;                   /* the open group's key (NULL: none) */
	struct name_slot *slot;      /* open addressing over the names */
	size_t nslot;
	char *sender, *recipient;
	unsigned flags;
	int64_t lo, hi;
	struct sync_ack *acks;
	size_t nacks;
};

/* The index of a name, given one at its first use (the reader checks that
 * first uses come in order, so the encoding is canonical). */
static uint64_t name_index(struct sync_writer *w, const char *s)
{
	size_t i;

	if (w->nnames * 2 >= w->nslot) {
		size_t n = w->nslot ? w->nslot * 2 : 256;
		struct name_slot *t = xcalloc(n, sizeof *t);

		for (size_t k = 0; k < w->nslot; k++)
			if (w->slot[k].s) {
				for (i = name_hash(w->slot[k].s) & (n - 1); t[i].s; i = (i + 1) & (n - 1))
					;
				t[i] = w->slot[k];
			}
		free(w->slot);
		w->slot = t;
		w->nslot = n;
	}
	for (i = name_hash(s) & (w->nslot - 1); w->slot[i].s; i = (i + 1) & (w->nslot - 1))
		if (strcmp(w->slot[i].s, s) == 0)
			return w->slot[i].idx;
	w->slot[i].s = xstrdup(s);
	w->slot[i].idx = w->nnames++;
	put_vstr(&w->names, s);
	return w->slot[i].idx;
}

static void put_name(struct strbuf *b, struct sync_writer *w, const char *s)
{
	strbuf_add_varint(b, name_index(w, s));
}

static void put_ctx(struct strbuf *b, struct sync_writer *w, const unsigned char *ctx, size_t len)
{
	size_t n = len / SYNC_CTX_ENTRY;

	strbuf_add_varint(b, n);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *e = ctx + i * SYNC_CTX_ENTRY;
		char site[SYNC_SITE_LEN];
		uint64_t h = 0;

		memcpy(site, e, 36);
		site[36] = '\0';
		for (int k = 0; k < 8; k++)
			h = h << 8 | e[36 + k];
		put_name(b, w, site);
		sync_put_u64(b, h);
	}
}


struct sync_writer *sync_writer_new(const char *sender, const char *recipient, unsigned flags, int64_t lo,
				    int64_t hi, const struct sync_ack *acks, size_t nacks)
{
	struct sync_writer *w = xcalloc(1, sizeof *w);

	w->sender = xstrdup(sender);
	w->recipient = xstrdup(recipient);
	w->flags = flags;
	w->lo = lo;
	w->hi = hi;
	w->acks = xcalloc(nacks + 1, sizeof *w->acks);
	if (nacks)
		memcpy(w->acks, acks, nacks * sizeof *acks);
	w->nacks = nacks;
	return w;
}

void sync_writer_row(struct sync_writer *w, const struct sync_rec_row *r)
{
	if (w->ngroups || w->gid || w->nconflicts)
		die("sync_writer_row after fields or conflicts");
	put_name(&w->rows, w, r->tbl);
	put_vstr(&w->rows, r->id);
	strbuf_add_varint(&w->rows, (uint64_t)r->cl);
	sync_put_u64(&w->rows, r->hlc);
	put_name(&w->rows, w, r->site);
	put_ctx(&w->rows, w, r->ctx, r->ctxlen);
	w->nrows++;
}

static void group_close(struct sync_writer *w)
{
	if (!w->gid)
		return;
	strbuf_add_varint(&w->cells, w->gtbl);
	put_vstr(&w->cells, w->gid);
	strbuf_add_varint(&w->cells, w->gcells);
	strbuf_add(&w->cells, w->group.buf, w->group.len);
	strbuf_reset(&w->group);
	free(w->gid);
	w->gid = NULL;
	w->gcells = 0;
	w->ngroups++;
}

void sync_writer_cell(struct sync_writer *w, const struct sync_rec_cell *c)
{
	if (w->nconflicts)
		die("sync_writer_cell after conflicts");
	if (w->gid && (strcmp(w->gid, c->id) != 0 || name_index(w, c->tbl) != w->gtbl))
		group_close(w);
	if (!w->gid) {
		w->gtbl = name_index(w, c->tbl);     /* first, as the reader meets it */
		w->gid = xstrdup(c->id);
	}
	put_name(&w->group, w, c->col);
	strbuf_add_varint(&w->group, (uint64_t)c->cl);
	sync_put_u64(&w->group, c->hlc);
	put_name(&w->group, w, c->site);
	put_ctx(&w->group, w, c->ctx, c->ctxlen);
	put_value_as(&w->group, &c->val, true);
	w->gcells++;
}

void sync_writer_conflict(struct sync_writer *w, const struct sync_rec_conflict *c)
{
	group_close(w);
	put_name(&w->conflicts, w, c->tbl);
	put_vstr(&w->conflicts, c->id);
	put_name(&w->conflicts, w, c->col);
	sync_put_u64(&w->conflicts, c->loser_hlc);
	put_name(&w->conflicts, w, c->loser_site);
	sync_put_u64(&w->conflicts, c->winner_hlc);
	put_name(&w->conflicts, w, c->winner_site);
	sync_put_u8(&w->conflicts, (unsigned)c->kind);
	put_value_as(&w->conflicts, &c->val, true);
	w->nconflicts++;
}

unsigned char *sync_writer_finish(struct sync_writer *w, uint64_t max_hlc, size_t *len)
{
	struct strbuf b = STRBUF_INIT;

	group_close(w);
	const struct {
		uint64_t n;
		const struct strbuf *sb;
	} sect[] = { { w->nnames, &w->names }, { w->nrows, &w->rows }, { w->ngroups, &w->cells },
		     { w->nconflicts, &w->conflicts } };
	strbuf_add(&b, payload_magic, sizeof payload_magic);
	sync_put_u32(&b, SYNC_PAYLOAD_VERSION);
	sync_put_str(&b, w->sender);
	sync_put_str(&b, w->recipient);
	sync_put_u8(&b, w->flags);
	sync_put_u64(&b, (uint64_t)w->lo);
	sync_put_u64(&b, (uint64_t)w->hi);
	sync_put_u64(&b, max_hlc);
	sync_put_u32(&b, (uint32_t)w->nacks);
	for (size_t i = 0; i < w->nacks; i++) {
		sync_put_str(&b, w->acks[i].site);
		sync_put_u64(&b, (uint64_t)w->acks[i].have);
	}
	for (size_t i = 0; i < sizeof sect / sizeof sect[0]; i++) {
		strbuf_add_varint(&b, sect[i].n);
		if (sect[i].sb->len)
			strbuf_add(&b, sect[i].sb->buf, sect[i].sb->len);
	}
	*len = b.len;
	strbuf_finish(&w->names);
	strbuf_finish(&w->rows);
	strbuf_finish(&w->cells);
	strbuf_finish(&w->group);
	strbuf_finish(&w->conflicts);
	for (size_t i = 0; i < w->nslot; i++)
		free(w->slot[i].s);
	free(w->slot);
	free(w->sender);
	free(w->recipient);
	free(w->acks);
	free(w->gid);
	free(w);
	return (unsigned char *)strbuf_detach(&b);
}

/* ------------------------------------------------------------------------ */
/* reader                                                                    */

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

/* LEB128, shortest form only. */
static bool get_varint(struct rd *r, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 10; i++) {
		unsigned char c;

		if (!need(r, 1))
			return false;
		c = r->p[r->off++];
		if (i == 9 && c > 1)
			return fail(r, "number out of range");
		*v |= (uint64_t)(c & 0x7f) << (7 * i);
		if (!(c & 0x80))
			return c != 0 || i == 0 || fail(r, "number not in its shortest form");
	}
	return fail(r, "number out of range");
}

/* A string of at most max bytes (without the NUL), its length before it
 * (u32 in the header, varint in the records). */
static bool str_body(struct rd *r, uint64_t n, size_t max, const char **s)
{
	if (n == 0 || n - 1 > max)
		return fail(r, "string length out of range");
	if (!need(r, (size_t)n))
		return false;
	const char *p = (const char *)r->p + r->off;
	if (p[n - 1] != '\0' || memchr(p, '\0', (size_t)n - 1) != NULL)
		return fail(r, "string not terminated");
	*s = p;
	r->off += (size_t)n;
	return true;
}

static bool get_str(struct rd *r, size_t max, const char **s)
{
	uint32_t n;

	return get_u32(r, &n) && str_body(r, n, max, s);
}

static bool get_vstr(struct rd *r, size_t max, const char **s)
{
	uint64_t n;

	return get_varint(r, &n) && str_body(r, n, max, s);
}

static bool is_ident(const char *t)
{
	if (!*t)
		return false;
	for (size_t i = 0; t[i]; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_' || (i > 0 && t[i] >= '0' && t[i] <= '9')))
			return false;
	return true;
}

static bool site(struct rd *r, const char **s)
{
	if (!get_str(r, 36, s))
		return false;
	return uuid_is_valid(*s) || fail(r, "bad site id");
}

static bool row_id(struct rd *r, const char **s)
{
	if (!get_vstr(r, MAX_ID, s))
		return false;
	if (!**s)
		return fail(r, "empty id");
	for (const char *t = *s; *t; t++)
		if (*t < 0x21 || *t > 0x7e)
			return fail(r, "bad id");
	return true;
}

enum { NAME_IDENT = 1, NAME_SITE = 2, NAME_EMPTY = 4 };

struct names {
	size_t n, used;             /* used: names met so far (first uses in order) */
	const char **s;
	unsigned char *kind;
};

static bool name_ref(struct rd *r, struct names *nm, unsigned want, const char **s)
{
	uint64_t i;

	if (!get_varint(r, &i))
		return false;
	if (i >= nm->n || i > nm->used)
		return fail(r, "name index out of order or range");
	if (i == nm->used)
		nm->used++;
	if (!(nm->kind[i] & want))
		return fail(r, want & NAME_SITE ? "bad site id" : "bad table or column name");
	*s = nm->s[i];
	return true;
}

static bool read_names(struct rd *r, struct names *nm)
{
	uint64_t n;
	size_t nslot = 16;
	const char **slot;

	if (!get_varint(r, &n))
		return false;
	if (n > (r->len - r->off) / 2)
		return fail(r, "name count larger than the payload");
	nm->n = (size_t)n;
	nm->s = xcalloc(nm->n + 1, sizeof *nm->s);
	nm->kind = xcalloc(nm->n + 1, 1);
	while (nslot < 2 * nm->n)
		nslot *= 2;
	slot = xcalloc(nslot, sizeof *slot);
	for (size_t i = 0; i < nm->n; i++) {
		const char *s;
		size_t k;

		if (!get_vstr(r, 63, &s))
			break;
		for (k = name_hash(s) & (nslot - 1); slot[k]; k = (k + 1) & (nslot - 1))
			if (strcmp(slot[k], s) == 0) {
				fail(r, "a name listed twice");
				break;
			}
		if (r->bad)
			break;
		slot[k] = s;
		nm->s[i] = s;
		nm->kind[i] = (unsigned char)((is_ident(s) ? NAME_IDENT : 0) | (uuid_is_valid(s) ? NAME_SITE : 0) |
					      (*s ? 0 : NAME_EMPTY));
	}
	free(slot);
	return !r->bad;
}

static unsigned char *ctx_alloc(struct sync_payload *p, size_t n)
{
	struct sync_ctx_block *k = p->ctxmem;

	if (!k || k->cap - k->used < n) {
		size_t cap = n > CTX_BLOCK ? n : CTX_BLOCK;

		k = xmalloc(sizeof *k + cap);
		k->next = p->ctxmem;
		k->used = 0;
		k->cap = cap;
		p->ctxmem = k;
	}
	k->used += n;
	return k->b + k->used - n;
}

/* A context: its entries are written out in the SYNC_CTX_ENTRY form the
 * records carry. */
static bool ctx(struct rd *r, struct names *nm, struct sync_payload *p, const unsigned char **out, size_t *len)
{
	uint64_t n;
	unsigned char *d;

	if (!get_varint(r, &n))
		return false;
	if (n > MAX_CTX_N || n > (r->len - r->off) / 9)
		return fail(r, "bad causal context");
	d = ctx_alloc(p, (size_t)n * SYNC_CTX_ENTRY);
	for (size_t i = 0; i < n; i++) {
		const char *s;
		uint64_t h;

		if (!name_ref(r, nm, NAME_SITE, &s) || !get_u64(r, &h))
			return false;
		memcpy(d + i * SYNC_CTX_ENTRY, s, 36);
		for (int k = 7; k >= 0; k--) {
			d[i * SYNC_CTX_ENTRY + 36 + (size_t)k] = (unsigned char)(h & 0xff);
			h >>= 8;
		}
	}
	if (!sync_ctx_valid(d, (size_t)n * SYNC_CTX_ENTRY))
		return fail(r, "bad causal context");
	*out = d;
	*len = (size_t)n * SYNC_CTX_ENTRY;
	return true;
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

	if (!get_varint(r, &v))
		return false;
	if (v == 0 || v > (uint64_t)MAX_CL)
		return fail(r, "causal length out of range");
	*out = (int64_t)v;
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
	case SYNC_V_BLOB:
		if (!get_varint(r, &bits))
			return false;
		if (bits > MAX_VALUE)
			return fail(r, "length out of range");
		if (!need(r, (size_t)bits))
			return false;
		v->p = r->p + r->off;
		v->n = (size_t)bits;
		r->off += (size_t)bits;
		return true;
	default: return fail(r, "unknown value type");
	}
}

/* count records of at least min_size bytes each */
static bool count(struct rd *r, size_t min_size, size_t *n)
{
	uint64_t c;

	if (!get_varint(r, &c))
		return false;
	if (c > (r->len - r->off) / min_size)
		return fail(r, "record count larger than the payload");
	*n = (size_t)c;
	return true;
}

static bool parse_rows(struct rd *r, struct names *nm, struct sync_payload *p)
{
	if (!count(r, 14, &p->nrows))
		return false;
	p->rows = xcalloc(p->nrows + 1, sizeof *p->rows);
	for (size_t i = 0; i < p->nrows; i++) {
		struct sync_rec_row *x = &p->rows[i];

		if (!name_ref(r, nm, NAME_IDENT, &x->tbl) || !row_id(r, &x->id) || !cl(r, &x->cl) ||
		    !hlc(r, &x->hlc) || !name_ref(r, nm, x->hlc ? NAME_SITE : NAME_EMPTY, &x->site) ||
		    !ctx(r, nm, p, &x->ctx, &x->ctxlen))
			return false;
	}
	return true;
}

static bool parse_cells(struct rd *r, struct names *nm, struct sync_payload *p)
{
	size_t ngroups, cap = 0;
	const char *ptbl = NULL, *pid = NULL;

	if (!count(r, 3 + 13, &ngroups))
		return false;
	for (size_t g = 0; g < ngroups; g++) {
		const char *tbl, *id;
		size_t n;

		if (!name_ref(r, nm, NAME_IDENT, &tbl) || !row_id(r, &id) || !count(r, 13, &n))
			return false;
		if (n == 0)
			return fail(r, "a row without fields");
		if (ptbl && strcmp(ptbl, tbl) == 0 && strcmp(pid, id) == 0)
			return fail(r, "a row's fields split in two");
		ptbl = tbl;
		pid = id;
		if (p->ncells + n > cap) {
			cap = (p->ncells + n) * 2;
			p->cells = xrealloc(p->cells, (cap + 1) * sizeof *p->cells);
		}
		for (size_t i = 0; i < n; i++) {
			struct sync_rec_cell *x = &p->cells[p->ncells++];

			memset(x, 0, sizeof *x);
			x->tbl = tbl;
			x->id = id;
			if (!name_ref(r, nm, NAME_IDENT, &x->col) || !cl(r, &x->cl) || !hlc(r, &x->hlc) ||
			    !name_ref(r, nm, NAME_SITE, &x->site) || !ctx(r, nm, p, &x->ctx, &x->ctxlen) ||
			    !value(r, &x->val))
				return false;
			if (x->cl % 2 == 0 || x->hlc == 0)
				return fail(r, "field version out of range");
		}
	}
	if (!p->cells)
		p->cells = xcalloc(1, sizeof *p->cells);
	return true;
}

static bool parse_conflicts(struct rd *r, struct names *nm, struct sync_payload *p)
{
	if (!count(r, 1 + 2 + 1 + 8 + 1 + 8 + 1 + 1 + 1, &p->nconflicts))
		return false;
	p->conflicts = xcalloc(p->nconflicts + 1, sizeof *p->conflicts);
	for (size_t i = 0; i < p->nconflicts; i++) {
		struct sync_rec_conflict *x = &p->conflicts[i];
		unsigned kind;

		if (!name_ref(r, nm, NAME_IDENT, &x->tbl) || !row_id(r, &x->id) ||
		    !name_ref(r, nm, NAME_IDENT, &x->col) || !hlc(r, &x->loser_hlc) ||
		    !name_ref(r, nm, NAME_SITE, &x->loser_site) || !hlc(r, &x->winner_hlc) ||
		    !name_ref(r, nm, NAME_SITE | NAME_EMPTY, &x->winner_site) || !get_u8(r, &kind) ||
		    !value(r, &x->val))
			return false;
		if (kind != SYNC_CONFLICT_EDIT && kind != SYNC_CONFLICT_DELETE)
			return fail(r, "unknown conflict kind");
		x->kind = (int)kind;
	}
	return true;
}

long sync_payload_version(const unsigned char *buf, size_t len)
{
	if (len < 8 || memcmp(buf, payload_magic, 4) != 0)
		return -1;
	return (long)((uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 | (uint32_t)buf[7] << 24);
}

bool sync_payload_parse(const unsigned char *buf, size_t len, struct sync_payload *p, char *err, size_t errlen)
{
	struct rd r = { buf, len, 0, err, errlen, false };
	struct names nm = { 0 };
	uint32_t version;
	unsigned full;
	uint64_t lo, hi;
	bool ok;

	memset(p, 0, sizeof *p);
	if (!need(&r, 4) || memcmp(buf, payload_magic, 4) != 0) {
		fail(&r, "not a Knudepunkt payload");
		return false;
	}
	r.off = 4;
	if (!get_u32(&r, &version))
		return false;
	if (version != SYNC_PAYLOAD_VERSION) {
		snprintf(err, errlen, "payload version %u is not the one this program reads (%d)", version,
			 SYNC_PAYLOAD_VERSION);
		return false;
	}
	if (!site(&r, &p->sender) || !site(&r, &p->recipient) || !get_u8(&r, &full) || !get_u64(&r, &lo) ||
	    !get_u64(&r, &hi) || !hlc(&r, &p->max_hlc))
		return false;
	if (full & ~(unsigned)(SYNC_FLAG_FULL | SYNC_FLAG_HANDOVER))
		return fail(&r, "bad flag");
	if (lo > hi || hi > (uint64_t)MAX_CL)
		return fail(&r, "bad range");
	p->full = full & SYNC_FLAG_FULL;
	p->handover = full & SYNC_FLAG_HANDOVER;
	p->lo = (int64_t)lo;
	p->hi = (int64_t)hi;

	uint32_t nacks;
	if (!get_u32(&r, &nacks))
		goto bad;
	if (nacks > (r.len - r.off) / (4 + 37 + 8)) {
		fail(&r, "record count larger than the payload");
		goto bad;
	}
	p->nacks = nacks;
	p->acks = xcalloc(p->nacks + 1, sizeof *p->acks);
	for (size_t i = 0; i < p->nacks; i++) {
		const char *s;
		uint64_t have;

		if (!site(&r, &s) || !get_u64(&r, &have))
			goto bad;
		if (have > (uint64_t)MAX_CL) {
			fail(&r, "acknowledgement out of range");
			goto bad;
		}
		snprintf(p->acks[i].site, sizeof p->acks[i].site, "%s", s);
		p->acks[i].have = (int64_t)have;
	}
	ok = read_names(&r, &nm) && parse_rows(&r, &nm, p) && parse_cells(&r, &nm, p) &&
	     parse_conflicts(&r, &nm, p);
	if (ok && nm.used != nm.n)
		ok = fail(&r, "a name no record uses");
	if (ok && r.off != r.len)
		ok = fail(&r, "trailing bytes");
	free(nm.s);
	free(nm.kind);
	if (ok)
		return true;
bad:
	sync_payload_free(p);
	return false;
}

void sync_payload_free(struct sync_payload *p)
{
	while (p->ctxmem) {
		struct sync_ctx_block *k = p->ctxmem;

		p->ctxmem = k->next;
		free(k);
	}
	free(p->acks);
	free(p->rows);
	free(p->cells);
	free(p->conflicts);
	memset(p, 0, sizeof *p);
}
