/* SPDX-License-Identifier: MIT */
/* render.h — one interface for every renderer of the document model, and the dispatcher. */
#ifndef SB_RENDER_H
#define SB_RENDER_H

#include <stdbool.h>

#include "base/buf.h"
#include "report/doc.h"
#include "base/error.h"

typedef enum {
	SB_FORMAT_TEXT,
	SB_FORMAT_MD,
	SB_FORMAT_HTML,
	SB_FORMAT_PDF,
	SB_FORMAT_JSON
} sb_format;

/* Options every renderer may look at; each reads only what concerns it. */
typedef struct {
	int width;          /* text: columns to wrap to (default 80) */
	bool color;         /* text: ANSI colour allowed */
	bool unicode;       /* text: UTF-8 block characters and box drawing allowed */
} sb_render_opts;

/* Parses "text", "md", "html", "pdf", "json"; 0 or -1. */
int sb_format_parse(const char *s, sb_format *out);
const char *sb_format_ext(sb_format f); /* "txt", "md", "html", "pdf", "json" */
/* Whether this build can render f (PDF needs cairo and pango). */
bool sb_format_available(sb_format f);

/* Renders d into out. SB_OK; SB_ERR_UNAVAILABLE for PDF without cairo/pango; SB_ERR_INTERNAL
 * on allocation failure, with a message in diags. JSON renders the doc model itself; the report
 * JSON with scores is made by the report builder (report.h). */
sb_status sb_render(const sb_doc *d, sb_format f, const sb_render_opts *o, sb_buf *out,
                    sb_diags *diags);

/* The renderers behind it, one file each. */
sb_status sb_render_text(const sb_doc *d, const sb_render_opts *o, sb_buf *out);
sb_status sb_render_md(const sb_doc *d, const sb_render_opts *o, sb_buf *out);
sb_status sb_render_html(const sb_doc *d, const sb_render_opts *o, sb_buf *out);
sb_status sb_render_pdf(const sb_doc *d, const sb_render_opts *o, sb_buf *out, sb_diags *diags);
sb_status sb_render_json(const sb_doc *d, const sb_render_opts *o, sb_buf *out);

#endif
