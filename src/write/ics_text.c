// SPDX-License-Identifier: MIT
#include "write/ics_text.h"

#include "core/try.h"

#include <stdint.h>

size_t
ldxi_ics_utf8_len(const unsigned char* s, size_t avail)
{
  if (!avail) {
    return 0;
  }
  const unsigned char c = s[0];
  if (c < 0x80) {
    return 1;
  }
  size_t   n   = 0;
  uint32_t min = 0;
  uint32_t cp  = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n   = 2;
    min = 0x80;
    cp  = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n   = 3;
    min = 0x800;
    cp  = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n   = 4;
    min = 0x10000;
    cp  = c & 0x07u;
  } else {
    return 0;
  }
  if (avail < n) {
    return 0;
  }
  for (size_t i = 1; i < n; ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return n;
}

static bool
is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

LdxStatus
ldxi_ics_clean_text(LdxiBuf* out, const char* s, size_t len, bool trim)
{
  const unsigned char* p     = (const unsigned char*)s;
  const size_t         start = out->len;
  size_t               i     = 0;
  LdxStatus            st    = LDX_SUCCESS;
  if (trim) {
    while (i < len && (is_space(p[i]) || p[i] == '\r')) {
      ++i;
    }
  }
  while (i < len) {
    const unsigned char c = p[i];
    if (c == '\r') {
      TRY(st, ldxi_buf_putc(out, '\n'));
      i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c < 0x80) {
      if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n') {
        TRY(st, ldxi_buf_putc(out, (char)c));
      }
      ++i;
      continue;
    }
    size_t n = ldxi_ics_utf8_len(p + i, len - i);
    if (!n) {
      TRY(st, ldxi_buf_append(out, "\xEF\xBF\xBD", 3));
      ++i;
      continue;
    }
    if (!(n == 2 && c == 0xC2 && p[i + 1] < 0xA0)) { // not a C1 control
      TRY(st, ldxi_buf_append(out, s + i, n));
    }
    i += n;
  }
  if (trim) {
    while (out->len > start &&
           (is_space((unsigned char)out->data[out->len - 1]))) {
      out->data[--out->len] = '\0';
    }
  }
  return st;
}

LdxStatus
ldxi_ics_iri_to_uri(LdxiBuf* out, const char* iri, size_t len)
{
  static const char hex[] = "0123456789ABCDEF";
  LdxStatus         st    = LDX_SUCCESS;
  for (size_t i = 0; i < len; ++i) {
    const unsigned char c = (unsigned char)iri[i];
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' ||
        c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
      const char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
      TRY(st, ldxi_buf_append(out, enc, 3));
    } else {
      TRY(st, ldxi_buf_putc(out, (char)c));
    }
  }
  return st;
}

LdxStatus
ldxi_ics_json_escape(LdxiBuf* out, const char* s, size_t len)
{
  static const char hex[] = "0123456789abcdef";
  LdxStatus         st    = LDX_SUCCESS;
  for (size_t i = 0; i < len; ++i) {
    const unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      const char esc[2] = { '\\', (char)c };
      TRY(st, ldxi_buf_append(out, esc, 2));
    } else if (c == '\n') {
      TRY(st, ldxi_buf_append(out, "\\n", 2));
    } else if (c == '\t') {
      TRY(st, ldxi_buf_append(out, "\\t", 2));
    } else if (c < 0x20) {
      const char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
      TRY(st, ldxi_buf_append(out, esc, 6));
    } else {
      TRY(st, ldxi_buf_putc(out, (char)c));
    }
  }
  return st;
}

LdxStatus
ldxi_ics_base64(LdxiBuf* out, const void* data, size_t len)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char* p  = (const unsigned char*)data;
  LdxStatus            st = ldxi_buf_reserve(out, (len + 2) / 3 * 4);
  for (size_t i = 0; !st && i < len; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16;
    if (i + 1 < len) {
      v |= (uint32_t)p[i + 1] << 8;
    }
    if (i + 2 < len) {
      v |= p[i + 2];
    }
    char q[4] = { alphabet[(v >> 18) & 63],
                  alphabet[(v >> 12) & 63],
                  i + 1 < len ? alphabet[(v >> 6) & 63] : '=',
                  i + 2 < len ? alphabet[v & 63] : '=' };
    st        = ldxi_buf_append(out, q, 4);
  }
  return st;
}
