/* Company search as you type, over name, CVR, town and contact names.
 *
 * Ranks, each read in its own order and concatenated (a company appears
 * once, in its best rank):
 *   1. the CVR number equals the query (8 digits);
 *   2. the CVR number starts with the query (digits; by CVR, so the list
 *      narrows in place as more digits are typed);
 *   3. the name starts with the query (case and accents folded, Danish
 *      order) — a range of the index company_sort_order;
 *   4. every word of the query starts a word of the name, town or a contact
 *      name (FTS5 company_fts), Danish order.
 * An empty query lists every company in Danish order. Merged duplicates
 * are never shown. Control characters in the query count as spaces.
 *
 * Each rank is a query with LIMIT, so a keystroke costs the rows shown,
 * not the rows that match: ranks 1-3 are index ranges read in order. */
#include "db/company_store.h"
#include "db/bench_store.h"
#include "db/db_internal.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUERY_MAX 200          /* bytes of query text looked at */
#define TOKENS_MAX 16
#define KEY_MAX (2 * QUERY_MAX + 2)

/* The sort key of the index company_sort_order (migrations 0011, 0020):
 * the same expression, or the planner will not use the index. Lower case,
 * common accents folded, "aa" as å, and æ ø å as '{' '|' '}' (after 'z').
 * A name of one-byte characters without "aa" is its lower case as it is:
 * the replace() calls would find nothing in it (0020; a build of the index
 * computes the key for every company). */
#define NO_AA(col) "instr(lower(" col "), 'aa') = 0"
#define SORT_KEY(col) \
	"CASE WHEN length(CAST(" col " AS BLOB)) = length(" col ") AND " NO_AA(col) " " \
	"THEN lower(" col ") ELSE " \
	"replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace(replace(replace(replace(replace(replace(replace(lower(" col "), " \
	"'Æ', '{'), 'æ', '{'), 'Ä', '{'), 'ä', '{'), 'Ø', '|'), 'ø', '|'), 'Ö', '|'), 'ö', '|'), " \
	"'Å', '}'), 'å', '}'), 'aa', '}'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'ü', 'y'), 'Ü', 'y') END"

/* Ties of the sort key (names equal up to case and accents) in the order
 * of COLLATE da: fewer "aa" first (Nygård before Nygaard), then by bytes.
 * With the key, the columns of the index company_sort_order (0011, 0020),
 * so the index gives the whole order and SQLite computes no key per row. */
#define SORT_TIE(col) \
	"CASE WHEN " NO_AA(col) " THEN 0 " \
	"ELSE length(" col ") - length(replace(lower(" col "), 'aa', '')) END"
#define NAME_ORDER SORT_KEY("c.name") ", " SORT_TIE("c.name") ", c.name, c.rowid"
/* Above every key: keys are UTF-8, which never holds the byte 0xff. */
#define KEY_TOP "\xff\xff\xff\xff"

/* Word matches (rank 4) are read from FTS5 once, up to dense_min rowids.
 * Below sort_max they are fetched and sorted (about 1.5 us a match); up to
 * dense_min they are marked in a bitmap and the name index is read in
 * Danish order until enough marked rows are seen (about 0.3 us a row read,
 * wanted / density rows); above, the index is read in order and each row
 * tested directly (kp_words, about 1 us a row), which spares reading all
 * the matches from FTS5. The break-even points grow with the square root
 * of rows wanted times companies; tests can fix them. */
static long fixed_sort_max, fixed_dense_min;

void bench_search_thresholds(long sort, long dense)
{
	fixed_sort_max = sort > 0 ? sort : 0;
	fixed_dense_min = dense > 0 ? dense : 0;
}

struct query {
	char text[QUERY_MAX + 1];          /* controls removed, spaces collapsed */
	char cvr[9];                       /* digits when the query is a CVR prefix */
	char cvr_hi[9];                    /* first text after that prefix */
	char key[KEY_MAX];                 /* the sort key of the text */
	size_t keylen;
	char key_hi[KEY_MAX];              /* the first key above its prefix range */
	size_t key_hilen;
	/* a final "a" may be the first half of "aa" (= å): "Nyga" also finds
	 * Nygaard and Nygård, in the range of "Nygå" (empty range otherwise) */
	char alt[KEY_MAX];
	size_t altlen;
	char alt_hi[KEY_MAX];
	size_t alt_hilen;
	char *fts;                         /* FTS5 expression, or NULL */
	char *tokens[TOKENS_MAX];          /* folded words, for contact names */
	int ntokens;
};

struct results {
	struct company_hit *hits;
	int n, cap;
	int limit;                         /* rows still wanted */
	int skip;                          /* rows of the offset still to pass */
};

/* Length of a control character at p that must not reach SQL or the
 * screen (C0, DEL, C1, bidi controls), or 0. */
static size_t control_len(const unsigned char *p, const unsigned char *end)
{
	if (*p < 0x20 || *p == 0x7f)
		return 1;
	if (*p == 0xc2 && end - p >= 2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	if (*p == 0xe2 && end - p >= 3 && p[1] == 0x80 &&
	    (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
		return 3;
	if (*p == 0xe2 && end - p >= 3 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 3;
	return 0;
}

/* Copies in to out with controls as spaces, runs of spaces as one, no
 * space at either end, cut at a character boundary within QUERY_MAX. */
static void normalise(const char *in, char *out)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + strlen(in);
	size_t n = 0;
	bool space = true;

	while (p < end) {
		size_t cl = control_len(p, end);
		if (cl || *p == ' ') {
			p += cl ? cl : 1;
			if (!space && n < QUERY_MAX)
				out[n++] = ' ';
			space = true;
			continue;
		}
		size_t clen = 1;
		while (p + clen < end && (p[clen] & 0xc0) == 0x80 && clen < 4)
			clen++;
		if (n + clen > QUERY_MAX)
			break;
		memcpy(out + n, p, clen);
		n += clen;
		p += clen;
		space = false;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* A query of digits (spaces and a "DK" prefix allowed), 1 to 8 of them. */
static void cvr_prefix(struct query *q)
{
	const char *p = q->text;
	size_t n = 0;

	if ((p[0] == 'D' || p[0] == 'd') && (p[1] == 'K' || p[1] == 'k'))
		p += 2;
	for (; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n == 8) {
			n = 0;
			break;
		}
		q->cvr[n++] = *p;
	}
	q->cvr[n] = '\0';
	memcpy(q->cvr_hi, q->cvr, n + 1);
	if (n)
		q->cvr_hi[n - 1]++;                /* '9' + 1 is ':', above every digit */
}

/* The smallest byte string above every string that starts with key. */
static size_t key_successor(const char *key, size_t len, char *out)
{
	memcpy(out, key, len);
	while (len > 0 && (unsigned char)out[len - 1] == 0xff)
		len--;
	if (len > 0)
		out[len - 1] = (char)((unsigned char)out[len - 1] + 1);
	return len;
}

/* The sort key of the query text, computed by SQLite as the index's is. */
static bool sort_key(struct db *db, struct query *q)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " SORT_KEY("?1"));
	bool ok = false;

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, q->text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		q->keylen = (size_t)sqlite3_column_bytes(st, 0);
		if (k && q->keylen < KEY_MAX) {
			memcpy(q->key, k, q->keylen);
			ok = true;
		}
	}
	if (!ok)
		db_set_error(db, "company search failed");
	sqlite3_reset(st);
	return ok;
}

static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Splits the text into words as FTS5's unicode61 does for our purposes
 * (ASCII punctuation separates, other characters belong to words) and
 * builds the expression: every word as a prefix, in name, town or contacts. */
static void tokenise(struct query *q)
{
	const char *p = q->text;
	size_t cap = 64 + 8 * strlen(p);
	char *fts = xmalloc(cap);
	size_t n = (size_t)snprintf(fts, cap, "{name town contacts} : (");

	while (*p && q->ntokens < TOKENS_MAX) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		if (p == start)
			break;
		size_t len = (size_t)(p - start);
		char *word = xstrndup(start, len);
		char *folded = xmalloc(2 * len + 6);
		db_fold_name(word, folded, 2 * len + 6);
		q->tokens[q->ntokens++] = folded;
		n += (size_t)snprintf(fts + n, cap - n, "%s\"%s\"*", q->ntokens > 1 ? " AND " : "", word);
		free(word);
	}
	snprintf(fts + n, cap - n, ")");
	if (q->ntokens)
		q->fts = fts;
	else
		free(fts);
}

static bool query_init(struct db *db, struct query *q, const char *text)
{
	memset(q, 0, sizeof *q);
	normalise(text ? text : "", q->text);
	if (!q->text[0])
		return true;
	cvr_prefix(q);
	if (!sort_key(db, q))
		return false;
	q->key_hilen = key_successor(q->key, q->keylen, q->key_hi);
	memcpy(q->alt, q->key, q->keylen);
	q->altlen = q->keylen;
	if (q->keylen > 0 && q->key[q->keylen - 1] == 'a') {
		q->alt[q->keylen - 1] = '}';
		q->alt_hilen = key_successor(q->alt, q->altlen, q->alt_hi);
	} else {
		memcpy(q->alt_hi, q->key, q->keylen);       /* an empty range */
		q->alt_hilen = q->keylen;
	}
	tokenise(q);
	return true;
}

static void query_finish(struct query *q)
{
	free(q->fts);
	for (int i = 0; i < q->ntokens; i++)
		free(q->tokens[i]);
}

/* The columns of a hit: id, cvr, name, town, and the names of the
 * company's contacts separated by U+001F (which no stored name holds);
 * match_contacts keeps those the query matched. */
#define HIT_COLS "c.id, c.cvr, c.name, c.town, " \
	"(SELECT group_concat(name, char(31)) FROM contact WHERE company_id = c.id)"

/* Steps st, passing the offset's rows and keeping up to the rows wanted.
 * Columns: HIT_COLS. */
static bool collect(struct db *db, sqlite3_stmt *st, struct results *r)
{
	int rc = SQLITE_DONE;

	while (r->limit > 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->skip > 0) {
			r->skip--;
			continue;
		}
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 32;
			r->hits = xrealloc(r->hits, (size_t)r->cap * sizeof *r->hits);
		}
		struct company_hit *h = &r->hits[r->n++];
		h->id = db_col_dup(st, 0);
		h->cvr = db_col_dup(st, 1);
		h->name = db_col_dup(st, 2);
		h->town = db_col_dup(st, 3);
		h->contacts = db_col_dup(st, 4);
		r->limit--;
	}
	if (r->limit > 0 && rc != SQLITE_DONE) {
		db_set_error(db, "company search failed");
		sqlite3_reset(st);
		return false;
	}
	sqlite3_reset(st);
	return true;
}

/* Each rank asks for the rows still wanted plus the offset not yet passed. */
static int wanted(const struct results *r)
{
	return r->limit + r->skip;
}

static void bind_key(sqlite3_stmt *st, int i, const char *k, size_t n)
{
	sqlite3_bind_text64(st, i, k, n, SQLITE_STATIC, SQLITE_UTF8);
}

static void bind_cvr_range(sqlite3_stmt *st, int i, const struct query *q)
{
	if (q->cvr[0]) {
		sqlite3_bind_text(st, i, q->cvr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, i + 1, q->cvr_hi, -1, SQLITE_STATIC);
	}
}

static bool rank_all(struct db *db, struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT c.id, c.cvr, c.name, c.town, NULL FROM company c "
				       "WHERE c.merged_into IS NULL ORDER BY " NAME_ORDER " LIMIT ?1");

	if (!st)
		return false;
	sqlite3_bind_int(st, 1, wanted(r));
	return collect(db, st, r);
}

static bool rank_cvr(struct db *db, const struct query *q, struct results *r)
{
	sqlite3_stmt *st;

	if (strlen(q->cvr) == 8) {
		st = db_stmt(db, "SELECT " HIT_COLS " FROM company c "
				 "WHERE cvr = ?1 AND merged_into IS NULL ORDER BY rowid LIMIT ?2");
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, q->cvr, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, wanted(r));
		return collect(db, st, r);
	}
	st = db_stmt(db, "SELECT " HIT_COLS " FROM company c "
			 "WHERE cvr >= ?1 AND cvr < ?2 AND merged_into IS NULL "
			 "ORDER BY cvr, rowid LIMIT ?3");
	if (!st)
		return false;
	bind_cvr_range(st, 1, q);
	sqlite3_bind_int(st, 3, wanted(r));
	return collect(db, st, r);
}

static bool name_range(struct db *db, const struct query *q, const char *lo, size_t lolen,
		       const char *hi, size_t hilen, struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " HIT_COLS " FROM company c "
				       "WHERE " SORT_KEY("c.name") " >= ?1 AND " SORT_KEY("c.name") " < ?2 "
				       "AND merged_into IS NULL "
				       "AND (?3 IS NULL OR cvr IS NULL OR cvr < ?3 OR cvr >= ?4) "
				       "ORDER BY " NAME_ORDER " LIMIT ?5");

	if (!st)
		return false;
	bind_key(st, 1, lo, lolen);
	bind_key(st, 2, hi, hilen);
	bind_cvr_range(st, 3, q);
	sqlite3_bind_int(st, 5, wanted(r));
	return collect(db, st, r);
}

/* The "a" range, then the "aa" = "å" range: together in Danish order. */
static bool rank_name_prefix(struct db *db, const struct query *q, struct results *r)
{
	if (!name_range(db, q, q->key, q->keylen, q->key_hi, q->key_hilen, r))
		return false;
	if (r->limit > 0 && q->alt_hilen && memcmp(q->alt, q->alt_hi, q->altlen) != 0)
		return name_range(db, q, q->alt, q->altlen, q->alt_hi, q->alt_hilen, r);
	return true;
}

/* Word matches exclude the earlier ranks: the CVR range, and the name
 * key ranges [key, key_hi) and [alt, alt_hi). Reading the name index in
 * order, they are skipped by reading only the pieces around them. */
#define NOT_EARLIER_CVR "AND (?6 IS NULL OR c.cvr IS NULL OR c.cvr < ?6 OR c.cvr >= ?7) "

struct piece {
	const char *lo, *hi;
	size_t lolen, hilen;
};

/* The key ranges outside the name-prefix rank, in order. */
static int outside_pieces(const struct query *q, struct piece p[3])
{
	int n = 0;
	bool alt = memcmp(q->alt, q->alt_hi, q->altlen) != 0 || q->altlen != q->alt_hilen;

	p[n++] = (struct piece){ "", q->key, 0, q->keylen };
	if (alt) {
		p[n++] = (struct piece){ q->key_hi, q->alt, q->key_hilen, q->altlen };
		p[n++] = (struct piece){ q->alt_hi, KEY_TOP, q->alt_hilen, 4 };
	} else {
		p[n++] = (struct piece){ q->key_hi, KEY_TOP, q->key_hilen, 4 };
	}
	return n;
}

/* Runs st once per piece (bound to ?2, ?3), in order, while rows are wanted. */
static bool collect_pieces(struct db *db, const struct query *q, sqlite3_stmt *st, struct results *r)
{
	struct piece p[3];
	int n = outside_pieces(q, p);
	bool ok = true;

	for (int i = 0; ok && i < n && r->limit > 0; i++) {
		bind_key(st, 2, p[i].lo, p[i].lolen);
		bind_key(st, 3, p[i].hi, p[i].hilen);
		bind_cvr_range(st, 6, q);
		sqlite3_bind_int(st, 8, wanted(r));
		ok = collect(db, st, r);
	}
	return ok;
}

/* The FTS matches' rowids, up to max of them. */
struct rowids {
	sqlite3_int64 *v;
	long n;
};

static bool fts_rowids(struct db *db, const struct query *q, long max, struct rowids *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT rowid FROM company_fts WHERE company_fts MATCH ?1 LIMIT ?2");
	long cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, q->fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? 2 * cap : 256;
			out->v = xrealloc(out->v, (size_t)cap * sizeof *out->v);
		}
		out->v[out->n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		db_set_error(db, "company search failed");
	return rc == SQLITE_DONE;
}

/* Few matches: fetch them all by rowid (a JSON list), each key computed
 * once (kp_key), sort, and look up contacts for the rows kept only. */
static bool words_sorted(struct db *db, const struct query *q, const struct rowids *ids,
			 struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "WITH m AS MATERIALIZED (SELECT c.id AS id, c.cvr AS cvr, "
				       "c.name AS name, c.town AS town, kp_key(c.name) AS k, "
				       SORT_TIE("c.name") " AS t, c.rowid AS rid "
				       "FROM company c WHERE c.rowid IN (SELECT value FROM json_each(?1)) "
				       "AND c.merged_into IS NULL " NOT_EARLIER_CVR "), "
				       "top AS (SELECT * FROM m "
				       "WHERE NOT (k >= ?2 AND k < ?3) AND NOT (k >= ?4 AND k < ?5) "
				       "ORDER BY k, t, name, rid LIMIT ?8) "
				       "SELECT id, cvr, name, town, (SELECT group_concat(name, char(31)) "
				       "FROM contact WHERE company_id = top.id) FROM top ORDER BY k, t, name, rid");
	struct strbuf list = STRBUF_INIT;

	if (!st)
		return false;
	strbuf_addch(&list, '[');
	for (long i = 0; i < ids->n; i++)
		strbuf_addf(&list, "%s%lld", i ? "," : "", (long long)ids->v[i]);
	strbuf_addch(&list, ']');
	sqlite3_bind_text(st, 1, strbuf_str(&list), -1, SQLITE_STATIC);
	bind_key(st, 2, q->key, q->keylen);
	bind_key(st, 3, q->key_hi, q->key_hilen);
	bind_key(st, 4, q->alt, q->altlen);
	bind_key(st, 5, q->alt_hi, q->alt_hilen);
	bind_cvr_range(st, 6, q);
	sqlite3_bind_int(st, 8, wanted(r));
	bool ok = collect(db, st, r);
	strbuf_finish(&list);
	return ok;
}

struct bitmap {
	unsigned char *bits;
	sqlite3_int64 max;
};

/* More: mark them in a bitmap and read the name index in Danish order. */
static bool words_bitmap(struct db *db, const struct query *q, const struct rowids *ids,
			 struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " HIT_COLS " FROM company c "
				       "WHERE " SORT_KEY("c.name") " >= ?2 AND " SORT_KEY("c.name") " < ?3 "
				       "AND c.merged_into IS NULL AND kp_bit(?1, c.rowid) " NOT_EARLIER_CVR
				       "ORDER BY " NAME_ORDER " LIMIT ?8");
	struct bitmap bm = { 0 };

	if (!st)
		return false;
	for (long i = 0; i < ids->n; i++)
		if (ids->v[i] > bm.max)
			bm.max = ids->v[i];
	bm.bits = xcalloc((size_t)(bm.max / 8 + 1), 1);
	for (long i = 0; i < ids->n; i++)
		if (ids->v[i] >= 0)
			bm.bits[ids->v[i] / 8] |= (unsigned char)(1u << (ids->v[i] % 8));
	sqlite3_bind_pointer(st, 1, &bm, "kp_bitmap", NULL);
	bool ok = collect_pieces(db, q, st, r);
	free(bm.bits);
	return ok;
}

/* Very many: read the name index in order and test each row. */
static bool words_scan(struct db *db, const struct query *q, struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " HIT_COLS " FROM company c "
				       "WHERE " SORT_KEY("c.name") " >= ?2 AND " SORT_KEY("c.name") " < ?3 "
				       "AND c.merged_into IS NULL "
				       "AND (kp_words(?1, c.name, c.town) OR kp_words(?1, c.name, c.town, "
				       "  (SELECT group_concat(name, ' ') FROM contact WHERE company_id = c.id))) "
				       NOT_EARLIER_CVR
				       "ORDER BY " NAME_ORDER " LIMIT ?8");

	if (!st)
		return false;
	sqlite3_bind_pointer(st, 1, (void *)q, "kp_query", NULL);
	return collect_pieces(db, q, st, r);
}

static long isqrt(double v)
{
	long r = 1;

	while ((double)r * (double)r < v)
		r *= 2;
	for (long step = r / 2; step > 0; step /= 2)
		if ((double)(r - step) * (double)(r - step) >= v)
			r -= step;
	return r;
}

static void thresholds(struct db *db, long wanted, long *sort_max, long *dense_min)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT max(rowid) FROM company");
	double companies = 1000;

	if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 1000)
		companies = (double)sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	*sort_max = fixed_sort_max ? fixed_sort_max : isqrt(0.2 * (double)wanted * companies);
	*dense_min = fixed_dense_min ? fixed_dense_min : isqrt(14.0 * (double)wanted * companies);
	if (*dense_min < *sort_max)
		*dense_min = *sort_max;
}

static bool rank_words(struct db *db, const struct query *q, struct results *r)
{
	struct rowids ids;
	long sort_max, dense_min;

	thresholds(db, wanted(r), &sort_max, &dense_min);
	bool ok = fts_rowids(db, q, bench_plain_sql ? -1 : dense_min, &ids);
	if (ok && ids.n > 0) {
		if (ids.n < sort_max || bench_plain_sql)
			ok = words_sorted(db, q, &ids, r);
		else if (ids.n < dense_min)
			ok = words_bitmap(db, q, &ids, r);
		else
			ok = words_scan(db, q, r);
	}
	free(ids.v);
	return ok;
}

/* True if some word of folded text starts with word. */
static bool text_has_word(const char *text, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = text; *p;) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		if (*p && strncmp(p, word, wl) == 0)
			return true;
		while (*p && word_byte((unsigned char)*p))
			p++;
	}
	return false;
}

/* True if some word of the query starts some word of name. */
static bool name_matches(const struct query *q, const char *name)
{
	size_t len = strlen(name);
	char *folded = xmalloc(2 * len + 6);
	bool hit = false;

	db_fold_name(name, folded, 2 * len + 6);
	for (int i = 0; i < q->ntokens && !hit; i++)
		hit = text_has_word(folded, q->tokens[i]);
	free(folded);
	return hit;
}

static int cmp_da(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return db_collate_da(NULL, (int)strlen(x), x, (int)strlen(y), y);
}

/* Replaces hit->contacts (every contact name, U+001F between them) with
 * the names the query matched, in Danish order, joined by ", ". */
static void match_contacts(const struct query *q, struct company_hit *hit)
{
	char *all = hit->contacts, *names[64];
	int n = 0;

	for (char *p = all; q->ntokens && *p && n < 64;) {
		char *end = strchr(p, '\x1f');
		if (end)
			*end = '\0';
		if (name_matches(q, p))
			names[n++] = p;
		p = end ? end + 1 : p + strlen(p);
	}
	qsort(names, (size_t)n, sizeof *names, cmp_da);
	struct strbuf out = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&out, ", ");
		strbuf_addstr(&out, names[i]);
	}
	hit->contacts = xstrdup(strbuf_str(&out));
	strbuf_finish(&out);
	free(all);
}

/* kp_bit(bitmap, rowid): is rowid marked? */
static void kp_bit(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct bitmap *bm = sqlite3_value_pointer(argv[0], "kp_bitmap");
	sqlite3_int64 id = sqlite3_value_int64(argv[1]);

	(void)argc;
	sqlite3_result_int(ctx, bm && id >= 0 && id <= bm->max &&
			   (bm->bits[id / 8] & (1u << (id % 8))) != 0);
}

/* True if every word of the query starts a word of one of the texts. */
static bool words_match(const struct query *q, const char *const *texts, int n)
{
	char stack[4][256], *folded[4];
	bool all = true;

	for (int i = 0; i < n; i++) {
		size_t need = 2 * strlen(texts[i]) + 6;
		folded[i] = need <= sizeof stack[i] ? stack[i] : xmalloc(need);
		db_fold_name(texts[i], folded[i], need);
	}
	for (int t = 0; t < q->ntokens && all; t++) {
		bool found = false;
		for (int i = 0; i < n && !found; i++)
			found = text_has_word(folded[i], q->tokens[t]);
		all = found;
	}
	for (int i = 0; i < n; i++)
		if (folded[i] != stack[i])
			free(folded[i]);
	return all;
}

/* kp_words(query, text...): every query word starts a word of the texts. */
static void kp_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct query *q = sqlite3_value_pointer(argv[0], "kp_query");
	const char *texts[4];
	int n = 0;

	for (int i = 1; i < argc && n < 4; i++) {
		const char *t = (const char *)sqlite3_value_text(argv[i]);
		if (t)
			texts[n++] = t;
	}
	sqlite3_result_int(ctx, q && words_match(q, texts, n));
}

/* kp_key(name): SORT_KEY(name) in one pass without SQL's sixteen
 * replace() calls (ASCII lower case; æ ä, ø ö, å as { | }; "aa" as };
 * é è as e, ü as y). Only for sorting fetched rows, never in the schema,
 * so a bare SQLite can still write the table. */
static void kp_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *p = sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]), n = 0;
	char stack[256], *out = stack;

	(void)argc;
	if (!p) {
		sqlite3_result_null(ctx);
		return;
	}
	if (len >= sizeof stack)
		out = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c == 'a' && i + 1 < len && (p[i + 1] == 'a' || p[i + 1] == 'A')) {
			out[n++] = '}';
			i++;
			continue;
		}
		if (c == 0xc3 && i + 1 < len) {
			char to = 0;
			switch (p[i + 1]) {
			case 0x86: case 0xa6: case 0x84: case 0xa4: to = '{'; break;   /* Æ æ Ä ä */
			case 0x98: case 0xb8: case 0x96: case 0xb6: to = '|'; break;   /* Ø ø Ö ö */
			case 0x85: case 0xa5: to = '}'; break;                         /* Å å */
			case 0xa9: case 0x89: case 0xa8: to = 'e'; break;              /* é É è */
			case 0xbc: case 0x9c: to = 'y'; break;                         /* ü Ü */
			default: break;
			}
			if (to) {
				out[n++] = to;
				i++;
				continue;
			}
		}
		out[n++] = (char)c;
	}
	sqlite3_result_text(ctx, out, (int)n, SQLITE_TRANSIENT);
	if (out != stack)
		free(out);
}

bool db_register_search(sqlite3 *h)
{
	int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;

	return sqlite3_create_function(h, "kp_key", 1, flags | SQLITE_DETERMINISTIC, NULL, kp_key,
				       NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "kp_bit", 2, flags, NULL, kp_bit, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "kp_words", -1, flags, NULL, kp_words, NULL, NULL) == SQLITE_OK;
}

int company_store_search(struct db *db, const char *query, int limit, int offset,
			 struct company_hit **out)
{
	struct query q;
	struct results r = { .limit = limit, .skip = offset > 0 ? offset : 0 };
	bool ok = true;

	*out = NULL;
	if (limit <= 0)
		return 0;
	if (!query_init(db, &q, query)) {
		query_finish(&q);
		return -1;
	}
	if (!q.text[0]) {
		ok = rank_all(db, &r);
	} else {
		if (q.cvr[0])
			ok = rank_cvr(db, &q, &r);
		if (ok && r.limit > 0)
			ok = rank_name_prefix(db, &q, &r);
		if (ok && r.limit > 0 && q.fts)
			ok = rank_words(db, &q, &r);
	}
	for (int i = 0; ok && i < r.n; i++)
		match_contacts(&q, &r.hits[i]);
	query_finish(&q);
	if (!ok) {
		company_hits_free(r.hits, r.n);
		return -1;
	}
	*out = r.hits;
	return r.n;
}

int company_store_similar(struct db *db, const char *name, int max, struct company_hit **out)
{
	struct query q;
	struct results r = { .limit = max };
	bool ok;

	*out = NULL;
	if (max <= 0)
		return 0;
	if (!query_init(db, &q, name)) {
		query_finish(&q);
		return -1;
	}
	q.cvr[0] = '\0';        /* a name of digits is a name here, not a CVR prefix */
	ok = !q.text[0] || rank_name_prefix(db, &q, &r);
	query_finish(&q);
	if (!ok) {
		company_hits_free(r.hits, r.n);
		return -1;
	}
	*out = r.hits;
	return r.n;
}

bool db_search_index_fill(struct db *db, long long above)
{
	/* the triggers of company_fts (migration 0019), for many rows at once */
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO company_fts(rowid, name, town, contacts) "
				       "SELECT c.rowid, c.name, c.town, "
				       "coalesce((SELECT group_concat(k.name, ' ') FROM contact k "
				       "WHERE k.company_id = c.id), '') FROM main.company c "
				       "WHERE c.rowid > ? ORDER BY c.rowid");

	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, above);
	return db_step_done(db, st);
}

long company_store_count(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM company WHERE merged_into IS NULL");
	long n = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		db_set_error(db, "cannot count companies");
	sqlite3_reset(st);
	return n;
}
