/* Sync metadata: identity, clock, generated triggers, merge (join) and
 * materialisation. The merge is a port of ../shared/sync-model/crdt_sim.py
 * (Site.merge_row, merge_cell, normalize, _log) over SQL side tables.
 *
 * Invariants: every change to sync_row / sync_cell / sync_conflict takes a
 * new seq; versions compare as (cl, hlc, site) with the unknown dot (0, "")
 * lowest; contexts are sorted by site; a cell whose cl is below its row's
 * holds no value. */
#include "db/sync_store.h"
#include "db/db_internal.h"
#include "db/sync_internal.h"
#include "src/clock.h"
#include "src/strbuf.h"
#include "src/uuid.h"
#include "src/xalloc.h"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOUR_MS (3600 * 1000LL)

/* snprintf(dst, size, "%s", src) without the formatting (a hot path). */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int planted_bug = KP_PLANT_BUG;

void sync_store_plant_bug(int bug)
{
	planted_bug = bug;
}

int sync_store_planted_bug(void)
{
	return planted_bug;
}

struct sync_col {
	char *name;
	bool fill;          /* NOT NULL without a default: needs a value on insert */
	bool text;          /* the fill is '' (else 0) */
};

struct sync_tbl {
	char *name;
	char *key;          /* the single-column primary key (usually id) */
	int ncols;          /* without id */
	struct sync_col *cols;
	char *base_sql;     /* base_row's SELECT (built once, with the columns) */
};

struct sync_conn {
	bool has_self;
	char self[SYNC_SITE_LEN];
	bool importing;
	char *touched_tbl, *touched_id;   /* the row the import merges now */
	bool settled;                     /* ... and it is in its table already */
	bool unapplied_any;               /* sync_unapplied has rows */
	struct img *img;                  /* the row image in hand (below) */
	bool batch;                       /* images written back, not through */
	int64_t import_seq0;
	int64_t (*now_ms)(void *);
	/* the clock row, cached inside one transaction (import, flush) */
	bool cache_on, cache_valid, cache_dirty;
	uint64_t c_hlc;
	int64_t c_seq;
	/* prepared statements of generated SQL (per table and column set) */
	struct {
		char *sql;
		sqlite3_stmt *st;
	} dyn[32];
	int dyn_next;
	/* materialize_row's generated INSERT per table and fields given (bit
	 * per column) */
	struct {
		const struct sync_tbl *t;
		uint64_t mask;
		char *sql;
	} msql[16];
	int msql_next;
	void *now_arg;
	int ntables;
	struct sync_tbl *tables;
};

/* A cached statement for generated SQL: reset and unbound; release with
 * sqlite3_reset, never finalize. NULL (error set) if it does not prepare. */
static sqlite3_stmt *dyn_stmt(struct db *db, const char *sql)
{
	struct sync_conn *sc = db->sync;
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < 32; i++)
		if (sc->dyn[i].sql && strcmp(sc->dyn[i].sql, sql) == 0) {
			sqlite3_reset(sc->dyn[i].st);
			sqlite3_clear_bindings(sc->dyn[i].st);
			return sc->dyn[i].st;
		}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "cannot prepare a statement");
		return NULL;
	}
	i = sc->dyn_next;
	sc->dyn_next = (sc->dyn_next + 1) % 32;
	sqlite3_finalize(sc->dyn[i].st);
	free(sc->dyn[i].sql);
	sc->dyn[i].sql = xstrdup(sql);
	sc->dyn[i].st = st;
	return st;
}

static void dyn_free(struct sync_conn *sc)
{
	for (int i = 0; i < 16; i++) {
		free(sc->msql[i].sql);
		sc->msql[i].sql = NULL;
		sc->msql[i].t = NULL;
	}
	for (int i = 0; i < 32; i++) {
		sqlite3_finalize(sc->dyn[i].st);
		free(sc->dyn[i].sql);
		sc->dyn[i].st = NULL;
		sc->dyn[i].sql = NULL;
	}
}

/* ------------------------------------------------------------------------ */
/* causal contexts                                                           */

static void put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static void ctx_free(struct ctx *c)
{
	free(c->e);
	*c = (struct ctx){ 0 };
}

static uint64_t ctx_get(const struct ctx *c, const char *site)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->e[i].site, site) == 0)
			return c->e[i].h;
	return 0;
}

/* ctx[site] = max(ctx[site], h); true if it changed. Keeps the order. */
static bool ctx_raise(struct ctx *c, const char *site, uint64_t h)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		int cmp = strcmp(c->e[i].site, site);

		if (cmp == 0) {
			if (c->e[i].h >= h)
				return false;
			c->e[i].h = h;
			return true;
		}
		if (cmp > 0)
			break;
	}
	if (c->n == c->cap) {
		c->cap = c->cap * 2 + 2;
		c->e = xrealloc(c->e, c->cap * sizeof *c->e);
	}
	memmove(&c->e[i + 1], &c->e[i], (c->n - i) * sizeof *c->e);
	copy_str(c->e[i].site, sizeof c->e[i].site, site);
	c->e[i].h = h;
	c->n++;
	return true;
}

static bool ctx_join(struct ctx *into, const struct ctx *from)
{
	bool changed = false;

	for (size_t i = 0; i < from->n; i++)
		changed = ctx_raise(into, from->e[i].site, from->e[i].h) || changed;
	return changed;
}

static unsigned char *ctx_blob(const struct ctx *c, size_t *len)
{
	unsigned char *b = xmalloc(c->n * SYNC_CTX_ENTRY + 1);

	for (size_t i = 0; i < c->n; i++) {
		memcpy(b + i * SYNC_CTX_ENTRY, c->e[i].site, 36);
		put_be64(b + i * SYNC_CTX_ENTRY + 36, c->e[i].h);
	}
	*len = c->n * SYNC_CTX_ENTRY;
	return b;
}

static bool covers(const struct ctx *c, uint64_t h, const char *site)
{
	return site[0] != '\0' && ctx_get(c, site) >= h;
}

/* ------------------------------------------------------------------------ */
/* versions                                                                  */

static int dot_cmp(uint64_t h1, const char *s1, uint64_t h2, const char *s2)
{
	if (h1 != h2)
		return h1 < h2 ? -1 : 1;
	if (planted_bug == 1)        /* bug 1: no site tie-break on equal HLC */
		return 0;
	int c = strcmp(s1, s2);
	return (c > 0) - (c < 0);
}

static int ver_cmp(int64_t cl1, uint64_t h1, const char *s1, int64_t cl2, uint64_t h2, const char *s2)
{
	if (cl1 != cl2)
		return cl1 < cl2 ? -1 : 1;
	return dot_cmp(h1, s1, h2, s2);
}

/* ------------------------------------------------------------------------ */
/* values                                                                    */

static void value_from_col(sqlite3_stmt *st, int col, struct sync_value *out)
{
	sync_value_from_sqlite(sqlite3_column_value(st, col), out);
}

static void bind_value(sqlite3_stmt *st, int idx, const struct sync_value *v)
{
	switch (v->type) {
	case SYNC_V_INT: sqlite3_bind_int64(st, idx, v->i); break;
	case SYNC_V_REAL: sqlite3_bind_double(st, idx, v->r); break;
	case SYNC_V_TEXT: sqlite3_bind_text(st, idx, (const char *)v->p, (int)v->n, SQLITE_TRANSIENT); break;
	case SYNC_V_BLOB: sqlite3_bind_blob(st, idx, v->p ? (const void *)v->p : "", (int)v->n, SQLITE_TRANSIENT); break;
	default: sqlite3_bind_null(st, idx); break;
	}
}

static bool value_eq(const struct sync_value *a, const struct sync_value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case SYNC_V_INT: return a->i == b->i;
	case SYNC_V_REAL: return memcmp(&a->r, &b->r, sizeof a->r) == 0;
	case SYNC_V_TEXT:
	case SYNC_V_BLOB: return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
	default: return true;
	}
}

/* ------------------------------------------------------------------------ */
/* clock and seq                                                             */

static int64_t default_now_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	if (getenv("KNUDEPUNKT_NOW"))
		return (int64_t)clock_now() * 1000;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sync_store_set_time_source(struct db *db, int64_t (*now_ms)(void *), void *arg)
{
	db->sync->now_ms = now_ms ? now_ms : default_now_ms;
	db->sync->now_arg = arg;
}

int64_t sync_store_now_ms(struct db *db)
{
	return db->sync->now_ms(db->sync->now_arg);
}

static bool clock_read(struct db *db, uint64_t *hlc, int64_t *seq)
{
	struct sync_conn *sc = db->sync;
	sqlite3_stmt *st;

	if (sc->cache_on && sc->cache_valid) {
		*hlc = sc->c_hlc;
		*seq = sc->c_seq;
		return true;
	}
	st = db_stmt(db, "SELECT hlc, seq FROM sync_clock WHERE one = 1");
	if (!st)
		return false;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_set_error(db, "cannot read the sync clock");
		sqlite3_reset(st);
		return false;
	}
	*hlc = (uint64_t)sqlite3_column_int64(st, 0);
	*seq = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (sc->cache_on) {
		sc->c_hlc = *hlc;
		sc->c_seq = *seq;
		sc->cache_valid = true;
	}
	return true;
}

static bool clock_write(struct db *db, uint64_t hlc, int64_t seq)
{
	struct sync_conn *sc = db->sync;
	sqlite3_stmt *st;

	if (sc->cache_on) {
		sc->c_hlc = hlc;
		sc->c_seq = seq;
		sc->cache_valid = sc->cache_dirty = true;
		return true;
	}
	st = db_stmt(db, "UPDATE sync_clock SET hlc = ?, seq = ? WHERE one = 1");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)hlc);
	sqlite3_bind_int64(st, 2, seq);
	return db_step_done(db, st);
}

/* The cache lives inside the caller's transaction: begin after BEGIN,
 * end (writing it back when keep) before COMMIT; on failure drop it. */
static void cache_begin(struct db *db)
{
	db->sync->cache_on = true;
	db->sync->cache_valid = db->sync->cache_dirty = false;
}

static bool cache_end(struct db *db, bool keep)
{
	struct sync_conn *sc = db->sync;
	bool dirty = sc->cache_dirty;

	sc->cache_on = sc->cache_valid = sc->cache_dirty = false;
	return !keep || !dirty || clock_write(db, sc->c_hlc, sc->c_seq);
}

bool sync_store_clock(struct db *db, uint64_t *hlc, int64_t *seq)
{
	return clock_read(db, hlc, seq);
}

/* The HLC send rule, and a new seq. local: refuse when the wall clock is
 * far behind what has been seen (a write would sort before older ones). */
static bool stamp(struct db *db, bool local, uint64_t *h_out, int64_t *seq_out)
{
	uint64_t hlc;
	int64_t seq;
	int64_t pt = sync_store_now_ms(db);

	if (!clock_read(db, &hlc, &seq))
		return false;
	uint64_t l = hlc >> 16, c = hlc & 0xffff;
	if (local && (int64_t)l > pt + HOUR_MS) {
		snprintf(db->errmsg, sizeof db->errmsg,
			 "the clock of this computer is more than an hour behind changes already "
			 "recorded; correct the clock before changing data");
		return false;
	}
	if (pt > (int64_t)l) {
		l = (uint64_t)pt;
		c = 0;
	} else if (++c > 0xffff) {       /* counter overflow: borrow into the ms part */
		l++;
		c = 0;
	}
	*h_out = l << 16 | c;
	*seq_out = seq + 1;
	return clock_write(db, *h_out, seq + 1);
}

static bool next_seq(struct db *db, int64_t *out)
{
	uint64_t hlc;
	int64_t seq;

	if (!clock_read(db, &hlc, &seq))
		return false;
	*out = seq + 1;
	return clock_write(db, hlc, seq + 1);
}

bool sync_store_observe(struct db *db, uint64_t h)
{
	uint64_t hlc;
	int64_t seq;

	if (planted_bug == 5)        /* bug 5: import does not advance the HLC */
		return true;
	if (!clock_read(db, &hlc, &seq))
		return false;
	return h <= hlc || clock_write(db, h, seq);
}

/* ------------------------------------------------------------------------ */
/* row and cell records                                                       */

struct row {
	bool found;
	int64_t cl;
	uint64_t hlc;
	char site[SYNC_SITE_LEN];
	struct ctx ctx;
	int64_t seq;
};


static void ovalue_free(struct ovalue *o)
{
	free(o->buf);
	o->buf = NULL;
}

/* A row image: the row's record and all its cells, sorted by column. The
 * cells are stored packed in sync_row.cells (db/sync_pack.c), so reading or
 * writing a row's metadata is one SQL statement however many fields it
 * has. Inside a batch (an import's merge, a flush of local changes: code of
 * this file only, in one transaction) the image in hand stays in memory
 * and is written back when another row is wanted or the batch ends;
 * outside one every change is written at once and no image is kept
 * between calls (another connection may change the rows meanwhile). */
struct img {
	bool valid, dirty;
	char *tbl, *id;
	struct row r;
	int n, cap;
	struct cell *cells;
};

static void img_clear(struct img *m)
{
	free(m->tbl);
	free(m->id);
	ctx_free(&m->r.ctx);
	sync_cells_free(m->cells, m->n);
	*m = (struct img){ 0 };
}

/* Forgets the image in hand without writing it (a rollback, an abort). */
void sync_store_forget_cache(struct db *db)
{
	if (db->sync && db->sync->img)
		img_clear(db->sync->img);
}

static bool img_write(struct db *db, struct img *m)
{
	sqlite3_stmt *st;
	unsigned char *ctx, *cells;
	size_t ctxlen, cellslen;
	int64_t cseq;
	bool ok;

	if (!m->r.found) {
		if (m->n == 0)
			return true;     /* nothing was there, nothing is */
		db_set_error(db, "sync metadata: cells without a row record");
		return false;
	}
	st = db_stmt(db, "INSERT INTO sync_row(tbl, id, cl, hlc, site, ctx, seq, cells, cseq) "
			 "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(tbl, id) DO UPDATE SET cl = excluded.cl, "
			 "hlc = excluded.hlc, site = excluded.site, ctx = excluded.ctx, seq = excluded.seq, "
			 "cells = excluded.cells, cseq = excluded.cseq");
	if (!st)
		return false;
	ctx = ctx_blob(&m->r.ctx, &ctxlen);
	cells = m->n ? sync_pack_cells(m->cells, m->n, &cellslen, &cseq) : NULL;
	if (!cells)
		cellslen = 0, cseq = 0;
	if (m->r.seq > cseq)          /* the newest change of the row, record or cell */
		cseq = m->r.seq;
	sqlite3_bind_text(st, 1, m->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, m->r.cl);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)m->r.hlc);
	sqlite3_bind_text(st, 5, m->r.site, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, ctx, (int)ctxlen, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, m->r.seq);
	if (cells)
		sqlite3_bind_blob(st, 8, cells, (int)cellslen, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_int64(st, 9, cseq);
	ok = db_step_done(db, st);
	free(ctx);
	free(cells);
	return ok;
}

/* Writes the image in hand back if it changed. */
static bool img_flush(struct db *db)
{
	struct img *m = db->sync->img;

	if (!m || !m->valid || !m->dirty)
		return true;
	if (!img_write(db, m)) {
		img_clear(m);
		return false;
	}
	m->dirty = false;
	return true;
}

/* A row's packed cells do not read (knudepunkt check lists them all). */
static void damaged(struct db *db, const char *tbl, const char *id)
{
	snprintf(db->errmsg, sizeof db->errmsg,
		 "the sync metadata of %s %s is damaged; restore the database from a backup "
		 "or import a full snapshot from another site", tbl, id);
}

/* The image of (tbl, id): the one in hand inside a batch, else read. */
static struct img *img_get(struct db *db, const char *tbl, const char *id)
{
	struct sync_conn *sc = db->sync;
	struct img *m;
	sqlite3_stmt *st;
	int rc;

	if (!sc->img)
		sc->img = xcalloc(1, sizeof *sc->img);
	m = sc->img;
	if (m->valid && sc->batch && strcmp(m->id, id) == 0 && strcmp(m->tbl, tbl) == 0)
		return m;
	if (!img_flush(db))
		return NULL;
	img_clear(m);
	st = db_stmt(db, "SELECT cl, hlc, site, ctx, seq, cells FROM sync_row WHERE tbl = ? AND id = ?");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->r.found = true;
		m->r.cl = sqlite3_column_int64(st, 0);
		m->r.hlc = (uint64_t)sqlite3_column_int64(st, 1);
		copy_str(m->r.site, sizeof m->r.site, (const char *)sqlite3_column_text(st, 2));
		sync_ctx_parse(&m->r.ctx, sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3));
		m->r.seq = sqlite3_column_int64(st, 4);
		if (!sync_unpack_cells(sqlite3_column_blob(st, 5), (size_t)sqlite3_column_bytes(st, 5), &m->cells,
				       &m->n)) {
			sqlite3_reset(st);
			img_clear(m);
			damaged(db, tbl, id);
			return NULL;
		}
		m->cap = m->n;
	} else if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read sync_row");
		sqlite3_reset(st);
		return NULL;
	} else {
		sync_ctx_parse(&m->r.ctx, NULL, 0);
	}
	sqlite3_reset(st);
	m->tbl = xstrdup(tbl);
	m->id = xstrdup(id);
	m->valid = true;
	return m;
}

/* The image changed: written now, or at the end of the batch. */
static bool img_changed(struct db *db, struct img *m)
{
	m->dirty = true;
	return db->sync->batch || img_flush(db);
}

/* Batches nest (an import flushes local changes first); the outermost end
 * writes the image back (keep) or forgets it. */
static bool batch_begin(struct db *db)
{
	bool outer = db->sync->batch;

	db->sync->batch = true;
	return outer;
}

static bool batch_end(struct db *db, bool outer, bool keep)
{
	bool ok = true;

	if (outer)
		return true;
	if (keep)
		ok = img_flush(db);
	sync_store_forget_cache(db);
	db->sync->batch = false;
	return ok;
}

/* Index of col in the image, or -(insertion point) - 1. */
static int img_find(const struct img *m, const char *col)
{
	int lo = 0, hi = m->n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(m->cells[mid].col, col);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

static bool row_load(struct db *db, const char *tbl, const char *id, struct row *r)
{
	struct img *m = img_get(db, tbl, id);

	memset(r, 0, sizeof *r);
	if (!m) {
		sync_ctx_parse(&r->ctx, NULL, 0);
		return false;
	}
	*r = m->r;
	sync_ctx_copy(&r->ctx, &m->r.ctx);
	return true;
}

static bool row_save(struct db *db, const char *tbl, const char *id, const struct row *r)
{
	struct img *m = img_get(db, tbl, id);

	if (!m)
		return false;
	ctx_free(&m->r.ctx);
	m->r = *r;
	m->r.found = true;
	sync_ctx_copy(&m->r.ctx, &r->ctx);
	return img_changed(db, m);
}

static bool cell_load(struct db *db, const char *tbl, const char *id, const char *col, struct cell *c)
{
	struct img *m = img_get(db, tbl, id);
	int i;

	memset(c, 0, sizeof *c);
	if (!m)
		return false;
	i = img_find(m, col);
	if (i >= 0) {
		sync_cell_copy(c, &m->cells[i]);
	} else {
		sync_ctx_parse(&c->ctx, NULL, 0);
		copy_str(c->col, sizeof c->col, col);
	}
	return true;
}

/* All cells of a row, by column (caller frees with cells_free). */
static bool cells_of_row(struct db *db, const char *tbl, const char *id, struct cell **out, int *n)
{
	struct img *m = img_get(db, tbl, id);

	*n = 0;
	*out = NULL;
	if (!m)
		return false;
	*out = xcalloc((size_t)m->n + 1, sizeof **out);
	for (int i = 0; i < m->n; i++)
		sync_cell_copy(&(*out)[i], &m->cells[i]);
	*n = m->n;
	return true;
}

/* Stores c in the row's image, taking it over (c's context and value now
 * belong to the image; freed here when the image cannot be had). */
static bool cell_put(struct db *db, const char *tbl, const char *id, struct cell *c)
{
	struct img *m = img_get(db, tbl, id);
	int i;

	if (!m) {
		sync_cell_free(c);
		return false;
	}
	i = img_find(m, c->col);
	if (i >= 0) {
		sync_cell_free(&m->cells[i]);
	} else {
		i = -i - 1;
		if (m->n == m->cap) {
			m->cap = m->cap * 2 + 8;
			m->cells = xrealloc(m->cells, (size_t)m->cap * sizeof *m->cells);
		}
		memmove(&m->cells[i + 1], &m->cells[i], (size_t)(m->n - i) * sizeof *m->cells);
		m->n++;
	}
	m->cells[i] = *c;
	m->cells[i].found = true;
	*c = (struct cell){ 0 };
	return img_changed(db, m);
}

static bool cell_save(struct db *db, const char *tbl, const char *id, const struct cell *c)
{
	struct cell copy;

	sync_cell_copy(&copy, c);
	return cell_put(db, tbl, id, &copy);
}

static void touched_forget(struct sync_conn *sc)
{
	free(sc->touched_tbl);
	free(sc->touched_id);
	sc->touched_tbl = sc->touched_id = NULL;
}

/* The row the import merges now goes on the list of rows to write into
 * their tables, unless sync_store_settle wrote it already. */
static bool touch_note(struct db *db)
{
	struct sync_conn *sc = db->sync;
	sqlite3_stmt *st;

	if (!sc->touched_tbl || sc->settled)
		return true;
	st = db_stmt(db, "INSERT OR IGNORE INTO temp.sync_touched(tbl, id) VALUES (?, ?)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sc->touched_tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sc->touched_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static bool touch(struct db *db, const char *tbl, const char *id)
{
	struct sync_conn *sc = db->sync;

	if (!sc->importing)
		return true;
	/* a row's records arrive together: note it once */
	if (sc->touched_tbl && strcmp(sc->touched_tbl, tbl) == 0 && strcmp(sc->touched_id, id) == 0) {
		sc->settled = false;
		return true;
	}
	if (!touch_note(db))
		return false;
	touched_forget(sc);
	sc->touched_tbl = xstrdup(tbl);
	sc->touched_id = xstrdup(id);
	sc->settled = false;
	return true;
}

/* Cells of an older causal length than the row hold no value. */
static bool normalize(struct db *db, const char *tbl, const char *id, int64_t row_cl)
{
	struct img *m = img_get(db, tbl, id);
	uint64_t hlc;
	int64_t seq;
	bool changed = false;

	if (!m || !clock_read(db, &hlc, &seq))
		return false;
	for (int i = 0; i < m->n; i++) {
		struct cell *c = &m->cells[i];

		if (c->cl < row_cl && c->val.v.type != SYNC_V_NULL) {
			ovalue_free(&c->val);
			c->val.v = (struct sync_value){ .type = SYNC_V_NULL };
			c->seq = seq + 1;     /* one new seq for all, as one UPDATE had */
			changed = true;
		}
	}
	if (!changed)
		return true;
	return img_changed(db, m) && clock_write(db, hlc, seq + 1);
}

/* Tables whose values are secrets (the per-subject audit keys): a losing
 * value is not kept in the conflict log, where erasing the key (a delete)
 * would not reach it. Every site applies the same rule. */
static bool secret_table(const char *tbl)
{
	return strcmp(tbl, "audit_key") == 0;
}

/* Conflict log: the loser (its dot and value) lost to winner's dot. */
static bool log_conflict(struct db *db, const char *tbl, const char *id, const char *col,
			 uint64_t lh, const char *ls, const struct sync_value *lval,
			 uint64_t wh, const char *ws, int kind)
{
	sqlite3_stmt *st;
	int64_t seq;
	bool exists;

	if (planted_bug == 2 && kind == SYNC_CONFLICT_DELETE)   /* bug 2: deletes not logged */
		return true;
	if (lval->type == SYNC_V_NULL || secret_table(tbl))
		return true;
	st = db_stmt(db, "SELECT 1 FROM sync_conflict WHERE tbl = ? AND id = ? AND col = ? AND loser_hlc = ? "
			 "AND loser_site = ? AND winner_hlc = ? AND winner_site = ?");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, col, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)lh);
	sqlite3_bind_text(st, 5, ls, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)wh);
	sqlite3_bind_text(st, 7, ws, -1, SQLITE_STATIC);
	exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (exists)
		return true;
	if (!next_seq(db, &seq))
		return false;
	st = db_stmt(db, "INSERT INTO sync_conflict(tbl, id, col, loser_hlc, loser_site, winner_hlc, "
			 "winner_site, kind, val, seq) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, col, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)lh);
	sqlite3_bind_text(st, 5, ls, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)wh);
	sqlite3_bind_text(st, 7, ws, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, kind);
	bind_value(st, 9, lval);
	sqlite3_bind_int64(st, 10, seq);
	return db_step_done(db, st);
}

/* ------------------------------------------------------------------------ */
/* local writes (called by the triggers)                                      */

static bool local_insert(struct db *db, const char *tbl, const char *id)
{
	struct row r;
	bool ok;

	if (!row_load(db, tbl, id, &r))
		return false;
	if (r.found && r.cl % 2 == 1) {        /* already alive (cannot normally happen) */
		ctx_free(&r.ctx);
		return true;
	}
	r.cl = r.found ? r.cl + 1 : 1;
	ok = stamp(db, true, &r.hlc, &r.seq);
	copy_str(r.site, sizeof r.site, db->sync->self);
	ok = ok && row_save(db, tbl, id, &r);
	ctx_free(&r.ctx);
	return ok;
}

static bool local_cell(struct db *db, const char *tbl, const char *id, const char *col,
		       const struct sync_value *v)
{
	struct row r;
	struct cell c;
	bool ok = true;

	if (!row_load(db, tbl, id, &r))
		return false;
	if (!r.found) {       /* a row from before the identity: it exists here */
		ctx_free(&r.ctx);
		if (!local_insert(db, tbl, id) || !row_load(db, tbl, id, &r))
			return false;
	}
	if (!cell_load(db, tbl, id, col, &c)) {
		ctx_free(&r.ctx);
		return false;
	}
	ok = stamp(db, true, &c.hlc, &c.seq);
	c.cl = r.cl;
	copy_str(c.site, sizeof c.site, db->sync->self);
	ctx_raise(&c.ctx, db->sync->self, c.hlc);
	ovalue_free(&c.val);
	sync_ovalue_set(&c.val, v);
	if (ok)
		ok = cell_put(db, tbl, id, &c);
	else
		sync_cell_free(&c);
	ctx_free(&r.ctx);
	return ok;
}

static bool local_delete(struct db *db, const char *tbl, const char *id)
{
	struct row r;
	struct cell *cells;
	int n;
	bool ok;

	if (!row_load(db, tbl, id, &r))
		return false;
	if (!r.found || r.cl % 2 == 0) {
		ctx_free(&r.ctx);
		if (r.found)
			return true;
		/* a row from before the identity: it existed, now deleted */
		r = (struct row){ .cl = 1 };
		sync_ctx_parse(&r.ctx, NULL, 0);
	}
	if (!cells_of_row(db, tbl, id, &cells, &n)) {
		ctx_free(&r.ctx);
		return false;
	}
	for (int i = 0; i < n; i++)      /* the deleter saw the current cells */
		if (cells[i].cl == r.cl)
			ctx_join(&r.ctx, &cells[i].ctx);
	sync_cells_free(cells, n);
	ok = stamp(db, true, &r.hlc, &r.seq);
	ctx_raise(&r.ctx, db->sync->self, r.hlc);
	r.cl++;
	copy_str(r.site, sizeof r.site, db->sync->self);
	ok = ok && row_save(db, tbl, id, &r) && normalize(db, tbl, id, r.cl);
	ctx_free(&r.ctx);
	return ok;
}

/* ------------------------------------------------------------------------ */
/* attach, tables and triggers                                                */

bool sync_store_attach(struct db *db)
{
	db->sync = xcalloc(1, sizeof *db->sync);
	db->sync->now_ms = default_now_ms;
	return sync_pack_register(db->h);
}

static void tables_free(struct sync_conn *sc)
{
	for (int i = 0; i < 16; i++) {
		free(sc->msql[i].sql);
		sc->msql[i].sql = NULL;
		sc->msql[i].t = NULL;
	}
	for (int i = 0; i < sc->ntables; i++) {
		for (int j = 0; j < sc->tables[i].ncols; j++)
			free(sc->tables[i].cols[j].name);
		free(sc->tables[i].cols);
		free(sc->tables[i].base_sql);
		free(sc->tables[i].name);
		free(sc->tables[i].key);
	}
	free(sc->tables);
	sc->tables = NULL;
	sc->ntables = 0;
}

void sync_store_detach(struct db *db)
{
	if (!db->sync)
		return;
	dyn_free(db->sync);
	touched_forget(db->sync);
	sync_store_forget_cache(db);
	free(db->sync->img);
	tables_free(db->sync);
	free(db->sync);
	db->sync = NULL;
}

static bool ident_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' || (i > 0 && s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

static const struct sync_tbl *table_find(struct db *db, const char *name)
{
	for (int i = 0; i < db->sync->ntables; i++)
		if (strcmp(db->sync->tables[i].name, name) == 0)
			return &db->sync->tables[i];
	return NULL;
}

static bool has_sync_schema(struct db *db)
{
	sqlite3_stmt *st;
	bool yes = false;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_table'",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

static bool load_tables(struct db *db, char *err, size_t errlen)
{
	sqlite3_stmt *st, *ci;
	struct sync_conn *sc = db->sync;
	int cap = 16;

	tables_free(sc);
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM sync_table ORDER BY name", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)",
			       -1, &ci, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read sync_table: %s", sqlite3_errmsg(db->h));
		return false;
	}
	sc->tables = xcalloc((size_t)cap, sizeof *sc->tables);
	bool ok = true;
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		struct sync_tbl t = { 0 };
		int ccap = 16;
		int npk = 0;

		if (!ident_ok(name)) {
			snprintf(err, errlen, "sync_table names a table with an unusable name: %s", name);
			ok = false;
			break;
		}
		t.name = xstrdup(name);
		t.cols = xcalloc((size_t)ccap, sizeof *t.cols);
		sqlite3_bind_text(ci, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(ci) == SQLITE_ROW) {
			const char *cn = (const char *)sqlite3_column_text(ci, 0);
			const char *type = (const char *)sqlite3_column_text(ci, 1);

			if (!ident_ok(cn)) {
				snprintf(err, errlen, "synced table %s has a column with an unusable name: %s", name, cn);
				ok = false;
				break;
			}
			if (sqlite3_column_int(ci, 4) > 0) {
				npk++;
				free(t.key);
				t.key = xstrdup(cn);
				continue;
			}
			if (t.ncols == ccap) {
				ccap *= 2;
				t.cols = xrealloc(t.cols, (size_t)ccap * sizeof *t.cols);
			}
			struct sync_col *c = &t.cols[t.ncols++];
			c->name = xstrdup(cn);
			c->fill = sqlite3_column_int(ci, 2) && sqlite3_column_type(ci, 3) == SQLITE_NULL;
			c->text = !type || strstr(type, "INT") == NULL;
		}
		sqlite3_reset(ci);
		if (sc->ntables == cap) {
			cap *= 2;
			sc->tables = xrealloc(sc->tables, (size_t)cap * sizeof *sc->tables);
		}
		if (t.key) {
			struct strbuf sql = STRBUF_INIT;

			strbuf_addf(&sql, "SELECT \"%s\"", t.key);
			for (int j = 0; j < t.ncols; j++)
				strbuf_addf(&sql, ", \"%s\"", t.cols[j].name);
			strbuf_addf(&sql, " FROM \"%s\" WHERE \"%s\" = ?", t.name, t.key);
			t.base_sql = strbuf_detach(&sql);
		}
		sc->tables[sc->ntables++] = t;
		if (ok && npk != 1) {
			snprintf(err, errlen, "synced table %s needs a single-column TEXT PRIMARY KEY", name);
			ok = false;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ci);
	return ok;
}

static bool col_known(const struct sync_tbl *t, const char *col, int *idx)
{
	for (int j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].name, col) == 0) {
			*idx = j;
			return true;
		}
	return false;
}

/* Plain SQL: every change is noted in sync_dirty (a row: col ''; a field:
 * its name) and stamped by sync_store_flush_local before the next export,
 * import or digest. A sqlite3 shell can write the tables, and its writes
 * are synced like any other. */
static void gen_triggers(struct db *db, struct strbuf *sb)
{
	for (int i = 0; i < db->sync->ntables; i++) {
		const struct sync_tbl *t = &db->sync->tables[i];
		const char *k = t->key;

		/* an insert notes the row only: flush_row compares every field of
		 * a row noted so (one write per inserted row, not one per field) */
		strbuf_addf(sb, "CREATE TRIGGER kp_sync_ai_%s AFTER INSERT ON \"%s\" BEGIN\n"
			    "  INSERT OR IGNORE INTO sync_dirty(tbl, id, col) VALUES ('%s', new.\"%s\", '');\n"
			    "END;\n", t->name, t->name, t->name, k);
		strbuf_addf(sb, "CREATE TRIGGER kp_sync_au_%s AFTER UPDATE ON \"%s\" BEGIN\n"
			    "  SELECT RAISE(ABORT, 'the key of a synced row cannot change') "
			    "WHERE new.\"%s\" IS NOT old.\"%s\";\n", t->name, t->name, k, k);
		for (int j = 0; j < t->ncols; j++)
			strbuf_addf(sb, "  INSERT OR IGNORE INTO sync_dirty(tbl, id, col) SELECT '%s', new.\"%s\", '%s' "
				    "WHERE new.\"%s\" IS NOT old.\"%s\";\n", t->name, k, t->cols[j].name,
				    t->cols[j].name, t->cols[j].name);
		strbuf_addstr(sb, "END;\n");
		strbuf_addf(sb, "CREATE TRIGGER kp_sync_ad_%s AFTER DELETE ON \"%s\" BEGIN\n"
			    "  INSERT OR IGNORE INTO sync_dirty(tbl, id, col) VALUES ('%s', old.\"%s\", '');\nEND;\n",
			    t->name, t->name, t->name, k);
	}
}

bool sync_store_note_inserted(struct db *db, const char *tbl, const char *ids_sql)
{
	char *sql = xasprintf("WITH i(k) AS (%s) INSERT OR IGNORE INTO sync_dirty(tbl, id, col) "
			      "SELECT ?, k, '' FROM i", ids_sql);
	sqlite3_stmt *st;
	bool ok;

	ok = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK;
	free(sql);
	if (!ok) {
		db_set_error(db, "cannot note inserted rows");
		return false;
	}
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	ok = db_step_done(db, st);
	sqlite3_finalize(st);
	return ok;
}

/* Reads the table row key into the current values of its columns; the
 * statement is returned stepped on the row (or NULL when absent). */
static sqlite3_stmt *base_row(struct db *db, const struct sync_tbl *t, const char *key, bool *ok)
{
	sqlite3_stmt *st;
	int rc;

	*ok = true;
	st = dyn_stmt(db, t->base_sql);
	if (!st) {
		*ok = false;
		return NULL;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return st;
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read a synced table");
		*ok = false;
	}
	sqlite3_reset(st);
	return NULL;
}

/* 1 when the row has no cells in the metadata, 0 when it has, -1 on error. */
static int no_cells(struct db *db, const char *tbl, const char *id)
{
	struct img *m = img_get(db, tbl, id);

	return m ? m->n == 0 : -1;
}

/* local_insert and local_cell for every field of a row the metadata has
 * never seen (no sync_row, no sync_cell): the same records, stamped in the
 * same order, without reading back what cannot be there. */
static bool local_new_row(struct db *db, const struct sync_tbl *t, const char *key, sqlite3_stmt *b)
{
	struct row r = { .cl = 1 };
	bool ok;

	sync_ctx_parse(&r.ctx, NULL, 0);
	copy_str(r.site, sizeof r.site, db->sync->self);
	ok = stamp(db, true, &r.hlc, &r.seq) && row_save(db, t->name, key, &r);
	ctx_free(&r.ctx);
	for (int j = 0; ok && j < t->ncols; j++) {
		struct cell c = { .found = false, .cl = 1 };
		struct sync_value v;

		copy_str(c.col, sizeof c.col, t->cols[j].name);
		sync_ctx_parse(&c.ctx, NULL, 0);
		ok = stamp(db, true, &c.hlc, &c.seq);
		copy_str(c.site, sizeof c.site, db->sync->self);
		ctx_raise(&c.ctx, db->sync->self, c.hlc);
		value_from_col(b, j + 1, &v);
		sync_ovalue_set(&c.val, &v);
		if (ok)
			ok = cell_put(db, t->name, key, &c);
		else
			sync_cell_free(&c);
	}
	return ok;
}

static bool flush_row(struct db *db, const struct sync_tbl *t, const char *key)
{
	struct row r;
	bool ok;
	sqlite3_stmt *b = base_row(db, t, key, &ok);

	if (!ok || !row_load(db, t->name, key, &r)) {
		if (b)
			sqlite3_reset(b);
		return false;
	}
	bool alive = r.found && r.cl % 2 == 1;
	ctx_free(&r.ctx);
	int fresh = b && !r.found ? no_cells(db, t->name, key) : 0;
	if (fresh < 0) {
		ok = false;
	} else if (fresh) {                /* inserted here, never seen before */
		ok = local_new_row(db, t, key, b);
	} else if (b && !alive) {          /* inserted (or re-inserted) here */
		ok = local_insert(db, t->name, key);
		for (int j = 0; ok && j < t->ncols; j++) {
			struct sync_value v;

			value_from_col(b, j + 1, &v);
			ok = local_cell(db, t->name, key, t->cols[j].name, &v);
		}
	} else if (b) {                    /* fields changed here */
		/* the noted fields; the row noted ('': inserted or deleted
		 * here, e.g. again after an import had refused it): every one */
		sqlite3_stmt *d = db_stmt(db, "SELECT col FROM sync_dirty WHERE tbl = ? AND id = ? "
					      "AND col <> '' UNION ALL SELECT NULL FROM sync_dirty "
					      "WHERE tbl = ? AND id = ? AND col = ''");
		char **cols = NULL;
		int n = 0, cap = 0, rc;
		bool whole = false;

		if (!d) {
			sqlite3_reset(b);
			return false;
		}
		sqlite3_bind_text(d, 1, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(d, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(d, 3, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(d, 4, key, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(d)) == SQLITE_ROW) {
			if (sqlite3_column_type(d, 0) == SQLITE_NULL) {
				whole = true;
				continue;
			}
			if (n == cap) {
				cap = cap * 2 + 8;
				cols = xrealloc(cols, (size_t)cap * sizeof *cols);
			}
			cols[n++] = db_col_dup(d, 0);
		}
		sqlite3_reset(d);
		if (rc != SQLITE_DONE) {
			db_set_error(db, "cannot read sync_dirty");
			ok = false;
		}
		if (whole) {
			for (int i = 0; i < n; i++)
				free(cols[i]);
			n = 0;
			for (int j = 0; j < t->ncols; j++) {
				if (n == cap) {
					cap = cap * 2 + 8;
					cols = xrealloc(cols, (size_t)cap * sizeof *cols);
				}
				cols[n++] = xstrdup(t->cols[j].name);
			}
		}
		for (int i = 0; ok && i < n; i++) {
			int j;
			struct cell c;
			struct sync_value v;

			if (!col_known(t, cols[i], &j))
				continue;
			value_from_col(b, j + 1, &v);
			if (!cell_load(db, t->name, key, cols[i], &c)) {
				ok = false;
				break;
			}
			bool same = c.found && c.cl % 2 == 1 && value_eq(&c.val.v, &v);
			sync_cell_free(&c);
			if (!same)
				ok = local_cell(db, t->name, key, cols[i], &v);
		}
		for (int i = 0; i < n; i++)
			free(cols[i]);
		free(cols);
	} else if (alive) {                /* deleted here */
		ok = local_delete(db, t->name, key);
	}
	if (b)
		sqlite3_reset(b);
	return ok;
}

bool sync_store_flush_local(struct db *db)
{
	sqlite3_stmt *st;
	char **keys = NULL;
	int n = 0, cap = 0, rc;
	bool ok = true;

	if (!db->sync->has_self)
		return true;            /* site init stamps everything */
	bool outer = db->sync->cache_on, in_batch = batch_begin(db);
	if (!outer)
		cache_begin(db);
	st = db_stmt(db, "SELECT DISTINCT tbl, id FROM sync_dirty ORDER BY tbl, id");
	if (!st) {
		batch_end(db, in_batch, false);
		return false;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n + 2 > cap) {
			cap = cap * 2 + 16;
			keys = xrealloc(keys, (size_t)cap * sizeof *keys);
		}
		keys[n++] = db_col_dup(st, 0);
		keys[n++] = db_col_dup(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read sync_dirty");
		ok = false;
	}
	for (int i = 0; ok && i < n; i += 2) {
		const struct sync_tbl *t = table_find(db, keys[i]);

		if (t)
			ok = flush_row(db, t, keys[i + 1]);
	}
	for (int i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	ok = batch_end(db, in_batch, ok) && ok;
	if (!outer)
		ok = cache_end(db, ok) && ok;
	return ok && db_exec(db, "DELETE FROM sync_dirty");
}

static bool load_self_cache(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT site FROM sync_self WHERE one = 1");

	if (!st)
		return false;
	db->sync->has_self = false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		copy_str(db->sync->self, sizeof db->sync->self, (const char *)sqlite3_column_text(st, 0));
		db->sync->has_self = true;
	}
	sqlite3_reset(st);
	return true;
}

static int trigger_count(struct db *db)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
				      "AND name LIKE 'kp\\_sync\\_%' ESCAPE '\\'", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

bool sync_store_prepare(struct db *db, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char *have;
	bool ok = true;

	if (!has_sync_schema(db))
		return true;    /* an older schema opened read-only */
	if (!load_tables(db, err, errlen) || !load_self_cache(db)) {
		if (!err[0])
			snprintf(err, errlen, "cannot read the site identity: %s", db->errmsg);
		return false;
	}
	if (sqlite3_db_readonly(db->h, "main") == 1)
		return true;
	if (!db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_touched (tbl TEXT NOT NULL, id TEXT NOT NULL, "
			 "PRIMARY KEY (tbl, id)) WITHOUT ROWID")) {
		snprintf(err, errlen, "cannot set up sync: %s", db->errmsg);
		return false;
	}
	gen_triggers(db, &sb);
	have = db_setting_get(db, "sync.triggers");
	if (have && strcmp(have, strbuf_str(&sb)) == 0 && trigger_count(db) == 3 * db->sync->ntables) {
		free(have);
		strbuf_finish(&sb);
		return true;
	}
	free(have);
	/* regenerate: drop every kp_sync_ trigger and create the current set */
	ok = db_exec(db, "BEGIN IMMEDIATE");
	if (ok) {
		sqlite3_stmt *st;
		struct strbuf drop = STRBUF_INIT;

		if (sqlite3_prepare_v2(db->h, "SELECT name FROM sqlite_schema WHERE type = 'trigger' "
					      "AND name LIKE 'kp\\_sync\\_%' ESCAPE '\\'", -1, &st, NULL) == SQLITE_OK) {
			while (sqlite3_step(st) == SQLITE_ROW)
				strbuf_addf(&drop, "DROP TRIGGER \"%s\";\n", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		ok = db_exec(db, strbuf_str(&drop)) && db_exec(db, strbuf_str(&sb)) &&
		     db_setting_set(db, "sync.triggers", strbuf_str(&sb)) && db_exec(db, "COMMIT");
		strbuf_finish(&drop);
		if (!ok) {
			snprintf(err, errlen, "cannot create the sync triggers: %s", db->errmsg);
			db_exec(db, "ROLLBACK");
		}
	} else {
		snprintf(err, errlen, "cannot create the sync triggers: %s", db->errmsg);
	}
	strbuf_finish(&sb);
	return ok;
}

/* ------------------------------------------------------------------------ */
/* identity and peers                                                         */

void sync_identity_finish(struct sync_identity *id)
{
	if (!id)
		return;
	free(id->name);
	free(id->house);
	free(id->location);
	free(id->deployment);
	free(id->created_at);
	memset(id->sign_sk, 0, sizeof id->sign_sk);
	memset(id->box_sk, 0, sizeof id->box_sk);
	*id = (struct sync_identity){ 0 };
}

void sync_peer_finish(struct sync_peer *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->house);
	free(p->location);
	free(p->deployment);
	free(p->trusted_at);
	free(p->revoked_at);
	free(p->last_import);
	free(p->last_export);
	*p = (struct sync_peer){ 0 };
}

static void copy_blob(unsigned char *dst, size_t n, sqlite3_stmt *st, int col)
{
	memset(dst, 0, n);
	if (sqlite3_column_bytes(st, col) == (int)n)
		memcpy(dst, sqlite3_column_blob(st, col), n);
}

int sync_store_self(struct db *db, struct sync_identity *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT site, name, house, location, deployment, sign_pk, sign_sk, "
				       "box_pk, box_sk, created_at FROM sync_self WHERE one = 1");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_str(out->site, sizeof out->site, (const char *)sqlite3_column_text(st, 0));
		out->name = db_col_dup(st, 1);
		out->house = db_col_dup(st, 2);
		out->location = db_col_dup(st, 3);
		out->deployment = db_col_dup(st, 4);
		copy_blob(out->sign_pk, sizeof out->sign_pk, st, 5);
		copy_blob(out->sign_sk, sizeof out->sign_sk, st, 6);
		copy_blob(out->box_pk, sizeof out->box_pk, st, 7);
		copy_blob(out->box_sk, sizeof out->box_sk, st, 8);
		out->created_at = db_col_dup(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read the site identity");
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* Stamps every row of t that has no metadata yet as written here. */
static bool stamp_table(struct db *db, const struct sync_tbl *t)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	bool ok = true;
	int rc;

	strbuf_addf(&sql, "SELECT \"%s\"", t->key);
	for (int j = 0; j < t->ncols; j++)
		strbuf_addf(&sql, ", \"%s\"", t->cols[j].name);
	strbuf_addf(&sql, " FROM \"%s\" WHERE \"%s\" NOT IN (SELECT id FROM sync_row WHERE tbl = '%s')",
		    t->name, t->key, t->name);
	if (sqlite3_prepare_v2(db->h, strbuf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "cannot read a synced table");
		strbuf_finish(&sql);
		return false;
	}
	strbuf_finish(&sql);
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *id = db_col_dup(st, 0);

		ok = local_insert(db, t->name, id);
		for (int j = 0; ok && j < t->ncols; j++) {
			struct sync_value v;

			value_from_col(st, j + 1, &v);
			ok = local_cell(db, t->name, id, t->cols[j].name, &v);
		}
		free(id);
	}
	sqlite3_finalize(st);
	return ok;
}

bool sync_store_set_self(struct db *db, const struct sync_identity *id)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO sync_self(one, site, name, house, location, deployment, "
				       "sign_pk, sign_sk, box_pk, box_sk, created_at) VALUES (1,?,?,?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id->site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id->house, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, id->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, id->deployment, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, id->sign_pk, sizeof id->sign_pk, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, id->sign_sk, sizeof id->sign_sk, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, id->box_pk, sizeof id->box_pk, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, id->box_sk, sizeof id->box_sk, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, id->created_at, -1, SQLITE_STATIC);
	if (!db_step_done(db, st))
		return false;
	copy_str(db->sync->self, sizeof db->sync->self, id->site);
	db->sync->has_self = true;
	bool in_batch = batch_begin(db), ok = true;
	for (int i = 0; ok && i < db->sync->ntables; i++)
		ok = stamp_table(db, &db->sync->tables[i]);
	if (!batch_end(db, in_batch, ok) || !ok)
		goto fail;
	if (!db_exec(db, "DELETE FROM sync_dirty"))
		goto fail;
	return true;
fail:
	db->sync->has_self = false;
	return false;
}

static void peer_fill(sqlite3_stmt *st, struct sync_peer *p)
{
	memset(p, 0, sizeof *p);
	copy_str(p->site, sizeof p->site, (const char *)sqlite3_column_text(st, 0));
	p->name = db_col_dup(st, 1);
	p->house = db_col_dup(st, 2);
	p->location = db_col_dup(st, 3);
	p->deployment = db_col_dup(st, 4);
	copy_blob(p->sign_pk, sizeof p->sign_pk, st, 5);
	copy_blob(p->box_pk, sizeof p->box_pk, st, 6);
	p->trusted_at = db_col_dup(st, 7);
	p->revoked_at = db_col_dup_or_null(st, 8);
	p->have = sqlite3_column_int64(st, 9);
	p->peer_has = sqlite3_column_int64(st, 10);
	p->last_import = db_col_dup_or_null(st, 11);
	p->last_export = db_col_dup_or_null(st, 12);
}

#define PEER_SELECT "SELECT p.site, p.name, p.house, p.location, p.deployment, p.sign_pk, p.box_pk, " \
	"p.trusted_at, p.revoked_at, coalesce(a.have, 0), coalesce(a.peer_has, 0), a.last_import, " \
	"a.last_export FROM sync_peer p LEFT JOIN sync_ack a ON a.site = p.site "

int sync_store_peer_get(struct db *db, const char *site, struct sync_peer *out)
{
	sqlite3_stmt *st = db_stmt(db, PEER_SELECT "WHERE p.site = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		peer_fill(st, out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read peers");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int sync_store_peer_list(struct db *db, struct sync_peer **out)
{
	sqlite3_stmt *st = db_stmt(db, PEER_SELECT "ORDER BY p.name, p.site");
	int n = 0, cap = 8, rc;

	*out = NULL;
	if (!st)
		return -1;
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		peer_fill(st, &(*out)[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read peers");
		sync_peer_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

void sync_peer_list_free(struct sync_peer *list, int n)
{
	for (int i = 0; i < n; i++)
		sync_peer_finish(&list[i]);
	free(list);
}

bool sync_store_peer_put(struct db *db, const struct sync_peer *p)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO sync_peer(site, name, house, location, deployment, sign_pk, "
				       "box_pk, trusted_at, revoked_at) VALUES (?,?,?,?,?,?,?,?,NULL) "
				       "ON CONFLICT(site) DO UPDATE SET name = excluded.name, house = excluded.house, "
				       "location = excluded.location, deployment = excluded.deployment, "
				       "sign_pk = excluded.sign_pk, box_pk = excluded.box_pk, "
				       "trusted_at = excluded.trusted_at, revoked_at = NULL");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, p->site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->house, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, p->deployment, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, p->sign_pk, sizeof p->sign_pk, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, p->box_pk, sizeof p->box_pk, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->trusted_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool sync_store_peer_revoke(struct db *db, const char *site, const char *at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE sync_peer SET revoked_at = ? WHERE site = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, site, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

/* ------------------------------------------------------------------------ */
/* export iteration                                                           */

bool sync_store_each_row(struct db *db, int64_t above, bool by_key,
			 bool (*fn)(void *, const struct sync_rec_row *), void *arg)
{
	sqlite3_stmt *st = by_key
		? db_stmt(db, "SELECT tbl, id, cl, hlc, site, ctx, seq FROM sync_row WHERE cseq > ?1 AND seq > ?1 "
			      "ORDER BY tbl, id")
		: db_stmt(db, "SELECT tbl, id, cl, hlc, site, ctx, seq FROM sync_row WHERE cseq > ?1 AND seq > ?1 "
			      "ORDER BY cseq");
	int rc;

	if (!st || !img_flush(db))
		return false;
	sqlite3_bind_int64(st, 1, above);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sync_rec_row r = {
			.tbl = (const char *)sqlite3_column_text(st, 0),
			.id = (const char *)sqlite3_column_text(st, 1),
			.cl = sqlite3_column_int64(st, 2),
			.hlc = (uint64_t)sqlite3_column_int64(st, 3),
			.site = (const char *)sqlite3_column_text(st, 4),
			.ctx = sqlite3_column_blob(st, 5),
			.ctxlen = (size_t)sqlite3_column_bytes(st, 5),
			.seq = sqlite3_column_int64(st, 6),
		};
		if (!fn(arg, &r)) {
			sqlite3_reset(st);
			return false;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read sync_row");
		return false;
	}
	return true;
}

bool sync_store_each_cell(struct db *db, int64_t above, bool by_key,
			  bool (*fn)(void *, const struct sync_rec_cell *), void *arg)
{
	/* rows with a cell above; their cells by column */
	sqlite3_stmt *st = by_key
		? db_stmt(db, "SELECT tbl, id, cells FROM sync_row WHERE cseq > ? ORDER BY tbl, id")
		: db_stmt(db, "SELECT tbl, id, cells FROM sync_row WHERE cseq > ? ORDER BY cseq");
	bool ok = true;
	int rc;

	if (!st || !img_flush(db))
		return false;
	sqlite3_bind_int64(st, 1, above);
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0), *id = (const char *)sqlite3_column_text(st, 1);
		struct cell *cells;
		int n;

		if (!sync_unpack_cells(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2), &cells, &n)) {
			damaged(db, tbl, id);
			ok = false;
			break;
		}
		for (int i = 0; ok && i < n; i++) {
			size_t ctxlen;
			unsigned char *ctx;

			if (cells[i].seq <= above)
				continue;
			ctx = ctx_blob(&cells[i].ctx, &ctxlen);
			struct sync_rec_cell c = {
				.tbl = tbl, .id = id, .col = cells[i].col, .cl = cells[i].cl, .hlc = cells[i].hlc,
				.site = cells[i].site, .ctx = ctx, .ctxlen = ctxlen, .val = cells[i].val.v,
				.seq = cells[i].seq,
			};
			ok = fn(arg, &c);
			free(ctx);
		}
		sync_cells_free(cells, n);
	}
	sqlite3_reset(st);
	if (ok && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read sync_row");
		ok = false;
	}
	return ok;
}

bool sync_store_each_conflict(struct db *db, int64_t above, bool by_key,
			      bool (*fn)(void *, const struct sync_rec_conflict *), void *arg)
{
	sqlite3_stmt *st = by_key
		? db_stmt(db, "SELECT tbl, id, col, loser_hlc, loser_site, winner_hlc, winner_site, kind, val, seq "
			      "FROM sync_conflict WHERE seq > ? ORDER BY tbl, id, col, loser_hlc, loser_site, "
			      "winner_hlc, winner_site")
		: db_stmt(db, "SELECT tbl, id, col, loser_hlc, loser_site, winner_hlc, winner_site, kind, val, seq "
			      "FROM sync_conflict WHERE seq > ? ORDER BY seq");
	int rc;

	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, above);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sync_rec_conflict c = {
			.tbl = (const char *)sqlite3_column_text(st, 0),
			.id = (const char *)sqlite3_column_text(st, 1),
			.col = (const char *)sqlite3_column_text(st, 2),
			.loser_hlc = (uint64_t)sqlite3_column_int64(st, 3),
			.loser_site = (const char *)sqlite3_column_text(st, 4),
			.winner_hlc = (uint64_t)sqlite3_column_int64(st, 5),
			.winner_site = (const char *)sqlite3_column_text(st, 6),
			.kind = sqlite3_column_int(st, 7),
			.seq = sqlite3_column_int64(st, 9),
		};
		value_from_col(st, 8, &c.val);
		if (!fn(arg, &c)) {
			sqlite3_reset(st);
			return false;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read sync_conflict");
		return false;
	}
	return true;
}

bool sync_store_check(struct db *db, void (*report)(void *, const char *), void *ctx)
{
	sqlite3_stmt *st;
	bool ok = true;
	int rc, bad = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT tbl, id, seq, cells, cseq FROM sync_row", -1, &st, NULL) != SQLITE_OK) {
		report(ctx, "cannot read sync_row");
		return false;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0), *id = (const char *)sqlite3_column_text(st, 1);
		int64_t seq = sqlite3_column_int64(st, 2), cseq = sqlite3_column_int64(st, 4), top = seq;
		struct cell *cells;
		int n;
		char line[256];

		if (!sync_unpack_cells(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3), &cells, &n)) {
			snprintf(line, sizeof line, "sync metadata of %s %s is damaged", tbl, id);
		} else {
			for (int i = 0; i < n; i++)
				top = cells[i].seq > top ? cells[i].seq : top;
			sync_cells_free(cells, n);
			if (cseq == top)
				continue;
			/* an export finds changes by cseq: a wrong one would skip them */
			snprintf(line, sizeof line, "sync metadata of %s %s: cseq %lld, newest change %lld", tbl, id,
				 (long long)cseq, (long long)top);
		}
		if (++bad <= 20)
			report(ctx, line);
		ok = false;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		report(ctx, "cannot read sync_row");
		ok = false;
	}
	if (bad > 20) {
		char line[64];

		snprintf(line, sizeof line, "... %d rows of damaged sync metadata in all", bad);
		report(ctx, line);
	}
	return ok;
}

bool sync_store_each_visible(struct db *db,
			     bool (*fn)(void *, const char *, const char *, const char *, const struct sync_value *),
			     void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT tbl, id, cl, cells FROM sync_row WHERE cl % 2 = 1 ORDER BY tbl, id");
	bool ok = true;
	int rc;

	if (!st || !img_flush(db))
		return false;
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0), *id = (const char *)sqlite3_column_text(st, 1);
		int64_t cl = sqlite3_column_int64(st, 2);
		struct cell *cells;
		int n;

		if (!sync_unpack_cells(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3), &cells, &n)) {
			damaged(db, tbl, id);
			ok = false;
			break;
		}
		for (int i = 0; ok && i < n; i++)
			if (cells[i].cl == cl)
				ok = fn(arg, tbl, id, cells[i].col, &cells[i].val.v);
		sync_cells_free(cells, n);
	}
	sqlite3_reset(st);
	if (ok && rc != SQLITE_DONE) {
		db_set_error(db, "cannot read synced data");
		ok = false;
	}
	return ok;
}

int sync_store_acks(struct db *db, struct sync_ack **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT site, have, peer_has FROM sync_ack ORDER BY site");
	int n = 0, cap = 8, rc;

	*out = NULL;
	if (!st)
		return -1;
	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		snprintf((*out)[n].site, SYNC_SITE_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
		(*out)[n].have = sqlite3_column_int64(st, 1);
		(*out)[n].peer_has = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read sync_ack");
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

bool sync_store_note_export(struct db *db, const char *peer, const char *at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO sync_ack(site, last_export) VALUES (?, ?) "
				       "ON CONFLICT(site) DO UPDATE SET last_export = excluded.last_export");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, peer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

/* ------------------------------------------------------------------------ */
/* import                                                                     */

bool sync_store_import_begin(struct db *db)
{
	uint64_t h;

	if (db->tx_depth != 0) {
		snprintf(db->errmsg, sizeof db->errmsg, "an import must not run inside another transaction");
		return false;
	}
	if (!db_begin(db))
		return false;
	if (!sync_store_flush_local(db)) {       /* local changes first: they saw less */
		db_rollback(db);
		return false;
	}
	db->sync->importing = true;
	batch_begin(db);
	cache_begin(db);
	touched_forget(db->sync);
	sync_store_forget_cache(db);
	sqlite3_stmt *ua = db_stmt(db, "SELECT 1 FROM sync_unapplied LIMIT 1");
	int any = ua ? db_exists(db, ua, "cannot read sync_unapplied") : -1;
	db->sync->unapplied_any = any != 0;
	if (any < 0 || !db_exec(db, "DELETE FROM temp.sync_touched") ||
	    !clock_read(db, &h, &db->sync->import_seq0)) {
		sync_store_import_abort(db);
		return false;
	}
	return true;
}

void sync_store_import_abort(struct db *db)
{
	batch_end(db, false, false);
	cache_end(db, false);
	db->sync->importing = false;
	if (db->tx_depth > 0)
		db_rollback(db);
}

int64_t sync_store_import_changes(struct db *db)
{
	uint64_t h;
	int64_t seq;

	if (!clock_read(db, &h, &seq))
		return 0;
	return seq - db->sync->import_seq0;
}

int sync_store_file_seen(struct db *db, const unsigned char file_id[16])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM sync_file WHERE file_id = ?");

	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, file_id, 16, SQLITE_STATIC);
	return db_exists(db, st, "cannot read sync_file");
}

bool sync_store_merge_row(struct db *db, const struct sync_rec_row *inc)
{
	struct row r, n = { 0 };
	struct ctx ictx;
	bool ok = true;

	if (!touch(db, inc->tbl, inc->id) || !row_load(db, inc->tbl, inc->id, &r))
		return false;
	sync_ctx_parse(&ictx, inc->ctx, inc->ctxlen);
	if (!r.found) {
		n.cl = inc->cl;
		n.hlc = inc->hlc;
		copy_str(n.site, sizeof n.site, inc->site);
		n.ctx = ictx;
		ictx = (struct ctx){ 0 };
		ok = next_seq(db, &n.seq) && row_save(db, inc->tbl, inc->id, &n) &&
		     normalize(db, inc->tbl, inc->id, n.cl);
		ctx_free(&n.ctx);
	} else if (ver_cmp(inc->cl, inc->hlc, inc->site, r.cl, r.hlc, r.site) > 0) {
		ctx_join(&r.ctx, &ictx);
		if (inc->cl > r.cl && r.cl % 2 == 1) {
			struct cell *cells;
			int nc;

			ok = cells_of_row(db, inc->tbl, inc->id, &cells, &nc);
			for (int i = 0; ok && i < nc; i++)
				if (cells[i].cl == r.cl && !covers(&ictx, cells[i].hlc, cells[i].site))
					ok = log_conflict(db, inc->tbl, inc->id, cells[i].col, cells[i].hlc,
							  cells[i].site, &cells[i].val.v, inc->hlc, inc->site,
							  SYNC_CONFLICT_DELETE);
			sync_cells_free(cells, nc);
		}
		r.cl = inc->cl;
		r.hlc = inc->hlc;
		copy_str(r.site, sizeof r.site, inc->site);
		ok = ok && next_seq(db, &r.seq) && row_save(db, inc->tbl, inc->id, &r) &&
		     normalize(db, inc->tbl, inc->id, r.cl);
	} else if (ctx_join(&r.ctx, &ictx)) {   /* keep the metadata a semilattice */
		ok = next_seq(db, &r.seq) && row_save(db, inc->tbl, inc->id, &r);
	}
	ctx_free(&r.ctx);
	ctx_free(&ictx);
	return ok;
}

bool sync_store_merge_cell(struct db *db, const struct sync_rec_cell *inc)
{
	struct row r;
	struct cell cur;
	struct ctx ictx;
	bool ok = true;
	const char *tbl = inc->tbl, *id = inc->id, *col = inc->col;

	if (!touch(db, tbl, id))
		return false;
	if (!row_load(db, tbl, id, &r)) {
		ctx_free(&r.ctx);
		return false;
	}
	sync_ctx_parse(&ictx, inc->ctx, inc->ctxlen);
	if (!r.found || inc->cl > r.cl) {
		/* the cell implies a newer causal length than we know: raise it now */
		bool was_alive = r.found && r.cl % 2 == 1;
		int64_t old_cl = r.cl;

		if (was_alive) {
			struct cell *cells;
			int nc;

			ok = cells_of_row(db, tbl, id, &cells, &nc);
			for (int i = 0; ok && i < nc; i++)
				if (cells[i].cl == old_cl && !covers(&ictx, cells[i].hlc, cells[i].site))
					ok = log_conflict(db, tbl, id, cells[i].col, cells[i].hlc, cells[i].site,
							  &cells[i].val.v, inc->hlc, inc->site, SYNC_CONFLICT_DELETE);
			sync_cells_free(cells, nc);
		}
		r.found = true;
		r.cl = inc->cl;
		r.hlc = 0;
		r.site[0] = '\0';
		ok = ok && next_seq(db, &r.seq) && row_save(db, tbl, id, &r) && normalize(db, tbl, id, r.cl);
	}
	if (!ok || !cell_load(db, tbl, id, col, &cur)) {
		ctx_free(&r.ctx);
		ctx_free(&ictx);
		return false;
	}
	if (!cur.found) {
		struct cell n = { 0 };

		copy_str(n.col, sizeof n.col, col);
		n.cl = inc->cl;
		n.hlc = inc->hlc;
		copy_str(n.site, sizeof n.site, inc->site);
		n.ctx = ictx;      /* the image takes n, its context and value */
		ictx = (struct ctx){ 0 };
		sync_ovalue_set(&n.val, &inc->val);
		ok = next_seq(db, &n.seq);
		ok = cell_put(db, tbl, id, &n) && ok;
		if (ok && inc->cl < r.cl && !covers(&r.ctx, inc->hlc, inc->site))
			ok = log_conflict(db, tbl, id, col, inc->hlc, inc->site, &inc->val, r.hlc, r.site,
					  SYNC_CONFLICT_DELETE);
		/* the row's other cells already obey it; only this one may not */
		if (inc->cl < r.cl)
			ok = ok && normalize(db, tbl, id, r.cl);
		ctx_free(&r.ctx);
		sync_cell_free(&cur);
		return ok;
	}
	int cmp = ver_cmp(inc->cl, inc->hlc, inc->site, cur.cl, cur.hlc, cur.site);
	bool inc_wins = cmp > 0;
	/* winner / loser as (cl, hlc, site, ctx, value) */
	int64_t w_cl = inc_wins ? inc->cl : cur.cl, l_cl = inc_wins ? cur.cl : inc->cl;
	uint64_t w_h = inc_wins ? inc->hlc : cur.hlc, l_h = inc_wins ? cur.hlc : inc->hlc;
	const char *w_s = inc_wins ? inc->site : cur.site, *l_s = inc_wins ? cur.site : inc->site;
	const struct ctx *w_ctx = inc_wins ? &ictx : &cur.ctx;
	const struct sync_value *w_v = inc_wins ? &inc->val : &cur.val.v;
	const struct sync_value *l_v = inc_wins ? &cur.val.v : &inc->val;

	if (cmp != 0 && l_v->type != SYNC_V_NULL) {
		if (l_cl == w_cl) {
			if (!covers(w_ctx, l_h, l_s) && !value_eq(l_v, w_v))
				ok = log_conflict(db, tbl, id, col, l_h, l_s, l_v, w_h, w_s, SYNC_CONFLICT_EDIT);
		} else if (!covers(&r.ctx, l_h, l_s) && !covers(w_ctx, l_h, l_s)) {
			ok = log_conflict(db, tbl, id, col, l_h, l_s, l_v, w_h, w_s, SYNC_CONFLICT_DELETE);
		}
	}
	if (ok && inc_wins && inc->cl < r.cl && !covers(&r.ctx, inc->hlc, inc->site))
		ok = log_conflict(db, tbl, id, col, inc->hlc, inc->site, &inc->val, r.hlc, r.site,
				  SYNC_CONFLICT_DELETE);
	bool changed = ctx_join(&cur.ctx, &ictx);
	if (inc_wins) {
		changed = true;
		cur.cl = inc->cl;
		cur.hlc = inc->hlc;
		copy_str(cur.site, sizeof cur.site, inc->site);
		ovalue_free(&cur.val);
		sync_ovalue_set(&cur.val, &inc->val);
	}
	if (ok && changed) {
		if (planted_bug != 3)       /* bug 3: merged winners not re-stamped */
			ok = next_seq(db, &cur.seq);
		ok = ok && cell_save(db, tbl, id, &cur);
	}
	if (cur.cl < r.cl)        /* as above: only this cell may hold a stale value */
		ok = ok && normalize(db, tbl, id, r.cl);
	sync_cell_free(&cur);
	ctx_free(&r.ctx);
	ctx_free(&ictx);
	return ok;
}

bool sync_store_merge_conflict(struct db *db, const struct sync_rec_conflict *c)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM sync_conflict WHERE tbl = ? AND id = ? AND col = ? "
				       "AND loser_hlc = ? AND loser_site = ? AND winner_hlc = ? AND winner_site = ?");
	bool exists;
	int64_t seq;

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, c->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->col, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->loser_hlc);
	sqlite3_bind_text(st, 5, c->loser_site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->winner_hlc);
	sqlite3_bind_text(st, 7, c->winner_site, -1, SQLITE_STATIC);
	exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (exists)
		return true;
	if (!next_seq(db, &seq))
		return false;
	st = db_stmt(db, "INSERT INTO sync_conflict(tbl, id, col, loser_hlc, loser_site, winner_hlc, "
			 "winner_site, kind, val, seq) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, c->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->col, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->loser_hlc);
	sqlite3_bind_text(st, 5, c->loser_site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->winner_hlc);
	sqlite3_bind_text(st, 7, c->winner_site, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, c->kind);
	if (secret_table(c->tbl))
		sqlite3_bind_null(st, 9);
	else
		bind_value(st, 9, &c->val);
	sqlite3_bind_int64(st, 10, seq);
	return db_step_done(db, st);
}

static bool unapplied(struct db *db, const char *tbl, const char *id, const char *reason)
{
	if (!reason && !db->sync->unapplied_any)
		return true;          /* nothing to clear: the usual case */
	if (reason)
		db->sync->unapplied_any = true;
	sqlite3_stmt *st = reason
		? db_stmt(db, "INSERT OR REPLACE INTO sync_unapplied(tbl, id, reason) VALUES (?, ?, ?)")
		: db_stmt(db, "DELETE FROM sync_unapplied WHERE tbl = ? AND id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
	return db_step_done(db, st);
}

/* The upsert materialize_row runs for a row whose given fields are the
 * cells of causal length cl. Columns that need a value and have no cell get
 * '' or 0, which matters only when the row is new: an existing row keeps
 * them (the update sets the given fields only). */
static void build_upsert(const struct sync_tbl *t, const struct cell *cells, int nc, int64_t cl,
			 struct strbuf *sql)
{
	bool *given = xcalloc((size_t)t->ncols + 1, sizeof *given);
	struct strbuf vals = STRBUF_INIT, upd = STRBUF_INIT, differs = STRBUF_INIT;
	int nbind = 1;

	strbuf_addf(sql, "INSERT INTO \"%s\"(\"%s\"", t->name, t->key);
	strbuf_addstr(&vals, "?1");
	for (int i = 0; i < nc; i++) {
		int j;

		if (cells[i].cl != cl || !col_known(t, cells[i].col, &j))
			continue;
		given[j] = true;
		nbind++;
		strbuf_addf(sql, ", \"%s\"", t->cols[j].name);
		strbuf_addf(&vals, ", ?%d", nbind);
		strbuf_addf(&upd, "%s\"%s\" = excluded.\"%s\"", upd.len ? ", " : "", t->cols[j].name,
			    t->cols[j].name);
		strbuf_addf(&differs, "%s\"%s\" IS NOT excluded.\"%s\"", differs.len ? " OR " : "",
			    t->cols[j].name, t->cols[j].name);
	}
	for (int j = 0; j < t->ncols; j++)
			if (!given[j] && t->cols[j].fill) {
				strbuf_addf(sql, ", \"%s\"", t->cols[j].name);
				strbuf_addstr(&vals, t->cols[j].text ? ", ''" : ", 0");
			}
	strbuf_addf(sql, ") VALUES (%s) ON CONFLICT(\"%s\") DO ", strbuf_str(&vals), t->key);
	if (upd.len)
		strbuf_addf(sql, "UPDATE SET %s WHERE %s", strbuf_str(&upd), strbuf_str(&differs));
	else
		strbuf_addstr(sql, "NOTHING");
	strbuf_finish(&vals);
	strbuf_finish(&upd);
	strbuf_finish(&differs);
	free(given);
}

/* Writes the merged state of one row into its table. */
static bool materialize_row(struct db *db, const struct sync_tbl *t, const char *id,
			    long *written, long *deleted, long *refused)
{
	/* the row's image, read in place: nothing below asks for another row */
	struct img *m = img_get(db, t->name, id);
	bool ok = true;
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;

	if (!m)
		return false;
	const struct row r = m->r;
	const struct cell *cells = m->cells;
	int nc = m->n;
	if (!r.found)
		return true;
	if (r.cl % 2 == 0) {
		char del[160];

		snprintf(del, sizeof del, "DELETE FROM \"%s\" WHERE \"%s\" = ?", t->name, t->key);
		if (!(st = dyn_stmt(db, del)))
			return false;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		if (!ok)
			db_set_error(db, "cannot delete a merged row");
		else if (sqlite3_changes(db->h) > 0)
			(*deleted)++;
		sqlite3_reset(st);
		return ok && unapplied(db, t->name, id, NULL);
	}
	/* the statement depends only on the fields given */
	struct sync_conn *sc = db->sync;
	uint64_t mask = 0;
	int hit = -1;
	for (int i = 0; i < nc && t->ncols <= 64; i++) {
		int j;

		if (cells[i].cl == r.cl && col_known(t, cells[i].col, &j))
			mask |= UINT64_C(1) << j;
	}
	for (int i = 0; i < 16 && t->ncols <= 64 && hit < 0; i++)
		if (sc->msql[i].t == t && sc->msql[i].mask == mask)
			hit = i;
	if (hit >= 0)
		strbuf_addstr(&sql, sc->msql[hit].sql);
	else
		build_upsert(t, cells, nc, r.cl, &sql);
	if (hit < 0 && t->ncols <= 64) {
		int i = sc->msql_next;

		sc->msql_next = (i + 1) % 16;
		free(sc->msql[i].sql);
		sc->msql[i].t = t;
		sc->msql[i].mask = mask;
		sc->msql[i].sql = xstrdup(strbuf_str(&sql));
	}
	if (!(st = dyn_stmt(db, strbuf_str(&sql)))) {
		ok = false;
	} else {
		int b = 1;

		sqlite3_bind_text(st, b++, id, -1, SQLITE_STATIC);
		for (int i = 0; i < nc; i++) {
			int j;

			if (cells[i].cl != r.cl || !col_known(t, cells[i].col, &j))
				continue;
			bind_value(st, b++, &cells[i].val.v);
		}
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			if (sqlite3_changes(db->h) > 0)     /* not an unchanged row */
				(*written)++;
			ok = unapplied(db, t->name, id, NULL);
		} else if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			/* the local schema refuses it: keep the fields, report it */
			char reason[256];

			copy_str(reason, sizeof reason, sqlite3_errmsg(db->h));
			sqlite3_reset(st);
			(*refused)++;
			ok = unapplied(db, t->name, id, reason);
		} else {
			db_set_error(db, "cannot apply a merged row");
			ok = false;
		}
		sqlite3_reset(st);
	}
	strbuf_finish(&sql);
	return ok;
}

bool sync_store_settle(struct db *db, long *written, long *deleted, long *refused)
{
	struct sync_conn *sc = db->sync;
	const struct sync_tbl *t;

	if (!sc->touched_tbl || sc->settled)
		return true;
	sc->settled = true;
	t = table_find(db, sc->touched_tbl);
	/* a table this schema does not know: kept in the side tables */
	return !t || materialize_row(db, t, sc->touched_id, written, deleted, refused);
}

bool sync_store_materialize(struct db *db, long *written, long *deleted, long *refused)
{
	sqlite3_stmt *st;
	bool ok = true;
	int rc;

	if (!touch_note(db))
		return false;
	if (sqlite3_prepare_v2(db->h, "SELECT tbl, id FROM temp.sync_touched ORDER BY tbl, id", -1, &st, NULL) !=
	    SQLITE_OK) {
		db_set_error(db, "cannot read the merged rows");
		return false;
	}
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct sync_tbl *t = table_find(db, (const char *)sqlite3_column_text(st, 0));

		if (t)   /* a table this schema does not know: kept in the side tables */
			ok = materialize_row(db, t, (const char *)sqlite3_column_text(st, 1), written, deleted,
					     refused);
	}
	sqlite3_finalize(st);
	/* the merge is over: the image in hand goes back, later writes of the
	 * import (erasures, redirects) go straight through */
	ok = batch_end(db, false, ok) && ok;
	/* the writes above are not local changes */
	touched_forget(db->sync);
	return ok && db_exec(db, "DELETE FROM temp.sync_touched; DELETE FROM sync_dirty");
}

bool sync_store_import_finish(struct db *db, const unsigned char file_id[16], const char *sender,
			      int64_t lo, int64_t hi, int64_t peer_has, long changes, const char *at)
{
	sqlite3_stmt *st;
	int64_t have = 0;
	int rc;

	if (!cache_end(db, true))
		return false;
	st = db_stmt(db, "SELECT have FROM sync_ack WHERE site = ?");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sender, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		have = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* advance only over a contiguous range (bug 4: across a gap) */
	if ((planted_bug == 4 || lo <= have) && hi > have)
		have = hi;
	st = db_stmt(db, "INSERT INTO sync_ack(site, have, peer_has, last_import) VALUES (?1, ?2, ?3, ?4) "
			 "ON CONFLICT(site) DO UPDATE SET have = max(have, ?2), "
			 "peer_has = max(peer_has, ?3), last_import = ?4");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sender, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, have);
	sqlite3_bind_int64(st, 3, peer_has);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	if (!db_step_done(db, st))
		return false;
	st = db_stmt(db, "INSERT INTO sync_file(file_id, sender, imported_at, changes) VALUES (?, ?, ?, ?)");
	if (!st)
		return false;
	sqlite3_bind_blob(st, 1, file_id, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, changes);
	if (!db_step_done(db, st))
		return false;
	db->sync->importing = false;
	sync_store_forget_cache(db);
	if (!db_commit(db))
		return false;
	return true;
}

static int count_of(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int sync_store_conflict_count(struct db *db)
{
	return count_of(db, "SELECT count(*) FROM sync_conflict");
}

int sync_store_unapplied_count(struct db *db)
{
	return count_of(db, "SELECT count(*) FROM sync_unapplied");
}

bool sync_store_each_base(struct db *db,
			  bool (*fn)(void *, const char *, const char *, const char *, const struct sync_value *),
			  void *arg)
{
	for (int i = 0; i < db->sync->ntables; i++) {
		const struct sync_tbl *t = &db->sync->tables[i];
		struct strbuf sql = STRBUF_INIT;
		sqlite3_stmt *st;
		bool ok = true;
		int rc;

		strbuf_addf(&sql, "SELECT \"%s\"", t->key);
		for (int j = 0; j < t->ncols; j++)
			strbuf_addf(&sql, ", \"%s\"", t->cols[j].name);
		strbuf_addf(&sql, " FROM \"%s\" ORDER BY \"%s\"", t->name, t->key);
		rc = sqlite3_prepare_v2(db->h, strbuf_str(&sql), -1, &st, NULL);
		strbuf_finish(&sql);
		if (rc != SQLITE_OK) {
			db_set_error(db, "cannot read a synced table");
			return false;
		}
		while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);

			for (int j = 0; ok && j < t->ncols; j++) {
				struct sync_value v;

				value_from_col(st, j + 1, &v);
				ok = fn(arg, t->name, id, t->cols[j].name, &v);
			}
		}
		sqlite3_finalize(st);
		if (!ok)
			return false;
		if (rc != SQLITE_DONE) {
			db_set_error(db, "cannot read a synced table");
			return false;
		}
	}
	return true;
}

bool sync_store_raise_seq(struct db *db, int64_t at_least)
{
	uint64_t hlc;
	int64_t seq;

	if (!clock_read(db, &hlc, &seq))
		return false;
	return seq >= at_least || clock_write(db, hlc, at_least);
}

/* ------------------------------------------------------------------------ */
/* data protection                                                            */

bool sync_store_undirty(struct db *db, const char *tbl, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sync_dirty WHERE tbl = ? AND id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int sync_store_scrub_conflicts(struct db *db, const char *const *needles, const char *replacement)
{
	int changed = 0;

	for (const char *const *nd = needles; nd && *nd; nd++) {
		sqlite3_stmt *st = db_stmt(db, "UPDATE sync_conflict SET val = replace(val, ?1, ?2) "
					       "WHERE typeof(val) = 'text' AND instr(val, ?1) > 0");

		if (!**nd)
			continue;
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, *nd, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, replacement, -1, SQLITE_STATIC);
		if (!db_step_done(db, st))
			return -1;
		changed += sqlite3_changes(db->h);
	}
	return changed;
}

int sync_store_forget_erased(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE sync_conflict SET val = NULL WHERE tbl = 'contact' "
				       "AND val IS NOT NULL AND id IN (SELECT subject_id FROM erasure "
				       "WHERE subject_kind = 'contact' AND decision = 'erased')");

	if (!st || !db_step_done(db, st))
		return -1;
	return sqlite3_changes(db->h);
}

bool sync_store_resend(struct db *db, const char *tbl, const char *id)
{
	sqlite3_stmt *st;
	struct img *m;
	int64_t seq;

	if (!next_seq(db, &seq) || !(m = img_get(db, tbl, id)))
		return false;
	if (m->r.found) {
		m->r.seq = seq;
		for (int i = 0; i < m->n; i++)
			m->cells[i].seq = seq;
		if (!img_changed(db, m))
			return false;
	}
	st = db_stmt(db, "UPDATE sync_conflict SET seq = ?1 WHERE tbl = ?2 AND id = ?3");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
