// SPDX-License-Identifier: MIT
#include "jsonpath/compare.h"

#include <string.h>

void
ldxi_jp_value_of(const LdxiJson* node, LdxiJpValue* out)
{
  if (!node) {
    out->kind = LDXI_JP_NOTHING;
    return;
  }
  switch (node->type) {
    case LDXI_JSON_OBJECT:
      out->kind   = LDXI_JP_OBJECT;
      out->u.json = node;
      return;
    case LDXI_JSON_ARRAY:
      out->kind   = LDXI_JP_ARRAY;
      out->u.json = node;
      return;
    case LDXI_JSON_STRING:
      out->kind         = LDXI_JP_STRING;
      out->u.string.ptr = node->u.str;
      out->u.string.len = node->n;
      return;
    case LDXI_JSON_INTEGER:
      out->kind      = LDXI_JP_INT;
      out->u.integer = node->num.integer;
      return;
    case LDXI_JSON_REAL:
      out->kind   = LDXI_JP_REAL;
      out->u.real = node->num.real;
      return;
    case LDXI_JSON_TRUE:
      out->kind = LDXI_JP_TRUE;
      return;
    case LDXI_JSON_FALSE:
      out->kind = LDXI_JP_FALSE;
      return;
    case LDXI_JSON_NULL:
      out->kind = LDXI_JP_NULL;
      return;
  }
  out->kind = LDXI_JP_NOTHING;
}

static bool
is_number(const LdxiJpValue* v)
{
  return v->kind == LDXI_JP_INT || v->kind == LDXI_JP_REAL;
}

// Exact comparison of an integer with a double (no rounding of either).
static int
cmp_int_real(int64_t i, double d)
{
  if (d != d) {
    return 1; // NaN cannot come from JSON; order it anywhere, consistently
  }
  if (d >= 9223372036854775808.0) {
    return -1;
  }
  if (d < -9223372036854775808.0) {
    return 1;
  }
  int64_t t = (int64_t)d; // truncation, in range
  if (i != t) {
    return i < t ? -1 : 1;
  }
  double frac = d - (double)t;
  return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

static int
cmp_numbers(const LdxiJpValue* a, const LdxiJpValue* b)
{
  if (a->kind == LDXI_JP_INT && b->kind == LDXI_JP_INT) {
    return a->u.integer < b->u.integer ? -1 : a->u.integer > b->u.integer;
  }
  if (a->kind == LDXI_JP_INT) {
    return cmp_int_real(a->u.integer, b->u.real);
  }
  if (b->kind == LDXI_JP_INT) {
    return -cmp_int_real(b->u.integer, a->u.real);
  }
  return a->u.real < b->u.real ? -1 : a->u.real > b->u.real;
}

// Byte order of UTF-8 is code point order.
static int
cmp_strings(const LdxiJpValue* a, const LdxiJpValue* b)
{
  size_t n =
    a->u.string.len < b->u.string.len ? a->u.string.len : b->u.string.len;
  int c = n ? memcmp(a->u.string.ptr, b->u.string.ptr, n) : 0;
  if (c) {
    return c;
  }
  return a->u.string.len < b->u.string.len ? -1
                                           : a->u.string.len > b->u.string.len;
}

static LdxStatus
equal(const LdxiJpValue* a, const LdxiJpValue* b, size_t depth, bool* out)
{
  *out = false;
  if (is_number(a) && is_number(b)) {
    *out = !cmp_numbers(a, b);
    return LDX_SUCCESS;
  }
  if (a->kind != b->kind) {
    return LDX_SUCCESS;
  }
  switch (a->kind) {
    case LDXI_JP_STRING:
      *out = !cmp_strings(a, b);
      return LDX_SUCCESS;
    case LDXI_JP_ARRAY:
    case LDXI_JP_OBJECT:
      break;
    default: // Nothing, null, true, false
      *out = true;
      return LDX_SUCCESS;
  }
  if (!depth) {
    return LDX_BAD_LIMIT;
  }
  LdxiJpValue x;
  LdxiJpValue y;
  LdxStatus   st = LDX_SUCCESS;
  if (a->kind == LDXI_JP_ARRAY) {
    const size_t n = a->u.json->n;
    if (n != b->u.json->n) {
      return LDX_SUCCESS;
    }
    for (size_t i = 0; i < n; ++i) {
      ldxi_jp_value_of(&a->u.json->u.items[i], &x);
      ldxi_jp_value_of(&b->u.json->u.items[i], &y);
      if ((st = equal(&x, &y, depth - 1, out)) || !*out) {
        return st;
      }
    }
    *out = true;
    return LDX_SUCCESS;
  }
  // The same member names on both sides (duplicates count once, by their
  // last value).
  for (int side = 0; side < 2; ++side) {
    const LdxiJson* from = side ? b->u.json : a->u.json;
    const LdxiJson* to   = side ? a->u.json : b->u.json;
    for (size_t i = 0; i < from->n; ++i) {
      const LdxiJsonMember* m     = &from->u.members[i];
      const LdxiJson*       other = ldxi_json_get(to, m->name, m->name_len);
      if (!other) {
        *out = false;
        return LDX_SUCCESS;
      }
      if (side) {
        continue; // values were compared from a's side
      }
      ldxi_jp_value_of(ldxi_json_get(from, m->name, m->name_len), &x);
      ldxi_jp_value_of(other, &y);
      if ((st = equal(&x, &y, depth - 1, out)) || !*out) {
        return st;
      }
    }
  }
  *out = true;
  return LDX_SUCCESS;
}

static bool
less(const LdxiJpValue* a, const LdxiJpValue* b)
{
  if (is_number(a) && is_number(b)) {
    return cmp_numbers(a, b) < 0;
  }
  if (a->kind == LDXI_JP_STRING && b->kind == LDXI_JP_STRING) {
    return cmp_strings(a, b) < 0;
  }
  return false;
}

LdxStatus
ldxi_jp_compare(LdxiJpCmpOp        op,
                const LdxiJpValue* a,
                const LdxiJpValue* b,
                size_t             max_depth,
                bool*              out)
{
  bool      eq = false;
  LdxStatus st = LDX_SUCCESS;
  switch (op) {
    case LDXI_JP_CMP_EQ:
      return equal(a, b, max_depth, out);
    case LDXI_JP_CMP_NE:
      st   = equal(a, b, max_depth, &eq);
      *out = !eq;
      return st;
    case LDXI_JP_CMP_LT:
      *out = less(a, b);
      return LDX_SUCCESS;
    case LDXI_JP_CMP_GT:
      *out = less(b, a);
      return LDX_SUCCESS;
    case LDXI_JP_CMP_LE:
      if ((*out = less(a, b))) {
        return LDX_SUCCESS;
      }
      return equal(a, b, max_depth, out);
    case LDXI_JP_CMP_GE:
      if ((*out = less(b, a))) {
        return LDX_SUCCESS;
      }
      return equal(a, b, max_depth, out);
  }
  *out = false;
  return LDX_SUCCESS;
}
