/* Sync between sites by files (issue 5; doc/sync-format.md).
 *
 *   sync_site_*     site identity, public cards, trusted peers (sync_site.c)
 *   sync_payload_*  the plaintext payload: encode, and a bounds-checked
 *                   parser that distrusts its input (sync_payload.c)
 *   sync_file_*     the envelope: signed, encrypted, versioned (sync_file.c)
 *   sync_export / sync_import / sync_digest   orchestration (sync.c)
 *
 * Core functions: they check the acting user's role, never print, and put
 * the reason for a failure in the session. Owner: the sync helper. */
#ifndef KP_SYNC_H
#define KP_SYNC_H

#include "db/sync_store.h"
#include "src/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct session;

#define SYNC_FORMAT_VERSION 1
#define SYNC_PAYLOAD_VERSION 2
#define SYNC_MAX_FILE (512u << 20)          /* 512 MiB */
#define SYNC_FUTURE_MS (3600 * 1000LL)      /* files dated beyond now + 1 h are held */
#define SYNC_FLAG_FULL 1                    /* payload flags */
#define SYNC_FLAG_HANDOVER 2
#define SYNC_FP_LEN 48                      /* "xxxx xxxx ..." fingerprint text */

/* --- sites --------------------------------------------------------------- */
enum kp_status sync_site_init(struct session *s, const char *name, const char *house,
			      const char *location, const char *deployment);
/* The site's public card (text, caller frees). */
enum kp_status sync_site_card(struct session *s, char **card);
/* Parses and verifies a card (self-signed); fills p (public fields) and
 * the fingerprint. Touches nothing. */
enum kp_status sync_site_read_card(struct session *s, const char *text, struct sync_peer *p,
				   char fp[SYNC_FP_LEN]);
enum kp_status sync_site_trust(struct session *s, const struct sync_peer *p);
enum kp_status sync_site_revoke(struct session *s, const char *site);
void sync_fingerprint(const unsigned char sign_pk[32], const unsigned char box_pk[32], char fp[SYNC_FP_LEN]);
/* Finds a peer by site id or by unique name. 1 found, 0 not, -1 error. */
int sync_site_find_peer(struct session *s, const char *key, struct sync_peer *out);

/* --- payload ------------------------------------------------------------- */
/* Memory for the contexts a payload names (they are rebuilt from names). */
struct sync_ctx_block {
	struct sync_ctx_block *next;
	size_t used, cap;
	unsigned char b[];
};

struct sync_payload {
	const char *sender, *recipient;
	bool full;
	bool handover;              /* one case handed over (sync handover) */
	int64_t lo, hi;
	uint64_t max_hlc;
	size_t nacks, nrows, ncells, nconflicts;
	struct sync_ack *acks;
	struct sync_rec_row *rows;
	struct sync_rec_cell *cells;
	struct sync_rec_conflict *conflicts;
	struct sync_ctx_block *ctxmem;  /* the contexts, as SYNC_CTX_ENTRY entries */
};

/* Parses buf (which must outlive p; strings point into it). On failure
 * returns false with a reason in err. Only the canonical encoding the
 * writer below produces is accepted (the fuzz target re-encodes). */
bool sync_payload_parse(const unsigned char *buf, size_t len, struct sync_payload *p,
			char *err, size_t errlen);
void sync_payload_free(struct sync_payload *p);
/* The version a payload says it has, -1 when it is not a payload. */
long sync_payload_version(const unsigned char *buf, size_t len);
/* A causal context: sorted entries of SYNC_CTX_ENTRY bytes. */
bool sync_ctx_valid(const unsigned char *ctx, size_t len);

/* Writing a payload (doc/sync-format.md, "Payload"): the header, then the
 * records section by section (rows, then fields, then conflicts); a row's
 * fields are grouped when given one after another. */
struct sync_writer;
struct sync_writer *sync_writer_new(const char *sender, const char *recipient, unsigned flags, int64_t lo,
				    int64_t hi, const struct sync_ack *acks, size_t nacks);
void sync_writer_row(struct sync_writer *w, const struct sync_rec_row *r);
void sync_writer_cell(struct sync_writer *w, const struct sync_rec_cell *c);
void sync_writer_conflict(struct sync_writer *w, const struct sync_rec_conflict *c);
/* The payload (caller frees) with the newest HLC of the records; frees w. */
unsigned char *sync_writer_finish(struct sync_writer *w, uint64_t max_hlc, size_t *len);

/* Encoding primitives (little-endian; strings carry their NUL). The digest
 * hashes records in this fixed-width form, which is also payload version
 * 1's and must not change (every site must hash alike). */
struct strbuf;
void sync_put_u8(struct strbuf *b, unsigned v);
void sync_put_u32(struct strbuf *b, uint32_t v);
void sync_put_u64(struct strbuf *b, uint64_t v);
void sync_put_str(struct strbuf *b, const char *s);
void sync_put_bytes(struct strbuf *b, const unsigned char *p, size_t n);
void sync_put_value(struct strbuf *b, const struct sync_value *v);
void sync_put_row(struct strbuf *b, const struct sync_rec_row *r);
void sync_put_cell(struct strbuf *b, const struct sync_rec_cell *c);
void sync_put_conflict(struct strbuf *b, const struct sync_rec_conflict *c);

/* --- envelope ------------------------------------------------------------ */
struct sync_envelope_info {
	uint16_t version;
	char deployment[65];
	char sender[SYNC_SITE_LEN];
	char recipient[SYNC_SITE_LEN];
	unsigned char file_id[16];
	uint64_t max_hlc;
};

/* The cleartext header, read before anything is authenticated (pure: no
 * database, no keys; fuzzed). On SYNC_HDR_OK, *end is the offset of the
 * recipient table and *nrecip its count (not yet checked). info is filled
 * as far as the header was read. */
enum sync_header {
	SYNC_HDR_OK, SYNC_HDR_TOO_LARGE, SYNC_HDR_MAGIC, SYNC_HDR_TRUNCATED, SYNC_HDR_NEWER,
	SYNC_HDR_VERSION, SYNC_HDR_DEPLOYMENT, SYNC_HDR_SITES,
};
enum sync_header sync_file_header(const unsigned char *buf, size_t len, struct sync_envelope_info *info,
				  size_t *end, unsigned *nrecip);

/* Seals plaintext for recipients (the first is the addressee). *out is
 * caller-freed. */
bool sync_file_seal(const struct sync_identity *self, const struct sync_peer *recipients, size_t nrecip,
		    const unsigned char file_id[16], uint64_t max_hlc,
		    const unsigned char *plain, size_t plen, unsigned char **out, size_t *outlen);
/* Opens a file in the order of SYNC.md: size, magic, version, deployment,
 * known and unrevoked sender, signature, our key, decrypt, final tag, no
 * trailing bytes. On success *plain (caller-freed) holds the payload. The
 * status tells refusals (KP_ERR_REFUSED) from damage (KP_ERR_INVALID). */
enum kp_status sync_file_open(struct session *s, const struct sync_identity *self,
			      const unsigned char *buf, size_t len, struct sync_envelope_info *info,
			      unsigned char **plain, size_t *plen);

/* --- export and import --------------------------------------------------- */
struct sync_export_result {
	long rows, cells, conflicts;
	int64_t lo, hi;
	size_t bytes;
	bool beyond_house;          /* a recipient is a site of another house */
	long withheld;              /* records held back: no consent to sharing */
	long released;              /* rows held back before, sent now */
};

/* Everything peer lacks (all with full), sealed to peer and the extra
 * recipients. *out is caller-freed. */
enum kp_status sync_export_mem(struct session *s, const char *peer, bool full,
			       const char *const *also, size_t nalso,
			       unsigned char **out, size_t *outlen, struct sync_export_result *res);
/* Hands one case over to peer (a site of another house, usually): the case
 * and its company with what they need (contacts, consent history, journal,
 * timeline, referrals, evaluations, members, audit keys, the users named),
 * sealed to peer like any sync file. The hand-over is recorded in the
 * case's timeline (and travels in the file) and in the audit trail. Needs
 * ACT_SYNC and the right to edit the case (a supervisor of its house). The
 * file covers no range of changes: acknowledgements do not move. */
enum kp_status sync_handover_mem(struct session *s, const char *case_id, const char *peer,
				 unsigned char **out, size_t *outlen, struct sync_export_result *res);
enum kp_status sync_handover_file(struct session *s, const char *case_id, const char *peer, const char *path,
				  struct sync_export_result *res);
/* The same, written to path (0600, temporary name, fsync, rename). */
enum kp_status sync_export_file(struct session *s, const char *peer, bool full, const char *path,
				struct sync_export_result *res);

struct sync_import_result {
	bool already;               /* the file had been applied before */
	bool held;                  /* dated in the future: not applied */
	char sender[SYNC_SITE_LEN];
	long rows, cells, conflicts;          /* records in the file */
	long changes;                         /* metadata changes made */
	long written, deleted, refused;       /* rows of the synced tables */
	long new_conflicts;
	long erasures;              /* contacts erased here because of the file */
	long handed_over;           /* cases received by a hand-over */
	long redirected;            /* rows moved to the survivor of a company merge */
	bool compacted;             /* after erasures: the file was compacted */
	uint64_t max_hlc;                     /* the newest clock in the file (held: its date) */
};

enum sync_import_flags { SYNC_IMPORT_ACCEPT_FUTURE = 1 };

enum kp_status sync_import_mem(struct session *s, const unsigned char *buf, size_t len, int flags,
			       struct sync_import_result *res);
enum kp_status sync_import_file(struct session *s, const char *path, int flags,
				struct sync_import_result *res);

/* Canonical hashes (hex, 32 characters): of the visible synced data, and of
 * the sync metadata with the conflict log. */
enum kp_status sync_digest(struct session *s, char data[33], char meta[33]);

/* File helpers: read a whole file (size-capped); write privately. */
enum kp_status sync_read_all(struct session *s, const char *path, unsigned char **buf, size_t *len);
enum kp_status sync_write_private(struct session *s, const char *path, const unsigned char *buf, size_t len);

#endif
