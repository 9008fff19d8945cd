// SPDX-License-Identifier: MIT
// Reading JSON-LD back into merged nodes (for `check`) and selecting the
// nodes a page is about (for `embed --select`).
#include "write/jsonld_node.h"

#include "core/alloc.h"
#include "core/buf.h"

#include "ldexport/attributes.h"
#include "vocab/schemaorg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SDO_VOCAB "http://schema.org/"

// Nesting deeper than this is reported, not followed (bounds the C stack).
enum { MAX_DEPTH = 200 };

// ---- Paths
// ----------------------------------------------------------------------

json_t*
ldxi_jsonpath_member(const char* path, const char* key)
{
  LdxiBuf b;
  ldxi_buf_init(&b, NULL, 0);
  LdxStatus st = ldxi_buf_puts(&b, path);
  if (!st) {
    st = ldxi_buf_puts(&b, "['");
  }
  // RFC 9535 normalized path: escape ' and \ and control characters.
  for (const unsigned char* k = (const unsigned char*)key; !st && *k; ++k) {
    switch (*k) {
      case '\'':
        st = ldxi_buf_puts(&b, "\\'");
        break;
      case '\\':
        st = ldxi_buf_puts(&b, "\\\\");
        break;
      case '\b':
        st = ldxi_buf_puts(&b, "\\b");
        break;
      case '\f':
        st = ldxi_buf_puts(&b, "\\f");
        break;
      case '\n':
        st = ldxi_buf_puts(&b, "\\n");
        break;
      case '\r':
        st = ldxi_buf_puts(&b, "\\r");
        break;
      case '\t':
        st = ldxi_buf_puts(&b, "\\t");
        break;
      default:
        st = *k < 0x20 ? ldxi_buf_printf(&b, "\\u%04x", *k)
                       : ldxi_buf_putc(&b, (char)*k);
    }
  }
  if (!st) {
    st = ldxi_buf_puts(&b, "']");
  }
  json_t* r = st ? NULL : json_stringn(b.data, b.len);
  ldxi_buf_free(&b);
  return r;
}

json_t*
ldxi_jsonpath_index(const char* path, size_t i)
{
  LdxiBuf b;
  ldxi_buf_init(&b, NULL, 0);
  json_t* r = ldxi_buf_printf(&b, "%s[%zu]", path, i)
                ? NULL
                : json_stringn(b.data, b.len);
  ldxi_buf_free(&b);
  return r;
}

// ---- Contexts
// -------------------------------------------------------------------

// The active context is a JSON object: term -> IRI (or keyword), plus
// "@vocab", "@language" and "@schema" (true when the schema.org context
// is in force).

static bool
is_schema_context_url(const char* s)
{
  static const char* const urls[] = {
    "https://schema.org",
    "http://schema.org",
    "https://schema.org/docs/jsonldcontext.jsonld",
    "http://schema.org/docs/jsonldcontext.jsonld",
    "https://schema.org/docs/jsonldcontext.json",
    "http://schema.org/docs/jsonldcontext.json",
  };
  size_t n = strlen(s);
  if (n && s[n - 1] == '/') {
    --n;
  }
  for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); ++i) {
    if (strlen(urls[i]) == n && !strncmp(s, urls[i], n)) {
      return true;
    }
  }
  return false;
}

typedef struct {
  LdxWorld*    world;
  json_t*      index;
  LdxiLdReport report;
  void*        handle;
  size_t       anon;
  LdxStatus    st;
} Reader;

LDX_LOG_FUNC(4, 5)
static void
say(Reader* r, int level, const json_t* path, const char* fmt, ...)
{
  char    msg[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof msg, fmt, args);
  va_end(args);
  if (r->report) {
    r->report(r->handle, level, json_string_value(path), msg);
  }
}

static json_t*
apply_context(Reader*       r,
              const json_t* ctx,
              const json_t* def,
              const json_t* path)
{
  if (json_is_null(def)) {
    return json_object();
  }
  // json_copy() drops members it cannot add: check the size.
  json_t* out = json_copy((json_t*)ctx);
  if (!out || json_object_size(out) != json_object_size(ctx)) {
    json_decref(out);
    return NULL;
  }
  if (json_is_string(def)) {
    if (is_schema_context_url(json_string_value(def))) {
      if (json_object_set_new(out, "@schema", json_true())) {
        json_decref(out);
        return NULL;
      }
    } else {
      say(r,
          1,
          path,
          "remote context <%s> not loaded (nothing is fetched); its terms "
          "are read as schema.org terms",
          json_string_value(def));
    }
    return out;
  }
  if (json_is_array(def)) {
    size_t  i = 0;
    json_t* v = NULL;
    json_array_foreach(def, i, v)
    {
      json_t* p    = ldxi_jsonpath_index(json_string_value(path), i);
      json_t* next = p ? apply_context(r, out, v, p) : NULL;
      json_decref(p);
      json_decref(out);
      out = next;
      if (!out) {
        return NULL;
      }
    }
    return out;
  }
  if (!json_is_object(def)) {
    say(r, 0, path, "invalid @context");
    return out;
  }
  const char* k = NULL;
  json_t*     v = NULL;
  json_object_foreach((json_t*)def, k, v)
  {
    int rc = 0;
    if (!strcmp(k, "@vocab") || !strcmp(k, "@language")) {
      rc = json_is_string(v) ? json_object_set(out, k, v)
                             : json_object_del(out, k) * 0;
    } else if (k[0] == '@') {
      continue; // @base, @version, @protected, ...: no effect on checks
    } else if (json_is_string(v)) {
      rc = json_object_set(out, k, v);
    } else if (json_is_object(v) && json_is_string(json_object_get(v, "@id"))) {
      rc = json_object_set(out, k, json_object_get(v, "@id"));
    } else if (json_is_null(v)) {
      json_object_del(out, k);
    }
    if (rc) {
      json_decref(out);
      return NULL;
    }
  }
  return out;
}

// Expand `s` as a key or "@type" value (`vocab`) or as an "@id" value.
static LdxStatus
expand(const json_t* ctx, const char* s, bool vocab, LdxiBuf* out, int depth)
{
  ldxi_buf_clear(out);
  if (s[0] == '@' || depth > 8) {
    return ldxi_buf_puts(out, s);
  }
  const bool schema = json_is_true(json_object_get(ctx, "@schema"));
  if (vocab) {
    const json_t* t = json_object_get(ctx, s);
    if (json_is_string(t) && strcmp(json_string_value(t), s)) {
      return expand(ctx, json_string_value(t), true, out, depth + 1);
    }
    const char* k = schema ? ldxi_schema_context_key(s, strlen(s)) : NULL;
    if (k) {
      return ldxi_buf_puts(out, k);
    }
  }
  const char* colon = strchr(s, ':');
  if (colon) {
    const size_t n = (size_t)(colon - s);
    if ((n == 1 && s[0] == '_') || (colon[1] == '/' && colon[2] == '/')) {
      return ldxi_buf_puts(out, s);
    }
    char prefix[128];
    if (n < sizeof prefix) {
      memcpy(prefix, s, n);
      prefix[n]       = '\0';
      const json_t* p = json_object_get(ctx, prefix);
      const char*   k = schema ? ldxi_schema_context_key(prefix, n) : NULL;
      if (json_is_string(p)) {
        LdxStatus st = expand(ctx, json_string_value(p), true, out, depth + 1);
        return st ? st : ldxi_buf_puts(out, colon + 1);
      }
      if (k && k[0] != '@') {
        LdxStatus st = ldxi_buf_puts(out, k);
        return st ? st : ldxi_buf_puts(out, colon + 1);
      }
    }
    return ldxi_buf_puts(out, s);
  }
  if (vocab) {
    const json_t* v = json_object_get(ctx, "@vocab");
    if (json_is_string(v) || schema) {
      LdxStatus st = ldxi_buf_puts(
        out, json_is_string(v) ? json_string_value(v) : SDO_VOCAB);
      return st ? st : ldxi_buf_puts(out, s);
    }
  }
  return ldxi_buf_puts(out, s);
}

// ---- Reading nodes
// -------------------------------------------------------------

static json_t*
node_object(Reader*       r,
            const json_t* obj,
            const json_t* path,
            const json_t* ctx,
            bool          top,
            int           depth);

static int
append_unique(json_t* array, json_t* value)
{
  size_t  i = 0;
  json_t* v = NULL;
  json_array_foreach(array, i, v)
  {
    if (json_equal(v, value)) {
      json_decref(value);
      return 0;
    }
  }
  return json_array_append_new(array, value);
}

// The record of node `id`, created if needed.
static json_t*
record(Reader* r, const char* id)
{
  json_t* rec = json_object_get(r->index, id);
  if (rec) {
    return rec;
  }
  rec = json_pack(
    "{s:[],s:b,s:[],s:{},s:{}}", "paths", "top", 0, "types", "props", "keys");
  if (!rec || json_object_set_new(r->index, id, rec)) {
    return NULL;
  }
  return rec;
}

static void
value_item(Reader*       r,
           json_t*       rec,
           const char*   prop,
           const json_t* v,
           const json_t* path,
           const json_t* ctx,
           int           depth);

static void
value_list(Reader*       r,
           json_t*       rec,
           const char*   prop,
           const json_t* v,
           const json_t* path,
           const json_t* ctx,
           int           depth)
{
  if (!json_is_array(v)) {
    value_item(r, rec, prop, v, path, ctx, depth);
    return;
  }
  size_t        i    = 0;
  const json_t* item = NULL;
  json_array_foreach(v, i, item)
  {
    json_t* p = ldxi_jsonpath_index(json_string_value(path), i);
    if (!p) {
      r->st = LDX_BAD_ALLOC;
      return;
    }
    value_item(r, rec, prop, item, p, ctx, depth);
    json_decref(p);
  }
}

// The member of `obj` whose key expands to keyword `kw`, or NULL.
static const json_t*
keyword(Reader*       r,
        const json_t* obj,
        const json_t* ctx,
        const char*   kw,
        const char**  key)
{
  const char* k = NULL;
  json_t*     v = NULL;
  LdxiBuf     b;
  ldxi_buf_init(&b, r->world, 0);
  json_object_foreach((json_t*)obj, k, v)
  {
    if (expand(ctx, k, true, &b, 0)) {
      r->st = LDX_BAD_ALLOC;
      break;
    }
    if (!strcmp(ldxi_buf_cstr(&b), kw)) {
      ldxi_buf_free(&b);
      if (key) {
        *key = k;
      }
      return v;
    }
  }
  ldxi_buf_free(&b);
  return NULL;
}

// json_equal() is false when a side is missing; here two missing members
// are the same.
static bool
same_member(const json_t* a, const json_t* b, const char* key)
{
  const json_t* x = json_object_get(a, key);
  const json_t* y = json_object_get(b, key);
  return x || y ? json_equal((json_t*)x, (json_t*)y) != 0 : true;
}

static void
value_item(Reader*       r,
           json_t*       rec,
           const char*   prop,
           const json_t* v,
           const json_t* path,
           const json_t* ctx,
           int           depth)
{
  if (r->st || json_is_null(v)) {
    return;
  }
  json_t* val = NULL;
  if (json_is_object(v)) {
    const char*   key   = NULL;
    const json_t* value = keyword(r, v, ctx, "@value", NULL);
    const json_t* list  = keyword(r, v, ctx, "@list", &key);
    if (!list) {
      list = keyword(r, v, ctx, "@set", &key);
    }
    if (value) {
      val                = json_pack("{s:O,s:O}", "path", path, "value", value);
      const json_t* type = keyword(r, v, ctx, "@type", NULL);
      const json_t* lang = keyword(r, v, ctx, "@language", NULL);
      if (val && json_is_string(type)) {
        LdxiBuf b;
        ldxi_buf_init(&b, r->world, 0);
        if (expand(ctx, json_string_value(type), true, &b, 0) ||
            json_object_set_new(val, "type", json_string(ldxi_buf_cstr(&b)))) {
          r->st = LDX_BAD_ALLOC;
        }
        ldxi_buf_free(&b);
      }
      if (val && json_is_string(lang) &&
          json_object_set(val, "language", (json_t*)lang)) {
        r->st = LDX_BAD_ALLOC;
      }
    } else if (list) {
      json_t* p = ldxi_jsonpath_member(json_string_value(path), key);
      if (!p) {
        r->st = LDX_BAD_ALLOC;
        return;
      }
      value_list(r, rec, prop, list, p, ctx, depth + 1);
      json_decref(p);
      return;
    } else {
      json_t* id = node_object(r, v, path, ctx, false, depth + 1);
      if (!id) {
        return;
      }
      val = json_pack("{s:O,s:o}", "path", path, "node", id);
    }
  } else if (json_is_array(v)) {
    value_list(r, rec, prop, v, path, ctx, depth + 1); // nested arrays
    return;
  } else {
    val                = json_pack("{s:O,s:O}", "path", path, "value", v);
    const json_t* lang = json_object_get(ctx, "@language");
    if (val && json_is_string(v) && json_is_string(lang) &&
        json_object_set(val, "language", (json_t*)lang)) {
      r->st = LDX_BAD_ALLOC;
    }
  }
  json_t* props  = json_object_get(rec, "props");
  json_t* values = json_object_get(props, prop);
  if (!val) {
    r->st = LDX_BAD_ALLOC;
    return;
  }
  if (!values) {
    values = json_array();
    if (!values || json_object_set_new(props, prop, values)) {
      json_decref(val);
      r->st = LDX_BAD_ALLOC;
      return;
    }
  }
  // The same value stated in several graphs is one value (the first path
  // names it).
  size_t        i = 0;
  const json_t* w = NULL;
  json_array_foreach(values, i, w)
  {
    if (same_member(w, val, "node") && same_member(w, val, "value") &&
        same_member(w, val, "type") && same_member(w, val, "language")) {
      json_decref(val);
      return;
    }
  }
  if (json_array_append_new(values, val)) {
    r->st = LDX_BAD_ALLOC;
  }
}

// Read node object `obj`; returns its id (new reference) or NULL.
static json_t*
node_object(Reader*       r,
            const json_t* obj,
            const json_t* path,
            const json_t* outer,
            bool          top,
            int           depth)
{
  if (r->st) {
    return NULL;
  }
  if (depth > MAX_DEPTH) {
    say(r, 0, path, "nested too deeply");
    return NULL;
  }
  const json_t* local = json_object_get(obj, "@context");
  json_t*       ctx   = NULL;
  if (local) {
    json_t* p = ldxi_jsonpath_member(json_string_value(path), "@context");
    ctx       = p ? apply_context(r, outer, local, p) : NULL;
    json_decref(p);
  } else {
    ctx = json_incref((json_t*)outer);
  }
  if (!ctx) {
    r->st = LDX_BAD_ALLOC;
    return NULL;
  }
  LdxiBuf b;
  ldxi_buf_init(&b, r->world, 0);
  json_t*       id     = NULL;
  const char*   id_key = NULL;
  const json_t* idv    = keyword(r, obj, ctx, "@id", &id_key);
  if (idv && !json_is_string(idv)) {
    json_t* p = ldxi_jsonpath_member(json_string_value(path), id_key);
    say(r, 0, p ? p : path, "@id is not a string");
    json_decref(p);
  }
  if (json_is_string(idv)) {
    if (expand(ctx, json_string_value(idv), false, &b, 0)) {
      r->st = LDX_BAD_ALLOC;
    } else {
      id = json_string(ldxi_buf_cstr(&b));
    }
  } else {
    char anon[32];
    snprintf(anon, sizeof anon, "_:#%zu", ++r->anon);
    id = json_string(anon);
  }
  // A description, not only a reference: some key besides @id/@context.
  bool        describes = false;
  const char* k         = NULL;
  json_t*     v         = NULL;
  json_object_foreach((json_t*)obj, k, v)
  {
    if (k != id_key && strcmp(k, "@context")) {
      describes = true;
    }
  }
  json_t* rec =
    id && (describes || top) ? record(r, json_string_value(id)) : NULL;
  if (!id || ((describes || top) && !rec)) {
    r->st = LDX_BAD_ALLOC;
  }
  if (rec && !r->st) {
    if (!json_object_get(rec, "path")) {
      json_object_set(rec, "path", (json_t*)path);
    }
    if (json_array_append(json_object_get(rec, "paths"), (json_t*)path) ||
        (top && json_object_set_new(rec, "top", json_true()))) {
      r->st = LDX_BAD_ALLOC;
    }
  }
  json_object_foreach((json_t*)obj, k, v)
  {
    if (r->st || !rec || k == id_key || !strcmp(k, "@context")) {
      continue;
    }
    json_t* kp = ldxi_jsonpath_member(json_string_value(path), k);
    if (!kp || expand(ctx, k, true, &b, 0)) {
      json_decref(kp);
      r->st = LDX_BAD_ALLOC;
      break;
    }
    const char* ek = ldxi_buf_cstr(&b);
    if (!strcmp(ek, "@type")) {
      json_t* types = json_object_get(rec, "types");
      LdxiBuf tb;
      ldxi_buf_init(&tb, r->world, 0);
      const size_t n = json_is_array(v) ? json_array_size(v) : 1;
      for (size_t i = 0; !r->st && i < n; ++i) {
        const json_t* t = json_is_array(v) ? json_array_get(v, i) : v;
        if (!json_is_string(t)) {
          say(r, 0, kp, "@type is not a string");
          continue;
        }
        if (expand(ctx, json_string_value(t), true, &tb, 0) ||
            append_unique(types, json_string(ldxi_buf_cstr(&tb)))) {
          r->st = LDX_BAD_ALLOC;
        }
      }
      ldxi_buf_free(&tb);
    } else if (!strcmp(ek, "@graph") || !strcmp(ek, "@included")) {
      const size_t n = json_is_array(v) ? json_array_size(v) : 1;
      for (size_t i = 0; !r->st && i < n; ++i) {
        const json_t* item = json_is_array(v) ? json_array_get(v, i) : v;
        json_t*       ip   = json_is_array(v)
                               ? ldxi_jsonpath_index(json_string_value(kp), i)
                               : json_incref(kp);
        if (!ip) {
          r->st = LDX_BAD_ALLOC;
        } else if (json_is_object(item)) {
          json_decref(node_object(r, item, ip, ctx, true, depth + 1));
        } else {
          say(r, 0, ip, "a @graph item is not a node object");
        }
        json_decref(ip);
      }
    } else if (ek[0] == '@') {
      // @reverse, @index, @nest, ...: not used by schema.org markup.
    } else {
      json_t* keys = json_object_get(rec, "keys");
      if (!json_object_get(keys, ek) &&
          json_object_set_new(keys, ek, json_string(k))) {
        r->st = LDX_BAD_ALLOC;
      }
      json_t* key_copy = json_string(ek);
      if (!key_copy) {
        r->st = LDX_BAD_ALLOC;
      } else {
        value_list(r, rec, json_string_value(key_copy), v, kp, ctx, depth);
      }
      json_decref(key_copy);
    }
    json_decref(kp);
  }
  ldxi_buf_free(&b);
  json_decref(ctx);
  if (r->st) {
    json_decref(id);
    return NULL;
  }
  return id;
}

LdxStatus
ldxi_jsonld_index(LdxWorld*     world,
                  const json_t* doc,
                  LdxiLdReport  report,
                  void*         handle,
                  json_t**      index)
{
  Reader  r    = { world, json_object(), report, handle, 0, LDX_SUCCESS };
  json_t* ctx  = json_object();
  json_t* root = json_string("$");
  *index       = NULL;
  if (!r.index || !ctx || !root) {
    json_decref(r.index);
    json_decref(ctx);
    json_decref(root);
    return LDX_BAD_ALLOC;
  }
  if (json_is_array(doc)) {
    size_t        i    = 0;
    const json_t* item = NULL;
    json_array_foreach(doc, i, item)
    {
      json_t* p = ldxi_jsonpath_index("$", i);
      if (!p) {
        r.st = LDX_BAD_ALLOC;
      } else if (json_is_object(item)) {
        json_decref(node_object(&r, item, p, ctx, true, 0));
      } else {
        say(&r, 0, p, "not a node object");
      }
      json_decref(p);
    }
  } else if (json_is_object(doc)) {
    // {"@context": ..., "@graph": [...]} alone is the default graph, not a
    // node.
    const char* k     = NULL;
    json_t*     v     = NULL;
    bool        other = false;
    json_object_foreach((json_t*)doc, k, v)
    {
      other |= strcmp(k, "@context") && strcmp(k, "@graph");
    }
    const json_t* graph = json_object_get(doc, "@graph");
    if (!other && graph) {
      json_t* local =
        json_object_get(doc, "@context")
          ? apply_context(&r, ctx, json_object_get(doc, "@context"), root)
          : json_incref(ctx);
      json_t* gp = ldxi_jsonpath_member("$", "@graph");
      if (!local || !gp) {
        r.st = LDX_BAD_ALLOC;
      }
      const size_t n = json_is_array(graph) ? json_array_size(graph) : 1;
      for (size_t i = 0; !r.st && i < n; ++i) {
        const json_t* item =
          json_is_array(graph) ? json_array_get(graph, i) : graph;
        json_t* ip = json_is_array(graph)
                       ? ldxi_jsonpath_index(json_string_value(gp), i)
                       : json_incref(gp);
        if (!ip) {
          r.st = LDX_BAD_ALLOC;
        } else if (json_is_object(item)) {
          json_decref(node_object(&r, item, ip, local, true, 0));
        } else {
          say(&r, 0, ip, "a @graph item is not a node object");
        }
        json_decref(ip);
      }
      json_decref(gp);
      json_decref(local);
    } else {
      json_decref(node_object(&r, doc, root, ctx, true, 0));
    }
  } else {
    say(&r, 0, root, "a JSON-LD document is an object or an array");
  }
  json_decref(ctx);
  json_decref(root);
  if (r.st) {
    json_decref(r.index);
    return r.st;
  }
  *index = r.index;
  return LDX_SUCCESS;
}

// ---- Selecting the nodes of a page
// ------------------------------------------------

static const char*
compact_id(const json_t* obj)
{
  const json_t* id = json_object_get(obj, "@id");
  if (!id) {
    id = json_object_get(obj, "id"); // the schema.org context's alias
  }
  return json_string_value(id);
}

static bool
is_reference(const json_t* obj)
{
  return json_is_object(obj) && compact_id(obj) && json_object_size(obj) == 1;
}

// Collect (borrowed) every description of `iri` in `v`.
static int
collect(const json_t* v, const char* iri, json_t* found, int depth)
{
  if (depth > MAX_DEPTH) {
    return 0;
  }
  if (json_is_array(v)) {
    size_t        i    = 0;
    const json_t* item = NULL;
    json_array_foreach(v, i, item)
    {
      if (collect(item, iri, found, depth + 1)) {
        return -1;
      }
    }
    return 0;
  }
  if (!json_is_object(v)) {
    return 0;
  }
  const char* id = compact_id(v);
  if (id && !strcmp(id, iri) && !is_reference(v) &&
      json_array_append(found, (json_t*)v)) {
    return -1;
  }
  const char* k = NULL;
  json_t*     m = NULL;
  json_object_foreach((json_t*)v, k, m)
  {
    if (strcmp(k, "@context") && collect(m, iri, found, depth + 1)) {
      return -1;
    }
  }
  return 0;
}

static int
merge_into(json_t* dst, const json_t* src, int depth);

// Add `item` to the array `values` unless it is there; a node with the
// same id is merged into the one present.
static int
add_value(json_t* values, const json_t* item, int depth)
{
  const char* id = json_is_object(item) ? compact_id(item) : NULL;
  size_t      i  = 0;
  json_t*     v  = NULL;
  json_array_foreach(values, i, v)
  {
    if (json_equal(v, (json_t*)item)) {
      return 0;
    }
    const char* vid = json_is_object(v) ? compact_id(v) : NULL;
    if (id && vid && !strcmp(id, vid)) {
      return merge_into(v, item, depth + 1);
    }
  }
  json_t* copy = json_deep_copy(item);
  return copy ? json_array_append_new(values, copy) : -1;
}

static int
merge_into(json_t* dst, const json_t* src, int depth)
{
  if (depth > MAX_DEPTH) {
    return 0;
  }
  const char* k = NULL;
  json_t*     v = NULL;
  json_object_foreach((json_t*)src, k, v)
  {
    if (!strcmp(k, "@id") || !strcmp(k, "id") || !strcmp(k, "@context") ||
        !strcmp(k, "@graph")) {
      continue;
    }
    json_t* d = json_object_get(dst, k);
    if (!d) {
      json_t* copy = json_deep_copy(v);
      if (!copy || json_object_set_new(dst, k, copy)) {
        return -1;
      }
      continue;
    }
    if (!json_is_array(d)) {
      json_t* arr = json_array();
      if (!arr || json_array_append(arr, d) ||
          json_object_set_new(dst, k, arr)) {
        json_decref(arr);
        return -1;
      }
      d = arr;
    }
    const size_t n = json_is_array(v) ? json_array_size(v) : 1;
    for (size_t i = 0; i < n; ++i) {
      if (add_value(d, json_is_array(v) ? json_array_get(v, i) : v, depth)) {
        return -1;
      }
    }
    if (json_array_size(d) == 1 &&
        json_object_set(dst, k, json_array_get(d, 0))) {
      return -1;
    }
  }
  return 0;
}

// The writer's key order: @context, @id, @type, name, schema.org short
// names, other IRIs, other keywords, @graph.
static int
key_rank(const char* k)
{
  static const char* const first[] = { "@context", "@id",  "id",
                                       "@type",    "type", "name" };
  for (int i = 0; i < 6; ++i) {
    if (!strcmp(k, first[i])) {
      return i;
    }
  }
  return !strcmp(k, "@graph") ? 10 : k[0] == '@' ? 9 : strchr(k, ':') ? 8 : 7;
}

static int
cmp_keys(const void* a, const void* b)
{
  const char* x = *(const char* const*)a;
  const char* y = *(const char* const*)b;
  const int   r = key_rank(x) - key_rank(y);
  return r ? r : strcmp(x, y);
}

// Put the keys of node objects in `v` (merging appends new keys at the
// end) back in the writer's order; value objects keep theirs.
static int
order_keys(LdxWorld* world, json_t* v, int depth)
{
  if (depth > MAX_DEPTH) {
    return 0;
  }
  if (json_is_array(v)) {
    size_t  i    = 0;
    json_t* item = NULL;
    json_array_foreach(v, i, item)
    {
      if (order_keys(world, item, depth + 1)) {
        return -1;
      }
    }
    return 0;
  }
  if (!json_is_object(v) || json_object_get(v, "@value")) {
    return 0;
  }
  const size_t n    = json_object_size(v);
  const char** keys = (const char**)ldxi_calloc(world, n + 1, sizeof(char*));
  // The copy holds the values while v is rebuilt.  jansson's json_copy()
  // drops members it cannot add, so the sizes must agree.
  json_t* copy = json_copy(v);
  if (!keys || !copy || json_object_size(copy) != n) {
    ldxi_free(world, (void*)keys);
    json_decref(copy);
    return -1;
  }
  size_t      i = 0;
  const char* k = NULL;
  json_t*     m = NULL;
  json_object_foreach(copy, k, m)
  {
    keys[i++] = k;
  }
  qsort((void*)keys, n, sizeof(char*), cmp_keys);
  json_object_clear(v);
  int rc = 0;
  for (i = 0; !rc && i < n; ++i) {
    json_t* value = json_object_get(copy, keys[i]);
    rc =
      json_object_set(v, keys[i], value) || order_keys(world, value, depth + 1);
  }
  ldxi_free(world, (void*)keys);
  json_decref(copy);
  return rc;
}

// Every description of `iri` merged into one node (NULL if none; a new
// reference in `*out`).
static int
merged_node(LdxWorld* world, const json_t* doc, const char* iri, json_t** out)
{
  *out        = NULL;
  json_t* all = json_array();
  if (!all || collect(doc, iri, all, 0)) {
    json_decref(all);
    return -1;
  }
  if (!json_array_size(all)) {
    json_decref(all);
    return 0;
  }
  json_t* node = json_object();
  int     rc   = node ? 0 : -1;
  if (!rc) {
    const json_t* first = json_array_get(all, 0);
    const char*   idkey = json_object_get(first, "@id") ? "@id" : "id";
    rc                  = json_object_set_new(node, idkey, json_string(iri));
  }
  size_t  i = 0;
  json_t* d = NULL;
  json_array_foreach(all, i, d)
  {
    if (!rc) {
      rc = merge_into(node, d, 0);
    }
  }
  json_decref(all);
  if (!rc) {
    rc = order_keys(world, node, 0);
  }
  if (rc) {
    json_decref(node);
    return -1;
  }
  *out = node;
  return 0;
}

// The ids `v` refers to by a bare {"@id"} (in order, distinct).
static int
references(const json_t* v, json_t* ids, int depth)
{
  if (depth > MAX_DEPTH) {
    return 0;
  }
  if (is_reference(v)) {
    json_t* id = json_string(compact_id(v));
    return id ? append_unique(ids, id) : -1;
  }
  if (json_is_array(v)) {
    size_t        i    = 0;
    const json_t* item = NULL;
    json_array_foreach(v, i, item)
    {
      if (references(item, ids, depth + 1)) {
        return -1;
      }
    }
  } else if (json_is_object(v)) {
    const char* k = NULL;
    json_t*     m = NULL;
    json_object_foreach((json_t*)v, k, m)
    {
      if (strcmp(k, "@context") && references(m, ids, depth + 1)) {
        return -1;
      }
    }
  }
  return 0;
}

LdxStatus
ldxi_jsonld_select(LdxWorld*     world,
                   const json_t* doc,
                   const char*   iri,
                   json_t**      out)
{
  *out         = NULL;
  json_t* main = NULL;
  if (merged_node(world, doc, iri, &main)) {
    return LDX_BAD_ALLOC;
  }
  if (!main) {
    return LDX_SUCCESS;
  }
  json_t* nodes = json_array();
  json_t* ids   = json_array();
  int     rc    = !nodes || !ids || json_array_append(nodes, main) ||
           references(main, ids, 0);
  size_t  i  = 0;
  json_t* id = NULL;
  json_array_foreach(ids, i, id)
  {
    json_t* node = NULL;
    if (rc || !strcmp(json_string_value(id), iri)) {
      continue;
    }
    rc = merged_node(world, doc, json_string_value(id), &node);
    if (!rc && node) {
      rc = json_array_append_new(nodes, node);
    }
  }
  json_t*       result = rc ? NULL : json_object();
  const json_t* ctx =
    json_is_object(doc) ? json_object_get(doc, "@context") : NULL;
  if (result) {
    rc = ctx ? json_object_set(result, "@context", (json_t*)ctx)
             : json_object_set_new(
                 result, "@context", json_string("https://schema.org"));
  }
  if (!rc && result && json_array_size(nodes) == 1) {
    // One node: it is the document.
    const char* k = NULL;
    json_t*     v = NULL;
    json_object_foreach(main, k, v)
    {
      if (!rc) {
        rc = json_object_set(result, k, v);
      }
    }
  } else if (!rc && result) {
    rc = json_object_set(result, "@graph", nodes);
  }
  json_decref(main);
  json_decref(nodes);
  json_decref(ids);
  if (rc || !result) {
    json_decref(result);
    return LDX_BAD_ALLOC;
  }
  *out = result;
  return LDX_SUCCESS;
}
