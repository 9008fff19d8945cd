// SPDX-License-Identifier: MIT
// Compile the mapping graph (current RML; legacy terms were rewritten when
// loaded) into a plan, checking everything that can be checked before any
// data is read.
#include "mapping/compile.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "mapping/compile_ctx.h"
#include "mapping/template.h"
#include "rdf/langtag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
    return cc_note(ctx, st);
  }
  if (st) {
    LdxCaret at = cc_caret_in(caret, offset);
    return cc_error(
      ctx, st, &at, "invalid template \"%s\" in %s: %s", lit->value, what, msg);
  }
  tm->segs = (LdxiTemplateSeg*)ldxi_arena_alloc(&ctx->plan->arena,
                                                n * sizeof(LdxiTemplateSeg));
  if (!tm->segs) {
    return cc_note(ctx, LDX_BAD_ALLOC);
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
        return cc_note(ctx, LDX_BAD_ALLOC);
      }
      memset(ref, 0, sizeof(*ref));
      tm->segs[i].ref = ref;
      if ((st = cc_compile_ref(ctx,
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
  const LdxiNode* n = cc_node(ctx, value);
  tm->kind          = LDXI_EXPR_CONSTANT;
  if (n->type == LDX_TERM_BLANK) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    caret,
                    "the constant of %s is a blank node; constants must be "
                    "IRIs or literals",
                    what);
  }
  bool need_iri = pos == POS_SUBJECT || pos == POS_PREDICATE ||
                  pos == POS_GRAPH || pos == POS_DATATYPE;
  if (need_iri && n->type != LDX_TERM_IRI) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    caret,
                    "the constant of %s is a literal (\"%s\"); a %s must "
                    "generate an IRI%s",
                    what,
                    n->value,
                    ldxi_position_names[pos],
                    pos == POS_SUBJECT ? " or a blank node" : "");
  }
  if (pos == POS_LANGUAGE) {
    if (n->type != LDX_TERM_LITERAL) {
      return cc_error(ctx,
                      LDX_BAD_MAPPING,
                      caret,
                      "the language tag of %s must be a literal",
                      what);
    }
    if (!ldxi_langtag_is_valid(n->value, n->len)) {
      return cc_error(ctx,
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
  tm->rule.what  = cc_format(ctx, "%s of %s", ldxi_position_names[pos], owner);
  tm->rule.caret = *caret;
  return set_constant(ctx, pos, value, caret, tm->rule.what, tm);
}

// Whether `map` says anything about a literal's datatype or language.
// Only asks: compile_literal_parts() reads (and checks) the values.
static bool
has_literal_parts(Ctx* ctx, LdxiNodeId map)
{
  const Vocab* v = &ctx->v;
  return cc_has(ctx, map, v->datatype) || cc_has(ctx, map, v->datatypeMap) ||
         cc_has(ctx, map, v->language) || cc_has(ctx, map, v->languageMap);
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
  LdxiNodeId      dt        = cc_one(ctx, map, v->datatype, &dt_caret);
  LdxiNodeId      dtm       = cc_one(ctx, map, v->datatypeMap, &dtm_caret);
  LdxiNodeId      lang      = cc_one(ctx, map, v->language, &l_caret);
  LdxiNodeId      langm     = cc_one(ctx, map, v->languageMap, &lm_caret);
  if ((dt && dtm) || (lang && langm)) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    dt && dtm ? dtm_caret : lm_caret,
                    "%s has both the shortcut and the map form of the same "
                    "property",
                    what);
  }
  if ((dt || dtm) && (lang || langm)) {
    return cc_error(ctx,
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
      return cc_note(ctx, LDX_BAD_ALLOC);
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
    if (!st) {
      st = cc_union_targets(ctx, &tm->targets, &sub->targets);
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
  const char* what =
    cc_format(ctx, "%s of %s", ldxi_position_names[pos], owner);
  tm->rule.what  = what;
  tm->rule.caret = *cc_caret(ctx, map);
  if (!what) {
    return LDX_BAD_ALLOC;
  }
  const LdxiNode* mn = cc_node(ctx, map);
  if (mn->type == LDX_TERM_LITERAL) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "the %s is a literal (\"%s\"); it must be a resource with "
                    "rml:constant, rml:reference or rml:template",
                    what,
                    mn->value);
  }
  cc_compile_targets(ctx, map, &tm->targets);

  const LdxCaret* c_caret  = NULL;
  const LdxCaret* r_caret  = NULL;
  const LdxCaret* t_caret  = NULL;
  const LdxCaret* tt_caret = NULL;
  LdxiNodeId      constant = cc_one(ctx, map, v->constant, &c_caret);
  LdxiNodeId      ref      = cc_one(ctx, map, v->reference, &r_caret);
  LdxiNodeId      tmpl     = cc_one(ctx, map, v->template_, &t_caret);
  LdxiNodeId      tt       = cc_one(ctx, map, v->termType, &tt_caret);
  int             n_expr   = !!constant + !!ref + !!tmpl;
  if (n_expr > 1) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "%s has more than one of rml:constant, rml:reference and "
                    "rml:template",
                    what);
  }
  if (tt && !is_term_type(ctx, tt)) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    tt_caret,
                    "unknown term type %s in %s (expected rml:IRI, rml:URI, "
                    "rml:UnsafeIRI, rml:BlankNode or rml:Literal)",
                    cc_name(ctx, tt),
                    what);
  }
  if (tt && !constant && !term_type_allowed(ctx, pos, tt)) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    tt_caret,
                    "term type %s is not allowed in a %s",
                    cc_name(ctx, tt),
                    ldxi_position_names[pos]);
  }

  if (constant) {
    LdxStatus st = set_constant(ctx, pos, constant, c_caret, what, tm);
    if (!st && tm->type == LDX_TERM_LITERAL && pos == POS_OBJECT &&
        has_literal_parts(ctx, map)) {
      return cc_error(ctx,
                      LDX_BAD_MAPPING,
                      c_caret,
                      "%s is constant-valued: write the datatype or language "
                      "tag on the constant literal itself",
                      what);
    }
    return st;
  }

  // Term type, with the defaults of RML-Core.
  const bool has_lit_parts = has_literal_parts(ctx, map);
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
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "%s has a datatype or language tag but generates %s",
                    what,
                    tm->type == LDX_TERM_IRI ? "IRIs" : "blank nodes");
  }

  LdxStatus st = LDX_SUCCESS;
  if (ref) {
    const LdxiNode* r = cc_node(ctx, ref);
    if (r->type != LDX_TERM_LITERAL) {
      return cc_error(ctx,
                      LDX_BAD_MAPPING,
                      r_caret,
                      "the rml:reference of %s must be a literal",
                      what);
    }
    tm->kind = LDXI_EXPR_REFERENCE;
    st =
      cc_compile_ref(ctx, source, r->value, r->len, r_caret, 0, what, &tm->ref);
  } else if (tmpl) {
    const LdxiNode* t = cc_node(ctx, tmpl);
    if (t->type != LDX_TERM_LITERAL) {
      return cc_error(ctx,
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
    return cc_error(ctx,
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
  size_t            n_maps    = cc_find(ctx, owner_node, map_prop, &maps);
  size_t n_short = cc_find(ctx, owner_node, shortcut_prop, &shortcuts);
  *n_out         = 0;
  *out           = NULL;
  if (!n_maps && !n_short) {
    return LDX_SUCCESS;
  }
  LdxiTermMap* tms = (LdxiTermMap*)ldxi_arena_alloc(
    &ctx->plan->arena, (n_maps + n_short) * sizeof(LdxiTermMap));
  if (!tms) {
    return cc_note(ctx, LDX_BAD_ALLOC);
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
  LdxiNodeId      child      = cc_one(ctx, jc, v->child, &cc);
  LdxiNodeId      child_map  = cc_one(ctx, jc, v->childMap, NULL);
  LdxiNodeId      parent     = cc_one(ctx, jc, v->parent, &pc);
  LdxiNodeId      parent_map = cc_one(ctx, jc, v->parentMap, NULL);
  if (!!child + !!child_map != 1 || !!parent + !!parent_map != 1) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    cc_caret(ctx, jc),
                    "the join condition %s of %s needs exactly one child "
                    "(rml:child or rml:childMap) and one parent (rml:parent or "
                    "rml:parentMap)",
                    cc_name(ctx, jc),
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
      const LdxiNode* n = cc_node(ctx, shortcut);
      memset(tm, 0, sizeof(*tm));
      tm->rule.what =
        cc_format(ctx, "%s of a join condition of %s", role, owner);
      tm->rule.caret = *caret;
      tm->type       = LDX_TERM_LITERAL;
      tm->kind       = LDXI_EXPR_REFERENCE;
      if (n->type != LDX_TERM_LITERAL) {
        st = cc_error(
          ctx, LDX_BAD_MAPPING, caret, "rml:%s must be a literal", role);
      } else {
        st = cc_compile_ref(
          ctx, src, n->value, n->len, caret, 0, tm->rule.what, &tm->ref);
      }
    } else {
      st = compile_term_map(ctx,
                            src,
                            map,
                            POS_JOIN,
                            cc_format(ctx, "a join condition of %s", owner),
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
  LdxiNodeId      ptm      = cc_one(ctx, om, v->parentTriplesMap, &pt_caret);
  memset(out, 0, sizeof(*out));
  if (!ptm) {
    return compile_term_map(ctx, source, om, POS_OBJECT, owner, &out->map);
  }
  out->is_ref = true;
  cc_compile_targets(ctx, om, &out->targets);
  out->rule.caret = *cc_caret(ctx, om);
  out->rule.what  = cc_format(ctx, "referencing object map of %s", owner);
  if (cc_one(ctx, om, v->constant, NULL) ||
      cc_one(ctx, om, v->reference, NULL) ||
      cc_one(ctx, om, v->template_, NULL)) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &out->rule.caret,
                    "the %s has rml:parentTriplesMap and also an expression",
                    out->rule.what);
  }
  out->parent = map_of(ctx, ptm);
  if (!out->parent) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    pt_caret,
                    "rml:parentTriplesMap %s of %s is not a triples map",
                    cc_name(ctx, ptm),
                    owner);
  }
  const LdxiTriple*        jcs  = NULL;
  size_t                   n    = cc_find(ctx, om, v->joinCondition, &jcs);
  const LdxiLogicalSource* psrc = out->parent->source;
  if (!psrc || !psrc->ops) {
    return LDX_BAD_MAPPING; // the parent's own error was reported
  }
  if (n) {
    out->joins =
      (LdxiJoin*)ldxi_arena_alloc(&ctx->plan->arena, n * sizeof(LdxiJoin));
    if (!out->joins) {
      return cc_note(ctx, LDX_BAD_ALLOC);
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
    cc_format(ctx, "predicate-object map %s of %s", cc_name(ctx, pom), owner);
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
    first = cc_error(ctx,
                     LDX_BAD_MAPPING,
                     cc_caret(ctx, pom),
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
  size_t            n_c    = cc_find(ctx, pom, v->object, &consts);
  size_t            n_m    = cc_find(ctx, pom, v->objectMap, &maps);
  if (!n_c && !n_m) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    cc_caret(ctx, pom),
                    "%s has no rml:object or rml:objectMap",
                    what);
  }
  out->objects = (LdxiObjectMap*)ldxi_arena_alloc(
    &ctx->plan->arena, (n_c + n_m) * sizeof(LdxiObjectMap));
  if (!out->objects) {
    return cc_note(ctx, LDX_BAD_ALLOC);
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
  LdxiNodeId      ls    = cc_one(ctx, tmn, ctx->v.logicalSource, &caret);
  if (!ls) {
    LdxiNodeId lt = cc_one(ctx, tmn, ctx->v.logicalTable, &caret);
    if (lt) {
      LdxiLogicalSource* src = NULL;
      LdxStatus          st  = cc_compile_logical_table(ctx, lt, &src);
      tm->source             = src;
      return st;
    }
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &tm->rule.caret,
                    "triples map %s has no rml:logicalSource",
                    tm->name);
  }
  LdxiLogicalSource* src = NULL;
  LdxStatus          st  = cc_compile_source(ctx, ls, &src);
  tm->source             = src;
  return st;
}

static LdxStatus
compile_map_body(Ctx* ctx, LdxiNodeId tmn, LdxiTriplesMap* tm)
{
  const Vocab* v = &ctx->v;
  if (!tm->source || !tm->source->ops) {
    return LDX_BAD_MAPPING;
  }
  const LdxiLogicalSource* src = tm->source;

  // rml:baseIRI
  const LdxCaret* b_caret = NULL;
  LdxiNodeId      base    = cc_one(ctx, tmn, v->baseIRI, &b_caret);
  if (base) {
    const LdxiNode* bn = cc_node(ctx, base);
    if (bn->type != LDX_TERM_IRI) {
      return cc_error(ctx,
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
  size_t            n_sm = cc_find(ctx, tmn, v->subjectMap, &sms);
  size_t            n_s  = cc_find(ctx, tmn, v->subject, &ss);
  if (n_sm + n_s == 0) {
    return cc_error(ctx,
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
    return cc_error(ctx,
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
    size_t            n   = cc_find(ctx, sm, v->class_, &cls);
    if (n) {
      tm->classes =
        (LdxTerm*)ldxi_arena_alloc(&ctx->plan->arena, n * sizeof(LdxTerm));
      if (!tm->classes) {
        return cc_note(ctx, LDX_BAD_ALLOC);
      }
      for (size_t i = 0; i < n; ++i) {
        const LdxiNode* c = cc_node(ctx, cls[i].o);
        if (c->type != LDX_TERM_IRI) {
          first = cc_error(ctx,
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
                      cc_format(ctx, "the subject map of %s", tm->name),
                      &tm->subject_graphs,
                      &tm->n_subject_graphs);
    first = first ? first : st;
  }

  // Predicate-object maps
  const LdxiTriple* poms = NULL;
  size_t            n_p  = cc_find(ctx, tmn, v->predicateObjectMap, &poms);
  if (n_p) {
    tm->poms =
      (LdxiPom*)ldxi_arena_alloc(&ctx->plan->arena, n_p * sizeof(LdxiPom));
    if (!tm->poms) {
      return cc_note(ctx, LDX_BAD_ALLOC);
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
  return cc_has_type(ctx, s, ctx->v.TriplesMap) ||
         cc_find(ctx, s, ctx->v.logicalSource, &t) ||
         cc_find(ctx, s, ctx->v.logicalTable, &t) ||
         cc_find(ctx, s, ctx->v.subjectMap, &t) ||
         cc_find(ctx, s, ctx->v.subject, &t);
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
      return cc_note(ctx, LDX_BAD_ALLOC);
    }
    ctx->maps[ctx->n_maps++] = (MapNode){ s, NULL };
  }
  LdxiPlan* p = ctx->plan;
  if (ctx->n_maps) {
    p->maps = (LdxiTriplesMap*)ldxi_arena_alloc(
      &p->arena, ctx->n_maps * sizeof(LdxiTriplesMap));
    if (!p->maps) {
      return cc_note(ctx, LDX_BAD_ALLOC);
    }
  }
  p->n_maps = ctx->n_maps;
  for (size_t i = 0; i < ctx->n_maps; ++i) {
    LdxiTriplesMap* tm = &p->maps[i];
    memset(tm, 0, sizeof(*tm));
    tm->name         = cc_name(ctx, ctx->maps[i].node);
    tm->rule.what    = tm->name;
    tm->rule.caret   = *cc_caret(ctx, ctx->maps[i].node);
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
    const LdxiNode* p = cc_node(ctx, all[i].p);
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
  const LdxiPrefix* all = NULL;
  size_t            n   = ldxi_graph_prefixes(ctx->g, &all);
  LdxiPlan*         p   = ctx->plan;
  if (!n) {
    return LDX_SUCCESS;
  }
  p->prefixes =
    (LdxiPlanPrefix*)ldxi_arena_alloc(&p->arena, n * sizeof(LdxiPlanPrefix));
  if (!p->prefixes) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  for (size_t i = 0; i < n; ++i) {
    if (ldxi_vocab_is_mapping_namespace(all[i].iri, strlen(all[i].iri))) {
      continue;
    }
    // Copies in the plan: the plan must not depend on the graph.
    LdxStr name = ldx_str(all[i].name);
    LdxStr iri  = ldx_str(all[i].iri);
    name.buf    = cc_str(ctx, name.buf, name.len);
    iri.buf     = cc_str(ctx, iri.buf, iri.len);
    if (!name.buf || !iri.buf) {
      return LDX_BAD_ALLOC;
    }
    p->prefixes[p->n_prefixes++] = (LdxiPlanPrefix){ name, iri };
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
  ldxi_free(plan->world, plan->targets);
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
      cc_note(&ctx, LDX_BAD_MAPPING);
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
  ldxi_free(world, ctx.target_nodes);
  if (ctx.status) {
    ldxi_plan_free(plan);
    return ctx.status;
  }
  *out = plan;
  return LDX_SUCCESS;
}
