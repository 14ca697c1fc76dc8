/* SPDX-License-Identifier: MIT */
/* pdf_glyphs.c — draws text lines for the PDF renderer, working around a cairo 1.16 font-subsetting
 * bug that leaves some Noto CJK glyphs (如 among them) blank in the PDF.
 *
 * cairo subsets a CFF font by parsing each glyph's charstring to find the subroutines it calls;
 * the others are written as empty stubs. Its parser does not clear its operand count on path
 * operators, so in a glyph whose first hintmask comes after drawing it skips the wrong number of
 * mask bytes, misreads what follows and may never see a subroutine the glyph needs. We run the
 * same parse (faithfully, quirks included) next to a correct one; a glyph for which cairo would
 * miss a subroutine is drawn as an outline path instead. Its character stays in the text: the
 * glyph itself is also shown, clipped to a speck nobody can see, so that it can still be found,
 * selected and copied (a glyph without ink would be dropped by cairo, text and all). Fonts that
 * are not CFF are left alone. */
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "render/pdf/pdf_draw.h"

#define S_MAX_FD 256     /* font dicts a CID font may have */
#define S_MAX_USED 512   /* subroutine calls tracked per glyph */
#define S_MAX_NEST 10    /* cairo's MAX_SUBROUTINE_NESTING */

typedef struct {
	const uint8_t *data; /* the byte before the first object, as offsets are 1-based */
	const uint8_t *offs;
	uint32_t count;
	unsigned off_size;
} S_index;

struct sb_pdf_face {
	hb_face_t *key;
	hb_blob_t *blob;     /* the font's 'CFF ' table, or NULL: not CFF, nothing to check */
	const uint8_t *d;
	size_t n;
	S_index charstrings, gsubrs;
	S_index *lsubrs;     /* one per font dict */
	size_t n_fd;
	const uint8_t *fdselect; /* NULL: one font dict */
	bool cid;
	uint8_t *verdict;    /* per glyph: 0 not yet known, 1 fine, 2 draw as outline */
};

/* ---- reading the CFF table (every read bounds-checked: a font is outside data) ---- */

static bool S_index_at(const uint8_t *d, size_t n, size_t at, S_index *ix, size_t *end)
{
	if (at + 2 > n)
		return false;
	ix->count = (uint32_t)d[at] << 8 | d[at + 1];
	if (ix->count == 0) {
		ix->off_size = 0;
		*end = at + 2;
		return true;
	}
	if (at + 3 > n)
		return false;
	ix->off_size = d[at + 2];
	if (ix->off_size < 1 || ix->off_size > 4)
		return false;
	size_t offs = at + 3, table = (size_t)(ix->count + 1) * ix->off_size;
	if (offs + table > n)
		return false;
	ix->offs = d + offs;
	ix->data = d + offs + table - 1;
	uint32_t last = 0;
	for (unsigned k = 0; k < ix->off_size; k++)
		last = last << 8 | ix->offs[(size_t)ix->count * ix->off_size + k];
	if ((size_t)(ix->data - d) + last > n)
		return false;
	*end = (size_t)(ix->data - d) + last;
	return true;
}

static bool S_index_get(const S_index *ix, uint32_t i, const uint8_t **p, size_t *len)
{
	if (i >= ix->count)
		return false;
	uint32_t o[2] = { 0, 0 };
	for (int j = 0; j < 2; j++)
		for (unsigned k = 0; k < ix->off_size; k++)
			o[j] = o[j] << 8 | ix->offs[(size_t)(i + j) * ix->off_size + k];
	if (o[0] < 1 || o[1] < o[0])
		return false;
	*p = ix->data + o[0];
	*len = o[1] - o[0];
	return true;
}

/* The operands of operator op (12 x is 1200 + x) in a DICT; how many were found. */
static int S_dict(const uint8_t *p, size_t len, int op, long *out, int max)
{
	long v[48];
	int n = 0;
	for (size_t i = 0; i < len;) {
		uint8_t c = p[i];
		if (c <= 21) {
			int o = c;
			i++;
			if (c == 12) {
				if (i >= len)
					return 0;
				o = 1200 + p[i++];
			}
			if (o == op) {
				for (int k = 0; k < n && k < max; k++)
					out[k] = v[k];
				return n < max ? n : max;
			}
			n = 0;
			continue;
		}
		long x;
		if (c == 28 && i + 2 < len) {
			x = (int16_t)(p[i + 1] << 8 | p[i + 2]);
			i += 3;
		} else if (c == 29 && i + 4 < len) {
			x = (int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 |
			              (uint32_t)p[i + 3] << 8 | p[i + 4]);
			i += 5;
		} else if (c == 30) {
			for (i++; i < len && (p[i] & 0x0f) != 0x0f && (p[i] >> 4) != 0x0f; i++)
				;
			i++;
			x = 0;
		} else if (c >= 32 && c <= 246) {
			x = c - 139;
			i++;
		} else if (c >= 247 && c <= 250 && i + 1 < len) {
			x = (c - 247) * 256 + p[i + 1] + 108;
			i += 2;
		} else if (c >= 251 && c <= 254 && i + 1 < len) {
			x = -(c - 251) * 256 - p[i + 1] - 108;
			i += 2;
		} else {
			return 0;
		}
		if (n < 48)
			v[n++] = x;
	}
	return 0;
}

/* The local subroutines named by a Private DICT at [off, off + size). */
static bool S_private_subrs(struct sb_pdf_face *f, long size, long off, S_index *ix)
{
	*ix = (S_index){ 0 };
	if (off < 0 || size < 0 || (size_t)off + (size_t)size > f->n)
		return false;
	long subrs;
	if (S_dict(f->d + off, (size_t)size, 19, &subrs, 1) != 1)
		return true; /* no local subroutines */
	size_t end;
	return subrs >= 0 && S_index_at(f->d, f->n, (size_t)off + (size_t)subrs, ix, &end);
}

/* 1: read; 0: not a CFF table we can read; -1: out of memory. */
static int S_parse(struct sb_pdf_face *f)
{
	const uint8_t *d = f->d;
	size_t n = f->n, at, end;
	S_index names, tops, strings;
	if (n < 4 || !S_index_at(d, n, d[2], &names, &at) || !S_index_at(d, n, at, &tops, &at) ||
	    !S_index_at(d, n, at, &strings, &at) || !S_index_at(d, n, at, &f->gsubrs, &at))
		return 0;
	const uint8_t *top;
	size_t top_len;
	long v[2];
	if (!S_index_get(&tops, 0, &top, &top_len) || S_dict(top, top_len, 17, v, 1) != 1 ||
	    v[0] < 0 || !S_index_at(d, n, (size_t)v[0], &f->charstrings, &end))
		return 0;
	long fdarray, fdselect;
	if (S_dict(top, top_len, 1236, &fdarray, 1) == 1 &&
	    S_dict(top, top_len, 1237, &fdselect, 1) == 1) {
		S_index fds;
		if (fdarray < 0 || fdselect < 0 || (size_t)fdselect >= n ||
		    !S_index_at(d, n, (size_t)fdarray, &fds, &end) || fds.count > S_MAX_FD)
			return 0;
		f->cid = true;
		f->fdselect = d + fdselect;
		f->n_fd = fds.count;
		f->lsubrs = sb_calloc(f->n_fd, sizeof *f->lsubrs);
		if (!f->lsubrs)
			return -1;
		for (uint32_t i = 0; i < fds.count; i++) {
			const uint8_t *fd;
			size_t fd_len;
			if (!S_index_get(&fds, i, &fd, &fd_len) ||
			    (S_dict(fd, fd_len, 18, v, 2) == 2 &&
			     !S_private_subrs(f, v[0], v[1], &f->lsubrs[i])))
				return 0;
		}
	} else {
		f->n_fd = 1;
		f->lsubrs = sb_calloc(1, sizeof *f->lsubrs);
		if (!f->lsubrs)
			return -1;
		if (S_dict(top, top_len, 18, v, 2) == 2 && !S_private_subrs(f, v[0], v[1], f->lsubrs))
			return 0;
	}
	return 1;
}

/* The font dict of glyph g (FDSelect formats 0 and 3), or -1. */
static int S_fd(const struct sb_pdf_face *f, uint32_t g)
{
	if (!f->cid)
		return 0;
	const uint8_t *s = f->fdselect, *end = f->d + f->n;
	if (s[0] == 0)
		return s + 1 + g < end ? s[1 + g] : -1;
	if (s[0] != 3 || s + 3 > end)
		return -1;
	uint32_t ranges = (uint32_t)s[1] << 8 | s[2];
	const uint8_t *r = s + 3;
	for (uint32_t i = 0; i < ranges && r + 5 <= end; i++, r += 3) {
		uint32_t first = (uint32_t)r[0] << 8 | r[1], next = (uint32_t)r[3] << 8 | r[4];
		if (g >= first && g < next)
			return r[2];
	}
	return -1;
}

static int S_bias(uint32_t count)
{
	return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/* ---- two walks over a glyph: cairo's and a correct one ---- */

typedef struct {
	const struct sb_pdf_face *f;
	const S_index *local;
	int local_bias, global_bias;
	uint32_t used[2][S_MAX_USED]; /* [0] local, [1] global subroutine numbers */
	size_t n_used[2];
	bool broken;                  /* malformed, or more calls than we track */
	/* cairo's parser state (cairo_cff_font_t's type2_* fields) */
	int stack_size, top, hints, mask_bytes, nest;
	bool top_is_int, find_width, found_width, has_path;
	/* the correct walk's state */
	int stack[48], depth, n_hints;
	bool mask_seen;
} S_walk;

static bool S_used(const S_walk *w, int which, uint32_t num)
{
	for (size_t i = 0; i < w->n_used[which]; i++)
		if (w->used[which][i] == num)
			return true;
	return false;
}

static void S_use(S_walk *w, int which, uint32_t num)
{
	if (w->n_used[which] == S_MAX_USED)
		w->broken = true;
	else
		w->used[which][w->n_used[which]++] = num;
}

/* A charstring number at p; its length, 0 if cut short. cairo reads 28 as unsigned (so a negative
 * subroutine number sends it past the end, and it then embeds every subroutine). */
static size_t S_number(const uint8_t *p, const uint8_t *end, int *v, bool as_cairo)
{
	if (*p == 28 || *p == 255) {
		if (end - p < (*p == 28 ? 3 : 5))
			return 0;
		*v = *p == 28 && as_cairo ? p[1] << 8 | p[2] : (int16_t)(p[1] << 8 | p[2]);
		return *p == 28 ? 3 : 5;
	}
	if (*p <= 246) {
		*v = *p - 139;
		return 1;
	}
	if (end - p < 2)
		return 0;
	*v = *p <= 250 ? (p[0] - 247) * 256 + p[1] + 108 : -(p[0] - 251) * 256 - p[1] - 108;
	return 2;
}

/* cairo_cff_parse_charstring of cairo 1.16, for an OpenType font, with need_width set: the same
 * state, the same skipping, the statuses of nested calls ignored as there. 1: cairo gives up
 * subsetting subroutines (and then embeds them all, which is safe). */
static int S_cairo(S_walk *w, const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	while (p < end) {
		uint8_t c = *p;
		if (c == 28 || c >= 32) {
			int v = 0;
			size_t k = S_number(p, end, &v, true);
			p += k ? k : (size_t)(end - p);
			w->stack_size++;
			w->top = v;
			w->top_is_int = true;
		} else if (c == 1 || c == 3 || c == 18 || c == 23) {
			w->top_is_int = false;
			w->hints += w->stack_size / 2;
			if (w->find_width && w->stack_size % 2)
				w->found_width = true;
			w->stack_size = 0;
			w->find_width = false;
			p++;
		} else if (c == 19 || c == 20) {
			if (w->mask_bytes == 0) {
				w->top_is_int = false;
				w->hints += w->stack_size / 2;
				if (w->find_width && w->stack_size % 2)
					w->found_width = true;
				w->stack_size = 0;
				w->find_width = false;
				w->mask_bytes = (w->hints + 7) / 8;
			}
			p += 1 + w->mask_bytes;
		} else if (c == 21 || c == 22 || c == 4) {
			if (w->find_width && w->stack_size > (c == 21 ? 2 : 1))
				w->found_width = true;
			w->stack_size = 0;
			w->find_width = false;
			w->has_path = true;
			p++;
		} else if (c == 14) {
			if (!w->has_path && w->stack_size > 3)
				return 1;
			if (w->find_width && w->stack_size > 0)
				w->found_width = true;
			return 0;
		} else if (c == 10 || c == 29) {
			bool global = c == 29;
			if (!w->top_is_int || ++w->nest > S_MAX_NEST)
				return 1;
			p++;
			w->top_is_int = false;
			w->stack_size--;
			const S_index *ix = global ? &w->f->gsubrs : w->local;
			long num = (long)w->top + (global ? w->global_bias : w->local_bias);
			if (!ix || num >= (long)ix->count)
				return 1;
			if (num < 0) {
				w->broken = true; /* cairo would index out of bounds */
				return 1;
			}
			/* Only global subroutines (and local ones of non-CID fonts) are read again while
			 * no width was found; local ones of CID fonts only once. */
			bool again = !w->found_width && (global || !w->f->cid);
			if (!S_used(w, global, (uint32_t)num) || again) {
				const uint8_t *s;
				size_t s_len;
				if (!S_used(w, global, (uint32_t)num))
					S_use(w, global, (uint32_t)num);
				if (S_index_get(ix, (uint32_t)num, &s, &s_len))
					S_cairo(w, s, s_len);
				else
					w->broken = true;
			}
			w->nest--;
		} else if (c == 12) {
			if (w->find_width)
				return 1;
			p += 2;
			w->top_is_int = false;
		} else {
			p++;
			w->top_is_int = false;
		}
	}
	return 0;
}

/* What a Type 2 interpreter really calls. 1: endchar reached; -1: malformed. */
static int S_true(S_walk *w, const uint8_t *p, size_t len, int level)
{
	const uint8_t *end = p + len;
	if (level > S_MAX_NEST)
		return -1;
	while (p < end) {
		uint8_t c = *p;
		if (c == 28 || c >= 32) {
			int v = 0;
			size_t k = S_number(p, end, &v, false);
			if (!k || w->depth == 48)
				return -1;
			w->stack[w->depth++] = v;
			p += k;
		} else if (c == 1 || c == 3 || c == 18 || c == 23) {
			w->n_hints += w->depth / 2;
			w->depth = 0;
			p++;
		} else if (c == 19 || c == 20) {
			if (!w->mask_seen)
				w->n_hints += w->depth / 2;
			w->mask_seen = true;
			w->depth = 0;
			p += 1 + (size_t)(w->n_hints + 7) / 8;
		} else if (c == 10 || c == 29) {
			bool global = c == 29;
			const S_index *ix = global ? &w->f->gsubrs : w->local;
			if (w->depth == 0 || !ix)
				return -1;
			long num = (long)w->stack[--w->depth] + (global ? w->global_bias : w->local_bias);
			const uint8_t *s;
			size_t s_len;
			if (num < 0 || !S_index_get(ix, (uint32_t)num, &s, &s_len))
				return -1;
			if (!S_used(w, global, (uint32_t)num))
				S_use(w, global, (uint32_t)num);
			int r = S_true(w, s, s_len, level + 1);
			if (r != 0)
				return r;
			p++;
		} else if (c == 11) {
			return 0;
		} else if (c == 14) {
			return 1;
		} else {
			w->depth = 0;
			p += c == 12 ? 2 : 1;
		}
	}
	return 0;
}

/* Whether cairo would embed glyph g without a subroutine it needs. */
static bool S_at_risk(const struct sb_pdf_face *f, uint32_t g)
{
	const uint8_t *cs;
	size_t len;
	int fd = S_fd(f, g);
	if (fd < 0 || (size_t)fd >= f->n_fd || !S_index_get(&f->charstrings, g, &cs, &len))
		return false; /* not a glyph we can read: cairo will not read it either */
	const S_index *local = f->lsubrs[fd].count ? &f->lsubrs[fd] : NULL;
	S_walk ours = { .f = f, .local = local, .local_bias = local ? S_bias(local->count) : 0,
		        .global_bias = S_bias(f->gsubrs.count), .find_width = true };
	S_walk theirs = ours;
	int r = S_true(&ours, cs, len, 0);
	if (S_cairo(&theirs, cs, len) == 1 && !theirs.broken)
		return false; /* cairo gives up subsetting and embeds every subroutine */
	if (r < 0 || ours.broken || theirs.broken)
		return true;  /* cannot tell: an outline is always drawn right */
	bool risk = false;
	for (int k = 0; k < 2 && !risk; k++)
		for (size_t i = 0; i < ours.n_used[k] && !risk; i++)
			risk = !S_used(&theirs, k, ours.used[k][i]);
	return risk;
}

/* ---- per-font cache ---- */

static struct sb_pdf_face *S_face(sb_pdf *p, PangoFont *font)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_face_t *key = hb ? hb_font_get_face(hb) : NULL;
	if (!key)
		return NULL;
	for (size_t i = 0; i < p->n_faces; i++)
		if (p->faces[i].key == key)
			return &p->faces[i];
	if (sb_grow(&p->faces, &p->cap_faces, p->n_faces + 1, sizeof *p->faces) != 0) {
		p->failed = true;
		return NULL;
	}
	struct sb_pdf_face *f = &p->faces[p->n_faces++];
	*f = (struct sb_pdf_face){ .key = key };
	hb_blob_t *blob = hb_face_reference_table(key, HB_TAG('C', 'F', 'F', ' '));
	unsigned int n = 0;
	const char *d = hb_blob_get_data(blob, &n);
	f->blob = blob;
	f->d = (const uint8_t *)d;
	f->n = n;
	int parsed = n ? S_parse(f) : 0;
	if (parsed == 1 && !(f->verdict = sb_calloc(f->charstrings.count, 1)))
		parsed = -1;
	if (parsed != 1) {
		/* Not CFF, or not readable as such: cairo's CFF subsetter is not involved. */
		if (parsed < 0)
			p->failed = true;
		sb_free(f->lsubrs);
		f->lsubrs = NULL;
		f->n_fd = 0;
		f->n = 0;
	}
	return f;
}

void sb_pdf_faces_free(sb_pdf *p)
{
	for (size_t i = 0; i < p->n_faces; i++) {
		hb_blob_destroy(p->faces[i].blob);
		sb_free(p->faces[i].lsubrs);
		sb_free(p->faces[i].verdict);
	}
	sb_free(p->faces);
	p->faces = NULL;
	p->n_faces = p->cap_faces = 0;
}

/* Whether glyph g of font is to be drawn as an outline. */
static bool S_outline(sb_pdf *p, PangoFont *font, PangoGlyph g)
{
	if (g & PANGO_GLYPH_UNKNOWN_FLAG || g == PANGO_GLYPH_EMPTY)
		return false;
	struct sb_pdf_face *f = S_face(p, font);
	if (!f || f->n == 0 || g >= f->charstrings.count)
		return false;
	if (!f->verdict[g])
		f->verdict[g] = S_at_risk(f, g) ? 2 : 1;
	return f->verdict[g] == 2;
}

/* ---- drawing ---- */

typedef struct {
	PangoGlyphInfo *info;
	PangoGlyph glyph;
	PangoFont *font;
	const char *text; /* the glyph's cluster */
	int text_len;
	double x, y;
} S_swap;

/* The bytes of the cluster glyph i of run starts, within text. */
static void S_cluster(const char *text, const PangoGlyphItem *run, int i, S_swap *s)
{
	const PangoGlyphString *g = run->glyphs;
	int start = g->log_clusters[i], end = run->item->length;
	for (int j = 0; j < g->num_glyphs; j++)
		if (g->log_clusters[j] > start && g->log_clusters[j] < end)
			end = g->log_clusters[j];
	s->text = text + run->item->offset + start;
	s->text_len = end - start;
}

void sb_pdf_show_line(sb_pdf *p, PangoLayoutLine *line, double x, double baseline)
{
	S_swap swap[64]; /* a line holds far fewer such glyphs; any past 64 stay as they are */
	size_t n = 0;
	double run_x = x;
	const char *text = pango_layout_get_text(line->layout);
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		PangoFont *font = run->item->analysis.font;
		double gx = run_x;
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
			if (n < sizeof swap / sizeof *swap && S_outline(p, font, gi->glyph)) {
				S_swap *s = &swap[n++];
				*s = (S_swap){
					.info = gi, .glyph = gi->glyph, .font = font,
					.x = gx + (double)gi->geometry.x_offset / PANGO_SCALE,
					.y = baseline + (double)gi->geometry.y_offset / PANGO_SCALE,
				};
				S_cluster(text, run, i, s);
				gi->glyph = PANGO_GLYPH_EMPTY;
			}
			gx += (double)gi->geometry.width / PANGO_SCALE;
		}
		run_x += (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
	}
	cairo_move_to(p->cr, x, baseline);
	pango_cairo_show_layout_line(p->cr, line);
	cairo_new_path(p->cr);
	for (size_t i = 0; i < n; i++) {
		S_swap *s = &swap[i];
		cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(s->font));
		cairo_glyph_t cg = { .index = s->glyph, .x = s->x, .y = s->y };
		cairo_text_cluster_t cl = { .num_bytes = s->text_len, .num_glyphs = 1 };
		double em = (double)s->info->geometry.width / PANGO_SCALE;
		cairo_save(p->cr);
		cairo_set_scaled_font(p->cr, sf);
		/* The text, for extraction: the glyph clipped to a speck inside its own box. */
		cairo_save(p->cr);
		cairo_rectangle(p->cr, s->x + em * 0.5, s->y - em * 0.4, 0.02, 0.02);
		cairo_clip(p->cr);
		cairo_show_text_glyphs(p->cr, s->text, s->text_len, &cg, 1, &cl, 1, 0);
		cairo_restore(p->cr);
		/* What a reader sees. */
		cairo_glyph_path(p->cr, &cg, 1);
		cairo_fill(p->cr);
		cairo_restore(p->cr);
		s->info->glyph = s->glyph;
	}
}
