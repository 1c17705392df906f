/* Shared by the import files (src/import.c, src/import_eval.c) only. */
#ifndef KP_IMPORT_INTERNAL_H
#define KP_IMPORT_INTERNAL_H

#include "src/import.h"

/* A header name lower-cased (ASCII and Æ Ø Å É) without spaces and
 * punctuation ("CVR-nr." gives "cvrnr"). Caller frees. */
char *import_normalise(const char *s);
/* Whether name (normalised) is one of the comma-separated aliases. */
bool import_alias_match(const char *aliases, const char *name);
/* Records a problem, prefixed with the line and the column's header. */
void import_problem_add(struct import_result *r, long line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Records a problem with the whole file and sets the session message. */
enum kp_status import_fail_file(struct session *s, struct import_result *r, const char *msg);
/* Decodes data to UTF-8 in text, by opt->encoding or detected. */
enum kp_status import_decode(struct session *s, const char *data, size_t len,
			     const struct import_options *opt, struct import_result *r,
			     struct strbuf *text);

#endif
