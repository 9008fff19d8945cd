// SPDX-License-Identifier: MIT
// XML logical sources: XPath 1.0 iterators and references with libxml2.
//
// Iterators and references are compiled by libxml2; the prefixes of the
// mapping's rml:namespace are registered in each opened source's XPath
// context.  Each iteration reads the file again (src/xml/xml_parse.c).
//
// An iterator that is a plain absolute path of element names ("/a/p:b")
// streams: each record is handed to the engine when its end tag is read,
// then freed, so memory does not grow with the file.  References that may
// look outside the record's subtree and its ancestors' attributes
// (src/xml/xpath_local.c) are then evaluated on a copy of the whole
// document, loaded on first need and kept for the rest of the source's
// iterations.  Any other iterator parses the whole document and evaluates
// the iterator on it.  Both ways give the same records in document order.
#include "source/xml_source.h"

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "io/input.h"
#include "mapping/plan.h"
#include "xml/xml_parse.h"
#include "xml/xpath_local.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <stdio.h>
#include <string.h>

// Entity references may nest this much deeper than elements.
#define EXTRA_DEPTH 64

// One step of a streamable iterator.
typedef struct {
  const char* prefix; // NULL for a name without prefix (no namespace)
  const char* local;
} Step;

// A compiled iterator or reference.
typedef struct {
  LdxWorld*           world;
  xmlXPathCompExprPtr expr;
  char*               text;  // NUL-terminated, for messages
  bool                local; // evaluable on a streamed record
  Step*               steps; // iterators: a streamable path, or NULL
  size_t              n_steps;
  char*               names; // the steps' strings
} XmlExpr;

struct LdxiSourceHandle {
  LdxWorld*               world;
  char*                   path;
  char*                   file; // as shown to the user
  LdxiCompression         compression;
  LdxiEncoding            encoding;
  const LdxiXmlNamespace* ns; // borrowed from the plan
  size_t                  n_ns;
  const LdxiRule*         rule; // the logical source, or NULL
  xmlXPathContextPtr      xpath;
  bool                    stream; // stream simple iterators
  size_t                  max_depth;
  LdxiBuf                 text; // a string value being assembled
};

// One iteration; records point to it (record->loc).
typedef struct {
  LdxiSourceHandle* source;
  const XmlExpr*    iterator;
  LdxiRecordFunc    func;
  void*             handle;
  size_t            count;
  bool              streamed;
  // Streamed: the namespace of each step, and the position among its
  // same-named siblings of each open element on the path (by depth).
  const xmlChar** uris;
  size_t*         index;
  size_t          matched; // leading steps matched by open elements
  // The whole document: parsed (not streamed), or loaded for references
  // that a streamed record cannot answer.
  xmlDocPtr         doc;
  xmlXPathObjectPtr nodes; // the iterator's result on it
  LdxStatus         doc_status;
} Iteration;

// Errors are read from the context's lastError; nothing is printed.
static void
quiet(void* handle, xmlErrorPtr error)
{
  (void)handle;
  (void)error;
}

// What an XPath error means (libxml2 reports XPath errors to a context
// by code only).
static const char*
xpath_message(const xmlError* e)
{
  static const char* const messages[] = {
    "no error",
    "invalid number",
    "unfinished literal",
    "expected a literal",
    "expected a variable name after '$'",
    "undefined variable",
    "invalid predicate",
    "invalid expression",
    "missing closing brace",
    "unknown function",
    "invalid operand",
    "invalid type (a node-set is needed here)",
    "wrong number of arguments",
    "invalid context size",
    "invalid context position",
    "out of memory",
    "syntax error",
    "resource error",
    "sub-resource error",
    "undefined namespace prefix (declare it with rml:namespace)",
    "encoding error",
    "character out of the XML range",
    "invalid or incomplete context",
    "stack usage error",
    "variables are not supported",
    "operation limit exceeded",
    "expression nested too deep",
  };
  const int i = e->code - XML_XPATH_EXPRESSION_OK;
  if (e->domain == XML_FROM_XPATH && i >= 0 &&
      i < (int)(sizeof(messages) / sizeof(messages[0]))) {
    return messages[i];
  }
  return e->code == XML_ERR_NO_MEMORY ? "out of memory" : "evaluation failed";
}

typedef struct {
  xmlXPathContextPtr ctx;
  LdxiExprError*     err;
  bool               unknown;
} FunctionCheck;

// libxml2 looks functions up when evaluating: check them now.
static bool
check_function(void* handle, const char* name, size_t len, size_t offset)
{
  FunctionCheck* fc = (FunctionCheck*)handle;
  char           buf[64];
  if (len < sizeof(buf) && !memchr(name, ':', len)) {
    memcpy(buf, name, len);
    buf[len] = '\0';
    if (xmlXPathFunctionLookup(fc->ctx, (const xmlChar*)buf)) {
      return true;
    }
  }
  fc->err->offset = offset;
  snprintf(fc->err->message,
           sizeof(fc->err->message),
           "unknown function '%.*s'",
           (int)len,
           name);
  fc->unknown = true;
  return false;
}

// ---------------------------------------------------------------------------
// Compiling

static bool
is_name_start(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c >= 0x80;
}

static bool
is_name_char(unsigned char c)
{
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static size_t
skip_space(const char* s, size_t i, size_t len)
{
  while (i < len &&
         (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
    ++i;
  }
  return i;
}

static size_t
scan_name(const char* s, size_t i, size_t len)
{
  if (i < len && is_name_start((unsigned char)s[i])) {
    while (++i < len && is_name_char((unsigned char)s[i])) {
    }
  }
  return i;
}

// If `text` is "/name/prefix:name/...", fill x->steps.
static LdxStatus
simple_path(XmlExpr* x, const char* text, size_t len)
{
  size_t n = 0;
  size_t i = skip_space(text, 0, len);
  while (i < len) {
    if (text[i] != '/') {
      return LDX_SUCCESS;
    }
    i           = skip_space(text, i + 1, len);
    size_t name = scan_name(text, i, len);
    if (name == i) {
      return LDX_SUCCESS; // "//", "*", "@a", "text()"...
    }
    if (name < len && text[name] == ':') {
      const size_t local = scan_name(text, name + 1, len);
      if (local == name + 1) {
        return LDX_SUCCESS; // "p:*"
      }
      name = local;
    }
    ++n;
    i = skip_space(text, name, len);
  }
  if (!n) {
    return LDX_SUCCESS;
  }
  x->steps = (Step*)ldxi_calloc(x->world, n, sizeof(Step));
  x->names = (char*)ldxi_malloc(x->world, len + n + 1);
  if (!x->steps || !x->names) {
    return LDX_BAD_ALLOC;
  }
  // Copy each name NUL-terminated; a prefix's ':' becomes a NUL.
  char* w = x->names;
  i       = skip_space(text, 0, len);
  while (i < len) {
    i               = skip_space(text, i + 1, len);
    const size_t nm = scan_name(text, i, len);
    Step*        s  = &x->steps[x->n_steps++];
    if (nm < len && text[nm] == ':') {
      const size_t local = scan_name(text, nm + 1, len);
      memcpy(w, text + i, nm - i);
      w[nm - i] = '\0';
      s->prefix = w;
      w += nm - i + 1;
      i = nm + 1;
      memcpy(w, text + i, local - i);
      w[local - i] = '\0';
      s->local     = w;
      w += local - i + 1;
      i = local;
    } else {
      memcpy(w, text + i, nm - i);
      w[nm - i] = '\0';
      s->local  = w;
      w += nm - i + 1;
      i = nm;
    }
    i = skip_space(text, i, len);
  }
  return LDX_SUCCESS;
}

static void
xml_free_compiled(void* compiled)
{
  XmlExpr* x = (XmlExpr*)compiled;
  if (x) {
    xmlXPathFreeCompExpr(x->expr);
    ldxi_free(x->world, x->text);
    ldxi_free(x->world, x->steps);
    ldxi_free(x->world, x->names);
    ldxi_free(x->world, x);
  }
}

static LdxStatus
xml_compile(LdxWorld*      world,
            const char*    text,
            size_t         len,
            int            iterator,
            void**         compiled,
            LdxiExprError* err)
{
  const char* nul = (const char*)memchr(text, '\0', len);
  if (nul) {
    err->offset = (size_t)(nul - text);
    snprintf(err->message, sizeof(err->message), "NUL character");
    return LDX_BAD_REFERENCE;
  }
  xmlInitParser();
  XmlExpr* x = (XmlExpr*)ldxi_calloc(world, 1, sizeof(XmlExpr));
  if (!x) {
    return LDX_BAD_ALLOC;
  }
  x->world = world;
  x->text  = ldxi_strndup(world, text, len);
  // libxml2 compiles expressions without '(' for its "streaming" evaluator,
  // which has had bugs: parentheses keep them on the general one.
  const bool wrap = !memchr(text, '(', len);
  char*      src  = (char*)ldxi_malloc(world, len + 3);
  if (!x->text || !src) {
    ldxi_free(world, src);
    xml_free_compiled(x);
    return LDX_BAD_ALLOC;
  }
  src[0] = '(';
  memcpy(src + wrap, text, len);
  if (wrap) {
    src[len + 1] = ')';
  }
  src[len + 2 * wrap]    = '\0';
  xmlXPathContextPtr ctx = xmlXPathNewContext(NULL);
  if (!ctx) {
    ldxi_free(world, src);
    xml_free_compiled(x);
    return LDX_BAD_ALLOC;
  }
  ctx->error   = quiet;
  ctx->flags   = XML_XPATH_NOVAR; // nothing binds variables
  x->expr      = xmlXPathCtxtCompile(ctx, (const xmlChar*)src);
  LdxStatus st = LDX_SUCCESS;
  if (!x->expr) {
    const xmlError* e = &ctx->lastError;
    if (e->code == XML_ERR_NO_MEMORY) {
      st = LDX_BAD_ALLOC;
    } else {
      size_t at = e->int1 > 0 ? (size_t)e->int1 : 0;
      at        = wrap && at ? at - 1 : at;
      at        = at > len ? len : at;
      if (e->code == XML_XPATH_EXPRESSION_OK + XPATH_FORBID_VARIABLE_ERROR) {
        while (at && text[at - 1] != '$') { // libxml2 points after the name
          --at;
        }
        at -= at > 0;
      }
      err->offset = at;
      snprintf(err->message, sizeof(err->message), "%s", xpath_message(e));
      st = LDX_BAD_REFERENCE;
    }
  } else if (!ldxi_xpath_balanced(text, len, &err->offset)) {
    snprintf(err->message, sizeof(err->message), "%s", "unbalanced brackets");
    st = LDX_BAD_REFERENCE;
  } else {
    FunctionCheck fc = { ctx, err, false };
    ldxi_xpath_each_function(text, len, check_function, &fc);
    st = fc.unknown ? LDX_BAD_REFERENCE : LDX_SUCCESS;
  }
  xmlXPathFreeContext(ctx);
  ldxi_free(world, src);
  if (!st) {
    x->local = ldxi_xpath_is_local(text, len);
    if (iterator) {
      st = simple_path(x, text, len);
    }
  }
  if (st) {
    xml_free_compiled(x);
    return st;
  }
  *compiled = x;
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Opening

static void
xml_close(LdxiSourceHandle* source)
{
  if (source) {
    xmlXPathFreeContext(source->xpath);
    ldxi_buf_free(&source->text);
    ldxi_free(source->world, source->path);
    ldxi_free(source->world, source->file);
    ldxi_free(source->world, source);
  }
}

static LdxStatus
xml_open(LdxWorld*                       world,
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
  const LdxLimits limits = ldx_world_limits(world);
  h->world               = world;
  h->stream              = true;
  h->max_depth           = limits.max_depth;
  ldxi_buf_init(&h->text, world, limits.max_value_bytes);
  h->path = ldxi_strdup(world, path);
  h->file = ldxi_strdup(world, file ? file : path);
  if (source) {
    h->compression = source->compression;
    h->encoding    = source->encoding;
    h->ns          = source->namespaces;
    h->n_ns        = source->n_namespaces;
    h->rule        = &source->rule;
  }
  xmlInitParser();
  h->xpath = h->path && h->file ? xmlXPathNewContext(NULL) : NULL;
  if (!h->xpath) {
    xml_close(h);
    return LDX_BAD_ALLOC;
  }
  h->xpath->error = quiet;
  for (size_t i = 0; i < h->n_ns; ++i) {
    const LdxiXmlNamespace* ns = &h->ns[i];
    if (!ns->prefix[0]) {
      ldxi_warning(world,
                   h->rule ? &h->rule->caret : NULL,
                   "the namespace <%s> without prefix is not used: XPath 1.0 "
                   "names without a prefix have no namespace",
                   ns->url);
    } else if (xmlXPathRegisterNs(h->xpath,
                                  (const xmlChar*)ns->prefix,
                                  (const xmlChar*)ns->url)) {
      xml_close(h);
      return LDX_BAD_ALLOC;
    }
  }
  // Only check that the file can be read: iterations read it.
  LdxiInput* in = NULL;
  LdxStatus  st =
    ldxi_input_open(world, h->path, h->file, h->compression, h->encoding, &in);
  ldxi_input_close(in);
  if (st) {
    xml_close(h);
    return st;
  }
  *out = h;
  return LDX_SUCCESS;
}

void
ldxi_xml_source_set_streaming(LdxiSourceHandle* source, bool stream)
{
  source->stream = stream;
}

// ---------------------------------------------------------------------------
// Iterating

static xmlXPathObjectPtr
evaluate(LdxiSourceHandle* source,
         const XmlExpr*    x,
         xmlDocPtr         doc,
         xmlNodePtr        node)
{
  xmlXPathContextPtr ctx = source->xpath;
  xmlResetError(&ctx->lastError);
  ctx->doc               = doc;
  ctx->node              = node;
  ctx->contextSize       = 1;
  ctx->proximityPosition = 1;
  return xmlXPathCompiledEval(x->expr, ctx);
}

// Why the last evaluation failed.
static const char*
eval_message(const LdxiSourceHandle* source)
{
  return xpath_message(&source->xpath->lastError);
}

static LdxStatus
iterator_error(Iteration* it, const char* message)
{
  const LdxiSourceHandle* h = it->source;
  return ldxi_data_error(h->world,
                         LDX_BAD_REFERENCE,
                         NULL,
                         NULL,
                         h->rule ? &h->rule->caret : NULL,
                         h->rule ? h->rule->what : NULL,
                         "cannot evaluate the XPath iterator '%s' on data "
                         "file '%s': %s",
                         it->iterator->text,
                         h->file,
                         message);
}

static LdxiXmlParseOptions
parse_options(Iteration* it)
{
  const LdxiSourceHandle*   h = it->source;
  const LdxiXmlParseOptions o = { h->path,     h->file, h->compression,
                                  h->encoding, NULL,    NULL,
                                  it };
  return o;
}

// Parse the whole document into it->doc and select the records.
static LdxStatus
load_document(Iteration* it)
{
  const LdxiXmlParseOptions o = parse_options(it);
  LdxStatus st                = ldxi_xml_parse(it->source->world, &o, &it->doc);
  if (st || !it->iterator) {
    return st;
  }
  it->nodes = evaluate(it->source, it->iterator, it->doc, (xmlNodePtr)it->doc);
  if (!it->nodes) {
    if (it->source->xpath->lastError.code == XML_ERR_NO_MEMORY) {
      return LDX_BAD_ALLOC;
    }
    return iterator_error(it, eval_message(it->source));
  }
  if (it->nodes->type != XPATH_NODESET) {
    return iterator_error(it, "the result is not a node-set");
  }
  return LDX_SUCCESS;
}

static LdxStatus
iterate_document(Iteration* it)
{
  LdxStatus st = load_document(it);
  if (st) {
    return st;
  }
  if (!it->iterator) { // no iterator: the document is the record
    const LdxiRecord record = { it->doc, it, ++it->count };
    return it->func(it->handle, &record);
  }
  const xmlNodeSet* set = it->nodes->nodesetval;
  for (int i = 0; set && i < set->nodeNr && !st; ++i) {
    const LdxiRecord record = { set->nodeTab[i], it, ++it->count };
    st                      = it->func(it->handle, &record);
  }
  return st;
}

static bool
matches(const xmlNode* node, const Step* step, const xmlChar* uri)
{
  if (!xmlStrEqual(node->name, (const xmlChar*)step->local)) {
    return false;
  }
  const xmlChar* href = node->ns ? node->ns->href : NULL;
  return uri ? href && xmlStrEqual(href, uri) : !href || !href[0];
}

static LdxStatus
stream_start(void* handle, xmlNodePtr element, size_t depth)
{
  Iteration*   it = (Iteration*)handle;
  const size_t n  = it->iterator->n_steps;
  if (depth == it->matched + 1 && depth <= n &&
      matches(element, &it->iterator->steps[depth - 1], it->uris[depth - 1])) {
    it->matched = depth;
    ++it->index[depth];
    it->index[depth + 1] = 0;
  }
  return LDX_SUCCESS;
}

static LdxStatus
stream_end(void* handle, xmlNodePtr element, size_t depth, bool* keep)
{
  Iteration* it = (Iteration*)handle;
  if (depth != it->matched) {
    // Inside a record: kept until the record ends.  Elsewhere: not needed.
    *keep = it->matched == it->iterator->n_steps && depth > it->matched;
    return LDX_SUCCESS;
  }
  it->matched = depth - 1;
  if (depth < it->iterator->n_steps) {
    return LDX_SUCCESS;
  }
  const LdxiRecord record = { element, it, ++it->count };
  return it->func(it->handle, &record);
}

static LdxStatus
iterate_stream(Iteration* it)
{
  LdxiSourceHandle* h = it->source;
  const XmlExpr*    x = it->iterator;
  it->uris =
    (const xmlChar**)ldxi_calloc(h->world, x->n_steps, sizeof(xmlChar*));
  it->index = (size_t*)ldxi_calloc(h->world, x->n_steps + 2, sizeof(size_t));
  if (!it->uris || !it->index) {
    return ldxi_error(h->world,
                      LDX_BAD_ALLOC,
                      NULL,
                      "out of memory reading XML data file '%s'",
                      h->file);
  }
  for (size_t i = 0; i < x->n_steps; ++i) {
    const char* prefix = x->steps[i].prefix;
    if (!prefix) {
      continue;
    }
    it->uris[i] = xmlXPathNsLookup(h->xpath, (const xmlChar*)prefix);
    if (!it->uris[i]) {
      return iterate_document(it); // which reports it after any XML error
    }
  }
  it->streamed          = true;
  LdxiXmlParseOptions o = parse_options(it);
  o.on_start            = stream_start;
  o.on_end              = stream_end;
  return ldxi_xml_parse(h->world, &o, NULL);
}

static LdxStatus
xml_iterate(LdxiSourceHandle* source,
            const void*       iterator,
            LdxiRecordFunc    func,
            void*             handle)
{
  Iteration it;
  memset(&it, 0, sizeof(it));
  it.source    = source;
  it.iterator  = (const XmlExpr*)iterator;
  it.func      = func;
  it.handle    = handle;
  LdxStatus st = it.iterator && it.iterator->steps && source->stream
                   ? iterate_stream(&it)
                   : iterate_document(&it);
  if (it.streamed && it.doc) {
    source->stream = false; // references need the document: parse it once
  }
  xmlXPathFreeObject(it.nodes);
  xmlFreeDoc(it.doc);
  ldxi_free(source->world, it.uris);
  ldxi_free(source->world, it.index);
  return st;
}

// ---------------------------------------------------------------------------
// Values

static LdxStatus
push(LdxiSourceHandle* source,
     LdxiValues*       out,
     LdxiArena*        arena,
     const xmlChar*    str,
     bool              copy)
{
  const char* s   = str ? (const char*)str : "";
  size_t      len = strlen(s);
  if (copy && !(s = ldxi_arena_strndup(arena, s, len))) {
    return LDX_BAD_ALLOC;
  }
  const LdxiValue v = { s, len, LDXI_NAT_STRING };
  return ldxi_values_push(source->world, out, v);
}

// Append the text of `first` and its siblings, with their descendants and
// the content of internal entities they refer to.
static LdxStatus
collect(LdxiSourceHandle* source, const xmlNode* first, size_t depth)
{
  if (depth > source->max_depth + EXTRA_DEPTH) {
    return LDX_BAD_LIMIT;
  }
  for (const xmlNode* n = first; n; n = n->next) {
    LdxStatus st = LDX_SUCCESS;
    switch (n->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (n->content) {
          st = ldxi_buf_puts(&source->text, (const char*)n->content);
        }
        break;
      case XML_ELEMENT_NODE:
        st = collect(source, n->children, depth + 1);
        break;
      case XML_ENTITY_REF_NODE: // children: the entity declaration
        if (n->children && n->children->type == XML_ENTITY_DECL) {
          st = collect(source, n->children->children, depth + 1);
        }
        break;
      default: // comments and processing instructions are not text
        break;
    }
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

// The XPath string-value of a node.
static LdxStatus
node_value(LdxiSourceHandle* source,
           const xmlNode*    node,
           LdxiValues*       out,
           LdxiArena*        arena,
           LdxiBuf*          err)
{
  switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
      return push(source, out, arena, node->content, false);
    case XML_NAMESPACE_DECL: // a copy, freed with the XPath result
      return push(source, out, arena, ((const xmlNs*)node)->href, true);
    default:
      break;
  }
  const xmlNode* first = node->children;
  if (node->type == XML_ENTITY_REF_NODE) {
    first = first && first->type == XML_ENTITY_DECL ? first->children : NULL;
  }
  if (first && !first->next &&
      (first->type == XML_TEXT_NODE || first->type == XML_CDATA_SECTION_NODE)) {
    return push(source, out, arena, first->content, false); // the usual case
  }
  ldxi_buf_clear(&source->text);
  LdxStatus st = collect(source, first, 0);
  if (st == LDX_BAD_LIMIT) {
    ldxi_buf_clear(err);
    ldxi_buf_printf(err,
                    "the text of a selected node is longer than the limit of "
                    "%zu bytes (or nests too deep)",
                    source->text.max);
    return LDX_BAD_DATA;
  }
  if (st) {
    return st;
  }
  return push(
    source, out, arena, (const xmlChar*)ldxi_buf_cstr(&source->text), true);
}

// The node of the whole document that is streamed record `number`.
static LdxStatus
document_record(Iteration* it, size_t number, xmlNodePtr* node)
{
  if (!it->doc && !it->doc_status) {
    it->doc_status = load_document(it);
    if (!it->doc_status && !it->doc) {
      it->doc_status = LDX_BAD_ALLOC;
    }
  }
  if (it->doc_status) {
    return it->doc_status;
  }
  const xmlNodeSet* set = it->nodes->nodesetval;
  if (!set || number < 1 || number > (size_t)set->nodeNr) {
    return LDX_BAD_DATA; // cannot happen: both select the same nodes
  }
  *node = set->nodeTab[number - 1];
  return LDX_SUCCESS;
}

static LdxStatus
xml_eval(LdxiSourceHandle* source,
         const LdxiRecord* record,
         const void*       compiled,
         LdxiValues*       out,
         LdxiArena*        arena,
         LdxiBuf*          err)
{
  const XmlExpr* x    = (const XmlExpr*)compiled;
  Iteration*     it   = (Iteration*)record->loc;
  xmlNodePtr     node = (xmlNodePtr)record->data;
  xmlDocPtr      doc  = it->doc;
  if (it->streamed) {
    if (x->local) {
      doc = node->doc;
    } else {
      LdxStatus st = document_record(it, record->number, &node);
      if (st) {
        if (st == LDX_BAD_DATA) {
          ldxi_buf_clear(err);
          ldxi_buf_printf(err, "the record is not in the whole document");
        }
        return st;
      }
      doc = it->doc;
    }
  }
  xmlXPathObjectPtr obj = evaluate(source, x, doc, node);
  if (!obj) {
    if (source->xpath->lastError.code == XML_ERR_NO_MEMORY) {
      return LDX_BAD_ALLOC;
    }
    ldxi_buf_clear(err);
    ldxi_buf_printf(err, "%s", eval_message(source));
    return LDX_BAD_REFERENCE;
  }
  LdxStatus st = LDX_SUCCESS;
  switch (obj->type) {
    case XPATH_NODESET:
      for (int i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr && !st;
           ++i) {
        st = node_value(source, obj->nodesetval->nodeTab[i], out, arena, err);
      }
      break;
    case XPATH_STRING:
      st = push(source, out, arena, obj->stringval, true);
      break;
    case XPATH_NUMBER: {
      xmlChar* s = xmlXPathCastNumberToString(obj->floatval);
      st         = s ? push(source, out, arena, s, true) : LDX_BAD_ALLOC;
      xmlFree(s);
      break;
    }
    case XPATH_BOOLEAN:
      st = push(source,
                out,
                arena,
                (const xmlChar*)(obj->boolval ? "true" : "false"),
                false);
      break;
    default:
      ldxi_buf_clear(err);
      ldxi_buf_printf(err,
                      "the result is not a node-set, string, number or "
                      "boolean");
      st = LDX_BAD_DATA;
      break;
  }
  xmlXPathFreeObject(obj);
  return st;
}

// ---------------------------------------------------------------------------
// Describing records

// The name of an element or attribute as the mapping would write it.
static LdxStatus
put_name(const Iteration* it, const xmlNode* node, LdxiBuf* out)
{
  const xmlNs* ns = node->ns;
  if (ns && ns->href && ns->href[0]) {
    const LdxiSourceHandle* h = it->source;
    for (size_t i = 0; i < h->n_ns; ++i) {
      if (h->ns[i].prefix[0] &&
          xmlStrEqual((const xmlChar*)h->ns[i].url, ns->href)) {
        return ldxi_buf_printf(out, "%s:%s", h->ns[i].prefix, node->name);
      }
    }
    if (!ns->prefix) {
      return ldxi_buf_printf(out, "*[local-name()='%s']", node->name);
    }
    return ldxi_buf_printf(out, "%s:%s", ns->prefix, node->name);
  }
  return ldxi_buf_puts(out, (const char*)node->name);
}

static bool
same_kind(const xmlNode* a, const xmlNode* b)
{
  const bool text_a =
    a->type == XML_TEXT_NODE || a->type == XML_CDATA_SECTION_NODE;
  const bool text_b =
    b->type == XML_TEXT_NODE || b->type == XML_CDATA_SECTION_NODE;
  if (text_a || text_b) {
    return text_a && text_b;
  }
  if (a->type != b->type) {
    return false;
  }
  if (a->type != XML_ELEMENT_NODE && a->type != XML_PI_NODE) {
    return true;
  }
  const xmlChar* ua = a->ns ? a->ns->href : NULL;
  const xmlChar* ub = b->ns ? b->ns->href : NULL;
  return xmlStrEqual(a->name, b->name) &&
         (ua == ub || (ua && ub && xmlStrEqual(ua, ub)));
}

// Position among the preceding siblings of the same kind and name.
static size_t
position(const xmlNode* node)
{
  size_t k = 1;
  for (const xmlNode* p = node->prev; p; p = p->prev) {
    k += same_kind(p, node);
  }
  return k;
}

static LdxStatus
put_path(const Iteration* it, const xmlNode* node, size_t depth, LdxiBuf* out)
{
  if (node->type == XML_DOCUMENT_NODE) {
    return ldxi_buf_putc(out, '/');
  }
  if (node->type == XML_NAMESPACE_DECL) {
    const xmlNs*   ns     = (const xmlNs*)node;
    const xmlNode* parent = (const xmlNode*)ns->next;
    LdxStatus      st     = parent && parent->type == XML_ELEMENT_NODE
                              ? put_path(it, parent, depth - 1, out)
                              : LDX_SUCCESS;
    return st ? st
              : ldxi_buf_printf(out,
                                "/namespace::%s",
                                ns->prefix ? (const char*)ns->prefix : "*");
  }
  const xmlNode* parent = node->parent;
  if (parent && parent->type == XML_ELEMENT_NODE) {
    LdxStatus st = put_path(it, parent, depth - 1, out);
    if (st) {
      return st;
    }
  }
  LdxStatus st = ldxi_buf_putc(out, '/');
  if (st) {
    return st;
  }
  switch (node->type) {
    case XML_ELEMENT_NODE:
      st = put_name(it, node, out);
      if (!st && parent && parent->type == XML_ELEMENT_NODE) {
        // Streamed, the preceding siblings are gone: the path counted them.
        const size_t k = it->streamed ? it->index[depth] : position(node);
        st             = ldxi_buf_printf(out, "[%zu]", k);
      }
      return st;
    case XML_ATTRIBUTE_NODE:
      st = ldxi_buf_putc(out, '@');
      return st ? st : put_name(it, node, out);
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      return ldxi_buf_printf(out, "text()[%zu]", position(node));
    case XML_COMMENT_NODE:
      return ldxi_buf_printf(out, "comment()[%zu]", position(node));
    case XML_PI_NODE:
      return ldxi_buf_printf(out,
                             "processing-instruction('%s')[%zu]",
                             (const char*)node->name,
                             position(node));
    default:
      return ldxi_buf_puts(out, "node()");
  }
}

static size_t
depth_of(const xmlNode* node)
{
  if (node->type == XML_NAMESPACE_DECL) {
    node = (const xmlNode*)((const xmlNs*)node)->next;
    return node ? 1 + depth_of(node) : 1;
  }
  size_t d = 0;
  for (; node && node->type != XML_DOCUMENT_NODE; node = node->parent) {
    ++d;
  }
  return d;
}

static LdxStatus
xml_describe(const LdxiRecord* record, LdxiBuf* out)
{
  const Iteration* it   = (const Iteration*)record->loc;
  const xmlNode*   node = (const xmlNode*)record->data;
  LdxStatus        st   = ldxi_buf_printf(out, "record %zu (", record->number);
  const size_t     line = ldxi_xml_line(node);
  if (!st && line) {
    st = ldxi_buf_printf(out, "line %zu, ", line);
  }
  if (!st) {
    st = put_path(it, node, depth_of(node), out);
  }
  return st ? st : ldxi_buf_putc(out, ')');
}

const LdxiSourceOps ldxi_xml_source = {
  "XPath",   xml_compile, xml_free_compiled, xml_open,
  xml_close, xml_iterate, xml_eval,          xml_describe,
};
