// SPDX-License-Identifier: MIT
// The SQLite backend: the database file opened read-only, one prepared
// statement stepped row by row.
//
// SQLite types values, not columns: a value's storage class (integer, real,
// text, blob) gives its natural datatype, refined by the column's declared
// type for what SQLite has no storage class for (BOOLEAN, DATE, TIME,
// DATETIME/TIMESTAMP, DECIMAL/NUMERIC).
#include "sql/sql.h"

#include "core/alloc.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  LdxiSqlConn   base;
  sqlite3*      db;
  sqlite3_stmt* stmt;
} SqliteConn;

// Does the declared type contain `word` (case-insensitively)?
static bool
decl_has(const char* decl, const char* word)
{
  size_t n = strlen(word);
  for (const char* p = decl; *p; ++p) {
    size_t i = 0;
    while (i < n && p[i] &&
           (p[i] >= 'a' && p[i] <= 'z' ? p[i] - 'a' + 'A' : p[i]) == word[i]) {
      ++i;
    }
    if (i == n) {
      return true;
    }
  }
  return false;
}

// The kind a declared column type asks for; LDXI_SQL_TEXT when it asks for
// nothing beyond the values' storage classes.
static LdxiSqlKind
decl_kind(const char* decl)
{
  if (!decl) {
    return LDXI_SQL_TEXT;
  }
  if (decl_has(decl, "BOOL")) {
    return LDXI_SQL_BOOLEAN;
  }
  if (decl_has(decl, "DATETIME") || decl_has(decl, "TIMESTAMP")) {
    return LDXI_SQL_DATETIME;
  }
  if (decl_has(decl, "DATE")) {
    return LDXI_SQL_DATE;
  }
  if (decl_has(decl, "TIME")) {
    return LDXI_SQL_TIME;
  }
  if (decl_has(decl, "INT")) {
    return LDXI_SQL_INTEGER;
  }
  if (decl_has(decl, "DEC") || decl_has(decl, "NUMERIC")) {
    return LDXI_SQL_DECIMAL;
  }
  return LDXI_SQL_TEXT;
}

// The kind of one value from its storage class and its column's kind.
static LdxiSqlKind
value_kind(int type, LdxiSqlKind column)
{
  switch (type) {
    case SQLITE_INTEGER:
      return column == LDXI_SQL_BOOLEAN || column == LDXI_SQL_DECIMAL
               ? column
               : LDXI_SQL_INTEGER;
    case SQLITE_FLOAT:
      return column == LDXI_SQL_DECIMAL ? column : LDXI_SQL_DOUBLE;
    case SQLITE_BLOB:
      return LDXI_SQL_BYTES;
    default: // text: only the kinds that are read from text
      return column == LDXI_SQL_BOOLEAN || column == LDXI_SQL_DATE ||
                 column == LDXI_SQL_TIME || column == LDXI_SQL_DATETIME
               ? column
               : LDXI_SQL_TEXT;
  }
}

static LdxStatus
db_error(sqlite3* db, int rc, const char* what, LdxiBuf* err)
{
  if (rc == SQLITE_NOMEM) {
    return LDX_BAD_ALLOC;
  }
  ldxi_buf_printf(
    err, "%s%s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  return LDX_BAD_READ;
}

static void
sqlite_close(LdxiSqlConn* conn)
{
  SqliteConn* c = (SqliteConn*)conn;
  if (c) {
    sqlite3_finalize(c->stmt);
    sqlite3_close_v2(c->db);
    ldxi_sql_columns_free(&c->base);
    ldxi_free(c->base.world, c);
  }
}

static LdxStatus
sqlite_connect(LdxWorld*      world,
               const LdxiDsn* dsn,
               LdxiSqlConn**  out,
               LdxiBuf*       err)
{
  // SQLite says only "unable to open database file": say why first.
  struct stat info;
  if (strcmp(dsn->path, ":memory:") && stat(dsn->path, &info)) {
    ldxi_buf_printf(err, "%s", strerror(errno));
    return LDX_BAD_READ;
  }
  SqliteConn* c = (SqliteConn*)ldxi_calloc(world, 1, sizeof(SqliteConn));
  if (!c) {
    return LDX_BAD_ALLOC;
  }
  c->base.backend = &ldxi_sqlite_backend;
  c->base.world   = world;
  // Read-only: no query can change the database (attached ones included).
  int rc = sqlite3_open_v2(dsn->path, &c->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK) {
    LdxStatus st = db_error(c->db, rc, "", err);
    sqlite_close(&c->base);
    return st;
  }
  sqlite3_extended_result_codes(c->db, 1);
  sqlite3_busy_timeout(c->db, 5000);
  *out = &c->base;
  return LDX_SUCCESS;
}

static bool
only_space(const char* s)
{
  for (; *s; ++s) {
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != ';') {
      return false;
    }
  }
  return true;
}

static LdxStatus
sqlite_prepare(LdxiSqlConn* conn, const char* sql, LdxiBuf* err)
{
  SqliteConn* c    = (SqliteConn*)conn;
  const char* tail = NULL;
  int         rc   = sqlite3_prepare_v3(
    c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt, &tail);
  if (rc != SQLITE_OK) {
    LdxStatus st = db_error(c->db, rc, "", err);
    return st == LDX_BAD_READ ? LDX_BAD_MAPPING : st;
  }
  if (!c->stmt) {
    ldxi_buf_puts(err, "the query is empty");
    return LDX_BAD_MAPPING;
  }
  if (tail && !only_space(tail)) {
    // Anything but comments after the statement is a second one.
    sqlite3_stmt* next = NULL;
    rc                 = sqlite3_prepare_v2(c->db, tail, -1, &next, NULL);
    sqlite3_finalize(next);
    if (rc != SQLITE_OK || next) {
      ldxi_buf_puts(err, "more than one SQL statement");
      return LDX_BAD_MAPPING;
    }
  }
  if (!sqlite3_stmt_readonly(c->stmt)) {
    ldxi_buf_puts(err,
                  "the statement would change the database (a logical "
                  "source only reads)");
    return LDX_BAD_MAPPING;
  }
  size_t n = (size_t)sqlite3_column_count(c->stmt);
  if (!n) {
    ldxi_buf_puts(err, "the statement returns no columns");
    return LDX_BAD_MAPPING;
  }
  if (ldxi_sql_columns_alloc(conn, n)) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < n; ++i) {
    const char* name = sqlite3_column_name(c->stmt, (int)i);
    conn->names[i]   = name ? ldxi_strdup(conn->world, name) : NULL;
    if (!conn->names[i]) {
      return LDX_BAD_ALLOC;
    }
    conn->kinds[i] = decl_kind(sqlite3_column_decltype(c->stmt, (int)i));
  }
  return LDX_SUCCESS;
}

static LdxStatus
sqlite_run(LdxiSqlConn* conn, LdxiSqlRowFunc func, void* handle, LdxiBuf* err)
{
  SqliteConn* c  = (SqliteConn*)conn;
  LdxStatus   st = LDX_SUCCESS;
  sqlite3_reset(c->stmt);
  for (;;) {
    int rc = sqlite3_step(c->stmt);
    if (rc == SQLITE_DONE) {
      break;
    }
    if (rc != SQLITE_ROW) {
      st = db_error(c->db, rc, "", err);
      break;
    }
    for (size_t i = 0; i < conn->n_cols; ++i) {
      LdxiSqlCell* cell = &conn->cells[i];
      int          type = sqlite3_column_type(c->stmt, (int)i);
      cell->kind        = value_kind(type, conn->kinds[i]);
      if (type == SQLITE_NULL) {
        cell->str = NULL;
        cell->len = 0;
        continue;
      }
      // The text (or bytes), converted once: valid until the next step.
      cell->str = type == SQLITE_BLOB
                    ? (const char*)sqlite3_column_blob(c->stmt, (int)i)
                    : (const char*)sqlite3_column_text(c->stmt, (int)i);
      cell->len = (size_t)sqlite3_column_bytes(c->stmt, (int)i);
      if (!cell->str) {
        if (sqlite3_errcode(c->db) == SQLITE_NOMEM) {
          sqlite3_reset(c->stmt);
          return LDX_BAD_ALLOC;
        }
        cell->str = ""; // an empty blob
      }
    }
    if ((st = func(handle, conn->cells))) {
      break;
    }
  }
  sqlite3_reset(c->stmt);
  return st;
}

const LdxiSqlBackend ldxi_sqlite_backend = {
  "SQLite", sqlite_connect, sqlite_prepare, sqlite_run, sqlite_close,
};
