/* SPDX-License-Identifier: MIT */
/* test_template_redcap.c — `securebase template --format redcap`: a REDCap data dictionary whose
 * header is exactly the 18 columns REDCap writes, then the id as a text field and one radio row
 * per item of the bank, in order, with the bank's choices "1, label | 2, label | ...". */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"
#include "base/buf.h"
#include "data/csv.h"

static const char S_header[] =
	"Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"
	"\"Choices, Calculations, OR Slider Labels\",Field Note,"
	"Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,"
	"Identifier?,Branching Logic (Show field only if...),Required Field?,Custom Alignment,"
	"Question Number (surveys only),Matrix Group Name,Matrix Ranking?,Field Annotation\n";

/* The start of the row of item i as the generator must write it: name, form, section header
 * (empty after the first item), radio, the label and the choices, each quoted where needed. */
static void S_row_start(const sb_bank *b, size_t i, sb_lang lang, sb_buf *o)
{
	const sb_item *it = &b->items[i];
	const sb_response_scale *r = &b->responses[it->response];
	sb_buf_printf(o, "\n%s,%s,", it->id, b->id);
	if (i == 0) {
		const char *s = sb_text_get(&b->texts.instructions, lang);
		sb_csv_put(o, s, strlen(s), false);
	}
	sb_buf_puts(o, ",radio,");
	const char *t = sb_text_get(&it->text, lang);
	sb_csv_put(o, t, strlen(t), false);
	sb_buf_putc(o, ',');
	sb_buf ch = { 0 };
	for (int v = r->min; v <= r->max; v++)
		sb_buf_printf(&ch, "%s%d, %s", v > r->min ? " | " : "", v,
		              sb_text_get(&r->labels[v - r->min], lang));
	sb_csv_put(o, ch.data, ch.len, false);
	sb_buf_puts(o, ",,,,,,,,,,,,");
	sb_buf_free(&ch);
}

static void S_check(const char *lang_arg, sb_lang lang)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	const char *argv[] = { "securebase", "--lang", lang_arg, "template", "--format", "redcap", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.err_len, 0);
	/* the header, exactly */
	assert_true(strncmp(r.out, S_header, strlen(S_header)) == 0);
	/* the record id first */
	const char *p = r.out + strlen(S_header);
	const char *id_row = lang == SB_LANG_ZH ? "id,securebase,,text,编号,,,,,,,,,,,,,\n"
	                                        : "id,securebase,,text,Respondent id,,,,,,,,,,,,,\n";
	assert_true(strncmp(p, id_row, strlen(id_row)) == 0);
	p += strlen(id_row) - 1;
	/* one row per item, in order, each with the bank's choices; the annotation names its scale */
	size_t rows = 0;
	for (size_t i = 0; i < b->n_items; i++) {
		sb_buf want = { 0 };
		S_row_start(b, i, lang, &want);
		if (strncmp(p, want.data, want.len) != 0)
			fail_msg("item %s: the row does not start with\n%s", b->items[i].id, want.data + 1);
		p += want.len;
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (b->items[i].safety)
			assert_true(strncmp(p, "securebase: safety item; optional; not scored", n) == 0);
		else
			if (strncmp(p, "securebase: scale ", 18) != 0)
				fail_msg("item %s: annotation %.40s", b->items[i].id, p);
		p += n;
		rows++;
		sb_buf_free(&want);
	}
	assert_string_equal(p, "\n");
	assert_int_equal(rows, 52);
	/* a row of the default bank, written out */
	if (lang == SB_LANG_EN)
		assert_true(sb_contains(r.out, "\navo01,securebase,,radio,Keeping a little emotional "
		                               "distance in a relationship feels easier to me.,\"1, "
		                               "Disagree strongly | 2, Disagree | 3, Disagree a little | "
		                               "4, Neither agree nor disagree | 5, Agree a little | 6, "
		                               "Agree | 7, Agree strongly\",,,,,,,,,,,,securebase: scale "
		                               "avoidance\n"));
	sb_run_free(&r);
	sb_bank_free(b);
	sb_diags_free(&d);
}

static void test_redcap_en(void **state)
{
	(void)state;
	S_check("en", SB_LANG_EN);
}

static void test_redcap_zh(void **state)
{
	(void)state;
	S_check("zh", SB_LANG_ZH);
}

static void test_usage(void **state)
{
	(void)state;
	const char *argv[] = { "securebase", "template", "--codebook", "--format", "redcap", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	const char *argv2[] = { "securebase", "template", "--format", "spss", NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format takes md, csv, sql, psych or redcap, not 'spss'"));
	sb_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redcap_en),
		cmocka_unit_test(test_redcap_zh),
		cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
