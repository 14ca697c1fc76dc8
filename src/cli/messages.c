/* SPDX-License-Identifier: MIT */
/* messages.c — the command line's texts, one array per language (see messages.h). The English
 * texts are the reference: tests compare them byte for byte. The Chinese help keeps option names,
 * metavariables (FILE, ID, ...), format names and exit statuses as they are, and every line fits
 * 80 display columns (a CJK character takes two). */
#include "cli/messages.h"

#include <stddef.h>

/* ---- English -------------------------------------------------------------------------------- */

static const char *const S_en[SB_MSG_COUNT] = {
	[SB_MSG_HELP_MAIN] =
	"Usage: securebase [--bank FILE] [--lang zh|en] [--quiet] [--no-color]\n"
	"                  COMMAND [ARGS]\n"
	"       (the options before COMMAND may also come after it, among its own)\n"
	"\n"
	"A reflection aid on insecurity in close relationships: a bilingual\n"
	"questionnaire, its scoring, and reports. It reflects; it does not diagnose.\n"
	"\n"
	"Commands:\n"
	"  assess     answer the questionnaire in the terminal and read your report\n"
	"  score      batch-score an answers CSV (streaming)\n"
	"  report     reports for one or all respondents of an answers CSV\n"
	"  compare    a couple's or a retest comparison report\n"
	"  template   print the answers-CSV header (or --codebook) for the bank\n"
	"  form       a blank questionnaire: printable, or --fillable in a browser\n"
	"  validate   check question banks\n"
	"  bank       print the embedded bank's YAML\n"
	"  summary    merge cohort summaries of parts of a cohort\n"
	"             (summary merge A.json B.json ...)\n"
	"\n"
	"Options:\n"
	"  -b, --bank FILE    use this question bank instead of the embedded one\n"
	"  -l, --lang zh|en   language of questions and reports (default: from LC_ALL,\n"
	"                     LC_MESSAGES or LANG; zh* gives zh, anything else en)\n"
	"  -q, --quiet        no progress or summary lines on stderr\n"
	"      --no-color     no colour (NO_COLOR in the environment does the same)\n"
	"  -h, --help         this help; 'securebase COMMAND --help' for a command\n"
	"  -V, --version      version and the embedded bank's id and version\n"
	"\n"
	"Exit status: 0 success, 64 usage, 65 bad data, 66 cannot open input, 69 feature\n"
	"not built in, 70 internal error, 73 cannot create output, 74 I/O error.\n",

	[SB_MSG_HELP_SCORE] =
	"Usage: securebase score [INPUT.csv|-] [-o FILE] [--format csv|jsonl|sav|dta]\n"
	"                        [--rejects FILE] [--summary FILE] [--keep COLS]\n"
	"                        [--decimals N] [--no-duplicate-check]\n"
	"\n"
	"Scores every row of an answers CSV (a header with 'id' and item ids, as\n"
	"'securebase template' prints it), one row at a time. Reads standard input when\n"
	"INPUT is '-' or absent. Output columns: id, the kept columns, then for each\n"
	"scale <scale>, <scale>_band and <scale>_answered (answered/items),\n"
	"<scale>_answered_n and <scale>_items (the same two counts as numbers), then\n"
	"style and flags.\n"
	"\n"
	"  -o, --output FILE   write the scores to FILE (mode 0600, replaced atomically);\n"
	"                      '-' or none: standard output\n"
	"  --format csv|jsonl|sav|dta\n"
	"                      CSV with scores rounded to --decimals, JSON Lines with\n"
	"                      unrounded scores, or an SPSS (.sav) or Stata (.dta) data\n"
	"                      file with full-precision scores, labels in --lang and\n"
	"                      bands, styles and flags as labelled codes (not for a\n"
	"                      terminal); by default from the -o FILE's extension (.csv\n"
	"                      .jsonl .sav .dta), else CSV\n"
	"  --decimals N        decimals of CSV scores, 0 to 9 (default 2), rounded half\n"
	"                      away from zero\n"
	"  --keep COLS         copy these input columns (comma-separated) to the output\n"
	"  --rejects FILE      write rows that cannot be scored to FILE as CSV (row,\n"
	"                      column, reason, record) instead of one message per row on\n"
	"                      stderr\n"
	"  --summary FILE      write a JSON cohort summary (counts, means, SDs, bands,\n"
	"                      alpha)\n"
	"  --no-duplicate-check  do not report rows whose id repeats an earlier row's\n"
	"                      (otherwise reported after the last row; ids beyond 2 MiB\n"
	"                      go to sorted runs in a temporary file in $TMPDIR, so\n"
	"                      memory stays flat)\n"
	"  --no-formula-guard  write ids and kept cells exactly as read (by default a\n"
	"                      text cell starting with = + - @ TAB or CR, not a number,\n"
	"                      gets a leading ' so a spreadsheet does not run it as a\n"
	"                      formula)\n"
	"  -h, --help          this help\n"
	"\n"
	"%s"
	"\n"
	"Exit status: 0 every row scored, 65 some rows rejected (the others are still\n"
	"written) or a bad header, 66 the input cannot be opened, 73 an output cannot be\n"
	"created, 74 the id check's temporary file cannot be written.\n",

	[SB_MSG_HELP_REPORT] =
	"Usage: securebase report INPUT.csv (--id ID | --all --out-dir DIR)\n"
	"                         [--format FORMAT] [--audience self|counsellor]\n"
	"                         [-o FILE]\n"
	"\n"
	"Reports from an answers CSV ('-' reads standard input): one respondent's with\n"
	"--id, or one file per respondent with --all.\n"
	"\n"
	"  --id ID              the respondent (the CSV's id column); the report goes to\n"
	"                       standard output, or to -o FILE\n"
	"  --all                every respondent, one file each in --out-dir; from a\n"
	"                       regular file, one worker process per core\n"
	"                       (SECUREBASE_JOBS=N sets the number), the same files and\n"
	"                       messages as one\n"
	"  --out-dir DIR        the folder for --all (created with mode 0700 if missing);\n"
	"                       files are named from the id (letters and digits of every\n"
	"                       script kept; only / \\ : * ? \" < > |, control characters,\n"
	"                       a leading dot and bytes that are not UTF-8 become '_'; a\n"
	"                       suffix -2, -3, ... when ids give the same name) plus the\n"
	"                       format's extension\n"
	"  --format FORMAT      text, md, html, pdf or json; by default from the\n"
	"                       -o FILE's extension (.txt .md .html .htm .pdf .json),\n"
	"                       else text; a --format contradicting it is an error, and\n"
	"                       a PDF is never written to a terminal\n"
	"  --audience AUDIENCE  self (the default): the person's own report; counsellor:\n"
	"                       a compact copy with the charts, a table of the scales,\n"
	"                       every answer, the response-quality indicators, the\n"
	"                       scoring rules and a notes area\n"
	"  -o, --output FILE    with --id: write here ('-' is standard output)\n"
	"  -h, --help           this help\n"
	"\n"
	"%s"
	"\n"
	"The report is dated today, or by SOURCE_DATE_EPOCH when it is set. Files are\n"
	"written atomically with mode 0600. Rows that cannot be scored are reported as\n"
	"INPUT:ROW:COLUMN: reason and do not stop the others.\n"
	"\n"
	"Exit status: 0 success, 64 usage, 65 unknown id or rows that could not be\n"
	"scored, 66 input cannot be opened, 69 PDF not built in, 73 output cannot be\n"
	"created, 74 I/O error.\n",

	[SB_MSG_HELP_COMPARE] =
	"Usage: securebase compare INPUT.csv --ids A,B [--with OTHER.csv]\n"
	"                          [--mode couple|retest] [--format FORMAT]\n"
	"                          [--audience self|counsellor] [--summary FILE]\n"
	"                          [--consent] [-o FILE]\n"
	"\n"
	"Compares two rows of answers: two partners side by side (couple), or one\n"
	"person's first and later answers (retest). INPUT.csv may be '-' for standard\n"
	"input.\n"
	"\n"
	"  --ids A,B            the two rows' ids (the CSV's id column), first then\n"
	"                       second\n"
	"  --with OTHER.csv     read B from this file instead (A stays in INPUT.csv);\n"
	"                       then A and B may be the same id\n"
	"  --mode MODE          couple (the default): both profiles on one chart, where\n"
	"                       they differ most, and the patterns they form together;\n"
	"                       retest: the change on every scale and whether it is\n"
	"                       larger than measurement error (the reliable change index)\n"
	"  --consent            couple: states that both partners agreed to share their\n"
	"                       answers with each other; a couple report is not made\n"
	"                       without it, and the report records it\n"
	"  --summary FILE       retest: a cohort summary from\n"
	"                       'securebase score --summary', for the SD and reliability\n"
	"                       of scales whose norms in the bank give none\n"
	"  --format FORMAT      text, md, html, pdf or json; by default from the\n"
	"                       -o FILE's extension (.txt .md .html .htm .pdf .json),\n"
	"                       else text\n"
	"  --audience AUDIENCE  self (the default), or counsellor: adds both rows'\n"
	"                       answers item by item, their response quality and, in a\n"
	"                       retest, the figures behind each reliable change\n"
	"  -o, --output FILE    write here instead of standard output ('-' is standard\n"
	"                       output)\n"
	"  -h, --help           this help\n"
	"\n"
	"%s"
	"\n"
	"The report is dated today, or by SOURCE_DATE_EPOCH when it is set. Files are\n"
	"written atomically with mode 0600.\n"
	"\n"
	"Exit status: 0 success, 64 usage, 65 an id not found, a row that cannot be\n"
	"scored or an invalid summary, 66 an input cannot be opened, 69 PDF not built in,\n"
	"73 output cannot be created, 74 I/O error.\n",

	[SB_MSG_HELP_TEMPLATE] =
	"Usage: securebase template [--codebook [--format md|csv]]\n"
	"       securebase template --format sql [--dialect sqlite|duckdb|postgres|spark]\n"
	"                           [--table NAME]\n"
	"       securebase template --format psych|redcap\n"
	"\n"
	"Prints the answers-CSV header for the bank: 'id', then one column per item id in\n"
	"presentation order. Fill in one row per respondent and score it with\n"
	"'securebase score'.\n"
	"\n"
	"  --codebook       print a table of every item instead: item, scale, reverse,\n"
	"                   min, max and the item's text in the chosen language (--lang)\n"
	"  --format md|csv  the codebook as a Markdown table (default) or as CSV with the\n"
	"                   columns item,scale,reverse,min,max,text (reverse as yes/no)\n"
	"  --format sql     one SQL query that scores a table of answers rows into the\n"
	"                   columns of 'securebase score', with this bank's rules\n"
	"                   (docs/sql.md)\n"
	"  --dialect NAME   the SQL dialect: sqlite (default), duckdb, postgres or spark\n"
	"  --table NAME     the table the query reads (default: answers)\n"
	"  --format psych   an R script that scores an answers CSV with psych::scoreItems\n"
	"                   keys and the bank's rules (reverse keying, min_answered,\n"
	"                   means; sum scales prorated): Rscript it.R ANSWERS.csv\n"
	"                   [SCORES.csv]\n"
	"  --format redcap  a REDCap data dictionary: the id, then each item as a radio\n"
	"                   field with the bank's choices in the chosen language (--lang)\n"
	"  -h, --help       this help\n",

	[SB_MSG_HELP_FORM] =
	"Usage: securebase form [--format text|md|html|pdf] [-o FILE]\n"
	"       securebase form --fillable [--format html] [-o FILE.html]\n"
	"\n"
	"A printable blank questionnaire in the chosen language (--lang): short\n"
	"instructions, the response scale, fields for the respondent's id and the date,\n"
	"and every statement numbered with a box per answer. The item ids are printed\n"
	"small under each statement: they are the columns of 'securebase template', for\n"
	"typing paper answers into a CSV.\n"
	"\n"
	"  --format FORMAT    text, md, html or pdf; by default from the -o FILE's\n"
	"                     extension (.txt .md .html .htm .pdf), else text\n"
	"  --fillable         instead, one self-contained HTML page a client fills in a\n"
	"                     browser, offline (phone or computer): one statement at a\n"
	"                     time or all in a list, progress kept in that browser, and a\n"
	"                     \"Save answers\" button that downloads the answers CSV\n"
	"                     'score' and 'report' read, named\n"
	"                     answers-ID-BANK-VERSION-ITEMSHASH-DATE.csv. It connects\n"
	"                     nowhere and shows no scores. Both languages when the bank\n"
	"                     has them (--lang first).\n"
	"  -o, --output FILE  write here instead of standard output ('-' is standard\n"
	"                     output)\n"
	"  -h, --help         this help\n"
	"\n"
	"Exit status: 0 success, 64 usage, 69 PDF not built in, 73 output cannot be\n"
	"created, 74 I/O error.\n",

	[SB_MSG_HELP_VALIDATE] =
	"Usage: securebase validate [--dump] [--strict] [BANK.yaml ...]\n"
	"\n"
	"Checks question banks: each file named ('-' reads standard input) and the one\n"
	"--bank names, or the embedded bank when none is named. Prints a one-line summary\n"
	"per valid bank, or every problem found as FILE:LINE:COLUMN: message.\n"
	"\n"
	"  --dump     also print the loaded model, one line per fact (for diffs and\n"
	"             tests)\n"
	"  --strict   also check item quality: at least 3 reverse-keyed items per scale,\n"
	"             no negation words in reverse-keyed items, no item text shared\n"
	"             between scales\n"
	"  -h, --help this help\n"
	"\n"
	"Exit status: 0 all valid, 65 a bank is invalid, 66 a file cannot be opened.\n",

	[SB_MSG_HELP_BANK] =
	"Usage: securebase bank\n"
	"\n"
	"Prints the embedded question bank's YAML, byte for byte as the build embedded\n"
	"it. Copy it, edit it, check it with 'securebase validate FILE', and use it with\n"
	"'--bank FILE'. With --bank FILE, prints that file instead, once it loads as a\n"
	"valid bank.\n"
	"\n"
	"  -h, --help this help\n",

	[SB_MSG_HELP_SUMMARY] =
	"Usage: securebase summary merge A.json B.json ... [-o FILE]\n"
	"\n"
	"Merges cohort summaries written by 'securebase score --summary' for parts of one\n"
	"cohort (shards of one answers file, sites, waves) into the summary of all their\n"
	"rows: the same counts, bands, alpha, alpha if dropped and item-total r as one\n"
	"'score --summary' over all the rows (exactly: they come from whole-number\n"
	"sums), and the same means, SDs, minima and maxima (to rounding, about 1e-12).\n"
	"Every summary must come from the same bank (id and version), the one --bank\n"
	"names (default: the built-in one), and be of schema 2: score the rows of an\n"
	"older summary again.\n"
	"\n"
	"  -o, --output FILE   write the merged summary to FILE (mode 0600, replaced\n"
	"                      atomically); '-' or none: standard output\n"
	"  -h, --help          this help\n"
	"\n"
	"Exit status: 0 merged, 64 usage, 65 a file is not a summary of this bank, 66 a\n"
	"file cannot be read, 73 the output cannot be created.\n",

	[SB_MSG_HELP_IMPORT] =
	"Reading survey exports (docs/importing.md):\n"
	"  --id-column NAME    the respondents' id column (default 'id'; record_id,\n"
	"                      ResponseId, 'Response ID', token... are found when there\n"
	"                      is no 'id')\n"
	"  --allow-missing-items  score a file that lacks some items (they count as\n"
	"                      unanswered); otherwise a missing item column stops with\n"
	"                      exit 65\n"
	"  --delimiter C       ',' ';' or 'tab' (default: detected from the header line)\n"
	"  --encoding ENC      the file's encoding, e.g. gb18030 (default: UTF-8, or\n"
	"                      UTF-16 with a byte order mark)\n"
	"  --skip-rows N       skip N rows after the header (Qualtrics' 2 are found\n"
	"                      without it)\n"
	"  --columns FILE.csv  map header names to item ids (a 'column,item' CSV)\n"
	"  --missing LIST      cell values that mean unanswered, comma-separated\n"
	"                      (default: NA; an empty cell always is)\n",

	[SB_MSG_TRY_HELP] = "Try 'securebase %s%s--help'.",

	[SB_MSG_UNKNOWN_OPTION] = "unknown option '%s'",
	[SB_MSG_NEEDS_VALUE] = "option '%s' needs a value",
	[SB_MSG_LANG_VALUE] = "--lang takes zh or en, not '%s'",
	[SB_MSG_UNKNOWN_COMMAND] = "unknown command '%s'",
	[SB_MSG_NO_ARGUMENTS] = "'%s' takes no arguments",
	[SB_MSG_UNEXPECTED_ARGUMENT] = "unexpected argument '%s'",
	[SB_MSG_FORMAT_VALUE] = "--format takes %s, not '%s'",
	[SB_MSG_FORMAT_CONTRADICTS] = "--format %s contradicts the output file '%s', whose name says "
	                              "%s; drop --format or give the file a .%s name",
	[SB_MSG_FORMAT_UNKNOWN] = "cannot tell the format from '%s'; name it %s, or add --format",
	[SB_MSG_NOT_FOR_TERMINAL] = "a %s is not for a terminal: write it to a file with -o FILE.%s",
	[SB_MSG_KIND_SPSS] = "SPSS file",
	[SB_MSG_KIND_STATA] = "Stata file",
	[SB_MSG_ID_COLUMN_EMPTY] = "--id-column needs a column name",
	[SB_MSG_DELIMITER_VALUE] = "--delimiter takes ',' ';' or 'tab', not '%s'",
	[SB_MSG_ENCODING_EMPTY] = "--encoding needs an encoding name, e.g. gb18030",
	[SB_MSG_SKIP_ROWS_VALUE] = "--skip-rows takes a whole number from 0, not '%s'",
	[SB_MSG_NAME_THE_CSV] = "name the answers CSV (or '-' for standard input)",
	[SB_MSG_ONE_CSV] = "one answers CSV only, not also '%s'",
	[SB_MSG_ONE_CSV_WITH] = "one answers CSV only, not also '%s' (a second file goes with --with)",
	[SB_MSG_AUDIENCE_VALUE] = "--audience takes self or counsellor, not '%s'",
	[SB_MSG_MODE_VALUE] = "--mode takes couple or retest, not '%s'",
	[SB_MSG_IDS_NEEDED] = "name the two rows with --ids A,B",
	[SB_MSG_IDS_FORM] = "--ids takes two ids separated by one comma, such as --ids p1,p2; not '%s'",
	[SB_MSG_IDS_TWICE] = "--ids names '%s' twice; for one id in two files, give the second file "
	                     "with --with",
	[SB_MSG_SUMMARY_RETEST] = "--summary is for --mode retest",
	[SB_MSG_CONSENT_NEEDED] = "a couple report shows each partner's answers to the other: add "
	                          "--consent to state that both partners agreed to share them",
	[SB_MSG_CONSENT_COUPLE] = "--consent is for --mode couple",
	[SB_MSG_ID_OR_ALL] = "give either --id ID or --all --out-dir DIR",
	[SB_MSG_ALL_OUT_DIR] = "--all needs --out-dir DIR",
	[SB_MSG_OUTPUT_FOR_ID] = "-o is for --id; --all writes into --out-dir",
	[SB_MSG_OUT_DIR_FOR_ALL] = "--out-dir is for --all",
	[SB_MSG_FILLABLE_HTML] = "--fillable makes an HTML page: --format html or none",
	[SB_MSG_KEEP_COMMAS] = "--keep takes column names separated by commas",
	[SB_MSG_KEEP_TWICE] = "--keep names '%s' twice",
	[SB_MSG_KEEP_CLASH] = "--keep column '%s' has the name of an output column",
	[SB_MSG_DECIMALS_VALUE] = "--decimals takes a whole number from 0 to %d, not '%s'",
	[SB_MSG_SCORE_ONE_INPUT] = "'score' reads one input file",
	[SB_MSG_SUMMARY_MERGE] = "'summary' takes 'merge' and the summaries to merge",
	[SB_MSG_SUMMARY_FILES] = "'summary merge' needs at least one summary file",
	[SB_MSG_TEMPLATE_FORMAT] = "--format takes md, csv, sql, psych or redcap, not '%s'",
	[SB_MSG_TEMPLATE_NO_CODEBOOK] = "--format %s goes without --codebook",
	[SB_MSG_DIALECT_TABLE_SQL] = "--dialect and --table go with --format sql",
	[SB_MSG_DIALECT_VALUE] = "--dialect takes sqlite, duckdb, postgres or spark, not '%s'",
	[SB_MSG_TABLE_VALUE] = "--table takes a name such as answers or main.answers, not '%s'",
	[SB_MSG_FORMAT_CODEBOOK] = "--format goes with --codebook",

	[SB_MSG_STDIN_NOTE] = "securebase: reading answers from the terminal; give a file, or end "
	                      "with Ctrl-D\n",
	[SB_MSG_PROGRESS_ROWS] = "rows",
	[SB_MSG_PROGRESS_SECOND] = "s",
	[SB_MSG_PROGRESS_LEFT] = "left",
	[SB_MSG_SCORE_DONE] = "securebase: %lu rows read, %lu scored, %lu rejected",
	[SB_MSG_SCORE_REPEATS] = "; repeated ids: %lu",
	[SB_MSG_SCORE_REPEATED_ID] = "securebase: %s:%ld: id '%s' repeats the id of row %ld\n",
	[SB_MSG_PROGRESS_REPORTS] = "reports",
	[SB_MSG_REPORTS_DONE] = "securebase: %lu report%s written to %s, %lu row%s rejected\n",
	[SB_MSG_CODEBOOK_ITEM] = "item",
	[SB_MSG_CODEBOOK_SCALE] = "scale",
	[SB_MSG_CODEBOOK_REVERSE] = "reverse",
	[SB_MSG_CODEBOOK_MIN] = "min",
	[SB_MSG_CODEBOOK_MAX] = "max",
	[SB_MSG_CODEBOOK_TEXT] = "text",
	[SB_MSG_YES] = "yes",
	[SB_MSG_NO] = "no",
	[SB_MSG_REDCAP_ID_LABEL] = "Respondent id",
	[SB_MSG_IMPORT_HEAD] = "securebase: import: ",
	[SB_MSG_IMPORT_SEPARATOR] = "separator %s%s, encoding %s",
	[SB_MSG_IMPORT_DETECTED] = " (detected)",
	[SB_MSG_IMPORT_CR] = ", CR line ends",
	[SB_MSG_IMPORT_SKIPPED] = ", %ld header row%s skipped%s",
	[SB_MSG_IMPORT_QUALTRICS] = " (Qualtrics)",
	[SB_MSG_IMPORT_ID_COLUMN] = ", id column '%s'",
	[SB_MSG_IMPORT_MAPPED] = "; item columns: %zu by id, %zu by --columns, %zu by code, %zu by "
	                         "question text",
	[SB_MSG_IMPORT_IGNORED] = "securebase: import: %zu column%s ignored: ",
	[SB_MSG_IMPORT_NO_COLUMN] = "securebase: import: %zu item%s with no column (counted as "
	                            "unanswered): ",
	[SB_MSG_VALIDATE_SAFETY] = " (%zu of them safety items)",
	[SB_MSG_VALIDATE_OK] = "%s: bank %s %s: %zu scales, %zu items%s, languages:%s%s\n",
};

/* ---- 中文 ----------------------------------------------------------------------------------- */

static const char *const S_zh[SB_MSG_COUNT] = {
	[SB_MSG_HELP_MAIN] =
	"用法：securebase [--bank FILE] [--lang zh|en] [--quiet] [--no-color]\n"
	"                 COMMAND [ARGS]\n"
	"      （COMMAND 之前的这些选项也可以写在它之后，与命令自己的选项放在一起）\n"
	"\n"
	"帮助你反思亲密关系中的不安全感：一份双语问卷，及其计分和报告。\n"
	"它只帮助反思，不做诊断。\n"
	"\n"
	"命令：\n"
	"  assess     在终端里回答问卷，并阅读你的报告\n"
	"  score      为答案 CSV 批量计分（流式处理）\n"
	"  report     为答案 CSV 中的一位或全部答卷人生成报告\n"
	"  compare    伴侣对比报告或重测对比报告\n"
	"  template   打印题库的答案 CSV 表头（或 --codebook 题目编码表）\n"
	"  form       空白问卷：可打印，或用 --fillable 在浏览器中填写\n"
	"  validate   检查题库\n"
	"  bank       打印内置题库的 YAML\n"
	"  summary    合并同一群体各部分的汇总（summary merge A.json B.json ...）\n"
	"\n"
	"选项：\n"
	"  -b, --bank FILE    使用这个题库，而不是内置题库\n"
	"  -l, --lang zh|en   问题、报告、帮助和提示的语言（默认取自 LC_ALL、\n"
	"                     LC_MESSAGES 或 LANG：zh* 为中文，其他为英文）\n"
	"  -q, --quiet        不在标准错误中显示进度和摘要行\n"
	"      --no-color     不用颜色（环境变量 NO_COLOR 效果相同）\n"
	"  -h, --help         显示本帮助；各命令的帮助见 'securebase COMMAND --help'\n"
	"  -V, --version      显示版本，以及内置题库的 id 和版本\n"
	"\n"
	"退出状态：0 成功，64 用法错误，65 数据有误，66 无法打开输入，\n"
	"69 未编译该功能，70 内部错误，73 无法创建输出，74 读写错误。\n",

	[SB_MSG_HELP_SCORE] =
	"用法：securebase score [INPUT.csv|-] [-o FILE] [--format csv|jsonl|sav|dta]\n"
	"                       [--rejects FILE] [--summary FILE] [--keep COLS]\n"
	"                       [--decimals N] [--no-duplicate-check]\n"
	"\n"
	"为答案 CSV 的每一行计分，一次一行。表头含 'id' 和各题的 id，\n"
	"即 'securebase template' 打印的表头。INPUT 为 '-' 或省略时读取标准输入。\n"
	"输出列：id、保留的列，然后每个量表依次为 <scale>、<scale>_band、\n"
	"<scale>_answered（已答/题数）、<scale>_answered_n 和 <scale>_items\n"
	"（以数字表示的同样两个计数），最后是 style 和 flags。\n"
	"\n"
	"  -o, --output FILE   把分数写入 FILE（权限 0600，原子替换）；\n"
	"                      '-' 或省略：标准输出\n"
	"  --format csv|jsonl|sav|dta\n"
	"                      CSV（分数按 --decimals 舍入）、JSON Lines（分数不舍入），\n"
	"                      或 SPSS（.sav）、Stata（.dta）数据文件：\n"
	"                      分数保留全部精度，标签用 --lang 的语言，分段、倾向和\n"
	"                      标记为带标签的代码（不能输出到终端）；默认由 -o FILE\n"
	"                      的扩展名（.csv .jsonl .sav .dta）决定，否则为 CSV\n"
	"  --decimals N        CSV 分数的小数位数，0 到 9（默认 2），\n"
	"                      四舍五入（一半时远离零）\n"
	"  --keep COLS         把这些输入列（逗号分隔）原样复制到输出\n"
	"  --rejects FILE      把无法计分的行以 CSV（row、column、reason、\n"
	"                      record）写入 FILE，而不是在标准错误中每行一条消息\n"
	"  --summary FILE      写出 JSON 群体汇总（人数、均值、标准差、分段、alpha）\n"
	"  --no-duplicate-check  不报告 id 与前面某行重复的行（否则在最后一行之后\n"
	"                      报告；id 超过 2 MiB 时分段排序写入 $TMPDIR 中的\n"
	"                      临时文件，内存占用保持不变）\n"
	"  --no-formula-guard  按读入的原样写出 id 和保留的单元格（默认情况下，\n"
	"                      以 = + - @ TAB 或 CR 开头而又不是数字的文本单元格\n"
	"                      前面会加一个 '，以免电子表格把它当公式执行）\n"
	"  -h, --help          显示本帮助\n"
	"\n"
	"%s"
	"\n"
	"退出状态：0 每一行都已计分，65 有行被拒收（其余行照常写出）或表头有误，\n"
	"66 无法打开输入，73 无法创建输出，74 无法写入 id 检查的临时文件。\n",

	[SB_MSG_HELP_REPORT] =
	"用法：securebase report INPUT.csv (--id ID | --all --out-dir DIR)\n"
	"                        [--format FORMAT] [--audience self|counsellor]\n"
	"                        [-o FILE]\n"
	"\n"
	"根据答案 CSV（'-' 读取标准输入）生成报告：用 --id 生成一位答卷人的报告，\n"
	"或用 --all 为每位答卷人各生成一个文件。\n"
	"\n"
	"  --id ID              答卷人（CSV 的 id 列）；报告写到标准输出，\n"
	"                       或写到 -o FILE\n"
	"  --all                全部答卷人，在 --out-dir 中每人一个文件；输入为\n"
	"                       普通文件时，每个处理器核心一个工作进程\n"
	"                       （SECUREBASE_JOBS=N 设定进程数），文件和消息\n"
	"                       与单个进程时相同\n"
	"  --out-dir DIR        --all 写入的文件夹（不存在时以权限 0700 创建）；\n"
	"                       文件名取自 id（保留各种文字的字母和数字；只有\n"
	"                       / \\ : * ? \" < > |、控制字符、开头的点和非 UTF-8\n"
	"                       字节变为 '_'；不同 id 得出同一名称时加后缀 -2、\n"
	"                       -3……），再加上格式的扩展名\n"
	"  --format FORMAT      text、md、html、pdf 或 json；默认由 -o FILE 的\n"
	"                       扩展名（.txt .md .html .htm .pdf .json）决定，\n"
	"                       否则为 text；--format 与扩展名矛盾时报错，\n"
	"                       PDF 从不写到终端\n"
	"  --audience AUDIENCE  self（默认）：本人的报告；counsellor：给咨询师的\n"
	"                       精简版，含图表、量表一览表、每一题的回答、作答\n"
	"                       质量指标、计分规则和笔记区\n"
	"  -o, --output FILE    与 --id 一起用：写到这里（'-' 表示标准输出）\n"
	"  -h, --help           显示本帮助\n"
	"\n"
	"%s"
	"\n"
	"报告的日期是今天；设置了 SOURCE_DATE_EPOCH 时以它为准。文件以权限 0600\n"
	"原子写入。无法计分的行报告为 INPUT:ROW:COLUMN: reason，不影响其他行。\n"
	"\n"
	"退出状态：0 成功，64 用法错误，65 id 不存在或有行无法计分，\n"
	"66 无法打开输入，69 未编译 PDF 支持，73 无法创建输出，74 读写错误。\n",

	[SB_MSG_HELP_COMPARE] =
	"用法：securebase compare INPUT.csv --ids A,B [--with OTHER.csv]\n"
	"                         [--mode couple|retest] [--format FORMAT]\n"
	"                         [--audience self|counsellor] [--summary FILE]\n"
	"                         [--consent] [-o FILE]\n"
	"\n"
	"比较两行答案：两位伴侣并排对照（couple），或同一个人的前后两次作答\n"
	"（retest）。INPUT.csv 可以是 '-'，表示标准输入。\n"
	"\n"
	"  --ids A,B            两行的 id（CSV 的 id 列），先第一行，再第二行\n"
	"  --with OTHER.csv     改从这个文件读取 B（A 仍在 INPUT.csv 中）；此时\n"
	"                       A 和 B 可以是同一个 id\n"
	"  --mode MODE          couple（默认）：两人的剖面画在同一张图上，标出差异\n"
	"                       最大之处，以及两人一起形成的模式；retest：每个量表的\n"
	"                       变化，以及它是否大于测量误差（可靠变化指数）\n"
	"  --consent            couple：声明两位伴侣都同意彼此分享自己的回答；\n"
	"                       没有它不会生成伴侣报告，报告中也会记录这一点\n"
	"  --summary FILE       retest：'securebase score --summary' 写出的群体\n"
	"                       汇总，为题库常模未给出标准差和信度的量表提供这两项\n"
	"  --format FORMAT      text、md、html、pdf 或 json；默认由 -o FILE 的\n"
	"                       扩展名（.txt .md .html .htm .pdf .json）决定，\n"
	"                       否则为 text\n"
	"  --audience AUDIENCE  self（默认），或 counsellor：加上两行逐题的回答、\n"
	"                       作答质量，重测时还有每个可靠变化背后的数字\n"
	"  -o, --output FILE    写到这里，而不是标准输出（'-' 表示标准输出）\n"
	"  -h, --help           显示本帮助\n"
	"\n"
	"%s"
	"\n"
	"报告的日期是今天；设置了 SOURCE_DATE_EPOCH 时以它为准。文件以权限 0600\n"
	"原子写入。\n"
	"\n"
	"退出状态：0 成功，64 用法错误，65 找不到 id、有行无法计分或汇总无效，\n"
	"66 无法打开输入，69 未编译 PDF 支持，73 无法创建输出，74 读写错误。\n",

	[SB_MSG_HELP_TEMPLATE] =
	"用法：securebase template [--codebook [--format md|csv]]\n"
	"      securebase template --format sql [--dialect sqlite|duckdb|postgres|spark]\n"
	"                          [--table NAME]\n"
	"      securebase template --format psych|redcap\n"
	"\n"
	"打印题库的答案 CSV 表头：先是 'id'，再按呈现顺序每个题目 id 一列。\n"
	"每位答卷人填一行，再用 'securebase score' 计分。\n"
	"\n"
	"  --codebook       改为打印所有题目的一览表：item、scale、reverse、min、\n"
	"                   max，以及所选语言（--lang）的题目文字\n"
	"  --format md|csv  一览表为 Markdown 表格（默认），或 CSV，列为\n"
	"                   item,scale,reverse,min,max,text（reverse 为 yes/no）\n"
	"  --format sql     一条 SQL 查询：按本题库的规则，把答案表的各行计分为\n"
	"                   'securebase score' 的输出列（docs/sql.md）\n"
	"  --dialect NAME   SQL 方言：sqlite（默认）、duckdb、postgres 或 spark\n"
	"  --table NAME     查询读取的表（默认：answers）\n"
	"  --format psych   一个 R 脚本，用 psych::scoreItems 的键和题库的规则\n"
	"                   （反向计分、min_answered、均值；求和量表按比例补足）\n"
	"                   为答案 CSV 计分：Rscript it.R ANSWERS.csv [SCORES.csv]\n"
	"  --format redcap  一份 REDCap 数据字典：先是 id，然后每个题目一个单选\n"
	"                   （radio）字段，选项为所选语言（--lang）的题库选项\n"
	"  -h, --help       显示本帮助\n",

	[SB_MSG_HELP_FORM] =
	"用法：securebase form [--format text|md|html|pdf] [-o FILE]\n"
	"      securebase form --fillable [--format html] [-o FILE.html]\n"
	"\n"
	"一份可打印的空白问卷，语言由 --lang 选定：简短的说明、作答量表、答卷人\n"
	"编号和日期的填写栏，以及编好号的每一条陈述，每个选项一个方框。每条陈述\n"
	"下方用小字印出题目 id：它们就是 'securebase template' 的列名，便于把\n"
	"纸质答案录入 CSV。\n"
	"\n"
	"  --format FORMAT    text、md、html 或 pdf；默认由 -o FILE 的扩展名\n"
	"                     （.txt .md .html .htm .pdf）决定，否则为 text\n"
	"  --fillable         改为生成一个独立的 HTML 页面，供来访者在浏览器中离线\n"
	"                     填写（手机或电脑）：一次一条陈述或全部列出，进度保存\n"
	"                     在该浏览器中；“保存答案”按钮下载 'score' 和 'report'\n"
	"                     可读取的答案 CSV，文件名为\n"
	"                     answers-ID-BANK-VERSION-ITEMSHASH-DATE.csv。页面不连接\n"
	"                     任何地方，也不显示分数。题库有两种语言时两种都包含\n"
	"                     （--lang 所选的在前）。\n"
	"  -o, --output FILE  写到这里，而不是标准输出（'-' 表示标准输出）\n"
	"  -h, --help         显示本帮助\n"
	"\n"
	"退出状态：0 成功，64 用法错误，69 未编译 PDF 支持，73 无法创建输出，\n"
	"74 读写错误。\n",

	[SB_MSG_HELP_VALIDATE] =
	"用法：securebase validate [--dump] [--strict] [BANK.yaml ...]\n"
	"\n"
	"检查题库：列出的每个文件（'-' 读取标准输入）和 --bank 指定的题库；\n"
	"都没有时检查内置题库。每个有效题库打印一行摘要，否则以\n"
	"FILE:LINE:COLUMN: message 的形式列出发现的每个问题。\n"
	"\n"
	"  --dump     同时打印载入的模型，每行一项（用于比较差异和测试）\n"
	"  --strict   同时检查题目质量：每个量表至少 3 道反向计分题，反向计分题\n"
	"             中没有否定词，不同量表之间没有相同的题目文字\n"
	"  -h, --help 显示本帮助\n"
	"\n"
	"退出状态：0 全部有效，65 有题库无效，66 无法打开文件。\n",

	[SB_MSG_HELP_BANK] =
	"用法：securebase bank\n"
	"\n"
	"打印内置题库的 YAML，与构建时嵌入的内容逐字节相同。可以复制它、\n"
	"修改它，用 'securebase validate FILE' 检查，再用 '--bank FILE' 使用。\n"
	"指定 --bank FILE 时，改为打印该文件（前提是它能作为有效题库载入）。\n"
	"\n"
	"  -h, --help 显示本帮助\n",

	[SB_MSG_HELP_SUMMARY] =
	"用法：securebase summary merge A.json B.json ... [-o FILE]\n"
	"\n"
	"把 'securebase score --summary' 为同一群体各部分（同一答案文件的分片、\n"
	"不同地点、不同批次）写出的群体汇总，合并为全部行的汇总：人数、分段、\n"
	"alpha、删题后 alpha 和题总相关 r 与对全部行做一次 'score --summary' 的\n"
	"结果完全相同（它们来自整数之和）；均值、标准差、最小值和最大值也相同\n"
	"（差别只在舍入，约 1e-12）。所有汇总必须来自同一题库（id 和版本），即\n"
	"--bank 指定的题库（默认为内置题库），并且是第 2 版格式（schema 2）：\n"
	"较旧的汇总请把对应的行重新评分。\n"
	"\n"
	"  -o, --output FILE   把合并后的汇总写入 FILE（权限 0600，原子替换）；\n"
	"                      '-' 或省略：标准输出\n"
	"  -h, --help          显示本帮助\n"
	"\n"
	"退出状态：0 已合并，64 用法错误，65 有文件不是本题库的汇总，\n"
	"66 无法读取文件，73 无法创建输出。\n",

	[SB_MSG_HELP_IMPORT] =
	"读取问卷平台导出的文件（docs/importing.md）：\n"
	"  --id-column NAME    答卷人的 id 列（默认 'id'；没有 'id' 时会识别\n"
	"                      record_id、ResponseId、'Response ID'、token 等）\n"
	"  --allow-missing-items  为缺少部分题目的文件计分（缺少的题按未作答计）；\n"
	"                      否则缺少题目列时以退出状态 65 停止\n"
	"  --delimiter C       ','、';' 或 'tab'（默认：根据表头行识别）\n"
	"  --encoding ENC      文件的编码，例如 gb18030（默认：UTF-8，或带字节\n"
	"                      顺序标记的 UTF-16）\n"
	"  --skip-rows N       跳过表头后的 N 行（Qualtrics 的 2 行无需此项即可识别）\n"
	"  --columns FILE.csv  把表头名称对应到题目 id（一个 'column,item' CSV）\n"
	"  --missing LIST      表示未作答的单元格值，逗号分隔（默认：NA；空单元格\n"
	"                      总是表示未作答）\n",

	[SB_MSG_TRY_HELP] = "请运行 'securebase %s%s--help' 查看用法。",

	[SB_MSG_UNKNOWN_OPTION] = "未知选项 '%s'",
	[SB_MSG_NEEDS_VALUE] = "选项 '%s' 需要一个值",
	[SB_MSG_LANG_VALUE] = "--lang 只接受 zh 或 en，而不是 '%s'",
	[SB_MSG_UNKNOWN_COMMAND] = "未知命令 '%s'",
	[SB_MSG_NO_ARGUMENTS] = "'%s' 不接受参数",
	[SB_MSG_UNEXPECTED_ARGUMENT] = "多余的参数 '%s'",
	[SB_MSG_FORMAT_VALUE] = "--format 只接受 %s，而不是 '%s'",
	[SB_MSG_FORMAT_CONTRADICTS] = "--format %s 与输出文件 '%s' 矛盾，它的文件名表示 %s；"
	                              "去掉 --format，或把文件改名为 .%s",
	[SB_MSG_FORMAT_UNKNOWN] = "无法从 '%s' 判断格式；请把它命名为 %s，或加上 --format",
	[SB_MSG_NOT_FOR_TERMINAL] = "%s 不能输出到终端：请用 -o FILE.%s 写入文件",
	[SB_MSG_KIND_SPSS] = "SPSS 文件",
	[SB_MSG_KIND_STATA] = "Stata 文件",
	[SB_MSG_ID_COLUMN_EMPTY] = "--id-column 需要一个列名",
	[SB_MSG_DELIMITER_VALUE] = "--delimiter 只接受 ','、';' 或 'tab'，而不是 '%s'",
	[SB_MSG_ENCODING_EMPTY] = "--encoding 需要一个编码名称，例如 gb18030",
	[SB_MSG_SKIP_ROWS_VALUE] = "--skip-rows 需要一个不小于 0 的整数，而不是 '%s'",
	[SB_MSG_NAME_THE_CSV] = "请指定答案 CSV（或用 '-' 表示标准输入）",
	[SB_MSG_ONE_CSV] = "只能有一个答案 CSV，不能再加 '%s'",
	[SB_MSG_ONE_CSV_WITH] = "只能有一个答案 CSV，不能再加 '%s'（第二个文件请用 --with 指定）",
	[SB_MSG_AUDIENCE_VALUE] = "--audience 只接受 self 或 counsellor，而不是 '%s'",
	[SB_MSG_MODE_VALUE] = "--mode 只接受 couple 或 retest，而不是 '%s'",
	[SB_MSG_IDS_NEEDED] = "请用 --ids A,B 指定要比较的两行",
	[SB_MSG_IDS_FORM] = "--ids 需要用一个逗号隔开的两个 id，例如 --ids p1,p2；而不是 '%s'",
	[SB_MSG_IDS_TWICE] = "--ids 两次指定了 '%s'；要比较两个文件中的同一个 id，"
	                     "请用 --with 指定第二个文件",
	[SB_MSG_SUMMARY_RETEST] = "--summary 用于 --mode retest",
	[SB_MSG_CONSENT_NEEDED] = "伴侣报告会让每位伴侣看到对方的回答：请加上 --consent，"
	                          "声明两位伴侣都同意分享",
	[SB_MSG_CONSENT_COUPLE] = "--consent 用于 --mode couple",
	[SB_MSG_ID_OR_ALL] = "请指定 --id ID，或 --all --out-dir DIR，二者选一",
	[SB_MSG_ALL_OUT_DIR] = "--all 需要 --out-dir DIR",
	[SB_MSG_OUTPUT_FOR_ID] = "-o 用于 --id；--all 写入 --out-dir",
	[SB_MSG_OUT_DIR_FOR_ALL] = "--out-dir 用于 --all",
	[SB_MSG_FILLABLE_HTML] = "--fillable 生成 HTML 页面：请用 --format html 或不加 --format",
	[SB_MSG_KEEP_COMMAS] = "--keep 需要用逗号隔开的列名",
	[SB_MSG_KEEP_TWICE] = "--keep 两次指定了 '%s'",
	[SB_MSG_KEEP_CLASH] = "--keep 的列 '%s' 与一个输出列同名",
	[SB_MSG_DECIMALS_VALUE] = "--decimals 需要 0 到 %d 之间的整数，而不是 '%s'",
	[SB_MSG_SCORE_ONE_INPUT] = "'score' 只读取一个输入文件",
	[SB_MSG_SUMMARY_MERGE] = "'summary' 后面要跟 'merge' 和要合并的汇总文件",
	[SB_MSG_SUMMARY_FILES] = "'summary merge' 至少需要一个汇总文件",
	[SB_MSG_TEMPLATE_FORMAT] = "--format 只接受 md、csv、sql、psych 或 redcap，而不是 '%s'",
	[SB_MSG_TEMPLATE_NO_CODEBOOK] = "--format %s 不能与 --codebook 一起使用",
	[SB_MSG_DIALECT_TABLE_SQL] = "--dialect 和 --table 要与 --format sql 一起使用",
	[SB_MSG_DIALECT_VALUE] = "--dialect 只接受 sqlite、duckdb、postgres 或 spark，而不是 '%s'",
	[SB_MSG_TABLE_VALUE] = "--table 需要 answers 或 main.answers 这样的表名，而不是 '%s'",
	[SB_MSG_FORMAT_CODEBOOK] = "--format 要与 --codebook 一起使用",

	[SB_MSG_STDIN_NOTE] = "securebase：正在从终端读取答案；请给出一个文件，或按 Ctrl-D 结束\n",
	[SB_MSG_PROGRESS_ROWS] = "行",
	[SB_MSG_PROGRESS_SECOND] = "秒",
	[SB_MSG_PROGRESS_LEFT] = "剩余",
	[SB_MSG_SCORE_DONE] = "securebase：读取 %lu 行，计分 %lu 行，拒收 %lu 行",
	[SB_MSG_SCORE_REPEATS] = "；重复 id：%lu",
	[SB_MSG_SCORE_REPEATED_ID] = "securebase: %s:%ld: id '%s' 与第 %ld 行的 id 重复\n",
	[SB_MSG_PROGRESS_REPORTS] = "份报告",
	[SB_MSG_REPORTS_DONE] = "securebase: 写入 %lu 份报告%.0s到 %s，%lu 行无法计分%.0s\n",
	[SB_MSG_CODEBOOK_ITEM] = "条目",
	[SB_MSG_CODEBOOK_SCALE] = "量表",
	[SB_MSG_CODEBOOK_REVERSE] = "反向计分",
	[SB_MSG_CODEBOOK_MIN] = "最小",
	[SB_MSG_CODEBOOK_MAX] = "最大",
	[SB_MSG_CODEBOOK_TEXT] = "题目",
	[SB_MSG_YES] = "是",
	[SB_MSG_NO] = "否",
	[SB_MSG_REDCAP_ID_LABEL] = "编号",
	[SB_MSG_IMPORT_HEAD] = "securebase：导入：",
	[SB_MSG_IMPORT_SEPARATOR] = "分隔符 %s%s，编码 %s",
	[SB_MSG_IMPORT_DETECTED] = "（自动识别）",
	[SB_MSG_IMPORT_CR] = "，行尾为 CR",
	[SB_MSG_IMPORT_SKIPPED] = "，跳过表头下 %ld 行%.0s%s",
	[SB_MSG_IMPORT_QUALTRICS] = "（Qualtrics）",
	[SB_MSG_IMPORT_ID_COLUMN] = "，id 列 '%s'",
	[SB_MSG_IMPORT_MAPPED] = "；题目列：按 id %zu，按 --columns %zu，按平台代码 %zu，按题目文字 %zu",
	[SB_MSG_IMPORT_IGNORED] = "securebase：导入：忽略 %zu 列%.0s：",
	[SB_MSG_IMPORT_NO_COLUMN] = "securebase：导入：%zu 题没有对应的列（按未作答计）%.0s：",
	[SB_MSG_VALIDATE_SAFETY] = "（其中 %zu 题是安全题）",
	[SB_MSG_VALIDATE_OK] = "%s：题库 %s %s：%zu 个量表，%zu 题%s，语言：%s%s\n",
};

const char *sb_msg(sb_lang l, sb_msg_id id)
{
	if ((unsigned)id >= SB_MSG_COUNT)
		return "";
	const char *s = (l == SB_LANG_ZH ? S_zh : S_en)[id];
	/* A text missing in Chinese falls back to English (tests/test_cli_lang.c finds none). */
	if (!s)
		s = S_en[id];
	return s ? s : "";
}
