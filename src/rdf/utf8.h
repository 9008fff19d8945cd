// SPDX-License-Identifier: MIT
// Strict UTF-8 decoding and encoding shared by the rdf modules.
#ifndef LDX_RDF_UTF8_H
#define LDX_RDF_UTF8_H

#include <stddef.h>
#include <stdint.h>

// Decode the UTF-8 sequence at `s` (`n` > 0 bytes available) into `*cp`.
// Returns its length (1-4), or 0 if it is not well-formed UTF-8 (truncated,
// overlong, a surrogate or above U+10FFFF).
static inline size_t
ldxi_utf8_decode(const uint8_t* s, size_t n, uint32_t* cp)
{
  const uint8_t b0 = s[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }

  size_t   len = 0;
  uint32_t min = 0;
  uint32_t c   = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, min = 0x80, c = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, min = 0x800, c = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, min = 0x10000, c = b0 & 0x07u;
  } else {
    return 0; // continuation byte, C0/C1 or F5-FF lead byte
  }
  if (n < len) {
    return 0;
  }
  for (size_t i = 1; i < len; ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      return 0;
    }
    c = (c << 6) | (s[i] & 0x3Fu);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return 0;
  }
  *cp = c;
  return len;
}

// Encode a code point (at most U+10FFFF, not a surrogate) into `out`,
// which has room for 4 bytes.  Returns the number of bytes written.
static inline size_t
ldxi_utf8_encode(uint32_t cp, uint8_t* out)
{
  if (cp < 0x80) {
    out[0] = (uint8_t)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (uint8_t)(0xC0 | (cp >> 6));
    out[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (uint8_t)(0xE0 | (cp >> 12));
    out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (uint8_t)(0xF0 | (cp >> 18));
  out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

#endif // LDX_RDF_UTF8_H
