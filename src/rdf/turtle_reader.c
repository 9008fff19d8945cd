// SPDX-License-Identifier: MIT
// The Turtle grammar (W3C Turtle 1.1, section 6.5) over the terminals of
// turtle_lexer.c, by recursive descent.  Term text lives on a stack that is
// cut back when a term is no longer needed; triples are reported as soon
// as their three terms are known, so the outer triple of a [ ] or ( )
// object comes before the triples inside it.
#include "rdf/turtle_reader.h"

#include "core/diag.h"
#include "core/try.h"
#include "rdf/iri.h"
#include "rdf/turtle_lexer.h"

#include <stdio.h>
#include <string.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD "http://www.w3.org/2001/XMLSchema#"

// Nesting limit whatever the world says, so that a huge max_depth cannot
// overflow the C stack: a level costs about 400 bytes (800 with
// AddressSanitizer), so 4096 levels stay under 4 MiB.
#define HARD_MAX_DEPTH 4096u

#define DEFAULT_MAX_DEPTH 512u

// Helpers off the recursion path stay out of line, so that their locals
// do not add to every level of nesting.
#ifdef __GNUC__
#  define NOINLINE __attribute__((noinline))
#else
#  define NOINLINE
#endif

static LdxStatus
read_pol(LdxiTtlReader* r, const LdxiTtlTerm* subject);

static LdxStatus
read_object(LdxiTtlReader*     r,
            const LdxiTtlTerm* subject,
            const LdxiTtlTerm* predicate);

static void
set_fixed_iri(LdxiTtlTerm* term, const char* iri, const LdxCaret* caret)
{
  memset(term, 0, sizeof(*term));
  term->type  = LDX_TERM_IRI;
  term->value = ldxi_ttl_fixed(iri);
  term->caret = *caret;
}

static void
to_read_term(const LdxiTtlReader* r,
             const LdxiTtlTerm*   in,
             LdxiReadTerm*        out,
             char*                label,
             size_t               label_size)
{
  out->type      = in->type;
  out->caret     = in->caret;
  out->datatype  = ldxi_ttl_view(r, in->datatype);
  out->language  = ldxi_ttl_view(r, in->language);
  out->generated = in->genid != 0;
  if (in->genid) {
    const int n = snprintf(label, label_size, "genid%lu", in->genid);
    out->value  = (LdxStr){ label, (size_t)n };
  } else {
    out->value = ldxi_ttl_view(r, in->value);
  }
}

NOINLINE static LdxStatus
emit(LdxiTtlReader*     r,
     const LdxiTtlTerm* subject,
     const LdxiTtlTerm* predicate,
     const LdxiTtlTerm* object)
{
  char         labels[3][32];
  LdxiReadTerm s;
  LdxiReadTerm p;
  LdxiReadTerm o;
  to_read_term(r, subject, &s, labels[0], sizeof(labels[0]));
  to_read_term(r, predicate, &p, labels[1], sizeof(labels[1]));
  to_read_term(r, object, &o, labels[2], sizeof(labels[2]));
  return r->opts->on_triple(r->opts->handle, &s, &p, &o);
}

// Enter a '[' or '(' at `caret`.
NOINLINE static LdxStatus
enter(LdxiTtlReader* r, const LdxCaret* caret)
{
  if (++r->depth > r->max_depth) {
    return ldxi_error(r->world,
                      LDX_BAD_LIMIT,
                      caret,
                      "nesting deeper than %zu levels of '[' and '('",
                      r->max_depth);
  }
  return LDX_SUCCESS;
}

// Expect `c` at the cursor (after white space) and step over it.
NOINLINE static LdxStatus
expect(LdxiTtlReader* r, int c, const char* what)
{
  ldxi_ttl_skip_ws(r);
  if (ldxi_ttl_peek(r, 0) != c) {
    return ldxi_ttl_expected(r, what);
  }
  ldxi_ttl_advance(r, 1);
  return LDX_SUCCESS;
}

static bool
starts_literal(const LdxiTtlReader* r)
{
  const int c = ldxi_ttl_peek(r, 0);
  return c == '"' || c == '\'' || ldxi_ttl_at_number(r);
}

static bool
starts_blank(const LdxiTtlReader* r)
{
  return ldxi_ttl_peek(r, 0) == '[' ||
         (ldxi_ttl_peek(r, 0) == '_' && ldxi_ttl_peek(r, 1) == ':');
}

NOINLINE static LdxStatus
word_error(LdxiTtlReader* r, size_t n, const char* what)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  return ldxi_ttl_error(r,
                        &caret,
                        "expected %s, found '%.*s' (a prefixed name needs ':')",
                        what,
                        (int)n,
                        (const char*)r->text + r->pos);
}

/*
 * Collections and blank node property lists
 */

// Whether an element of a collection may start at the cursor.
static bool
starts_element(const LdxiTtlReader* r)
{
  const int c = ldxi_ttl_peek(r, 0);
  if (c == '.') {
    return ldxi_ttl_at_number(r);
  }
  return c >= 0 && !strchr(";,]}", c);
}

// After an element: (cell rdf:rest next) and cell = next, or (cell rdf:rest
// rdf:nil) at ')' and *done.
NOINLINE static LdxStatus
link_cell(LdxiTtlReader* r, LdxiTtlTerm* cell, bool* done)
{
  ldxi_ttl_skip_ws(r);
  const LdxCaret caret = ldxi_ttl_caret(r);
  LdxiTtlTerm    rest;
  LdxiTtlTerm    next;
  set_fixed_iri(&rest, RDF "rest", &caret);
  *done = ldxi_ttl_peek(r, 0) == ')';
  if (*done) {
    set_fixed_iri(&next, RDF "nil", &caret);
    ldxi_ttl_advance(r, 1);
  } else {
    ldxi_ttl_genid(r, &caret, &next);
  }
  const LdxStatus st = emit(r, cell, &rest, &next);
  *cell              = next;
  return st;
}

// collection ::= '(' object* ')', at the cursor.  Its head (rdf:nil when
// empty) goes to *head if not NULL; with a subject, (subject predicate
// head) is reported before the list's own triples.
static LdxStatus
read_collection(LdxiTtlReader*     r,
                LdxiTtlTerm*       head,
                const LdxiTtlTerm* subject,
                const LdxiTtlTerm* predicate)
{
  const LdxCaret open = ldxi_ttl_caret(r);
  LdxStatus      st   = LDX_SUCCESS;
  LdxiTtlTerm    cell; // the head, then each cell in turn
  TRY(st, enter(r, &open));
  ldxi_ttl_advance(r, 1);
  ldxi_ttl_skip_ws(r);
  const bool empty = ldxi_ttl_peek(r, 0) == ')';
  if (empty) {
    ldxi_ttl_advance(r, 1);
    set_fixed_iri(&cell, RDF "nil", &open);
  } else {
    ldxi_ttl_genid(r, &open, &cell);
  }
  if (head) {
    *head = cell;
  }
  if (subject) {
    TRY(st, emit(r, subject, predicate, &cell));
  }
  for (bool done = empty; !done;) {
    if (!starts_element(r)) {
      return ldxi_ttl_expected(r, "an object or ')' in the collection");
    }
    const LdxCaret caret = ldxi_ttl_caret(r);
    LdxiTtlTerm    first;
    set_fixed_iri(&first, RDF "first", &caret);
    TRY(st, read_object(r, &cell, &first));
    TRY(st, link_cell(r, &cell, &done));
  }
  --r->depth;
  return LDX_SUCCESS;
}

// The inside of '[' ... ']' after the '[': ANON or a property list.
static LdxStatus
read_property_list(LdxiTtlReader* r, const LdxiTtlTerm* node)
{
  LdxStatus st = LDX_SUCCESS;
  ldxi_ttl_skip_ws(r);
  if (ldxi_ttl_peek(r, 0) != ']') {
    TRY(st, read_pol(r, node));
    TRY(st, expect(r, ']', "']' or ';' after the object"));
  } else {
    ldxi_ttl_advance(r, 1);
  }
  --r->depth;
  return LDX_SUCCESS;
}

/*
 * Terms
 */

// literal ::= RDFLiteral | NumericLiteral | BooleanLiteral (not booleans)
NOINLINE static LdxStatus
read_literal(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  LdxStatus st = LDX_SUCCESS;
  if (ldxi_ttl_at_number(r)) {
    return ldxi_ttl_read_number(r, term);
  }
  TRY(st, ldxi_ttl_read_string(r, term));
  ldxi_ttl_skip_ws(r);
  const int c = ldxi_ttl_peek(r, 0);
  if (c == '@') {
    return ldxi_ttl_read_langtag(r, term);
  }
  if (c == '^') {
    if (ldxi_ttl_peek(r, 1) != '^') {
      return ldxi_ttl_expected(r, "'^^'");
    }
    ldxi_ttl_advance(r, 2);
    ldxi_ttl_skip_ws(r);
    LdxiTtlTerm datatype;
    TRY(st, ldxi_ttl_read_iri(r, &datatype, "a datatype IRI after '^^'"));
    term->datatype = datatype.value;
  }
  return LDX_SUCCESS;
}

// The object at the cursor when it is not a [ ] or ( ): read it and
// report (subject predicate object).
NOINLINE static LdxStatus
read_simple_object(LdxiTtlReader*     r,
                   const LdxiTtlTerm* subject,
                   const LdxiTtlTerm* predicate)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  const size_t   mark  = r->stack.len;
  const int      c     = ldxi_ttl_peek(r, 0);
  LdxStatus      st    = LDX_SUCCESS;
  LdxiTtlTerm    object;
  if (c == '<') {
    st = ldxi_ttl_read_iriref(r, &object);
  } else if (c == '_' && ldxi_ttl_peek(r, 1) == ':') {
    st = ldxi_ttl_read_blank(r, &object);
  } else if (starts_literal(r)) {
    st = read_literal(r, &object);
  } else {
    const size_t n = ldxi_ttl_scan_prefix(r);
    if (ldxi_ttl_peek(r, n) == ':') {
      st = ldxi_ttl_read_pname(r, n, &object);
    } else if ((n == 4 && !memcmp(r->text + r->pos, "true", 4)) ||
               (n == 5 && !memcmp(r->text + r->pos, "false", 5))) {
      set_fixed_iri(&object, n == 4 ? "true" : "false", &caret);
      object.type     = LDX_TERM_LITERAL;
      object.datatype = ldxi_ttl_fixed(XSD "boolean");
      ldxi_ttl_advance(r, n);
    } else if (n) {
      return word_error(r, n, "an object");
    } else {
      return ldxi_ttl_expected(r, "an object");
    }
  }
  if (!st) {
    st = emit(r, subject, predicate, &object);
  }
  r->stack.len = mark;
  return st;
}

// blankNodePropertyList as an object, '[' at the cursor.
NOINLINE static LdxStatus
read_blank_object(LdxiTtlReader*     r,
                  const LdxiTtlTerm* subject,
                  const LdxiTtlTerm* predicate)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  LdxStatus      st    = LDX_SUCCESS;
  LdxiTtlTerm    node;
  TRY(st, enter(r, &caret));
  ldxi_ttl_advance(r, 1);
  ldxi_ttl_genid(r, &caret, &node);
  TRY(st, emit(r, subject, predicate, &node));
  return read_property_list(r, &node);
}

// object ::= iri | BlankNode | collection | blankNodePropertyList | literal
// The triple (subject predicate object) is reported here.  This is on the
// path of every nesting level, so it keeps no term of its own.
static LdxStatus
read_object(LdxiTtlReader*     r,
            const LdxiTtlTerm* subject,
            const LdxiTtlTerm* predicate)
{
  const int c = ldxi_ttl_peek(r, 0);
  if (c == '[') {
    return read_blank_object(r, subject, predicate);
  }
  if (c == '(') {
    return read_collection(r, NULL, subject, predicate);
  }
  return read_simple_object(r, subject, predicate);
}

// verb ::= predicate | 'a'
NOINLINE static LdxStatus
read_verb(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  const int    c = ldxi_ttl_peek(r, 0);
  const size_t n = ldxi_ttl_scan_prefix(r);
  if (c == '<') {
    return ldxi_ttl_read_iriref(r, term);
  }
  if (ldxi_ttl_peek(r, n) == ':') {
    return ldxi_ttl_read_pname(r, n, term);
  }
  if (n == 1 && c == 'a') {
    const LdxCaret caret = ldxi_ttl_caret(r);
    set_fixed_iri(term, RDF "type", &caret);
    ldxi_ttl_advance(r, 1);
    return LDX_SUCCESS;
  }
  if (n) {
    return word_error(r, n, "a predicate");
  }
  const LdxCaret caret = ldxi_ttl_caret(r);
  if (starts_blank(r)) {
    return ldxi_ttl_error(r, &caret, "a blank node cannot be a predicate");
  }
  if (starts_literal(r)) {
    return ldxi_ttl_error(r, &caret, "a literal cannot be a predicate");
  }
  if (c == '(') {
    return ldxi_ttl_error(r, &caret, "a collection cannot be a predicate");
  }
  return ldxi_ttl_expected(r, "a predicate (an IRI or 'a')");
}

// predicateObjectList ::= verb objectList (';' (verb objectList)?)*
static LdxStatus
read_pol(LdxiTtlReader* r, const LdxiTtlTerm* subject)
{
  LdxStatus st = LDX_SUCCESS;
  for (;;) {
    const size_t mark = r->stack.len;
    LdxiTtlTerm  predicate;
    ldxi_ttl_skip_ws(r);
    TRY(st, read_verb(r, &predicate));
    for (;;) { // objectList ::= object (',' object)*
      ldxi_ttl_skip_ws(r);
      TRY(st, read_object(r, subject, &predicate));
      ldxi_ttl_skip_ws(r);
      if (ldxi_ttl_peek(r, 0) != ',') {
        break;
      }
      ldxi_ttl_advance(r, 1);
    }
    r->stack.len = mark;
    if (ldxi_ttl_peek(r, 0) != ';') {
      return LDX_SUCCESS;
    }
    while (ldxi_ttl_peek(r, 0) == ';') {
      ldxi_ttl_advance(r, 1);
      ldxi_ttl_skip_ws(r);
    }
    const int c = ldxi_ttl_peek(r, 0);
    if (c == '.' || c == ']' || c == LDXI_TTL_EOF) {
      return LDX_SUCCESS;
    }
  }
}

/*
 * Statements
 */

// triples ::= subject predicateObjectList
//           | blankNodePropertyList predicateObjectList?
static LdxStatus
read_triples_at(LdxiTtlReader* r)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  const int      c     = ldxi_ttl_peek(r, 0);
  LdxStatus      st    = LDX_SUCCESS;
  LdxiTtlTerm    subject;
  bool           need_pol = true;
  if (c == '[') {
    TRY(st, enter(r, &caret));
    ldxi_ttl_advance(r, 1);
    ldxi_ttl_skip_ws(r);
    ldxi_ttl_genid(r, &caret, &subject);
    need_pol = ldxi_ttl_peek(r, 0) == ']'; // [] is a plain subject
    TRY(st, read_property_list(r, &subject));
  } else if (c == '(') {
    TRY(st, read_collection(r, &subject, NULL, NULL));
  } else if (c == '<') {
    TRY(st, ldxi_ttl_read_iriref(r, &subject));
  } else if (c == '_' && ldxi_ttl_peek(r, 1) == ':') {
    TRY(st, ldxi_ttl_read_blank(r, &subject));
  } else {
    const size_t n = ldxi_ttl_scan_prefix(r);
    if (ldxi_ttl_peek(r, n) == ':') {
      TRY(st, ldxi_ttl_read_pname(r, n, &subject));
    } else if (n) {
      return word_error(r, n, "a subject");
    } else if (starts_literal(r)) {
      return ldxi_ttl_error(r, &caret, "a literal cannot be a subject");
    } else {
      return ldxi_ttl_expected(
        r, "a subject (an IRI, a blank node or a collection)");
    }
  }
  ldxi_ttl_skip_ws(r);
  if (need_pol || ldxi_ttl_peek(r, 0) != '.') {
    TRY(st, read_pol(r, &subject));
    return expect(r, '.', "'.' or ';' after the object");
  }
  return expect(r, '.', "'.' after the statement");
}

static LdxStatus
read_triples(LdxiTtlReader* r)
{
  const size_t    mark = r->stack.len;
  const LdxStatus st   = read_triples_at(r);
  r->stack.len         = mark;
  return st;
}

// prefixID ::= '@prefix' PNAME_NS IRIREF '.'  /  sparqlPrefix, after the
// keyword of `keyword_len` bytes.
static LdxStatus
read_prefix(LdxiTtlReader* r, size_t keyword_len, bool sparql)
{
  LdxStatus st = LDX_SUCCESS;
  ldxi_ttl_advance(r, keyword_len);
  ldxi_ttl_skip_ws(r);
  const size_t n = ldxi_ttl_scan_prefix(r);
  if (ldxi_ttl_peek(r, n) != ':') {
    return n ? word_error(r, n, "a prefix name ending in ':'")
             : ldxi_ttl_expected(r, "a prefix name ending in ':'");
  }
  const LdxStr name = { (const char*)r->text + r->pos, n };
  ldxi_ttl_advance(r, n + 1);
  ldxi_ttl_skip_ws(r);
  if (ldxi_ttl_peek(r, 0) != '<') {
    return ldxi_ttl_expected(r, "an IRI in angle brackets after the prefix");
  }
  const size_t mark = r->stack.len;
  LdxiTtlTerm  iri;
  TRY(st, ldxi_ttl_read_iriref(r, &iri));
  const LdxStr value = ldxi_ttl_view(r, iri.value);
  st                 = ldxi_ttl_set_prefix(r, name, value);
  if (!st && r->opts->on_prefix) {
    st = r->opts->on_prefix(r->opts->handle, name, value);
  }
  r->stack.len = mark;
  if (st || sparql) {
    return st;
  }
  return expect(r, '.', "'.' after the @prefix directive");
}

// base ::= '@base' IRIREF '.'  /  sparqlBase
static LdxStatus
read_base(LdxiTtlReader* r, size_t keyword_len, bool sparql)
{
  LdxStatus st = LDX_SUCCESS;
  ldxi_ttl_advance(r, keyword_len);
  ldxi_ttl_skip_ws(r);
  if (ldxi_ttl_peek(r, 0) != '<') {
    return ldxi_ttl_expected(r, "an IRI in angle brackets after the base");
  }
  const size_t mark = r->stack.len;
  LdxiTtlTerm  iri;
  TRY(st, ldxi_ttl_read_iriref(r, &iri));
  const LdxStr value = ldxi_ttl_view(r, iri.value);
  ldxi_buf_clear(&r->base);
  st           = ldxi_buf_append(&r->base, value.buf, value.len);
  r->stack.len = mark;
  if (st || sparql) {
    return st;
  }
  return expect(r, '.', "'.' after the @base directive");
}

// statement ::= directive | triples '.'
static LdxStatus
read_statement(LdxiTtlReader* r)
{
  const int c = ldxi_ttl_peek(r, 0);
  if (c == '@') {
    size_t k = 1;
    int    d = 0;
    while (((d = ldxi_ttl_peek(r, k)) >= 'a' && d <= 'z') ||
           (d >= 'A' && d <= 'Z')) {
      ++k;
    }
    const char* word = (const char*)r->text + r->pos + 1;
    if (k == 7 && !memcmp(word, "prefix", 6)) {
      return read_prefix(r, k, false);
    }
    if (k == 5 && !memcmp(word, "base", 4)) {
      return read_base(r, k, false);
    }
    const LdxCaret caret = ldxi_ttl_caret(r);
    return ldxi_ttl_error(
      r,
      &caret,
      "unknown directive '@%.*s' (expected @prefix or @base)",
      (int)(k - 1),
      word);
  }
  // SPARQL-style keywords, case-insensitive, unless a prefixed name.
  const size_t n = ldxi_ttl_scan_prefix(r);
  if (n && ldxi_ttl_peek(r, n) != ':') {
    if (ldxi_ttl_word_is(r, n, "prefix")) {
      return read_prefix(r, n, true);
    }
    if (ldxi_ttl_word_is(r, n, "base")) {
      return read_base(r, n, true);
    }
  }
  return read_triples(r);
}

LdxStatus
ldxi_turtle_read(LdxWorld*                world,
                 const char*              text,
                 size_t                   len,
                 const LdxiTurtleOptions* options)
{
  if (!options || !options->on_triple || (!text && len) ||
      (options->base_iri &&
       !ldxi_iri_has_scheme(options->base_iri, strlen(options->base_iri)))) {
    return LDX_BAD_ARG;
  }
  LdxiTtlReader r;
  ldxi_ttl_reader_init(&r, world, text, len, options);
  r.max_depth = world ? ldx_world_limits(world).max_depth : DEFAULT_MAX_DEPTH;
  if (r.max_depth > HARD_MAX_DEPTH) {
    r.max_depth = HARD_MAX_DEPTH;
  }

  LdxStatus st = LDX_SUCCESS;
  if (options->base_iri) {
    st = ldxi_buf_puts(&r.base, options->base_iri);
  }
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
    r.pos = 3; // a byte order mark takes no column
  }
  while (!st) {
    ldxi_ttl_skip_ws(&r);
    if (ldxi_ttl_peek(&r, 0) == LDXI_TTL_EOF) {
      break;
    }
    st = read_statement(&r);
  }
  ldxi_ttl_reader_free(&r);
  return st;
}
