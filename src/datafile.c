/* Whole-file read and atomic, private write. Messages are translated and
 * name the file and the system's reason. */
#include "src/datafile.h"
#include "src/i18n.h"
#include "src/shared.h"
#include "src/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool read_file(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 1 << 16, n = 0;
	char *buf;
	struct stat sb;

	*data = NULL;
	*len = 0;
	if (fd < 0) {
		snprintf(err, errlen, _("cannot open %s: %s"), path, strerror(errno));
		return false;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, _("%s is a folder"), path);
		close(fd);
		return false;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
		cap = (size_t)sb.st_size + 1;
	buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= DATAFILE_MAX_READ) {
				snprintf(err, errlen, _("%s is larger than 2 GiB"), path);
				goto fail;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd != 0)
		close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return true;
fail:
	if (fd != 0)
		close(fd);
	free(buf);
	return false;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		len -= (size_t)w;
	}
	return true;
}

static bool write_file(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	char *dir_copy = xstrdup(path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	bool ok = false;

	if (fd < 0) {
		snprintf(err, errlen, _("cannot create %s: %s"), path, strerror(errno));
		goto out;
	}
	/* mkostemp creates 0600 already; make sure whatever the umask */
	if (fchmod(fd, 0600) != 0 || !write_all(fd, data, len) || fsync(fd) != 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	int dfd = open(dirname(dir_copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ok = true;
out:
	free(tmp);
	free(dir_copy);
	return ok;
}

/* Files the user names are read and written with the user's own group,
 * never the set-group-ID program's (src/shared.h). */
bool datafile_read(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
	shared_as_user();
	bool ok = read_file(path, data, len, err, errlen);
	shared_as_program();
	return ok;
}

bool datafile_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	shared_as_user();
	bool ok = write_file(path, data, len, err, errlen);
	shared_as_program();
	return ok;
}
