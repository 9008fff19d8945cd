// SPDX-License-Identifier: MIT
// Reading the document model: lookup, equality and compact output.
#include "json/json.h"

#include <string.h>

const LdxiJson*
ldxi_json_get(const LdxiJson* object, const char* name, size_t len)
{
  if (!object || object->type != LDXI_JSON_OBJECT) {
    return NULL;
  }
  // From the end: the last of duplicate names wins.
  for (size_t i = object->n; i-- > 0;) {
    const LdxiJsonMember* m = &object->u.members[i];
    // Cheap tests first: names in one object often differ by one byte.
    if (m->name_len == len &&
        (!len || (m->name[0] == name[0] && m->name[len - 1] == name[len - 1] &&
                  !memcmp(m->name, name, len)))) {
      return &m->value;
    }
  }
  return NULL;
}

bool
ldxi_json_is_integral(const LdxiJson* node)
{
  if (node->type == LDXI_JSON_INTEGER) {
    return true;
  }
  if (node->type != LDXI_JSON_REAL) {
    return false;
  }
  for (size_t i = 0; i < node->n; ++i) {
    const char c = node->u.str[i];
    if (c == '.' || c == 'e' || c == 'E') {
      return false;
    }
  }
  return true;
}

// Exact comparison of an integer with a double.
static bool
int_equals_real(int64_t i, double d)
{
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
    return false;
  }
  const int64_t t = (int64_t)d;
  return t == i && (double)t == d;
}

bool
ldxi_json_equal(const LdxiJson* a, const LdxiJson* b, size_t max_depth)
{
  if (ldxi_json_is_number(a) && ldxi_json_is_number(b)) {
    if (a->type == LDXI_JSON_INTEGER && b->type == LDXI_JSON_INTEGER) {
      return a->num.integer == b->num.integer;
    }
    if (a->type == LDXI_JSON_REAL && b->type == LDXI_JSON_REAL) {
      return a->num.real == b->num.real;
    }
    return a->type == LDXI_JSON_INTEGER
             ? int_equals_real(a->num.integer, b->num.real)
             : int_equals_real(b->num.integer, a->num.real);
  }
  if (a->type != b->type) {
    return false;
  }
  switch (a->type) {
    case LDXI_JSON_NULL:
    case LDXI_JSON_FALSE:
    case LDXI_JSON_TRUE:
    case LDXI_JSON_INTEGER:
    case LDXI_JSON_REAL:
      return true;
    case LDXI_JSON_STRING:
      return a->n == b->n && !memcmp(a->u.str, b->u.str, a->n);
    case LDXI_JSON_ARRAY:
      if (a->n != b->n || !max_depth) {
        return false;
      }
      for (size_t i = 0; i < a->n; ++i) {
        if (!ldxi_json_equal(&a->u.items[i], &b->u.items[i], max_depth - 1)) {
          return false;
        }
      }
      return true;
    case LDXI_JSON_OBJECT:
      if (!max_depth) {
        return false;
      }
      // Same names (seen from either side) with equal last values.
      for (int side = 0; side < 2; ++side) {
        const LdxiJson* x = side ? b : a;
        const LdxiJson* y = side ? a : b;
        for (size_t i = 0; i < x->n; ++i) {
          const LdxiJsonMember* m = &x->u.members[i];
          const LdxiJson*       v = ldxi_json_get(y, m->name, m->name_len);
          if (!v || !ldxi_json_equal(ldxi_json_get(x, m->name, m->name_len),
                                     v,
                                     max_depth - 1)) {
            return false;
          }
        }
      }
      return true;
  }
  return false;
}

static LdxStatus
write_string(const char* s, size_t len, unsigned flags, LdxiBuf* out)
{
  static const char hex[] = "0123456789abcdef";
  LdxStatus         st    = ldxi_buf_putc(out, '"');
  size_t            run   = 0; // start of the bytes not yet written
  for (size_t i = 0; !st && i < len;) {
    const unsigned char c = (unsigned char)s[i];
    char                esc[12];
    size_t              n    = 2;
    size_t              step = 1;
    esc[0]                   = '\\';
    if (c == '"' || c == '\\') {
      esc[1] = (char)c;
    } else if (c == '\n') {
      esc[1] = 'n';
    } else if (c == '\t') {
      esc[1] = 't';
    } else if (c == '\r') {
      esc[1] = 'r';
    } else if (c == '\b') {
      esc[1] = 'b';
    } else if (c == '\f') {
      esc[1] = 'f';
    } else if (c < 0x20 || (c >= 0x80 && (flags & LDXI_JSON_WRITE_ASCII))) {
      // The document holds valid UTF-8: decode one code point.
      unsigned cp = c;
      if (c >= 0x80) {
        step = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        cp   = c & (0x3Fu >> (step - 1));
        for (size_t k = 1; k < step && i + k < len; ++k) {
          cp = cp << 6 | ((unsigned char)s[i + k] & 0x3Fu);
        }
      }
      unsigned units[2] = { cp, 0 };
      size_t   n_units  = 1;
      if (cp >= 0x10000) {
        units[0] = 0xD800 + ((cp - 0x10000) >> 10);
        units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        n_units  = 2;
      }
      n = 0;
      for (size_t u = 0; u < n_units; ++u) {
        esc[n++] = '\\';
        esc[n++] = 'u';
        esc[n++] = hex[units[u] >> 12 & 0xF];
        esc[n++] = hex[units[u] >> 8 & 0xF];
        esc[n++] = hex[units[u] >> 4 & 0xF];
        esc[n++] = hex[units[u] & 0xF];
      }
    } else {
      ++i;
      continue;
    }
    if (i > run) {
      st = ldxi_buf_append(out, s + run, i - run);
    }
    if (!st) {
      st = ldxi_buf_append(out, esc, n);
    }
    i += step;
    run = i;
  }
  if (!st && len > run) {
    st = ldxi_buf_append(out, s + run, len - run);
  }
  return st ? st : ldxi_buf_putc(out, '"');
}

LdxStatus
ldxi_json_write(const LdxiJson* node, unsigned flags, LdxiBuf* out)
{
  LdxStatus st = LDX_SUCCESS;
  switch (node->type) {
    case LDXI_JSON_NULL:
      return ldxi_buf_append(out, "null", 4);
    case LDXI_JSON_FALSE:
      return ldxi_buf_append(out, "false", 5);
    case LDXI_JSON_TRUE:
      return ldxi_buf_append(out, "true", 4);
    case LDXI_JSON_INTEGER:
    case LDXI_JSON_REAL:
      return ldxi_buf_append(out, node->u.str, node->n);
    case LDXI_JSON_STRING:
      return write_string(node->u.str, node->n, flags, out);
    case LDXI_JSON_ARRAY:
      st = ldxi_buf_putc(out, '[');
      for (size_t i = 0; !st && i < node->n; ++i) {
        if (i) {
          st = ldxi_buf_putc(out, ',');
        }
        if (!st) {
          st = ldxi_json_write(&node->u.items[i], flags, out);
        }
      }
      return st ? st : ldxi_buf_putc(out, ']');
    case LDXI_JSON_OBJECT:
      st = ldxi_buf_putc(out, '{');
      for (size_t i = 0; !st && i < node->n; ++i) {
        const LdxiJsonMember* m = &node->u.members[i];
        if (i) {
          st = ldxi_buf_putc(out, ',');
        }
        if (!st) {
          st = write_string(m->name, m->name_len, flags, out);
        }
        if (!st) {
          st = ldxi_buf_putc(out, ':');
        }
        if (!st) {
          st = ldxi_json_write(&m->value, flags, out);
        }
      }
      return st ? st : ldxi_buf_putc(out, '}');
  }
  return LDX_BAD_ARG;
}
