/* Importing companies from CSV files: decode (charset.h), split (csv.h),
 * map columns by their Danish or English header names, validate every
 * row with the company rules, match on CVR, and write all of it in one
 * transaction recorded as a batch that can be reverted as a whole.
 *
 * Rules: a new CVR creates a company; a known CVR fills fields that are
 * empty and lists the fields where the file disagrees (overwritten only
 * with update). A bad row refuses the whole import unless skip_bad, when
 * the good rows are imported and the bad ones collected for a reject file.
 * A dry run does everything but commit, so its figures are exact. */
#ifndef KP_IMPORT_H
#define KP_IMPORT_H

#include "db/import_store.h"
#include "src/charset.h"
#include "src/status.h"
#include "src/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

struct session;

enum import_field {
	IMPORT_CVR,
	IMPORT_PNUMBER,
	IMPORT_NAME,
	IMPORT_ADDRESS,
	IMPORT_POSTCODE,
	IMPORT_TOWN,
	IMPORT_MUNICIPALITY,
	IMPORT_INDUSTRY,
	IMPORT_SIZE,
	IMPORT_FOUNDED,
	IMPORT_TARGET_GROUP,
	IMPORT_GROWTH,
	IMPORT_CONTACT,
	IMPORT_ROLE,
	IMPORT_EMAIL,
	IMPORT_PHONE,
	IMPORT_FIELD_COUNT
};

const char *import_field_key(enum import_field f);     /* "cvr", "postcode" (for --map) */
const char *import_field_label(enum import_field f);   /* translated */
/* The header names recognised for f, comma-separated (static). */
const char *import_field_aliases(enum import_field f);

struct import_options {
	const char *encoding;       /* NULL or "": detect */
	char delimiter;             /* 0: detect from the header */
	const char *map;            /* "FIELD=COLUMN,..." (COLUMN by name or number), or NULL */
	const char *file_name;      /* shown in the batch list */
	bool dry_run;
	bool update;                /* overwrite fields where the file disagrees */
	bool skip_bad;              /* import the good rows, collect the bad */
	int preview_rows;           /* rows kept in the result for a preview */
};

struct import_problem {
	long line;                  /* physical line in the file, 0 for the file */
	int column;                 /* 1-based, 0 for the whole row */
	char *message;              /* translated, with the column's header */
};

struct import_disagreement {
	long line;
	char *cvr;
	enum import_field field;
	char *db_value;
	char *file_value;
};

enum import_row_status { IMPORT_ROW_NEW, IMPORT_ROW_UPDATE, IMPORT_ROW_UNCHANGED, IMPORT_ROW_BAD };

struct import_preview_row {
	long line;
	enum import_row_status status;
	char *values[IMPORT_FIELD_COUNT];   /* as in the file (trimmed), NULL if unmapped */
};

#define IMPORT_MAX_PROBLEMS 1000        /* kept in the result; all are counted */

struct import_result {
	enum charset charset;
	bool charset_detected;
	char delimiter;
	bool delimiter_detected;
	int ncolumns;
	char **header;                      /* ncolumns names as in the file */
	int column_of[IMPORT_FIELD_COUNT];  /* companies: 0-based column, or -1 */
	const char **column_label;          /* ncolumns: the field a column feeds
					       (untranslated N_() text) or NULL */
	long rows, created, updated, unchanged, rejected;
	struct import_problem *problems;
	int nproblems;                      /* kept; rejected counts them all */
	struct import_disagreement *disagreements;
	int ndisagreements;
	long disagreement_count;            /* all, kept or not */
	struct import_preview_row *preview;
	int npreview;
	struct strbuf rejects;              /* header + bad rows + error column, UTF-8 CSV */
	bool written;                       /* committed */
	char batch_id[40];                  /* "" unless written with changes */
};

void import_result_init(struct import_result *r);
void import_result_finish(struct import_result *r);

/* Imports companies from data (the file's bytes, borrowed). Returns KP_OK
 * when the rows were imported (or, with dry_run, would be); KP_ERR_INVALID
 * when the file or a row was refused, with every problem in res and the
 * first in the session message; nothing is changed then. */
enum kp_status import_companies(struct session *s, const char *data, size_t len,
				const struct import_options *opt, struct import_result *res);

/* Imports evaluations (src/import_eval.c): columns case id or CVR, date,
 * recommend 0-10, effect yes/no/don't know, comment, by their Danish or
 * English names; encoding, delimiter, dry_run and skip_bad as above (map
 * and update do not apply). created counts the answers recorded,
 * unchanged the cases already evaluated, rejected the rows that match no
 * closed case or break a rule. */
enum kp_status import_evaluations(struct session *s, const char *data, size_t len,
				  const struct import_options *opt, struct import_result *res);

/* Reverts a batch as a whole in one transaction: removes the companies and
 * contacts (or evaluations) it created and restores the fields it filled
 * or updated. Refused
 * (KP_ERR_STATE, problems listed in res) when something has been built on
 * them since: a case, a contact, or an edit. removed/restored counts. */
enum kp_status import_revert(struct session *s, const char *batch_id, long *removed,
			     long *restored, struct import_result *res);

/* The most recent batches, newest first (caller frees with
 * import_batch_list_free). */
enum kp_status import_batches(struct session *s, int limit, struct import_batch **out, int *n);

#endif
