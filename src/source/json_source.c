// SPDX-License-Identifier: MIT
// JSON logical sources: jansson documents, JSONPath (RFC 9535) iterators
// and references.
#include "source/source.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "jsonpath/jsonpath.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct LdxiSourceHandle {
  LdxWorld* world;
  json_t*   root;
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

// Read a whole file into memory: one read is much faster than jansson's
// character-at-a-time stream loader on large inputs.
static LdxStatus
read_file(LdxWorld* world, const char* path, const char* file, LdxiBuf* out)
{
  FILE* in = fopen(path, "rb");
  if (!in) {
    return ldxi_error(world,
                      LDX_BAD_READ,
                      NULL,
                      "cannot open data file '%s': %s",
                      file,
                      strerror(errno));
  }
  LdxStatus st = LDX_SUCCESS;
  for (;;) {
    if ((st = ldxi_buf_reserve(out, 1u << 16))) {
      break;
    }
    size_t n = fread(out->data + out->len, 1, out->cap - out->len - 1, in);
    out->len += n;
    out->data[out->len] = '\0';
    if (n == 0) {
      if (ferror(in)) {
        st = ldxi_error(world,
                        LDX_BAD_READ,
                        NULL,
                        "cannot read data file '%s': %s",
                        file,
                        strerror(errno));
      }
      break;
    }
  }
  fclose(in);
  if (st == LDX_BAD_LIMIT || st == LDX_BAD_ALLOC) {
    ldxi_error(world, st, NULL, "data file '%s' is too large to load", file);
  }
  return st;
}

static LdxStatus
json_open(LdxWorld*          world,
          const char*        path,
          const char*        file,
          LdxiSourceHandle** out)
{
  LdxiBuf text;
  ldxi_buf_init(&text, world, 0);
  LdxStatus st = read_file(world, path, file, &text);
  if (st) {
    ldxi_buf_free(&text);
    return st;
  }
  json_error_t jerr;
  json_t*      root =
    json_loadb(text.data ? text.data : "", text.len, JSON_DECODE_ANY, &jerr);
  ldxi_buf_free(&text);
  if (!root) {
    LdxCaret caret = { file,
                       jerr.line > 0 ? (unsigned)jerr.line : 0,
                       jerr.column > 0 ? (unsigned)jerr.column : 0,
                       jerr.position > 0 ? (size_t)jerr.position : 0 };
    return ldxi_error(
      world, LDX_BAD_SYNTAX, &caret, "invalid JSON: %s", jerr.text);
  }
  LdxiSourceHandle* h =
    (LdxiSourceHandle*)ldxi_calloc(world, 1, sizeof(LdxiSourceHandle));
  if (!h) {
    json_decref(root);
    return LDX_BAD_ALLOC;
  }
  h->world = world;
  h->root  = root;
  *out     = h;
  return LDX_SUCCESS;
}

static void
json_close(LdxiSourceHandle* source)
{
  if (source) {
    json_decref(source->root);
    ldxi_free(source->world, source);
  }
}

// The normalized path of a location; NULL is the document root.
static LdxStatus
format_loc(const LdxiJsonPathLoc* loc, LdxiBuf* out)
{
  return loc ? ldxi_jsonpath_loc_format(loc, out) : ldxi_buf_putc(out, '$');
}

typedef struct {
  LdxiRecordFunc func;
  void*          handle;
  size_t         count;
} IterateCtx;

static LdxStatus
visit_record(void* handle, json_t* node, const LdxiJsonPathLoc* loc)
{
  IterateCtx* ctx    = (IterateCtx*)handle;
  LdxiRecord  record = { node, loc, ++ctx->count };
  return ctx->func(ctx->handle, &record);
}

static LdxStatus
json_iterate(LdxiSourceHandle* source,
             const void*       iterator,
             LdxiRecordFunc    func,
             void*             handle)
{
  IterateCtx ctx = { func, handle, 0 };
  if (!iterator) { // no iterator: the whole document is one record
    LdxiRecord record = { source->root, NULL, 1 };
    return func(handle, &record);
  }
  return ldxi_jsonpath_eval(
    (const LdxiJsonPath*)iterator, source->root, NULL, visit_record, &ctx);
}

typedef struct {
  LdxWorld*              world;
  LdxiValues*            out;
  LdxiArena*             arena;
  LdxiBuf*               err;
  const LdxiJsonPathLoc* record_loc;
} EvalCtx;

// Shortest decimal form that reads back as the same double.
static int
format_double(double d, char* buf, size_t size)
{
  int n = 0;
  for (int prec = 15; prec <= 17; ++prec) {
    n = snprintf(buf, size, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) {
      break;
    }
  }
  return n;
}

static LdxStatus
visit_value(void* handle, json_t* node, const LdxiJsonPathLoc* loc)
{
  EvalCtx*  ctx = (EvalCtx*)handle;
  LdxiValue v   = { NULL, 0, LDXI_NAT_STRING };
  char      num[40];
  int       n = 0;
  switch (json_typeof(node)) {
    case JSON_STRING:
      v.str = json_string_value(node);
      v.len = json_string_length(node);
      break;
    case JSON_INTEGER:
      n = snprintf(
        num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(node));
      v.natural = LDXI_NAT_INTEGER;
      break;
    case JSON_REAL:
      n         = format_double(json_real_value(node), num, sizeof(num));
      v.natural = LDXI_NAT_DOUBLE;
      break;
    case JSON_TRUE:
      v = (LdxiValue){ "true", 4, LDXI_NAT_BOOLEAN };
      break;
    case JSON_FALSE:
      v = (LdxiValue){ "false", 5, LDXI_NAT_BOOLEAN };
      break;
    case JSON_NULL:
      return LDX_SUCCESS; // null yields no value
    case JSON_OBJECT:
    case JSON_ARRAY: {
      ldxi_buf_clear(ctx->err);
      ldxi_buf_printf(ctx->err, "the value at ");
      format_loc(loc, ctx->err);
      ldxi_buf_printf(
        ctx->err,
        " is %s, not a single value%s",
        json_is_object(node) ? "an object" : "an array",
        json_is_array(node) ? " (select its elements, e.g. with [*])" : "");
      return LDX_BAD_DATA;
    }
  }
  if (n > 0) {
    char* copy = ldxi_arena_strndup(ctx->arena, num, (size_t)n);
    if (!copy) {
      return LDX_BAD_ALLOC;
    }
    v.str = copy;
    v.len = (size_t)n;
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
  EvalCtx ctx = {
    source->world, out, arena, err, (const LdxiJsonPathLoc*)record->loc
  };
  return ldxi_jsonpath_eval((const LdxiJsonPath*)compiled,
                            (json_t*)record->data,
                            ctx.record_loc,
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
