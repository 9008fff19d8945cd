// SPDX-License-Identifier: MIT
// CSV logical sources (rml:CSV): every row after the header is a record,
// references name columns.
//
// open() reads the header and resolves every reference of the source's
// group to a column index, so a reference to a missing column is reported
// before any row is mapped, at the reference's place in the mapping.  Each
// iteration streams the file through the CSV reader (src/csv/): one row in
// memory, values pointing into the reader's buffer.  eval() finds the
// column of a compiled reference in a small hash table keyed by the
// compiled pointer; no string is compared per value.
//
// A reference is a column name, matched exactly.  If no column has that
// name and the reference is written in double quotes ("\"name\"", as an
// R2RML delimited identifier), the name between the quotes is used
// (doubled quotes in it undoubled).  Without a header (csvw:header false),
// columns are named by their 1-based number: "1" or "_col.1" (CSVW).
#include "source/ref_index.h"
#include "source/source.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "csv/csv_reader.h"
#include "io/input.h"
#include "mapping/plan.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// Longest row, as a multiple of the longest generated value.
#define ROW_LIMIT_FACTOR 4u

// A compiled reference: its text (NUL-terminated).
typedef struct {
  LdxWorld* world;
  size_t    len;
  char      text[];
} CsvRef;

typedef struct {
  const char* name; // NUL-terminated
  size_t      len;
} Column;

struct LdxiSourceHandle {
  LdxWorld*       world;
  char*           path; // to open
  char*           file; // as shown to the user
  LdxiCompression compression;
  LdxiEncoding    encoding;
  LdxiCsvOptions  options;
  LdxCaret        rule_caret; // the logical source, for notes
  bool            empty;      // no header row (empty file)
  Column*         columns;    // header names (header) or none
  char*           names;      // their text
  size_t          n_columns;  // fields per row
  LdxiRefIndex    columns_of; // compiled reference -> column
};

static const char NOTE[] = "the data is read by this logical source";

// ---------------------------------------------------------------------------
// Compiling

static LdxStatus
csv_compile(LdxWorld*      world,
            const char*    text,
            size_t         len,
            int            iterator,
            void**         compiled,
            LdxiExprError* err)
{
  (void)err;
  *compiled = NULL;
  if (iterator) {
    return LDX_SUCCESS; // ignored, with a warning when the source opens
  }
  CsvRef* ref = (CsvRef*)ldxi_malloc(world, sizeof(CsvRef) + len + 1);
  if (!ref) {
    return LDX_BAD_ALLOC;
  }
  ref->world = world;
  ref->len   = len;
  memcpy(ref->text, text, len);
  ref->text[len] = '\0';
  *compiled      = ref;
  return LDX_SUCCESS;
}

static void
csv_free_compiled(void* compiled)
{
  if (compiled) {
    ldxi_free(((CsvRef*)compiled)->world, compiled);
  }
}

// ---------------------------------------------------------------------------
// Resolving references to columns

// The columns named `name`: the first in *first, the count returned.
static size_t
find_column(const LdxiSourceHandle* h,
            const char*             name,
            size_t                  len,
            size_t*                 first)
{
  size_t count = 0;
  for (size_t i = 0; i < h->n_columns; ++i) {
    if (h->columns[i].len == len && !memcmp(h->columns[i].name, name, len)) {
      if (!count++) {
        *first = i;
      }
    }
  }
  return count;
}

static bool
same_ignoring_case(const char* a, const char* b, size_t len)
{
  for (size_t i = 0; i < len; ++i) {
    unsigned char x = (unsigned char)a[i];
    unsigned char y = (unsigned char)b[i];
    x               = (unsigned char)(x >= 'A' && x <= 'Z' ? x + 32 : x);
    y               = (unsigned char)(y >= 'A' && y <= 'Z' ? y + 32 : y);
    if (x != y) {
      return false;
    }
  }
  return true;
}

// "(columns: a, b, c)", shortened for wide files; "did you mean" for a
// column that differs only in case.
static void
describe_columns(const LdxiSourceHandle* h, const CsvRef* ref, LdxiBuf* out)
{
  for (size_t i = 0; i < h->n_columns; ++i) {
    if (h->columns[i].len == ref->len &&
        same_ignoring_case(h->columns[i].name, ref->text, ref->len)) {
      ldxi_buf_printf(out, " (did you mean '%s'?", h->columns[i].name);
      ldxi_buf_puts(out, " names are case-sensitive)");
      return;
    }
  }
  ldxi_buf_puts(out, " (columns: ");
  for (size_t i = 0; i < h->n_columns; ++i) {
    if (out->len > 300) {
      ldxi_buf_printf(out, ", ... %zu in all", h->n_columns);
      break;
    }
    ldxi_buf_printf(out, "%s'%s'", i ? ", " : "", h->columns[i].name);
  }
  ldxi_buf_putc(out, ')');
}

// A column number written as "N" or "_col.N" (1-based), or 0.
static size_t
column_number(const char* s, size_t len)
{
  if (len > 5 && !memcmp(s, "_col.", 5)) {
    s += 5;
    len -= 5;
  }
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9' || n > SIZE_MAX / 10 - 1) {
      return 0;
    }
    n = n * 10 + (size_t)(s[i] - '0');
  }
  return len ? n : 0;
}

// Find the column of a reference; otherwise explain why in `why`.
static LdxStatus
resolve(LdxiSourceHandle* h, const CsvRef* ref, size_t* column, LdxiBuf* why)
{
  ldxi_buf_clear(why);
  if (!h->columns) { // no header: columns by number
    const size_t n = column_number(ref->text, ref->len);
    if (n && n <= h->n_columns) {
      *column = n - 1;
      return LDX_SUCCESS;
    }
    ldxi_buf_printf(why,
                    "no column '%s' in '%s': without a header row, columns "
                    "are named by their number, 1 to %zu (or _col.1 to "
                    "_col.%zu)",
                    ref->text,
                    h->file,
                    h->n_columns,
                    h->n_columns);
    return LDX_BAD_REFERENCE;
  }
  size_t count = find_column(h, ref->text, ref->len, column);
  if (!count && ref->len >= 2 && ref->text[0] == '"' &&
      ref->text[ref->len - 1] == '"') {
    // A quoted name: undouble the quotes inside.
    char*  name = (char*)ldxi_malloc(h->world, ref->len);
    size_t n    = 0;
    if (!name) {
      return LDX_BAD_ALLOC;
    }
    for (size_t i = 1; i + 1 < ref->len; ++i) {
      name[n++] = ref->text[i];
      i += ref->text[i] == '"' && ref->text[i + 1] == '"';
    }
    count = find_column(h, name, n, column);
    ldxi_free(h->world, name);
  }
  if (count == 1) {
    return LDX_SUCCESS;
  }
  if (count > 1) {
    ldxi_buf_printf(why,
                    "the header of '%s' has %zu columns named '%s'",
                    h->file,
                    count,
                    h->columns[*column].name);
    return LDX_BAD_REFERENCE;
  }
  ldxi_buf_printf(
    why, "no column '%s' in the header of '%s'", ref->text, h->file);
  describe_columns(h, ref, why);
  return LDX_BAD_REFERENCE;
}

// Check every reference of the source's group against the header.
static LdxStatus
resolve_all(LdxiSourceHandle* h, const LdxiLogicalSource* source)
{
  LdxiBuf why;
  ldxi_buf_init(&why, h->world, 0);
  LdxStatus st = LDX_SUCCESS;
  for (const LdxiRef* ref = source->refs; ref; ref = ref->next) {
    size_t column = 0;
    if (!ref->compiled ||
        ldxi_ref_index_get(&h->columns_of, ref->compiled, &column)) {
      continue;
    }
    LdxStatus rs = resolve(h, (const CsvRef*)ref->compiled, &column, &why);
    if (!rs) {
      rs = ldxi_ref_index_put(&h->columns_of, ref->compiled, column);
    }
    if (rs == LDX_BAD_ALLOC) {
      st = ldxi_error(h->world,
                      rs,
                      NULL,
                      "out of memory reading CSV data file '%s'",
                      h->file);
      break;
    }
    if (rs) {
      st = ldxi_error(h->world,
                      rs,
                      &ref->caret,
                      "reference '%s': %s",
                      ref->text,
                      ldxi_buf_cstr(&why));
    }
  }
  ldxi_buf_free(&why);
  return st;
}

// ---------------------------------------------------------------------------
// Reading

typedef struct {
  LdxiInput* input;
  LdxStatus  status; // of the input (reported there)
} ReadCtx;

static LdxStatus
read_input(void* handle, char* buf, size_t size, size_t* got)
{
  ReadCtx* ctx       = (ReadCtx*)handle;
  return ctx->status = ldxi_input_read(ctx->input, buf, size, got);
}

static const char*
dialect_hint(const LdxiCsvError* e)
{
  switch (e->kind) {
    case LDXI_CSV_ERR_QUOTE:
    case LDXI_CSV_ERR_AFTER_QUOTE:
    case LDXI_CSV_ERR_UNTERMINATED:
      return " (if quotes are not special in this file, set csvw:quoteChar to "
             "a character it does not use)";
    case LDXI_CSV_ERR_NONE:
    case LDXI_CSV_ERR_MORE_FIELDS:
    case LDXI_CSV_ERR_FEWER_FIELDS:
    case LDXI_CSV_ERR_ENCODING:
    case LDXI_CSV_ERR_LIMIT:
      break;
  }
  return "";
}

// Report a failure of the reader; `st` is its status.
static LdxStatus
report(const LdxiSourceHandle* h,
       const LdxiCsvReader*    reader,
       const ReadCtx*          ctx,
       LdxStatus               st)
{
  if (st == LDX_BAD_ALLOC && !ctx->status) {
    return ldxi_error(
      h->world, st, NULL, "out of memory reading CSV data file '%s'", h->file);
  }
  if (st != LDX_BAD_SYNTAX && st != LDX_BAD_LIMIT) {
    return st; // from the input: reported there
  }
  const LdxiCsvError* e     = ldxi_csv_error(reader);
  const LdxCaret      caret = { h->file,
                           e->line > UINT_MAX ? UINT_MAX : (unsigned)e->line,
                           e->column > UINT_MAX ? UINT_MAX
                                                     : (unsigned)e->column,
                                e->byte };
  char                where[64];
  const bool          header = h->options.header;
  if (header && e->row == 1) {
    snprintf(where, sizeof(where), "the header row");
  } else {
    snprintf(where, sizeof(where), "row %zu", e->row - header);
  }
  LdxiBuf extra;
  ldxi_buf_init(&extra, h->world, 0);
  if ((e->kind == LDXI_CSV_ERR_MORE_FIELDS ||
       e->kind == LDXI_CSV_ERR_FEWER_FIELDS) &&
      h->columns) {
    ldxi_buf_puts(&extra, " (columns: ");
    for (size_t i = 0; i < h->n_columns && extra.len < 300; ++i) {
      ldxi_buf_printf(&extra, "%s'%s'", i ? ", " : "", h->columns[i].name);
    }
    ldxi_buf_putc(&extra, ')');
  }
  ldxi_data_error(h->world,
                  st,
                  &caret,
                  where,
                  h->rule_caret.file ? &h->rule_caret : NULL,
                  h->rule_caret.file ? NOTE : NULL,
                  "invalid CSV: %s%s%s",
                  e->message,
                  ldxi_buf_cstr(&extra),
                  dialect_hint(e));
  ldxi_buf_free(&extra);
  return st;
}

// Open the file and a reader on it.
static LdxStatus
start(LdxiSourceHandle* h, ReadCtx* ctx, LdxiCsvReader** reader)
{
  *reader      = NULL;
  ctx->input   = NULL;
  ctx->status  = LDX_SUCCESS;
  LdxStatus st = ldxi_input_open(
    h->world, h->path, h->file, h->compression, h->encoding, &ctx->input);
  if (st) {
    return st;
  }
  st = ldxi_csv_new(h->world, &h->options, read_input, ctx, reader);
  if (st) {
    ldxi_input_close(ctx->input);
    ctx->input = NULL;
    return ldxi_error(h->world,
                      st,
                      NULL,
                      st == LDX_BAD_ALLOC
                        ? "out of memory reading CSV data file '%s'"
                        : "cannot read CSV data file '%s': the delimiter "
                          "must be an ASCII character other than the quote "
                          "character and line ends",
                      h->file);
  }
  return LDX_SUCCESS;
}

static void
stop(ReadCtx* ctx, LdxiCsvReader* reader)
{
  ldxi_csv_free(reader);
  ldxi_input_close(ctx->input);
}

// Keep the header's names (or, without a header, the width of the first
// row).
static LdxStatus
read_header(LdxiSourceHandle* h)
{
  ReadCtx        ctx;
  LdxiCsvReader* reader = NULL;
  LdxStatus      st     = start(h, &ctx, &reader);
  if (st) {
    return st;
  }
  const LdxiCsvRow* row = NULL;
  st                    = ldxi_csv_next(reader, &row);
  if (st == LDX_FAILURE) {
    h->empty = true;
    stop(&ctx, reader);
    ldxi_warning(h->world,
                 NULL,
                 "CSV data file '%s' is empty: no %s, no records",
                 h->file,
                 h->options.header ? "header row" : "rows");
    return LDX_SUCCESS;
  }
  if (st) {
    st = report(h, reader, &ctx, st);
    stop(&ctx, reader);
    return st;
  }
  h->n_columns = row->n;
  if (h->options.header) {
    size_t bytes = 0;
    for (size_t i = 0; i < row->n; ++i) {
      bytes += row->fields[i].len + 1;
    }
    h->columns = (Column*)ldxi_calloc(h->world, row->n, sizeof(Column));
    h->names   = (char*)ldxi_malloc(h->world, bytes);
    if (!h->columns || !h->names) {
      stop(&ctx, reader);
      return ldxi_error(h->world,
                        LDX_BAD_ALLOC,
                        NULL,
                        "out of memory reading CSV data file '%s'",
                        h->file);
    }
    char* at = h->names;
    for (size_t i = 0; i < row->n; ++i) {
      memcpy(at, row->fields[i].str, row->fields[i].len + 1);
      h->columns[i] = (Column){ at, row->fields[i].len };
      at += row->fields[i].len + 1;
    }
  }
  stop(&ctx, reader);
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// The source

static void
csv_close(LdxiSourceHandle* h)
{
  if (h) {
    ldxi_free(h->world, h->path);
    ldxi_free(h->world, h->file);
    ldxi_free(h->world, h->columns);
    ldxi_free(h->world, h->names);
    ldxi_ref_index_free(&h->columns_of);
    ldxi_free(h->world, h);
  }
}

static LdxStatus
csv_open(LdxWorld*                world,
         const LdxiLogicalSource* source,
         const char*              path,
         const char*              file,
         LdxiSourceHandle**       out)
{
  *out = NULL;
  LdxiSourceHandle* h =
    (LdxiSourceHandle*)ldxi_calloc(world, 1, sizeof(LdxiSourceHandle));
  if (!h) {
    return ldxi_error(
      world, LDX_BAD_ALLOC, NULL, "out of memory opening '%s'", file);
  }
  h->world = world;
  h->path  = ldxi_strdup(world, path);
  h->file  = ldxi_strdup(world, file ? file : path);
  if (!h->path || !h->file || ldxi_ref_index_init(&h->columns_of, world)) {
    csv_close(h);
    return ldxi_error(
      world, LDX_BAD_ALLOC, NULL, "out of memory opening '%s'", file);
  }
  const LdxiCsvDialect dialect =
    source ? source->csv : (LdxiCsvDialect){ ',', '"', true, 0, false, NULL };
  const size_t max_value = ldx_world_limits(world).max_value_bytes;
  h->options             = (LdxiCsvOptions){
                dialect.delimiter,
                dialect.quote,
                dialect.trim,
                dialect.comment,
                dialect.skip_rows,
                0,
    max_value > SIZE_MAX / ROW_LIMIT_FACTOR ? SIZE_MAX
                                                        : max_value * ROW_LIMIT_FACTOR,
                dialect.header,
  };
  if (source) {
    h->compression = source->compression;
    h->encoding    = source->encoding;
    h->rule_caret  = source->rule.caret;
    if (source->iterator) {
      // Every row is a record: an iterator has nothing to select.  Other
      // engines ignore it too, so it is not an error.
      ldxi_warning(world,
                   &source->rule.caret,
                   "rml:iterator \"%s\" of %s is ignored: every row of a "
                   "CSV file is a record",
                   source->iterator,
                   source->rule.what ? source->rule.what : "a CSV source");
    }
  }
  LdxStatus st = read_header(h);
  if (!st && source && !h->empty) {
    st = resolve_all(h, source);
  }
  if (st) {
    csv_close(h);
    return st;
  }
  *out = h;
  return LDX_SUCCESS;
}

static LdxStatus
csv_iterate(LdxiSourceHandle* h,
            const void*       iterator,
            LdxiRecordFunc    func,
            void*             handle)
{
  (void)iterator;
  ReadCtx        ctx;
  LdxiCsvReader* reader = NULL;
  LdxStatus      st     = start(h, &ctx, &reader);
  if (st) {
    return st;
  }
  const LdxiCsvRow* row = NULL;
  if (h->options.header) {
    st = ldxi_csv_next(reader, &row); // read at open
  }
  size_t count = 0;
  while (!st && !(st = ldxi_csv_next(reader, &row))) {
    const LdxiRecord record = { row, row, ++count };
    if ((st = func(handle, &record))) {
      stop(&ctx, reader);
      return st; // the engine's, reported
    }
  }
  st = st == LDX_FAILURE ? LDX_SUCCESS : report(h, reader, &ctx, st);
  stop(&ctx, reader);
  return st;
}

// eval() when the reference is new to the table or the value list is full.
static LdxStatus
eval_slow(LdxiSourceHandle* h,
          const LdxiCsvRow* row,
          const void*       compiled,
          LdxiValues*       out,
          LdxiBuf*          err)
{
  size_t column = 0;
  if (!ldxi_ref_index_get(&h->columns_of, compiled, &column)) {
    // A reference open() was not told about (the source used alone).
    LdxStatus st = resolve(h, (const CsvRef*)compiled, &column, err);
    if (st || (st = ldxi_ref_index_put(&h->columns_of, compiled, column))) {
      return st;
    }
  }
  if (column >= row->n) {
    ldxi_buf_clear(err);
    ldxi_buf_printf(err, "the row has no column %zu", column + 1);
    return LDX_BAD_DATA;
  }
  const LdxiCsvField* f = &row->fields[column];
  return ldxi_values_push(
    h->world, out, (LdxiValue){ f->str, f->len, LDXI_NAT_STRING });
}

static LdxStatus
csv_eval(LdxiSourceHandle* h,
         const LdxiRecord* record,
         const void*       compiled,
         LdxiValues*       out,
         LdxiArena*        arena,
         LdxiBuf*          err)
{
  (void)arena; // values borrow from the row, valid while it is
  const LdxiCsvRow* row = (const LdxiCsvRow*)record->data;
  // The hot path: a leaf that probes the table and appends to the list
  // (kept across records, so it has room).
  size_t column = 0;
  if (!ldxi_ref_index_get(&h->columns_of, compiled, &column) ||
      column >= row->n || out->n == out->cap) {
    return eval_slow(h, row, compiled, out, err);
  }
  const LdxiCsvField* f = &row->fields[column];
  out->items[out->n++]  = (LdxiValue){ f->str, f->len, LDXI_NAT_STRING };
  return LDX_SUCCESS;
}

static LdxStatus
csv_describe(const LdxiRecord* record, LdxiBuf* out)
{
  const LdxiCsvRow* row = (const LdxiCsvRow*)record->data;
  return ldxi_buf_printf(
    out, "row %zu (line %zu)", record->number, row ? row->line : 0);
}

const LdxiSourceOps ldxi_csv_source = {
  "CSV",     csv_compile, csv_free_compiled, csv_open,
  csv_close, csv_iterate, csv_eval,          csv_describe,
};
