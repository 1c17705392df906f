/* The status message table. */
#include "src/status.h"
#include "src/i18n.h"

static const char *const messages[] = {
#define KP_STATUS_MSG(name, msg) N_(msg),
	KP_STATUS_LIST(KP_STATUS_MSG)
#undef KP_STATUS_MSG
};

const char *kp_status_message(enum kp_status st)
{
	if ((unsigned)st >= sizeof messages / sizeof messages[0])
		return "?";
	return _(messages[st]);
}
