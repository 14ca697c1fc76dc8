/* SPDX-License-Identifier: MIT */
/* cmd_summary.c — `securebase summary merge`: combines cohort summaries (`score --summary`) of
 * parts of a cohort into the summary of the whole, from their sufficient statistics. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "cli/import_opts.h"
#include "cli/messages.h"
#include "data/outfile.h"
#include "score/summary.h"

/* Reads a whole file into b; 0, or the exit status after a message. */
static int S_read(sb_cli *c, const char *path, sb_buf *b)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sb_cli_fail(c, EX_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
	sb_buf_reset(b);
	for (;;) {
		char *p = sb_buf_reserve(b, 65536);
		if (!p) {
			if (fd)
				close(fd);
			return sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		}
		ssize_t got = read(fd, p, 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			if (fd)
				close(fd);
			return sb_cli_fail(c, e == EISDIR ? EX_NOINPUT : EX_IOERR, "%s: cannot read: %s",
			                   path, strerror(e));
		}
		if (got == 0)
			break;
		b->len += (size_t)got;
		b->data[b->len] = '\0';
	}
	if (fd)
		close(fd);
	return 0;
}

int cmd_summary(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *out_path = NULL;
	int ch, rc = 0;
	while ((ch = getopt_long(argc, argv, ":ho:" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out_path = optarg; break;
		case 'h': return sb_cli_help(sb_msg(c->lang, SB_MSG_HELP_SUMMARY));
		default: {
			int r = sb_cli_opt_rest(c, "summary", NULL, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
		}
	}
	if (optind >= argc || strcmp(argv[optind], "merge") != 0)
		return sb_cli_usage(c, "summary", "%s", sb_msg(c->lang, SB_MSG_SUMMARY_MERGE));
	optind++;
	if (optind >= argc)
		return sb_cli_usage(c, "summary", "%s", sb_msg(c->lang, SB_MSG_SUMMARY_FILES));
	sb_resources res = { .n = 0 };
	sb_res_output(&res, "-o", out_path ? out_path : "-"); /* first: past SB_RES_MAX, inputs drop */
	for (int i = optind; i < argc; i++)
		sb_res_input(&res, "summary", argv[i]);
	const sb_bank *b;
	if ((rc = sb_cli_resources(c, &res)) != 0 || (rc = sb_cli_bank(c, &b)) != 0)
		return rc;
	sb_summary *all = NULL;
	sb_buf in = { 0 }, js = { 0 };
	if (sb_summary_new(b, &all) != SB_OK) {
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		goto done;
	}
	for (int i = optind; i < argc; i++) {
		if ((rc = S_read(c, argv[i], &in)) != 0)
			goto done;
		sb_diags d = { 0 };
		sb_status st = sb_summary_merge_json(all, in.data ? in.data : "", in.len, argv[i], &d);
		if (st != SB_OK) {
			rc = sb_cli_status(c, st, &d);
			sb_diags_free(&d);
			goto done;
		}
	}
	if (sb_summary_json(all, &js) != SB_OK || js.failed) {
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		goto done;
	}
	if (!out_path || strcmp(out_path, "-") == 0) {
		rc = sb_cli_stdout(c, js.data, js.len);
	} else {
		sb_diags d = { 0 };
		sb_status st = sb_out_save(out_path, js.data, js.len, &d);
		rc = st == SB_OK ? 0 : sb_cli_status(c, st, &d);
		sb_diags_free(&d);
	}
done:
	sb_summary_free(all);
	sb_buf_free(&in);
	sb_buf_free(&js);
	return rc;
}
