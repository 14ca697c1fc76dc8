/* SPDX-License-Identifier: MIT */
/* template_psych.c — `securebase template --format psych`: an R script that scores an answers CSV
 * with psych::scoreItems keys and the bank's rules (docs/scoring.md §1-2): reverse keying
 * min + max - x, the mean of the answered items (a sum scale: that mean times its items, the
 * prorated sum), scored only when answered / items >= min_answered (with securebase's 1e-9). */
#include <stdio.h>

#include "cli/template_formats.h"

/* Text from the bank in an R comment: printable ASCII kept, anything else '?' (a line break would
 * end the comment). */
static void S_comment(sb_buf *b, const char *s)
{
	for (; s && *s; s++)
		sb_buf_putc(b, *s >= 0x20 && *s < 0x7F ? *s : '?');
}

/* The script after the bank's scales: reads, checks, scores and writes. */
static const char S_body[] =
	"args <- commandArgs(trailingOnly = TRUE)\n"
	"if (length(args) < 1 || length(args) > 2)\n"
	"  stop(\"usage: Rscript SCRIPT.R ANSWERS.csv [SCORES.csv]\", call. = FALSE)\n"
	"suppressPackageStartupMessages(library(psych))\n"
	"\n"
	"raw <- read.csv(args[1], colClasses = \"character\", check.names = FALSE,\n"
	"                na.strings = character(0), fileEncoding = \"UTF-8-BOM\", encoding = \"UTF-8\")\n"
	"if (!(\"id\" %in% names(raw))) stop(\"the answers file has no 'id' column\", call. = FALSE)\n"
	"\n"
	"# Every item as a number: an empty cell is a missing answer; a row with a value that is not a\n"
	"# whole number in the item's range is left out with a message, as securebase rejects it.\n"
	"bare <- function(k) sub(\"^-\", \"\", k)\n"
	"values <- list()\n"
	"ok <- rep(TRUE, nrow(raw))\n"
	"for (s in scales) {\n"
	"  for (it in bare(s$keys)) {\n"
	"    if (!(it %in% names(raw))) stop(\"no column for item \", it, call. = FALSE)\n"
	"    cell <- trimws(raw[[it]])\n"
	"    v <- suppressWarnings(as.numeric(ifelse(grepl(\"^-?[0-9]+$\", cell), cell, NA)))\n"
	"    bad <- cell != \"\" & (is.na(v) | v < s$min | v > s$max)\n"
	"    for (r in which(bad & ok))\n"
	"      message(args[1], \":\", r + 1, \": \", it, \": value '\", cell[r], \"' is not one of \",\n"
	"              s$min, \"..\", s$max, \"; the row is left out\")\n"
	"    ok <- ok & !bad\n"
	"    values[[it]] <- v\n"
	"  }\n"
	"}\n"
	"items <- as.data.frame(values, optional = TRUE)[ok, , drop = FALSE]\n"
	"ids <- raw$id[ok]\n"
	"\n"
	"# psych::scoreItems per scale (each scale has one response range): impute = \"none\" gives the\n"
	"# mean of the answered keyed items; delete = FALSE keeps items that happen to have no variance.\n"
	"out <- data.frame(id = ids, stringsAsFactors = FALSE)\n"
	"for (name in names(scales)) {\n"
	"  s <- scales[[name]]\n"
	"  sub <- items[, bare(s$keys), drop = FALSE]\n"
	"  answered <- rowSums(!is.na(sub))\n"
	"  n <- length(s$keys)\n"
	"  score <- rep(NA_real_, nrow(sub))\n"
	"  if (nrow(sub) > 0) {\n"
	"    keys <- make.keys(sub, setNames(list(s$keys), name))\n"
	"    fit <- suppressMessages(suppressWarnings(scoreItems(keys, sub, impute = \"none\",\n"
	"                                       delete = FALSE, min = s$min, max = s$max)))\n"
	"    score <- as.numeric(fit$scores[, 1])\n"
	"    if (s$method == \"sum\") score <- score * n\n"
	"  }\n"
	"  score[answered == 0 | answered / n + 1e-9 < s$min_answered] <- NA\n"
	"  out[[name]] <- score\n"
	"  out[[paste0(name, \"_answered_n\")]] <- answered\n"
	"}\n"
	"\n"
	"# CSV with every score to 17 significant digits (the same double read back); an empty cell\n"
	"# for a scale that was not scored.\n"
	"cell <- function(x) {\n"
	"  if (is.character(x)) {\n"
	"    q <- grepl(\"[\\\",\\r\\n]\", x)\n"
	"    x[q] <- paste0(\"\\\"\", gsub(\"\\\"\", \"\\\"\\\"\", x[q]), \"\\\"\")\n"
	"    x\n"
	"  } else ifelse(is.na(x), \"\", sprintf(\"%.17g\", x))\n"
	"}\n"
	"lines <- c(paste(names(out), collapse = \",\"),\n"
	"           if (nrow(out) > 0) do.call(paste, c(lapply(out, cell), sep = \",\")))\n"
	"con <- if (length(args) == 2) file(args[2], \"w\", encoding = \"UTF-8\") else stdout()\n"
	"writeLines(lines, con)\n"
	"if (length(args) == 2) close(con)\n";

void sb_template_psych(const sb_bank *bank, sb_lang lang, sb_buf *b)
{
	sb_buf_puts(b, "# Scores an answers CSV with R's psych package by the rules of the securebase bank ");
	S_comment(b, bank->id);
	sb_buf_puts(b, " ");
	S_comment(b, bank->version);
	sb_buf_puts(b, "\n# (written by `securebase template --format psych`; docs/scoring.md has the rules).\n"
	               "#\n"
	               "#   Rscript this.R ANSWERS.csv [SCORES.csv]\n"
	               "#\n"
	               "# ANSWERS.csv has the header of `securebase template` (id, then the item ids) and\n"
	               "# numbers as answers, an empty cell for a missing one. The scores go to SCORES.csv or\n"
	               "# standard output: id, then per scale its score and the number of items answered.\n"
	               "# Rules: a reverse-keyed item (\"-item\" in the keys) counts min + max - answer; a\n"
	               "# scale's score is the mean of its answered items (psych::scoreItems, impute =\n"
	               "# \"none\"), for a sum scale that mean times its number of items; a scale is scored\n"
	               "# only when answered / items >= min_answered. These are the scores\n"
	               "# `securebase score` gives (equal to 1e-9).\n"
	               "\n"
	               "scales <- list(\n");
	for (size_t i = 0; i < bank->n_scales; i++) {
		const sb_scale *s = &bank->scales[i];
		const sb_response_scale *r = &bank->responses[s->response];
		sb_buf_puts(b, "  # ");
		S_comment(b, sb_text_get(&s->name, SB_LANG_EN));
		(void)lang;
		sb_buf_printf(b, "\n  %s = list(\n    keys = c(", s->id);
		for (size_t k = 0; k < s->n_items; k++) {
			const sb_item *it = &bank->items[s->items[k]];
			sb_buf_printf(b, "%s\"%s%s\"", k == 0 ? "" : k % 6 == 0 ? ",\n             " : ", ",
			              it->reverse ? "-" : "", it->id);
		}
		sb_buf_printf(b, "),\n    min = %d, max = %d, method = \"%s\", min_answered = %.17g)%s\n",
		              r->min, r->max, s->method == SB_METHOD_SUM ? "sum" : "mean",
		              s->min_answered, i + 1 < bank->n_scales ? "," : "");
	}
	sb_buf_puts(b, ")\n\n");
	sb_buf_puts(b, S_body);
}
