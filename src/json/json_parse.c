// SPDX-License-Identifier: MIT
// A strict RFC 8259 parser from memory into the arena document model.
//
// One loop with an explicit stack (no recursion, so the depth limit is the
// only bound); children gather on a value stack and move into the arena in
// one piece when their container closes.  Strings are scanned eight bytes
// at a time until something other than plain ASCII shows up.
#include "json/json_impl.h"

#include "core/alloc.h"
#include "rdf/utf8.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

// ---- Errors and positions ----

static void
describe(int found, char* buf, size_t size)
{
  if (found == LDXI_JSON_FOUND_END) {
    snprintf(buf, size, "the end of the input");
  } else if (found == '\'') {
    snprintf(buf, size, "\"'\"");
  } else if (found >= 0x20 && found < 0x7F) {
    snprintf(buf, size, "'%c'", (char)found);
  } else {
    snprintf(buf, size, "byte 0x%02X", (unsigned)found);
  }
}

void
ldxi_json_error_at(LdxiJsonError* err,
                   size_t         offset,
                   int            found,
                   const char*    what)
{
  if (!err) {
    return;
  }
  err->offset = offset;
  err->line   = 0;
  err->column = 0;
  if (found == LDXI_JSON_FOUND_NONE) {
    snprintf(err->message, sizeof(err->message), "%s", what);
    return;
  }
  char thing[32];
  describe(found, thing, sizeof(thing));
  snprintf(err->message, sizeof(err->message), "%s, found %s", what, thing);
}

void
ldxi_json_error_control(LdxiJsonError* err, size_t offset, unsigned char c)
{
  if (err) {
    err->offset = offset;
    err->line   = 0;
    err->column = 0;
    snprintf(err->message,
             sizeof(err->message),
             "unescaped control character U+%04X in a string",
             (unsigned)c);
  }
}

void
ldxi_json_error_depth(LdxiJsonError* err, size_t offset, size_t max_depth)
{
  if (err) {
    err->offset = offset;
    err->line   = 0;
    err->column = 0;
    snprintf(err->message,
             sizeof(err->message),
             "nesting deeper than the limit of %zu levels",
             max_depth);
  }
}

void
ldxi_json_count_position(const char* text,
                         size_t      len,
                         size_t*     line,
                         size_t*     column)
{
  if (!len) {
    return;
  }
  const unsigned char* p   = (const unsigned char*)text;
  const unsigned char* end = p + len;
  // Only the part after the last newline matters for the column.
  const unsigned char* nl;
  while ((nl = (const unsigned char*)memchr(p, '\n', (size_t)(end - p)))) {
    ++*line;
    *column = 0;
    p       = nl + 1;
  }
  size_t cont = 0; // continuation bytes, which start no code point
  // Eight bytes at a time: per-byte counts of continuation bytes (10xxxxxx)
  // add up in the lanes of `lanes`, summed before a lane can overflow.
  while (end - p >= 8) {
    uint64_t lanes = 0;
    for (int i = 0; i < 255 && end - p >= 8; ++i, p += 8) {
      uint64_t x;
      memcpy(&x, p, 8);
      lanes += (x & ~(x << 1) & 0x8080808080808080u) >> 7;
      *column += 8;
    }
    // Sum the eight byte lanes (each <= 255) through 16-bit lanes.
    lanes = (lanes & 0x00FF00FF00FF00FFu) + (lanes >> 8 & 0x00FF00FF00FF00FFu);
    cont += (size_t)((lanes * 0x0001000100010001u) >> 48);
  }
  for (; p < end; ++p) {
    cont += (*p & 0xC0) == 0x80;
    ++*column;
  }
  *column -= cont;
}

// ---- Parser state ----

void
ldxi_json_parser_init(LdxiJsonParser* parser, LdxWorld* world, LdxiArena* arena)
{
  memset(parser, 0, sizeof(*parser));
  parser->world     = world;
  parser->arena     = arena;
  parser->max_depth = world ? ldx_world_limits(world).max_depth : 0;
  if (!parser->max_depth) {
    parser->max_depth = LDXI_JSON_DEFAULT_DEPTH;
  }
}

void
ldxi_json_parser_free(LdxiJsonParser* parser)
{
  ldxi_free(parser->world, parser->vals);
  ldxi_free(parser->world, parser->keys);
  ldxi_free(parser->world, parser->frames);
  parser->vals   = NULL;
  parser->keys   = NULL;
  parser->frames = NULL;
}

// What a value that cannot start tells about where it was expected.
typedef enum {
  CTX_PLAIN,       // top level, after ':'
  CTX_ARRAY_FIRST, // after '['
  CTX_ARRAY_NEXT,  // after ',' in an array
} ValueCtx;

// ---- Tokens ----

typedef const unsigned char* Ptr;

// The 4 hex digits of a \u escape at `q`: LDX_FAILURE when the text ends
// first, LDX_BAD_SYNTAX (reported) at a non-hex digit.
static LdxStatus
read_hex4(Ptr base, Ptr q, Ptr end, unsigned* out, LdxiJsonError* err)
{
  unsigned v = 0;
  for (int i = 0; i < 4; ++i) {
    if (q + i >= end) {
      return LDX_FAILURE;
    }
    const int h = ldxi_json_hex(q[i]);
    if (h < 0) {
      ldxi_json_error_at(err, (size_t)(q + i - base), q[i], LDXI_JSON_E_HEX);
      return LDX_BAD_SYNTAX;
    }
    v = v << 4 | (unsigned)h;
  }
  *out = v;
  return LDX_SUCCESS;
}

// Scan the string whose opening quote is at `p`; on success `*close` is
// the closing quote and `*out_len` the unescaped length.  Returns
// LDX_FAILURE at the end of a non-final text.
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline LdxStatus
scan_string(Ptr            base,
            Ptr            p,
            Ptr            end,
            bool           final,
            Ptr*           close,
            size_t*        out_len,
            bool*          escaped,
            LdxiJsonError* err)
{
  Ptr    start = ++p;
  size_t saved = 0; // bytes saved by unescaping
  for (;;) {
    p = ldxi_json_scan_plain(p, end);
    if (p == end) {
      goto end_of_text;
    }
    const unsigned char c = *p;
    if (c == '"') {
      *close   = p;
      *out_len = (size_t)(p - start) - saved;
      return LDX_SUCCESS;
    }
    if (c == '\\') {
      *escaped = true;
      if (end - p < 2) {
        goto end_of_text;
      }
      switch (p[1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          saved += 1;
          p += 2;
          continue;
        case 'u':
          break;
        default:
          ldxi_json_error_at(
            err, (size_t)(p + 1 - base), p[1], LDXI_JSON_E_ESCAPE);
          return LDX_BAD_SYNTAX;
      }
      unsigned  cp = 0;
      LdxStatus st = read_hex4(base, p + 2, end, &cp, err);
      if (st == LDX_FAILURE) {
        goto end_of_text;
      }
      if (st) {
        return st;
      }
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        ldxi_json_error_at(
          err, (size_t)(p - base), LDXI_JSON_FOUND_NONE, LDXI_JSON_E_LOW);
        return LDX_BAD_SYNTAX;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        // A low surrogate escape must follow.
        for (int i = 6; i < 8; ++i) {
          if (p + i >= end) {
            goto end_of_text;
          }
          if (p[i] != "\\u"[i - 6]) {
            ldxi_json_error_at(
              err, (size_t)(p - base), LDXI_JSON_FOUND_NONE, LDXI_JSON_E_HIGH);
            return LDX_BAD_SYNTAX;
          }
        }
        unsigned lo = 0;
        st          = read_hex4(base, p + 8, end, &lo, err);
        if (st == LDX_FAILURE) {
          goto end_of_text;
        }
        if (st) {
          return st;
        }
        if (lo < 0xDC00 || lo > 0xDFFF) {
          ldxi_json_error_at(
            err, (size_t)(p - base), LDXI_JSON_FOUND_NONE, LDXI_JSON_E_HIGH);
          return LDX_BAD_SYNTAX;
        }
        saved += 12 - 4;
        p += 12;
        continue;
      }
      saved += 6 - (cp < 0x80 ? 1u : cp < 0x800 ? 2u : 3u);
      p += 6;
      continue;
    }
    if (c < 0x20) {
      ldxi_json_error_control(err, (size_t)(p - base), c);
      return LDX_BAD_SYNTAX;
    }
    // Non-ASCII: one well-formed UTF-8 sequence.
    unsigned char  lo   = 0;
    unsigned char  hi   = 0;
    const unsigned need = ldxi_json_utf8_lead(c, &lo, &hi);
    if (!need) {
      ldxi_json_error_at(err, (size_t)(p - base), c, LDXI_JSON_E_UTF8);
      return LDX_BAD_SYNTAX;
    }
    for (unsigned i = 1; i <= need; ++i) {
      if (p + i >= end) {
        goto end_of_text;
      }
      if (p[i] < lo || p[i] > hi) {
        ldxi_json_error_at(err, (size_t)(p + i - base), p[i], LDXI_JSON_E_UTF8);
        return LDX_BAD_SYNTAX;
      }
      lo = 0x80;
      hi = 0xBF;
    }
    p += need + 1;
  }

end_of_text:
  if (!final) {
    return LDX_FAILURE;
  }
  ldxi_json_error_at(
    err, (size_t)(end - base), LDXI_JSON_FOUND_END, LDXI_JSON_E_UNTERMINATED);
  return LDX_BAD_SYNTAX;
}

static unsigned
hex4(Ptr p)
{
  return (unsigned)(ldxi_json_hex(p[0]) << 12 | ldxi_json_hex(p[1]) << 8 |
                    ldxi_json_hex(p[2]) << 4 | ldxi_json_hex(p[3]));
}

// Unescape the already validated content [p, close) into `out`.
static void
unescape(Ptr p, Ptr close, char* out)
{
  while (p < close) {
    Ptr run = p;
    while (p < close && *p != '\\') {
      ++p;
    }
    memcpy(out, run, (size_t)(p - run));
    out += p - run;
    if (p == close) {
      break;
    }
    switch (p[1]) {
      case 'b':
        *out++ = '\b';
        break;
      case 'f':
        *out++ = '\f';
        break;
      case 'n':
        *out++ = '\n';
        break;
      case 'r':
        *out++ = '\r';
        break;
      case 't':
        *out++ = '\t';
        break;
      case 'u': {
        unsigned cp = hex4(p + 2);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(p + 8) - 0xDC00);
          p += 6;
        }
        out += ldxi_utf8_encode(cp, (uint8_t*)out);
        p += 6;
        continue;
      }
      default: // '"', '\\', '/'
        *out++ = (char)p[1];
        break;
    }
    p += 2;
  }
  *out = '\0';
}

// Parse the string at `*pp` (its opening quote) into the arena.
// Text blocks; texts larger than a quarter of one get their own.
#define TEXT_BLOCK 4096u
#define SMALL_COPY 16u

// Room for `len` bytes and a NUL; at least SMALL_COPY bytes are writable.
static inline char*
text_space(LdxiJsonParser* ps, size_t len)
{
  const size_t need = len < SMALL_COPY ? SMALL_COPY : len + 1;
  if ((size_t)(ps->text_end - ps->text_cur) < need) {
    if (need > TEXT_BLOCK / 4) {
      return (char*)ldxi_arena_alloc(ps->arena, need);
    }
    char* block = (char*)ldxi_arena_alloc(ps->arena, TEXT_BLOCK);
    if (!block) {
      return NULL;
    }
    ps->text_cur = block;
    ps->text_end = block + TEXT_BLOCK;
  }
  char* out = ps->text_cur;
  ps->text_cur += len + 1;
  return out;
}

// Copy `len` bytes of the text at `src` (which has `avail` bytes) with a
// NUL, into room from text_space().
static inline void
copy_text(char* out, Ptr src, size_t len, size_t avail)
{
  if (len < SMALL_COPY && avail >= SMALL_COPY) {
    memcpy(out, src, SMALL_COPY); // fixed size: a couple of moves
  } else {
    memcpy(out, src, len);
  }
  out[len] = '\0';
}

// Inlined where the compiler allows: called for every string and name.
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline LdxStatus
parse_string(LdxiJsonParser* ps,
             Ptr             base,
             Ptr*            pp,
             Ptr             end,
             bool            final,
             const char**    str,
             size_t*         len,
             LdxiJsonError*  err)
{
  Ptr       close   = NULL;
  bool      escaped = false;
  LdxStatus st = scan_string(base, *pp, end, final, &close, len, &escaped, err);
  if (st) {
    return st;
  }
  char* out = text_space(ps, *len);
  if (!out) {
    return LDX_BAD_ALLOC;
  }
  if (escaped) {
    unescape(*pp + 1, close, out);
  } else {
    copy_text(out, *pp + 1, *len, (size_t)(end - *pp - 1));
  }
  *str = out;
  *pp  = close + 1;
  return LDX_SUCCESS;
}

static const double powers_of_ten[] = {
  1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

// strtod() of JSON number text (NUL-terminated), with '.' swapped for the
// locale's decimal point so that a program that called setlocale() works.
static LdxStatus
slow_real(LdxWorld* world, const char* text, size_t len, double* out)
{
  const char* point = localeconv()->decimal_point;
  if (!point || !strcmp(point, ".")) {
    *out = strtod(text, NULL);
    return LDX_SUCCESS;
  }
  const size_t plen = strlen(point);
  char*        copy = (char*)ldxi_malloc(world, len * plen + 1);
  if (!copy) {
    return LDX_BAD_ALLOC;
  }
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) {
    if (text[i] == '.') {
      memcpy(copy + n, point, plen);
      n += plen;
    } else {
      copy[n++] = text[i];
    }
  }
  copy[n] = '\0';
  *out    = strtod(copy, NULL);
  ldxi_free(world, copy);
  return LDX_SUCCESS;
}

static inline bool
is_digit(unsigned char c)
{
  return (unsigned char)(c - '0') < 10;
}

// Parse the number at `*pp` into `node`.
static LdxStatus
parse_number(LdxiJsonParser* ps,
             Ptr             base,
             Ptr*            pp,
             Ptr             end,
             bool            final,
             LdxiJson*       node,
             LdxiJsonError*  err)
{
  Ptr         p        = *pp;
  const bool  negative = *p == '-';
  uint64_t    mant     = 0; // the first 19 significant digits
  int         digits   = 0; // significant digits seen
  int64_t     exp10    = 0; // decimal exponent to apply to `mant`
  bool        integral = true;
  const char* expect   = LDXI_JSON_E_MINUS;
  if (negative) {
    ++p;
  }
  if (p == end) {
    goto end_of_text;
  }
  if (*p == '0') {
    ++p;
    if (p < end && is_digit(*p)) {
      ldxi_json_error_at(err, (size_t)(p - base), *p, LDXI_JSON_E_ZERO);
      return LDX_BAD_SYNTAX;
    }
  } else if (is_digit(*p)) {
    for (; p < end && is_digit(*p); ++p) {
      if (digits < 19) {
        mant = mant * 10 + (uint64_t)(*p - '0');
      } else {
        ++exp10;
      }
      ++digits;
    }
  } else {
    ldxi_json_error_at(err, (size_t)(p - base), *p, LDXI_JSON_E_MINUS);
    return LDX_BAD_SYNTAX;
  }
  if (p < end && *p == '.') {
    integral = false;
    expect   = LDXI_JSON_E_FRACTION;
    ++p;
    if (p == end) {
      goto end_of_text;
    }
    if (!is_digit(*p)) {
      ldxi_json_error_at(err, (size_t)(p - base), *p, LDXI_JSON_E_FRACTION);
      return LDX_BAD_SYNTAX;
    }
    for (; p < end && is_digit(*p); ++p) {
      if (!digits && *p == '0') {
        --exp10; // leading zeros of the fraction are not significant
        continue;
      }
      if (digits < 19) {
        mant = mant * 10 + (uint64_t)(*p - '0');
        --exp10;
      }
      ++digits;
    }
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    integral = false;
    expect   = LDXI_JSON_E_EXPONENT;
    ++p;
    if (p < end && (*p == '+' || *p == '-')) {
      ++p;
    }
    if (p == end) {
      goto end_of_text;
    }
    if (!is_digit(*p)) {
      ldxi_json_error_at(err, (size_t)(p - base), *p, LDXI_JSON_E_EXPONENT);
      return LDX_BAD_SYNTAX;
    }
    const bool eneg = p[-1] == '-';
    int64_t    e    = 0;
    for (; p < end && is_digit(*p); ++p) {
      if (e < 100000000) { // far past any double; saturate
        e = e * 10 + (*p - '0');
      }
    }
    exp10 += eneg ? -e : e;
  }
  if (p == end && !final) {
    return LDX_FAILURE; // more digits may follow
  }

  const size_t len  = (size_t)(p - *pp);
  char*        text = text_space(ps, len);
  if (!text) {
    return LDX_BAD_ALLOC;
  }
  copy_text(text, *pp, len, (size_t)(end - *pp));
  node->n     = len;
  node->u.str = text;
  *pp         = p;
  if (integral && digits <= 19 &&
      mant <= (negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)) {
    node->type        = LDXI_JSON_INTEGER;
    node->num.integer = !negative                         ? (int64_t)mant
                        : mant == (uint64_t)INT64_MAX + 1 ? INT64_MIN
                                                          : -(int64_t)mant;
    return LDX_SUCCESS;
  }
  node->type = LDXI_JSON_REAL;
  if (digits <= 19 && mant <= (UINT64_C(1) << 53) && exp10 >= -22 &&
      exp10 <= 22) {
    // Exact operands, one rounding (Clinger's fast path).
    double d = (double)mant;
    d        = exp10 < 0 ? d / powers_of_ten[-exp10] : d * powers_of_ten[exp10];
    node->num.real = negative ? -d : d;
    return LDX_SUCCESS;
  }
  return slow_real(ps->world, text, len, &node->num.real);

end_of_text:
  if (!final) {
    return LDX_FAILURE;
  }
  ldxi_json_error_at(err, (size_t)(end - base), LDXI_JSON_FOUND_END, expect);
  return LDX_BAD_SYNTAX;
}

// Match the rest of a literal; `*pp` is at its first letter.
static LdxStatus
parse_literal(Ptr            base,
              Ptr*           pp,
              Ptr            end,
              bool           final,
              LdxiJson*      node,
              LdxiJsonError* err)
{
  Ptr         p = *pp;
  const char* word;
  const char* what;
  switch (*p) {
    case 't':
      word       = "true";
      what       = LDXI_JSON_E_LITERAL_TRUE;
      node->type = LDXI_JSON_TRUE;
      break;
    case 'f':
      word       = "false";
      what       = LDXI_JSON_E_LITERAL_FALSE;
      node->type = LDXI_JSON_FALSE;
      break;
    default:
      word       = "null";
      what       = LDXI_JSON_E_LITERAL_NULL;
      node->type = LDXI_JSON_NULL;
      break;
  }
  for (size_t i = 1; word[i]; ++i) {
    if (p + i >= end) {
      if (!final) {
        return LDX_FAILURE;
      }
      ldxi_json_error_at(err, (size_t)(end - base), LDXI_JSON_FOUND_END, what);
      return LDX_BAD_SYNTAX;
    }
    if (p[i] != (unsigned char)word[i]) {
      ldxi_json_error_at(err, (size_t)(p + i - base), p[i], what);
      return LDX_BAD_SYNTAX;
    }
  }
  node->n     = 0;
  node->u.str = NULL;
  *pp         = p + strlen(word);
  return LDX_SUCCESS;
}

// ---- Stacks ----

static LdxStatus
push_value(LdxiJsonParser* ps, const LdxiJson* node)
{
  if (ps->n_vals == ps->cap_vals && ldxi_grow(ps->world,
                                              (void**)&ps->vals,
                                              &ps->cap_vals,
                                              ps->n_vals + 1,
                                              sizeof(LdxiJson))) {
    return LDX_BAD_ALLOC;
  }
  ps->vals[ps->n_vals++] = *node;
  return LDX_SUCCESS;
}

static LdxStatus
push_key(LdxiJsonParser* ps, const char* name, size_t len)
{
  if (ps->n_keys == ps->cap_keys && ldxi_grow(ps->world,
                                              (void**)&ps->keys,
                                              &ps->cap_keys,
                                              ps->n_keys + 1,
                                              sizeof(LdxiJsonKey))) {
    return LDX_BAD_ALLOC;
  }
  ps->keys[ps->n_keys].name  = name;
  ps->keys[ps->n_keys++].len = len;
  return LDX_SUCCESS;
}

// Replace the children of the innermost container by the container.
static LdxStatus
close_container(LdxiJsonParser* ps, const LdxiJsonFrame* frame)
{
  const size_t n    = ps->n_vals - frame->vbase;
  LdxiJson     node = {
        frame->object ? LDXI_JSON_OBJECT : LDXI_JSON_ARRAY, n, { NULL }, { 0 }
  };
  if (n && frame->object) {
    LdxiJsonMember* m =
      (LdxiJsonMember*)ldxi_arena_alloc(ps->arena, n * sizeof(LdxiJsonMember));
    if (!m) {
      return LDX_BAD_ALLOC;
    }
    const LdxiJsonKey* k = ps->keys + frame->kbase;
    const LdxiJson*    v = ps->vals + frame->vbase;
    for (size_t i = 0; i < n; ++i) {
      m[i].name     = k[i].name;
      m[i].name_len = k[i].len;
      m[i].value    = v[i];
    }
    node.u.members = m;
  } else if (n) {
    LdxiJson* items =
      (LdxiJson*)ldxi_arena_alloc(ps->arena, n * sizeof(LdxiJson));
    if (!items) {
      return LDX_BAD_ALLOC;
    }
    memcpy(items, ps->vals + frame->vbase, n * sizeof(LdxiJson));
    node.u.items = items;
  }
  ps->n_vals             = frame->vbase;
  ps->n_keys             = frame->kbase;
  ps->vals[ps->n_vals++] = node; // room: the container had children or was
                                 // pushed over a slot reserved when opened
  return LDX_SUCCESS;
}

static inline Ptr
skip_ws(Ptr p, Ptr end)
{
  // Most bytes are not white space, and all white space is <= ' '.
  while (p < end && *p <= ' ' && ldxi_json_is_ws(*p)) {
    ++p;
  }
  return p;
}

// ---- The value loop ----

LdxStatus
ldxi_json_parse_value(LdxiJsonParser*  ps,
                      const char*      text,
                      size_t           pos,
                      size_t           len,
                      bool             final,
                      size_t           depth,
                      const LdxiJson** out,
                      size_t*          next,
                      LdxiJsonError*   err)
{
  Ptr const      base    = (Ptr)text;
  Ptr const      end     = base + len;
  Ptr            p       = base + pos;
  size_t         nframes = 0;
  ValueCtx       ctx     = CTX_PLAIN;
  LdxStatus      st      = LDX_SUCCESS;
  LdxiJson       node;
  LdxiJsonFrame* frame  = NULL;
  const char*    expect = LDXI_JSON_E_VALUE;

  ps->n_vals   = 0;
  ps->n_keys   = 0;
  ps->text_cur = NULL; // the arena may have been reset since
  ps->text_end = NULL;

value:
  p = skip_ws(p, end);
  if (p == end) {
    if (!final) {
      return LDX_FAILURE;
    }
    ldxi_json_error_at(err,
                       len,
                       LDXI_JSON_FOUND_END,
                       ctx == CTX_ARRAY_FIRST ? LDXI_JSON_E_VALUE_FIRST
                                              : LDXI_JSON_E_VALUE);
    return LDX_BAD_SYNTAX;
  }
  switch (*p) {
    case '"':
      node.type        = LDXI_JSON_STRING;
      node.num.integer = 0;
      if ((st = parse_string(
             ps, base, &p, end, final, &node.u.str, &node.n, err))) {
        return st;
      }
      break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      if ((st = parse_number(ps, base, &p, end, final, &node, err))) {
        return st;
      }
      break;
    case 't':
    case 'f':
    case 'n':
      node.num.integer = 0;
      if ((st = parse_literal(base, &p, end, final, &node, err))) {
        return st;
      }
      break;
    case '[':
    case '{': {
      if (depth + nframes >= ps->max_depth) {
        ldxi_json_error_depth(err, (size_t)(p - base), ps->max_depth);
        return LDX_BAD_LIMIT;
      }
      if (nframes == ps->cap_frames && ldxi_grow(ps->world,
                                                 (void**)&ps->frames,
                                                 &ps->cap_frames,
                                                 nframes + 1,
                                                 sizeof(LdxiJsonFrame))) {
        return LDX_BAD_ALLOC;
      }
      // Reserve the slot the container will take when it closes.
      if (ps->n_vals == ps->cap_vals && ldxi_grow(ps->world,
                                                  (void**)&ps->vals,
                                                  &ps->cap_vals,
                                                  ps->n_vals + 1,
                                                  sizeof(LdxiJson))) {
        return LDX_BAD_ALLOC;
      }
      frame         = &ps->frames[nframes++];
      frame->vbase  = ps->n_vals;
      frame->kbase  = ps->n_keys;
      frame->object = *p == '{';
      p             = skip_ws(p + 1, end);
      if (p == end) {
        expect =
          frame->object ? LDXI_JSON_E_KEY_FIRST : LDXI_JSON_E_VALUE_FIRST;
        goto end_of_text;
      }
      if (!frame->object) {
        if (*p == ']') {
          ++p;
          goto close;
        }
        ctx = CTX_ARRAY_FIRST;
        goto value;
      }
      if (*p == '}') {
        ++p;
        goto close;
      }
      if (*p != '"') {
        ldxi_json_error_at(err, (size_t)(p - base), *p, LDXI_JSON_E_KEY_FIRST);
        return LDX_BAD_SYNTAX;
      }
      goto key;
    }
    default:
      ldxi_json_error_at(err,
                         (size_t)(p - base),
                         *p,
                         ctx == CTX_ARRAY_FIRST ? LDXI_JSON_E_VALUE_FIRST
                         : ctx == CTX_ARRAY_NEXT && *p == ']'
                           ? LDXI_JSON_E_TRAILING_ITEM
                           : LDXI_JSON_E_VALUE);
      return LDX_BAD_SYNTAX;
  }
  if ((st = push_value(ps, &node))) {
    return st;
  }

after_value:
  if (!nframes) {
    LdxiJson* root = (LdxiJson*)ldxi_arena_alloc(ps->arena, sizeof(LdxiJson));
    if (!root) {
      return LDX_BAD_ALLOC;
    }
    *root = ps->vals[0];
    *out  = root;
    *next = (size_t)(p - base);
    return LDX_SUCCESS;
  }
  frame = &ps->frames[nframes - 1];
  p     = skip_ws(p, end);
  if (p == end) {
    expect = frame->object ? LDXI_JSON_E_OBJECT_NEXT : LDXI_JSON_E_ARRAY_NEXT;
    goto end_of_text;
  }
  if (*p == ',') {
    p = skip_ws(p + 1, end);
    if (!frame->object) {
      ctx = CTX_ARRAY_NEXT;
      goto value;
    }
    if (p == end) {
      expect = LDXI_JSON_E_KEY;
      goto end_of_text;
    }
    if (*p != '"') {
      ldxi_json_error_at(err,
                         (size_t)(p - base),
                         *p,
                         *p == '}' ? LDXI_JSON_E_TRAILING_MEMBER
                                   : LDXI_JSON_E_KEY);
      return LDX_BAD_SYNTAX;
    }
    goto key;
  }
  if (*p == (frame->object ? '}' : ']')) {
    ++p;
    goto close;
  }
  ldxi_json_error_at(err,
                     (size_t)(p - base),
                     *p,
                     frame->object ? LDXI_JSON_E_OBJECT_NEXT
                                   : LDXI_JSON_E_ARRAY_NEXT);
  return LDX_BAD_SYNTAX;

key : {
  const char* name     = NULL;
  size_t      name_len = 0;
  if ((st = parse_string(ps, base, &p, end, final, &name, &name_len, err)) ||
      (st = push_key(ps, name, name_len))) {
    return st;
  }
  p = skip_ws(p, end);
  if (p == end) {
    expect = LDXI_JSON_E_COLON;
    goto end_of_text;
  }
  if (*p != ':') {
    ldxi_json_error_at(err, (size_t)(p - base), *p, LDXI_JSON_E_COLON);
    return LDX_BAD_SYNTAX;
  }
  ++p;
  ctx = CTX_PLAIN;
  goto value;
}

close:
  if ((st = close_container(ps, &ps->frames[--nframes]))) {
    return st;
  }
  goto after_value;

end_of_text:
  // Inside a container, between tokens; `expect` says which.
  if (!final) {
    return LDX_FAILURE;
  }
  ldxi_json_error_at(err, len, LDXI_JSON_FOUND_END, expect);
  return LDX_BAD_SYNTAX;
}

LdxStatus
ldxi_json_parse(LdxWorld*        world,
                LdxiArena*       arena,
                const char*      text,
                size_t           len,
                const LdxiJson** out,
                LdxiJsonError*   err)
{
  LdxiJsonParser ps;
  size_t         pos  = 0;
  size_t         next = 0;
  if (err) {
    memset(err, 0, sizeof(*err));
  }
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
    pos = 3;
  }
  ldxi_json_parser_init(&ps, world, arena);
  LdxStatus st =
    ldxi_json_parse_value(&ps, text, pos, len, true, 0, out, &next, err);
  ldxi_json_parser_free(&ps);
  if (!st) {
    Ptr p = skip_ws((Ptr)text + next, (Ptr)text + len);
    if (p < (Ptr)text + len) {
      ldxi_json_error_at(err, (size_t)(p - (Ptr)text), *p, LDXI_JSON_E_END);
      st = LDX_BAD_SYNTAX;
    }
  }
  if (st == LDX_BAD_ALLOC && err) {
    snprintf(err->message, sizeof(err->message), "out of memory");
  }
  if (st && err) {
    err->line   = 1;
    err->column = 0;
    ldxi_json_count_position(text, err->offset, &err->line, &err->column);
    ++err->column;
  }
  return st;
}
