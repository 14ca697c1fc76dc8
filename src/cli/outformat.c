/* SPDX-License-Identifier: MIT */
/* outformat.c — the format of every command's output, decided one way (see outformat.h). */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <sys/mman.h>

#include "cli/outformat.h"
#include "cli/messages.h"
#include "base/alloc.h"
#include "score/statfile.h"

static const char *const S_names[SB_OUT_N] = { "text", "md", "html", "pdf", "json", "csv",
	                                       "jsonl", "sav", "dta" };

static const struct {
	const char *ext;
	sb_outfmt f;
} S_exts[] = {
	{ ".txt", SB_OUT_TEXT }, { ".text", SB_OUT_TEXT }, { ".md", SB_OUT_MD },
	{ ".markdown", SB_OUT_MD }, { ".html", SB_OUT_HTML }, { ".htm", SB_OUT_HTML },
	{ ".pdf", SB_OUT_PDF }, { ".json", SB_OUT_JSON }, { ".csv", SB_OUT_CSV },
	{ ".jsonl", SB_OUT_JSONL }, { ".sav", SB_OUT_SAV }, { ".dta", SB_OUT_DTA },
};

int sb_outfmt_from_path(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return -1;
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1))
		return -1;
	for (size_t i = 0; i < sizeof S_exts / sizeof S_exts[0]; i++)
		if (strcasecmp(dot, S_exts[i].ext) == 0)
			return (int)S_exts[i].f;
	return -1;
}

bool sb_outfmt_binary(sb_outfmt f)
{
	return f == SB_OUT_PDF || f == SB_OUT_SAV || f == SB_OUT_DTA;
}

sb_format sb_outfmt_render(sb_outfmt f)
{
	switch (f) {
	case SB_OUT_MD: return SB_FORMAT_MD;
	case SB_OUT_HTML: return SB_FORMAT_HTML;
	case SB_OUT_PDF: return SB_FORMAT_PDF;
	case SB_OUT_JSON: return SB_FORMAT_JSON;
	default: return SB_FORMAT_TEXT;
	}
}

/* "text, md, html or pdf": the allowed formats' names, for messages. */
static void S_list(unsigned allowed, char *out, size_t size)
{
	size_t n = 0, total = 0;
	for (int f = 0; f < SB_OUT_N; f++)
		total += (allowed & SB_OUT_BIT(f)) != 0;
	out[0] = '\0';
	for (int f = 0; f < SB_OUT_N; f++) {
		if (!(allowed & SB_OUT_BIT(f)))
			continue;
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", n == 0 ? "" : n + 1 == total ? " or " : ", ",
		         S_names[f]);
		n++;
	}
}

/* For PDF output: cairo 1.16 copies the whole CFF table of each CJK font it embeds (15.5 and 16 MB)
 * four times per PDF; glibc would give each copy fresh pages from mmap and unmap them on free, so
 * every PDF faulted in 62 MB page by page (45% of a report's CPU time in the kernel). Raising the
 * mmap and trim thresholds keeps such blocks in the heap, where the copies reuse the same memory,
 * and a huge-page hint on that heap faults it in 2 MiB at a time (docs/performance.md). Done by
 * the program, because it changes the whole process's allocator: libsecurebase leaves that to the
 * program that links it. Only once a PDF is to be written: every other command (`score` above
 * all) would otherwise get its heap in huge pages too, 2 MiB resident for each 2 MiB touched
 * (10 MiB of `score`'s 21 MiB peak). */
void sb_cli_heap_for_pdf(void)
{
#if defined(SB_WITH_PDF) && defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(MADV_HUGEPAGE)
	static bool done;
	if (done)
		return;
	done = true;
	enum { S_HUGE = 2 << 20, S_RESERVE = 40 << 20 };
	if (mallopt(M_MMAP_THRESHOLD, 64 << 20) != 1 || mallopt(M_TRIM_THRESHOLD, 256 << 20) != 1)
		return; /* another allocator (a sanitiser's): leave it alone */
	char *p = sb_malloc(S_RESERVE);
	if (!p)
		return;
	uintptr_t from = ((uintptr_t)p + S_HUGE - 1) & ~(uintptr_t)(S_HUGE - 1);
	uintptr_t to = ((uintptr_t)p + S_RESERVE) & ~(uintptr_t)(S_HUGE - 1);
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE); /* a hint: failure is harmless */
	sb_free(p); /* stays in the heap (below the trim threshold) for cairo's copies */
#endif
}

int sb_cli_outformat(sb_cli *c, const char *cmd, const char *format, const char *path,
                     unsigned allowed, int deflt, sb_outfmt *out)
{
	char list[96];
	S_list(allowed, list, sizeof list);
	int named = -1;
	if (format) {
		for (int f = 0; f < SB_OUT_N; f++)
			if (strcmp(format, S_names[f]) == 0 && (allowed & SB_OUT_BIT(f)))
				named = f;
		/* "txt" is what the extension says; accept it as "text" */
		if (named < 0 && strcmp(format, "txt") == 0 && (allowed & SB_OUT_BIT(SB_OUT_TEXT)))
			named = SB_OUT_TEXT;
		if (named < 0)
			return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_FORMAT_VALUE), list, format);
	}
	int ext = sb_outfmt_from_path(path);
	if (ext >= 0 && !(allowed & SB_OUT_BIT(ext)))
		ext = -1;
	if (named >= 0 && ext >= 0 && named != ext)
		return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_FORMAT_CONTRADICTS),
		                    S_names[named], path, S_names[ext],
		                    named == SB_OUT_TEXT ? "txt" : S_names[named]);
	int f = named >= 0 ? named : ext >= 0 ? ext : deflt;
	if (f < 0)
		return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_FORMAT_UNKNOWN), path ? path : "-", list);
	bool to_stdout = !path || strcmp(path, "-") == 0;
	if (sb_outfmt_binary((sb_outfmt)f) && to_stdout && c->stdout_tty)
		return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_NOT_FOR_TERMINAL),
		                    f == SB_OUT_PDF ? "PDF"
		                    : sb_msg(c->lang, f == SB_OUT_SAV ? SB_MSG_KIND_SPSS : SB_MSG_KIND_STATA),
		                    S_names[f]);
	if (f <= SB_OUT_JSON && !sb_format_available(sb_outfmt_render((sb_outfmt)f)))
		return sb_cli_pdf_unavailable(c);
	if ((f == SB_OUT_SAV || f == SB_OUT_DTA) && !sb_statfile_available())
		return sb_cli_fail(c, EX_UNAVAILABLE, "SPSS and Stata output is not built into this "
		                   "securebase (it needs libreadstat, Debian libreadstat-dev); use "
		                   "--format csv");
	if (f == SB_OUT_PDF)
		sb_cli_heap_for_pdf();
	*out = (sb_outfmt)f;
	return 0;
}
