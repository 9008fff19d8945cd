// SPDX-License-Identifier: MIT
// Shaping a dataset into schema.org JSON-LD.
//
// Two passes over the quads grouped by graph (a counting sort of the
// memgraph's (s, p, o, g) order by graph keeps (s, p, o) order inside each
// graph):
//  1. decide, per graph, which subjects are top-level nodes and which are
//     embedded at their only reference (a bit per quad), then which blank
//     nodes need a label (those that occur in more than one place);
//  2. build the JSON objects from those bits.
// Every order comes from term ids, which follow the canonical term order,
// so the output does not depend on the order the quads arrived in.
#include "write/jsonld_shape.h"

#include "write/jsonld_util.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "rdf/iri.h"
#include "rdf/utf8.h"
#include "rdf/xsd.h"
#include "vocab/schemaorg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define XSD "http://www.w3.org/2001/XMLSchema#"

// Nodes nested deeper than this become top-level nodes: consumers (and
// jansson's recursive dump) need bounded nesting.
enum { MAX_EMBED_DEPTH = 64 };

// Per-term flags.
enum {
  T_SUBJECT   = 1u << 0, // described in some graph
  T_GRAPHNAME = 1u << 1,
  T_ENTITY    = 1u << 2, // has an entity or event type: stays top-level
  T_LABEL     = 1u << 3, // blank node written with an "@id"
  T_EMBEDREF  = 1u << 4, // blank node: some reference to it is embedded
};

// Per-graph states of a subject.
enum { S_NONE = 0, S_TOP, S_CAND, S_REACHED };

typedef struct {
  LdxWorld*                world;
  const LdxiMemGraph*      mg;
  const LdxiJsonldOptions* opts;
  size_t                   n_ids;
  LdxiTermId               rdf_type;

  // Quads grouped by graph slot (0 = default graph, 1 + i = graphs[i]).
  LdxiMemQuad*      gq;
  size_t            n_q;
  size_t*           gstart; // n_graphs + 2 entries
  const LdxiTermId* graphs;
  size_t            n_graphs;
  uint8_t*          emb; // per quad in gq: its object is embedded here
  uint8_t*          top; // per quad in gq: first quad of a top-level subject

  uint8_t*  flags; // per term id
  uint32_t* label; // per blank term id: label number + 1
  uint32_t* n_top; // per term: graphs in which it is a top-level node
  uint32_t* n_obj; // per term: quads with it as object

  // Per-graph scratch (reset after each graph through `touched`).
  uint32_t*   refs;
  size_t*     last_ref;
  uint8_t*    state;
  LdxiTermId* touched;
  size_t      n_touched;
  LdxiTermId* stack; // DFS: subject ids
  uint32_t*   depth; // DFS: per subject id

  json_t* local_ctx; // prefixes used, or NULL
  bool    warned_scheme;
} Shape;

static const LdxTerm*
term(const Shape* sh, LdxiTermId id)
{
  return ldxi_memgraph_term(sh->mg, id);
}

static bool
is_node(const Shape* sh, LdxiTermId id)
{
  const LdxTerm* t = term(sh, id);
  return t && (t->type == LDX_TERM_IRI || t->type == LDX_TERM_BLANK);
}

static bool
is_blank(const Shape* sh, LdxiTermId id)
{
  const LdxTerm* t = term(sh, id);
  return t && t->type == LDX_TERM_BLANK;
}

static bool
str_is(LdxStr s, const char* lit)
{
  const size_t n = strlen(lit);
  return s.len == n && !memcmp(s.buf, lit, n);
}

// A quad whose object goes into "@type" rather than being a value.
static bool
is_type_quad(const Shape* sh, const LdxiMemQuad* q)
{
  return q->p == sh->rdf_type && term(sh, q->o)->type == LDX_TERM_IRI;
}

// ---- Names ------------------------------------------------------------------

// A schema.org local name usable as a bare term under the schema.org
// context: it expands through "@vocab" (never as a keyword, a compact IRI
// or one of the context's own keys).
static bool
safe_local(const char* s, size_t len)
{
  if (!len || s[0] == '@' || s[0] == '_') {
    return false;
  }
  for (size_t i = 0; i < len; ++i) {
    const char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '-')) {
      return false;
    }
  }
  return !ldxi_schema_context_key(s, len);
}

// A prefix name usable in a compact IRI of our own context.
static bool
safe_prefix(const char* s, size_t len)
{
  if (!len || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
    return false;
  }
  for (size_t i = 0; i < len; ++i) {
    const char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
      return false;
    }
  }
  // Redefining a schema.org term or keyword alias ("name", "id") would
  // change what the short names mean; the context's own prefixes ("foaf",
  // "dc") may be redefined: our definition says what we mean.
  const char* key = ldxi_schema_context_key(s, len);
  if (key) {
    const size_t n = strlen(key);
    return key[0] != '@' && n && strchr("/#:", key[n - 1]);
  }
  return !ldxi_schema_is_type(s, len) && !ldxi_schema_is_property(s, len) &&
         !ldxi_schema_is_member(s, len);
}

// JSON-LD reads "x:y" as a compact IRI when "x" is a term of the active
// context and "y" does not start with "//"; warn once if an IRI we write
// as is could be misread that way.
static void
check_scheme(Shape* sh, LdxStr iri)
{
  const char* colon = (const char*)memchr(iri.buf, ':', iri.len);
  if (!colon || sh->warned_scheme) {
    return;
  }
  const size_t n    = (size_t)(colon - iri.buf);
  const size_t rest = iri.len - n - 1;
  if (rest >= 2 && colon[1] == '/' && colon[2] == '/') {
    return;
  }
  bool clash = ldxi_schema_context_key(iri.buf, n) != NULL;
  if (!clash && sh->local_ctx) {
    char name[128];
    if (n < sizeof(name)) {
      memcpy(name, iri.buf, n);
      name[n] = '\0';
      clash   = json_object_get(sh->local_ctx, name) != NULL;
    }
  }
  if (clash) {
    sh->warned_scheme = true;
    ldxi_warning(sh->world,
                 NULL,
                 "JSON-LD processors read the IRI <%.*s> as a compact IRI "
                 "(\"%.*s\" is a term of the context)",
                 (int)(iri.len > 200 ? 200 : iri.len),
                 iri.buf,
                 (int)n,
                 iri.buf);
  }
}

// The key or "@type" value for the IRI `id`: a schema.org short name, a
// compact IRI with a declared prefix, or the IRI itself.
static LdxStatus
compact_iri(Shape* sh, LdxiTermId id, LdxiBuf* out)
{
  const LdxStr iri = term(sh, id)->value;
  ldxi_buf_clear(out);
  size_t      len   = 0;
  const char* local = ldxi_schema_local(iri.buf, iri.len, &len);
  if (local && safe_local(local, len)) {
    return ldxi_buf_append(out, local, len);
  }
  if (sh->opts->prefixes) {
    const LdxStr* names = NULL;
    const LdxStr* iris  = NULL;
    const size_t  n     = ldxi_memgraph_prefixes(sh->mg, &names, &iris);
    size_t        best  = SIZE_MAX;
    for (size_t i = 0; i < n; ++i) {
      const LdxStr ns = iris[i];
      if (ns.len && ns.len < iri.len && !memcmp(iri.buf, ns.buf, ns.len) &&
          strchr(":/?#[]@", ns.buf[ns.len - 1]) &&
          safe_prefix(names[i].buf, names[i].len) &&
          !(iri.len - ns.len >= 2 && iri.buf[ns.len] == '/' &&
            iri.buf[ns.len + 1] == '/') &&
          (best == SIZE_MAX || ns.len > iris[best].len)) {
        best = i;
      }
    }
    if (best != SIZE_MAX) {
      char name[128];
      if (names[best].len < sizeof(name)) {
        memcpy(name, names[best].buf, names[best].len);
        name[names[best].len] = '\0';
        if (!sh->local_ctx && !(sh->local_ctx = json_object())) {
          return LDX_BAD_ALLOC;
        }
        if (!json_object_get(sh->local_ctx, name) &&
            json_object_set_new(
              sh->local_ctx,
              name,
              json_stringn_nocheck(iris[best].buf, iris[best].len))) {
          return LDX_BAD_ALLOC;
        }
        LdxStatus st = ldxi_buf_append(out, names[best].buf, names[best].len);
        if (!st) {
          st = ldxi_buf_putc(out, ':');
        }
        return st ? st
                  : ldxi_buf_append(
                      out, iri.buf + iris[best].len, iri.len - iris[best].len);
      }
    }
  }
  check_scheme(sh, iri);
  return ldxi_buf_append(out, iri.buf, iri.len);
}

// ---- Pass 1: decisions
// --------------------------------------------------------

// True if the schema.org type `o` (an IRI) names an entity or event: a
// Thing that is neither Intangible (roles, offers, addresses, geo points,
// ratings, ...) nor an Action.  Types of other vocabularies count as
// entities: nothing says they may be folded into another node.
static bool
entity_type(const Shape* sh, LdxiTermId o)
{
  const LdxStr iri   = term(sh, o)->value;
  size_t       len   = 0;
  const char*  local = ldxi_schema_local(iri.buf, iri.len, &len);
  if (!local) {
    return true;
  }
  if (!ldxi_schema_is_type(local, len)) {
    return true; // unknown to schema.org: keep it visible
  }
  return ldxi_schema_is_subtype_of(local, len, "Thing") &&
         !ldxi_schema_is_subtype_of(local, len, "Intangible") &&
         !ldxi_schema_is_subtype_of(local, len, "Action");
}

static size_t
slot_of_graph(const Shape* sh, LdxiTermId g)
{
  if (!g) {
    return 0;
  }
  size_t lo = 0;
  size_t hi = sh->n_graphs;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (sh->graphs[mid] < g) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo + 1;
}

// First quad of subject `s` in gq[a, b), or b.
static size_t
subject_start(const Shape* sh, size_t a, size_t b, LdxiTermId s)
{
  size_t lo = a;
  size_t hi = b;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (sh->gq[mid].s < s) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// Walk the embedding tree under the top-level subject `root` of graph
// gq[a, b): every candidate met at its only reference is embedded there,
// unless it is nested too deep (it then waits in `pending` as a root).
static void
walk(Shape*      sh,
     size_t      a,
     size_t      b,
     LdxiTermId  root,
     LdxiTermId* pending,
     size_t*     n_pending)
{
  size_t n        = 0;
  sh->stack[n++]  = root;
  sh->depth[root] = 0;
  while (n) {
    const LdxiTermId s = sh->stack[--n];
    for (size_t i = subject_start(sh, a, b, s); i < b && sh->gq[i].s == s;
         ++i) {
      const LdxiTermId o = sh->gq[i].o;
      if (is_type_quad(sh, &sh->gq[i]) || !is_node(sh, o) ||
          sh->state[o] != S_CAND || sh->last_ref[o] != i) {
        continue;
      }
      if (sh->depth[s] + 1 >= MAX_EMBED_DEPTH) {
        sh->state[o]            = S_TOP;
        pending[(*n_pending)++] = o;
        continue;
      }
      sh->state[o]   = S_REACHED;
      sh->emb[i]     = 1;
      sh->depth[o]   = sh->depth[s] + 1;
      sh->stack[n++] = o;
    }
  }
}

static LdxStatus
decide_graph(Shape* sh, size_t slot)
{
  const size_t a = sh->gstart[slot];
  const size_t b = sh->gstart[slot + 1];
  sh->n_touched  = 0;
  // References inside this graph.
  for (size_t i = a; i < b; ++i) {
    const LdxiMemQuad* q = &sh->gq[i];
    if (i == a || sh->gq[i - 1].s != q->s) {
      sh->touched[sh->n_touched++] = q->s;
    }
    if (!is_type_quad(sh, q) && is_node(sh, q->o)) {
      if (!sh->refs[q->o]++) {
        sh->touched[sh->n_touched++] = q->o;
      }
      sh->last_ref[q->o] = i;
    }
  }
  // Which subjects are candidates for embedding.
  size_t n_subjects = 0;
  for (size_t i = a; i < b; ++i) {
    const LdxiTermId s = sh->gq[i].s;
    if (i > a && sh->gq[i - 1].s == s) {
      continue;
    }
    ++n_subjects;
    const bool top =
      sh->refs[s] != 1 || (slot == 0 && (sh->flags[s] & T_GRAPHNAME)) ||
      (!is_blank(sh, s) && (sh->flags[s] & T_ENTITY)) ||
      sh->gq[sh->last_ref[s]].s == s; // only referenced by itself
    sh->state[s] = top ? S_TOP : S_CAND;
  }
  // Roots in id order, then nodes pushed out by depth, then cycles.
  LdxiTermId* pending = (LdxiTermId*)ldxi_malloc(
    sh->world, (n_subjects ? n_subjects : 1) * sizeof(LdxiTermId));
  if (!pending) {
    return LDX_BAD_ALLOC;
  }
  size_t n_pending = 0;
  for (size_t i = a; i < b; ++i) {
    const LdxiTermId s = sh->gq[i].s;
    if ((i == a || sh->gq[i - 1].s != s) && sh->state[s] == S_TOP) {
      walk(sh, a, b, s, pending, &n_pending);
    }
  }
  for (size_t k = 0; k < n_pending; ++k) {
    walk(sh, a, b, pending[k], pending, &n_pending);
  }
  for (size_t i = a; i < b; ++i) {
    const LdxiTermId s = sh->gq[i].s;
    if ((i == a || sh->gq[i - 1].s != s) && sh->state[s] == S_CAND) {
      // Part of a cycle of single references: the smallest id of what is
      // left becomes top-level.
      sh->state[s] = S_TOP;
      walk(sh, a, b, s, pending, &n_pending);
      for (size_t k = 0; k < n_pending; ++k) {
        walk(sh, a, b, pending[k], pending, &n_pending);
      }
      n_pending = 0;
    }
  }
  ldxi_free(sh->world, pending);
  // Record the decisions.
  for (size_t i = a; i < b; ++i) {
    const LdxiMemQuad* q = &sh->gq[i];
    if ((i == a || sh->gq[i - 1].s != q->s) && sh->state[q->s] == S_TOP) {
      sh->top[i] = 1;
      ++sh->n_top[q->s];
    }
    if (sh->emb[i]) {
      sh->flags[q->o] |= T_EMBEDREF;
    }
  }
  for (size_t k = 0; k < sh->n_touched; ++k) {
    const LdxiTermId id = sh->touched[k];
    sh->refs[id]        = 0;
    sh->state[id]       = S_NONE;
  }
  return LDX_SUCCESS;
}

static LdxStatus
group_by_graph(Shape* sh)
{
  const LdxiMemQuad* quads = NULL;
  sh->n_q                  = ldxi_memgraph_quads(sh->mg, &quads);
  sh->n_graphs             = ldxi_memgraph_graphs(sh->mg, &sh->graphs);
  sh->n_ids                = 1;
  for (size_t i = 0; i < sh->n_q; ++i) {
    const LdxiMemQuad* q = &quads[i];
    LdxiTermId         m = q->s > q->p ? q->s : q->p;
    m                    = m > q->o ? m : q->o;
    m                    = m > q->g ? m : q->g;
    sh->n_ids            = m + 1u > sh->n_ids ? m + 1u : sh->n_ids;
  }
  const size_t nq = sh->n_q ? sh->n_q : 1;
  sh->gq = (LdxiMemQuad*)ldxi_malloc(sh->world, nq * sizeof(LdxiMemQuad));
  sh->gstart =
    (size_t*)ldxi_calloc(sh->world, sh->n_graphs + 2, sizeof(size_t));
  sh->emb = (uint8_t*)ldxi_calloc(sh->world, nq, 1);
  sh->top = (uint8_t*)ldxi_calloc(sh->world, nq, 1);
  if (!sh->gq || !sh->gstart || !sh->emb || !sh->top) {
    return LDX_BAD_ALLOC;
  }
  // Counting sort by graph slot: stable, so (s, p, o) order is kept.
  for (size_t i = 0; i < sh->n_q; ++i) {
    ++sh->gstart[slot_of_graph(sh, quads[i].g) + 1];
  }
  for (size_t k = 1; k < sh->n_graphs + 2; ++k) {
    sh->gstart[k] += sh->gstart[k - 1];
  }
  size_t* next =
    (size_t*)ldxi_malloc(sh->world, (sh->n_graphs + 1) * sizeof(size_t));
  if (!next) {
    return LDX_BAD_ALLOC;
  }
  memcpy(next, sh->gstart, (sh->n_graphs + 1) * sizeof(size_t));
  for (size_t i = 0; i < sh->n_q; ++i) {
    sh->gq[next[slot_of_graph(sh, quads[i].g)]++] = quads[i];
  }
  ldxi_free(sh->world, next);
  return LDX_SUCCESS;
}

static bool
valid_utf8(LdxStr s)
{
  for (size_t i = 0; i < s.len;) {
    uint32_t     cp = 0;
    const size_t n =
      ldxi_utf8_decode((const uint8_t*)s.buf + i, s.len - i, &cp);
    if (!n) {
      return false;
    }
    i += n;
  }
  return true;
}

static LdxStatus
decide(Shape* sh)
{
  LdxStatus st = group_by_graph(sh);
  if (st) {
    return st;
  }
  // JSON text is UTF-8: check every term once, then build strings
  // without jansson's check.
  for (LdxiTermId id = 1; id < sh->n_ids; ++id) {
    const LdxTerm* t = term(sh, id);
    if (t && (!valid_utf8(t->value) || !valid_utf8(t->datatype) ||
              !valid_utf8(t->language))) {
      return ldxi_error(sh->world,
                        LDX_BAD_ARG,
                        NULL,
                        "JSON-LD output: a term is not valid UTF-8");
    }
  }
  const size_t n = sh->n_ids;
  sh->flags      = (uint8_t*)ldxi_calloc(sh->world, n, 1);
  sh->label      = (uint32_t*)ldxi_calloc(sh->world, n, sizeof(uint32_t));
  sh->n_top      = (uint32_t*)ldxi_calloc(sh->world, n, sizeof(uint32_t));
  sh->n_obj      = (uint32_t*)ldxi_calloc(sh->world, n, sizeof(uint32_t));
  sh->refs       = (uint32_t*)ldxi_calloc(sh->world, n, sizeof(uint32_t));
  sh->last_ref   = (size_t*)ldxi_calloc(sh->world, n, sizeof(size_t));
  sh->state      = (uint8_t*)ldxi_calloc(sh->world, n, 1);
  // An id is touched at most twice per graph (as object, as subject).
  sh->touched = (LdxiTermId*)ldxi_malloc(sh->world, 2 * n * sizeof(LdxiTermId));
  sh->stack   = (LdxiTermId*)ldxi_malloc(sh->world, n * sizeof(LdxiTermId));
  sh->depth   = (uint32_t*)ldxi_calloc(sh->world, n, sizeof(uint32_t));
  if (!sh->flags || !sh->label || !sh->n_top || !sh->n_obj || !sh->refs ||
      !sh->last_ref || !sh->state || !sh->touched || !sh->stack || !sh->depth) {
    return LDX_BAD_ALLOC;
  }
  for (size_t k = 0; k < sh->n_graphs; ++k) {
    sh->flags[sh->graphs[k]] |= T_GRAPHNAME;
  }
  for (size_t i = 0; i < sh->n_q; ++i) {
    const LdxiMemQuad* q = &sh->gq[i];
    sh->flags[q->s] |= T_SUBJECT;
    ++sh->n_obj[q->o];
    if (is_type_quad(sh, q) && entity_type(sh, q->o)) {
      sh->flags[q->s] |= T_ENTITY;
    }
  }
  for (size_t slot = 0; slot <= sh->n_graphs; ++slot) {
    st = decide_graph(sh, slot);
    if (st) {
      return st;
    }
  }
  // A blank node written in one place only (one top-level node, or one
  // embedded reference) needs no label; the others are numbered in term
  // order.
  uint32_t next = 0;
  for (LdxiTermId id = 1; id < n; ++id) {
    if (!is_blank(sh, id)) {
      continue;
    }
    const uint32_t sites = sh->n_top[id] + sh->n_obj[id];
    const bool     alone = !(sh->flags[id] & T_GRAPHNAME) && sites == 1 &&
                       (sh->n_top[id] == 1 || (sh->flags[id] & T_EMBEDREF));
    if (!alone) {
      sh->label[id] = ++next;
    }
  }
  return LDX_SUCCESS;
}

// ---- Pass 2: JSON
// ---------------------------------------------------------------

static json_t*
node_ref_string(const Shape* sh, LdxiTermId id)
{
  const LdxTerm* t = term(sh, id);
  if (t->type == LDX_TERM_BLANK) {
    char buf[32];
    snprintf(buf, sizeof buf, "_:b%u", (unsigned)(sh->label[id] - 1));
    return json_string(buf);
  }
  return json_stringn_nocheck(t->value.buf, t->value.len);
}

static json_t*
value_object(LdxStr value, const char* key, LdxStr extra)
{
  json_t* v = json_object();
  if (!v ||
      json_object_set_new(
        v, "@value", json_stringn_nocheck(value.buf, value.len)) ||
      (key && json_object_set_new(
                v, key, json_stringn_nocheck(extra.buf, extra.len)))) {
    json_decref(v);
    return NULL;
  }
  return v;
}

// A canonical xsd:integer that every consumer reads back exactly.
static bool
small_integer(LdxStr s)
{
  size_t i = s.len && s.buf[0] == '-' ? 1 : 0;
  if (i == s.len || s.len - i > 15 || (s.buf[i] == '0' && s.len - i > 1) ||
      (i && s.len == 2 && s.buf[1] == '0')) {
    return false;
  }
  for (; i < s.len; ++i) {
    if (s.buf[i] < '0' || s.buf[i] > '9') {
      return false;
    }
  }
  return true;
}

static json_t*
integer_value(LdxStr s)
{
  json_int_t v   = 0;
  bool       neg = s.buf[0] == '-';
  for (size_t i = neg ? 1 : 0; i < s.len; ++i) {
    v = v * 10 + (s.buf[i] - '0');
  }
  return json_integer(neg ? -v : v);
}

// The value of an xsd:double lexical form, if it is a finite number.
static bool
finite_double(LdxStr s, double* out)
{
  char buf[64];
  if (!s.len || s.len >= sizeof buf ||
      !ldxi_xsd_is_valid(
        XSD "double", sizeof(XSD "double") - 1, s.buf, s.len)) {
    return false;
  }
  memcpy(buf, s.buf, s.len);
  buf[s.len]       = '\0';
  char*        end = NULL;
  const double d   = strtod(buf, &end);
  if (end != buf + s.len || d != d || d - d != 0) {
    return false; // INF, -INF, NaN
  }
  *out = d;
  return true;
}

// The JSON value of literal `t` as the object of a property whose
// schema.org name is `sdo` (NULL for other vocabularies).  `picked` says
// the language was chosen for the page: the value is then a plain string.
static json_t*
literal_value(const LdxTerm* t, const char* sdo, size_t sdo_len, bool picked)
{
  const LdxStr             v  = t->value;
  const LdxStr             dt = t->datatype;
  const LdxiSchemaCoercion co =
    sdo ? ldxi_schema_coercion(sdo, sdo_len) : LDXI_SCHEMA_COERCE_NONE;
  if (t->language.len) {
    return picked ? json_stringn_nocheck(v.buf, v.len)
                  : value_object(v, "@language", t->language);
  }
  if (!dt.len || str_is(dt, XSD "string")) {
    // Under the 30.0 context a plain string of a coerced property would
    // become an IRI or a schema:Date; write it as a plain string only when
    // it reads the same under every context (a URL, a date).
    const bool plain =
      co == LDXI_SCHEMA_COERCE_ID     ? ldxi_iri_is_valid(v.buf, v.len)
      : co == LDXI_SCHEMA_COERCE_DATE ? ldxi_date_shape(v.buf, v.len) != 0
                                      : true;
    return plain ? json_stringn_nocheck(v.buf, v.len)
                 : value_object(v, NULL, (LdxStr){ NULL, 0 });
  }
  if (sdo && co != LDXI_SCHEMA_COERCE_ID &&
      ldxi_is_date_datatype(dt.buf, dt.len)) {
    return json_stringn_nocheck(v.buf,
                                v.len); // schema.org's Date, DateTime, Time
  }
  if (co == LDXI_SCHEMA_COERCE_NONE) {
    if (str_is(dt, XSD "integer") && small_integer(v)) {
      return integer_value(v);
    }
    double d = 0;
    if (str_is(dt, XSD "double") && finite_double(v, &d)) {
      // JSON-LD processors rewrite a double to its canonical form
      // whatever we write (and pyld 2.0.3 fails on a string @value typed
      // xsd:double), so write the number: plain when it has a fraction
      // (read back as xsd:double, as Google's examples write latitude),
      // in a value object when it looks like an integer.
      if (d != (double)(long long)d && d > -1e21 && d < 1e21) {
        return json_real(d);
      }
      json_t* obj = json_object();
      if (!obj || json_object_set_new(obj, "@value", json_real(d)) ||
          json_object_set_new(
            obj, "@type", json_stringn_nocheck(dt.buf, dt.len))) {
        json_decref(obj);
        return NULL;
      }
      return obj;
    }
    if (str_is(dt, XSD "boolean") &&
        (str_is(v, "true") || str_is(v, "false"))) {
      return json_boolean(v.buf[0] == 't');
    }
  }
  return value_object(v, "@type", dt);
}

typedef struct {
  char*   key;
  json_t* values; // array
} Prop;

// "name" first, then schema.org short names, then other vocabularies.
static int
key_rank(const char* k)
{
  return !strcmp(k, "name") ? 0 : strchr(k, ':') ? 2 : 1;
}

static int
cmp_props(const void* a, const void* b)
{
  const char* x = ((const Prop*)a)->key;
  const char* y = ((const Prop*)b)->key;
  const int   r = key_rank(x) - key_rank(y);
  return r ? r : strcmp(x, y);
}

static LdxStatus
build_node(Shape* sh, size_t a, size_t b, LdxiTermId s, bool top, json_t** out);

// True if literal `t` takes part in the choice of a language: a string,
// tagged or not.
static bool
is_text(const LdxTerm* t)
{
  return t->type == LDX_TERM_LITERAL && (t->language.len || !t->datatype.len ||
                                         str_is(t->datatype, XSD "string"));
}

// Which values of the run q[0, n) of one property to write for the page
// language: keep[i] is set for the values to write; picked[i] for those
// written as plain strings.  The language is chosen over all the graphs
// (every statement of the subject with this property), so that a node
// reads in one language whichever graphs a page merges.
static void
pick_languages(const Shape*       sh,
               const LdxiMemQuad* q,
               size_t             n,
               uint8_t*           keep,
               uint8_t*           picked)
{
  for (size_t i = 0; i < n; ++i) {
    keep[i]   = 1;
    picked[i] = 0;
  }
  if (!sh->opts->lang || !n) {
    return;
  }
  const LdxiMemQuad* all = NULL;
  const size_t n_all = ldxi_memgraph_by_subject(sh->mg, q[0].s, q[0].p, &all);
  unsigned     best  = UINT32_MAX;
  LdxStr       best_tag = { NULL, 0 };
  bool         any_tag  = false;
  for (size_t i = 0; i < n_all; ++i) {
    const LdxTerm* t = term(sh, all[i].o);
    if (!is_text(t)) {
      continue;
    }
    any_tag |= t->language.len > 0;
    const unsigned r = ldxi_lang_rank(
      t->language.buf, t->language.len, sh->opts->lang, sh->opts->fallback);
    // Among equally good tags the smallest wins, so the choice is stable.
    if (r < best ||
        (r == best && best_tag.len &&
         (t->language.len < best_tag.len ||
          (t->language.len == best_tag.len &&
           memcmp(t->language.buf, best_tag.buf, best_tag.len) < 0)))) {
      best     = r;
      best_tag = t->language;
    }
  }
  if (!any_tag) {
    return; // nothing to choose: untagged strings only
  }
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = term(sh, q[i].o);
    if (!is_text(t)) {
      continue;
    }
    const unsigned r = ldxi_lang_rank(
      t->language.buf, t->language.len, sh->opts->lang, sh->opts->fallback);
    const bool same_tag =
      t->language.len == best_tag.len &&
      (!best_tag.len || !memcmp(t->language.buf, best_tag.buf, best_tag.len));
    keep[i]   = r == best && same_tag;
    picked[i] = keep[i] && r <= LDXI_LANG_SAME_PRIMARY;
  }
}

// The value of the object of quad `i` (not a type).
static LdxStatus
object_value(Shape*      sh,
             size_t      a,
             size_t      b,
             size_t      i,
             const char* sdo,
             size_t      sdo_len,
             bool        picked,
             json_t**    out)
{
  const LdxiMemQuad* q = &sh->gq[i];
  const LdxTerm*     t = term(sh, q->o);
  *out                 = NULL;
  if (t->type == LDX_TERM_LITERAL) {
    *out = literal_value(t, sdo, sdo_len, picked);
    return *out ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  if (sh->emb[i]) {
    return build_node(sh, a, b, q->o, false, out);
  }
  const bool described = sh->flags[q->o] & T_SUBJECT;
  if (t->type == LDX_TERM_IRI && sdo && !described) {
    // Google's convention: URLs (and enumeration members such as
    // https://schema.org/EventScheduled) as plain strings.
    const LdxiSchemaCoercion co = ldxi_schema_coercion(sdo, sdo_len);
    size_t                   ml = 0;
    const char* m = ldxi_schema_local(t->value.buf, t->value.len, &ml);
    if (co == LDXI_SCHEMA_COERCE_ID ||
        (co == LDXI_SCHEMA_COERCE_NONE && m && ldxi_schema_is_member(m, ml))) {
      *out = json_stringn_nocheck(t->value.buf, t->value.len);
      return *out ? LDX_SUCCESS : LDX_BAD_ALLOC;
    }
  }
  if (t->type == LDX_TERM_IRI) {
    check_scheme(sh, t->value);
  }
  json_t* ref = json_object();
  if (!ref || json_object_set_new(ref, "@id", node_ref_string(sh, q->o))) {
    json_decref(ref);
    return LDX_BAD_ALLOC;
  }
  *out = ref;
  return LDX_SUCCESS;
}

// True if some type of `s` (in any graph) is in the domain of inLanguage.
static bool
takes_in_language(const Shape* sh, LdxiTermId s)
{
  const LdxiMemQuad* q = NULL;
  const size_t       n = ldxi_memgraph_by_subject(sh->mg, s, sh->rdf_type, &q);
  const char*        doms[16];
  const size_t       nd =
    ldxi_schema_domains("inLanguage", 10, doms, sizeof doms / sizeof doms[0]);
  for (size_t i = 0; i < n; ++i) {
    const LdxStr iri   = term(sh, q[i].o)->value;
    size_t       len   = 0;
    const char*  local = term(sh, q[i].o)->type == LDX_TERM_IRI
                           ? ldxi_schema_local(iri.buf, iri.len, &len)
                           : NULL;
    for (size_t d = 0; local && d < nd && d < 16; ++d) {
      if (ldxi_schema_is_subtype_of(local, len, doms[d])) {
        return true;
      }
    }
  }
  return false;
}

static void
free_props(LdxWorld* world, Prop* props, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    ldxi_free(world, props[i].key);
    json_decref(props[i].values);
  }
}

static int
cmp_type_names(const void* a, const void* b)
{
  const char* x = json_string_value(*(json_t* const*)a);
  const char* y = json_string_value(*(json_t* const*)b);
  const int   r = (strchr(x, ':') != NULL) - (strchr(y, ':') != NULL);
  return r ? r : strcmp(x, y);
}

// schema.org types (short names) first, then the others.
static LdxStatus
sort_types(json_t* types)
{
  const size_t n = json_array_size(types);
  json_t*      v[64];
  if (n > 64) {
    return LDX_SUCCESS; // keep term order
  }
  for (size_t i = 0; i < n; ++i) {
    v[i] = json_incref(json_array_get(types, i));
  }
  qsort(v, n, sizeof(json_t*), cmp_type_names);
  json_array_clear(types);
  LdxStatus st = LDX_SUCCESS;
  for (size_t i = 0; i < n; ++i) {
    if (json_array_append_new(types, v[i])) {
      st = LDX_BAD_ALLOC;
    }
  }
  return st;
}

static LdxStatus
build_node(Shape* sh, size_t a, size_t b, LdxiTermId s, bool top, json_t** out)
{
  *out            = NULL;
  json_t*   node  = json_object();
  json_t*   types = json_array();
  LdxiBuf   key;
  LdxStatus st = node && types ? LDX_SUCCESS : LDX_BAD_ALLOC;
  ldxi_buf_init(&key, sh->world, 0);
  if (!st && (!is_blank(sh, s) || sh->label[s])) {
    if (!is_blank(sh, s)) {
      check_scheme(sh, term(sh, s)->value);
    }
    st = json_object_set_new(node, "@id", node_ref_string(sh, s))
           ? LDX_BAD_ALLOC
           : LDX_SUCCESS;
  }

  const size_t first = subject_start(sh, a, b, s);
  size_t       end   = first;
  while (end < b && sh->gq[end].s == s) {
    ++end;
  }
  // One entry per predicate run; entries with the same key are merged
  // below (http and https schema.org IRIs share their short name).
  Prop*    props = (Prop*)ldxi_calloc(sh->world, end - first + 1, sizeof(Prop));
  uint8_t* keep  = (uint8_t*)ldxi_malloc(sh->world, end - first + 1);
  uint8_t* picked          = (uint8_t*)ldxi_malloc(sh->world, end - first + 1);
  size_t   n_props         = 0;
  bool     has_in_language = false;
  if (!props || !keep || !picked) {
    st = LDX_BAD_ALLOC;
  }
  for (size_t i = first; !st && i < end;) {
    const LdxiTermId p = sh->gq[i].p;
    size_t           j = i;
    while (j < end && sh->gq[j].p == p) {
      ++j;
    }
    pick_languages(sh, &sh->gq[i], j - i, keep, picked);
    size_t       sdo_len = 0;
    const LdxStr piri    = term(sh, p)->value;
    const char*  sdo     = ldxi_schema_local(piri.buf, piri.len, &sdo_len);
    if (sdo && sdo_len == 10 && !memcmp(sdo, "inLanguage", 10)) {
      has_in_language = true;
    }
    json_t* values = NULL;
    for (size_t k = i; !st && k < j; ++k) {
      if (is_type_quad(sh, &sh->gq[k])) {
        LdxiBuf tb;
        ldxi_buf_init(&tb, sh->world, 0);
        st = compact_iri(sh, sh->gq[k].o, &tb);
        if (!st && json_array_append_new(
                     types, json_stringn_nocheck(ldxi_buf_cstr(&tb), tb.len))) {
          st = LDX_BAD_ALLOC;
        }
        ldxi_buf_free(&tb);
        continue;
      }
      if (!keep[k - i]) {
        continue;
      }
      json_t* v = NULL;
      st        = object_value(sh, a, b, k, sdo, sdo_len, picked[k - i], &v);
      if (!st && !values && !(values = json_array())) {
        json_decref(v);
        st = LDX_BAD_ALLOC;
      }
      if (!st && json_array_append_new(values, v)) {
        st = LDX_BAD_ALLOC;
      }
    }
    if (!st && values) {
      st = compact_iri(sh, p, &key); // only for keys that are written
    }
    if (!st && values) {
      size_t m = 0;
      while (m < n_props && strcmp(props[m].key, ldxi_buf_cstr(&key))) {
        ++m;
      }
      if (m < n_props) {
        st = json_array_extend(props[m].values, values) ? LDX_BAD_ALLOC
                                                        : LDX_SUCCESS;
        json_decref(values);
      } else {
        props[n_props].key = ldxi_strndup(sh->world, key.data, key.len);
        if (!props[n_props].key) {
          json_decref(values);
          st = LDX_BAD_ALLOC;
        } else {
          props[n_props++].values = values;
        }
      }
    } else {
      json_decref(values);
    }
    i = j;
  }

  if (!st && json_array_size(types) > 1) {
    st = sort_types(types);
  }
  if (!st && json_array_size(types)) {
    json_t* tv = json_array_size(types) == 1
                   ? json_incref(json_array_get(types, 0))
                   : json_incref(types);
    st = json_object_set_new(node, "@type", tv) ? LDX_BAD_ALLOC : LDX_SUCCESS;
  }
  if (!st && top && sh->opts->lang && !has_in_language &&
      takes_in_language(sh, s)) {
    json_t* v = json_array();
    if (!v || json_array_append_new(v, json_string(sh->opts->lang))) {
      json_decref(v);
      st = LDX_BAD_ALLOC;
    } else {
      props[n_props].key = ldxi_strdup(sh->world, "inLanguage");
      if (!props[n_props].key) {
        json_decref(v);
        st = LDX_BAD_ALLOC;
      } else {
        props[n_props++].values = v;
      }
    }
  }
  if (!st && n_props > 1) {
    qsort(props, n_props, sizeof(Prop), cmp_props);
  }
  for (size_t m = 0; !st && m < n_props; ++m) {
    json_t* v = json_array_size(props[m].values) == 1
                  ? json_incref(json_array_get(props[m].values, 0))
                  : json_incref(props[m].values);
    st =
      json_object_set_new(node, props[m].key, v) ? LDX_BAD_ALLOC : LDX_SUCCESS;
  }
  if (props) {
    free_props(sh->world, props, n_props);
  }
  ldxi_free(sh->world, props);
  ldxi_free(sh->world, keep);
  ldxi_free(sh->world, picked);
  ldxi_buf_free(&key);
  json_decref(types);
  if (st) {
    json_decref(node);
    return st;
  }
  *out = node;
  return LDX_SUCCESS;
}

// The top-level nodes of graph slot `slot`, in id order, into `nodes`
// (and their ids into `ids`).
static LdxStatus
graph_nodes(Shape*      sh,
            size_t      slot,
            json_t*     nodes,
            LdxiTermId* ids,
            size_t*     n_ids)
{
  const size_t a = sh->gstart[slot];
  const size_t b = sh->gstart[slot + 1];
  for (size_t i = a; i < b; ++i) {
    if (!sh->top[i]) {
      continue;
    }
    json_t*   node = NULL;
    LdxStatus st   = build_node(sh, a, b, sh->gq[i].s, true, &node);
    if (st) {
      return st;
    }
    if (json_array_append_new(nodes, node)) {
      return LDX_BAD_ALLOC;
    }
    if (ids) {
      ids[(*n_ids)++] = sh->gq[i].s;
    }
  }
  return LDX_SUCCESS;
}

static int
cmp_keys(const void* a, const void* b)
{
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// A copy of the flat object `obj` with its keys in byte order, or NULL.
static json_t*
sorted_object(LdxWorld* world, json_t* obj)
{
  const size_t n    = json_object_size(obj);
  const char** keys = (const char**)ldxi_calloc(world, n + 1, sizeof(char*));
  json_t*      out  = keys ? json_object() : NULL;
  const char*  k    = NULL;
  json_t*      v    = NULL;
  size_t       i    = 0;
  json_object_foreach(obj, k, v)
  {
    if (keys) {
      keys[i++] = k;
    }
  }
  if (out && n > 1) {
    qsort(keys, n, sizeof(char*), cmp_keys);
  }
  for (i = 0; out && i < n; ++i) {
    if (json_object_set(out, keys[i], json_object_get(obj, keys[i]))) {
      json_decref(out);
      out = NULL;
    }
  }
  ldxi_free(world, (void*)keys);
  return out;
}

static LdxStatus
build_document(Shape* sh, json_t** doc)
{
  // Default graph first; then each named graph goes into the node that
  // names it (merged) or a node of its own, in id order.
  json_t*     top   = json_array();
  json_t*     items = json_array();
  LdxiTermId* ids   = (LdxiTermId*)ldxi_malloc(
    sh->world, (sh->gstart[1] + 1) * sizeof(LdxiTermId));
  size_t    n_top = 0;
  LdxStatus st    = top && items && ids ? LDX_SUCCESS : LDX_BAD_ALLOC;
  if (!st) {
    st = graph_nodes(sh, 0, top, ids, &n_top);
  }
  size_t t = 0;
  for (size_t k = 0; !st && k < sh->n_graphs; ++k) {
    const LdxiTermId g     = sh->graphs[k];
    json_t*          nodes = json_array();
    st = nodes ? graph_nodes(sh, k + 1, nodes, NULL, NULL) : LDX_BAD_ALLOC;
    while (!st && t < n_top && ids[t] < g) {
      st = json_array_append(items, json_array_get(top, t++)) ? LDX_BAD_ALLOC
                                                              : LDX_SUCCESS;
    }
    if (!st && t < n_top && ids[t] == g) {
      json_t* named = json_array_get(top, t++);
      st            = json_object_set(named, "@graph", nodes) ||
               json_array_append(items, named)
                        ? LDX_BAD_ALLOC
                        : LDX_SUCCESS;
    } else if (!st) {
      json_t* named = json_object();
      if (!named || json_object_set_new(named, "@id", node_ref_string(sh, g)) ||
          json_object_set(named, "@graph", nodes)) {
        json_decref(named);
        st = LDX_BAD_ALLOC;
      } else if (json_array_append_new(items, named)) { // frees `named`
        st = LDX_BAD_ALLOC;
      }
    }
    json_decref(nodes);
  }
  while (!st && t < n_top) {
    st = json_array_append(items, json_array_get(top, t++)) ? LDX_BAD_ALLOC
                                                            : LDX_SUCCESS;
  }
  json_decref(top);
  ldxi_free(sh->world, ids);

  json_t* ctx = NULL;
  if (!st) {
    if (sh->local_ctx) {
      json_t* sorted = sorted_object(sh->world, sh->local_ctx);
      ctx            = json_array();
      st             = !sorted || !ctx ||
               json_array_append_new(ctx, json_string(LDXI_SCHEMA_CONTEXT)) ||
               json_array_append(ctx, sorted)
                         ? LDX_BAD_ALLOC
                         : LDX_SUCCESS;
      json_decref(sorted);
    } else {
      ctx = json_string(LDXI_SCHEMA_CONTEXT);
      st  = ctx ? LDX_SUCCESS : LDX_BAD_ALLOC;
    }
  }
  json_t* d = st ? NULL : json_object();
  if (!st && (!d || json_object_set(d, "@context", ctx))) {
    st = LDX_BAD_ALLOC;
  }
  if (!st && json_array_size(items) == 1) {
    // One node: it is the document (its "@id" and "@graph" keep their
    // meaning at the top).
    const char* k = NULL;
    json_t*     v = NULL;
    json_object_foreach(json_array_get(items, 0), k, v)
    {
      if (!st && json_object_set(d, k, v)) {
        st = LDX_BAD_ALLOC;
      }
    }
  } else if (!st && json_object_set(d, "@graph", items)) {
    st = LDX_BAD_ALLOC;
  }
  json_decref(ctx);
  json_decref(items);
  if (st) {
    json_decref(d);
    return st;
  }
  *doc = d;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_jsonld_shape(LdxWorld*                world,
                  const LdxiMemGraph*      graph,
                  const LdxiJsonldOptions* options,
                  json_t**                 doc)
{
  static const LdxiJsonldOptions none = { NULL, NULL, false };
  Shape                          sh;
  memset(&sh, 0, sizeof sh);
  sh.world     = world;
  sh.mg        = graph;
  sh.opts      = options ? options : &none;
  sh.rdf_type  = ldxi_memgraph_iri(graph, RDF_TYPE);
  *doc         = NULL;
  LdxStatus st = decide(&sh);
  if (!st) {
    st = build_document(&sh, doc);
  }
  ldxi_free(world, sh.gq);
  ldxi_free(world, sh.gstart);
  ldxi_free(world, sh.emb);
  ldxi_free(world, sh.top);
  ldxi_free(world, sh.flags);
  ldxi_free(world, sh.label);
  ldxi_free(world, sh.n_top);
  ldxi_free(world, sh.n_obj);
  ldxi_free(world, sh.refs);
  ldxi_free(world, sh.last_ref);
  ldxi_free(world, sh.state);
  ldxi_free(world, sh.touched);
  ldxi_free(world, sh.stack);
  ldxi_free(world, sh.depth);
  json_decref(sh.local_ctx);
  return st;
}
