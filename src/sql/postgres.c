// SPDX-License-Identifier: MIT
// The PostgreSQL backend (libpq): a named prepared statement, described
// once (columns and their type OIDs), run in a read-only transaction in
// single-row mode so that memory does not grow with the result.
#include "sql/sql.h"

#include "core/alloc.h"

#include <libpq-fe.h>
#include <string.h>

#define STATEMENT "ldexport_source"

typedef struct {
  LdxiSqlConn base;
  PGconn*     pg;
} PgConn;

// Natural kinds of the built-in types (pg_type.oid values, stable across
// versions); any other type is text.
static LdxiSqlKind
oid_kind(Oid type)
{
  switch (type) {
    case 20: // int8
    case 21: // int2
    case 23: // int4
    case 26: // oid
      return LDXI_SQL_INTEGER;
    case 700: // float4
    case 701: // float8
      return LDXI_SQL_DOUBLE;
    case 1700: // numeric
      return LDXI_SQL_DECIMAL;
    case 16: // bool
      return LDXI_SQL_BOOLEAN;
    case 1082: // date
      return LDXI_SQL_DATE;
    case 1083: // time
    case 1266: // timetz
      return LDXI_SQL_TIME;
    case 1114: // timestamp
    case 1184: // timestamptz
      return LDXI_SQL_DATETIME;
    case 17: // bytea
      return LDXI_SQL_HEX;
    default:
      return LDXI_SQL_TEXT;
  }
}

// Append libpq's message on one line ("a\nb\n" becomes "a; b").
static void
put_message(LdxiBuf* err, const char* msg)
{
  const char* p = msg ? msg : "unknown error";
  while (*p) {
    size_t n = strcspn(p, "\n");
    if (n) {
      if (err->len) {
        ldxi_buf_puts(err, "; ");
      }
      ldxi_buf_append(err, p, n);
    }
    p += n + (p[n] == '\n');
  }
}

// The error of a failed result: its primary message and position.
static LdxStatus
result_error(const PGresult* res, LdxStatus st, LdxiBuf* err)
{
  const char* primary =
    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (!primary) {
    put_message(err, res ? PQresultErrorMessage(res) : "out of memory");
    return res ? st : LDX_BAD_ALLOC;
  }
  ldxi_buf_puts(err, primary);
  const char* pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
  if (pos) {
    ldxi_buf_printf(err, " (at character %s)", pos);
  }
  return st;
}

// Run a command without results; LDX_BAD_READ with the message if it fails.
static LdxStatus
command(PgConn* c, const char* sql, LdxiBuf* err)
{
  PGresult* res = PQexec(c->pg, sql);
  LdxStatus st  = LDX_SUCCESS;
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    st = result_error(res, LDX_BAD_READ, err);
  }
  PQclear(res);
  return st;
}

static void
pg_close(LdxiSqlConn* conn)
{
  PgConn* c = (PgConn*)conn;
  if (c) {
    PQfinish(c->pg);
    ldxi_sql_columns_free(&c->base);
    ldxi_free(c->base.world, c);
  }
}

static LdxStatus
pg_connect(LdxWorld* world, const LdxiDsn* dsn, LdxiSqlConn** out, LdxiBuf* err)
{
  PgConn* c = (PgConn*)ldxi_calloc(world, 1, sizeof(PgConn));
  if (!c) {
    return LDX_BAD_ALLOC;
  }
  c->base.backend = &ldxi_postgres_backend;
  c->base.world   = world;
  c->pg           = PQconnectdbParams(
    dsn->keywords, (const char* const*)dsn->values, dsn->expand_dbname);
  if (!c->pg) {
    pg_close(&c->base);
    return LDX_BAD_ALLOC;
  }
  if (PQstatus(c->pg) != CONNECTION_OK) {
    put_message(err, PQerrorMessage(c->pg));
    pg_close(&c->base);
    return LDX_BAD_READ;
  }
  // Text forms the natural mapping expects, whatever the server's defaults.
  LdxStatus st = command(c,
                         "SET DateStyle TO ISO; SET TimeZone TO 'UTC'; "
                         "SET bytea_output TO hex; SET extra_float_digits TO 1",
                         err);
  if (st) {
    pg_close(&c->base);
    return st;
  }
  *out = &c->base;
  return LDX_SUCCESS;
}

static LdxStatus
pg_prepare(LdxiSqlConn* conn, const char* sql, LdxiBuf* err)
{
  PgConn* c = (PgConn*)conn;
  // A prepared statement is one statement: a second one is a syntax error.
  PGresult* res = PQprepare(c->pg, STATEMENT, sql, 0, NULL);
  LdxStatus st  = LDX_SUCCESS;
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    st = result_error(res, LDX_BAD_MAPPING, err);
  }
  PQclear(res);
  if (st) {
    return st;
  }
  res = PQdescribePrepared(c->pg, STATEMENT);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    st = result_error(res, LDX_BAD_READ, err);
  } else if (PQnfields(res) <= 0) {
    ldxi_buf_puts(err, "the statement returns no columns");
    st = LDX_BAD_MAPPING;
  } else {
    size_t n = (size_t)PQnfields(res);
    st       = ldxi_sql_columns_alloc(conn, n);
    for (size_t i = 0; !st && i < n; ++i) {
      conn->names[i] = ldxi_strdup(conn->world, PQfname(res, (int)i));
      conn->kinds[i] = oid_kind(PQftype(res, (int)i));
      st             = conn->names[i] ? LDX_SUCCESS : LDX_BAD_ALLOC;
    }
  }
  PQclear(res);
  return st;
}

// Stop a running query: cancel it and read what is left.
static void
abandon(PgConn* c)
{
  PGcancel* cancel = PQgetCancel(c->pg);
  if (cancel) {
    char buf[256];
    PQcancel(cancel, buf, (int)sizeof(buf));
    PQfreeCancel(cancel);
  }
  PGresult* res = NULL;
  while ((res = PQgetResult(c->pg))) {
    PQclear(res);
  }
}

static LdxStatus
pg_run(LdxiSqlConn* conn, LdxiSqlRowFunc func, void* handle, LdxiBuf* err)
{
  PgConn* c = (PgConn*)conn;
  // Read-only whatever the statement is; rolled back at the end.
  LdxStatus st = command(c, "BEGIN TRANSACTION READ ONLY", err);
  if (st) {
    return st;
  }
  if (!PQsendQueryPrepared(c->pg, STATEMENT, 0, NULL, NULL, NULL, 0)) {
    put_message(err, PQerrorMessage(c->pg));
    st = LDX_BAD_READ;
  } else if (!PQsetSingleRowMode(c->pg)) {
    abandon(c);
    ldxi_buf_puts(err, "cannot read the result row by row");
    st = LDX_BAD_READ;
  }
  PGresult* res = NULL;
  while (!st && (res = PQgetResult(c->pg))) {
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_SINGLE_TUPLE) {
      size_t n = (size_t)PQnfields(res);
      for (size_t i = 0; i < conn->n_cols; ++i) {
        LdxiSqlCell* cell = &conn->cells[i];
        cell->kind        = conn->kinds[i];
        if (i >= n || PQgetisnull(res, 0, (int)i)) {
          cell->str = NULL;
          cell->len = 0;
        } else {
          cell->str = PQgetvalue(res, 0, (int)i);
          cell->len = (size_t)PQgetlength(res, 0, (int)i);
        }
      }
      st = func(handle, conn->cells);
      PQclear(res);
      if (st) {
        abandon(c);
      }
    } else if (status == PGRES_TUPLES_OK) {
      PQclear(res); // the end of the rows
    } else {
      st = result_error(res, LDX_BAD_READ, err);
      PQclear(res);
      abandon(c);
    }
  }
  LdxiBuf ignored;
  ldxi_buf_init(&ignored, conn->world, 0);
  LdxStatus end = command(c, "ROLLBACK", st ? &ignored : err);
  ldxi_buf_free(&ignored);
  return st ? st : end;
}

const LdxiSqlBackend ldxi_postgres_backend = {
  "PostgreSQL", pg_connect, pg_prepare, pg_run, pg_close,
};
