// SPDX-License-Identifier: MIT
#include "rdf/turtle_lexer.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "rdf/iri.h"
#include "rdf/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

/*
 * Reader and cursor
 */

void
ldxi_ttl_reader_init(LdxiTtlReader*           r,
                     LdxWorld*                world,
                     const char*              text,
                     size_t                   len,
                     const LdxiTurtleOptions* opts)
{
  memset(r, 0, sizeof(*r));
  r->world = world;
  r->opts  = opts;
  r->text  = (const uint8_t*)(text ? text : "");
  r->len   = len;
  r->line  = 1;
  r->col   = 1;
  ldxi_buf_init(&r->stack, world, 0);
  ldxi_buf_init(&r->scratch, world, 0);
  ldxi_buf_init(&r->base, world, 0);

  // Validate UTF-8 once; the lexer then stops at the first bad byte and
  // may decode anything before it without checks.
  size_t i = 0;
  while (i < len) {
    uint32_t     cp = 0;
    const size_t n =
      r->text[i] < 0x80 ? 1 : ldxi_utf8_decode(r->text + i, len - i, &cp);
    if (!n) {
      break;
    }
    i += n;
  }
  r->valid_end = i;
}

void
ldxi_ttl_reader_free(LdxiTtlReader* r)
{
  for (size_t i = 0; i < r->n_prefixes; ++i) {
    ldxi_free(r->world, r->prefixes[i].name);
    ldxi_free(r->world, r->prefixes[i].iri);
  }
  ldxi_free(r->world, r->prefixes);
  r->prefixes   = NULL;
  r->n_prefixes = r->cap_prefixes = 0;
  ldxi_buf_free(&r->stack);
  ldxi_buf_free(&r->scratch);
  ldxi_buf_free(&r->base);
}

void
ldxi_ttl_advance(LdxiTtlReader* r, size_t n)
{
  for (size_t i = 0; i < n && r->pos < r->len; ++i) {
    const uint8_t c = r->text[r->pos++];
    if (c == '\n' ||
        (c == '\r' && (r->pos == r->len || r->text[r->pos] != '\n'))) {
      ++r->line;
      r->col = 1;
    } else if ((c & 0xC0) != 0x80) { // continuation bytes are no column
      ++r->col;
    }
  }
}

// The code point `k` bytes ahead and its length, 0 at the end or at bad
// UTF-8.
static size_t
char_at(const LdxiTtlReader* r, size_t k, uint32_t* cp)
{
  const int c = ldxi_ttl_peek(r, k);
  if (c < 0) {
    return 0;
  }
  if (c < 0x80) {
    *cp = (uint32_t)c;
    return 1;
  }
  return ldxi_utf8_decode(r->text + r->pos + k, r->valid_end - r->pos - k, cp);
}

void
ldxi_ttl_skip_ws(LdxiTtlReader* r)
{
  for (;;) {
    const int c = ldxi_ttl_peek(r, 0);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ldxi_ttl_advance(r, 1);
    } else if (c == '#') {
      size_t k = 1;
      int    d = 0;
      while ((d = ldxi_ttl_peek(r, k)) >= 0 && d != '\n' && d != '\r') {
        ++k;
      }
      ldxi_ttl_advance(r, k);
    } else {
      return;
    }
  }
}

/*
 * Diagnostics
 */

LdxStatus
ldxi_ttl_error(LdxiTtlReader* r, const LdxCaret* caret, const char* fmt, ...)
{
  char    message[768];
  va_list args;
  va_start(args, fmt);
  vsnprintf(message, sizeof(message), fmt, args);
  va_end(args);
  return ldxi_error(r->world, LDX_BAD_SYNTAX, caret, "%s", message);
}

// The character `k` bytes ahead as text for a message (without quotes).
static void
char_text(const LdxiTtlReader* r, size_t k, char* out, size_t size)
{
  const int c  = ldxi_ttl_peek(r, k);
  uint32_t  cp = 0;
  if (c == LDXI_TTL_EOF) {
    snprintf(out, size, "end of input");
  } else if (c == LDXI_TTL_BAD) {
    snprintf(out, size, "invalid UTF-8 byte 0x%02X", r->text[r->pos + k]);
  } else if (c >= 0x20 && c < 0x7F) {
    snprintf(out, size, "%c", c);
  } else if (c < 0x80) {
    snprintf(out, size, "U+%04X", (unsigned)c);
  } else {
    const size_t n = char_at(r, k, &cp);
    snprintf(out, size, "%.*s", (int)n, (const char*)r->text + r->pos + k);
  }
}

void
ldxi_ttl_describe(const LdxiTtlReader* r, char* out, size_t size)
{
  const int c = ldxi_ttl_peek(r, 0);
  if (c == LDXI_TTL_EOF || c == LDXI_TTL_BAD) {
    char_text(r, 0, out, size);
  } else if (c == '\n' || c == '\r') {
    snprintf(out, size, "end of line");
  } else if (c < 0x20 || c == 0x7F) {
    char_text(r, 0, out, size);
  } else {
    char text[8];
    char_text(r, 0, text, sizeof(text));
    snprintf(out, size, "'%s'", text);
  }
}

LdxStatus
ldxi_ttl_expected(LdxiTtlReader* r, const char* what)
{
  char           found[48];
  const LdxCaret caret = ldxi_ttl_caret(r);
  ldxi_ttl_describe(r, found, sizeof(found));
  return ldxi_ttl_error(r, &caret, "expected %s, found %s", what, found);
}

/*
 * Term text
 */

LdxStr
ldxi_ttl_view(const LdxiTtlReader* r, LdxiTtlText text)
{
  if (text.fixed) {
    return (LdxStr){ text.fixed, text.len };
  }
  if (!text.len) {
    return (LdxStr){ "", 0 };
  }
  return (LdxStr){ r->stack.data + text.off, text.len };
}

LdxiTtlText
ldxi_ttl_fixed(const char* str)
{
  return (LdxiTtlText){ str, 0, strlen(str) };
}

void
ldxi_ttl_genid(LdxiTtlReader* r, const LdxCaret* caret, LdxiTtlTerm* term)
{
  memset(term, 0, sizeof(*term));
  term->type  = LDX_TERM_BLANK;
  term->genid = ++r->n_genids;
  term->caret = *caret;
}

static LdxiTtlTerm
new_term(LdxTermType type, LdxCaret caret)
{
  LdxiTtlTerm term;
  memset(&term, 0, sizeof(term));
  term.type  = type;
  term.caret = caret;
  return term;
}

// The text pushed on the stack since `mark`.
static LdxiTtlText
pushed(const LdxiTtlReader* r, size_t mark)
{
  return (LdxiTtlText){ NULL, mark, r->stack.len - mark };
}

/*
 * Character classes of the grammar
 */

static bool
is_digit(int c)
{
  return c >= '0' && c <= '9';
}

static bool
is_alpha(int c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
hex_value(int c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

static bool
is_pn_chars_base(uint32_t c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0x00C0 && c <= 0x00D6) || (c >= 0x00D8 && c <= 0x00F6) ||
         (c >= 0x00F8 && c <= 0x02FF) || (c >= 0x0370 && c <= 0x037D) ||
         (c >= 0x037F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static bool
is_pn_chars_u(uint32_t c)
{
  return c == '_' || is_pn_chars_base(c);
}

static bool
is_pn_chars(uint32_t c)
{
  return is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') ||
         c == 0x00B7 || (c >= 0x0300 && c <= 0x036F) ||
         (c >= 0x203F && c <= 0x2040);
}

static bool
is_pn_local_esc(int c)
{
  return c > 0 && strchr("_~.-!$&'()*+,;=/?#@%", c);
}

/*
 * Names
 */

size_t
ldxi_ttl_scan_prefix(const LdxiTtlReader* r)
{
  uint32_t cp = 0;
  size_t   n  = char_at(r, 0, &cp);
  if (!n || !is_pn_chars_base(cp)) {
    return 0;
  }
  size_t last = n; // a name does not end with '.'
  size_t k    = 0;
  while ((k = char_at(r, n, &cp)) && (cp == '.' || is_pn_chars(cp))) {
    n += k;
    if (cp != '.') {
      last = n;
    }
  }
  return last;
}

bool
ldxi_ttl_word_is(const LdxiTtlReader* r, size_t n, const char* word)
{
  size_t i = 0;
  for (; i < n && word[i]; ++i) {
    int c = r->text[r->pos + i];
    c     = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
    if (c != word[i]) {
      return false;
    }
  }
  return i == n && !word[i];
}

static const LdxiTtlPrefix*
find_prefix(const LdxiTtlReader* r, const char* name, size_t len)
{
  for (size_t i = 0; i < r->n_prefixes; ++i) {
    const LdxiTtlPrefix* p = &r->prefixes[i];
    if (p->name_len == len && (!len || !memcmp(p->name, name, len))) {
      return p;
    }
  }
  return NULL;
}

LdxStatus
ldxi_ttl_set_prefix(LdxiTtlReader* r, LdxStr name, LdxStr iri)
{
  char* iri_copy = ldxi_strndup(r->world, iri.buf, iri.len);
  if (!iri_copy) {
    return LDX_BAD_ALLOC;
  }
  LdxiTtlPrefix* p = (LdxiTtlPrefix*)find_prefix(r, name.buf, name.len);
  if (p) {
    ldxi_free(r->world, p->iri);
    p->iri     = iri_copy;
    p->iri_len = iri.len;
    return LDX_SUCCESS;
  }
  char* name_copy = ldxi_strndup(r->world, name.buf, name.len);
  if (!name_copy || ldxi_grow(r->world,
                              (void**)&r->prefixes,
                              &r->cap_prefixes,
                              r->n_prefixes + 1,
                              sizeof(LdxiTtlPrefix))) {
    ldxi_free(r->world, name_copy);
    ldxi_free(r->world, iri_copy);
    return LDX_BAD_ALLOC;
  }
  r->prefixes[r->n_prefixes++] =
    (LdxiTtlPrefix){ name_copy, name.len, iri_copy, iri.len };
  return LDX_SUCCESS;
}

// The local part of a prefixed name, unescaped onto the stack.  PN_LOCAL
// may not end with '.', so the text and the cursor are cut back to the
// last character that is not one.
static LdxStatus
read_local(LdxiTtlReader* r)
{
  LdxStatus st         = LDX_SUCCESS;
  size_t    k          = 0;
  size_t    last_k     = 0;
  size_t    last_stack = r->stack.len;
  for (;;) {
    const int c   = ldxi_ttl_peek(r, k);
    uint32_t  cp  = 0;
    size_t    n   = 0;
    bool      dot = false;
    if (c == '%') {
      if (hex_value(ldxi_ttl_peek(r, k + 1)) < 0 ||
          hex_value(ldxi_ttl_peek(r, k + 2)) < 0) {
        ldxi_ttl_advance(r, k);
        const LdxCaret caret = ldxi_ttl_caret(r);
        return ldxi_ttl_error(
          r,
          &caret,
          "'%%' in a prefixed name must be followed by two hex digits");
      }
      st = ldxi_buf_append(&r->stack, r->text + r->pos + k, 3);
      n  = 3;
    } else if (c == '\\') {
      const int e = ldxi_ttl_peek(r, k + 1);
      if (!is_pn_local_esc(e)) {
        char text[32];
        char_text(r, k + 1, text, sizeof(text));
        ldxi_ttl_advance(r, k);
        const LdxCaret caret = ldxi_ttl_caret(r);
        return ldxi_ttl_error(
          r, &caret, "illegal escape '\\%s' in a prefixed name", text);
      }
      st = ldxi_buf_putc(&r->stack, (char)e);
      n  = 2;
    } else if ((n = char_at(r, k, &cp)) &&
               (k == 0 ? (is_pn_chars_u(cp) || cp == ':' || is_digit(c))
                       : (is_pn_chars(cp) || cp == ':' || cp == '.'))) {
      dot = cp == '.';
      st  = ldxi_buf_append(&r->stack, r->text + r->pos + k, n);
    } else {
      break;
    }
    if (st) {
      return st;
    }
    k += n;
    if (!dot) {
      last_k     = k;
      last_stack = r->stack.len;
    }
  }
  r->stack.len = last_stack;
  ldxi_ttl_advance(r, last_k);
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ttl_read_pname(LdxiTtlReader* r, size_t prefix_len, LdxiTtlTerm* term)
{
  const LdxCaret       caret  = ldxi_ttl_caret(r);
  const char*          name   = (const char*)r->text + r->pos;
  const LdxiTtlPrefix* prefix = find_prefix(r, name, prefix_len);
  if (!prefix) {
    return ldxi_ttl_error(
      r, &caret, "undefined prefix '%.*s:'", (int)prefix_len, name);
  }
  ldxi_ttl_advance(r, prefix_len + 1);
  const size_t mark = r->stack.len;
  LdxStatus    st   = ldxi_buf_append(&r->stack, prefix->iri, prefix->iri_len);
  if (!st) {
    st = read_local(r);
  }
  *term       = new_term(LDX_TERM_IRI, caret);
  term->value = pushed(r, mark);
  return st;
}

LdxStatus
ldxi_ttl_read_iri(LdxiTtlReader* r, LdxiTtlTerm* term, const char* what)
{
  if (ldxi_ttl_peek(r, 0) == '<') {
    return ldxi_ttl_read_iriref(r, term);
  }
  const size_t n = ldxi_ttl_scan_prefix(r);
  if (ldxi_ttl_peek(r, n) == ':') {
    return ldxi_ttl_read_pname(r, n, term);
  }
  if (n) {
    const LdxCaret caret = ldxi_ttl_caret(r);
    return ldxi_ttl_error(r,
                          &caret,
                          "expected %s, found '%.*s'",
                          what,
                          (int)n,
                          (const char*)r->text + r->pos);
  }
  return ldxi_ttl_expected(r, what);
}

LdxStatus
ldxi_ttl_read_blank(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  uint32_t       cp    = 0;
  size_t         n     = char_at(r, 2, &cp);
  if (!n || !(is_pn_chars_u(cp) || (cp >= '0' && cp <= '9'))) {
    ldxi_ttl_advance(r, 2);
    return ldxi_ttl_expected(r, "a blank node label after '_:'");
  }
  size_t label = 2 + n;
  size_t k     = 0;
  size_t end   = label;
  while ((k = char_at(r, end, &cp)) && (cp == '.' || is_pn_chars(cp))) {
    end += k;
    if (cp != '.') {
      label = end;
    }
  }
  // Labels of the document that start with "genid" get "genid-" in front,
  // so that they never equal a generated "genid<N>" (see the header).
  const char*  text = (const char*)r->text + r->pos + 2;
  const size_t len  = label - 2;
  const size_t mark = r->stack.len;
  LdxStatus    st   = LDX_SUCCESS;
  if (len >= 5 && !memcmp(text, "genid", 5)) {
    st = ldxi_buf_puts(&r->stack, "genid-");
  }
  if (!st) {
    st = ldxi_buf_append(&r->stack, text, len);
  }
  ldxi_ttl_advance(r, label);
  *term       = new_term(LDX_TERM_BLANK, caret);
  term->value = pushed(r, mark);
  return st;
}

/*
 * IRIs and strings
 */

// Read UCHAR ('\\' at the cursor, then 'u' or 'U') into *cp.
static LdxStatus
read_uchar(LdxiTtlReader* r, uint32_t* cp)
{
  const LdxCaret caret  = ldxi_ttl_caret(r);
  const int      kind   = ldxi_ttl_peek(r, 1);
  const size_t   digits = kind == 'u' ? 4 : 8;
  uint32_t       v      = 0;
  for (size_t i = 0; i < digits; ++i) {
    const int h = hex_value(ldxi_ttl_peek(r, 2 + i));
    if (h < 0) {
      return ldxi_ttl_error(
        r, &caret, "expected %zu hex digits after '\\%c'", digits, kind);
    }
    v = (v << 4) | (uint32_t)h;
  }
  if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return ldxi_ttl_error(r,
                          &caret,
                          "escape '\\%c%.*s' is not a Unicode scalar value",
                          kind,
                          (int)digits,
                          (const char*)r->text + r->pos + 2);
  }
  ldxi_ttl_advance(r, 2 + digits);
  *cp = v;
  return LDX_SUCCESS;
}

static LdxStatus
append_code_point(LdxiBuf* buf, uint32_t cp)
{
  uint8_t      bytes[4];
  const size_t n = ldxi_utf8_encode(cp, bytes);
  return ldxi_buf_append(buf, bytes, n);
}

// Characters IRIREF does not allow, escaped or not.
static bool
is_iri_forbidden(uint32_t c)
{
  return c <= 0x20 || (c < 0x80 && strchr("<>\"{}|^`\\", (int)c));
}

LdxStatus
ldxi_ttl_read_iriref(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  LdxStatus      st    = LDX_SUCCESS;
  ldxi_buf_clear(&r->scratch);
  ldxi_ttl_advance(r, 1);
  for (;;) {
    const int c = ldxi_ttl_peek(r, 0);
    if (c == '>') {
      ldxi_ttl_advance(r, 1);
      break;
    }
    if (c == LDXI_TTL_EOF) {
      return ldxi_ttl_error(r, &caret, "unterminated IRI: missing '>'");
    }
    if (c == '\\') {
      const int kind = ldxi_ttl_peek(r, 1);
      uint32_t  cp   = 0;
      if (kind != 'u' && kind != 'U') {
        char           text[32];
        const LdxCaret here = ldxi_ttl_caret(r);
        char_text(r, 1, text, sizeof(text));
        return ldxi_ttl_error(
          r, &here, "illegal escape '\\%s' in an IRI", text);
      }
      const LdxCaret here = ldxi_ttl_caret(r);
      if ((st = read_uchar(r, &cp))) {
        return st;
      }
      if (is_iri_forbidden(cp)) {
        return ldxi_ttl_error(
          r,
          &here,
          "escaped character U+%04X is not allowed in an IRI",
          (unsigned)cp);
      }
      if ((st = append_code_point(&r->scratch, cp))) {
        return st;
      }
      continue;
    }
    if (c < 0 || is_iri_forbidden((uint32_t)c)) {
      char           found[48];
      const LdxCaret here = ldxi_ttl_caret(r);
      ldxi_ttl_describe(r, found, sizeof(found));
      return ldxi_ttl_error(r, &here, "%s is not allowed in an IRI", found);
    }
    size_t k = 1; // copy a run of ordinary characters
    int    d = 0;
    while ((d = ldxi_ttl_peek(r, k)) >= 0 && d != '>' && d != '\\' &&
           !is_iri_forbidden((uint32_t)d)) {
      ++k;
    }
    if ((st = ldxi_buf_append(&r->scratch, r->text + r->pos, k))) {
      return st;
    }
    ldxi_ttl_advance(r, k);
  }

  const char*  ref  = ldxi_buf_cstr(&r->scratch);
  const size_t mark = r->stack.len;
  if (r->base.len) {
    st =
      ldxi_iri_resolve(&r->stack, ldxi_buf_cstr(&r->base), ref, r->scratch.len);
  } else if (ldxi_iri_has_scheme(ref, r->scratch.len)) {
    st = ldxi_iri_resolve(&r->stack, ref, ref, r->scratch.len);
  } else {
    return ldxi_ttl_error(
      r, &caret, "relative IRI <%s> without a base IRI", ref);
  }
  *term       = new_term(LDX_TERM_IRI, caret);
  term->value = pushed(r, mark);
  return st;
}

// Read ECHAR or UCHAR ('\\' at the cursor) of a string onto the stack.
static LdxStatus
read_string_escape(LdxiTtlReader* r)
{
  const int c   = ldxi_ttl_peek(r, 1);
  char      out = 0;
  switch (c) {
    case 't':
      out = '\t';
      break;
    case 'b':
      out = '\b';
      break;
    case 'n':
      out = '\n';
      break;
    case 'r':
      out = '\r';
      break;
    case 'f':
      out = '\f';
      break;
    case '"':
    case '\'':
    case '\\':
      out = (char)c;
      break;
    case 'u':
    case 'U': {
      uint32_t  cp = 0;
      LdxStatus st = read_uchar(r, &cp);
      return st ? st : append_code_point(&r->stack, cp);
    }
    default: {
      char           text[32];
      const LdxCaret caret = ldxi_ttl_caret(r);
      char_text(r, 1, text, sizeof(text));
      return ldxi_ttl_error(
        r, &caret, "illegal escape '\\%s' in a string", text);
    }
  }
  ldxi_ttl_advance(r, 2);
  return ldxi_buf_putc(&r->stack, out);
}

LdxStatus
ldxi_ttl_read_string(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  const int      quote = ldxi_ttl_peek(r, 0);
  const bool     is_long =
    ldxi_ttl_peek(r, 1) == quote && ldxi_ttl_peek(r, 2) == quote;
  const size_t mark = r->stack.len;
  LdxStatus    st   = LDX_SUCCESS;
  ldxi_ttl_advance(r, is_long ? 3 : 1);
  for (;;) {
    const int c = ldxi_ttl_peek(r, 0);
    if (c == LDXI_TTL_EOF) {
      return ldxi_ttl_error(r, &caret, "unterminated string");
    }
    if (c == LDXI_TTL_BAD) {
      return ldxi_ttl_expected(r, "a character of the string");
    }
    if (c == quote) {
      if (!is_long) {
        ldxi_ttl_advance(r, 1);
        break;
      }
      if (ldxi_ttl_peek(r, 1) == quote && ldxi_ttl_peek(r, 2) == quote) {
        ldxi_ttl_advance(r, 3);
        break;
      }
    } else if (!is_long && (c == '\n' || c == '\r')) {
      const LdxCaret here = ldxi_ttl_caret(r);
      return ldxi_ttl_error(
        r,
        &here,
        "line break in a string (write \\n, or use a \"\"\"long string\"\"\")");
    } else if (c == '\\') {
      if ((st = read_string_escape(r))) {
        return st;
      }
      continue;
    }
    // A run up to the next quote, escape or (short strings) line break.
    size_t k = 1;
    int    d = 0;
    while ((d = ldxi_ttl_peek(r, k)) >= 0 && d != quote && d != '\\' &&
           (is_long || (d != '\n' && d != '\r'))) {
      ++k;
    }
    if ((st = ldxi_buf_append(&r->stack, r->text + r->pos, k))) {
      return st;
    }
    ldxi_ttl_advance(r, k);
  }
  *term       = new_term(LDX_TERM_LITERAL, caret);
  term->value = pushed(r, mark);
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ttl_read_langtag(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  size_t k = 1;
  while (is_alpha(ldxi_ttl_peek(r, k))) {
    ++k;
  }
  if (k == 1) {
    ldxi_ttl_advance(r, 1);
    return ldxi_ttl_expected(r, "a language tag after '@'");
  }
  for (;;) { // ('-' [a-zA-Z0-9]+)*
    int c = ldxi_ttl_peek(r, k + 1);
    if (ldxi_ttl_peek(r, k) != '-' || !(is_alpha(c) || is_digit(c))) {
      break;
    }
    k += 2;
    while (is_alpha(c = ldxi_ttl_peek(r, k)) || is_digit(c)) {
      ++k;
    }
  }
  const size_t mark = r->stack.len;
  LdxStatus    st   = ldxi_buf_append(&r->stack, r->text + r->pos + 1, k - 1);
  ldxi_ttl_advance(r, k);
  term->language = pushed(r, mark);
  return st;
}

/*
 * Numbers
 */

bool
ldxi_ttl_at_number(const LdxiTtlReader* r)
{
  size_t k = 0;
  int    c = ldxi_ttl_peek(r, 0);
  if (c == '+' || c == '-') {
    c = ldxi_ttl_peek(r, ++k);
  }
  return is_digit(c) || (c == '.' && is_digit(ldxi_ttl_peek(r, k + 1)));
}

static size_t
count_digits(const LdxiTtlReader* r, size_t k)
{
  size_t n = 0;
  while (is_digit(ldxi_ttl_peek(r, k + n))) {
    ++n;
  }
  return n;
}

// Length of the EXPONENT at offset k, 0 if there is none.
static size_t
exponent_at(const LdxiTtlReader* r, size_t k)
{
  const int e = ldxi_ttl_peek(r, k);
  if (e != 'e' && e != 'E') {
    return 0;
  }
  size_t    n = 1;
  const int s = ldxi_ttl_peek(r, k + n);
  if (s == '+' || s == '-') {
    ++n;
  }
  const size_t digits = count_digits(r, k + n);
  return digits ? n + digits : 0;
}

LdxStatus
ldxi_ttl_read_number(LdxiTtlReader* r, LdxiTtlTerm* term)
{
  const LdxCaret caret = ldxi_ttl_caret(r);
  size_t         k     = 0;
  const int      sign  = ldxi_ttl_peek(r, 0);
  if (sign == '+' || sign == '-') {
    ++k;
  }
  const size_t int_digits = count_digits(r, k);
  const char*  datatype   = XSD "integer";
  k += int_digits;
  // A '.' belongs to the number only if digits or (after digits) an
  // exponent follow; otherwise it ends the statement.
  if (ldxi_ttl_peek(r, k) == '.' && is_digit(ldxi_ttl_peek(r, k + 1))) {
    k += 1 + count_digits(r, k + 1);
    datatype = XSD "decimal";
  } else if (int_digits && ldxi_ttl_peek(r, k) == '.' &&
             exponent_at(r, k + 1)) {
    k += 1;
  }
  const size_t exp = exponent_at(r, k);
  if (exp) {
    k += exp;
    datatype = XSD "double";
  }
  const size_t mark = r->stack.len;
  LdxStatus    st   = ldxi_buf_append(&r->stack, r->text + r->pos, k);
  ldxi_ttl_advance(r, k);
  *term          = new_term(LDX_TERM_LITERAL, caret);
  term->value    = pushed(r, mark);
  term->datatype = ldxi_ttl_fixed(datatype);
  return st;
}
