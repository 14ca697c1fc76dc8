/* SPDX-License-Identifier: MIT */
/* render.c — format names and the one dispatcher in front of the renderers (one file each). */
#include "render/render.h"

#include <string.h>

static const struct {
	const char *name, *ext;
} S_formats[] = {
	[SB_FORMAT_TEXT] = { "text", "txt" },
	[SB_FORMAT_MD] = { "md", "md" },
	[SB_FORMAT_HTML] = { "html", "html" },
	[SB_FORMAT_PDF] = { "pdf", "pdf" },
	[SB_FORMAT_JSON] = { "json", "json" },
};

#define S_NFORMATS (sizeof S_formats / sizeof S_formats[0])

int sb_format_parse(const char *s, sb_format *out)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < S_NFORMATS; i++) {
		if (strcmp(s, S_formats[i].name) == 0) {
			*out = (sb_format)i;
			return 0;
		}
	}
	return -1;
}

const char *sb_format_ext(sb_format f)
{
	return (size_t)f < S_NFORMATS ? S_formats[f].ext : "";
}

bool sb_format_available(sb_format f)
{
	switch (f) {
	case SB_FORMAT_TEXT:
	case SB_FORMAT_MD:
	case SB_FORMAT_HTML:
	case SB_FORMAT_JSON:
		return true;
	case SB_FORMAT_PDF:
#ifdef SB_WITH_PDF
		return true;
#else
		return false;
#endif
	}
	return false;
}

sb_status sb_render(const sb_doc *d, sb_format f, const sb_render_opts *o, sb_buf *out,
                    sb_diags *diags)
{
	/* What a caller gets when it has no opinion: a plain 80-column UTF-8 terminal. */
	static const sb_render_opts defaults = { .width = 80, .color = false, .unicode = true };
	if (!o)
		o = &defaults;
	if (sb_doc_status(d) != SB_OK) {
		sb_diags_add(diags, NULL, 0, 0, "the report could not be put together (out of memory)");
		return SB_ERR_INTERNAL;
	}
	sb_status st;
	switch (f) {
	case SB_FORMAT_TEXT:
		st = sb_render_text(d, o, out);
		break;
	case SB_FORMAT_MD:
		st = sb_render_md(d, o, out);
		break;
	case SB_FORMAT_HTML:
		st = sb_render_html(d, o, out);
		break;
	case SB_FORMAT_JSON:
		st = sb_render_json(d, o, out);
		break;
	case SB_FORMAT_PDF:
#ifdef SB_WITH_PDF
		/* The PDF renderer has more ways to fail (fonts, cairo) and words them itself. */
		return sb_render_pdf(d, o, out, diags);
#else
		sb_diags_add(diags, NULL, 0, 0, "PDF output is not built in (build with cairo and "
		             "pango: SECUREBASE_WITH_PDF=ON)");
		return SB_ERR_UNAVAILABLE;
#endif
	default:
		sb_diags_add(diags, NULL, 0, 0, "unknown output format %d", (int)f);
		return SB_ERR_USAGE;
	}
	if (st != SB_OK)
		sb_diags_add(diags, NULL, 0, 0, "out of memory while writing the %s output",
		             S_formats[f].name);
	return st;
}
