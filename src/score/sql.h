/* SPDX-License-Identifier: MIT */
/* sql.h — the bank's scoring rules as one SQL query (`securebase template --format sql`): a SELECT
 * that scores a table of answers CSV rows into the columns `securebase score` writes
 * (docs/sql.md). Library code: it only appends to a buffer. */
#ifndef SB_SQL_H
#define SB_SQL_H

#include <stdbool.h>

#include "bank/bank.h"
#include "base/buf.h"

typedef enum { SB_SQL_SQLITE, SB_SQL_DUCKDB, SB_SQL_POSTGRES, SB_SQL_SPARK } sb_sql_dialect;

/* The dialect named name ("sqlite", "duckdb", "postgres", "spark") into *out; false when
 * unknown. */
bool sb_sql_dialect_parse(const char *name, sb_sql_dialect *out);
/* Whether name can be the table's name: one or more parts joined by '.', each
 * [A-Za-z_][A-Za-z0-9_]* (at most 128 bytes); each part is quoted in the query. */
bool sb_sql_table_valid(const char *name);
/* Appends the query for bank b, reading table (sb_sql_table_valid) in dialect d. */
void sb_sql_write(const sb_bank *b, sb_sql_dialect d, const char *table, sb_buf *out);

#endif
