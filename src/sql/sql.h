// SPDX-License-Identifier: MIT
// Relational databases behind the SQL logical sources: connection strings
// (DSNs), one backend per database system, and the natural RDF values of
// SQL values (R2RML "natural mapping").
//
// A backend connects, prepares the one statement of a logical source
// (which tells the result's columns and their types before any row is
// read) and runs it any number of times, streaming rows to a callback.
// Backends report nothing themselves: they return a status and put the
// database's message in `err` (left empty when the status comes from the
// row callback, which has reported it).
#ifndef LDX_SQL_SQL_H
#define LDX_SQL_SQL_H

#include "core/arena.h"
#include "core/buf.h"
#include "source/source.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>

// ---------------------------------------------------------------------------
// Connection strings

typedef enum {
  LDXI_DB_SQLITE = 1,
  LDXI_DB_POSTGRES,
} LdxiDbKind;

// Most libpq connection keywords a DSN turns into.
#define LDXI_DSN_MAX_PARAMS 12

// A parsed DSN.  Strings are owned (ldxi_dsn_free).
typedef struct {
  LdxiDbKind kind;
  char*      path; // SQLite: the database file
  // PostgreSQL: libpq keywords and values, NULL-terminated (static
  // keywords, owned values).
  const char* keywords[LDXI_DSN_MAX_PARAMS + 1];
  char*       values[LDXI_DSN_MAX_PARAMS + 1];
  size_t      n_params;
  int         expand_dbname; // the "dbname" value is a libpq URI
  char*       shown;         // the DSN without any password, for messages
} LdxiDsn;

// Parse a DSN: "jdbc:sqlite:PATH", "sqlite:PATH",
// "jdbc:postgresql://HOST[:PORT]/DB[?PARAMS]", "jdbc:postgresql:DB",
// "postgresql://..." or "postgres://..." (libpq URIs).  `user` and
// `password` (d2rq:username, d2rq:password; may be NULL) override those
// of the DSN.  A relative SQLite path is resolved against `dir` when it is
// not NULL.  Errors: LDX_BAD_MAPPING (malformed) or LDX_UNSUPPORTED (other
// databases), with a message in `err` that never contains a password.
LdxStatus
ldxi_dsn_parse(LdxWorld*   world,
               const char* dsn,
               const char* user,
               const char* password,
               const char* dir,
               LdxiDsn*    out,
               LdxiBuf*    err);

void
ldxi_dsn_free(LdxWorld* world, LdxiDsn* dsn);

// Append `dsn` to `out` without the password of its user information or
// of a "password" parameter.
LdxStatus
ldxi_dsn_redact(const char* dsn, LdxiBuf* out);

// `dsn` as the engine shows it in messages without allocating: as it is,
// from its host on if its user information has a password, or "database"
// if a parameter has one.
const char*
ldxi_dsn_display(const char* dsn);

// ---------------------------------------------------------------------------
// Results

// How a column's text becomes a natural RDF value.
typedef enum {
  LDXI_SQL_TEXT = 0, // plain literal (character strings, unknown types)
  LDXI_SQL_INTEGER,  // xsd:integer
  LDXI_SQL_DOUBLE,   // xsd:double, canonical form
  LDXI_SQL_DECIMAL,  // xsd:decimal, canonical form
  LDXI_SQL_BOOLEAN,  // xsd:boolean from t/f, 1/0, true/false
  LDXI_SQL_DATE,     // xsd:date
  LDXI_SQL_TIME,     // xsd:time
  LDXI_SQL_DATETIME, // xsd:dateTime ("2011-08-23 22:17:00" gets its T)
  LDXI_SQL_HEX,      // xsd:hexBinary from hex digits (PostgreSQL bytea)
  LDXI_SQL_BYTES,    // xsd:hexBinary from raw bytes (SQLite BLOB)
} LdxiSqlKind;

// One value of a row: its text (NULL for SQL NULL), valid during the row
// callback.
typedef struct {
  const char* str;
  size_t      len;
  LdxiSqlKind kind;
} LdxiSqlCell;

typedef struct LdxiSqlBackend LdxiSqlBackend;

// A connection.  Each backend's connection starts with this part, which
// describes the prepared statement's result.
typedef struct {
  const LdxiSqlBackend* backend;
  LdxWorld*             world;
  size_t                n_cols;
  char**                names; // column names (owned)
  LdxiSqlKind*          kinds; // by column (SQLite: refined per value)
  LdxiSqlCell*          cells; // the current row
} LdxiSqlConn;

// Called for every row; `cells` has conn->n_cols values.
typedef LdxStatus (*LdxiSqlRowFunc)(void* handle, const LdxiSqlCell* cells);

struct LdxiSqlBackend {
  const char* name; // "SQLite", "PostgreSQL"
  LdxStatus (*connect)(LdxWorld*      world,
                       const LdxiDsn* dsn,
                       LdxiSqlConn**  out,
                       LdxiBuf*       err);
  // Prepare the statement (one, read-only) and describe its columns.
  LdxStatus (*prepare)(LdxiSqlConn* conn, const char* sql, LdxiBuf* err);
  // Run the prepared statement in a read-only transaction.
  LdxStatus (*run)(LdxiSqlConn*   conn,
                   LdxiSqlRowFunc func,
                   void*          handle,
                   LdxiBuf*       err);
  void (*close)(LdxiSqlConn* conn);
};

extern const LdxiSqlBackend ldxi_sqlite_backend;
extern const LdxiSqlBackend ldxi_postgres_backend;

// Allocate the column arrays of `conn` for `n` columns (names NULL).
LdxStatus
ldxi_sql_columns_alloc(LdxiSqlConn* conn, size_t n);

void
ldxi_sql_columns_free(LdxiSqlConn* conn);

// ---------------------------------------------------------------------------
// SQL text and values

// Append `SELECT * FROM <table>` to `out`, the table name (optionally
// schema-qualified, "schema.table") quoted as delimited identifiers; parts
// already in double quotes are kept.  LDX_BAD_MAPPING with a message in
// `err` for a malformed name.
LdxStatus
ldxi_sql_select_table(const char* table, LdxiBuf* out, LdxiBuf* err);

// The natural RDF value of a non-NULL cell: its lexical form (borrowed from
// the cell, or rewritten into `arena`) and datatype.  A value that does not
// fit its column's datatype (a SQLite DATE column holding "soon") is a
// plain literal.  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_sql_value(const LdxiSqlCell* cell, LdxiArena* arena, LdxiValue* out);

#endif // LDX_SQL_SQL_H
