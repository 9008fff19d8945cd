// SPDX-License-Identifier: MIT
// SQL logical sources (rml:SQL2008Table, rml:SQL2008Query, R2RML logical
// tables): records are the rows of a table or query, references are column
// names, values are the columns' natural RDF values (src/sql/value.c).
//
// Opening connects and prepares the statement, so a bad DSN, query or
// table is reported before any output.  Each iteration runs the statement
// again and streams its rows (src/sql/ backends).
#include "source/ref_index.h"
#include "source/source.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "mapping/plan.h"
#include "sql/sql.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct LdxiSourceHandle {
  LdxWorld*    world;
  LdxiSqlConn* conn;
  char*        shown;      // the DSN without password
  const char*  table;      // SQL2008Table: the table name (plan), else NULL
  LdxiRule     rule;       // the logical source (plan), for messages
  LdxiRefIndex columns_of; // compiled reference -> result column
};

// A compiled reference: a column name; "NAME" in double quotes (R2RML's
// delimited identifiers) matches exactly, a plain name also matches a
// column that differs only in case when no column matches exactly.
typedef struct {
  LdxWorld* world;
  bool      quoted;
  char      name[]; // flexible array member
} SqlRef;

static LdxStatus
sql_compile(LdxWorld*      world,
            const char*    text,
            size_t         len,
            int            iterator,
            void**         compiled,
            LdxiExprError* err)
{
  bool quoted = !iterator && len >= 2 && text[0] == '"' && text[len - 1] == '"';
  if (quoted) {
    ++text;
    len -= 2;
  }
  if (!len) {
    err->offset = 0;
    snprintf(err->message,
             sizeof(err->message),
             "%s",
             iterator ? "empty table name or query" : "empty column name");
    return LDX_BAD_REFERENCE;
  }
  SqlRef* ref = (SqlRef*)ldxi_malloc(world, sizeof(SqlRef) + len + 1);
  if (!ref) {
    return LDX_BAD_ALLOC;
  }
  ref->world  = world;
  ref->quoted = quoted;
  // A delimited identifier writes '"' as '""'.
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) {
    ref->name[n++] = text[i];
    i += quoted && text[i] == '"' && i + 1 < len && text[i + 1] == '"';
  }
  ref->name[n] = '\0';
  *compiled    = ref;
  return LDX_SUCCESS;
}

// Table names are checked when compiled, so the error has its position.
static LdxStatus
sql_table_compile(LdxWorld*      world,
                  const char*    text,
                  size_t         len,
                  int            iterator,
                  void**         compiled,
                  LdxiExprError* err)
{
  LdxStatus st = sql_compile(world, text, len, iterator, compiled, err);
  if (st || !iterator) {
    return st;
  }
  LdxiBuf sql;
  LdxiBuf msg;
  ldxi_buf_init(&sql, world, 0);
  ldxi_buf_init(&msg, world, 0);
  st = ldxi_sql_select_table(((SqlRef*)*compiled)->name, &sql, &msg);
  if (st == LDX_BAD_MAPPING) {
    err->offset = 0;
    snprintf(err->message, sizeof(err->message), "%s", ldxi_buf_cstr(&msg));
    st = LDX_BAD_REFERENCE;
  }
  ldxi_buf_free(&sql);
  ldxi_buf_free(&msg);
  if (st) {
    ldxi_free(world, *compiled);
    *compiled = NULL;
  }
  return st;
}

static void
sql_free_compiled(void* compiled)
{
  if (compiled) {
    ldxi_free(((SqlRef*)compiled)->world, compiled);
  }
}

static void
sql_close(LdxiSourceHandle* source)
{
  if (source) {
    if (source->conn) {
      source->conn->backend->close(source->conn);
    }
    ldxi_free(source->world, source->shown);
    ldxi_ref_index_free(&source->columns_of);
    ldxi_free(source->world, source);
  }
}

// Report an error of the source with the database and the logical source.
LDX_LOG_FUNC(3, 4)
static LdxStatus
report(LdxiSourceHandle* h, LdxStatus st, const char* fmt, ...)
{
  char    msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  LdxiBuf note;
  ldxi_buf_init(&note, h->world, 0);
  ldxi_buf_printf(&note, "in the %s", h->rule.what ? h->rule.what : "source");
  ldxi_data_error(
    h->world, st, NULL, NULL, &h->rule.caret, note.data, "%s", msg);
  ldxi_buf_free(&note);
  return st;
}

static bool
name_ieq(const char* a, const char* b)
{
  for (; *a && *b; ++a, ++b) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
    char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
    if (x != y) {
      return false;
    }
  }
  return *a == *b;
}

// The column a reference names, or n_cols.
static size_t
find_column(const LdxiSqlConn* conn, const SqlRef* ref)
{
  for (size_t i = 0; i < conn->n_cols; ++i) {
    if (!strcmp(conn->names[i], ref->name)) {
      return i;
    }
  }
  size_t found = conn->n_cols;
  for (size_t i = 0; !ref->quoted && i < conn->n_cols; ++i) {
    if (name_ieq(conn->names[i], ref->name)) {
      if (found < conn->n_cols) {
        return conn->n_cols; // ambiguous
      }
      found = i;
    }
  }
  return found;
}

// Say that a reference names no column, and which columns there are.
static void
no_column(const LdxiSqlConn* conn, const SqlRef* ref, LdxiBuf* out)
{
  ldxi_buf_printf(
    out, "no column \"%s\" in the result; its columns are ", ref->name);
  for (size_t i = 0; i < conn->n_cols; ++i) {
    ldxi_buf_printf(out, "%s\"%s\"", i ? ", " : "", conn->names[i]);
  }
}

// Check every reference read from the source's records against the
// result's columns: a missing one is a mapping error at its place, before
// any row is mapped.
static LdxStatus
check_refs(LdxiSourceHandle* h, const LdxiLogicalSource* source)
{
  LdxiBuf   why;
  LdxStatus st = LDX_SUCCESS;
  ldxi_buf_init(&why, h->world, 0);
  for (const LdxiRef* ref = source->refs; ref; ref = ref->next) {
    const SqlRef* sref = (const SqlRef*)ref->compiled;
    if (!sref) {
      continue;
    }
    const size_t col = find_column(h->conn, sref);
    if (col < h->conn->n_cols) {
      if (ldxi_ref_index_put(&h->columns_of, sref, col)) {
        st = LDX_BAD_ALLOC;
        break;
      }
      continue;
    }
    ldxi_buf_clear(&why);
    no_column(h->conn, sref, &why);
    st = ldxi_error(h->world,
                    LDX_BAD_REFERENCE,
                    &ref->caret,
                    "reference '%s': %s",
                    ref->text,
                    ldxi_buf_cstr(&why));
  }
  ldxi_buf_free(&why);
  return st;
}

static LdxStatus
sql_open(LdxWorld*                       world,
         const struct LdxiLogicalSource* source,
         const char*                     path,
         const char*                     display,
         LdxiSourceHandle**              out)
{
  (void)path;
  (void)display; // messages show the DSN without its password
  LdxiSourceHandle* h =
    (LdxiSourceHandle*)ldxi_calloc(world, 1, sizeof(LdxiSourceHandle));
  if (!h) {
    return LDX_BAD_ALLOC;
  }
  h->world = world;
  if (ldxi_ref_index_init(&h->columns_of, world)) {
    sql_close(h);
    return LDX_BAD_ALLOC;
  }
  h->rule  = source->rule;
  h->table = source->formulation == LDXI_RF_SQL_TABLE ? source->iterator : NULL;
  if (!source->db.dsn) {
    sql_close(h);
    return ldxi_error(world,
                      LDX_BAD_MAPPING,
                      NULL,
                      "the %s names no database: R2RML logical tables are "
                      "read from the database given with --database DSN "
                      "(LdxRunOptions.database)",
                      source->rule.what ? source->rule.what : "source");
  }
  if (!source->iterator) {
    sql_close(h);
    return ldxi_error(world,
                      LDX_BAD_MAPPING,
                      NULL,
                      "the %s has no rml:iterator: SQL sources need a table "
                      "name (rml:SQL2008Table) or a query (rml:SQL2008Query)",
                      source->rule.what ? source->rule.what : "source");
  }
  // A relative SQLite file is found like a data file: in the run's working
  // directory (the engine passes it as the root of `file`).
  const char* dir =
    source->file.root == LDXI_ROOT_DIR ? source->file.root_dir : NULL;
  LdxiDsn dsn;
  LdxiBuf msg;
  LdxiBuf sql;
  ldxi_buf_init(&msg, world, 0);
  ldxi_buf_init(&sql, world, 0);
  LdxStatus st = ldxi_dsn_parse(world,
                                source->db.dsn,
                                source->db.username,
                                source->db.password,
                                dir,
                                &dsn,
                                &msg);
  if (st) {
    if (st != LDX_BAD_ALLOC) {
      LdxiBuf shown;
      ldxi_buf_init(&shown, world, 0);
      ldxi_dsn_redact(source->db.dsn, &shown);
      ldxi_error(world,
                 st,
                 NULL,
                 "invalid database '%s': %s",
                 ldxi_buf_cstr(&shown),
                 ldxi_buf_cstr(&msg));
      ldxi_buf_free(&shown);
    }
    goto done;
  }
  h->shown  = dsn.shown;
  dsn.shown = NULL;
  const LdxiSqlBackend* backend =
    dsn.kind == LDXI_DB_SQLITE ? &ldxi_sqlite_backend : &ldxi_postgres_backend;
  if ((st = backend->connect(world, &dsn, &h->conn, &msg))) {
    if (st != LDX_BAD_ALLOC) {
      ldxi_error(world,
                 st,
                 NULL,
                 "cannot %s %s database '%s': %s",
                 dsn.kind == LDXI_DB_SQLITE ? "open" : "connect to",
                 backend->name,
                 h->shown,
                 ldxi_buf_cstr(&msg));
    }
    goto done;
  }
  st = h->table ? ldxi_sql_select_table(h->table, &sql, &msg)
                : ldxi_buf_puts(&sql, source->iterator);
  if (!st) {
    st = backend->prepare(h->conn, ldxi_buf_cstr(&sql), &msg);
  }
  if (!st) {
    st = check_refs(h, source);
  } else if (st != LDX_BAD_ALLOC) {
    if (h->table) {
      ldxi_error(world,
                 st,
                 NULL,
                 "cannot read table '%s' of %s: %s",
                 h->table,
                 h->shown,
                 ldxi_buf_cstr(&msg));
    } else {
      ldxi_error(world,
                 st,
                 NULL,
                 "invalid SQL query for %s: %s",
                 h->shown,
                 ldxi_buf_cstr(&msg));
    }
  }

done:
  ldxi_dsn_free(world, &dsn);
  ldxi_buf_free(&msg);
  ldxi_buf_free(&sql);
  if (st) {
    sql_close(h);
    return st;
  }
  *out = h;
  return LDX_SUCCESS;
}

typedef struct {
  LdxiSourceHandle* source;
  LdxiRecordFunc    func;
  void*             handle;
  size_t            count;
} IterateCtx;

static LdxStatus
visit_row(void* handle, const LdxiSqlCell* cells)
{
  IterateCtx*      ctx    = (IterateCtx*)handle;
  const LdxiRecord record = { cells, ctx->source, ++ctx->count };
  return ctx->func(ctx->handle, &record);
}

static LdxStatus
sql_iterate(LdxiSourceHandle* source,
            const void*       iterator,
            LdxiRecordFunc    func,
            void*             handle)
{
  (void)iterator; // the statement was prepared when the source was opened
  IterateCtx ctx = { source, func, handle, 0 };
  LdxiBuf    msg;
  ldxi_buf_init(&msg, source->world, 0);
  LdxStatus st =
    source->conn->backend->run(source->conn, visit_row, &ctx, &msg);
  if (st && msg.len) {
    if (st == LDX_BAD_ALLOC) {
      ldxi_error(
        source->world, st, NULL, "out of memory reading %s", source->shown);
    } else {
      report(source,
             st,
             "cannot read %s%s%s: %s",
             source->table ? "table '" : "the query of ",
             source->table ? source->table : source->shown,
             source->table ? "'" : "",
             ldxi_buf_cstr(&msg));
    }
  }
  ldxi_buf_free(&msg);
  return st;
}

static LdxStatus
sql_eval(LdxiSourceHandle* source,
         const LdxiRecord* record,
         const void*       compiled,
         LdxiValues*       out,
         LdxiArena*        arena,
         LdxiBuf*          err)
{
  const LdxiSqlConn* conn = source->conn;
  const SqlRef*      ref  = (const SqlRef*)compiled;
  size_t             col  = 0;
  if (!ldxi_ref_index_get(&source->columns_of, ref, &col)) {
    // A reference open() was not told about (the source used alone).
    if ((col = find_column(conn, ref)) == conn->n_cols) {
      ldxi_buf_clear(err);
      no_column(conn, ref, err);
      return LDX_BAD_REFERENCE;
    }
    if (ldxi_ref_index_put(&source->columns_of, ref, col)) {
      return LDX_BAD_ALLOC;
    }
  }
  const LdxiSqlCell* cell = &((const LdxiSqlCell*)record->data)[col];
  if (!cell->str) {
    return LDX_SUCCESS; // NULL: no value
  }
  LdxiValue v;
  LdxStatus st = ldxi_sql_value(cell, arena, &v);
  return st ? st : ldxi_values_push(source->world, out, v);
}

static LdxStatus
sql_describe(const LdxiRecord* record, LdxiBuf* out)
{
  const LdxiSourceHandle* h = (const LdxiSourceHandle*)record->loc;
  if (h && h->table) {
    return ldxi_buf_printf(
      out, "row %zu of table '%s'", record->number, h->table);
  }
  return ldxi_buf_printf(out, "row %zu", record->number);
}

const LdxiSourceOps ldxi_sql_table_source = {
  "SQL table", sql_table_compile, sql_free_compiled, sql_open,
  sql_close,   sql_iterate,       sql_eval,          sql_describe,
};

const LdxiSourceOps ldxi_sql_query_source = {
  "SQL query", sql_compile, sql_free_compiled, sql_open,
  sql_close,   sql_iterate, sql_eval,          sql_describe,
};
