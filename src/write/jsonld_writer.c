// SPDX-License-Identifier: MIT
// JSON-LD shaped for schema.org (-f jsonld, .jsonld).
//
// Nesting needs the whole dataset, so quads are collected in a memgraph
// and the document is shaped (jsonld_shape.c) and written at finish.
// Settings (--set NAME=VALUE):
//   prefixes=yes|no  compact IRIs of other vocabularies with the prefixes
//                    the mapping declares (default no: full IRIs, and the
//                    context stays the plain string "https://schema.org")
//   fallback=LANGS   comma-separated languages tried after --lang (which
//                    may itself be a list: page language, fallbacks...);
//                    default "en"
//   indent=N         spaces per level, 0 for one line (default 2)
#include "write/jsonld_shape.h"
#include "write/jsonld_util.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "graph/memgraph.h"
#include "rdf/langtag.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  LdxWorld*         world;
  LdxOutputStream   out;
  LdxiMemGraph*     graph;
  LdxiJsonldOptions opts;
  char*             lang;
  char*             fallback;
  int               indent;
} JsonldWriter;

static const char* const jsonld_params[] = { "prefixes",
                                             "fallback",
                                             "indent",
                                             NULL };

static void
jsonld_free(void* impl)
{
  JsonldWriter* w = (JsonldWriter*)impl;
  if (!w) {
    return;
  }
  ldxi_memgraph_free(w->graph);
  ldxi_free(w->world, w->lang);
  ldxi_free(w->world, w->fallback);
  ldxi_free(w->world, w);
}

// Check a comma-separated list of language tags.
static bool
valid_lang_list(const char* list)
{
  while (*list) {
    const size_t n = strcspn(list, ",");
    if (!n || !ldxi_langtag_is_valid(list, n)) {
      return false;
    }
    list += n;
    list += *list == ',';
  }
  return true;
}

static LdxStatus
jsonld_new(const LdxiWriterConfig* config, void** impl)
{
  LdxWorld* const world    = config->world;
  const char*     prefixes = ldxi_writer_param(config, "prefixes");
  const char*     fallback = ldxi_writer_param(config, "fallback");
  const char*     indent   = ldxi_writer_param(config, "indent");
  if (prefixes && strcmp(prefixes, "yes") && strcmp(prefixes, "no")) {
    return ldxi_error(world,
                      LDX_BAD_ARG,
                      NULL,
                      "jsonld output: prefixes must be 'yes' or 'no', not "
                      "'%s'",
                      prefixes);
  }
  if (fallback && !valid_lang_list(fallback)) {
    return ldxi_error(world,
                      LDX_BAD_ARG,
                      NULL,
                      "jsonld output: fallback must be comma-separated "
                      "language tags, not '%s'",
                      fallback);
  }
  int n_indent = 2;
  if (indent) {
    if (!indent[0] || strspn(indent, "0123456789") != strlen(indent) ||
        strlen(indent) > 2 || (n_indent = (int)strtol(indent, NULL, 10)) > 31) {
      return ldxi_error(world,
                        LDX_BAD_ARG,
                        NULL,
                        "jsonld output: indent must be a number from 0 to "
                        "31, not '%s'",
                        indent);
    }
  }
  // --lang may list several tags: the page language, then fallbacks.
  if (config->lang && !valid_lang_list(config->lang)) {
    return ldxi_error(world,
                      LDX_BAD_ARG,
                      NULL,
                      "jsonld output: '%s' is not a BCP 47 language tag (or "
                      "a comma-separated list of them)",
                      config->lang);
  }
  JsonldWriter* w = (JsonldWriter*)ldxi_calloc(world, 1, sizeof(JsonldWriter));
  if (!w) {
    return LDX_BAD_ALLOC;
  }
  w->world           = world;
  w->out             = config->out;
  w->indent          = n_indent;
  w->opts.prefixes   = prefixes && !strcmp(prefixes, "yes");
  LdxStatus    st    = ldxi_memgraph_new(world, &w->graph);
  const size_t first = config->lang ? strcspn(config->lang, ",") : 0;
  if (!st && config->lang) {
    w->lang = ldxi_strndup(world, config->lang, first);
    st      = w->lang ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  if (!st) {
    // Fallbacks: those of --lang first, then the setting (default "en").
    LdxiBuf b;
    ldxi_buf_init(&b, world, 0);
    if (config->lang && config->lang[first]) {
      st = ldxi_buf_puts(&b, config->lang + first + 1);
      if (!st) {
        st = ldxi_buf_putc(&b, ',');
      }
    }
    if (!st) {
      st = ldxi_buf_puts(&b, fallback ? fallback : "en");
    }
    if (!st) {
      w->fallback = ldxi_strndup(world, ldxi_buf_cstr(&b), b.len);
      st          = w->fallback ? LDX_SUCCESS : LDX_BAD_ALLOC;
    }
    ldxi_buf_free(&b);
  }
  if (st) {
    jsonld_free(w);
    return st;
  }
  w->opts.lang     = w->lang;
  w->opts.fallback = w->fallback;
  *impl            = w;
  return LDX_SUCCESS;
}

static LdxStatus
jsonld_sink(void* impl, const LdxEvent* event)
{
  JsonldWriter* w = (JsonldWriter*)impl;
  if (event->type == LDX_EVENT_END) {
    return LDX_SUCCESS; // nothing can be written before the whole dataset
  }
  LdxSink sink = ldxi_memgraph_sink(w->graph);
  return sink.on_event(sink.handle, event);
}

static LdxStatus
jsonld_finish(void* impl)
{
  JsonldWriter* w   = (JsonldWriter*)impl;
  json_t*       doc = NULL;
  LdxStatus     st  = ldxi_memgraph_index(w->graph);
  if (!st) {
    st = ldxi_jsonld_shape(w->world, w->graph, &w->opts, &doc);
  }
  if (!st) {
    st =
      ldxi_json_dump_html_safe(w->world, doc, w->indent, false, true, &w->out);
  }
  json_decref(doc);
  if (!st) {
    st = ldxi_output_flush(w->world, &w->out);
  }
  return st;
}

const LdxiWriterClass ldxi_jsonld_writer_class = {
  "jsonld", jsonld_new, jsonld_sink, jsonld_finish, jsonld_free, jsonld_params,
};
