// SPDX-License-Identifier: MIT
#include "mapping/graph.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "mapping/vocab.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct LdxiGraphImpl {
  LdxWorld*   world;
  LdxiNode*   nodes; // index 0 unused
  size_t      n_nodes;
  size_t      cap_nodes;
  LdxiNodeId* table; // open addressing over nodes, 0 = empty
  size_t      table_size;
  LdxiTriple* triples;
  size_t      n_triples;
  size_t      cap_triples;
  LdxiDoc*    docs;
  size_t      n_docs;
  size_t      cap_docs;
  LdxiPrefix* prefixes;
  size_t      n_prefixes;
  size_t      cap_prefixes;
  LdxiBuf     scratch;
};

static uint64_t
hash_bytes(uint64_t h, const void* data, size_t len)
{
  const unsigned char* p = (const unsigned char*)data;
  for (size_t i = 0; i < len; ++i) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static uint64_t
hash_term(LdxTermType type,
          LdxStr      value,
          LdxStr      datatype,
          LdxStr      language,
          uint32_t    scope)
{
  uint64_t h = 1469598103934665603ULL;
  h          = hash_bytes(h, &type, sizeof(type));
  h          = hash_bytes(h, value.buf, value.len);
  h          = hash_bytes(h, "\0", 1);
  h          = hash_bytes(h, datatype.buf, datatype.len);
  h          = hash_bytes(h, "\0", 1);
  h          = hash_bytes(h, language.buf, language.len);
  if (type == LDX_TERM_BLANK) {
    h = hash_bytes(h, &scope, sizeof(scope));
  }
  return h;
}

static bool
str_eq(const char* s, LdxStr v)
{
  if (!s) {
    return v.len == 0;
  }
  return strlen(s) == v.len && (!v.len || !memcmp(s, v.buf, v.len));
}

static bool
node_matches(const LdxiNode* n,
             LdxTermType     type,
             LdxStr          value,
             LdxStr          datatype,
             LdxStr          language,
             uint32_t        scope,
             bool            generated)
{
  return n->type == type && n->len == value.len &&
         !memcmp(n->value, value.buf, value.len) &&
         str_eq(n->datatype, datatype) && str_eq(n->language, language) &&
         (type != LDX_TERM_BLANK ||
          (n->doc == scope && n->generated == generated));
}

LdxStatus
ldxi_graph_new(LdxWorld* world, LdxiGraph** out)
{
  LdxiGraph* g = (LdxiGraph*)ldxi_calloc(world, 1, sizeof(LdxiGraph));
  if (!g) {
    return LDX_BAD_ALLOC;
  }
  g->world   = world;
  g->n_nodes = 1;
  ldxi_buf_init(&g->scratch, world, 0);
  *out = g;
  return LDX_SUCCESS;
}

void
ldxi_graph_free(LdxiGraph* g)
{
  if (!g) {
    return;
  }
  for (size_t i = 1; i < g->n_nodes; ++i) {
    ldxi_free(g->world, (void*)g->nodes[i].value);
    ldxi_free(g->world, (void*)g->nodes[i].datatype);
    ldxi_free(g->world, (void*)g->nodes[i].language);
  }
  for (size_t i = 0; i < g->n_docs; ++i) {
    ldxi_free(g->world, g->docs[i].path);
    ldxi_free(g->world, g->docs[i].dir);
  }
  for (size_t i = 0; i < g->n_prefixes; ++i) {
    ldxi_free(g->world, g->prefixes[i].name);
    ldxi_free(g->world, g->prefixes[i].iri);
  }
  ldxi_free(g->world, g->prefixes);
  ldxi_free(g->world, g->nodes);
  ldxi_free(g->world, g->table);
  ldxi_free(g->world, g->triples);
  ldxi_free(g->world, g->docs);
  ldxi_buf_free(&g->scratch);
  ldxi_free(g->world, g);
}

// The absolute directory of `path` (relative paths are taken from the
// current working directory).
static char*
absolute_dir(LdxWorld* world, const char* path)
{
  const char* slash = strrchr(path, '/');
  LdxiBuf     buf;
  ldxi_buf_init(&buf, world, 0);
  if (path[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd)) || ldxi_buf_puts(&buf, cwd) ||
        (slash && ldxi_buf_putc(&buf, '/'))) {
      ldxi_buf_free(&buf);
      return NULL;
    }
  }
  if (slash &&
      ldxi_buf_append(&buf, path, (size_t)(slash - path) + (slash == path))) {
    ldxi_buf_free(&buf);
    return NULL;
  }
  if (!buf.data) {
    return ldxi_strdup(world, "/");
  }
  return buf.data; // ownership moves to the caller
}

LdxStatus
ldxi_graph_add_doc(LdxiGraph* g, const char* path, uint32_t* doc)
{
  if (ldxi_grow(g->world,
                (void**)&g->docs,
                &g->cap_docs,
                g->n_docs + 1,
                sizeof(LdxiDoc))) {
    return LDX_BAD_ALLOC;
  }
  LdxiDoc d = { ldxi_strdup(g->world, path), absolute_dir(g->world, path) };
  if (!d.path || !d.dir) {
    ldxi_free(g->world, d.path);
    ldxi_free(g->world, d.dir);
    return LDX_BAD_ALLOC;
  }
  g->docs[g->n_docs] = d;
  *doc               = (uint32_t)g->n_docs++;
  return LDX_SUCCESS;
}

const LdxiDoc*
ldxi_graph_doc(const LdxiGraph* g, uint32_t doc)
{
  return doc < g->n_docs ? &g->docs[doc] : NULL;
}

static LdxStatus
rehash(LdxiGraph* g)
{
  size_t      size = g->table_size ? g->table_size * 2 : 256;
  LdxiNodeId* table =
    (LdxiNodeId*)ldxi_calloc(g->world, size, sizeof(LdxiNodeId));
  if (!table) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 1; i < g->n_nodes; ++i) {
    const LdxiNode* n = &g->nodes[i];
    uint64_t        h = hash_term(n->type,
                           (LdxStr){ n->value, n->len },
                           ldx_str(n->datatype),
                           ldx_str(n->language),
                           n->doc);
    size_t          j = (size_t)h & (size - 1);
    while (table[j]) {
      j = (j + 1) & (size - 1);
    }
    table[j] = (LdxiNodeId)i;
  }
  ldxi_free(g->world, g->table);
  g->table      = table;
  g->table_size = size;
  return LDX_SUCCESS;
}

static LdxStatus
intern(LdxiGraph*          g,
       uint32_t            doc,
       const LdxiReadTerm* t,
       bool                as_subject,
       LdxiNodeId*         id)
{
  LdxStr value  = t->value;
  bool   legacy = false;
  if (t->type == LDX_TERM_IRI &&
      ldxi_vocab_rewrite(value.buf, value.len, &g->scratch)) {
    value  = (LdxStr){ g->scratch.data, g->scratch.len };
    legacy = true;
  }
  // xsd:string is the same as no datatype; keep one spelling.
  LdxStr datatype = t->datatype;
  if (str_eq(LDX_XSD_STRING, datatype)) {
    datatype = (LdxStr){ NULL, 0 };
  }
  if ((g->n_nodes + 1) * 2 > g->table_size && rehash(g)) {
    return LDX_BAD_ALLOC;
  }
  uint64_t h = hash_term(t->type, value, datatype, t->language, doc);
  size_t   j = (size_t)h & (g->table_size - 1);
  while (g->table[j]) {
    LdxiNode* n = &g->nodes[g->table[j]];
    if (node_matches(
          n, t->type, value, datatype, t->language, doc, t->generated)) {
      // Prefer the place where a resource is described as a subject.
      if (as_subject && !n->generated && n->type != LDX_TERM_LITERAL &&
          !n->caret.line) {
        n->caret = t->caret;
      }
      *id = g->table[j];
      return LDX_SUCCESS;
    }
    j = (j + 1) & (g->table_size - 1);
  }
  if (ldxi_grow(g->world,
                (void**)&g->nodes,
                &g->cap_nodes,
                g->n_nodes + 1,
                sizeof(LdxiNode))) {
    return LDX_BAD_ALLOC;
  }
  LdxiNode n = { t->type,  NULL, value.len,    NULL,  NULL,
                 t->caret, doc,  t->generated, legacy };
  n.value    = ldxi_strndup(g->world, value.buf, value.len);
  if (datatype.len) {
    n.datatype = ldxi_strndup(g->world, datatype.buf, datatype.len);
  }
  if (t->language.len) {
    n.language = ldxi_strndup(g->world, t->language.buf, t->language.len);
  }
  if (!n.value || (datatype.len && !n.datatype) ||
      (t->language.len && !n.language)) {
    ldxi_free(g->world, (void*)n.value);
    ldxi_free(g->world, (void*)n.datatype);
    ldxi_free(g->world, (void*)n.language);
    return LDX_BAD_ALLOC;
  }
  if (!as_subject && t->type == LDX_TERM_IRI) {
    n.caret.line = 0; // an IRI's useful position is where it is described
  }
  g->nodes[g->n_nodes] = n;
  g->table[j]          = (LdxiNodeId)g->n_nodes;
  *id                  = (LdxiNodeId)g->n_nodes++;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_graph_add(LdxiGraph*          g,
               uint32_t            doc,
               const LdxiReadTerm* s,
               const LdxiReadTerm* p,
               const LdxiReadTerm* o)
{
  LdxiTriple t = { 0, 0, 0, o->caret };
  LdxStatus  st;
  if ((st = intern(g, doc, s, true, &t.s)) ||
      (st = intern(g, doc, p, false, &t.p)) ||
      (st = intern(g, doc, o, false, &t.o))) {
    return st;
  }
  if (ldxi_grow(g->world,
                (void**)&g->triples,
                &g->cap_triples,
                g->n_triples + 1,
                sizeof(LdxiTriple))) {
    return LDX_BAD_ALLOC;
  }
  g->triples[g->n_triples++] = t;
  return LDX_SUCCESS;
}

static int
cmp_triple(const void* a, const void* b)
{
  const LdxiTriple* x = (const LdxiTriple*)a;
  const LdxiTriple* y = (const LdxiTriple*)b;
  if (x->s != y->s) {
    return x->s < y->s ? -1 : 1;
  }
  if (x->p != y->p) {
    return x->p < y->p ? -1 : 1;
  }
  // Keep document order among values of one property.
  if (x->caret.byte != y->caret.byte) {
    return x->caret.byte < y->caret.byte ? -1 : 1;
  }
  return x->o < y->o ? -1 : x->o > y->o;
}

LdxStatus
ldxi_graph_index(LdxiGraph* g)
{
  if (g->n_triples) {
    qsort(g->triples, g->n_triples, sizeof(LdxiTriple), cmp_triple);
  }
  // Drop duplicate statements (the same triple stated twice).
  size_t out = 0;
  for (size_t i = 0; i < g->n_triples; ++i) {
    if (out && g->triples[out - 1].s == g->triples[i].s &&
        g->triples[out - 1].p == g->triples[i].p &&
        g->triples[out - 1].o == g->triples[i].o) {
      continue;
    }
    g->triples[out++] = g->triples[i];
  }
  g->n_triples = out;
  return LDX_SUCCESS;
}

const LdxiNode*
ldxi_graph_node(const LdxiGraph* g, LdxiNodeId id)
{
  return id && id < g->n_nodes ? &g->nodes[id] : NULL;
}

LdxiNodeId
ldxi_graph_iri(const LdxiGraph* g, const char* iri)
{
  if (!g->table_size) {
    return 0;
  }
  LdxStr   v    = ldx_str(iri);
  LdxStr   none = { NULL, 0 };
  uint64_t h    = hash_term(LDX_TERM_IRI, v, none, none, 0);
  size_t   j    = (size_t)h & (g->table_size - 1);
  while (g->table[j]) {
    if (node_matches(
          &g->nodes[g->table[j]], LDX_TERM_IRI, v, none, none, 0, false)) {
      return g->table[j];
    }
    j = (j + 1) & (g->table_size - 1);
  }
  return 0;
}

size_t
ldxi_graph_find(const LdxiGraph*   g,
                LdxiNodeId         s,
                LdxiNodeId         p,
                const LdxiTriple** first)
{
  // Binary search for the first (s, p) statement.
  size_t lo = 0;
  size_t hi = g->n_triples;
  while (lo < hi) {
    size_t            mid = lo + (hi - lo) / 2;
    const LdxiTriple* t   = &g->triples[mid];
    if (t->s < s || (t->s == s && t->p < p)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  size_t end = lo;
  while (end < g->n_triples && g->triples[end].s == s &&
         g->triples[end].p == p) {
    ++end;
  }
  *first = g->triples + lo;
  return end - lo;
}

LdxStatus
ldxi_graph_add_prefix(LdxiGraph* g, LdxStr name, LdxStr iri)
{
  for (size_t i = 0; i < g->n_prefixes; ++i) {
    if (str_eq(g->prefixes[i].name, name)) {
      return LDX_SUCCESS;
    }
  }
  if (ldxi_grow(g->world,
                (void**)&g->prefixes,
                &g->cap_prefixes,
                g->n_prefixes + 1,
                sizeof(LdxiPrefix))) {
    return LDX_BAD_ALLOC;
  }
  LdxiPrefix p = { ldxi_strndup(g->world, name.buf ? name.buf : "", name.len),
                   ldxi_strndup(g->world, iri.buf ? iri.buf : "", iri.len) };
  if (!p.name || !p.iri) {
    ldxi_free(g->world, p.name);
    ldxi_free(g->world, p.iri);
    return LDX_BAD_ALLOC;
  }
  g->prefixes[g->n_prefixes++] = p;
  return LDX_SUCCESS;
}

size_t
ldxi_graph_prefixes(const LdxiGraph* g, const LdxiPrefix** first)
{
  *first = g->prefixes;
  return g->n_prefixes;
}

size_t
ldxi_graph_triples(const LdxiGraph* g, const LdxiTriple** first)
{
  *first = g->triples;
  return g->n_triples;
}
