/* The randomized sync simulation of SYNC.md ("Proof"), driving the real
 * code with N real databases: random inserts, edits, deletes and
 * re-inserts on a small key pool so edits collide; edits right after an
 * import; equal and skewed clocks; files lost, duplicated, reordered,
 * misrouted and replayed; then a flush around a random ring, so changes
 * must be relayed. Invariants checked: identical data and metadata digests
 * at every site; every field equals the maximum version written to it (an
 * oracle from the event log); no silent loss (every value that is not final
 * was overwritten by someone who had it, or is in the conflict log);
 * acknowledgements are true; re-importing changes nothing; the local HLC
 * never goes backwards; deleted rows keep no values; the search index
 * (company_fts, kept by local triggers as merged rows arrive) finds a
 * contact name exactly when the table has it.
 *
 * usage: sim [--seed N] [--seeds K] [--sites N] [--steps S] [--profile
 *            normal|equal|misroute] [--bug B] [--expect-fail] [--quiet]
 * A failure prints the seed and the command that replays it. */
#include "tests/sync/synctest.h"
#include "db/db.h"
#include "db/sync_internal.h"
#include "db/sync_store.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NPK 12
#define MAXS 16
static const char *const COLS[] = { "name", "phone", "email" };
#define NCOLS 3

/* --- deterministic random numbers (splitmix64) --------------------------- */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int rint_(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static double rfrac(void)
{
	return (double)(rnd() >> 11) / (double)(1ULL << 53);
}

/* --- the world ------------------------------------------------------------ */
struct write {
	int pk, col, site;
	int64_t cl;
	uint64_t hlc;
	char val[48];
	bool overwritten;      /* overwritten by a local write that had it */
};

struct file {
	int dest;
	unsigned char *buf;
	size_t len;
};

struct world {
	int n;
	struct tsite t[MAXS];
	sqlite3 *rd[MAXS];          /* read connections for the checks */
	char site_id[MAXS][SYNC_SITE_LEN];
	uint64_t last_hlc[MAXS];
	int64_t time;
	struct write *w;
	size_t nw, capw;
	struct file *fl;            /* in flight */
	size_t nfl, capfl;
	struct file *old;           /* delivered files, for the replay check */
	size_t nold, capold;
	int misroute_pct;
	long stats_files, stats_lost, stats_dups, stats_misrouted, stats_imports;
	char fail[512];
};

static bool failf(struct world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool failf(struct world *w, const char *fmt, ...)
{
	va_list ap;

	if (w->fail[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(w->fail, sizeof w->fail, fmt, ap);
	va_end(ap);
	return false;
}

static char pkname[NPK][40];

static int64_t q_int(sqlite3 *h, const char *sql, const char *a1, const char *a2)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		die("%s: %s", sql, sqlite3_errmsg(h));
	if (a1)
		sqlite3_bind_text(st, 1, a1, -1, SQLITE_STATIC);
	if (a2)
		sqlite3_bind_text(st, 2, a2, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static bool alive(struct world *w, int s, int pk)
{
	return q_int(w->rd[s], "SELECT count(*) FROM contact WHERE id = ?", pkname[pk], NULL) > 0;
}

/* current (cl, hlc, site) of a field at site s; false when absent */
struct ver {
	bool found;
	int64_t cl;
	uint64_t hlc;
	char site[SYNC_SITE_LEN];
};

static struct ver field_ver(struct world *w, int s, int pk, int col)
{
	struct ver v = { 0 };
	sqlite3_stmt *st;

	sqlite3_prepare_v2(w->rd[s], "SELECT kp_sync_cell(cells, ?2, 'cl'), kp_sync_cell(cells, ?2, 'hlc'), "
			   "kp_sync_cell(cells, ?2, 'site') FROM sync_row WHERE tbl = 'contact' AND id = ?1",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, pkname[pk], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, COLS[col], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		v.found = true;
		v.cl = sqlite3_column_int64(st, 0);
		v.hlc = (uint64_t)sqlite3_column_int64(st, 1);
		snprintf(v.site, sizeof v.site, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return v;
}

static int64_t row_cl(struct world *w, int s, int pk)
{
	int64_t v = q_int(w->rd[s], "SELECT cl FROM sync_row WHERE tbl = 'contact' AND id = ?", pkname[pk], NULL);

	return v < 0 ? 0 : v;
}

static int site_index(struct world *w, const char *id)
{
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->site_id[i], id) == 0)
			return i;
	return -1;
}

static struct write *find_write(struct world *w, int pk, int col, uint64_t hlc, int site)
{
	for (size_t i = 0; i < w->nw; i++)
		if (w->w[i].pk == pk && w->w[i].col == col && w->w[i].hlc == hlc && w->w[i].site == site)
			return &w->w[i];
	return NULL;
}

static bool check_clock(struct world *w, int s)
{
	uint64_t h;
	int64_t seq;

	if (!sync_store_clock(w->t[s].s->db, &h, &seq))
		return failf(w, "cannot read the clock");
	if (h < w->last_hlc[s])
		return failf(w, "site %d: HLC went backwards", s);
	w->last_hlc[s] = h;
	return true;
}

/* Local changes at site s: run ops, then stamp them (as every sync
 * operation does first) and record the writes with their versions. */
static bool local_ops(struct world *w, int s, int nops, int fix_pk, int fix_col)
{
	struct ver before[NPK][NCOLS];
	int64_t cl_before[NPK];

	for (int pk = 0; pk < NPK; pk++) {
		cl_before[pk] = row_cl(w, s, pk);
		for (int c = 0; c < NCOLS; c++)
			before[pk][c] = field_ver(w, s, pk, c);
	}
	for (int i = 0; i < nops; i++) {
		int pk = fix_pk >= 0 ? fix_pk : rint_(NPK);
		int v = rint_(1000);

		if (fix_pk >= 0) {
			if (alive(w, s, pk))
				tsite_exec(&w->t[s], false, "UPDATE contact SET %s = '%s-fix%d:%d' WHERE id = '%s'",
					   COLS[fix_col], COLS[fix_col], s, v, pkname[pk]);
		} else if (!alive(w, s, pk)) {
			if (rfrac() < 0.7)
				tsite_exec(&w->t[s], false, "INSERT INTO contact(id, company_id, name, phone, email, "
					   "created_at) VALUES ('%s', 'c', 'name-%d:%d', 'phone-%d:%d', 'email-%d:%d', "
					   "'2026-03-02')", pkname[pk], s, v, s, v, s, v);
		} else if (rfrac() < 0.12) {
			tsite_exec(&w->t[s], false, "DELETE FROM contact WHERE id = '%s'", pkname[pk]);
		} else {
			int c = rint_(NCOLS);

			tsite_exec(&w->t[s], false, "UPDATE contact SET %s = '%s-%d:%d' WHERE id = '%s'", COLS[c], COLS[c],
				   s, v, pkname[pk]);
		}
	}
	if (!db_begin(w->t[s].s->db) || !sync_store_flush_local(w->t[s].s->db) || !db_commit(w->t[s].s->db))
		return failf(w, "flush failed: %s", db_errmsg(w->t[s].s->db));
	for (int pk = 0; pk < NPK; pk++) {
		int64_t cl = row_cl(w, s, pk);
		bool deleted = cl != cl_before[pk] && cl % 2 == 0;

		for (int c = 0; c < NCOLS; c++) {
			struct ver a = field_ver(w, s, pk, c);
			struct ver b = before[pk][c];

			/* a value that was current here and is replaced by a local change */
			bool replaced = b.found && b.cl == cl_before[pk] && cl_before[pk] % 2 == 1 &&
					(deleted || (a.found && strcmp(a.site, w->site_id[s]) == 0 &&
						     (a.hlc != b.hlc || strcmp(a.site, b.site) != 0)));
			if (replaced) {
				struct write *o = find_write(w, pk, c, b.hlc, site_index(w, b.site));

				if (o)
					o->overwritten = true;
			}
			if (a.found && strcmp(a.site, w->site_id[s]) == 0 &&
			    !(b.found && a.hlc == b.hlc && strcmp(a.site, b.site) == 0)) {
				if (w->nw == w->capw) {
					w->capw = w->capw * 2 + 64;
					w->w = xrealloc(w->w, w->capw * sizeof *w->w);
				}
				struct write *n = &w->w[w->nw++];
				memset(n, 0, sizeof *n);
				n->pk = pk;
				n->col = c;
				n->site = s;
				n->cl = a.cl;
				n->hlc = a.hlc;
				sqlite3_stmt *st;
				sqlite3_prepare_v2(w->rd[s], "SELECT kp_sync_cell(cells, ?2, 'val') FROM sync_row "
							     "WHERE tbl = 'contact' AND id = ?1", -1, &st, NULL);
				sqlite3_bind_text(st, 1, pkname[pk], -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 2, COLS[c], -1, SQLITE_STATIC);
				if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
					snprintf(n->val, sizeof n->val, "%s", (const char *)sqlite3_column_text(st, 0));
				sqlite3_finalize(st);
			}
		}
	}
	return check_clock(w, s);
}

static void push_file(struct file **arr, size_t *n, size_t *cap, int dest, const unsigned char *buf, size_t len)
{
	if (*n == *cap) {
		*cap = *cap * 2 + 16;
		*arr = xrealloc(*arr, *cap * sizeof **arr);
	}
	(*arr)[*n].dest = dest;
	(*arr)[*n].buf = xmalloc(len);
	memcpy((*arr)[*n].buf, buf, len);
	(*arr)[*n].len = len;
	(*n)++;
}

static bool export_to(struct world *w, int s, int p, bool full, unsigned char **buf, size_t *len)
{
	const char *also[MAXS];
	size_t na = 0;
	struct sync_export_result er;

	for (int i = 0; i < w->n; i++)   /* sealed to every site, so a misrouted file can be read */
		if (i != s && i != p)
			also[na++] = w->site_id[i];
	if (sync_export_mem(w->t[s].s, w->site_id[p], full, also, na, buf, len, &er) != KP_OK)
		return failf(w, "export %d->%d failed: %s", s, p, session_message(w->t[s].s));
	w->stats_files++;
	return check_clock(w, s);
}

static bool deliver(struct world *w, int dest, const unsigned char *buf, size_t len, struct sync_import_result *r)
{
	enum kp_status st = sync_import_mem(w->t[dest].s, buf, len, 0, r);

	w->stats_imports++;
	if (st == KP_OK)
		return check_clock(w, dest);
	if (strstr(session_message(w->t[dest].s), "written by this site"))
		return true;              /* a misrouted file back to its sender */
	return failf(w, "import at %d failed: %s", dest, session_message(w->t[dest].s));
}

static bool step(struct world *w, int stepno)
{
	double a;

	if (rfrac() < 0.6)       /* otherwise: the same millisecond as the previous event */
		w->time += 1 + rint_(3000);
	for (int i = 0; i < w->n; i++)
		w->t[i].now_ms = w->time;
	a = rfrac();
	if (a < 0.55) {
		return local_ops(w, rint_(w->n), 1 + rint_(4), -1, 0);
	} else if (a < 0.8) {
		int s = rint_(w->n), p = rint_(w->n - 1);
		unsigned char *buf;
		size_t len;

		p = p >= s ? p + 1 : p;
		if (!export_to(w, s, p, false, &buf, &len))
			return false;
		if (rfrac() < 0.15) {
			w->stats_lost++;
		} else {
			int dest = p;

			if (rint_(100) < w->misroute_pct) {
				dest = rint_(w->n);
				w->stats_misrouted++;
			}
			push_file(&w->fl, &w->nfl, &w->capfl, dest, buf, len);
			if (rfrac() < 0.15) {
				push_file(&w->fl, &w->nfl, &w->capfl, dest, buf, len);
				w->stats_dups++;
			}
		}
		free(buf);
	} else if (w->nfl > 0) {
		size_t i = (size_t)rint_((int)w->nfl);
		struct file f = w->fl[i];
		struct sync_import_result r;

		w->fl[i] = w->fl[--w->nfl];
		if (!deliver(w, f.dest, f.buf, f.len, &r))
			return false;
		if (rfrac() < 0.3 && r.cells > 0 && !r.already)   /* the user corrects imported data at once */
			if (!local_ops(w, f.dest, 1, rint_(NPK), rint_(NCOLS)))
				return false;
		if (rfrac() < 0.1)        /* replayed later */
			push_file(&w->fl, &w->nfl, &w->capfl, f.dest, f.buf, f.len);
		else
			push_file(&w->old, &w->nold, &w->capold, f.dest, f.buf, f.len);
		free(f.buf);
	}
	(void)stepno;
	return true;
}

static bool quiesce(struct world *w)
{
	struct sync_import_result r;
	int order[MAXS];

	while (w->nfl > 0) {        /* stragglers, in random order */
		size_t i = (size_t)rint_((int)w->nfl);
		struct file f = w->fl[i];

		w->fl[i] = w->fl[--w->nfl];
		bool ok = deliver(w, f.dest, f.buf, f.len, &r);
		push_file(&w->old, &w->nold, &w->capold, f.dest, f.buf, f.len);
		free(f.buf);
		if (!ok)
			return false;
	}
	for (int i = 0; i < w->n; i++)
		order[i] = i;
	for (int i = w->n - 1; i > 0; i--) {      /* a random ring */
		int j = rint_(i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (int round = 0; round < 2 * w->n + 2; round++) {
		struct file *fs = NULL;
		size_t nf = 0, cap = 0;

		for (int k = 0; k < w->n; k++) {
			int s = order[k];
			int nb[2] = { order[(k + 1) % w->n], order[(k + w->n - 1) % w->n] };

			for (int e = 0; e < (w->n > 2 ? 2 : 1); e++) {
				unsigned char *buf;
				size_t len;

				if (!export_to(w, s, nb[e], false, &buf, &len))
					return false;
				push_file(&fs, &nf, &cap, nb[e], buf, len);
				free(buf);
			}
		}
		for (size_t i = nf; i > 1; i--) {
			size_t j = (size_t)rint_((int)i);
			struct file t = fs[i - 1];

			fs[i - 1] = fs[j];
			fs[j] = t;
		}
		bool ok = true;
		for (size_t i = 0; i < nf; i++) {
			ok = ok && deliver(w, fs[i].dest, fs[i].buf, fs[i].len, &r);
			free(fs[i].buf);
		}
		free(fs);
		if (!ok)
			return false;
	}
	return true;
}

/* P.have[S] = k promises: every entry S holds with seq <= k is dominated at P. */
static bool check_acks(struct world *w)
{
	for (int p = 0; p < w->n; p++)
		for (int s = 0; s < w->n; s++) {
			if (s == p)
				continue;
			int64_t k = q_int(w->rd[p], "SELECT have FROM sync_ack WHERE site = ?", w->site_id[s], NULL);
			sqlite3_stmt *st;

			if (k <= 0)
				continue;
			sqlite3_prepare_v2(w->rd[s], "SELECT r.tbl, r.id, c.value ->> 'col', c.value ->> 'cl', "
					   "c.value ->> 'hlc', c.value ->> 'site' FROM sync_row r, "
					   "json_each(kp_sync_cells(r.cells)) c WHERE c.value ->> 'seq' <= ?",
					   -1, &st, NULL);
			sqlite3_bind_int64(st, 1, k);
			while (sqlite3_step(st) == SQLITE_ROW) {
				sqlite3_stmt *q;
				bool ok = false;

				sqlite3_prepare_v2(w->rd[p], "SELECT (kp_sync_cell(cells, ?6, 'cl'), "
							     "kp_sync_cell(cells, ?6, 'hlc'), kp_sync_cell(cells, ?6, 'site')) "
							     ">= (?1, ?2, ?3) FROM sync_row WHERE tbl = ?4 AND id = ?5",
							     -1, &q, NULL);
				sqlite3_bind_int64(q, 1, sqlite3_column_int64(st, 3));
				sqlite3_bind_int64(q, 2, sqlite3_column_int64(st, 4));
				sqlite3_bind_text(q, 3, (const char *)sqlite3_column_text(st, 5), -1, SQLITE_TRANSIENT);
				for (int c = 0; c < 3; c++)
					sqlite3_bind_text(q, 4 + c, (const char *)sqlite3_column_text(st, c), -1,
							  SQLITE_TRANSIENT);
				if (sqlite3_step(q) == SQLITE_ROW)
					ok = sqlite3_column_int(q, 0) == 1;
				sqlite3_finalize(q);
				if (!ok) {
					sqlite3_finalize(st);
					return failf(w, "acknowledgement unsound: site %d claims %lld of site %d", p,
						     (long long)k, s);
				}
			}
			sqlite3_finalize(st);
		}
	return true;
}

/* The search index follows the merged rows: at every site, every contact
 * name ever written is found by a phrase search in the index exactly when
 * a plain scan of the contacts finds it, and the index's stored contact
 * names are the table's. */
static bool check_fts(struct world *w)
{
	for (int s = 0; s < w->n; s++) {
		char *index = NULL, *table = NULL;
		sqlite3_stmt *st;

		for (size_t i = 0; i < w->nw; i++) {
			if (w->w[i].col != 0)
				continue;
			char *phrase = xasprintf("contacts : \"%s\"", w->w[i].val);
			int64_t found = q_int(w->rd[s], "SELECT count(*) FROM company_fts WHERE company_fts MATCH ?",
					      phrase, NULL);
			int64_t scan = q_int(w->rd[s], "SELECT count(*) > 0 FROM contact WHERE company_id = 'c' "
						       "AND name = ?", w->w[i].val, NULL);
			free(phrase);
			if (found != scan)
				return failf(w, "site %d: the search index %s '%s' but the table %s", s,
					     found ? "finds" : "does not find", w->w[i].val, scan ? "has it" : "does not");
		}
		if (sqlite3_prepare_v2(w->rd[s], "SELECT (SELECT contacts FROM company_fts WHERE rowid = "
				       "(SELECT rowid FROM company WHERE id = 'c')), (SELECT group_concat(name, ' ') "
				       "FROM (SELECT name FROM contact WHERE company_id = 'c' ORDER BY name))", -1, &st,
				       NULL) != SQLITE_OK)
			die("fts: %s", sqlite3_errmsg(w->rd[s]));
		if (sqlite3_step(st) == SQLITE_ROW) {
			index = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
			table = xstrdup(sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
		}
		sqlite3_finalize(st);
		/* the same names, whatever their order in the index */
		bool same = index && table && strlen(index) == strlen(table);
		for (char *save = NULL, *tok = same ? strtok_r(table, " ", &save) : NULL; tok && same;
		     tok = strtok_r(NULL, " ", &save)) {
			size_t n = strlen(tok);
			const char *p = index;

			same = false;
			while ((p = strstr(p, tok)) && !same) {
				same = (p == index || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0');
				p++;
			}
		}
		free(index);
		free(table);
		if (!same)
			return failf(w, "site %d: the search index's contact names are not the table's", s);
	}
	return true;
}

static bool check(struct world *w)
{
	char d0[33], m0[33];

	for (int s = 0; s < w->n; s++) {
		char d[33], m[33];

		if (sync_digest(w->t[s].s, d, m) != KP_OK)
			return failf(w, "digest failed: %s", session_message(w->t[s].s));
		if (s == 0) {
			memcpy(d0, d, sizeof d);
			memcpy(m0, m, sizeof m);
		} else if (strcmp(d, d0) != 0) {
			return failf(w, "data diverged: site %d differs from site 0", s);
		} else if (strcmp(m, m0) != 0) {
			return failf(w, "metadata diverged: site %d differs from site 0", s);
		}
		if (q_int(w->rd[s], "SELECT count(*) FROM sync_row r, json_each(kp_sync_cells(r.cells)) c "
				    "WHERE c.value ->> 'cl' < r.cl AND c.value ->> 'val' IS NOT NULL", NULL, NULL) != 0)
			return failf(w, "site %d keeps values of deleted rows", s);
	}
	if (!check_acks(w))
		return false;
	if (!check_fts(w))
		return false;
	/* oracle: every field is the maximum version written to it */
	for (int pk = 0; pk < NPK; pk++)
		for (int c = 0; c < NCOLS; c++) {
			struct ver f = field_ver(w, 0, pk, c);
			struct write *best = NULL;

			for (size_t i = 0; i < w->nw; i++) {
				struct write *x = &w->w[i];

				if (x->pk != pk || x->col != c)
					continue;
				if (!best || x->cl > best->cl ||
				    (x->cl == best->cl && (x->hlc > best->hlc ||
							   (x->hlc == best->hlc &&
							    strcmp(w->site_id[x->site], w->site_id[best->site]) > 0))))
					best = x;
			}
			if (!best != !f.found)
				return failf(w, "field %s.%s exists without a write (or the reverse)", pkname[pk], COLS[c]);
			if (best && (best->cl != f.cl || best->hlc != f.hlc || strcmp(w->site_id[best->site], f.site) != 0))
				return failf(w, "field %s.%s is not the maximum write", pkname[pk], COLS[c]);
		}
	/* no silent loss */
	for (size_t i = 0; i < w->nw; i++) {
		struct write *x = &w->w[i];
		struct ver f = field_ver(w, 0, x->pk, x->col);
		int64_t rcl = row_cl(w, 0, x->pk);

		if (f.found && f.hlc == x->hlc && strcmp(f.site, w->site_id[x->site]) == 0 && rcl % 2 == 1 && f.cl == rcl)
			continue;
		if (x->overwritten)
			continue;
		if (q_int(w->rd[0], "SELECT count(*) FROM sync_conflict WHERE tbl = 'contact' AND id = ? AND col = ? "
				    "AND loser_hlc = ? AND loser_site = ?", NULL, NULL) < 0)
			die("query");
		sqlite3_stmt *st;
		bool logged = false;

		sqlite3_prepare_v2(w->rd[0], "SELECT count(*) FROM sync_conflict WHERE tbl = 'contact' AND id = ? "
					     "AND col = ? AND loser_hlc = ? AND loser_site = ?", -1, &st, NULL);
		sqlite3_bind_text(st, 1, pkname[x->pk], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, COLS[x->col], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)x->hlc);
		sqlite3_bind_text(st, 4, w->site_id[x->site], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			logged = sqlite3_column_int(st, 0) > 0;
		sqlite3_finalize(st);
		if (logged)
			continue;
		/* an equal value that lost is not lost */
		bool same = false;
		for (size_t j = 0; j < w->nw && !same; j++)
			same = j != i && w->w[j].pk == x->pk && w->w[j].col == x->col && w->w[j].cl == x->cl &&
			       strcmp(w->w[j].val, x->val) == 0;
		if (same)
			continue;
		return failf(w, "value %s of %s.%s (site %d) lost without a conflict-log entry", x->val, pkname[x->pk],
			     COLS[x->col], x->site);
	}
	/* re-importing delivered files, and full snapshots, changes nothing */
	for (size_t i = 0; i < w->nold; i++) {
		struct sync_import_result r;

		if (!deliver(w, w->old[i].dest, w->old[i].buf, w->old[i].len, &r))
			return false;
		if (!r.already && r.changes != 0)
			return failf(w, "re-importing an old file changed site %d", w->old[i].dest);
	}
	for (int s = 0; s < w->n; s++) {
		int p = (s + 1) % w->n;
		unsigned char *buf;
		size_t len;
		struct sync_import_result r;

		if (!export_to(w, s, p, true, &buf, &len))
			return false;
		bool ok = deliver(w, p, buf, len, &r);
		free(buf);
		if (!ok)
			return false;
		if (r.changes != 0)
			return failf(w, "a full snapshot changed site %d (not idempotent)", p);
	}
	return true;
}

/* A migrated database with the admin and without seed rows, copied for
 * every site. */
static char *make_template(const char *dir)
{
	struct tsite t = { 0 };
	char *path = xasprintf("%s/template.db", dir);
	char err[512];
	struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);

	(void)t;
	if (!db)
		die("%s", err);
	if (!db_exec(db, "INSERT INTO app_user(id, login, name, initials, role, location, created_at) "
			 "VALUES ('00000000-0000-7000-8000-000000000001', 'admin', 'Admin', 'AD', 'admin', "
			 "'aarhus', '2026-01-01T00:00:00Z');"
			 "DELETE FROM organisation; "
			 /* the company of the contacts: its search row holds their names */
			 "INSERT INTO company(id, name, name_key, created_at, created_by) "
			 "VALUES ('c', 'Simulation', 'simulation', '2026-01-01T00:00:00Z', 'x'); "
			 "DELETE FROM sync_dirty; PRAGMA wal_checkpoint(TRUNCATE)"))
		die("template: %s", db_errmsg(db));
	db_close(db);
	return path;
}

static void copy_file(const char *from, const char *to)
{
	char *cmd = xasprintf("cp '%s' '%s'", from, to);

	if (system(cmd) != 0)
		die("cannot copy %s", from);
	free(cmd);
}

static int run(uint64_t seed, int n, int steps, const char *profile, bool quiet)
{
	struct world w;
	char *dir;
	char *tmpl;
	int rc;

	memset(&w, 0, sizeof w);
	rng_state = seed * 0x2545f4914f6cdd1dULL + 1;
	dir = access("/dev/shm", W_OK) == 0 ? xstrdup("/dev/shm/kp-sim-XXXXXX") : xstrdup("/tmp/kp-sim-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp");
	tmpl = make_template(dir);
	w.n = n;
	w.time = INT64_C(1772442000000);
	w.misroute_pct = strcmp(profile, "misroute") == 0 ? 40 : 10;
	for (int i = 0; i < NPK; i++)
		snprintf(pkname[i], sizeof pkname[i], "0190aaaa-0000-7000-8000-%012d", i);
	for (int i = 0; i < n; i++) {
		char name[32];
		struct tsite *t = &w.t[i];

		snprintf(name, sizeof name, "site%02d", i);
		t->path = xasprintf("%s/%s.db", dir, name);
		copy_file(tmpl, t->path);
		t->now_ms = w.time;
		if (strcmp(profile, "equal") == 0)
			t->skew_ms = 0;
		else if (i == 0)
			t->skew_ms = 10 * 60000;         /* a laptop 10 minutes fast */
		else if (i == 1)
			t->skew_ms = -10 * 60000;        /* ... and one 10 minutes slow */
		else
			t->skew_ms = i % 2 ? 0 : rint_(10001) - 5000;
		tsite_reopen(t);
		if (sync_site_init(t->s, name, "midtjylland", "aarhus", "sim") != KP_OK)
			die("site init: %s", session_message(t->s));
		snprintf(w.site_id[i], sizeof w.site_id[i], "%s", tsite_id(t));
		if (sqlite3_open_v2(t->path, &w.rd[i], SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		    !sync_pack_register(w.rd[i]))
			die("cannot open %s", t->path);
	}
	tsite_trust_all(w.t, n);
	bool ok = true;
	for (int i = 0; ok && i < steps; i++) {
		ok = step(&w, i);
		if (ok && i % 25 == 24)
			ok = check_acks(&w);
	}
	ok = ok && quiesce(&w) && check(&w);
	if (!quiet || !ok)
		printf("seed %llu, %d sites, %d steps, profile %s: %s%s (%zu writes, %ld files, %ld lost, %ld dups, "
		       "%ld misrouted, %ld imports)\n", (unsigned long long)seed, n, steps, profile,
		       ok ? "ok" : "FAILED: ", ok ? "" : w.fail, w.nw, w.stats_files, w.stats_lost, w.stats_dups,
		       w.stats_misrouted, w.stats_imports);
	rc = ok ? 0 : 1;
	for (int i = 0; i < n; i++) {
		sqlite3_close(w.rd[i]);
		tsite_close(&w.t[i]);
		free(w.t[i].path);
	}
	for (size_t i = 0; i < w.nfl; i++)
		free(w.fl[i].buf);
	for (size_t i = 0; i < w.nold; i++)
		free(w.old[i].buf);
	free(w.fl);
	free(w.old);
	free(w.w);
	tmpdir_remove(dir);
	free(dir);
	free(tmpl);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "seeds", required_argument, NULL, 'k' },
		{ "sites", required_argument, NULL, 'n' },
		{ "steps", required_argument, NULL, 't' },
		{ "profile", required_argument, NULL, 'p' },
		{ "bug", required_argument, NULL, 'b' },
		{ "expect-fail", no_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t seed = 1;
	int seeds = 1, n = 3, steps = 300, bug = -1, opt, failures = 0;
	const char *profile = "normal";
	bool expect_fail = false, quiet = false;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'k': seeds = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 't': steps = atoi(optarg); break;
		case 'p': profile = optarg; break;
		case 'b': bug = atoi(optarg); break;
		case 'x': expect_fail = true; break;
		case 'q': quiet = true; break;
		default: return 2;
		}
	}
	if (n < 2 || n > MAXS)
		die("--sites must be 2..%d", MAXS);
	if (bug >= 0)
		sync_store_plant_bug(bug);
	for (int k = 0; k < seeds; k++) {
		uint64_t sd = seed + (uint64_t)k;

		if (run(sd, n, steps, profile, quiet) != 0) {
			failures++;
			if (!expect_fail)
				printf("replay: %s --seed %llu --sites %d --steps %d --profile %s%s\n", argv[0],
				       (unsigned long long)sd, n, steps, profile, bug > 0 ? " --bug N" : "");
			if (expect_fail)
				break;
		}
	}
	if (expect_fail) {
		printf(failures ? "the planted bug %d was caught\n" : "the planted bug %d was NOT caught in %d seeds\n",
		       sync_store_planted_bug(), seeds);
		return failures ? 0 : 1;
	}
	printf("%d of %d seeds failed\n", failures, seeds);
	return failures ? 1 : 0;
}
