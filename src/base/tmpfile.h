/* SPDX-License-Identifier: MIT */
/* tmpfile.h — the temporary files of `score` (the repeated-id check's, the rows kept for sav and
 * dta): where they go, and one made so that nothing is left behind. */
#ifndef SB_TMPFILE_H
#define SB_TMPFILE_H

/* The directory of temporary files: $TMPDIR when set and not empty, else /tmp. */
const char *sb_tmp_dir(void);
/* A new file sb_tmp_dir()/stem.XXXXXX, unlinked at once (nothing is left behind, whatever
 * happens), close-on-exec, open for reading and writing: its descriptor, or -1 with errno. */
int sb_tmp_open(const char *stem);

#endif
