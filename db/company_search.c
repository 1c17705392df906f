/* Company search as you type, over name, CVR, town and contact names.
 *
 * Ranks, each read in its own order and concatenated (a company appears
 * once, in its best rank):
 *   1. the CVR number equals the query (8 digits);
 *   2. the CVR number starts with the query (digits; by CVR, so the list
 *      narrows in place as more digits are typed);
 *   3. the name starts with the query (case and accents folded, Danish
 *      order) — a byte range of the index company_da_key;
 *   4. every word of the query starts a word of the name, town or a contact
 *      name (FTS5 company_fts), Danish order.
 * An empty query lists every company in Danish order. Merged duplicates
 * are never shown. Control characters in the query count as spaces.
 *
 * Each rank is a query with LIMIT, so a keystroke costs the rows shown,
 * not the rows that match: ranks 1-3 are index ranges read in order. */
#include "db/company_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUERY_MAX 200          /* bytes of query text looked at */
#define TOKENS_MAX 16

struct query {
	char text[QUERY_MAX + 1];          /* controls removed, spaces collapsed */
	char cvr[9];                       /* digits when the query is a CVR prefix */
	char cvr_hi[9];                    /* first text after that prefix */
	unsigned char key[DB_DA_KEY_MAX(QUERY_MAX)];
	size_t keylen;
	unsigned char key_hi[DB_DA_KEY_MAX(QUERY_MAX)];
	size_t key_hilen;
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
static size_t key_successor(const unsigned char *key, size_t len, unsigned char *out)
{
	memcpy(out, key, len);
	while (len > 0 && out[len - 1] == 0xff)
		len--;
	if (len > 0)
		out[len - 1]++;
	return len;
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

static void query_init(struct query *q, const char *text)
{
	memset(q, 0, sizeof *q);
	normalise(text ? text : "", q->text);
	if (!q->text[0])
		return;
	cvr_prefix(q);
	q->keylen = db_da_key(q->text, strlen(q->text), false, q->key);
	q->key_hilen = key_successor(q->key, q->keylen, q->key_hi);
	tokenise(q);
}

static void query_finish(struct query *q)
{
	free(q->fts);
	for (int i = 0; i < q->ntokens; i++)
		free(q->tokens[i]);
}

/* Steps st, passing the offset's rows and keeping up to the rows wanted.
 * Columns: id, cvr, name, town. */
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
		h->contacts = NULL;
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

static void bind_blob(sqlite3_stmt *st, int i, const unsigned char *b, size_t n)
{
	sqlite3_bind_blob64(st, i, b, n, SQLITE_STATIC);
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
	sqlite3_stmt *st = db_stmt(db, "SELECT id, cvr, name, town FROM company "
				       "WHERE merged_into IS NULL ORDER BY da_key(name), rowid LIMIT ?1");

	if (!st)
		return false;
	sqlite3_bind_int(st, 1, wanted(r));
	return collect(db, st, r);
}

static bool rank_cvr(struct db *db, const struct query *q, struct results *r)
{
	sqlite3_stmt *st;

	if (strlen(q->cvr) == 8) {
		st = db_stmt(db, "SELECT id, cvr, name, town FROM company "
				 "WHERE cvr = ?1 AND merged_into IS NULL ORDER BY rowid LIMIT ?2");
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, q->cvr, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, wanted(r));
		return collect(db, st, r);
	}
	st = db_stmt(db, "SELECT id, cvr, name, town FROM company "
			 "WHERE cvr >= ?1 AND cvr < ?2 AND merged_into IS NULL "
			 "ORDER BY cvr, rowid LIMIT ?3");
	if (!st)
		return false;
	bind_cvr_range(st, 1, q);
	sqlite3_bind_int(st, 3, wanted(r));
	return collect(db, st, r);
}

static bool rank_name_prefix(struct db *db, const struct query *q, struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, cvr, name, town FROM company "
				       "WHERE da_key(name) >= ?1 AND da_key(name) < ?2 "
				       "AND merged_into IS NULL "
				       "AND (?3 IS NULL OR cvr IS NULL OR cvr < ?3 OR cvr >= ?4) "
				       "ORDER BY da_key(name), rowid LIMIT ?5");

	if (!st)
		return false;
	bind_blob(st, 1, q->key, q->keylen);
	bind_blob(st, 2, q->key_hi, q->key_hilen);
	bind_cvr_range(st, 3, q);
	sqlite3_bind_int(st, 5, wanted(r));
	return collect(db, st, r);
}

static bool rank_words(struct db *db, const struct query *q, struct results *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT c.id, c.cvr, c.name, c.town FROM company c "
				       "WHERE c.rowid IN (SELECT rowid FROM company_fts "
				       "                  WHERE company_fts MATCH ?1) "
				       "AND c.merged_into IS NULL "
				       "AND NOT (da_key(c.name) >= ?2 AND da_key(c.name) < ?3) "
				       "AND (?4 IS NULL OR c.cvr IS NULL OR c.cvr < ?4 OR c.cvr >= ?5) "
				       "ORDER BY da_key(c.name), c.rowid LIMIT ?6");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, q->fts, -1, SQLITE_STATIC);
	bind_blob(st, 2, q->key, q->keylen);
	bind_blob(st, 3, q->key_hi, q->key_hilen);
	bind_cvr_range(st, 4, q);
	sqlite3_bind_int(st, 6, wanted(r));
	return collect(db, st, r);
}

/* True if some word of the query starts some word of name (folded). */
static bool name_matches(const struct query *q, const char *name)
{
	size_t len = strlen(name);
	char *folded = xmalloc(2 * len + 6);
	bool hit = false;

	db_fold_name(name, folded, 2 * len + 6);
	for (const char *p = folded; *p && !hit;) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		for (int i = 0; i < q->ntokens && !hit; i++)
			hit = *p && strncmp(p, q->tokens[i], strlen(q->tokens[i])) == 0;
		while (*p && word_byte((unsigned char)*p))
			p++;
	}
	free(folded);
	return hit;
}

/* Fills hit->contacts with the names of its contacts that the query
 * matched, joined by ", " in Danish order. */
static bool match_contacts(struct db *db, const struct query *q, struct company_hit *hit)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT name FROM contact WHERE company_id = ?1 "
				       "ORDER BY name COLLATE da");
	size_t n = 0;
	int rc;

	if (!st)
		return false;
	hit->contacts = xstrdup("");
	if (!q->ntokens)
		return true;
	sqlite3_bind_text(st, 1, hit->id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (!name || !name_matches(q, name))
			continue;
		size_t len = strlen(name);
		hit->contacts = xrealloc(hit->contacts, n + len + 3);
		if (n) {
			memcpy(hit->contacts + n, ", ", 2);
			n += 2;
		}
		memcpy(hit->contacts + n, name, len + 1);
		n += len;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "company search failed");
		return false;
	}
	return true;
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
	query_init(&q, query);
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
		ok = match_contacts(db, &q, &r.hits[i]);
	query_finish(&q);
	if (!ok) {
		company_hits_free(r.hits, r.n);
		return -1;
	}
	*out = r.hits;
	return r.n;
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
