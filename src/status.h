/* Status codes of the core, with their messages in one table. Core
 * functions return enum kp_status (or bool) and put the specific, translated
 * detail in the session (session_message); they never print. */
#ifndef KP_STATUS_H
#define KP_STATUS_H

#define KP_STATUS_LIST(X) \
	X(KP_OK, "ok") \
	X(KP_ERR_INVALID, "invalid input") \
	X(KP_ERR_DENIED, "permission denied") \
	X(KP_ERR_NOT_FOUND, "not found") \
	X(KP_ERR_DUPLICATE, "already registered") \
	X(KP_ERR_STATE, "not allowed in the current state") \
	X(KP_ERR_DB, "database error") \
	X(KP_ERR_IO, "input or output failed") \
	X(KP_ERR_REFUSED, "refused")

enum kp_status {
#define KP_STATUS_ENUM(name, msg) name,
	KP_STATUS_LIST(KP_STATUS_ENUM)
#undef KP_STATUS_ENUM
};

const char *kp_status_message(enum kp_status st);   /* translated, static */

#endif
