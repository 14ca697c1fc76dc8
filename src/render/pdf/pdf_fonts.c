/* SPDX-License-Identifier: MIT */
/* pdf_fonts.c — the fonts' family lists, and the CJK faces cut down once per process.
 *
 * cairo 1.16 copies the whole 'CFF ' table of each CFF font a PDF uses four times per PDF (15.5 MB
 * for Noto Sans CJK SC Regular, 16 MB for Bold: once per font while drawing, to see whether it is
 * a CID font, and once per font to subset it): half the time of a Chinese report in a batch. So
 * before the first PDF both faces are subset with HarfBuzz's hb-subset, side by side, to the
 * characters of the embedded bank, the program's labels and the first document: without
 * subroutines, vertical metrics or OpenType features other than those pango applies to horizontal
 * text by default, with the original's BASE table (baselines). They are written to memory files
 * (memfd: nothing on disk) and added to fontconfig under a family of their own,
 * SB_PDF_FONT_SUBSET, which the family lists name before Noto Sans CJK SC: a character outside
 * the subset (an id in a rare ideograph, a bank of one's own) still comes from the whole font.
 * The lines of text stand where they stood (tests/test_cmd_report.c: test_pdf_cut_fonts); the
 * glyphs are the same outlines. Without hb-subset, when a step fails, or with
 * SECUREBASE_PDF_SUBSET=0, the lists name the whole font only. */
#include "render/pdf/pdf_draw.h"

#include <stdlib.h>
#include <string.h>

#if defined(SB_WITH_HB_SUBSET)
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/labels.h"
#include "base/textwidth.h"
#endif

#define S_SUBSET_CJK SB_PDF_FONT_SUBSET ", " SB_PDF_FONT_CJK

static bool S_subset; /* set once, before the first PDF (render_pdf.c's set-up) */

const char *sb_pdf_font_cjk(void)
{
	return S_subset ? S_SUBSET_CJK : SB_PDF_FONT_CJK;
}

const char *sb_pdf_font_en(void)
{
	return S_subset ? SB_PDF_FONT_LATIN ", " S_SUBSET_CJK : SB_PDF_FONT_EN;
}

#if defined(SB_WITH_HB_SUBSET)

/* Every character of a UTF-8 text (an invalid byte as U+FFFD, as it is drawn). */
static void S_chars(hb_set_t *set, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += sb_utf8_decode(s + i, n - i, &c);
		hb_set_add(set, c);
	}
}

static void S_str(hb_set_t *set, const char *s)
{
	if (s)
		S_chars(set, s, strlen(s));
}

/* Every text a document draws. */
static void S_doc_chars(hb_set_t *set, const sb_doc *d)
{
	const char *top[] = { d->title, d->subtitle, d->respondent, d->date, d->footer };
	for (size_t i = 0; i < sizeof top / sizeof *top; i++)
		S_str(set, top[i]);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const sb_block *b = &d->blocks[i];
		S_str(set, b->text);
		for (size_t k = 0; k < b->n_items; k++)
			S_str(set, b->items[k]);
		const sb_style_chart *sc = b->style_chart;
		if (sc) {
			S_str(set, sc->x_label);
			S_str(set, sc->y_label);
			for (size_t k = 0; k < 4; k++)
				S_str(set, sc->region[k]);
			for (size_t k = 0; k < sc->n_points; k++)
				S_str(set, sc->points[k].label);
		}
		const sb_profile_chart *pc = b->profile_chart;
		if (pc) {
			for (size_t k = 0; k < 2; k++)
				S_str(set, pc->series_label[k]);
			for (size_t k = 0; k < pc->n_bars; k++) {
				S_str(set, pc->bars[k].name);
				S_str(set, pc->bars[k].value_text[0]);
				S_str(set, pc->bars[k].value_text[1]);
				for (size_t j = 0; j < pc->bars[k].n_bands; j++)
					S_str(set, pc->bars[k].bands[j].label);
			}
		}
	}
}

/* One face to cut: its file and index (from fontconfig), the characters, the memory file. */
typedef struct {
	char *file;
	int index;
	const hb_set_t *chars;
	int fd; /* the subset's memory file, or -1 */
} S_cut;

/* The file of the face fontconfig gives for SB_PDF_FONT_CJK at a weight, if it is that family. */
static bool S_find(int weight, S_cut *c)
{
	FcPattern *p = FcPatternCreate();
	FcResult r;
	FcPattern *m = NULL;
	bool ok = false;
	if (p && FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)SB_PDF_FONT_CJK) &&
	    FcPatternAddInteger(p, FC_WEIGHT, weight) && FcConfigSubstitute(NULL, p, FcMatchPattern)) {
		FcDefaultSubstitute(p);
		m = FcFontMatch(NULL, p, &r);
	}
	FcChar8 *fam, *file;
	for (int k = 0; m && FcPatternGetString(m, FC_FAMILY, k, &fam) == FcResultMatch; k++)
		if (strcmp((const char *)fam, SB_PDF_FONT_CJK) == 0) {
			ok = FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
			     FcPatternGetInteger(m, FC_INDEX, 0, &c->index) == FcResultMatch &&
			     (c->file = strdup((const char *)file)) != NULL;
			break;
		}
	if (m)
		FcPatternDestroy(m);
	if (p)
		FcPatternDestroy(p);
	return ok;
}

/* Adds to set the tags of a string of 4-character tags. */
static void S_tags(hb_set_t *set, const char *tags)
{
	for (; *tags; tags += 4)
		hb_set_add(set, HB_TAG(tags[0], tags[1], tags[2], tags[3]));
}

/* Subsets one face into a memory file (a thread's body: the two weights are cut side by side). */
static void *S_cut_face(void *arg)
{
	S_cut *c = arg;
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(c->file);
	hb_face_t *face = blob ? hb_face_create(blob, (unsigned)c->index) : NULL;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_face_t *sub = NULL;
	if (face && in) {
		hb_set_union(hb_subset_input_unicode_set(in), c->chars);
		/* BASE (baselines per script, by which pango places the Latin runs of a Chinese line;
		 * coordinates, no glyph ids) is on hb-subset's list of tables to drop and not one it
		 * can subset: taken off the list and passed through as it is. */
		hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE |
		                                  HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED);
		hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
		S_tags(drop, "JSTF" "VORG" "vhea" "vmtx");
		hb_set_del(drop, HB_TAG('B', 'A', 'S', 'E'));
		hb_set_t *features = hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
		hb_set_clear(features);
		S_tags(features, "ccmp" "locl" "kern" "mark" "mkmk");
		sub = hb_subset_or_fail(face, in);
	}
	hb_blob_t *out = sub ? hb_face_reference_blob(sub) : NULL;
	unsigned len = 0;
	const char *data = out ? hb_blob_get_data(out, &len) : NULL;
	if (data && len && (c->fd = memfd_create("securebase-cjk", MFD_CLOEXEC)) >= 0) {
		for (size_t done = 0; done < len;) {
			ssize_t w = write(c->fd, data + done, len - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				close(c->fd);
				c->fd = -1;
				break;
			}
			done += (size_t)w;
		}
	}
	hb_blob_destroy(out);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return NULL;
}

/* Adds the memory files to fontconfig's application fonts under SB_PDF_FONT_SUBSET (a rule
 * applied while fontconfig reads them renames their family). */
static bool S_register(const S_cut *cut, size_t n)
{
	sb_buf xml = { 0 }, path[2] = { { 0 } };
	sb_buf_puts(&xml, "<fontconfig>");
	for (size_t i = 0; i < n; i++) {
		sb_buf_printf(&path[i], "/proc/self/fd/%d", cut[i].fd);
		sb_buf_printf(&xml,
		              "<match target=\"scan\"><test name=\"file\"><string>%s</string></test>"
		              "<edit name=\"family\" mode=\"assign_replace\"><string>"
		              SB_PDF_FONT_SUBSET "</string></edit></match>",
		              path[i].data);
	}
	sb_buf_puts(&xml, "</fontconfig>");
	bool ok = !xml.failed && !path[0].failed && !path[1].failed &&
	          FcConfigParseAndLoadFromMemory(FcConfigGetCurrent(), (const FcChar8 *)xml.data,
	                                         FcFalse);
	for (size_t i = 0; ok && i < n; i++)
		ok = FcConfigAppFontAddFile(NULL, (const FcChar8 *)path[i].data);
	sb_buf_free(&xml);
	sb_buf_free(&path[0]);
	sb_buf_free(&path[1]);
	return ok;
}

static void S_cut_down(const sb_doc *first)
{
	S_cut cut[2] = { { .fd = -1 }, { .fd = -1 } };
	hb_set_t *chars = hb_set_create();
	S_chars(chars, (const char *)sb_embedded_bank, sb_embedded_bank_len);
	for (int l = 0; l < SB_LANG_COUNT; l++)
		for (int k = 0; k < SB_LABEL_COUNT; k++)
			S_str(chars, sb_label_text((sb_lang)l, (sb_label)k));
	S_doc_chars(chars, first);
	hb_set_add_range(chars, 0x20, 0x7E);
	hb_set_t *chars2 = hb_set_copy(chars); /* a set of its own for the other thread: reading a
	                                       * set may fill its caches */
	cut[0].chars = chars;
	cut[1].chars = chars2;
	size_t n = S_find(FC_WEIGHT_REGULAR, &cut[0]) ? 1 : 0;
	if (n && S_find(FC_WEIGHT_BOLD, &cut[1]) &&
	    (strcmp(cut[0].file, cut[1].file) != 0 || cut[0].index != cut[1].index))
		n = 2;
	pthread_t t;
	bool other = n == 2 && pthread_create(&t, NULL, S_cut_face, &cut[1]) == 0;
	if (n)
		S_cut_face(&cut[0]);
	if (other)
		pthread_join(t, NULL);
	else if (n == 2)
		S_cut_face(&cut[1]);
	bool ok = n > 0;
	for (size_t i = 0; i < n; i++)
		ok = ok && cut[i].fd >= 0;
	S_subset = ok && S_register(cut, n);
	for (size_t i = 0; i < 2; i++) {
		if (!S_subset && cut[i].fd >= 0)
			close(cut[i].fd); /* else kept open: the font is read through /proc/self/fd */
		free(cut[i].file);
	}
	hb_set_destroy(chars);
	hb_set_destroy(chars2);
}

#endif

void sb_pdf_fonts_setup(const sb_doc *first)
{
	const char *env = getenv("SECUREBASE_PDF_SUBSET");
	if (env && strcmp(env, "0") == 0)
		return;
#if defined(SB_WITH_HB_SUBSET)
	S_cut_down(first);
#else
	(void)first;
#endif
}
