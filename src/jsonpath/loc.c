// SPDX-License-Identifier: MIT
// Normalized paths (RFC 9535 §2.7): $ followed by ['name'] and [index].
#include "jsonpath/jsonpath.h"

#include "core/alloc.h"

#include <stdio.h>

#define STACK_STEPS 64u

// Append `name` in normalized single-quoted form.
static LdxStatus
append_name(LdxiBuf* out, const char* name, size_t len)
{
  static const char hex[] = "0123456789abcdef";
  LdxStatus         st    = ldxi_buf_append(out, "['", 2);
  size_t            run   = 0; // start of the pending unescaped bytes
  for (size_t i = 0; !st && i < len; ++i) {
    const unsigned char c = (unsigned char)name[i];
    char                esc[6];
    size_t              n = 2;
    esc[0]                = '\\';
    switch (c) {
      case '\b':
        esc[1] = 'b';
        break;
      case '\f':
        esc[1] = 'f';
        break;
      case '\n':
        esc[1] = 'n';
        break;
      case '\r':
        esc[1] = 'r';
        break;
      case '\t':
        esc[1] = 't';
        break;
      case '\'':
      case '\\':
        esc[1] = (char)c;
        break;
      default:
        if (c >= 0x20) {
          continue;
        }
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 0xF];
        n      = 6;
        break;
    }
    if (i > run) {
      st = ldxi_buf_append(out, name + run, i - run);
    }
    if (!st) {
      st = ldxi_buf_append(out, esc, n);
    }
    run = i + 1;
  }
  if (!st && len > run) {
    st = ldxi_buf_append(out, name + run, len - run);
  }
  return st ? st : ldxi_buf_append(out, "']", 2);
}

LdxStatus
ldxi_jsonpath_loc_format(const LdxiJsonPathLoc* loc, LdxiBuf* out)
{
  // The chain runs leaf to root: collect it, then print from the root.
  size_t n = 0;
  for (const LdxiJsonPathLoc* l = loc; l; l = l->parent) {
    ++n;
  }
  const LdxiJsonPathLoc*  small[STACK_STEPS];
  const LdxiJsonPathLoc** steps = small;
  if (n > STACK_STEPS) {
    steps =
      (const LdxiJsonPathLoc**)ldxi_malloc(out->world, n * sizeof(*steps));
    if (!steps) {
      return LDX_BAD_ALLOC;
    }
  }
  size_t i = n;
  for (const LdxiJsonPathLoc* l = loc; l; l = l->parent) {
    steps[--i] = l;
  }

  const size_t start = out->len;
  LdxStatus    st    = ldxi_buf_putc(out, '$');
  for (i = 0; !st && i < n; ++i) {
    if (steps[i]->name) {
      st = append_name(out, steps[i]->name, steps[i]->name_len);
    } else {
      char num[32];
      int  k = snprintf(num, sizeof(num), "[%zu]", steps[i]->index);
      st     = ldxi_buf_append(out, num, (size_t)k);
    }
  }
  if (steps != small) {
    ldxi_free(out->world, steps);
  }
  if (st && out->data) {
    // Leave the buffer as it was, like a failed append.
    out->len            = start;
    out->data[out->len] = '\0';
  }
  return st;
}
