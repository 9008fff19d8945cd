// SPDX-License-Identifier: MIT
// Look-ups in the generated schema.org tables (binary search by name).
#include "vocab/schemaorg.h"

#include "vocab/schemaorg_tables.h"

#include <string.h>

static int
cmp_name(const char* a, const char* b, size_t blen)
{
  // Bytewise, shorter first on a common prefix: the generator's strcmp
  // order for names without NUL bytes.
  const size_t alen = strlen(a);
  const size_t n    = alen < blen ? alen : blen;
  const int    c    = n ? memcmp(a, b, n) : 0;
  return c ? c : (alen > blen) - (alen < blen);
}

static const LdxiSdoTerm*
lookup(const char* name, size_t len)
{
  if (!name || !len) {
    return NULL;
  }
  size_t lo = 0;
  size_t hi = ldxi_sdo_n_terms;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int    c   = cmp_name(ldxi_sdo_terms[mid].name, name, len);
    if (!c) {
      return &ldxi_sdo_terms[mid];
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return NULL;
}

static const LdxiSdoTerm*
lookup_cstr(const char* name)
{
  return name ? lookup(name, strlen(name)) : NULL;
}

const char*
ldxi_schema_version(void)
{
  return ldxi_sdo_version;
}

const char*
ldxi_schema_local(const char* iri, size_t iri_len, size_t* len)
{
  static const char* const ns[] = { "https://schema.org/",
                                    "http://schema.org/" };
  for (size_t i = 0; iri && i < 2; ++i) {
    const size_t n = strlen(ns[i]);
    if (iri_len > n && !memcmp(iri, ns[i], n)) {
      *len = iri_len - n;
      return iri + n;
    }
  }
  return NULL;
}

bool
ldxi_schema_is_type(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_CLASS);
}

bool
ldxi_schema_is_property(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_PROPERTY);
}

bool
ldxi_schema_is_datatype(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_DATATYPE);
}

bool
ldxi_schema_is_member(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_MEMBER);
}

bool
ldxi_schema_is_pending(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_PENDING);
}

// True if class `t` is `a` or has `a` among its ancestors.
static bool
class_within(const LdxiSdoTerm* t, const LdxiSdoTerm* a)
{
  if (!t || !a || !(t->flags & LDXI_SDO_CLASS)) {
    return false;
  }
  if (t == a) {
    return true;
  }
  for (size_t k = 0; k < t->up_n; ++k) {
    if (&ldxi_sdo_terms[ldxi_sdo_links[t->up_off + k]] == a) {
      return true;
    }
  }
  return false;
}

bool
ldxi_schema_is_subtype_of(const char* name, size_t len, const char* ancestor)
{
  return class_within(lookup(name, len), lookup_cstr(ancestor));
}

bool
ldxi_schema_is_member_of(const char* name, size_t len, const char* type)
{
  const LdxiSdoTerm* t = lookup(name, len);
  const LdxiSdoTerm* a = lookup_cstr(type);
  if (!t || !a || !(t->flags & LDXI_SDO_MEMBER)) {
    return false;
  }
  // A term that is both a class and a member keeps its ancestors in `up`,
  // so only pure members are checked through their types.
  if (t->flags & LDXI_SDO_CLASS) {
    return false;
  }
  for (size_t k = 0; k < t->up_n; ++k) {
    if (class_within(&ldxi_sdo_terms[ldxi_sdo_links[t->up_off + k]], a)) {
      return true;
    }
  }
  return false;
}

const char*
ldxi_schema_superseded_by(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && t->superseded_by ? ldxi_sdo_terms[t->superseded_by - 1].name
                               : NULL;
}

static size_t
list_names(uint16_t off, uint16_t n, const char** out, size_t max)
{
  for (size_t k = 0; out && k < n && k < max; ++k) {
    out[k] = ldxi_sdo_terms[ldxi_sdo_links[off + k]].name;
  }
  return n;
}

size_t
ldxi_schema_domains(const char* name, size_t len, const char** out, size_t max)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_PROPERTY)
           ? list_names(t->dom_off, t->dom_n, out, max)
           : 0;
}

size_t
ldxi_schema_ranges(const char* name, size_t len, const char** out, size_t max)
{
  const LdxiSdoTerm* t = lookup(name, len);
  return t && (t->flags & LDXI_SDO_PROPERTY)
           ? list_names(t->rng_off, t->rng_n, out, max)
           : 0;
}

bool
ldxi_schema_range_includes(const char* name, size_t len, const char* type)
{
  const LdxiSdoTerm* t = lookup(name, len);
  const LdxiSdoTerm* a = lookup_cstr(type);
  if (!t || !a || !(t->flags & LDXI_SDO_PROPERTY)) {
    return false;
  }
  for (size_t k = 0; k < t->rng_n; ++k) {
    if (class_within(&ldxi_sdo_terms[ldxi_sdo_links[t->rng_off + k]], a)) {
      return true;
    }
  }
  return false;
}

LdxiSchemaCoercion
ldxi_schema_coercion(const char* name, size_t len)
{
  const LdxiSdoTerm* t = lookup(name, len);
  if (!t) {
    return LDXI_SCHEMA_COERCE_NONE;
  }
  return (t->flags & LDXI_SDO_ID)     ? LDXI_SCHEMA_COERCE_ID
         : (t->flags & LDXI_SDO_DATE) ? LDXI_SCHEMA_COERCE_DATE
                                      : LDXI_SCHEMA_COERCE_NONE;
}

const char*
ldxi_schema_context_key(const char* key, size_t len)
{
  size_t lo = 0;
  size_t hi = ldxi_sdo_n_context_keys;
  while (key && lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int    c   = cmp_name(ldxi_sdo_context_keys[mid].key, key, len);
    if (!c) {
      return ldxi_sdo_context_keys[mid].value;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return NULL;
}
