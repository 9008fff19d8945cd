// SPDX-License-Identifier: MIT
// JSON logical sources: JSONPath (RFC 9535) iterators and references over
// our own JSON reader.
//
// Each iteration reads the file again.  An iterator of simple steps below
// the root ("$.records[*]") streams: one record in memory at a time.  Any
// other iterator (and none, or "$") parses the whole document first and
// evaluates the query on it.
#include "source/source.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "io/input.h"
#include "mapping/plan.h"
#include "json/json.h"
#include "json/json_stream.h"
#include "jsonpath/jsonpath.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

// Arena blocks: a typical record fits in one, which is kept across records.
#define ARENA_BLOCK (64u * 1024u)

struct LdxiSourceHandle {
  LdxWorld*       world;
  char*           path; // to open
  char*           file; // as shown to the user
  LdxiCompression compression;
  LdxiEncoding    encoding;
};

static LdxStatus
json_compile(LdxWorld*      world,
             const char*    text,
             size_t         len,
             int            iterator,
             void**         compiled,
             LdxiExprError* err)
{
  (void)iterator;
  LdxiJsonPathError jerr = { 0, "" };
  LdxiJsonPath*     path = NULL;
  LdxStatus         st   = ldxi_jsonpath_compile(
    world, text, len, LDXI_JSONPATH_RELATIVE, &path, &jerr);
  if (st) {
    err->offset = jerr.offset;
    snprintf(err->message, sizeof(err->message), "%s", jerr.message);
    return st;
  }
  *compiled = path;
  return LDX_SUCCESS;
}

static void
json_free_compiled(void* compiled)
{
  ldxi_jsonpath_free((LdxiJsonPath*)compiled);
}

// Open the data file through the I/O layer (decompression, UTF-16); its
// errors are reported there, naming the file.
static LdxStatus
open_file(LdxiSourceHandle* source, LdxiInput** in)
{
  return ldxi_input_open(source->world,
                         source->path,
                         source->file,
                         source->compression,
                         source->encoding,
                         in);
}

static LdxStatus
json_open(LdxWorld*                       world,
          const struct LdxiLogicalSource* source,
          const char*                     path,
          const char*                     file,
          LdxiSourceHandle**              out)
{
  LdxiSourceHandle* h =
    (LdxiSourceHandle*)ldxi_calloc(world, 1, sizeof(LdxiSourceHandle));
  if (!h) {
    return LDX_BAD_ALLOC;
  }
  h->world = world;
  if (source) {
    h->compression = source->compression;
    h->encoding    = source->encoding;
  }
  h->path = ldxi_strdup(world, path);
  h->file = ldxi_strdup(world, file);
  if (!h->path || !h->file) {
    ldxi_free(world, h->path);
    ldxi_free(world, h->file);
    ldxi_free(world, h);
    return LDX_BAD_ALLOC;
  }
  // Only check that the file can be read: iterations read it.
  LdxiInput* in = NULL;
  LdxStatus  st = open_file(h, &in);
  if (st) {
    ldxi_free(world, h->path);
    ldxi_free(world, h->file);
    ldxi_free(world, h);
    return st;
  }
  ldxi_input_close(in);
  *out = h;
  return LDX_SUCCESS;
}

static void
json_close(LdxiSourceHandle* source)
{
  if (source) {
    ldxi_free(source->world, source->path);
    ldxi_free(source->world, source->file);
    ldxi_free(source->world, source);
  }
}

// Report an error of the JSON reader at its place in the file.
static LdxStatus
report(LdxiSourceHandle* source, LdxStatus st, const LdxiJsonError* err)
{
  if (!err->message[0]) {
    return st; // from the read or record function, already reported
  }
  const LdxCaret caret = {
    source->file,
    err->line > UINT_MAX ? UINT_MAX : (unsigned)err->line,
    err->column > UINT_MAX ? UINT_MAX : (unsigned)err->column,
    err->offset
  };
  switch (st) {
    case LDX_BAD_SYNTAX:
      return ldxi_error(
        source->world, st, &caret, "invalid JSON: %s", err->message);
    case LDX_BAD_ALLOC:
      return ldxi_error(source->world,
                        st,
                        NULL,
                        "out of memory reading JSON data file '%s'",
                        source->file);
    default:
      return ldxi_error(source->world, st, &caret, "%s", err->message);
  }
}

// The normalized path of a location; NULL is the document root.
static LdxStatus
format_loc(const LdxiJsonPathLoc* loc, LdxiBuf* out)
{
  return loc ? ldxi_jsonpath_loc_format(loc, out) : ldxi_buf_putc(out, '$');
}

typedef struct {
  LdxiSourceHandle* source;
  LdxiInput*        in;
  LdxiRecordFunc    func;
  void*             handle;
  size_t            count;
} IterateCtx;

static LdxStatus
visit_record(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  IterateCtx*      ctx    = (IterateCtx*)handle;
  const LdxiRecord record = { node, loc, ++ctx->count };
  return ctx->func(ctx->handle, &record);
}

static LdxStatus
read_chunk(void* handle, char* buf, size_t size, size_t* got)
{
  IterateCtx* ctx = (IterateCtx*)handle;
  return ldxi_input_read(ctx->in, buf, size, got); // errors reported there
}

// Read the whole file and parse it, then evaluate the iterator on it.
static LdxStatus
iterate_document(IterateCtx*         ctx,
                 const LdxiJsonPath* iterator,
                 LdxiArena*          arena)
{
  LdxWorld* world = ctx->source->world;
  char*     text  = NULL;
  size_t    len   = 0;
  LdxStatus st    = ldxi_input_read_all(ctx->in, &text, &len); // reports
  if (st) {
    return st;
  }
  const LdxiJson* root = NULL;
  LdxiJsonError   err;
  st = ldxi_json_parse(world, arena, text, len, &root, &err);
  ldxi_free(world, text); // the document holds copies
  if (st) {
    return report(ctx->source, st, &err);
  }
  if (!iterator) { // no iterator: the whole document is one record
    return visit_record(ctx, root, NULL);
  }
  return ldxi_jsonpath_eval(iterator, root, NULL, visit_record, ctx);
}

static LdxStatus
json_iterate(LdxiSourceHandle* source,
             const void*       iterator,
             LdxiRecordFunc    func,
             void*             handle)
{
  const LdxiJsonPath*     path  = (const LdxiJsonPath*)iterator;
  size_t                  n     = 0;
  const LdxiJsonPathStep* steps = path ? ldxi_jsonpath_steps(path, &n) : NULL;
  IterateCtx              ctx   = { source, NULL, func, handle, 0 };
  LdxStatus               st    = open_file(source, &ctx.in);
  if (st) {
    return st;
  }
  LdxiArena arena;
  ldxi_arena_init(&arena, source->world, ARENA_BLOCK);
  // The whole document as one record is parsed once rather than streamed
  // (a stream would parse it again each time its buffer grows).
  if (steps && n) {
    const LdxiJsonStreamOptions options = { read_chunk, &ctx, 0, steps, n };
    LdxiJsonError               err;
    st = ldxi_json_stream(
      source->world, &options, &arena, visit_record, &ctx, &err);
    if (st) {
      st = report(source, st, &err);
    }
  } else {
    st = iterate_document(&ctx, path, &arena);
  }
  ldxi_arena_free(&arena);
  ldxi_input_close(ctx.in);
  return st;
}

typedef struct {
  LdxWorld*   world;
  LdxiValues* out;
  LdxiBuf*    err;
} EvalCtx;

static LdxStatus
visit_value(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  EvalCtx*  ctx = (EvalCtx*)handle;
  LdxiValue v   = { NULL, 0, LDXI_NAT_STRING };
  switch (node->type) {
    case LDXI_JSON_STRING:
      v.str = node->u.str;
      v.len = node->n;
      break;
    case LDXI_JSON_INTEGER:
    case LDXI_JSON_REAL:
      // The number as written; integers too large for int64 stay integers.
      v.str = node->u.str;
      v.len = node->n;
      v.natural =
        ldxi_json_is_integral(node) ? LDXI_NAT_INTEGER : LDXI_NAT_DOUBLE;
      break;
    case LDXI_JSON_TRUE:
      v = (LdxiValue){ "true", 4, LDXI_NAT_BOOLEAN };
      break;
    case LDXI_JSON_FALSE:
      v = (LdxiValue){ "false", 5, LDXI_NAT_BOOLEAN };
      break;
    case LDXI_JSON_NULL:
      return LDX_SUCCESS; // null yields no value
    case LDXI_JSON_OBJECT:
    case LDXI_JSON_ARRAY: {
      const bool object = node->type == LDXI_JSON_OBJECT;
      ldxi_buf_clear(ctx->err);
      ldxi_buf_printf(ctx->err, "the value at ");
      format_loc(loc, ctx->err);
      ldxi_buf_printf(ctx->err,
                      " is %s, not a single value%s",
                      object ? "an object" : "an array",
                      object ? "" : " (select its elements, e.g. with [*])");
      return LDX_BAD_DATA;
    }
  }
  return ldxi_values_push(ctx->world, ctx->out, v);
}

static LdxStatus
json_eval(LdxiSourceHandle* source,
          const LdxiRecord* record,
          const void*       compiled,
          LdxiValues*       out,
          LdxiArena*        arena,
          LdxiBuf*          err)
{
  (void)arena; // values borrow from the record, valid while it is
  EvalCtx ctx = { source->world, out, err };
  return ldxi_jsonpath_eval((const LdxiJsonPath*)compiled,
                            (const LdxiJson*)record->data,
                            (const LdxiJsonPathLoc*)record->loc,
                            visit_value,
                            &ctx);
}

static LdxStatus
json_describe(const LdxiRecord* record, LdxiBuf* out)
{
  LdxStatus st = ldxi_buf_printf(out, "record %zu (", record->number);
  if (!st) {
    st = format_loc((const LdxiJsonPathLoc*)record->loc, out);
  }
  return st ? st : ldxi_buf_putc(out, ')');
}

const LdxiSourceOps ldxi_json_source = {
  "JSON",     json_compile, json_free_compiled, json_open,
  json_close, json_iterate, json_eval,          json_describe,
};
