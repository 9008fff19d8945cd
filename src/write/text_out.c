// SPDX-License-Identifier: MIT
#include "write/text_out.h"

#include "write/escape.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/try.h"

#include <stdbool.h>

#ifdef __SSE2__
#  include <emmintrin.h>
#endif

#define DEFAULT_BUFFER_SIZE ((size_t)256 * 1024)

// Longest output of one escaped input unit ("\u00XX"), and so the smallest
// buffer that always makes progress.
#define MAX_UNIT ((size_t)6)

// Bytes that need more than a copy in an IRI (C_IRI) or a literal (C_LIT).
// Every non-ASCII byte is in both: its UTF-8 sequence must be checked.
enum { C_IRI = 1, C_LIT = 2 };

static const unsigned char char_class[256] = {
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 00
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 10
  1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 20
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, // 30
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 40
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0, // 50
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 60
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 3, // 70
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 80
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 90
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // A0
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // B0
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // C0
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // D0
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // E0
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // F0
};

// Which escaping a string gets.
typedef enum { ESC_IRI, ESC_LITERAL, ESC_BLANK } Escaping;

LdxStatus
ldxi_text_out_init(LdxiTextOut*    t,
                   LdxWorld*       world,
                   LdxOutputStream out,
                   size_t          cap)
{
  t->world    = world;
  t->out      = out;
  t->len      = 0;
  t->replaced = 0;
  t->cap      = cap ? cap : DEFAULT_BUFFER_SIZE;
  if (t->cap < MAX_UNIT) {
    t->cap = MAX_UNIT;
  }
  t->buf = (char*)ldxi_malloc(world, t->cap);
  return t->buf ? LDX_SUCCESS : LDX_BAD_ALLOC;
}

void
ldxi_text_out_free(LdxiTextOut* t)
{
  ldxi_free(t->world, t->buf);
  t->buf = NULL;
}

LdxStatus
ldxi_text_out_drain(LdxiTextOut* t)
{
  const size_t len = t->len;
  t->len           = 0;
  return ldxi_output_write(t->world, &t->out, t->buf, len);
}

LdxStatus
ldxi_text_out_flush(LdxiTextOut* t)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ldxi_text_out_drain(t));
  return ldxi_output_flush(t->world, &t->out);
}

LdxStatus
ldxi_text_out_put_slow(LdxiTextOut* t, const char* s, size_t n)
{
  LdxStatus st = LDX_SUCCESS;
  while (n) {
    if (t->len == t->cap) {
      TRY(st, ldxi_text_out_drain(t));
    }
    const size_t room = t->cap - t->len;
    const size_t k    = n < room ? n : room;
    memcpy(t->buf + t->len, s, k);
    t->len += k;
    s += k;
    n -= k;
  }
  return st;
}

static inline char*
put_uchar(char* d, unsigned char c)
{
  d[0] = '\\';
  d[1] = 'u';
  d[2] = '0';
  d[3] = '0';
  d[4] = ldxi_hex_digit(c >> 4u);
  d[5] = ldxi_hex_digit(c);
  return d + 6;
}

// A non-ASCII unit at s[0]: copy its UTF-8 sequence, or replace the byte.
static inline char*
put_non_ascii(LdxiTextOut*         t,
              char*                d,
              const unsigned char* s,
              size_t               avail,
              size_t*              used,
              bool                 iri)
{
  const size_t k = ldxi_utf8_sequence_length(s, avail);
  if (k) {
    memcpy(d, s, k);
    *used = k;
    return d + k;
  }
  ++t->replaced;
  *used = 1;
  if (iri) {
    d[0] = '%';
    d[1] = ldxi_hex_digit(s[0] >> 4u);
    d[2] = ldxi_hex_digit(s[0]);
  } else {
    memcpy(d, "\xEF\xBF\xBD", 3); // U+FFFD
  }
  return d + 3;
}

// The end of the run of plain bytes in s[i, lim): the first byte of
// char_class `mask` (or lim).  With SSE2, 16 bytes are checked at a time.
static inline size_t
plain_run(const unsigned char* s, size_t i, size_t lim, unsigned mask)
{
#ifdef __SSE2__
  // As signed bytes, 0x80-0xFF are negative: one compare finds them together
  // with the controls.
  const __m128i ctl = _mm_set1_epi8(mask == C_IRI ? 0x21 : 0x20);
  while (lim - i >= 16) {
    const __m128i v   = _mm_loadu_si128((const __m128i*)(const void*)(s + i));
    __m128i       bad = _mm_cmplt_epi8(v, ctl);
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    if (mask == C_IRI) {
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('}')));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('|')));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('^')));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
    }
    if (_mm_movemask_epi8(bad)) {
      break; // the scalar loop finds which byte
    }
    i += 16;
  }
#endif
  while (i < lim && !(char_class[s[i]] & mask)) {
    ++i;
  }
  return i;
}

// Escape s[*pos, n) into the buffer until all is done or the next unit might
// not fit; advances *pos.  Runs of plain bytes are found with one table
// lookup per byte and copied with memcpy.
static void
escape_part(LdxiTextOut*         t,
            Escaping             esc,
            const unsigned char* s,
            size_t               n,
            size_t*              pos)
{
  char*          d    = t->buf + t->len;
  char* const    end  = t->buf + t->cap;
  const unsigned mask = esc == ESC_IRI ? C_IRI : C_LIT;
  size_t         i    = *pos;
  while (i < n) {
    const size_t room = (size_t)(end - d);
    const size_t lim  = n - i < room ? n : i + room;
    size_t       j    = i;
    if (esc == ESC_BLANK) {
      while (j < lim && ldxi_blank_keeps(s[j], j == 0)) {
        ++j;
      }
    } else {
      j = plain_run(s, i, lim, mask);
    }
    memcpy(d, s + i, j - i);
    d += j - i;
    i = j;
    if (i == n || (size_t)(end - d) < MAX_UNIT) {
      break;
    }

    const unsigned char c    = s[i];
    size_t              used = 1;
    if (esc == ESC_BLANK) {
      d[0] = '_';
      d[1] = ldxi_hex_digit(c >> 4u);
      d[2] = ldxi_hex_digit(c);
      d += 3;
    } else if (c >= 0x80u) {
      d = put_non_ascii(t, d, s + i, n - i, &used, esc == ESC_IRI);
    } else if (esc == ESC_LITERAL &&
               (c == '"' || c == '\\' || c == '\n' || c == '\r')) {
      d[0] = '\\';
      d[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : (char)c;
      d += 2;
    } else {
      d = put_uchar(d, c);
    }
    i += used;
  }
  t->len = (size_t)(d - t->buf);
  *pos   = i;
}

static LdxStatus
put_escaped(LdxiTextOut* t, Escaping esc, LdxStr str)
{
  const unsigned char* s   = (const unsigned char*)str.buf;
  size_t               pos = 0;
  LdxStatus            st  = LDX_SUCCESS;
  for (;;) {
    escape_part(t, esc, s, str.len, &pos);
    if (pos == str.len) {
      return LDX_SUCCESS;
    }
    TRY(st, ldxi_text_out_drain(t));
  }
}

LdxStatus
ldxi_text_out_iri_body(LdxiTextOut* t, LdxStr iri)
{
  return put_escaped(t, ESC_IRI, iri);
}

LdxStatus
ldxi_text_out_iri(LdxiTextOut* t, LdxStr iri)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ldxi_text_out_put(t, "<", 1));
  TRY(st, put_escaped(t, ESC_IRI, iri));
  return ldxi_text_out_put(t, ">", 1);
}

LdxStatus
ldxi_text_out_string(LdxiTextOut* t, LdxStr text)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ldxi_text_out_put(t, "\"", 1));
  TRY(st, put_escaped(t, ESC_LITERAL, text));
  return ldxi_text_out_put(t, "\"", 1);
}

LdxStatus
ldxi_text_out_blank(LdxiTextOut* t, LdxStr label)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ldxi_text_out_put(t, "_:", 2));
  return label.len ? put_escaped(t, ESC_BLANK, label)
                   : ldxi_text_out_put(t, "_", 1);
}

LdxStatus
ldxi_text_out_term(LdxiTextOut* t, const LdxTerm* term)
{
  LdxStatus st = LDX_SUCCESS;
  switch (term->type) {
    case LDX_TERM_IRI:
      return ldxi_text_out_iri(t, term->value);
    case LDX_TERM_BLANK:
      return ldxi_text_out_blank(t, term->value);
    case LDX_TERM_LITERAL:
      TRY(st, ldxi_text_out_string(t, term->value));
      if (term->language.len) { // syntax checked by writer.c
        TRY(st, ldxi_text_out_put(t, "@", 1));
        return ldxi_text_out_put(t, term->language.buf, term->language.len);
      }
      if (term->datatype.len && !ldxi_is_xsd_string(term->datatype)) {
        TRY(st, ldxi_text_out_put(t, "^^", 2));
        return ldxi_text_out_iri(t, term->datatype);
      }
      return LDX_SUCCESS;
  }
  return LDX_BAD_ARG;
}

void
ldxi_text_out_warn_replaced(LdxiTextOut* t, const char* format_name)
{
  if (t->replaced) {
    ldxi_warning(t->world,
                 NULL,
                 "%s output: %zu byte%s of invalid UTF-8 replaced (by %%XX "
                 "in IRIs, U+FFFD in literals)",
                 format_name,
                 t->replaced,
                 t->replaced == 1 ? "" : "s");
  }
}
