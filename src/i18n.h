/* Translation through gettext. English msgids; Danish is the default
 * language even where no Danish locale is installed (we run in C.UTF-8 and
 * set LANGUAGE). --lang en, or LANGUAGE=en, gives English. */
#ifndef KP_I18N_H
#define KP_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Sets LC_ALL from the environment (falling back to C.UTF-8 when the
 * character set is not UTF-8), picks the language (lang, else LANGUAGE,
 * else "da") and binds the catalogue. Call once, before anything prints. */
void i18n_init(const char *lang);
bool i18n_is_danish(void);
const char *i18n_language(void);       /* "da" or "en" */
/* Picks the label for the current language from a reference-table pair. */
const char *i18n_label(const char *label_da, const char *label_en);

#endif
