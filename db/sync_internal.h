/* Sync metadata records shared by db/sync_store.c (the merge) and
 * db/sync_pack.c (how a row's cells are stored). db/ only. */
#ifndef KP_SYNC_INTERNAL_H
#define KP_SYNC_INTERNAL_H

#include "db/sync_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct sqlite3_value;

/* A causal context: per site the highest HLC seen, sorted by site. */
struct ctx {
	size_t n, cap;
	struct ctx_e {
		char site[SYNC_SITE_LEN];
		uint64_t h;
	} *e;
};

/* An owned copy of a value (bytes duplicated, NUL-terminated). */
struct ovalue {
	struct sync_value v;
	unsigned char *buf;
};

/* One field's version (cl, hlc, site), context, value and local seq. */
struct cell {
	bool found;
	char col[128];
	int64_t cl;
	uint64_t hlc;
	char site[SYNC_SITE_LEN];
	struct ctx ctx;
	struct ovalue val;
	int64_t seq;
};

/* A context from its SYNC_CTX_ENTRY form (len 0: empty), and a copy. */
void sync_ctx_parse(struct ctx *c, const unsigned char *p, size_t len);
void sync_ctx_copy(struct ctx *dst, const struct ctx *src);
/* A value read from SQLite (text and blob bytes borrowed). */
void sync_value_from_sqlite(struct sqlite3_value *v, struct sync_value *out);
void sync_ovalue_set(struct ovalue *o, const struct sync_value *v);
void sync_cell_free(struct cell *c);
void sync_cells_free(struct cell *cells, int n);
/* dst becomes an independent copy of src. */
void sync_cell_copy(struct cell *dst, const struct cell *src);

/* Packs n cells (sorted by column) into a new blob of *len bytes; *max_seq
 * gets their highest seq (0 for none). */
unsigned char *sync_pack_cells(const struct cell *cells, int n, size_t *len, int64_t *max_seq);
/* Unpacks a blob (NULL or empty: no cells) into a new array the caller
 * frees with sync_cells_free. False when the blob is damaged. */
bool sync_unpack_cells(const unsigned char *p, size_t len, struct cell **out, int *n);

/* SQL functions over packed cells, for the conflicts screen, the changes
 * waiting count, the migration that packed the old per-field table, and
 * tests (see db/sync_pack.c). */
bool sync_pack_register(struct sqlite3 *h);

#endif
