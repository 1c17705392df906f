/* The packed cells of a row (sync_row.cells): every field's version,
 * causal context, value and local seq in one blob, so a row's metadata is
 * one SQL row however many fields it has (an import of 100,000 fields
 * writes 16,667 rows, not 100,000; doc/sync-format.md, "Storage"):
 *
 *   blob  := 1 nsites site* ncells cell*
 *   site  := len bytes                        the sites the cells name
 *   cell  := len col cl hlc:8 site# nctx (site# h:8)* seq value
 *   value := 0 | 1 i:8 | 2 r:8 | 3 len text | 4 len bytes
 *
 * Numbers without a width are unsigned LEB128; :8 is big-endian; site#
 * indexes the site list. Cells are sorted by column (byte order). The
 * reader checks every bound: a damaged blob is an error, never a crash. */
#include "db/sync_internal.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACK_VERSION 1

void sync_ovalue_set(struct ovalue *o, const struct sync_value *v)
{
	o->v = *v;
	o->buf = NULL;
	if (v->type == SYNC_V_TEXT || v->type == SYNC_V_BLOB) {
		o->buf = xmalloc(v->n + 1);
		if (v->n)
			memcpy(o->buf, v->p, v->n);
		o->buf[v->n] = '\0';
		o->v.p = o->buf;
	}
}

void sync_cell_free(struct cell *c)
{
	free(c->ctx.e);
	c->ctx = (struct ctx){ 0 };
	free(c->val.buf);
	c->val.buf = NULL;
}

void sync_cells_free(struct cell *cells, int n)
{
	for (int i = 0; i < n; i++)
		sync_cell_free(&cells[i]);
	free(cells);
}

void sync_ctx_parse(struct ctx *c, const unsigned char *p, size_t len)
{
	c->n = len / SYNC_CTX_ENTRY;
	c->cap = c->n + 2;
	c->e = xcalloc(c->cap, sizeof *c->e);
	for (size_t i = 0; i < c->n; i++) {
		const unsigned char *e = p + i * SYNC_CTX_ENTRY;

		memcpy(c->e[i].site, e, 36);
		c->e[i].site[36] = '\0';
		for (int k = 0; k < 8; k++)
			c->e[i].h = c->e[i].h << 8 | e[36 + k];
	}
}

void sync_ctx_copy(struct ctx *dst, const struct ctx *src)
{
	dst->n = src->n;
	dst->cap = src->n + 2;
	dst->e = xcalloc(dst->cap, sizeof *dst->e);
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof *src->e);
}

void sync_value_from_sqlite(struct sqlite3_value *v, struct sync_value *out)
{
	*out = (struct sync_value){ 0 };
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER: out->type = SYNC_V_INT; out->i = sqlite3_value_int64(v); break;
	case SQLITE_FLOAT: out->type = SYNC_V_REAL; out->r = sqlite3_value_double(v); break;
	case SQLITE_TEXT:
		out->type = SYNC_V_TEXT;
		out->p = sqlite3_value_text(v);
		out->n = (size_t)sqlite3_value_bytes(v);
		break;
	case SQLITE_BLOB:
		out->type = SYNC_V_BLOB;
		out->p = sqlite3_value_blob(v);
		out->n = (size_t)sqlite3_value_bytes(v);
		break;
	default: out->type = SYNC_V_NULL; break;
	}
}

void sync_cell_copy(struct cell *dst, const struct cell *src)
{
	*dst = *src;
	sync_ctx_copy(&dst->ctx, &src->ctx);
	sync_ovalue_set(&dst->val, &src->val.v);
}

/* --- writing -------------------------------------------------------------- */


static void put_be64(struct strbuf *b, uint64_t v)
{
	unsigned char c[8];

	for (int i = 7; i >= 0; i--) {
		c[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	strbuf_add(b, c, 8);
}

static void put_bytes(struct strbuf *b, const void *p, size_t n)
{
	strbuf_add_varint(b, n);
	if (n)
		strbuf_add(b, p, n);
}

struct sites {
	const char **s;
	size_t n, cap;
};

static uint64_t site_index(struct sites *d, const char *site)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->s[i], site) == 0)
			return i;
	if (d->n == d->cap) {
		d->cap = d->cap * 2 + 8;
		d->s = xrealloc(d->s, d->cap * sizeof *d->s);
	}
	d->s[d->n] = site;
	return d->n++;
}

unsigned char *sync_pack_cells(const struct cell *cells, int n, size_t *len, int64_t *max_seq)
{
	struct sites d = { 0 };
	struct strbuf b = STRBUF_INIT, body = STRBUF_INIT;

	*max_seq = 0;
	strbuf_add_varint(&body, (uint64_t)n);
	for (int i = 0; i < n; i++) {
		const struct cell *c = &cells[i];
		const struct sync_value *v = &c->val.v;

		put_bytes(&body, c->col, strlen(c->col));
		strbuf_add_varint(&body, (uint64_t)c->cl);
		put_be64(&body, c->hlc);
		strbuf_add_varint(&body, site_index(&d, c->site));
		strbuf_add_varint(&body, c->ctx.n);
		for (size_t k = 0; k < c->ctx.n; k++) {
			strbuf_add_varint(&body, site_index(&d, c->ctx.e[k].site));
			put_be64(&body, c->ctx.e[k].h);
		}
		strbuf_add_varint(&body, (uint64_t)c->seq);
		if (c->seq > *max_seq)
			*max_seq = c->seq;
		strbuf_addch(&body, (char)v->type);
		switch (v->type) {
		case SYNC_V_INT: put_be64(&body, (uint64_t)v->i); break;
		case SYNC_V_REAL: {
			uint64_t bits;

			memcpy(&bits, &v->r, sizeof bits);
			put_be64(&body, bits);
			break;
		}
		case SYNC_V_TEXT:
		case SYNC_V_BLOB: put_bytes(&body, v->p, v->n); break;
		default: break;
		}
	}
	strbuf_addch(&b, PACK_VERSION);
	strbuf_add_varint(&b, d.n);
	for (size_t i = 0; i < d.n; i++)
		put_bytes(&b, d.s[i], strlen(d.s[i]));
	strbuf_add(&b, body.buf ? body.buf : "", body.len);
	strbuf_finish(&body);
	free(d.s);
	*len = b.len;
	return (unsigned char *)strbuf_detach(&b);
}

/* --- reading -------------------------------------------------------------- */

struct rd {
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t get_varint(struct rd *r)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			break;
		unsigned char c = *r->p++;

		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

static uint64_t get_be64(struct rd *r)
{
	uint64_t v = 0;

	if (r->end - r->p < 8) {
		r->bad = true;
		return 0;
	}
	for (int i = 0; i < 8; i++)
		v = v << 8 | r->p[i];
	r->p += 8;
	return v;
}

/* A length-prefixed byte string (pointer into the blob). */
static const unsigned char *get_bytes(struct rd *r, size_t *n)
{
	uint64_t len = get_varint(r);
	const unsigned char *s = r->p;

	if (r->bad || len > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		*n = 0;
		return NULL;
	}
	r->p += len;
	*n = (size_t)len;
	return s;
}

/* Copies a length-prefixed string into dst (size dstlen, NUL-terminated);
 * longer than dst or containing NUL: damaged. */
static void get_str(struct rd *r, char *dst, size_t dstlen)
{
	size_t n;
	const unsigned char *s = get_bytes(r, &n);

	if (r->bad || n >= dstlen || (n && memchr(s, 0, n))) {
		r->bad = true;
		dst[0] = '\0';
		return;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

bool sync_unpack_cells(const unsigned char *p, size_t len, struct cell **out, int *n)
{
	struct rd r = { p, p + len, false };
	char (*sites)[SYNC_SITE_LEN] = NULL;
	uint64_t nsites, ncells;
	struct cell *cells = NULL;
	int got = 0;

	*out = NULL;
	*n = 0;
	if (!p || len == 0)
		return true;
	if (*r.p++ != PACK_VERSION)
		return false;
	nsites = get_varint(&r);
	if (r.bad || nsites > len)
		return false;
	sites = xcalloc(nsites + 1, sizeof *sites);
	for (uint64_t i = 0; i < nsites && !r.bad; i++)
		get_str(&r, sites[i], sizeof sites[i]);
	ncells = get_varint(&r);
	if (r.bad || ncells > len || ncells > INT32_MAX) {
		free(sites);
		return false;
	}
	cells = xcalloc(ncells + 1, sizeof *cells);
	for (uint64_t i = 0; i < ncells && !r.bad; i++) {
		struct cell *c = &cells[got++];
		uint64_t si, nctx;

		c->found = true;
		get_str(&r, c->col, sizeof c->col);
		c->cl = (int64_t)get_varint(&r);
		c->hlc = get_be64(&r);
		si = get_varint(&r);
		nctx = get_varint(&r);
		if (r.bad || si >= nsites || nctx > nsites)
			break;
		memcpy(c->site, sites[si], sizeof c->site);
		c->ctx.n = (size_t)nctx;
		c->ctx.cap = c->ctx.n + 2;
		c->ctx.e = xcalloc(c->ctx.cap, sizeof *c->ctx.e);
		for (size_t k = 0; k < c->ctx.n && !r.bad; k++) {
			uint64_t ki = get_varint(&r);

			c->ctx.e[k].h = get_be64(&r);
			if (ki >= nsites)
				r.bad = true;
			else
				memcpy(c->ctx.e[k].site, sites[ki], sizeof c->ctx.e[k].site);
		}
		c->seq = (int64_t)get_varint(&r);
		if (r.bad || r.p >= r.end) {
			r.bad = true;
			break;
		}
		struct sync_value v = { .type = *r.p++ };
		switch (v.type) {
		case SYNC_V_NULL: break;
		case SYNC_V_INT: v.i = (int64_t)get_be64(&r); break;
		case SYNC_V_REAL: {
			uint64_t bits = get_be64(&r);

			memcpy(&v.r, &bits, sizeof v.r);
			break;
		}
		case SYNC_V_TEXT:
		case SYNC_V_BLOB: v.p = get_bytes(&r, &v.n); break;
		default: r.bad = true; break;
		}
		if (!r.bad)
			sync_ovalue_set(&c->val, &v);
		if (i > 0 && strcmp(cells[got - 2].col, c->col) >= 0)
			r.bad = true;    /* not sorted, or a column twice */
	}
	free(sites);
	if (r.bad || r.p != r.end) {
		sync_cells_free(cells, got);
		return false;
	}
	*out = cells;
	*n = got;
	return true;
}

/* --- SQL functions --------------------------------------------------------- */

static bool unpack_arg(sqlite3_context *cx, sqlite3_value *v, struct cell **cells, int *n)
{
	if (!sync_unpack_cells(sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v), cells, n)) {
		sqlite3_result_error(cx, "damaged sync metadata (sync_row.cells)", -1);
		return false;
	}
	return true;
}

static void result_value(sqlite3_context *cx, const struct sync_value *v)
{
	switch (v->type) {
	case SYNC_V_INT: sqlite3_result_int64(cx, v->i); break;
	case SYNC_V_REAL: sqlite3_result_double(cx, v->r); break;
	case SYNC_V_TEXT: sqlite3_result_text(cx, (const char *)v->p, (int)v->n, SQLITE_TRANSIENT); break;
	case SYNC_V_BLOB: sqlite3_result_blob(cx, v->p, (int)v->n, SQLITE_TRANSIENT); break;
	default: sqlite3_result_null(cx); break;
	}
}

/* kp_sync_cell(cells, col, part): part 'cl', 'hlc', 'site', 'seq' or
 * 'val' of the column's cell; NULL when the row has no such cell. */
static void fn_cell(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *col = (const char *)sqlite3_value_text(argv[1]);
	const char *part = (const char *)sqlite3_value_text(argv[2]);
	struct cell *cells;
	int n;

	(void)argc;
	if (!col || !part || !unpack_arg(cx, argv[0], &cells, &n))
		return;
	for (int i = 0; i < n; i++) {
		const struct cell *c = &cells[i];

		if (strcmp(c->col, col) != 0)
			continue;
		if (strcmp(part, "cl") == 0)
			sqlite3_result_int64(cx, c->cl);
		else if (strcmp(part, "hlc") == 0)
			sqlite3_result_int64(cx, (sqlite3_int64)c->hlc);
		else if (strcmp(part, "site") == 0)
			sqlite3_result_text(cx, c->site, -1, SQLITE_TRANSIENT);
		else if (strcmp(part, "seq") == 0)
			sqlite3_result_int64(cx, c->seq);
		else if (strcmp(part, "val") == 0)
			result_value(cx, &c->val.v);
		else
			sqlite3_result_error(cx, "kp_sync_cell: unknown part", -1);
		break;
	}
	sync_cells_free(cells, n);
}

/* kp_sync_cells_above(cells, seq): how many cells have a higher seq. */
static void fn_above(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	sqlite3_int64 above = sqlite3_value_int64(argv[1]), k = 0;
	struct cell *cells;
	int n;

	(void)argc;
	if (!unpack_arg(cx, argv[0], &cells, &n))
		return;
	for (int i = 0; i < n; i++)
		k += cells[i].seq > above;
	sync_cells_free(cells, n);
	sqlite3_result_int64(cx, k);
}

static void json_str(struct strbuf *b, const char *s, size_t n)
{
	strbuf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			strbuf_addf(b, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(b, "\\u%04x", c);
		else
			strbuf_addch(b, (char)c);
	}
	strbuf_addch(b, '"');
}

/* kp_sync_cells(cells): the cells as a JSON array of {col, cl, hlc, site,
 * seq, val} (a blob value as null), for json_each() in checks and tests. */
static void fn_cells(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct strbuf b = STRBUF_INIT;
	struct cell *cells;
	int n;

	(void)argc;
	if (!unpack_arg(cx, argv[0], &cells, &n))
		return;
	strbuf_addch(&b, '[');
	for (int i = 0; i < n; i++) {
		const struct cell *c = &cells[i];

		strbuf_addstr(&b, i ? ",{\"col\":" : "{\"col\":");
		json_str(&b, c->col, strlen(c->col));
		strbuf_addf(&b, ",\"cl\":%lld,\"hlc\":%lld,\"site\":", (long long)c->cl, (long long)c->hlc);
		json_str(&b, c->site, strlen(c->site));
		strbuf_addf(&b, ",\"seq\":%lld,\"val\":", (long long)c->seq);
		switch (c->val.v.type) {
		case SYNC_V_INT: strbuf_addf(&b, "%lld", (long long)c->val.v.i); break;
		case SYNC_V_REAL: strbuf_addf(&b, "%.17g", c->val.v.r); break;
		case SYNC_V_TEXT: json_str(&b, (const char *)c->val.v.p, c->val.v.n); break;
		default: strbuf_addstr(&b, "null"); break;
		}
		strbuf_addch(&b, '}');
	}
	strbuf_addch(&b, ']');
	sync_cells_free(cells, n);
	sqlite3_result_text(cx, b.buf, (int)b.len, free);
	b.buf = NULL;
}

/* kp_sync_pack(col, cl, hlc, site, ctx, val, seq): aggregates the rows of
 * the old per-field table (ctx in the file's 44-byte entries) into a blob;
 * migration 0019 uses it once. */
struct pack_acc {
	struct cell *cells;
	int n, cap;
};

static int cell_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cell *)a)->col, ((const struct cell *)b)->col);
}

static void fn_pack_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct pack_acc *acc = sqlite3_aggregate_context(cx, sizeof *acc);
	const char *col = (const char *)sqlite3_value_text(argv[0]);
	const char *site = (const char *)sqlite3_value_text(argv[3]);
	struct sync_value v;

	(void)argc;
	if (!acc)
		return;
	if (acc->n == acc->cap) {
		acc->cap = acc->cap * 2 + 8;
		acc->cells = xrealloc(acc->cells, (size_t)acc->cap * sizeof *acc->cells);
	}
	struct cell *c = &acc->cells[acc->n++];
	memset(c, 0, sizeof *c);
	c->found = true;
	snprintf(c->col, sizeof c->col, "%s", col ? col : "");
	c->cl = sqlite3_value_int64(argv[1]);
	c->hlc = (uint64_t)sqlite3_value_int64(argv[2]);
	snprintf(c->site, sizeof c->site, "%s", site ? site : "");
	sync_ctx_parse(&c->ctx, sqlite3_value_blob(argv[4]), (size_t)sqlite3_value_bytes(argv[4]));
	sync_value_from_sqlite(argv[5], &v);
	sync_ovalue_set(&c->val, &v);
	c->seq = sqlite3_value_int64(argv[6]);
}

static void fn_pack_final(sqlite3_context *cx)
{
	struct pack_acc *acc = sqlite3_aggregate_context(cx, 0);
	unsigned char *blob;
	size_t len;
	int64_t max_seq;

	if (!acc || acc->n == 0) {
		sqlite3_result_null(cx);
		return;
	}
	qsort(acc->cells, (size_t)acc->n, sizeof *acc->cells, cell_cmp);
	blob = sync_pack_cells(acc->cells, acc->n, &len, &max_seq);
	sqlite3_result_blob(cx, blob, (int)len, free);
	sync_cells_free(acc->cells, acc->n);
}

bool sync_pack_register(struct sqlite3 *h)
{
	const int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

	return sqlite3_create_function(h, "kp_sync_cell", 3, f, NULL, fn_cell, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "kp_sync_cells_above", 2, f, NULL, fn_above, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "kp_sync_cells", 1, f, NULL, fn_cells, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "kp_sync_pack", 7, f, NULL, NULL, fn_pack_step, fn_pack_final) ==
		       SQLITE_OK;
}
