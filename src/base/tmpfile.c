/* SPDX-License-Identifier: MIT */
/* tmpfile.c — temporary files in $TMPDIR, unlinked as soon as they are made. */
#include "base/tmpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/buf.h"

const char *sb_tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

int sb_tmp_open(const char *stem)
{
	sb_buf p = { 0 };
	sb_buf_printf(&p, "%s/%s.XXXXXX", sb_tmp_dir(), stem);
	if (p.failed) {
		sb_buf_free(&p);
		errno = ENOMEM;
		return -1;
	}
	int fd = mkostemp(p.data, O_CLOEXEC);
	if (fd >= 0)
		unlink(p.data);
	sb_buf_free(&p);
	return fd;
}
