/* Set-group-ID mode (see shared.h). */
#include "src/shared.h"
#include "config.h"
#include "src/xalloc.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

bool shared_mode(void)
{
	return getegid() != getgid() || geteuid() != getuid();
}

static bool keep(const char *entry)
{
	static const char *const allowed[] = { "TERM=", "LANG=", "LANGUAGE=", "LC_ALL=", "LC_CTYPE=",
					       "LC_MESSAGES=", "LC_TIME=", "COLUMNS=", "LINES=", "NO_COLOR=",
					       "ESCDELAY=", "KNUDEPUNKT_PASSWORD_FD=", "USER=", "LOGNAME=",
					       NULL };

	for (int i = 0; allowed[i]; i++)
		if (strncmp(entry, allowed[i], strlen(allowed[i])) == 0)
			return !strchr(entry, '/');   /* no paths for gettext or terminfo */
	return false;
}

void shared_sanitize(void)
{
	size_t n = 0;

	for (char **e = environ; e && *e; e++)
		n++;
	char **kept = xcalloc(n + 3, sizeof *kept);
	size_t k = 0;
	for (char **e = environ; e && *e; e++)
		if (keep(*e))
			kept[k++] = xstrdup(*e);
	kept[k++] = xstrdup("PATH=/usr/bin:/bin");
	kept[k++] = xstrdup("HOME=/nonexistent");
	kept[k] = NULL;
	environ = kept;     /* the old array stays valid for whoever held it */
	umask(007);
}

/* A file or folder only root may change. */
static bool root_only(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0 && !S_ISLNK(sb.st_mode) && sb.st_uid == 0 &&
	       !(sb.st_mode & (S_IWGRP | S_IWOTH));
}

static char *conf_path(void)
{
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	char *bindir = dirname(exe);
	char *copy = xstrdup(bindir);
	char *prefix = dirname(copy);
	char *conf = xasprintf("%s/etc/knudepunkt.conf", strcmp(prefix, "/") == 0 ? "" : prefix);
	free(copy);
	return conf;
}

static char *read_conf(const char *conf, char *err, size_t errlen)
{
	char *dir = xstrdup(conf);
	bool safe = root_only(conf) && root_only(dirname(dir));
	char line[4096], *path = NULL;

	free(dir);
	if (!safe) {
		snprintf(err, errlen, "%s must belong to root and be writable by root only", conf);
		return NULL;
	}
	FILE *f = fopen(conf, "re");
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", conf, strerror(errno));
		return NULL;
	}
	while (!path && fgets(line, sizeof line, f)) {
		char *v = line + strspn(line, " \t");
		if (strncmp(v, "db", 2) != 0)
			continue;
		v += 2 + strspn(v + 2, " \t");
		if (*v != '=')
			continue;
		v++;
		v += strspn(v, " \t");
		v[strcspn(v, " \t\r\n")] = '\0';
		if (*v == '/')
			path = xstrdup(v);
	}
	fclose(f);
	if (!path)
		snprintf(err, errlen, "%s names no database (db = /absolute/path)", conf);
	return path;
}

char *shared_db_path(char *err, size_t errlen)
{
	char *conf = conf_path();
	struct stat sb;
	char *path;

	if (conf && lstat(conf, &sb) == 0)
		path = read_conf(conf, err, errlen);
	else
		path = xstrdup(KP_SHARED_DB);
	free(conf);
	return path;
}

static gid_t program_gid;

void shared_as_user(void)
{
	program_gid = getegid();
	if (program_gid != getgid() && setegid(getgid()) != 0)
		die("cannot drop the program's group");
}

void shared_as_program(void)
{
	if (program_gid != getegid() && setegid(program_gid) != 0)
		die("cannot take back the program's group");
}
