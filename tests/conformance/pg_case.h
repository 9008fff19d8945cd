// SPDX-License-Identifier: MIT
// Conformance cases on a real database: a mapping that names its D2RQ
// database with the placeholders $CONNECTIONDSN, $USERNAME and $PASSWORD
// (RMLSTC0006a) runs against the PostgreSQL server of LDX_TEST_PG_DSN, in a
// fresh schema holding the case's CSV files as tables.
#ifndef LDX_TESTS_PG_CASE_H
#define LDX_TESTS_PG_CASE_H

typedef enum {
  PG_CASE_NONE,  // no placeholders: nothing to do
  PG_CASE_READY, // schema loaded, mapping substituted
  PG_CASE_SKIP,  // no LDX_TEST_PG_DSN (outside CI)
  PG_CASE_ERROR, // *note says why
} PgCaseResult;

// Prepare the scratch copy `dir` of case `id` whose mapping is `mapping`
// (relative to `dir`): create the schema (its name in *schema, to free),
// load every DIR/NAME.csv into table "NAME" (columns whose values are all
// integers become bigint, the others text) and rewrite the mapping with the
// placeholders replaced.
PgCaseResult
pg_case_prepare(const char* dir,
                const char* id,
                const char* mapping,
                char**      schema,
                char**      note);

// Drop the schema of a prepared case (NULL: nothing).
void
pg_case_cleanup(const char* schema);

#endif // LDX_TESTS_PG_CASE_H
