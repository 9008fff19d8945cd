// SPDX-License-Identifier: MIT
#include "mapping/loader.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/world.h"
#include "rdf/from_raptor.h"
#include "rdf/rdf_file.h"
#include "rdf/turtle_reader.h"

#include <errno.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  LdxWorld*      world;
  LdxiGraph*     graph;
  uint32_t       doc;
  const char*    file;
  LdxStatus      status;
  raptor_parser* parser; // raptor path only
} LoadCtx;

static LdxStatus
on_triple(void*               handle,
          const LdxiReadTerm* s,
          const LdxiReadTerm* p,
          const LdxiReadTerm* o)
{
  LoadCtx* ctx = (LoadCtx*)handle;
  return ldxi_graph_add(ctx->graph, ctx->doc, s, p, o);
}

static LdxStatus
on_prefix(void* handle, LdxStr name, LdxStr iri)
{
  LoadCtx* ctx = (LoadCtx*)handle;
  return ldxi_graph_add_prefix(ctx->graph, name, iri);
}

// ---------------------------------------------------------------------------
// raptor, for the syntaxes our reader does not handle

static void
raptor_namespace_cb(void* handle, raptor_namespace* ns)
{
  LoadCtx* ctx = (LoadCtx*)handle;
  LdxStr   prefix;
  LdxStr   iri;
  if (!ctx->status && ldxi_namespace_from_raptor(ns, &prefix, &iri)) {
    ctx->status = on_prefix(ctx, prefix, iri);
  }
}

static void
convert_term(const raptor_term* t, const LdxCaret* caret, LdxiReadTerm* out)
{
  LdxTerm term;
  ldxi_term_from_raptor(t, &term);
  memset(out, 0, sizeof(*out));
  out->type     = term.type;
  out->value    = term.value;
  out->datatype = term.datatype;
  out->language = term.language;
  out->caret    = *caret;
}

static void
raptor_statement_cb(void* handle, raptor_statement* st)
{
  LoadCtx* ctx = (LoadCtx*)handle;
  if (ctx->status) {
    return;
  }
  raptor_locator* loc   = raptor_parser_get_locator(ctx->parser);
  LdxCaret        caret = { ctx->file,
                     loc && loc->line > 0 ? (unsigned)loc->line : 0,
                     loc && loc->column > 0 ? (unsigned)loc->column : 0,
                            0 };
  LdxiReadTerm    s;
  LdxiReadTerm    p;
  LdxiReadTerm    o;
  convert_term(st->subject, &caret, &s);
  convert_term(st->predicate, &caret, &p);
  convert_term(st->object, &caret, &o);
  ctx->status = on_triple(ctx, &s, &p, &o);
}

static void
raptor_log_cb(void* handle, raptor_log_message* msg)
{
  LoadCtx* ctx = (LoadCtx*)handle;
  if (msg->level < RAPTOR_LOG_LEVEL_WARN) {
    return;
  }
  LdxCaret caret = { ctx->file, 0, 0, 0 };
  if (msg->locator && msg->locator->line > 0) {
    caret.line = (unsigned)msg->locator->line;
  }
  if (msg->locator && msg->locator->column > 0) {
    caret.column = (unsigned)msg->locator->column;
  }
  if (msg->level == RAPTOR_LOG_LEVEL_WARN) {
    ldxi_warning(ctx->world, &caret, "%s", msg->text);
    return;
  }
  ldxi_error(ctx->world, LDX_BAD_SYNTAX, &caret, "%s", msg->text);
  if (!ctx->status) {
    ctx->status = LDX_BAD_SYNTAX;
  }
}

static LdxStatus
load_with_raptor(LoadCtx*    ctx,
                 const char* syntax,
                 const char* text,
                 size_t      len,
                 const char* base)
{
  raptor_world* rw = ldxi_world_raptor(ctx->world);
  if (!rw) {
    return LDX_BAD_ALLOC;
  }
  raptor_parser* parser = raptor_new_parser(rw, syntax);
  if (!parser) {
    return ldxi_error(ctx->world,
                      LDX_UNSUPPORTED,
                      NULL,
                      "%s: unknown mapping syntax '%s'",
                      ctx->file,
                      syntax);
  }
  // Mappings may come from anywhere: never let the parser fetch anything.
  raptor_parser_set_option(parser, RAPTOR_OPTION_NO_NET, NULL, 1);
  raptor_parser_set_option(parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
  ctx->parser = parser;
  raptor_world_set_log_handler(rw, ctx, raptor_log_cb);
  raptor_parser_set_statement_handler(parser, ctx, raptor_statement_cb);
  raptor_parser_set_namespace_handler(parser, ctx, raptor_namespace_cb);
  raptor_uri* uri = raptor_new_uri(rw, (const unsigned char*)base);
  int         rc =
    !uri || raptor_parser_parse_start(parser, uri) ||
    raptor_parser_parse_chunk(parser, (const unsigned char*)text, len, 1);
  if (rc && !ctx->status) {
    ctx->status = ldxi_error(ctx->world,
                             LDX_BAD_SYNTAX,
                             NULL,
                             "%s: cannot parse the mapping as %s",
                             ctx->file,
                             syntax);
  }
  raptor_world_set_log_handler(rw, NULL, NULL);
  if (uri) {
    raptor_free_uri(uri);
  }
  raptor_free_parser(parser);
  ctx->parser = NULL;
  return ctx->status;
}

// ---------------------------------------------------------------------------

LdxStatus
ldxi_load_string(LdxWorld*   world,
                 LdxiGraph*  graph,
                 const char* text,
                 size_t      len,
                 const char* name,
                 const char* syntax)
{
  LoadCtx   ctx = { world, graph, 0, NULL, LDX_SUCCESS, NULL };
  LdxStatus st  = ldxi_graph_add_doc(graph, name ? name : "<string>", &ctx.doc);
  if (st) {
    return st;
  }
  // Positions in the graph (and so in the plan's rules) name the document
  // by the graph's copy: the caller's string need not outlive this call.
  ctx.file = ldxi_graph_doc(graph, ctx.doc)->path;
  if (!syntax) {
    syntax = ldxi_rdf_syntax_of_name(name, name ? strlen(name) : 0);
  }
  if (!syntax) {
    syntax = "turtle";
  }
  LdxiBuf base;
  ldxi_buf_init(&base, world, 0);
  if ((st = ldxi_file_iri(world, name ? name : "mapping.ttl", &base))) {
    ldxi_buf_free(&base);
    return st;
  }
  if (!strcmp(syntax, "turtle") || !strcmp(syntax, "ntriples")) {
    LdxiTurtleOptions opts = {
      ctx.file, base.data, on_triple, on_prefix, &ctx
    };
    st = ldxi_turtle_read(world, text, len, &opts);
  } else {
    st = load_with_raptor(&ctx, syntax, text, len, base.data);
  }
  ldxi_buf_free(&base);
  return st;
}

LdxStatus
ldxi_load_file(LdxWorld*   world,
               LdxiGraph*  graph,
               const char* path,
               const char* syntax)
{
  FILE* in = fopen(path, "rb");
  if (!in) {
    return ldxi_error(world,
                      LDX_BAD_READ,
                      NULL,
                      "cannot open mapping '%s': %s",
                      path,
                      strerror(errno));
  }
  LdxiBuf text;
  ldxi_buf_init(&text, world, 0);
  LdxStatus st = LDX_SUCCESS;
  for (;;) {
    if ((st = ldxi_buf_reserve(&text, 1u << 14))) {
      break;
    }
    size_t n = fread(text.data + text.len, 1, text.cap - text.len - 1, in);
    text.len += n;
    text.data[text.len] = '\0';
    if (n == 0) {
      if (ferror(in)) {
        st = ldxi_error(world,
                        LDX_BAD_READ,
                        NULL,
                        "cannot read mapping '%s': %s",
                        path,
                        strerror(errno));
      }
      break;
    }
  }
  fclose(in);
  if (!st) {
    st = ldxi_load_string(
      world, graph, text.data ? text.data : "", text.len, path, syntax);
  }
  ldxi_buf_free(&text);
  return st;
}
