/* Recording the audit trail. Call inside the transaction of the change
 * it records, so both commit or neither does. */
#ifndef KP_AUDIT_H
#define KP_AUDIT_H

#include <stdbool.h>

struct session;

/* Appends an entry for the acting user; detail is printf-formatted (may be
 * NULL). Returns false (with the session message set) on a database error. */
bool audit_record(struct session *s, const char *action, const char *tbl,
		  const char *row_id, const char *detail_fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
