/* SPDX-License-Identifier: MIT */
/* form_fillable.h — the questionnaire as one self-contained HTML page a client fills in a browser,
 * offline, and that downloads the answers CSV (`securebase form --fillable`). */
#ifndef SB_FORM_FILLABLE_H
#define SB_FORM_FILLABLE_H

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/lang.h"

typedef struct {
	sb_lang lang; /* the page's first language; the other is offered when the bank has both */
} sb_fillable_opts;

/* Writes the page for bank b into out: inline CSS and script (src/render/fillable/), a
 * Content-Security-Policy that allows only those two (by their SHA-256) and no connection, the
 * bank's id, version and items hash in a comment at the top, every item as a fieldset of radio
 * buttons. Bank texts are escaped for HTML, and for JSON inside <script> where the script needs
 * them. SB_OK; SB_ERR_INTERNAL with a message in d when memory runs out. */
sb_status sb_form_fillable(const sb_bank *b, const sb_fillable_opts *o, sb_buf *out, sb_diags *d);

/* The embedded style sheet and script, as the page carries them (for tests). */
extern const unsigned char sb_fillable_css[];
extern const size_t sb_fillable_css_len;
extern const unsigned char sb_fillable_js[];
extern const size_t sb_fillable_js_len;

#endif
