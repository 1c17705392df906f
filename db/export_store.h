/* Reading for exports: companies streamed row by row (a national database
 * holds a million), each row as text columns in the order below. */
#ifndef KP_EXPORT_STORE_H
#define KP_EXPORT_STORE_H

#include <stdbool.h>

struct db;

enum export_company_col {
	EXPORT_CO_CVR,
	EXPORT_CO_PNUMBER,
	EXPORT_CO_NAME,
	EXPORT_CO_ADDRESS,
	EXPORT_CO_POSTCODE,
	EXPORT_CO_TOWN,
	EXPORT_CO_MUNICIPALITY,      /* name, "" if unknown */
	EXPORT_CO_INDUSTRY,
	EXPORT_CO_SIZE,
	EXPORT_CO_FOUNDED,           /* "" if unknown */
	EXPORT_CO_TARGET_GROUP,      /* key */
	EXPORT_CO_GROWTH,            /* key */
	EXPORT_CO_CREATED,           /* date */
	EXPORT_CO_COUNT
};

/* Calls row() for every company that is not a pre-start person nor merged
 * into another, in Danish name order, whose municipality belongs to house
 * (NULL: any) and whose registration date is within from..to (NULL: open).
 * values are borrowed for the call; values[EXPORT_CO_COUNT] is the company's id; row returns false to stop. Returns the
 * number of rows or -1 on a database error. */
long export_store_companies(struct db *db, const char *house, const char *from, const char *to,
			    bool (*row)(void *ctx, const char *const *values), void *ctx);

#endif
