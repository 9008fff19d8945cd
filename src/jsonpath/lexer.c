// SPDX-License-Identifier: MIT
#include "jsonpath/lexer.h"

#include "core/alloc.h"
#include "rdf/utf8.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

LdxStatus
ldxi_jp_error(LdxiJpLexer* lex,
              size_t       offset,
              LdxStatus    status,
              const char*  fmt,
              ...)
{
  va_list args;
  va_start(args, fmt);
  lex->err->offset = offset;
  vsnprintf(lex->err->message, sizeof(lex->err->message), fmt, args);
  va_end(args);
  return status;
}

static int
hex_value(int c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// Four hex digits at `at` (just after "\u"); -1 if malformed.
static long
hex4(const LdxiJpLexer* lex, size_t at)
{
  if (at + 4 > lex->len) {
    return -1;
  }
  long value = 0;
  for (size_t i = 0; i < 4; ++i) {
    int digit = hex_value((unsigned char)lex->text[at + i]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

// A \uXXXX escape (with its low surrogate if any) starting at the
// backslash `at`; sets the code point and the escape's length.
static LdxStatus
lex_unicode_escape(LdxiJpLexer* lex, size_t at, uint32_t* cp, size_t* len)
{
  long hi = hex4(lex, at + 2);
  if (hi < 0) {
    return ldxi_jp_error(
      lex, at, LDX_BAD_REFERENCE, "expected four hex digits after '\\u'");
  }
  if (hi >= 0xDC00 && hi <= 0xDFFF) {
    return ldxi_jp_error(lex,
                         at,
                         LDX_BAD_REFERENCE,
                         "low surrogate \\u%04lX without a high surrogate",
                         hi);
  }
  if (hi < 0xD800 || hi > 0xDBFF) {
    *cp  = (uint32_t)hi;
    *len = 6;
    return LDX_SUCCESS;
  }
  size_t next = at + 6;
  long   lo   = -1;
  if (next + 1 < lex->len && lex->text[next] == '\\' &&
      lex->text[next + 1] == 'u') {
    lo = hex4(lex, next + 2);
  }
  if (lo < 0xDC00 || lo > 0xDFFF) {
    return ldxi_jp_error(lex,
                         at,
                         LDX_BAD_REFERENCE,
                         "high surrogate \\u%04lX must be followed by a low "
                         "surrogate escape",
                         hi);
  }
  *cp  = 0x10000u + (((uint32_t)hi - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
  *len = 12;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_jp_lex_string(LdxiJpLexer* lex,
                   LdxiArena*   arena,
                   const char** out,
                   size_t*      out_len)
{
  const size_t start = lex->pos;
  const char   quote = lex->text[start];

  // Find the closing quote first so the decoded copy can be sized.
  size_t end = start + 1;
  while (end < lex->len && lex->text[end] != quote) {
    end += lex->text[end] == '\\' ? 2 : 1;
  }
  if (end >= lex->len) {
    return ldxi_jp_error(
      lex, start, LDX_BAD_REFERENCE, "unterminated string literal");
  }

  char* dst = (char*)ldxi_arena_alloc(arena, end - start);
  if (!dst) {
    return ldxi_jp_error(lex, start, LDX_BAD_ALLOC, "out of memory");
  }
  size_t n = 0;
  for (size_t i = start + 1; i < end;) {
    const unsigned char c = (unsigned char)lex->text[i];
    if (c == '\\') {
      const char e = lex->text[i + 1];
      char       simple;
      switch (e) {
        case 'b':
          simple = '\b';
          break;
        case 'f':
          simple = '\f';
          break;
        case 'n':
          simple = '\n';
          break;
        case 'r':
          simple = '\r';
          break;
        case 't':
          simple = '\t';
          break;
        case '/':
        case '\\':
          simple = e;
          break;
        case '\'':
        case '"':
          if (e != quote) {
            return ldxi_jp_error(lex,
                                 i,
                                 LDX_BAD_REFERENCE,
                                 "invalid escape '\\%c' in a %s-quoted string",
                                 e,
                                 quote == '\'' ? "single" : "double");
          }
          simple = e;
          break;
        case 'u': {
          uint32_t  cp      = 0;
          size_t    esc_len = 0;
          LdxStatus st      = lex_unicode_escape(lex, i, &cp, &esc_len);
          if (st) {
            return st;
          }
          n += ldxi_utf8_encode(cp, (uint8_t*)dst + n);
          i += esc_len;
          continue;
        }
        default:
          if ((unsigned char)e < 0x20 || (unsigned char)e >= 0x7F) {
            return ldxi_jp_error(lex,
                                 i,
                                 LDX_BAD_REFERENCE,
                                 "invalid escape sequence in a string literal");
          }
          return ldxi_jp_error(lex,
                               i,
                               LDX_BAD_REFERENCE,
                               "invalid escape '\\%c' in a string literal",
                               e);
      }
      dst[n++] = simple;
      i += 2;
    } else if (c < 0x20) {
      return ldxi_jp_error(lex,
                           i,
                           LDX_BAD_REFERENCE,
                           "control character U+%04X must be escaped in a "
                           "string literal",
                           (unsigned)c);
    } else if (c < 0x80) {
      dst[n++] = (char)c;
      ++i;
    } else {
      uint32_t cp;
      size_t k = ldxi_utf8_decode((const uint8_t*)lex->text + i, end - i, &cp);
      if (!k) {
        return ldxi_jp_error(
          lex, i, LDX_BAD_REFERENCE, "invalid UTF-8 in a string literal");
      }
      memcpy(dst + n, lex->text + i, k);
      n += k;
      i += k;
    }
  }
  dst[n]   = '\0';
  *out     = dst;
  *out_len = n;
  lex->pos = end + 1;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_jp_lex_int(LdxiJpLexer* lex, int64_t* out)
{
  const size_t start    = lex->pos;
  const bool   negative = ldxi_jp_peek(lex, 0) == '-';
  size_t       i        = start + (negative ? 1 : 0);
  if (i >= lex->len || !ldxi_jp_is_digit((unsigned char)lex->text[i])) {
    return ldxi_jp_error(lex, i, LDX_BAD_REFERENCE, "expected a digit");
  }
  if (lex->text[i] == '0' && i + 1 < lex->len &&
      ldxi_jp_is_digit((unsigned char)lex->text[i + 1])) {
    return ldxi_jp_error(lex,
                         start,
                         LDX_BAD_REFERENCE,
                         "leading zeros are not allowed in an integer");
  }
  int64_t value = 0;
  bool    big   = false;
  for (; i < lex->len && ldxi_jp_is_digit((unsigned char)lex->text[i]); ++i) {
    if (!big) {
      value = value * 10 + (lex->text[i] - '0');
      big   = value > LDXI_JP_INT_MAX;
    }
  }
  if (big) {
    return ldxi_jp_error(lex,
                         start,
                         LDX_BAD_REFERENCE,
                         "integer out of the range -(2^53-1) to 2^53-1");
  }
  if (negative && value == 0) {
    return ldxi_jp_error(
      lex, start, LDX_BAD_REFERENCE, "'-0' is not a valid integer");
  }
  *out     = negative ? -value : value;
  lex->pos = i;
  return LDX_SUCCESS;
}

// strtod() on a copy of the token, with '.' swapped for the locale's
// decimal point so that a program that called setlocale() still works.
static LdxStatus
parse_real(LdxiJpLexer* lex, size_t start, size_t end, double* out)
{
  const char* point     = localeconv()->decimal_point;
  size_t      point_len = point && *point ? strlen(point) : 1;
  size_t      size      = (end - start) * point_len + 1;
  char        small[96];
  char*       copy = small;
  if (size > sizeof(small)) {
    copy = (char*)ldxi_malloc(lex->world, size);
    if (!copy) {
      return ldxi_jp_error(lex, start, LDX_BAD_ALLOC, "out of memory");
    }
  }
  size_t n = 0;
  for (size_t i = start; i < end; ++i) {
    if (lex->text[i] == '.' && point && *point) {
      memcpy(copy + n, point, point_len);
      n += point_len;
    } else {
      copy[n++] = lex->text[i];
    }
  }
  copy[n]    = '\0';
  char* rest = NULL;
  errno      = 0;
  *out       = strtod(copy, &rest);
  bool whole = rest == copy + n;
  if (copy != small) {
    ldxi_free(lex->world, copy);
  }
  // Overflow gives +-HUGE_VAL, underflow a tiny value: both compare right.
  return whole ? LDX_SUCCESS
               : ldxi_jp_error(
                   lex, start, LDX_BAD_REFERENCE, "invalid number literal");
}

LdxStatus
ldxi_jp_lex_number(LdxiJpLexer* lex, LdxiJpValue* out)
{
  const size_t start    = lex->pos;
  size_t       i        = start;
  const bool   negative = ldxi_jp_peek(lex, 0) == '-';
  if (negative) {
    ++i;
  }
  if (i >= lex->len || !ldxi_jp_is_digit((unsigned char)lex->text[i])) {
    return ldxi_jp_error(
      lex, i, LDX_BAD_REFERENCE, "expected a digit in a number literal");
  }
  if (lex->text[i] == '0' && i + 1 < lex->len &&
      ldxi_jp_is_digit((unsigned char)lex->text[i + 1])) {
    return ldxi_jp_error(lex,
                         start,
                         LDX_BAD_REFERENCE,
                         "leading zeros are not allowed in a number");
  }
  int64_t value    = 0;
  bool    overflow = false;
  for (; i < lex->len && ldxi_jp_is_digit((unsigned char)lex->text[i]); ++i) {
    int digit = lex->text[i] - '0';
    if (value > (INT64_MAX - digit) / 10) {
      overflow = true;
    } else {
      value = value * 10 + digit;
    }
  }
  bool real = overflow;
  if (i < lex->len && lex->text[i] == '.') {
    ++i;
    if (i >= lex->len || !ldxi_jp_is_digit((unsigned char)lex->text[i])) {
      return ldxi_jp_error(
        lex, i, LDX_BAD_REFERENCE, "expected a digit after the decimal point");
    }
    while (i < lex->len && ldxi_jp_is_digit((unsigned char)lex->text[i])) {
      ++i;
    }
    real = true;
  }
  if (i < lex->len && (lex->text[i] == 'e' || lex->text[i] == 'E')) {
    ++i;
    if (i < lex->len && (lex->text[i] == '+' || lex->text[i] == '-')) {
      ++i;
    }
    if (i >= lex->len || !ldxi_jp_is_digit((unsigned char)lex->text[i])) {
      return ldxi_jp_error(
        lex, i, LDX_BAD_REFERENCE, "expected a digit in the exponent");
    }
    while (i < lex->len && ldxi_jp_is_digit((unsigned char)lex->text[i])) {
      ++i;
    }
    real = true;
  }
  if (real) {
    double    d  = 0.0;
    LdxStatus st = parse_real(lex, start, i, &d);
    if (st) {
      return st;
    }
    out->kind   = LDXI_JP_REAL;
    out->u.real = d;
  } else {
    out->kind      = LDXI_JP_INT;
    out->u.integer = negative ? -value : value;
  }
  lex->pos = i;
  return LDX_SUCCESS;
}

static bool
is_name_first_ascii(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

LdxStatus
ldxi_jp_lex_member_name(LdxiJpLexer* lex, const char* what, size_t* len)
{
  const size_t start = lex->pos;
  size_t       i     = start;
  while (i < lex->len) {
    const unsigned char c = (unsigned char)lex->text[i];
    if (is_name_first_ascii(c) || (i > start && ldxi_jp_is_digit(c))) {
      ++i;
    } else if (c >= 0x80) {
      uint32_t cp;
      size_t   k =
        ldxi_utf8_decode((const uint8_t*)lex->text + i, lex->len - i, &cp);
      if (!k) {
        return ldxi_jp_error(
          lex, i, LDX_BAD_REFERENCE, "invalid UTF-8 in a member name");
      }
      i += k;
    } else {
      break;
    }
  }
  if (i == start) {
    return ldxi_jp_error(lex, start, LDX_BAD_REFERENCE, "expected %s", what);
  }
  *len     = i - start;
  lex->pos = i;
  return LDX_SUCCESS;
}
