// SPDX-License-Identifier: MIT
#include "mapping/template.h"

#include <stdbool.h>
#include <string.h>

static LdxStatus
fail(size_t       offset,
     const char*  message,
     size_t*      err_offset,
     const char** err_message)
{
  *err_offset  = offset;
  *err_message = message;
  return LDX_BAD_REFERENCE;
}

LdxStatus
ldxi_template_parse(LdxiArena*         arena,
                    const char*        text,
                    size_t             len,
                    LdxiTemplatePart** parts,
                    size_t*            n_parts,
                    size_t*            err_offset,
                    const char**       err_message)
{
  // At most one part per '{' plus the final one.
  size_t max_parts = 1;
  for (size_t i = 0; i < len; ++i) {
    max_parts += text[i] == '{';
  }
  LdxiTemplatePart* out = (LdxiTemplatePart*)ldxi_arena_alloc(
    arena, max_parts * sizeof(LdxiTemplatePart));
  // Unescaped text is never longer than the template, plus one NUL per
  // brace and a final one.
  char* scratch = (char*)ldxi_arena_alloc(arena, 2 * len + 2);
  if (!out || !scratch) {
    return LDX_BAD_ALLOC;
  }
  size_t n       = 0;
  bool   in_ref  = false;
  size_t ref_at  = 0;
  char*  seg     = scratch; // start of the current segment in scratch
  char*  w       = scratch;
  out[0].literal = seg;
  for (size_t i = 0; i < len; ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 == len) {
        return fail(
          i, "backslash at the end of the template", err_offset, err_message);
      }
      char e = text[++i];
      if (e != '{' && e != '}' && e != '\\') {
        return fail(i - 1,
                    "invalid escape in template: only \\{, \\} and \\\\ are "
                    "allowed",
                    err_offset,
                    err_message);
      }
      *w++ = e;
    } else if (c == '{') {
      if (in_ref) {
        return fail(i,
                    "unescaped '{' inside a reference (write \\{)",
                    err_offset,
                    err_message);
      }
      out[n].literal_len = (size_t)(w - seg);
      *w++               = '\0';
      seg                = w;
      in_ref             = true;
      ref_at             = i;
    } else if (c == '}') {
      if (!in_ref) {
        return fail(i,
                    "unescaped '}' outside a reference (write \\})",
                    err_offset,
                    err_message);
      }
      if (w == seg) {
        return fail(
          ref_at, "empty reference '{}' in template", err_offset, err_message);
      }
      out[n].reference        = seg;
      out[n].reference_len    = (size_t)(w - seg);
      out[n].reference_offset = ref_at + 1;
      *w++                    = '\0';
      seg                     = w;
      in_ref                  = false;
      out[++n].literal        = seg;
    } else {
      *w++ = c;
    }
  }
  if (in_ref) {
    return fail(
      ref_at, "unterminated reference: missing '}'", err_offset, err_message);
  }
  out[n].literal_len      = (size_t)(w - seg);
  out[n].reference        = NULL;
  out[n].reference_len    = 0;
  out[n].reference_offset = 0;
  *w                      = '\0';
  *parts                  = out;
  *n_parts                = n + 1;
  return LDX_SUCCESS;
}
