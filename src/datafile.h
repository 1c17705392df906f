/* Files with personal data: read whole (bounded), written safely. A
 * written file is created 0600 under a temporary name in the target's
 * folder, flushed with fsync, and renamed over the target, so a reader
 * never sees half a file and a crash leaves the old one. */
#ifndef KP_DATAFILE_H
#define KP_DATAFILE_H

#include <stdbool.h>
#include <stddef.h>

#define DATAFILE_MAX_READ ((size_t)2 << 30)    /* 2 GiB */

/* Reads path ("-" is standard input) into *data (caller frees, NUL added
 * after len bytes). On failure err holds the reason. */
bool datafile_read(const char *path, char **data, size_t *len, char *err, size_t errlen);

/* Writes len bytes to path as described above. */
bool datafile_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
