// SPDX-License-Identifier: MIT
// Compile the mapping graph (current RML; legacy terms were rewritten when
// loaded) into a plan, checking everything that can be checked before any
// data is read.
#include "mapping/compile.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "mapping/template.h"
#include "mapping/vocab.h"
#include "rdf/iri.h"
#include "rdf/langtag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

// The vocabulary the compiler looks up, as node ids of the graph (0 when
// the mapping does not use a term).
#define VOCAB(X)                                                \
  X(type, LDX_RDF "type")                                       \
  X(TriplesMap, LDX_RML "TriplesMap")                           \
  X(logicalSource, LDX_RML "logicalSource")                     \
  X(logicalTable, LDX_RML "logicalTable")                       \
  X(source, LDX_RML "source")                                   \
  X(path, LDX_RML "path")                                       \
  X(root, LDX_RML "root")                                       \
  X(MappingDirectory, LDX_RML "MappingDirectory")               \
  X(CurrentWorkingDirectory, LDX_RML "CurrentWorkingDirectory") \
  X(referenceFormulation, LDX_RML "referenceFormulation")       \
  X(iterator, LDX_RML "iterator")                               \
  X(JSONPath, LDX_RML "JSONPath")                               \
  X(accessURL, LDX_DCAT "accessURL")                            \
  X(subjectMap, LDX_RML "subjectMap")                           \
  X(subject, LDX_RML "subject")                                 \
  X(predicateObjectMap, LDX_RML "predicateObjectMap")           \
  X(predicate, LDX_RML "predicate")                             \
  X(predicateMap, LDX_RML "predicateMap")                       \
  X(object, LDX_RML "object")                                   \
  X(objectMap, LDX_RML "objectMap")                             \
  X(graph, LDX_RML "graph")                                     \
  X(graphMap, LDX_RML "graphMap")                               \
  X(constant, LDX_RML "constant")                               \
  X(reference, LDX_RML "reference")                             \
  X(template_, LDX_RML "template")                              \
  X(termType, LDX_RML "termType")                               \
  X(IRI, LDX_RML "IRI")                                         \
  X(URI, LDX_RML "URI")                                         \
  X(UnsafeIRI, LDX_RML "UnsafeIRI")                             \
  X(BlankNode, LDX_RML "BlankNode")                             \
  X(Literal, LDX_RML "Literal")                                 \
  X(class_, LDX_RML "class")                                    \
  X(datatype, LDX_RML "datatype")                               \
  X(datatypeMap, LDX_RML "datatypeMap")                         \
  X(language, LDX_RML "language")                               \
  X(languageMap, LDX_RML "languageMap")                         \
  X(parentTriplesMap, LDX_RML "parentTriplesMap")               \
  X(joinCondition, LDX_RML "joinCondition")                     \
  X(child, LDX_RML "child")                                     \
  X(parent, LDX_RML "parent")                                   \
  X(childMap, LDX_RML "childMap")                               \
  X(parentMap, LDX_RML "parentMap")                             \
  X(baseIRI, LDX_RML "baseIRI")

typedef struct {
#define FIELD(name, iri) LdxiNodeId name;
  VOCAB(FIELD)
#undef FIELD
} Vocab;

// Where a term map sits; decides allowed term types and defaults.
typedef enum {
  POS_SUBJECT,
  POS_PREDICATE,
  POS_OBJECT,
  POS_GRAPH,
  POS_DATATYPE,
  POS_LANGUAGE,
  POS_JOIN, // child or parent map of a join condition
} Position;

static const char* const position_names[] = {
  "subject map",  "predicate map", "object map", "graph map",
  "datatype map", "language map",  "join map",
};

typedef struct {
  LdxiNodeId      node;
  LdxiTriplesMap* map;
} MapNode;

typedef struct {
  LdxiNodeId         node;
  LdxiLogicalSource* source;
} SourceNode;

typedef struct {
  LdxWorld*        world;
  const LdxiGraph* g;
  LdxiPlan*        plan;
  Vocab            v;
  LdxStatus        status; // first error
  MapNode*         maps;
  size_t           n_maps;
  SourceNode*      sources;
  size_t           n_sources;
  size_t           cap_sources;
  size_t           cap_plan_sources;
  size_t           n_blank_maps;
  LdxiBuf          name_buf; // node_name() only
} Ctx;

// ---------------------------------------------------------------------------
// Diagnostics

static LdxStatus
note_status(Ctx* ctx, LdxStatus st)
{
  if (st && !ctx->status) {
    ctx->status = st;
  }
  return st;
}

LDX_LOG_FUNC(4, 5)
static LdxStatus
error_at(Ctx* ctx, LdxStatus st, const LdxCaret* caret, const char* fmt, ...)
{
  char    msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  ldxi_error(ctx->world, st, caret, "%s", msg);
  return note_status(ctx, st);
}

static const LdxiNode*
node(const Ctx* ctx, LdxiNodeId id)
{
  return ldxi_graph_node(ctx->g, id);
}

static const LdxCaret*
node_caret(const Ctx* ctx, LdxiNodeId id)
{
  return &node(ctx, id)->caret;
}

// Copy a string into the plan.
static const char*
pstr(Ctx* ctx, const char* s, size_t len)
{
  char* copy = ldxi_arena_strndup(&ctx->plan->arena, s, len);
  if (!copy) {
    note_status(ctx, LDX_BAD_ALLOC);
  }
  return copy;
}

// Format a string into the plan.
LDX_LOG_FUNC(2, 3)
static const char*
pformat(Ctx* ctx, const char* fmt, ...)
{
  char    text[1024];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(text, sizeof(text), fmt, args);
  va_end(args);
  if (n < 0) {
    return NULL;
  }
  return pstr(
    ctx, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
}

// A readable name of a node: "<iri>", or "[ ] at FILE:LINE:COL".
static const char*
node_name(Ctx* ctx, LdxiNodeId id)
{
  const LdxiNode* n   = node(ctx, id);
  LdxiBuf*        buf = &ctx->name_buf;
  ldxi_buf_clear(buf);
  size_t rml = strlen(LDX_RML);
  if (n->type == LDX_TERM_IRI && n->len > rml &&
      !strncmp(n->value, LDX_RML, rml)) {
    ldxi_buf_printf(buf, "rml:%s", n->value + rml);
  } else if (n->type == LDX_TERM_IRI) {
    ldxi_buf_printf(buf, "<%s>", n->value);
  } else if (n->type == LDX_TERM_BLANK && n->caret.file) {
    ldxi_buf_printf(
      buf, "[ ] at %s:%u:%u", n->caret.file, n->caret.line, n->caret.column);
  } else if (n->type == LDX_TERM_BLANK) {
    ldxi_buf_printf(buf, "_:%s", n->value);
  } else {
    ldxi_buf_printf(buf, "\"%s\"", n->value);
  }
  return pstr(ctx, buf->data, buf->len);
}

// ---------------------------------------------------------------------------
// Graph access

static size_t
find(const Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const LdxiTriple** first)
{
  if (!p) {
    *first = NULL;
    return 0;
  }
  return ldxi_graph_find(ctx->g, s, p, first);
}

// The single value of property `p` of `s`: 0 if absent; an error (and the
// first value) if there are several.
static LdxiNodeId
one(Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const LdxCaret** caret)
{
  const LdxiTriple* t = NULL;
  size_t            n = find(ctx, s, p, &t);
  if (!n) {
    return 0;
  }
  if (n > 1) {
    error_at(ctx,
             LDX_BAD_MAPPING,
             &t[1].caret,
             "%s has %zu values for %s; at most one is allowed",
             node_name(ctx, s),
             n,
             node(ctx, p)->value);
  }
  if (caret) {
    *caret = &t[0].caret;
  }
  return t[0].o;
}

static bool
has_type(const Ctx* ctx, LdxiNodeId s, LdxiNodeId type)
{
  const LdxiTriple* t = NULL;
  size_t            n = find(ctx, s, ctx->v.type, &t);
  for (size_t i = 0; i < n; ++i) {
    if (type && t[i].o == type) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// References and templates

static LdxStatus
add_ref(Ctx* ctx, LdxiRef* ref)
{
  LdxiPlan* p = ctx->plan;
  if (ldxi_grow(ctx->world,
                (void**)&p->refs,
                &p->cap_refs,
                p->n_refs + 1,
                sizeof(LdxiRef*))) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  p->refs[p->n_refs++] = ref;
  return LDX_SUCCESS;
}

// Column of a byte offset inside a string literal that starts at `caret`
// (its opening quote); exact for single-line literals without escapes.
static LdxCaret
caret_in_literal(const LdxCaret* caret, size_t offset)
{
  LdxCaret c = *caret;
  if (c.line && c.column) {
    c.column += 1 + (unsigned)offset;
    c.byte += 1 + offset;
  }
  return c;
}

static LdxStatus
compile_ref(Ctx*                     ctx,
            const LdxiLogicalSource* source,
            const char*              text,
            size_t                   len,
            const LdxCaret*          caret,
            size_t                   offset,
            const char*              what,
            LdxiRef*                 ref)
{
  LdxiExprError err      = { 0, "" };
  void*         compiled = NULL;
  ref->text              = pstr(ctx, text, len);
  ref->len               = len;
  ref->caret             = caret_in_literal(caret, offset);
  if (!ref->text) {
    return LDX_BAD_ALLOC;
  }
  LdxStatus st =
    source->ops->compile(ctx->world, text, len, 0, &compiled, &err);
  if (st == LDX_BAD_ALLOC) {
    return note_status(ctx, st);
  }
  if (st) {
    LdxCaret at = caret_in_literal(caret, offset + err.offset);
    return error_at(ctx,
                    st,
                    &at,
                    "invalid %s reference '%s' in %s: %s",
                    source->ops->name,
                    ref->text,
                    what,
                    err.message);
  }
  ref->compiled = compiled;
  ref->ops      = source->ops;
  return add_ref(ctx, ref);
}

static LdxStatus
compile_template(Ctx*                     ctx,
                 const LdxiLogicalSource* source,
                 const LdxiNode*          lit,
                 const LdxCaret*          caret,
                 const char*              what,
                 LdxiTermMap*             tm)
{
  LdxiTemplatePart* parts  = NULL;
  size_t            n      = 0;
  size_t            offset = 0;
  const char*       msg    = NULL;
  LdxStatus         st     = ldxi_template_parse(
    &ctx->plan->arena, lit->value, lit->len, &parts, &n, &offset, &msg);
  if (st == LDX_BAD_ALLOC) {
    return note_status(ctx, st);
  }
  if (st) {
    LdxCaret at = caret_in_literal(caret, offset);
    return error_at(
      ctx, st, &at, "invalid template \"%s\" in %s: %s", lit->value, what, msg);
  }
  tm->segs = (LdxiTemplateSeg*)ldxi_arena_alloc(&ctx->plan->arena,
                                                n * sizeof(LdxiTemplateSeg));
  if (!tm->segs) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  tm->n_segs = n;
  for (size_t i = 0; i < n; ++i) {
    tm->segs[i].literal     = parts[i].literal;
    tm->segs[i].literal_len = parts[i].literal_len;
    tm->segs[i].ref         = NULL;
    if (parts[i].reference) {
      LdxiRef* ref =
        (LdxiRef*)ldxi_arena_alloc(&ctx->plan->arena, sizeof(LdxiRef));
      if (!ref) {
        return note_status(ctx, LDX_BAD_ALLOC);
      }
      memset(ref, 0, sizeof(*ref));
      tm->segs[i].ref = ref;
      if ((st = compile_ref(ctx,
                            source,
                            parts[i].reference,
                            parts[i].reference_len,
                            caret,
                            parts[i].reference_offset,
                            what,
                            ref))) {
        return st;
      }
    }
  }
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Term maps

static bool
is_term_type(const Ctx* ctx, LdxiNodeId id)
{
  const Vocab* v = &ctx->v;
  return id && (id == v->IRI || id == v->URI || id == v->UnsafeIRI ||
                id == v->BlankNode || id == v->Literal);
}

static bool
term_type_allowed(const Ctx* ctx, Position pos, LdxiNodeId tt)
{
  const Vocab* v   = &ctx->v;
  bool         iri = tt == v->IRI || tt == v->URI || tt == v->UnsafeIRI;
  switch (pos) {
    case POS_SUBJECT:
      return iri || tt == v->BlankNode;
    case POS_OBJECT:
      return iri || tt == v->BlankNode || tt == v->Literal;
    case POS_PREDICATE:
    case POS_GRAPH:
    case POS_DATATYPE:
      return iri;
    case POS_LANGUAGE:
    case POS_JOIN:
      return tt == v->Literal;
  }
  return false;
}

// Check a constant term for its position and copy it into the plan.
static LdxStatus
set_constant(Ctx*            ctx,
             Position        pos,
             LdxiNodeId      value,
             const LdxCaret* caret,
             const char*     what,
             LdxiTermMap*    tm)
{
  const LdxiNode* n = node(ctx, value);
  tm->kind          = LDXI_EXPR_CONSTANT;
  if (n->type == LDX_TERM_BLANK) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    caret,
                    "the constant of %s is a blank node; constants must be "
                    "IRIs or literals",
                    what);
  }
  bool need_iri = pos == POS_SUBJECT || pos == POS_PREDICATE ||
                  pos == POS_GRAPH || pos == POS_DATATYPE;
  if (need_iri && n->type != LDX_TERM_IRI) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    caret,
                    "the constant of %s is a literal (\"%s\"); a %s must "
                    "generate an IRI%s",
                    what,
                    n->value,
                    position_names[pos],
                    pos == POS_SUBJECT ? " or a blank node" : "");
  }
  if (pos == POS_LANGUAGE) {
    if (n->type != LDX_TERM_LITERAL) {
      return error_at(ctx,
                      LDX_BAD_MAPPING,
                      caret,
                      "the language tag of %s must be a literal",
                      what);
    }
    if (!ldxi_langtag_is_valid(n->value, n->len)) {
      return error_at(ctx,
                      LDX_BAD_DATATYPE,
                      caret,
                      "invalid language tag \"%s\" in %s (not well-formed "
                      "BCP 47)",
                      n->value,
                      what);
    }
  }
  tm->type     = n->type;
  tm->constant = (LdxTerm){
    n->type, { n->value, n->len }, ldx_str(n->datatype), ldx_str(n->language)
  };
  return LDX_SUCCESS;
}

static LdxStatus
compile_term_map(Ctx*                     ctx,
                 const LdxiLogicalSource* source,
                 LdxiNodeId               map,
                 Position                 pos,
                 const char*              owner,
                 LdxiTermMap*             tm);

// A constant-valued map given with a shortcut property (rml:predicate ex:p).
static LdxStatus
constant_map(Ctx*            ctx,
             Position        pos,
             LdxiNodeId      value,
             const LdxCaret* caret,
             const char*     owner,
             LdxiTermMap*    tm)
{
  memset(tm, 0, sizeof(*tm));
  tm->rule.what  = pformat(ctx, "%s of %s", position_names[pos], owner);
  tm->rule.caret = *caret;
  return set_constant(ctx, pos, value, caret, tm->rule.what, tm);
}

// Datatype and language of a literal term map.
static LdxStatus
compile_literal_parts(Ctx*                     ctx,
                      const LdxiLogicalSource* source,
                      LdxiNodeId               map,
                      const char*              what,
                      LdxiTermMap*             tm)
{
  const Vocab*    v         = &ctx->v;
  const LdxCaret* dt_caret  = NULL;
  const LdxCaret* dtm_caret = NULL;
  const LdxCaret* l_caret   = NULL;
  const LdxCaret* lm_caret  = NULL;
  LdxiNodeId      dt        = one(ctx, map, v->datatype, &dt_caret);
  LdxiNodeId      dtm       = one(ctx, map, v->datatypeMap, &dtm_caret);
  LdxiNodeId      lang      = one(ctx, map, v->language, &l_caret);
  LdxiNodeId      langm     = one(ctx, map, v->languageMap, &lm_caret);
  if ((dt && dtm) || (lang && langm)) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    dt && dtm ? dtm_caret : lm_caret,
                    "%s has both the shortcut and the map form of the same "
                    "property",
                    what);
  }
  if ((dt || dtm) && (lang || langm)) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    dt ? dt_caret : dtm_caret,
                    "%s has both a datatype and a language tag",
                    what);
  }
  LdxStatus st = LDX_SUCCESS;
  if (dt || dtm || lang || langm) {
    LdxiTermMap* sub =
      (LdxiTermMap*)ldxi_arena_alloc(&ctx->plan->arena, sizeof(LdxiTermMap));
    if (!sub) {
      return note_status(ctx, LDX_BAD_ALLOC);
    }
    if (dt) {
      st = constant_map(ctx, POS_DATATYPE, dt, dt_caret, what, sub);
    } else if (lang) {
      st = constant_map(ctx, POS_LANGUAGE, lang, l_caret, what, sub);
    } else {
      st = compile_term_map(ctx,
                            source,
                            dtm ? dtm : langm,
                            dtm ? POS_DATATYPE : POS_LANGUAGE,
                            what,
                            sub);
    }
    if (dt || dtm) {
      tm->datatype_map = sub;
    } else {
      tm->language_map = sub;
    }
  }
  return st;
}

static LdxStatus
compile_term_map(Ctx*                     ctx,
                 const LdxiLogicalSource* source,
                 LdxiNodeId               map,
                 Position                 pos,
                 const char*              owner,
                 LdxiTermMap*             tm)
{
  const Vocab* v = &ctx->v;
  memset(tm, 0, sizeof(*tm));
  const char* what = pformat(ctx, "%s of %s", position_names[pos], owner);
  tm->rule.what    = what;
  tm->rule.caret   = *node_caret(ctx, map);
  if (!what) {
    return LDX_BAD_ALLOC;
  }
  const LdxiNode* mn = node(ctx, map);
  if (mn->type == LDX_TERM_LITERAL) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "the %s is a literal (\"%s\"); it must be a resource with "
                    "rml:constant, rml:reference or rml:template",
                    what,
                    mn->value);
  }

  const LdxCaret* c_caret  = NULL;
  const LdxCaret* r_caret  = NULL;
  const LdxCaret* t_caret  = NULL;
  const LdxCaret* tt_caret = NULL;
  LdxiNodeId      constant = one(ctx, map, v->constant, &c_caret);
  LdxiNodeId      ref      = one(ctx, map, v->reference, &r_caret);
  LdxiNodeId      tmpl     = one(ctx, map, v->template_, &t_caret);
  LdxiNodeId      tt       = one(ctx, map, v->termType, &tt_caret);
  int             n_expr   = !!constant + !!ref + !!tmpl;
  if (n_expr > 1) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "%s has more than one of rml:constant, rml:reference and "
                    "rml:template",
                    what);
  }
  if (tt && !is_term_type(ctx, tt)) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    tt_caret,
                    "unknown term type %s in %s (expected rml:IRI, rml:URI, "
                    "rml:UnsafeIRI, rml:BlankNode or rml:Literal)",
                    node_name(ctx, tt),
                    what);
  }
  if (tt && !constant && !term_type_allowed(ctx, pos, tt)) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    tt_caret,
                    "term type %s is not allowed in a %s",
                    node_name(ctx, tt),
                    position_names[pos]);
  }

  if (constant) {
    LdxStatus st = set_constant(ctx, pos, constant, c_caret, what, tm);
    if (!st && tm->type == LDX_TERM_LITERAL && pos == POS_OBJECT &&
        (one(ctx, map, v->datatype, NULL) || one(ctx, map, v->language, NULL) ||
         one(ctx, map, v->datatypeMap, NULL) ||
         one(ctx, map, v->languageMap, NULL))) {
      return error_at(ctx,
                      LDX_BAD_MAPPING,
                      c_caret,
                      "%s is constant-valued: write the datatype or language "
                      "tag on the constant literal itself",
                      what);
    }
    return st;
  }

  // Term type, with the defaults of RML-Core.
  bool has_lit_parts =
    one(ctx, map, v->datatype, NULL) || one(ctx, map, v->datatypeMap, NULL) ||
    one(ctx, map, v->language, NULL) || one(ctx, map, v->languageMap, NULL);
  if (tt == v->BlankNode && tt) {
    tm->type = LDX_TERM_BLANK;
  } else if (tt == v->Literal && tt) {
    tm->type = LDX_TERM_LITERAL;
  } else if (tt) {
    tm->type     = LDX_TERM_IRI;
    tm->iri_mode = tt == v->URI         ? LDXI_URI_SAFE
                   : tt == v->UnsafeIRI ? LDXI_IRI_UNSAFE
                                        : LDXI_IRI_SAFE;
  } else if (pos == POS_LANGUAGE || pos == POS_JOIN ||
             (pos == POS_OBJECT && (ref || has_lit_parts))) {
    tm->type = LDX_TERM_LITERAL;
  } else {
    tm->type = LDX_TERM_IRI;
  }
  if (has_lit_parts && tm->type != LDX_TERM_LITERAL) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "%s has a datatype or language tag but generates %s",
                    what,
                    tm->type == LDX_TERM_IRI ? "IRIs" : "blank nodes");
  }

  LdxStatus st = LDX_SUCCESS;
  if (ref) {
    const LdxiNode* r = node(ctx, ref);
    if (r->type != LDX_TERM_LITERAL) {
      return error_at(ctx,
                      LDX_BAD_MAPPING,
                      r_caret,
                      "the rml:reference of %s must be a literal",
                      what);
    }
    tm->kind = LDXI_EXPR_REFERENCE;
    st = compile_ref(ctx, source, r->value, r->len, r_caret, 0, what, &tm->ref);
  } else if (tmpl) {
    const LdxiNode* t = node(ctx, tmpl);
    if (t->type != LDX_TERM_LITERAL) {
      return error_at(ctx,
                      LDX_BAD_MAPPING,
                      t_caret,
                      "the rml:template of %s must be a literal",
                      what);
    }
    tm->kind = LDXI_EXPR_TEMPLATE;
    st       = compile_template(ctx, source, t, t_caret, what, tm);
  } else if (tm->type == LDX_TERM_BLANK) {
    tm->kind     = LDXI_EXPR_NONE; // a fresh blank node per record
    tm->blank_id = ctx->n_blank_maps++;
  } else {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "%s has no rml:constant, rml:reference or rml:template",
                    what);
  }
  if (!st && tm->type == LDX_TERM_LITERAL && pos == POS_OBJECT) {
    st = compile_literal_parts(ctx, source, map, what, tm);
  }
  return st;
}

// ---------------------------------------------------------------------------
// Logical sources

static bool
str_ends_with(const char* s, const char* suffix)
{
  size_t n = strlen(s);
  size_t m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static LdxStatus
compile_source(Ctx* ctx, LdxiNodeId ls, LdxiLogicalSource** out)
{
  for (size_t i = 0; i < ctx->n_sources; ++i) {
    if (ctx->sources[i].node == ls) {
      *out = ctx->sources[i].source;
      return LDX_SUCCESS;
    }
  }
  const Vocab*       v   = &ctx->v;
  LdxiLogicalSource* src = (LdxiLogicalSource*)ldxi_arena_alloc(
    &ctx->plan->arena, sizeof(LdxiLogicalSource));
  if (!src) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  memset(src, 0, sizeof(*src));
  src->rule.caret    = *node_caret(ctx, ls);
  src->rule.what     = pformat(ctx, "logical source %s", node_name(ctx, ls));
  const LdxiDoc* doc = ldxi_graph_doc(ctx->g, node(ctx, ls)->doc);
  src->mapping_dir   = doc ? doc->dir : ".";

  // Where the data is.
  const LdxCaret* s_caret = NULL;
  LdxiNodeId      s       = one(ctx, ls, v->source, &s_caret);
  if (!s) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &src->rule.caret,
                    "%s has no rml:source",
                    src->rule.what);
  }
  const LdxiNode* sn = node(ctx, s);
  if (sn->type == LDX_TERM_LITERAL) {
    src->root = LDXI_ROOT_LEGACY; // legacy: rml:source "file.json"
    src->path = sn->value;
  } else {
    const LdxCaret* p_caret = NULL;
    LdxiNodeId      path    = one(ctx, s, v->path, &p_caret);
    LdxiNodeId      url     = one(ctx, s, v->accessURL, NULL);
    if (path) {
      if (node(ctx, path)->type != LDX_TERM_LITERAL) {
        return error_at(
          ctx, LDX_BAD_MAPPING, p_caret, "rml:path must be a literal");
      }
      src->path            = node(ctx, path)->value;
      const LdxCaret* rc   = NULL;
      LdxiNodeId      root = one(ctx, s, v->root, &rc);
      if (!root || root == v->CurrentWorkingDirectory) {
        src->root = LDXI_ROOT_CWD;
      } else if (root == v->MappingDirectory) {
        src->root = LDXI_ROOT_MAPPING_DIR;
      } else if (node(ctx, root)->type == LDX_TERM_LITERAL) {
        src->root     = LDXI_ROOT_DIR;
        src->root_dir = node(ctx, root)->value;
      } else {
        return error_at(ctx,
                        LDX_BAD_MAPPING,
                        rc,
                        "unknown rml:root %s (expected rml:MappingDirectory, "
                        "rml:CurrentWorkingDirectory or a directory path)",
                        node_name(ctx, root));
      }
    } else if (url && node(ctx, url)->type == LDX_TERM_IRI &&
               !strncmp(node(ctx, url)->value, "file://", 7)) {
      src->root = LDXI_ROOT_CWD;
      src->path = node(ctx, url)->value + 7;
    } else {
      return error_at(ctx,
                      LDX_UNSUPPORTED,
                      s_caret,
                      "the source %s of %s is not supported by this build "
                      "(supported: rml:RelativePathSource with rml:path, "
                      "dcat:accessURL <file://...>, or a file name literal)",
                      node_name(ctx, s),
                      src->rule.what);
    }
  }

  // How to read it.
  const LdxCaret* rf_caret = NULL;
  LdxiNodeId      rf       = one(ctx, ls, v->referenceFormulation, &rf_caret);
  if (rf && rf == v->JSONPath) {
    src->ops = &ldxi_json_source;
  } else if (rf) {
    return error_at(ctx,
                    LDX_UNSUPPORTED,
                    rf_caret,
                    "reference formulation %s of %s is not supported by this "
                    "build (supported: rml:JSONPath)",
                    node_name(ctx, rf),
                    src->rule.what);
  } else if (str_ends_with(src->path, ".json")) {
    src->ops = &ldxi_json_source;
  } else {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &src->rule.caret,
                    "%s has no rml:referenceFormulation",
                    src->rule.what);
  }

  const LdxCaret* it_caret = NULL;
  LdxiNodeId      it       = one(ctx, ls, v->iterator, &it_caret);
  if (it) {
    const LdxiNode* itn = node(ctx, it);
    if (itn->type != LDX_TERM_LITERAL) {
      return error_at(
        ctx, LDX_BAD_MAPPING, it_caret, "rml:iterator must be a literal");
    }
    src->iterator     = itn->value;
    LdxiExprError err = { 0, "" };
    LdxStatus     st  = src->ops->compile(
      ctx->world, itn->value, itn->len, 1, &src->iterator_compiled, &err);
    if (st == LDX_BAD_ALLOC) {
      return note_status(ctx, st);
    }
    if (st) {
      LdxCaret at = caret_in_literal(it_caret, err.offset);
      return error_at(ctx,
                      st,
                      &at,
                      "invalid %s iterator '%s' in %s: %s",
                      src->ops->name,
                      itn->value,
                      src->rule.what,
                      err.message);
    }
    LdxiRef* holder =
      (LdxiRef*)ldxi_arena_alloc(&ctx->plan->arena, sizeof(LdxiRef));
    if (!holder) {
      src->ops->free_compiled(src->iterator_compiled);
      return note_status(ctx, LDX_BAD_ALLOC);
    }
    memset(holder, 0, sizeof(*holder));
    holder->compiled = src->iterator_compiled;
    holder->ops      = src->ops;
    holder->text     = src->iterator;
    if (add_ref(ctx, holder)) {
      return LDX_BAD_ALLOC;
    }
  }

  // Effectively equal sources share one group (read once, joinable
  // without conditions).
  LdxiPlan* p = ctx->plan;
  src->group  = p->n_sources;
  for (size_t i = 0; i < p->n_sources; ++i) {
    const LdxiLogicalSource* o = p->sources[i];
    if (o->ops == src->ops && o->root == src->root &&
        !strcmp(o->path, src->path) &&
        !strcmp(o->root == LDXI_ROOT_DIR ? o->root_dir : o->mapping_dir,
                src->root == LDXI_ROOT_DIR ? src->root_dir
                                           : src->mapping_dir) &&
        ((!o->iterator && !src->iterator) ||
         (o->iterator && src->iterator &&
          !strcmp(o->iterator, src->iterator)))) {
      src->group = o->group;
      break;
    }
  }
  if (ldxi_grow(ctx->world,
                (void**)&p->sources,
                &ctx->cap_plan_sources,
                p->n_sources + 1,
                sizeof(LdxiLogicalSource*)) ||
      ldxi_grow(ctx->world,
                (void**)&ctx->sources,
                &ctx->cap_sources,
                ctx->n_sources + 1,
                sizeof(SourceNode))) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  p->sources[p->n_sources++]     = src;
  ctx->sources[ctx->n_sources++] = (SourceNode){ ls, src };
  *out                           = src;
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Triples maps

static LdxiTriplesMap*
map_of(const Ctx* ctx, LdxiNodeId id)
{
  for (size_t i = 0; i < ctx->n_maps; ++i) {
    if (ctx->maps[i].node == id) {
      return ctx->maps[i].map;
    }
  }
  return NULL;
}

// Term maps given by a map property and its constant shortcut, e.g.
// rml:predicateMap and rml:predicate.
static LdxStatus
compile_maps(Ctx*                     ctx,
             const LdxiLogicalSource* source,
             LdxiNodeId               owner_node,
             LdxiNodeId               map_prop,
             LdxiNodeId               shortcut_prop,
             Position                 pos,
             const char*              owner,
             LdxiTermMap**            out,
             size_t*                  n_out)
{
  const LdxiTriple* maps      = NULL;
  const LdxiTriple* shortcuts = NULL;
  size_t            n_maps    = find(ctx, owner_node, map_prop, &maps);
  size_t            n_short = find(ctx, owner_node, shortcut_prop, &shortcuts);
  *n_out                    = 0;
  *out                      = NULL;
  if (!n_maps && !n_short) {
    return LDX_SUCCESS;
  }
  LdxiTermMap* tms = (LdxiTermMap*)ldxi_arena_alloc(
    &ctx->plan->arena, (n_maps + n_short) * sizeof(LdxiTermMap));
  if (!tms) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  LdxStatus first = LDX_SUCCESS;
  for (size_t i = 0; i < n_short; ++i) {
    LdxStatus st = constant_map(
      ctx, pos, shortcuts[i].o, &shortcuts[i].caret, owner, &tms[i]);
    first = first ? first : st;
  }
  for (size_t i = 0; i < n_maps; ++i) {
    LdxStatus st =
      compile_term_map(ctx, source, maps[i].o, pos, owner, &tms[n_short + i]);
    first = first ? first : st;
  }
  *out   = tms;
  *n_out = n_maps + n_short;
  return first;
}

static LdxStatus
compile_join(Ctx*                     ctx,
             const LdxiLogicalSource* child_src,
             const LdxiLogicalSource* parent_src,
             LdxiNodeId               jc,
             const char*              owner,
             LdxiJoin*                join)
{
  const Vocab*    v          = &ctx->v;
  const LdxCaret* cc         = NULL;
  const LdxCaret* pc         = NULL;
  LdxiNodeId      child      = one(ctx, jc, v->child, &cc);
  LdxiNodeId      child_map  = one(ctx, jc, v->childMap, NULL);
  LdxiNodeId      parent     = one(ctx, jc, v->parent, &pc);
  LdxiNodeId      parent_map = one(ctx, jc, v->parentMap, NULL);
  if (!!child + !!child_map != 1 || !!parent + !!parent_map != 1) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    node_caret(ctx, jc),
                    "the join condition %s of %s needs exactly one child "
                    "(rml:child or rml:childMap) and one parent (rml:parent or "
                    "rml:parentMap)",
                    node_name(ctx, jc),
                    owner);
  }
  LdxStatus st = LDX_SUCCESS;
  // rml:child "x" is a shortcut for rml:childMap [ rml:reference "x" ].
  for (int side = 0; side < 2; ++side) {
    LdxiNodeId               shortcut = side ? parent : child;
    LdxiNodeId               map      = side ? parent_map : child_map;
    const LdxCaret*          caret    = side ? pc : cc;
    const LdxiLogicalSource* src      = side ? parent_src : child_src;
    LdxiTermMap*             tm       = side ? &join->parent : &join->child;
    const char*              role     = side ? "parent" : "child";
    if (shortcut) {
      const LdxiNode* n = node(ctx, shortcut);
      memset(tm, 0, sizeof(*tm));
      tm->rule.what = pformat(ctx, "%s of a join condition of %s", role, owner);
      tm->rule.caret = *caret;
      tm->type       = LDX_TERM_LITERAL;
      tm->kind       = LDXI_EXPR_REFERENCE;
      if (n->type != LDX_TERM_LITERAL) {
        st = error_at(
          ctx, LDX_BAD_MAPPING, caret, "rml:%s must be a literal", role);
      } else {
        st = compile_ref(
          ctx, src, n->value, n->len, caret, 0, tm->rule.what, &tm->ref);
      }
    } else {
      st = compile_term_map(ctx,
                            src,
                            map,
                            POS_JOIN,
                            pformat(ctx, "a join condition of %s", owner),
                            tm);
    }
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
compile_object_map(Ctx*                     ctx,
                   const LdxiLogicalSource* source,
                   LdxiNodeId               om,
                   const char*              owner,
                   LdxiObjectMap*           out)
{
  const Vocab*    v        = &ctx->v;
  const LdxCaret* pt_caret = NULL;
  LdxiNodeId      ptm      = one(ctx, om, v->parentTriplesMap, &pt_caret);
  memset(out, 0, sizeof(*out));
  if (!ptm) {
    return compile_term_map(ctx, source, om, POS_OBJECT, owner, &out->map);
  }
  out->is_ref     = true;
  out->rule.caret = *node_caret(ctx, om);
  out->rule.what  = pformat(ctx, "referencing object map of %s", owner);
  if (one(ctx, om, v->constant, NULL) || one(ctx, om, v->reference, NULL) ||
      one(ctx, om, v->template_, NULL)) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &out->rule.caret,
                    "the %s has rml:parentTriplesMap and also an expression",
                    out->rule.what);
  }
  out->parent = map_of(ctx, ptm);
  if (!out->parent) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    pt_caret,
                    "rml:parentTriplesMap %s of %s is not a triples map",
                    node_name(ctx, ptm),
                    owner);
  }
  const LdxiTriple*        jcs  = NULL;
  size_t                   n    = find(ctx, om, v->joinCondition, &jcs);
  const LdxiLogicalSource* psrc = out->parent->source;
  if (!psrc) {
    return LDX_BAD_MAPPING; // the parent's own error was reported
  }
  if (n) {
    out->joins =
      (LdxiJoin*)ldxi_arena_alloc(&ctx->plan->arena, n * sizeof(LdxiJoin));
    if (!out->joins) {
      return note_status(ctx, LDX_BAD_ALLOC);
    }
    out->n_joins = n;
    for (size_t i = 0; i < n; ++i) {
      LdxStatus st = compile_join(
        ctx, source, psrc, jcs[i].o, out->rule.what, &out->joins[i]);
      if (st) {
        return st;
      }
    }
  }
  out->same_source = !n && psrc->group == source->group;
  out->join_slot   = ctx->plan->n_join_slots++;
  return LDX_SUCCESS;
}

static LdxStatus
compile_pom(Ctx*                     ctx,
            const LdxiLogicalSource* source,
            LdxiNodeId               pom,
            const char*              owner,
            LdxiPom*                 out)
{
  const Vocab* v = &ctx->v;
  memset(out, 0, sizeof(*out));
  const char* what =
    pformat(ctx, "predicate-object map %s of %s", node_name(ctx, pom), owner);
  if (!what) {
    return LDX_BAD_ALLOC;
  }
  LdxStatus first = LDX_SUCCESS;
  LdxStatus st    = compile_maps(ctx,
                              source,
                              pom,
                              v->predicateMap,
                              v->predicate,
                              POS_PREDICATE,
                              what,
                              &out->predicates,
                              &out->n_predicates);
  first           = first ? first : st;
  if (!st && !out->n_predicates) {
    first = error_at(ctx,
                     LDX_BAD_MAPPING,
                     node_caret(ctx, pom),
                     "%s has no rml:predicate or rml:predicateMap",
                     what);
  }
  st    = compile_maps(ctx,
                    source,
                    pom,
                    v->graphMap,
                    v->graph,
                    POS_GRAPH,
                    what,
                    &out->graphs,
                    &out->n_graphs);
  first = first ? first : st;

  // Objects: constant shortcuts, then object maps (term or referencing).
  const LdxiTriple* consts = NULL;
  const LdxiTriple* maps   = NULL;
  size_t            n_c    = find(ctx, pom, v->object, &consts);
  size_t            n_m    = find(ctx, pom, v->objectMap, &maps);
  if (!n_c && !n_m) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    node_caret(ctx, pom),
                    "%s has no rml:object or rml:objectMap",
                    what);
  }
  out->objects = (LdxiObjectMap*)ldxi_arena_alloc(
    &ctx->plan->arena, (n_c + n_m) * sizeof(LdxiObjectMap));
  if (!out->objects) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  out->n_objects = n_c + n_m;
  for (size_t i = 0; i < n_c; ++i) {
    memset(&out->objects[i], 0, sizeof(LdxiObjectMap));
    st    = constant_map(ctx,
                      POS_OBJECT,
                      consts[i].o,
                      &consts[i].caret,
                      what,
                      &out->objects[i].map);
    first = first ? first : st;
  }
  for (size_t i = 0; i < n_m; ++i) {
    st =
      compile_object_map(ctx, source, maps[i].o, what, &out->objects[n_c + i]);
    first = first ? first : st;
  }
  return first;
}

static LdxStatus
compile_map_source(Ctx* ctx, LdxiNodeId tmn, LdxiTriplesMap* tm)
{
  const LdxCaret* caret = NULL;
  LdxiNodeId      ls    = one(ctx, tmn, ctx->v.logicalSource, &caret);
  if (!ls) {
    if (one(ctx, tmn, ctx->v.logicalTable, &caret)) {
      return error_at(ctx,
                      LDX_UNSUPPORTED,
                      caret,
                      "%s uses an R2RML logical table (SQL), which this build "
                      "does not support yet",
                      tm->name);
    }
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "triples map %s has no rml:logicalSource",
                    tm->name);
  }
  LdxiLogicalSource* src = NULL;
  LdxStatus          st  = compile_source(ctx, ls, &src);
  tm->source             = src;
  return st;
}

static LdxStatus
compile_map_body(Ctx* ctx, LdxiNodeId tmn, LdxiTriplesMap* tm)
{
  const Vocab* v = &ctx->v;
  if (!tm->source) {
    return LDX_BAD_MAPPING;
  }
  const LdxiLogicalSource* src = tm->source;

  // rml:baseIRI
  const LdxCaret* b_caret = NULL;
  LdxiNodeId      base    = one(ctx, tmn, v->baseIRI, &b_caret);
  if (base) {
    const LdxiNode* bn = node(ctx, base);
    if (bn->type != LDX_TERM_IRI) {
      return error_at(ctx,
                      LDX_BAD_MAPPING,
                      b_caret,
                      "rml:baseIRI of %s must be an IRI",
                      tm->name);
    }
    tm->base_iri = bn->value;
  }

  // Subject map (exactly one, as rml:subjectMap or rml:subject).
  const LdxiTriple* sms  = NULL;
  const LdxiTriple* ss   = NULL;
  size_t            n_sm = find(ctx, tmn, v->subjectMap, &sms);
  size_t            n_s  = find(ctx, tmn, v->subject, &ss);
  if (n_sm + n_s == 0) {
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "triples map %s has no subject map (rml:subjectMap or "
                    "rml:subject)",
                    tm->name);
  }
  if (n_sm + n_s > 1) {
    const LdxCaret* second = n_sm > 1  ? &sms[1].caret
                             : n_s > 1 ? &ss[1].caret
                                       : &ss[0].caret;
    return error_at(ctx,
                    LDX_BAD_MAPPING,
                    second,
                    "triples map %s has %zu subject maps; exactly one is "
                    "required",
                    tm->name,
                    n_sm + n_s);
  }
  LdxStatus  st;
  LdxiNodeId sm = n_sm ? sms[0].o : 0;
  if (n_s) {
    st = constant_map(
      ctx, POS_SUBJECT, ss[0].o, &ss[0].caret, tm->name, &tm->subject);
  } else {
    st = compile_term_map(ctx, src, sm, POS_SUBJECT, tm->name, &tm->subject);
  }
  LdxStatus first = st;

  if (sm) {
    // Classes
    const LdxiTriple* cls = NULL;
    size_t            n   = find(ctx, sm, v->class_, &cls);
    if (n) {
      tm->classes =
        (LdxTerm*)ldxi_arena_alloc(&ctx->plan->arena, n * sizeof(LdxTerm));
      if (!tm->classes) {
        return note_status(ctx, LDX_BAD_ALLOC);
      }
      for (size_t i = 0; i < n; ++i) {
        const LdxiNode* c = node(ctx, cls[i].o);
        if (c->type != LDX_TERM_IRI) {
          first = error_at(ctx,
                           LDX_BAD_MAPPING,
                           &cls[i].caret,
                           "rml:class of %s must be an IRI",
                           tm->name);
          continue;
        }
        tm->classes[tm->n_classes++] = (LdxTerm){
          LDX_TERM_IRI, { c->value, c->len }, { NULL, 0 }, { NULL, 0 }
        };
      }
    }
    st    = compile_maps(ctx,
                      src,
                      sm,
                      v->graphMap,
                      v->graph,
                      POS_GRAPH,
                      pformat(ctx, "the subject map of %s", tm->name),
                      &tm->subject_graphs,
                      &tm->n_subject_graphs);
    first = first ? first : st;
  }

  // Predicate-object maps
  const LdxiTriple* poms = NULL;
  size_t            n_p  = find(ctx, tmn, v->predicateObjectMap, &poms);
  if (n_p) {
    tm->poms =
      (LdxiPom*)ldxi_arena_alloc(&ctx->plan->arena, n_p * sizeof(LdxiPom));
    if (!tm->poms) {
      return note_status(ctx, LDX_BAD_ALLOC);
    }
    tm->n_poms = n_p;
    for (size_t i = 0; i < n_p; ++i) {
      st    = compile_pom(ctx, src, poms[i].o, tm->name, &tm->poms[i]);
      first = first ? first : st;
    }
  }
  return first;
}

// Triples maps: resources typed rml:TriplesMap, or that have a logical
// source or a subject map (legacy mappings often omit the type).
static bool
is_triples_map(const Ctx* ctx, LdxiNodeId s)
{
  const LdxiTriple* t = NULL;
  return has_type(ctx, s, ctx->v.TriplesMap) ||
         find(ctx, s, ctx->v.logicalSource, &t) ||
         find(ctx, s, ctx->v.logicalTable, &t) ||
         find(ctx, s, ctx->v.subjectMap, &t) ||
         find(ctx, s, ctx->v.subject, &t);
}

static LdxStatus
discover_maps(Ctx* ctx)
{
  const LdxiTriple* all  = NULL;
  size_t            n    = ldxi_graph_triples(ctx->g, &all);
  size_t            cap  = 0;
  LdxiNodeId        last = 0;
  for (size_t i = 0; i < n; ++i) {
    LdxiNodeId s = all[i].s;
    if (s == last) {
      continue;
    }
    last = s;
    if (!is_triples_map(ctx, s)) {
      continue;
    }
    if (ldxi_grow(ctx->world,
                  (void**)&ctx->maps,
                  &cap,
                  ctx->n_maps + 1,
                  sizeof(MapNode))) {
      return note_status(ctx, LDX_BAD_ALLOC);
    }
    ctx->maps[ctx->n_maps++] = (MapNode){ s, NULL };
  }
  LdxiPlan* p = ctx->plan;
  if (ctx->n_maps) {
    p->maps = (LdxiTriplesMap*)ldxi_arena_alloc(
      &p->arena, ctx->n_maps * sizeof(LdxiTriplesMap));
    if (!p->maps) {
      return note_status(ctx, LDX_BAD_ALLOC);
    }
  }
  p->n_maps = ctx->n_maps;
  for (size_t i = 0; i < ctx->n_maps; ++i) {
    LdxiTriplesMap* tm = &p->maps[i];
    memset(tm, 0, sizeof(*tm));
    tm->name         = node_name(ctx, ctx->maps[i].node);
    tm->rule.what    = tm->name;
    tm->rule.caret   = *node_caret(ctx, ctx->maps[i].node);
    ctx->maps[i].map = tm;
  }
  return LDX_SUCCESS;
}

// Warn about rml: properties this compiler never reads (usually typos).
static void
warn_unknown_terms(Ctx* ctx)
{
  static const char* const known[] = {
#define NAME(name, iri) iri,
    VOCAB(NAME)
#undef NAME
  };
  const LdxiTriple* all = NULL;
  size_t            n   = ldxi_graph_triples(ctx->g, &all);
  size_t            rml = strlen(LDX_RML);
  for (size_t i = 0; i < n; ++i) {
    const LdxiNode* p = node(ctx, all[i].p);
    if (p->len <= rml || strncmp(p->value, LDX_RML, rml)) {
      continue;
    }
    bool found = false;
    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]) && !found; ++k) {
      found = !strcmp(known[k], p->value);
    }
    if (!found) {
      ldxi_warning(ctx->world,
                   &all[i].caret,
                   "property rml:%s is not known to this build and is ignored",
                   p->value + rml);
    }
  }
}

// The mapping's prefixes, for writers that abbreviate IRIs; those of the
// mapping vocabularies themselves say nothing about the output.
static LdxStatus
collect_prefixes(Ctx* ctx)
{
  static const char* const skip[] = {
    LDX_RML, LDX_LEGACY_RML, LDX_LEGACY_R2RML, LDX_LEGACY_QL,
    "http://semweb.mmlab.be/ns/fnml#", "http://w3id.org/function/ontology#",
  };
  const LdxiPrefix* all = NULL;
  size_t            n   = ldxi_graph_prefixes(ctx->g, &all);
  LdxiPlan*         p   = ctx->plan;
  if (!n) {
    return LDX_SUCCESS;
  }
  p->prefixes =
    (LdxiPlanPrefix*)ldxi_arena_alloc(&p->arena, n * sizeof(LdxiPlanPrefix));
  if (!p->prefixes) {
    return note_status(ctx, LDX_BAD_ALLOC);
  }
  for (size_t i = 0; i < n; ++i) {
    bool vocabulary = false;
    for (size_t k = 0; k < sizeof(skip) / sizeof(skip[0]); ++k) {
      vocabulary = vocabulary || !strncmp(all[i].iri, skip[k], strlen(skip[k]));
    }
    if (vocabulary) {
      continue;
    }
    // Copies in the plan: the plan must not depend on the graph.
    LdxStr name = ldx_str(all[i].name);
    LdxStr iri  = ldx_str(all[i].iri);
    name.buf    = pstr(ctx, name.buf, name.len);
    iri.buf     = pstr(ctx, iri.buf, iri.len);
    if (!name.buf || !iri.buf) {
      return LDX_BAD_ALLOC;
    }
    p->prefixes[p->n_prefixes++] = (LdxiPlanPrefix){name, iri};
  }
  return LDX_SUCCESS;
}

void
ldxi_plan_free(LdxiPlan* plan)
{
  if (!plan) {
    return;
  }
  for (size_t i = 0; i < plan->n_refs; ++i) {
    LdxiRef* ref = plan->refs[i];
    if (ref->compiled) {
      ref->ops->free_compiled(ref->compiled);
    }
  }
  ldxi_free(plan->world, plan->refs);
  ldxi_free(plan->world, plan->sources);
  LdxWorld* world = plan->world;
  ldxi_arena_free(&plan->arena);
  ldxi_free(world, plan);
}

LdxStatus
ldxi_compile(LdxWorld* world, const LdxiGraph* graph, LdxiPlan** out)
{
  *out           = NULL;
  LdxiPlan* plan = (LdxiPlan*)ldxi_calloc(world, 1, sizeof(LdxiPlan));
  if (!plan) {
    return LDX_BAD_ALLOC;
  }
  plan->world = world;
  ldxi_arena_init(&plan->arena, world, 16u * 1024u);

  Ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.world = world;
  ctx.g     = graph;
  ctx.plan  = plan;
  ldxi_buf_init(&ctx.name_buf, world, 0);
#define RESOLVE(name, iri) ctx.v.name = ldxi_graph_iri(graph, iri);
  VOCAB(RESOLVE)
#undef RESOLVE

  if (!discover_maps(&ctx)) {
    if (!ctx.n_maps) {
      ldxi_error(
        world, LDX_BAD_MAPPING, NULL, "the mapping has no triples maps");
      note_status(&ctx, LDX_BAD_MAPPING);
    }
    // Sources first: referencing object maps need their parent's source.
    for (size_t i = 0; i < ctx.n_maps; ++i) {
      compile_map_source(&ctx, ctx.maps[i].node, ctx.maps[i].map);
    }
    for (size_t i = 0; i < ctx.n_maps; ++i) {
      compile_map_body(&ctx, ctx.maps[i].node, ctx.maps[i].map);
    }
    if (!ctx.status) {
      warn_unknown_terms(&ctx);
      collect_prefixes(&ctx);
    }
  }
  ldxi_buf_free(&ctx.name_buf);
  ldxi_free(world, ctx.maps);
  ldxi_free(world, ctx.sources);
  if (ctx.status) {
    ldxi_plan_free(plan);
    return ctx.status;
  }
  *out = plan;
  return LDX_SUCCESS;
}
