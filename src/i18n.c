/* Locale and catalogue set-up. The catalogue is looked up next to the
 * binary first (build tree: <exe dir>/po), then in the installed localedir. */
#include "config.h"
#include "src/i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool danish = true;

static bool is_english(const char *lang)
{
	return lang && (strncmp(lang, "en", 2) == 0 || strcmp(lang, "C") == 0);
}

static void bind_catalogue(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct stat sb;

	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(dir, sizeof dir, "%s/po/da/LC_MESSAGES", exe);
			if (stat(dir, &sb) == 0) {
				snprintf(dir, sizeof dir, "%s/po", exe);
				bindtextdomain(KP_PACKAGE, dir);
				return;
			}
		}
	}
	bindtextdomain(KP_PACKAGE, KP_LOCALEDIR);
}

void i18n_init(const char *lang)
{
	const char *loc = setlocale(LC_ALL, "");

	if (!loc || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
	if (!lang || !*lang) {
		const char *env = getenv("LANGUAGE");
		lang = env && *env ? env : "da";
	}
	danish = !is_english(lang);
	setenv("LANGUAGE", danish ? "da" : "en", 1);
	bind_catalogue();
	bind_textdomain_codeset(KP_PACKAGE, "UTF-8");
	textdomain(KP_PACKAGE);
}

bool i18n_is_danish(void)
{
	return danish;
}

const char *i18n_language(void)
{
	return danish ? "da" : "en";
}

const char *i18n_label(const char *label_da, const char *label_en)
{
	return danish ? label_da : label_en;
}
