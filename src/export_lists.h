/* The lists of the supervision and directory screens as CSV rows, for
 * export_build (src/export.c): caseload, queue, follow-ups, partners and
 * the audit trail. Only export.c includes this. */
#ifndef KP_EXPORT_LISTS_H
#define KP_EXPORT_LISTS_H

#include "src/export.h"

/* Appends the header and the rows of list k (EXPORT_CASELOAD and later),
 * filtered by f, to csv (UTF-8, delimiter delim) and counts them in *rows.
 * Every list is read through the core function its screen calls, so the
 * same rights apply; a filter that does not apply to k is refused
 * (KP_ERR_INVALID). */
enum kp_status export_list_build(struct session *s, enum export_kind k,
				 const struct export_filter *f, struct strbuf *csv, char delim,
				 long *rows);

/* For the kinds before EXPORT_CASELOAD: refuses the filters of the lists
 * above (idle, overdue, sort, theme, area, actor, action, record). */
enum kp_status export_list_refuse_extra(struct session *s, enum export_kind k,
					const struct export_filter *f);

#endif
