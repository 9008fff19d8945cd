// SPDX-License-Identifier: MIT
// Our own Turtle writer: streaming, constant memory.
//
// Raptor 2.0.15's Turtle serializer is not used because it writes invalid
// Turtle for a literal with a CR and no LF (a raw CR in "..."), rewrites
// "1"^^xsd:boolean as true, writes "1"^^xsd:double bare (which reads back as
// an xsd:integer), and holds the whole graph in memory.
//
// Output: @base (if a base IRI ending in '/' is given) and @prefix lines as
// PREFIX events arrive (Turtle allows them between statements), then one
// block per run of quads with the same subject, predicates joined with ';'
// and objects of the same predicate with ','.  Terms use the escaping of
// write/text_out.h, so any string can be written.  Abbreviations, each only
// where it reads back as the same term:
//   - prefixed names, for local names of ASCII letters, digits, '_', '-'
//     and '.' (not first or last; '-' not first);
//   - IRIs relative to the base, when resolving gives the IRI back;
//   - "a" for rdf:type;
//   - bare integers, decimals, doubles and booleans whose lexical form is
//     exactly Turtle's INTEGER, DECIMAL, DOUBLE or BOOLEAN.
#include "write/escape.h"
#include "write/text_out.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/try.h"

#include <stdbool.h>
#include <string.h>

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define XSD "http://www.w3.org/2001/XMLSchema#"

typedef struct {
  LdxiBuf name;
  LdxiBuf iri;
} Prefix;

typedef struct {
  LdxiTextOut text;
  LdxWorld*   world;
  const char* name;
  LdxiBuf     base; // empty if none is used
  Prefix*     prefixes;
  size_t      n_prefixes;
  size_t      cap_prefixes;
  LdxiBuf     subject;   // of the open statement: kind byte + value
  LdxiBuf     predicate; // of the open statement
  bool        header;    // @base still to be written
  bool        open;      // a statement is open (needs " .")
  bool        gap;       // put a blank line before the next block
} TurtleWriter;

static LdxStatus
put(TurtleWriter* w, const char* s, size_t n)
{
  return ldxi_text_out_put(&w->text, s, n);
}

static bool
is_alpha(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

// --- Abbreviations -----------------------------------------------------------

// A PN_LOCAL made of ASCII letters, digits, '_', '-', '.' (see above).
static bool
local_name_ok(const char* s, size_t len)
{
  for (size_t i = 0; i < len; ++i) {
    const char c = s[i];
    if (is_alpha(c) || is_digit(c) || c == '_') {
      continue;
    }
    if ((c == '-' || c == '.') && i > 0 && (c == '-' || i + 1 < len)) {
      continue;
    }
    return false;
  }
  return true;
}

// True if `rest` (the IRI after the base, which ends in '/') is a relative
// reference that resolves back to base + rest (RFC 3986, section 5.2).
static bool
relative_ok(const char* rest, size_t len)
{
  if (len && rest[0] == '/') { // would replace the base's path
    return false;
  }
  size_t seg = 0;
  for (size_t i = 0; i <= len; ++i) {
    const char c = i < len ? rest[i] : '/';
    if (c == '?' || c == '#') {
      break; // what follows is not path
    }
    if (c == ':' && !memchr(rest, '/', i)) {
      return false; // would read as a scheme
    }
    if (c == '/') {
      const size_t n = i - seg;
      if ((n == 1 && rest[seg] == '.') ||
          (n == 2 && rest[seg] == '.' && rest[seg + 1] == '.')) {
        return false; // dot segments are removed when resolving
      }
      seg = i + 1;
    }
  }
  return true;
}

static LdxStatus
write_iri(TurtleWriter* w, LdxStr iri)
{
  LdxStatus     st   = LDX_SUCCESS;
  const Prefix* best = NULL;
  for (size_t i = 0; i < w->n_prefixes; ++i) {
    const Prefix* p = &w->prefixes[i];
    if (iri.len >= p->iri.len && !memcmp(iri.buf, p->iri.data, p->iri.len) &&
        local_name_ok(iri.buf + p->iri.len, iri.len - p->iri.len) &&
        (!best || p->iri.len > best->iri.len)) {
      best = p;
    }
  }
  if (best) {
    TRY(st, put(w, ldxi_buf_cstr(&best->name), best->name.len));
    TRY(st, put(w, ":", 1));
    return put(w, iri.buf + best->iri.len, iri.len - best->iri.len);
  }

  const LdxiBuf* base = &w->base;
  if (base->len && iri.len >= base->len &&
      !memcmp(iri.buf, base->data, base->len) &&
      relative_ok(iri.buf + base->len, iri.len - base->len)) {
    const LdxStr rest = { iri.buf + base->len, iri.len - base->len };
    TRY(st, put(w, "<", 1));
    TRY(st, ldxi_text_out_iri_body(&w->text, rest));
    return put(w, ">", 1);
  }
  return ldxi_text_out_iri(&w->text, iri);
}

static bool
digits(const char* s, size_t len, size_t* i)
{
  const size_t start = *i;
  while (*i < len && is_digit(s[*i])) {
    ++*i;
  }
  return *i > start;
}

// Which of Turtle's bare literals `s` is exactly: an XSD local name or NULL.
static const char*
bare_literal_type(const char* s, size_t len)
{
  if ((len == 4 && !memcmp(s, "true", 4)) ||
      (len == 5 && !memcmp(s, "false", 5))) {
    return "boolean";
  }
  size_t i = 0;
  if (i < len && (s[i] == '+' || s[i] == '-')) {
    ++i;
  }
  const bool int_part = digits(s, len, &i);
  bool       dot      = false;
  bool       frac     = false;
  if (i < len && s[i] == '.') {
    ++i;
    dot  = true;
    frac = digits(s, len, &i);
  }
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < len && (s[i] == '+' || s[i] == '-')) {
      ++i;
    }
    return (int_part || frac) && digits(s, len, &i) && i == len ? "double"
                                                                : NULL;
  }
  if (i != len) {
    return NULL;
  }
  if (!dot) {
    return int_part ? "integer" : NULL;
  }
  return frac ? "decimal" : NULL;
}

static LdxStatus
write_literal(TurtleWriter* w, const LdxTerm* term)
{
  LdxStatus    st = LDX_SUCCESS;
  const LdxStr dt = term->datatype;
  if (!term->language.len && dt.len > sizeof(XSD) - 1 &&
      !memcmp(dt.buf, XSD, sizeof(XSD) - 1)) {
    const char* bare = bare_literal_type(term->value.buf, term->value.len);
    if (bare && strlen(bare) == dt.len - (sizeof(XSD) - 1) &&
        !memcmp(dt.buf + sizeof(XSD) - 1, bare, strlen(bare))) {
      return put(w, term->value.buf, term->value.len);
    }
  }
  TRY(st, ldxi_text_out_string(&w->text, term->value));
  if (term->language.len) { // syntax checked by writer.c
    TRY(st, put(w, "@", 1));
    return put(w, term->language.buf, term->language.len);
  }
  if (dt.len && !ldxi_is_xsd_string(dt)) {
    TRY(st, put(w, "^^", 2));
    return write_iri(w, dt);
  }
  return LDX_SUCCESS;
}

static LdxStatus
write_term(TurtleWriter* w, const LdxTerm* term)
{
  switch (term->type) {
    case LDX_TERM_IRI:
      return write_iri(w, term->value);
    case LDX_TERM_BLANK:
      return ldxi_text_out_blank(&w->text, term->value);
    case LDX_TERM_LITERAL:
      return write_literal(w, term);
  }
  return LDX_BAD_ARG;
}

// --- Statements ----------------------------------------------------------

// Write @base before anything else (not at creation: that must not fail on
// a write).
static LdxStatus
begin(TurtleWriter* w)
{
  LdxStatus st = LDX_SUCCESS;
  if (w->header) {
    w->header = false;
    w->gap    = true;
    TRY(st, put(w, "@base ", 6));
    const LdxStr base = { w->base.data, w->base.len };
    TRY(st, ldxi_text_out_iri(&w->text, base));
    return put(w, " .\n", 3);
  }
  return st;
}

static bool
same_term(const LdxiBuf* prev, const LdxTerm* term)
{
  return prev->len == term->value.len + 1 &&
         prev->data[0] == (char)term->type &&
         !memcmp(prev->data + 1, term->value.buf, term->value.len);
}

static LdxStatus
remember(LdxiBuf* buf, const LdxTerm* term)
{
  LdxStatus st = LDX_SUCCESS;
  ldxi_buf_clear(buf);
  TRY(st, ldxi_buf_putc(buf, (char)term->type));
  return ldxi_buf_append(buf, term->value.buf, term->value.len);
}

static LdxStatus
close_statement(TurtleWriter* w)
{
  if (!w->open) {
    return LDX_SUCCESS;
  }
  w->open = false;
  w->gap  = true;
  return put(w, " .\n", 3);
}

static LdxStatus
write_predicate(TurtleWriter* w, const LdxTerm* predicate)
{
  const LdxStr iri = predicate->value;
  if (iri.len == sizeof(RDF_TYPE) - 1 && !memcmp(iri.buf, RDF_TYPE, iri.len)) {
    return put(w, "a", 1);
  }
  return write_iri(w, iri);
}

static LdxStatus
write_triple(TurtleWriter* w, const LdxQuad* quad)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, begin(w));
  if (w->open && same_term(&w->subject, quad->subject)) {
    if (same_term(&w->predicate, quad->predicate)) {
      TRY(st, put(w, ", ", 2));
      return write_term(w, quad->object);
    }
    TRY(st, put(w, " ;\n    ", 7));
  } else {
    TRY(st, close_statement(w));
    if (w->gap) {
      TRY(st, put(w, "\n", 1));
      w->gap = false;
    }
    TRY(st, remember(&w->subject, quad->subject));
    TRY(st, write_term(w, quad->subject));
    TRY(st, put(w, " ", 1));
    w->open = true;
  }
  TRY(st, remember(&w->predicate, quad->predicate));
  TRY(st, write_predicate(w, quad->predicate));
  TRY(st, put(w, " ", 1));
  return write_term(w, quad->object);
}

static LdxStatus
declare_prefix(TurtleWriter* w, LdxStr name, LdxStr iri)
{
  if (!ldxi_prefix_name_ok(name) || !ldxi_utf8_is_valid(iri.buf, iri.len)) {
    ldxi_warning(w->world,
                 NULL,
                 "%s output: ignoring the prefix \"%.*s\"",
                 w->name,
                 name.len > 64 ? 64 : (int)name.len,
                 name.buf);
    return LDX_SUCCESS;
  }
  LdxStatus st = LDX_SUCCESS;
  Prefix*   p  = NULL;
  for (size_t i = 0; i < w->n_prefixes && !p; ++i) {
    if (w->prefixes[i].name.len == name.len &&
        !memcmp(w->prefixes[i].name.data, name.buf, name.len)) {
      p = &w->prefixes[i]; // redefined: later names use the new IRI
    }
  }
  if (!p) {
    if (ldxi_grow(w->world,
                  (void**)&w->prefixes,
                  &w->cap_prefixes,
                  w->n_prefixes + 1,
                  sizeof(Prefix))) {
      return LDX_BAD_ALLOC;
    }
    p = &w->prefixes[w->n_prefixes];
    ldxi_buf_init(&p->name, w->world, 0);
    ldxi_buf_init(&p->iri, w->world, 0);
    ++w->n_prefixes;
    TRY(st, ldxi_buf_append(&p->name, name.buf, name.len));
  }
  ldxi_buf_clear(&p->iri);
  TRY(st, ldxi_buf_append(&p->iri, iri.buf, iri.len));

  TRY(st, begin(w));
  TRY(st, close_statement(w));
  TRY(st, put(w, "@prefix ", 8));
  TRY(st, put(w, name.buf, name.len));
  TRY(st, put(w, ": ", 2));
  TRY(st, ldxi_text_out_iri(&w->text, iri));
  w->gap = true;
  return put(w, " .\n", 3);
}

// --- The class ------------------------------------------------------------

static void
turtle_free(void* impl)
{
  TurtleWriter* const w = (TurtleWriter*)impl;
  if (!w) {
    return;
  }
  for (size_t i = 0; i < w->n_prefixes; ++i) {
    ldxi_buf_free(&w->prefixes[i].name);
    ldxi_buf_free(&w->prefixes[i].iri);
  }
  ldxi_free(w->world, w->prefixes);
  ldxi_buf_free(&w->subject);
  ldxi_buf_free(&w->predicate);
  ldxi_buf_free(&w->base);
  ldxi_text_out_free(&w->text);
  ldxi_free(w->world, w);
}

static LdxStatus
turtle_new(const LdxiWriterConfig* config, void** impl)
{
  LdxWorld* const     world = config->world;
  TurtleWriter* const w =
    (TurtleWriter*)ldxi_calloc(world, 1, sizeof(TurtleWriter));
  if (!w) {
    return LDX_BAD_ALLOC;
  }
  w->world = world;
  w->name  = config->format->name;
  ldxi_buf_init(&w->subject, world, 0);
  ldxi_buf_init(&w->predicate, world, 0);
  ldxi_buf_init(&w->base, world, 0);
  LdxStatus st =
    ldxi_text_out_init(&w->text, world, config->out, config->buffer_size);

  // Relative IRIs only against a base whose path ends in '/', with no
  // query or fragment: then a relative path is the plain suffix.
  const LdxStr base = ldx_str(config->base_iri);
  if (!st && base.len && base.buf[base.len - 1] == '/' &&
      memchr(base.buf, ':', base.len) && !memchr(base.buf, '?', base.len) &&
      !memchr(base.buf, '#', base.len) &&
      ldxi_utf8_is_valid(base.buf, base.len)) {
    st        = ldxi_buf_append(&w->base, base.buf, base.len);
    w->header = true;
  }
  if (st) {
    turtle_free(w);
    return st;
  }
  *impl = w;
  return LDX_SUCCESS;
}

static LdxStatus
turtle_sink(void* impl, const LdxEvent* event)
{
  TurtleWriter* const w  = (TurtleWriter*)impl;
  LdxStatus           st = LDX_SUCCESS;
  switch (event->type) {
    case LDX_EVENT_QUAD:
      return write_triple(w, &event->u.quad);
    case LDX_EVENT_PREFIX:
      return declare_prefix(w, event->u.prefix.name, event->u.prefix.iri);
    case LDX_EVENT_END:
      TRY(st, begin(w));
      TRY(st, close_statement(w));
      return ldxi_text_out_flush(&w->text);
  }
  return LDX_SUCCESS;
}

static LdxStatus
turtle_finish(void* impl)
{
  TurtleWriter* const w  = (TurtleWriter*)impl;
  LdxStatus           st = LDX_SUCCESS;
  ldxi_text_out_warn_replaced(&w->text, w->name);
  TRY(st, begin(w));
  TRY(st, close_statement(w));
  return ldxi_text_out_flush(&w->text);
}

const LdxiWriterClass ldxi_turtle_writer_class = { "turtle",    turtle_new,
                                                   turtle_sink, turtle_finish,
                                                   turtle_free, NULL };
