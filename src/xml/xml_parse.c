// SPDX-License-Identifier: MIT
// Reading XML data files with libxml2's push parser (see xml_parse.h).
//
// Our SAX handler wraps libxml2's tree builder (SAX2) to check the nesting
// depth and entity expansion, to keep each element's full line number, and
// to hand elements to the caller and free them when streaming.
#include "xml/xml_parse.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "io/input.h"

#include <libxml/SAX2.h>
#include <libxml/dict.h>
#include <libxml/entities.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// Bytes read and pushed to the parser at a time.
#define CHUNK ((size_t)64 * 1024)

// Internal entity references may expand to this much, plus ENTITY_RATIO
// times the bytes read so far (a document using entities normally is far
// below; a quadratic blowup is far above).
#define ENTITY_BASE ((size_t)16 << 20)
#define ENTITY_RATIO 10

// Entities nested deeper are refused by libxml2 already.
#define ENTITY_DEPTH 64

// Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE:
// nothing outside the file is read and libxml2's limits stay on.
// NOCDATA: CDATA sections are text, as in the XPath data model.
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT)

// libxml2's handlers of errors that have no parser context (e.g. from
// encoding conversion), saved while ours are set.
typedef struct {
  xmlStructuredErrorFunc structured;
  void*                  structured_ctx;
  xmlGenericErrorFunc    generic;
  void*                  generic_ctx;
} Handlers;

typedef struct {
  LdxWorld*                  world;
  Handlers                   saved;
  const LdxiXmlParseOptions* opt;
  xmlParserCtxtPtr           ctxt;
  size_t                     max_depth;
  size_t                     fed;          // bytes pushed to the parser
  size_t                     entity_bytes; // expansion of references so far
  bool                       terminating;  // the last call of the parser
  LdxStatus                  status;       // the first failure
  bool                       reported;     // ... already reported
  char                       message[256];
  LdxCaret                   caret;
} Parse;

static Parse*
parse_of(void* ctx)
{
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
  Parse*           ps   = ctxt ? (Parse*)ctxt->_private : NULL;
  // Entity content is parsed by a nested context: leave it to libxml2.
  return ps && ps->ctxt == ctxt ? ps : NULL;
}

static Parse*
parse_of_any(void* ctx)
{
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
  return ctxt ? (Parse*)ctxt->_private : NULL;
}

// The current position of the main parser.
static LdxCaret
here(const Parse* ps)
{
  LdxCaret                c  = { ps->opt->display, 0, 0, 0 };
  const xmlParserInputPtr in = ps->ctxt->input;
  if (in) {
    c.line   = in->line > 0 ? (unsigned)in->line : 0;
    c.column = in->col > 0 ? (unsigned)in->col : 0;
    if (in->cur && in->base && in->cur >= in->base) {
      c.byte = in->consumed + (size_t)(in->cur - in->base);
    }
  }
  return c;
}

// Record the first failure and stop the parser.
static void
fail(Parse* ps, LdxStatus st, bool reported, const LdxCaret* caret)
{
  if (!ps->status) {
    ps->status   = st;
    ps->reported = reported;
    if (caret) {
      ps->caret = *caret;
    }
  }
  xmlStopParser(ps->ctxt);
}

static void
on_error(void* ctx, xmlErrorPtr err)
{
  Parse* ps = parse_of_any(ctx);
  if (!ps || !err || ps->status) {
    return;
  }
  // Warnings, and validity (IDs, xml:id values) which is not
  // well-formedness: libxml2 goes on, and so do we.
  if (err->level < XML_ERR_ERROR || err->domain == XML_FROM_VALID ||
      (err->domain == XML_FROM_DTD && err->level != XML_ERR_FATAL)) {
    return;
  }
  LdxCaret caret = here(ps);
  // Errors inside entity content are placed at the reference.
  if ((xmlParserCtxtPtr)ctx == ps->ctxt && err->file && err->line > 0) {
    caret.line   = (unsigned)err->line;
    caret.column = err->int2 > 0 ? (unsigned)err->int2 : 0;
  }
  const char* msg = err->message ? err->message : "not well-formed";
  char        end[160];
  if (ps->terminating && err->code == XML_ERR_DOCUMENT_END) {
    // The push parser says "Extra content" for a truncated document.
    xmlParserCtxtPtr c = ps->ctxt;
    if (c->nameNr > 0 && c->name) {
      snprintf(end,
               sizeof(end),
               "Premature end of data in tag %.100s",
               (const char*)c->name);
    } else {
      snprintf(end,
               sizeof(end),
               c->myDoc && xmlDocGetRootElement(c->myDoc)
                 ? "Premature end of data"
                 : "Start tag expected, '<' not found");
    }
    msg = end;
  }
  size_t len = strlen(msg);
  while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) {
    --len; // libxml2's messages end with a newline
  }
  snprintf(ps->message, sizeof(ps->message), "%.*s", (int)len, msg);
  ps->status = err->code == XML_ERR_NO_MEMORY ? LDX_BAD_ALLOC : LDX_BAD_SYNTAX;
  ps->reported = false;
  ps->caret    = caret;
  // Fatal errors stop libxml2; it stops on the others at the next element.
}

static void
on_global_error(void* ctx, xmlErrorPtr err)
{
  Parse* ps = (Parse*)ctx;
  if (ps && ps->ctxt) {
    on_error(ps->ctxt, err); // e.g. "input conversion failed"
  }
}

static void
on_generic_error(void* ctx, const char* fmt, ...)
{
  (void)ctx; // only libxml2's internal oddities come here: not printed
  (void)fmt;
}

// While libxml2 parses our data, its context-free errors come to us (the
// handlers are per thread); they are restored around our callbacks.
static void
handlers_on(Parse* ps)
{
  ps->saved.structured     = xmlStructuredError;
  ps->saved.structured_ctx = xmlStructuredErrorContext;
  ps->saved.generic        = xmlGenericError;
  ps->saved.generic_ctx    = xmlGenericErrorContext;
  xmlSetStructuredErrorFunc(ps, on_global_error);
  xmlSetGenericErrorFunc(ps, on_generic_error);
}

static void
handlers_off(Parse* ps)
{
  xmlSetStructuredErrorFunc(ps->saved.structured_ctx, ps->saved.structured);
  xmlSetGenericErrorFunc(ps->saved.generic_ctx, ps->saved.generic);
}

// What an internal entity expands to, in bytes (each reference counting
// one more, so that empty entities cost too); stops past `budget`.
static size_t
entity_cost(xmlDocPtr doc, xmlEntityPtr ent, size_t budget, int depth)
{
  if (!ent || !ent->content || ent->etype != XML_INTERNAL_GENERAL_ENTITY) {
    return 0; // external entities are never loaded
  }
  if (depth > ENTITY_DEPTH) {
    return budget + 1;
  }
  size_t         total = 0;
  const xmlChar* s     = ent->content;
  while (*s && total <= budget) {
    const xmlChar* semi = NULL;
    if (*s == '&' && s[1] != '#' && (semi = xmlStrchr(s, ';'))) {
      const int      n = (int)(semi - s - 1);
      const xmlChar* name =
        doc->dict ? xmlDictExists(doc->dict, s + 1, n) : NULL;
      xmlEntityPtr sub = name ? xmlGetDocEntity(doc, name) : NULL;
      total += 1 + entity_cost(doc, sub, budget - total, depth + 1);
      s = semi + 1;
    } else {
      ++total;
      ++s;
    }
  }
  return total;
}

// Count a reference to `name`; fail past the allowance.
static bool
account(Parse* ps, const xmlChar* name)
{
  xmlDocPtr    doc = ps->ctxt->myDoc;
  xmlEntityPtr ent = doc && name ? xmlGetDocEntity(doc, name) : NULL;
  if (!ent || ent->etype != XML_INTERNAL_GENERAL_ENTITY) {
    return true;
  }
  const size_t limit = ENTITY_BASE + ENTITY_RATIO * ps->fed;
  const size_t left =
    limit - (ps->entity_bytes < limit ? ps->entity_bytes : limit);
  ps->entity_bytes += entity_cost(doc, ent, left, 0);
  if (ps->entity_bytes > limit) {
    const LdxCaret caret = here(ps);
    snprintf(ps->message,
             sizeof(ps->message),
             "entity references expand to more than %zu bytes",
             limit);
    fail(ps, LDX_BAD_LIMIT, false, &caret);
    return false;
  }
  return true;
}

// Attribute values keep their entity references as "&name;".
static bool
account_attributes(Parse* ps, int n, const xmlChar** attributes)
{
  for (int i = 0; i < n; ++i) {
    const xmlChar* s   = attributes[5 * i + 3];
    const xmlChar* end = attributes[5 * i + 4];
    for (; s && s < end; ++s) {
      if (*s != '&' || s + 1 >= end || s[1] == '#') {
        continue;
      }
      const xmlChar* semi = s + 1;
      while (semi < end && *semi != ';') {
        ++semi;
      }
      xmlDictPtr     dict = ps->ctxt->myDoc ? ps->ctxt->myDoc->dict : NULL;
      const xmlChar* name = dict && semi < end
                              ? xmlDictExists(dict, s + 1, (int)(semi - s - 1))
                              : NULL;
      if (name && !account(ps, name)) {
        return false;
      }
      s = semi;
    }
  }
  return true;
}

static void
on_start(void*           ctx,
         const xmlChar*  localname,
         const xmlChar*  prefix,
         const xmlChar*  uri,
         int             nb_namespaces,
         const xmlChar** namespaces,
         int             nb_attributes,
         int             nb_defaulted,
         const xmlChar** attributes)
{
  Parse* ps = parse_of(ctx);
  if (ps && ps->status) {
    xmlStopParser(ps->ctxt); // after an error libxml2 recovers from
    return;
  }
  if (ps && !account_attributes(ps, nb_attributes, attributes)) {
    return;
  }
  xmlSAX2StartElementNs(ctx,
                        localname,
                        prefix,
                        uri,
                        nb_namespaces,
                        namespaces,
                        nb_attributes,
                        nb_defaulted,
                        attributes);
  if (!ps) {
    return;
  }
  xmlParserCtxtPtr ctxt = ps->ctxt;
  xmlNodePtr       node = ctxt->node;
  if (!node || node->type != XML_ELEMENT_NODE || !node->name ||
      !xmlStrEqual(node->name, localname)) {
    return; // out of memory in SAX2: libxml2 reports it
  }
  // libxml2 keeps lines up to 65535 in node->line; psvi is ours.
  node->psvi         = (void*)(uintptr_t)(ctxt->input ? ctxt->input->line : 0);
  const size_t depth = ctxt->nodeNr > 0 ? (size_t)ctxt->nodeNr : 0;
  if (depth > ps->max_depth) {
    const LdxCaret caret = here(ps);
    snprintf(ps->message,
             sizeof(ps->message),
             "elements nest deeper than the limit of %zu",
             ps->max_depth);
    fail(ps, LDX_BAD_LIMIT, false, &caret);
    return;
  }
  if (ps->opt->on_start) {
    handlers_off(ps);
    LdxStatus st = ps->opt->on_start(ps->opt->handle, node, depth);
    handlers_on(ps);
    if (st) {
      fail(ps, st, true, NULL);
    }
  }
}

static void
on_end(void*          ctx,
       const xmlChar* localname,
       const xmlChar* prefix,
       const xmlChar* uri)
{
  Parse* ps = parse_of(ctx);
  if (!ps) {
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    return;
  }
  xmlParserCtxtPtr ctxt  = ps->ctxt;
  xmlNodePtr       node  = ctxt->node;
  const size_t     depth = ctxt->nodeNr > 0 ? (size_t)ctxt->nodeNr : 0;
  xmlSAX2EndElementNs(ctx, localname, prefix, uri);
  if (!ps->opt->on_end || !node) {
    return;
  }
  bool keep = false;
  if (!ps->status) {
    handlers_off(ps);
    LdxStatus st = ps->opt->on_end(ps->opt->handle, node, depth, &keep);
    handlers_on(ps);
    if (st) {
      fail(ps, st, true, NULL);
    }
  }
  // Free the element and whatever precedes it (the parent's other
  // children, all complete).  Emptying the list entirely keeps SAX2's
  // text coalescing away from freed nodes.
  xmlNodePtr parent = node->parent;
  if (!keep && depth > 1 && parent && parent->type == XML_ELEMENT_NODE) {
    xmlNodePtr children = parent->children;
    parent->children    = NULL;
    parent->last        = NULL;
    xmlFreeNodeList(children);
  }
}

static void
on_reference(void* ctx, const xmlChar* name)
{
  Parse* ps = parse_of(ctx);
  if (ps && ps->status) {
    xmlStopParser(ps->ctxt);
    return;
  }
  if (ps && !account(ps, name)) {
    return;
  }
  xmlSAX2Reference(ctx, name);
}

static bool
same_name(const char* s, size_t n, const char* name)
{
  if (n != strlen(name)) {
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') {
      c = (char)(c - 'a' + 'A');
    }
    if (c != name[i]) {
      return false;
    }
  }
  return true;
}

// Whether the XML declaration at the start of `s` names an encoding other
// than UTF-8 or UTF-16 (which src/io has turned into UTF-8 already).
static bool
declares_other_encoding(const char* s, size_t n)
{
  if (n < 6 || memcmp(s, "<?xml", 5) != 0) {
    return false;
  }
  const char* end = (const char*)memchr(s, '>', n < 512 ? n : 512);
  const char* enc = NULL;
  for (const char* p = s + 5; end && p + 8 < end; ++p) {
    if (!memcmp(p, "encoding", 8)) {
      enc = p + 8;
      break;
    }
  }
  if (!enc) {
    return false;
  }
  while (enc < end && (*enc == ' ' || *enc == '=' || *enc == '\t' ||
                       *enc == '\r' || *enc == '\n')) {
    ++enc;
  }
  if (enc >= end || (*enc != '"' && *enc != '\'')) {
    return false;
  }
  const char  q     = *enc++;
  const char* close = (const char*)memchr(enc, q, (size_t)(end - enc));
  if (!close) {
    return false;
  }
  static const char* const native[] = { "UTF-8",    "UTF8",     "UTF-16",
                                        "UTF16",    "UTF-16LE", "UTF-16BE",
                                        "US-ASCII", "ASCII" };
  for (size_t i = 0; i < sizeof(native) / sizeof(native[0]); ++i) {
    if (same_name(enc, (size_t)(close - enc), native[i])) {
      return false;
    }
  }
  return true;
}

// Fill `buf` (reads may return less: the first one only a few bytes).
static LdxStatus
read_chunk(LdxiInput* in, char* buf, size_t size, size_t* n)
{
  *n = 0;
  while (*n < size) {
    size_t    got = 0;
    LdxStatus st  = ldxi_input_read(in, buf + *n, size - *n, &got);
    if (st || !got) {
      return st;
    }
    *n += got;
  }
  return LDX_SUCCESS;
}

static LdxStatus
report(Parse* ps)
{
  if (ps->reported || !ps->status) {
    return ps->status;
  }
  const LdxCaret* caret = ps->caret.line ? &ps->caret : NULL;
  switch (ps->status) {
    case LDX_BAD_ALLOC:
      return ldxi_error(ps->world,
                        ps->status,
                        NULL,
                        "out of memory reading XML data file '%s'",
                        ps->opt->display);
    case LDX_BAD_SYNTAX:
      return ldxi_error(
        ps->world, ps->status, caret, "invalid XML: %s", ps->message);
    default:
      return ldxi_error(ps->world, ps->status, caret, "%s", ps->message);
  }
}

LdxStatus
ldxi_xml_parse(LdxWorld*                  world,
               const LdxiXmlParseOptions* options,
               xmlDocPtr*                 doc)
{
  if (doc) {
    *doc = NULL;
  }
  xmlInitParser();
  Parse ps;
  memset(&ps, 0, sizeof(ps));
  ps.world      = world;
  ps.opt        = options;
  ps.max_depth  = ldx_world_limits(world).max_depth;
  LdxiInput* in = NULL;
  LdxStatus  st = ldxi_input_open(world,
                                 options->path,
                                 options->display,
                                 options->compression,
                                 options->encoding,
                                 &in);
  if (st) {
    return st;
  }
  char*  buf = (char*)ldxi_malloc(world, CHUNK);
  size_t n   = 0;
  if (!buf) {
    ldxi_input_close(in);
    return ldxi_error(world,
                      LDX_BAD_ALLOC,
                      NULL,
                      "out of memory reading XML data file '%s'",
                      options->display);
  }
  if ((st = read_chunk(in, buf, CHUNK, &n))) {
    ldxi_free(world, buf);
    ldxi_input_close(in);
    return st;
  }
  int flags = PARSE_OPTIONS;
  if (options->encoding != LDXI_ENCODING_UTF8 ||
      !declares_other_encoding(buf, n)) {
    flags |= XML_PARSE_IGNORE_ENC; // the bytes are UTF-8 already
  }
  xmlSAXHandler sax;
  xmlSAXVersion(&sax, 2);
  sax.startElementNs = on_start;
  sax.endElementNs   = on_end;
  sax.reference      = on_reference;
  sax.serror         = on_error;
  ps.ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, options->display);
  if (!ps.ctxt) {
    ldxi_free(world, buf);
    ldxi_input_close(in);
    return ldxi_error(world,
                      LDX_BAD_ALLOC,
                      NULL,
                      "out of memory reading XML data file '%s'",
                      options->display);
  }
  ps.ctxt->_private = &ps;
  xmlCtxtUseOptions(ps.ctxt, flags);
  while (n && !ps.status) {
    ps.fed += n;
    handlers_on(&ps);
    xmlParseChunk(ps.ctxt, buf, (int)n, 0);
    handlers_off(&ps);
    if (!ps.status && (st = read_chunk(in, buf, CHUNK, &n))) {
      ps.status   = st;
      ps.reported = true;
    }
  }
  if (!ps.status && !ps.fed) {
    // libxml2's push parser would say "Extra content at the end".
    snprintf(ps.message, sizeof(ps.message), "the file is empty");
    ps.status = LDX_BAD_SYNTAX;
    ps.caret  = (LdxCaret){ options->display, 1, 1, 0 };
  }
  if (!ps.status) {
    ps.terminating = true;
    handlers_on(&ps);
    xmlParseChunk(ps.ctxt, NULL, 0, 1);
    handlers_off(&ps);
  }
  if (!ps.status && (!ps.ctxt->wellFormed || !ps.ctxt->myDoc)) {
    // An error libxml2 did not describe to us.
    snprintf(ps.message, sizeof(ps.message), "not well-formed");
    ps.status = LDX_BAD_SYNTAX;
    ps.caret  = here(&ps);
  }
  xmlDocPtr result = ps.ctxt->myDoc;
  ps.ctxt->myDoc   = NULL;
  st               = report(&ps);
  xmlFreeParserCtxt(ps.ctxt);
  ldxi_free(world, buf);
  ldxi_input_close(in);
  if (st || !doc) {
    xmlFreeDoc(result);
  } else {
    *doc = result;
  }
  return st;
}

size_t
ldxi_xml_line(const xmlNode* node)
{
  if (node && node->type == XML_NAMESPACE_DECL) {
    // In XPath results, a namespace node's `next` is its element.
    const xmlNs* ns = (const xmlNs*)node;
    node            = (const xmlNode*)ns->next;
    if (!node || node->type != XML_ELEMENT_NODE) {
      return 0;
    }
  }
  while (node && node->type != XML_ELEMENT_NODE) {
    node = node->parent;
  }
  if (!node) {
    return 0;
  }
  return node->psvi ? (size_t)(uintptr_t)node->psvi : node->line;
}
