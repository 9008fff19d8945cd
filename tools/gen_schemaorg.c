// SPDX-License-Identifier: MIT
// gen_schemaorg: compile the shipped schema.org release into C tables.
//
//   gen_schemaorg VERSION VOCAB.ttl CONTEXT.jsonld > schemaorg_tables.c
//
// Reads the vocabulary with our own Turtle reader and the JSON-LD context
// with jansson, and writes src/vocab/schemaorg_tables.c (layout in
// src/vocab/schemaorg_tables.h).  The output depends only on the input
// files: terms are sorted by name, every list is sorted, so `make check`
// can regenerate the checked-in file and diff it.
#include "core/alloc.h"
#include "core/buf.h"
#include "rdf/turtle_reader.h"
#include "vocab/schemaorg_tables.h"

#include "ldexport.h"

#include <jansson.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SDO_HTTPS "https://schema.org/"
#define SDO_HTTP "http://schema.org/"
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"

typedef enum {
  F_TYPE = 1,   // rdf:type <schema term>
  F_CLASS,      // rdf:type rdfs:Class
  F_PROPERTY,   // rdf:type rdf:Property
  F_SUBCLASS,   // rdfs:subClassOf
  F_DOMAIN,     // schema:domainIncludes
  F_RANGE,      // schema:rangeIncludes
  F_SUPERSEDED, // schema:supersededBy
  F_PENDING,    // schema:isPartOf <https://pending.schema.org>
} FactKind;

typedef struct {
  char*    subject; // local name
  FactKind kind;
  char*    object; // local name, or NULL
} Fact;

typedef struct {
  char*    name;
  unsigned flags;
  size_t   superseded_by; // index + 1
  size_t*  types;         // direct rdf:type (schema.org classes)
  size_t   n_types, cap_types;
  size_t*  supers; // direct rdfs:subClassOf
  size_t   n_supers, cap_supers;
  size_t*  dom;
  size_t   n_dom, cap_dom;
  size_t*  rng;
  size_t   n_rng, cap_rng;
  size_t*  up; // ancestors (classes) or types (members)
  size_t   n_up, cap_up;
  int      visiting; // cycle guard while computing ancestors
  bool     done;
} Term;

typedef struct {
  LdxWorld* world;
  Fact*     facts;
  size_t    n_facts, cap_facts;
  Term*     terms;
  size_t    n_terms;
  bool      failed;
} Gen;

// The schema.org local name of an IRI, or NULL.
static const char*
local_name(LdxStr iri, size_t* len)
{
  static const char* const ns[] = { SDO_HTTPS, SDO_HTTP };
  for (size_t i = 0; i < 2; ++i) {
    const size_t n = strlen(ns[i]);
    if (iri.len > n && !memcmp(iri.buf, ns[i], n)) {
      *len = iri.len - n;
      return iri.buf + n;
    }
  }
  return NULL;
}

static bool
is_iri(const LdxiReadTerm* t, const char* iri)
{
  return t->type == LDX_TERM_IRI && t->value.len == strlen(iri) &&
         !memcmp(t->value.buf, iri, t->value.len);
}

static LdxStatus
add_fact(Gen*        g,
         const char* s,
         size_t      slen,
         FactKind    kind,
         const char* o,
         size_t      olen)
{
  if (ldxi_grow(g->world,
                (void**)&g->facts,
                &g->cap_facts,
                g->n_facts + 1,
                sizeof(Fact))) {
    return LDX_BAD_ALLOC;
  }
  Fact* f    = &g->facts[g->n_facts];
  f->subject = ldxi_strndup(g->world, s, slen);
  f->kind    = kind;
  f->object  = o ? ldxi_strndup(g->world, o, olen) : NULL;
  if (!f->subject || (o && !f->object)) {
    ldxi_free(g->world, f->subject);
    ldxi_free(g->world, f->object);
    return LDX_BAD_ALLOC;
  }
  ++g->n_facts;
  return LDX_SUCCESS;
}

static LdxStatus
on_triple(void*               handle,
          const LdxiReadTerm* s,
          const LdxiReadTerm* p,
          const LdxiReadTerm* o)
{
  Gen*        g    = (Gen*)handle;
  size_t      slen = 0;
  size_t      olen = 0;
  const char* sn = s->type == LDX_TERM_IRI ? local_name(s->value, &slen) : NULL;
  if (!sn) {
    return LDX_SUCCESS; // only schema.org terms are described
  }
  const char* on = o->type == LDX_TERM_IRI ? local_name(o->value, &olen) : NULL;
  if (is_iri(p, RDF_NS "type")) {
    if (is_iri(o, RDFS_NS "Class")) {
      return add_fact(g, sn, slen, F_CLASS, NULL, 0);
    }
    if (is_iri(o, RDF_NS "Property")) {
      return add_fact(g, sn, slen, F_PROPERTY, NULL, 0);
    }
    return on ? add_fact(g, sn, slen, F_TYPE, on, olen) : LDX_SUCCESS;
  }
  if (is_iri(p, RDFS_NS "subClassOf") && on) {
    return add_fact(g, sn, slen, F_SUBCLASS, on, olen);
  }
  if (is_iri(p, SDO_HTTPS "domainIncludes") && on) {
    return add_fact(g, sn, slen, F_DOMAIN, on, olen);
  }
  if (is_iri(p, SDO_HTTPS "rangeIncludes") && on) {
    return add_fact(g, sn, slen, F_RANGE, on, olen);
  }
  if (is_iri(p, SDO_HTTPS "supersededBy") && on) {
    return add_fact(g, sn, slen, F_SUPERSEDED, on, olen);
  }
  if (is_iri(p, SDO_HTTPS "isPartOf") &&
      is_iri(o, "https://pending.schema.org")) {
    return add_fact(g, sn, slen, F_PENDING, NULL, 0);
  }
  return LDX_SUCCESS;
}

static int
cmp_names(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int
cmp_index(const void* a, const void* b)
{
  const size_t x = *(const size_t*)a;
  const size_t y = *(const size_t*)b;
  return (x > y) - (x < y);
}

// Index of term `name`, or SIZE_MAX.
static size_t
find(const Gen* g, const char* name)
{
  size_t lo = 0;
  size_t hi = g->n_terms;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int    c   = strcmp(g->terms[mid].name, name);
    if (!c) {
      return mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return SIZE_MAX;
}

// Append `v` to a sorted set of indexes.
static LdxStatus
set_add(Gen* g, size_t** set, size_t* n, size_t* cap, size_t v)
{
  for (size_t i = 0; i < *n; ++i) {
    if ((*set)[i] == v) {
      return LDX_SUCCESS;
    }
  }
  if (ldxi_grow(g->world, (void**)set, cap, *n + 1, sizeof(size_t))) {
    return LDX_BAD_ALLOC;
  }
  (*set)[(*n)++] = v;
  qsort(*set, *n, sizeof(size_t), cmp_index);
  return LDX_SUCCESS;
}

// The distinct subjects that are classes, properties or typed instances
// become the terms, sorted by name.
static LdxStatus
make_terms(Gen* g)
{
  char** names = (char**)ldxi_calloc(g->world, g->n_facts + 1, sizeof(char*));
  if (!names) {
    return LDX_BAD_ALLOC;
  }
  size_t n = 0;
  for (size_t i = 0; i < g->n_facts; ++i) {
    const FactKind k = g->facts[i].kind;
    if (k == F_CLASS || k == F_PROPERTY || k == F_TYPE) {
      names[n++] = g->facts[i].subject;
    }
  }
  qsort(names, n, sizeof(char*), cmp_names);
  size_t m = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!m || strcmp(names[m - 1], names[i])) {
      names[m++] = names[i];
    }
  }
  g->terms = (Term*)ldxi_calloc(g->world, m + 1, sizeof(Term));
  if (!g->terms) {
    ldxi_free(g->world, names);
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < m; ++i) {
    g->terms[i].name = names[i];
  }
  g->n_terms = m;
  ldxi_free(g->world, names);
  return LDX_SUCCESS;
}

static LdxStatus
apply_facts(Gen* g)
{
  LdxStatus st = LDX_SUCCESS;
  for (size_t i = 0; !st && i < g->n_facts; ++i) {
    const Fact*  f = &g->facts[i];
    const size_t s = find(g, f->subject);
    const size_t o = f->object ? find(g, f->object) : SIZE_MAX;
    if (s == SIZE_MAX) {
      continue;
    }
    Term* t = &g->terms[s];
    switch (f->kind) {
      case F_CLASS:
        t->flags |= LDXI_SDO_CLASS;
        break;
      case F_PROPERTY:
        t->flags |= LDXI_SDO_PROPERTY;
        break;
      case F_PENDING:
        t->flags |= LDXI_SDO_PENDING;
        break;
      case F_TYPE:
        if (!strcmp(f->object, "DataType")) {
          t->flags |= LDXI_SDO_DATATYPE;
        } else if (o != SIZE_MAX) {
          st = set_add(g, &t->types, &t->n_types, &t->cap_types, o);
        }
        break;
      case F_SUBCLASS:
        if (o != SIZE_MAX) {
          st = set_add(g, &t->supers, &t->n_supers, &t->cap_supers, o);
        }
        break;
      case F_DOMAIN:
        if (o != SIZE_MAX) {
          st = set_add(g, &t->dom, &t->n_dom, &t->cap_dom, o);
        }
        break;
      case F_RANGE:
        if (o != SIZE_MAX) {
          st = set_add(g, &t->rng, &t->n_rng, &t->cap_rng, o);
        }
        break;
      case F_SUPERSEDED:
        if (o != SIZE_MAX) {
          t->superseded_by = o + 1;
        }
        break;
    }
  }
  return st;
}

// Collect every ancestor of class `i` (transitively) into its `up` set.
static LdxStatus
ancestors(Gen* g, size_t i)
{
  Term* t = &g->terms[i];
  if (t->done || t->visiting) {
    return LDX_SUCCESS; // a subClassOf cycle stops here
  }
  t->visiting  = 1;
  LdxStatus st = LDX_SUCCESS;
  for (size_t k = 0; !st && k < t->n_supers; ++k) {
    const size_t s = t->supers[k];
    st             = ancestors(g, s);
    if (!st && s != i) {
      st = set_add(g, &t->up, &t->n_up, &t->cap_up, s);
    }
    const Term* sup = &g->terms[s];
    for (size_t j = 0; !st && j < sup->n_up; ++j) {
      if (sup->up[j] != i) {
        st = set_add(g, &t->up, &t->n_up, &t->cap_up, sup->up[j]);
      }
    }
  }
  t->visiting = 0;
  t->done     = true;
  return st;
}

static LdxStatus
finish_terms(Gen* g)
{
  const size_t datatype = find(g, "DataType");
  LdxStatus    st       = LDX_SUCCESS;
  for (size_t i = 0; !st && i < g->n_terms; ++i) {
    st = ancestors(g, i);
  }
  for (size_t i = 0; !st && i < g->n_terms; ++i) {
    Term* t = &g->terms[i];
    if (t->flags & LDXI_SDO_CLASS) {
      // Text is typed schema:DataType; URL, a subclass of Text, is a
      // datatype too.
      for (size_t k = 0; k < t->n_up; ++k) {
        if (t->up[k] == datatype ||
            (g->terms[t->up[k]].flags & LDXI_SDO_DATATYPE)) {
          t->flags |= LDXI_SDO_DATATYPE;
        }
      }
      if (i == datatype) {
        t->flags |= LDXI_SDO_DATATYPE;
      }
    }
    if (t->n_types) {
      // An instance: `up` lists its types instead of ancestors.
      t->flags |= LDXI_SDO_MEMBER;
      if (!(t->flags & LDXI_SDO_CLASS)) {
        ldxi_free(g->world, t->up);
        t->up     = NULL;
        t->n_up   = 0;
        t->cap_up = 0;
        for (size_t k = 0; !st && k < t->n_types; ++k) {
          st = set_add(g, &t->up, &t->n_up, &t->cap_up, t->types[k]);
        }
      }
    }
  }
  return st;
}

// Read the context: coercions of properties, and the keys that are not
// schema.org terms.
static LdxStatus
read_context(Gen* g, const char* path, json_t** keys)
{
  json_error_t err;
  json_t*      doc = json_load_file(path, 0, &err);
  if (!doc) {
    fprintf(stderr, "%s:%d:%d: %s\n", path, err.line, err.column, err.text);
    return LDX_BAD_SYNTAX;
  }
  json_t* ctx = json_object_get(doc, "@context");
  if (!json_is_object(ctx)) {
    fprintf(stderr, "%s: no @context object\n", path);
    json_decref(doc);
    return LDX_BAD_SYNTAX;
  }
  *keys           = json_object();
  const char* key = NULL;
  json_t*     def = NULL;
  json_object_foreach(ctx, key, def)
  {
    const char* id   = json_is_string(def)
                         ? json_string_value(def)
                         : json_string_value(json_object_get(def, "@id"));
    const char* type = json_is_object(def)
                         ? json_string_value(json_object_get(def, "@type"))
                         : NULL;
    if (key[0] == '@') {
      continue; // @vocab: the namespace itself
    }
    if (id && !strncmp(id, "schema:", 7) && !strcmp(id + 7, key)) {
      const size_t i = find(g, key);
      if (i != SIZE_MAX && type) {
        if (!strcmp(type, "@id")) {
          g->terms[i].flags |= LDXI_SDO_ID;
        } else if (!strcmp(type, "Date")) {
          g->terms[i].flags |= LDXI_SDO_DATE;
        }
      }
      continue;
    }
    if (!id) {
      continue;
    }
    // Expand "prefix:suffix" values (e.g. "rdf:HTML") with the context's
    // own prefixes.
    const char* colon = strchr(id, ':');
    json_t*     pre   = NULL;
    if (colon && colon[1] != '/') {
      char         prefix[64];
      const size_t n = (size_t)(colon - id);
      if (n < sizeof(prefix)) {
        memcpy(prefix, id, n);
        prefix[n] = '\0';
        pre       = json_object_get(ctx, prefix);
      }
    }
    if (json_is_string(pre)) {
      LdxiBuf b;
      ldxi_buf_init(&b, g->world, 0);
      if (ldxi_buf_puts(&b, json_string_value(pre)) ||
          ldxi_buf_puts(&b, colon + 1)) {
        ldxi_buf_free(&b);
        json_decref(doc);
        return LDX_BAD_ALLOC;
      }
      json_object_set_new(*keys, key, json_string(ldxi_buf_cstr(&b)));
      ldxi_buf_free(&b);
    } else {
      json_object_set_new(*keys, key, json_string(id));
    }
  }
  json_decref(doc);
  return LDX_SUCCESS;
}

static void
put_c_string(FILE* out, const char* s)
{
  fputc('"', out);
  for (; *s; ++s) {
    const unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fprintf(out, "\\%c", c);
    } else if (c < 0x20 || c >= 0x7f) {
      fprintf(out, "\\%03o", c);
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
}

static int
emit(Gen* g, const char* version, json_t* keys, FILE* out)
{
  // Derived from the schema.org vocabulary, so under its licence.
  fputs("// SPDX-License-Identifier: CC-BY-SA-3.0\n"
        "// Generated by tools/gen_schemaorg from data/schemaorg/: schema.org "
        "release\n"
        "// tables, (c) the schema.org sponsors, CC BY-SA 3.0 (see "
        "data/schemaorg/README.md).\n"
        "// Do not edit: `make check` regenerates this file and diffs it.\n"
        "// clang-format off\n"
        "#include \"vocab/schemaorg_tables.h\"\n\n",
        out);
  fputs("const char ldxi_sdo_version[] = ", out);
  put_c_string(out, version);
  fputs(";\n\n", out);

  // Links first, so the terms can name their offsets.
  size_t  n_links = 0;
  size_t* offs =
    (size_t*)ldxi_calloc(g->world, g->n_terms * 3 + 1, sizeof(size_t));
  if (!offs) {
    return 1;
  }
  fputs("const uint16_t ldxi_sdo_links[] = {\n", out);
  size_t col = 0;
  for (size_t i = 0; i < g->n_terms; ++i) {
    const Term*         t        = &g->terms[i];
    const size_t* const lists[3] = { t->up, t->dom, t->rng };
    const size_t        ns[3]    = { t->n_up, t->n_dom, t->n_rng };
    for (size_t l = 0; l < 3; ++l) {
      offs[i * 3 + l] = n_links;
      for (size_t k = 0; k < ns[l]; ++k) {
        fprintf(out, "%s%zu,", col ? " " : "  ", lists[l][k]);
        if (++col == 12) {
          fputc('\n', out);
          col = 0;
        }
        ++n_links;
      }
    }
  }
  fprintf(out, "%s0\n};\n\n", col ? "\n  " : "  ");
  if (n_links > UINT16_MAX || g->n_terms > UINT16_MAX) {
    fputs("gen_schemaorg: tables too large for 16-bit links\n", stderr);
    ldxi_free(g->world, offs);
    return 1;
  }

  fputs("const LdxiSdoTerm ldxi_sdo_terms[] = {\n", out);
  for (size_t i = 0; i < g->n_terms; ++i) {
    const Term* t = &g->terms[i];
    fputs("  { ", out);
    put_c_string(out, t->name);
    fprintf(out,
            ", 0x%02x, %zu, %zu, %zu, %zu, %zu, %zu, %zu },\n",
            t->flags,
            t->superseded_by,
            offs[i * 3],
            t->n_up,
            offs[i * 3 + 1],
            t->n_dom,
            offs[i * 3 + 2],
            t->n_rng);
  }
  fputs("};\n\n", out);
  fputs("const size_t ldxi_sdo_n_terms = "
        "sizeof(ldxi_sdo_terms) / sizeof(ldxi_sdo_terms[0]);\n\n",
        out);
  ldxi_free(g->world, offs);

  // Context keys, sorted.
  size_t       n   = json_object_size(keys);
  const char** ks  = (const char**)ldxi_calloc(g->world, n + 1, sizeof(char*));
  const char*  key = NULL;
  json_t*      val = NULL;
  size_t       m   = 0;
  if (!ks) {
    return 1;
  }
  json_object_foreach(keys, key, val)
  {
    ks[m++] = key;
  }
  qsort(ks, m, sizeof(char*), cmp_names);
  fputs("const LdxiSdoContextKey ldxi_sdo_context_keys[] = {\n", out);
  for (size_t i = 0; i < m; ++i) {
    fputs("  { ", out);
    put_c_string(out, ks[i]);
    fputs(", ", out);
    put_c_string(out, json_string_value(json_object_get(keys, ks[i])));
    fputs(" },\n", out);
  }
  fputs("};\n\n", out);
  fputs("const size_t ldxi_sdo_n_context_keys =\n"
        "  sizeof(ldxi_sdo_context_keys) / sizeof(ldxi_sdo_context_keys[0]);"
        "\n",
        out);
  ldxi_free(g->world, ks);
  return ferror(out) ? 1 : 0;
}

static char*
read_file(LdxWorld* world, const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return NULL;
  }
  LdxiBuf b;
  ldxi_buf_init(&b, world, 0);
  char   chunk[65536];
  size_t n = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (ldxi_buf_append(&b, chunk, n)) {
      ldxi_buf_free(&b);
      fclose(f);
      return NULL;
    }
  }
  fclose(f);
  *len = b.len;
  return b.data;
}

static void
gen_free(Gen* g)
{
  for (size_t i = 0; i < g->n_facts; ++i) {
    ldxi_free(g->world, g->facts[i].subject);
    ldxi_free(g->world, g->facts[i].object);
  }
  ldxi_free(g->world, g->facts);
  for (size_t i = 0; g->terms && i < g->n_terms; ++i) {
    Term* t = &g->terms[i];
    ldxi_free(g->world, t->types);
    ldxi_free(g->world, t->supers);
    ldxi_free(g->world, t->dom);
    ldxi_free(g->world, t->rng);
    ldxi_free(g->world, t->up);
  }
  ldxi_free(g->world, g->terms);
}

int
main(int argc, char** argv)
{
  if (argc != 4) {
    fputs("Usage: gen_schemaorg VERSION VOCAB.ttl CONTEXT.jsonld\n", stderr);
    return 2;
  }
  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    return 1;
  }
  Gen     g    = { world, NULL, 0, 0, NULL, 0, false };
  size_t  len  = 0;
  char*   text = read_file(world, argv[2], &len);
  int     rc   = 1;
  json_t* keys = NULL;
  if (text) {
    const LdxiTurtleOptions opts = { argv[2], SDO_HTTPS, on_triple, NULL, &g };
    LdxStatus               st   = ldxi_turtle_read(world, text, len, &opts);
    if (!st) {
      st = make_terms(&g);
    }
    if (!st) {
      st = apply_facts(&g);
    }
    if (!st) {
      st = finish_terms(&g);
    }
    if (!st) {
      st = read_context(&g, argv[3], &keys);
    }
    if (!st) {
      rc = emit(&g, argv[1], keys, stdout);
    }
  }
  json_decref(keys);
  ldxi_free(world, text);
  gen_free(&g);
  ldx_world_free(world);
  return rc;
}
