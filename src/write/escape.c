// SPDX-License-Identifier: MIT
#include "write/escape.h"

#include "core/try.h"

#include <string.h>

static bool
is_cont(unsigned char c)
{
  return (c & 0xC0u) == 0x80u;
}

size_t
ldxi_utf8_sequence_length(const unsigned char* s, size_t avail)
{
  const unsigned char c = s[0];
  if (c < 0x80u) {
    return 1;
  }
  if (c < 0xC2u) { // continuation byte or overlong 2-byte lead
    return 0;
  }
  if (c < 0xE0u) {
    return avail >= 2 && is_cont(s[1]) ? 2 : 0;
  }
  if (c < 0xF0u) {
    if (avail < 3 || !is_cont(s[1]) || !is_cont(s[2])) {
      return 0;
    }
    if ((c == 0xE0u && s[1] < 0xA0u) ||  // overlong
        (c == 0xEDu && s[1] >= 0xA0u)) { // UTF-16 surrogate
      return 0;
    }
    return 3;
  }
  if (c < 0xF5u) {
    if (avail < 4 || !is_cont(s[1]) || !is_cont(s[2]) || !is_cont(s[3])) {
      return 0;
    }
    if ((c == 0xF0u && s[1] < 0x90u) ||  // overlong
        (c == 0xF4u && s[1] >= 0x90u)) { // past U+10FFFF
      return 0;
    }
    return 4;
  }
  return 0;
}

bool
ldxi_utf8_is_valid(const char* s, size_t len)
{
  const unsigned char* p = (const unsigned char*)s;
  size_t               i = 0;
  while (i < len) {
    if (p[i] < 0x80u) {
      ++i;
      continue;
    }
    const size_t n = ldxi_utf8_sequence_length(p + i, len - i);
    if (!n) {
      return false;
    }
    i += n;
  }
  return true;
}

LdxStatus
ldxi_utf8_append_repaired(LdxiBuf*    buf,
                          const char* s,
                          size_t      len,
                          bool        iri,
                          size_t*     replaced)
{
  const unsigned char* p     = (const unsigned char*)s;
  size_t               start = 0; // start of the pending valid run
  size_t               i     = 0;
  LdxStatus            st    = LDX_SUCCESS;
  while (i < len) {
    const size_t n =
      p[i] < 0x80u ? 1 : ldxi_utf8_sequence_length(p + i, len - i);
    if (n) {
      i += n;
      continue;
    }
    TRY(st, ldxi_buf_append(buf, s + start, i - start));
    if (iri) {
      const char pct[3] = { '%',
                            ldxi_hex_digit(p[i] >> 4u),
                            ldxi_hex_digit(p[i]) };
      TRY(st, ldxi_buf_append(buf, pct, sizeof(pct)));
    } else {
      TRY(st, ldxi_buf_append(buf, "\xEF\xBF\xBD", 3));
    }
    ++*replaced;
    start = ++i;
  }
  return ldxi_buf_append(buf, s + start, len - start);
}

LdxStatus
ldxi_blank_label_append(LdxiBuf* buf, const char* label, size_t len)
{
  if (!len) {
    return ldxi_buf_putc(buf, '_');
  }
  LdxStatus st = LDX_SUCCESS;
  for (size_t i = 0; i < len; ++i) {
    const unsigned char c = (unsigned char)label[i];
    if (ldxi_blank_keeps(c, i == 0)) {
      TRY(st, ldxi_buf_putc(buf, (char)c));
    } else {
      const char esc[3] = { '_', ldxi_hex_digit(c >> 4u), ldxi_hex_digit(c) };
      TRY(st, ldxi_buf_append(buf, esc, sizeof(esc)));
    }
  }
  return st;
}

static bool
is_alpha(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool
ldxi_langtag_syntax_ok(const char* tag, size_t len)
{
  size_t i = 0;
  while (i < len && is_alpha(tag[i])) {
    ++i;
  }
  if (i == 0) {
    return false;
  }
  while (i < len) {
    if (tag[i++] != '-') {
      return false;
    }
    const size_t start = i;
    while (i < len && (is_alpha(tag[i]) || is_digit(tag[i]))) {
      ++i;
    }
    if (i == start) {
      return false;
    }
  }
  return true;
}

bool
ldxi_prefix_name_ok(LdxStr name)
{
  for (size_t i = 0; i < name.len; ++i) {
    const char c = name.buf[i];
    if (!is_alpha(c) &&
        (i == 0 || !(is_digit(c) || c == '_' || c == '-' || c == '.'))) {
      return false;
    }
  }
  return !name.len || name.buf[name.len - 1] != '.';
}

bool
ldxi_is_xsd_string(LdxStr iri)
{
  return iri.len == sizeof(LDXI_XSD_STRING) - 1 &&
         !memcmp(iri.buf, LDXI_XSD_STRING, iri.len);
}
