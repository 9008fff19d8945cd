// SPDX-License-Identifier: MIT
// Logical sources: one implementation per reference formulation.
//
// A source compiles reference expressions once, then iterates the records
// of a data file (push style: it calls the engine per record) and evaluates
// compiled references on a record into values.  Values are borrowed from
// the source's data where possible, otherwise copied into the engine's
// per-record arena.
#ifndef LDX_SOURCE_SOURCE_H
#define LDX_SOURCE_SOURCE_H

#include "core/arena.h"
#include "core/buf.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stddef.h>

// Reference formulations (RML-IO).
typedef enum {
  LDXI_RF_JSONPATH = 0,
  LDXI_RF_CSV,
  LDXI_RF_XPATH,
  LDXI_RF_SQL_TABLE,  // rml:SQL2008Table: the iterator is a table name
  LDXI_RF_SQL_QUERY,  // rml:SQL2008Query: the iterator is a query
  LDXI_RF_SPARQL_CSV, // formats:SPARQL_Results_*: the iterator is a query
  LDXI_RF_SPARQL_TSV,
  LDXI_RF_SPARQL_JSON,
  LDXI_RF_SPARQL_XML,
  LDXI_RF_COUNT
} LdxiFormulation;

// The natural RDF datatype of a value (RML-Core "natural mapping").
typedef enum {
  LDXI_NAT_STRING = 0,
  LDXI_NAT_INTEGER,
  LDXI_NAT_DOUBLE,
  LDXI_NAT_BOOLEAN,
  LDXI_NAT_DECIMAL, // SQL NUMERIC/DECIMAL, RDF sources
  LDXI_NAT_DATE,
  LDXI_NAT_TIME,
  LDXI_NAT_DATETIME,
  LDXI_NAT_HEXBINARY, // SQL binary strings
} LdxiNatural;

// One value of a reference: its natural lexical form and datatype.
typedef struct {
  const char* str;
  size_t      len;
  LdxiNatural natural;
} LdxiValue;

// A reusable list of values (the array is kept across records).
typedef struct {
  LdxiValue* items;
  size_t     n;
  size_t     cap;
} LdxiValues;

// A record of an iteration.  `data` and `loc` are format-specific.
typedef struct {
  const void* data;
  const void* loc;
  size_t      number; // 1-based position in the iteration
} LdxiRecord;

typedef LdxStatus (*LdxiRecordFunc)(void* handle, const LdxiRecord* record);

// Why an expression did not compile.
typedef struct {
  size_t offset; // byte offset in the expression text
  char   message[192];
} LdxiExprError;

typedef struct LdxiSourceHandle LdxiSourceHandle;

// The compiled description of a logical source (mapping/plan.h).
struct LdxiLogicalSource;

typedef struct {
  const char* name; // e.g. "JSON"

  // Compile a reference (or, with `iterator` set, an iterator expression).
  LdxStatus (*compile)(LdxWorld*      world,
                       const char*    text,
                       size_t         len,
                       int            iterator,
                       void**         compiled,
                       LdxiExprError* err);
  void (*free_compiled)(void* compiled);

  // Open the source described by `source` (dialect, NULL values, encoding,
  // compression, namespaces, database, ... : see mapping/plan.h); `path` is
  // its resolved data file (NULL for databases).  Errors are reported
  // through the world with `display` as the name shown to the user.
  LdxStatus (*open)(LdxWorld*                       world,
                    const struct LdxiLogicalSource* source,
                    const char*                     path,
                    const char*                     display,
                    LdxiSourceHandle**              out);
  void (*close)(LdxiSourceHandle* source);

  // Call `func` for each record selected by the compiled iterator.
  LdxStatus (*iterate)(LdxiSourceHandle* source,
                       const void*       iterator,
                       LdxiRecordFunc    func,
                       void*             handle);

  // Evaluate a compiled reference on a record and append its values to
  // `out` (null values are skipped).  Returns LDX_BAD_DATA with a message in
  // `err` when the result cannot be used as values (e.g. an object).
  LdxStatus (*eval)(LdxiSourceHandle* source,
                    const LdxiRecord* record,
                    const void*       compiled,
                    LdxiValues*       out,
                    LdxiArena*        arena,
                    LdxiBuf*          err);

  // Describe where a record is, e.g. "record 3 ($['students'][2])".
  LdxStatus (*describe)(const LdxiRecord* record, LdxiBuf* out);
} LdxiSourceOps;

extern const LdxiSourceOps ldxi_json_source;
extern const LdxiSourceOps ldxi_sql_table_source; // sql_source.c
extern const LdxiSourceOps ldxi_sql_query_source;
extern const LdxiSourceOps ldxi_sparql_source; // sparql_source.c
extern const LdxiSourceOps ldxi_csv_source;

// The implementation of a reference formulation, or NULL if this build
// has none.
const LdxiSourceOps*
ldxi_source_ops(LdxiFormulation formulation);

// Append a value to a list, growing it.
LdxStatus
ldxi_values_push(LdxWorld* world, LdxiValues* values, LdxiValue value);

void
ldxi_values_free(LdxWorld* world, LdxiValues* values);

#endif // LDX_SOURCE_SOURCE_H
