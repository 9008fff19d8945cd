// SPDX-License-Identifier: MIT
#include "write/jsonld_util.h"

#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "rdf/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- Dates ------------------------------------------------------------------

static bool
digits(const char* s, size_t len, size_t at, size_t n, unsigned* value)
{
  if (at + n > len) {
    return false;
  }
  unsigned v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[at + i];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10u + (unsigned)(c - '0');
  }
  *value = v;
  return true;
}

// Parse "hh:mm[:ss[.f+]]" at `*at`; advances `*at`.
static bool
parse_time(const char* s, size_t len, size_t* at)
{
  unsigned h   = 0;
  unsigned m   = 0;
  unsigned sec = 0;
  size_t   i   = *at;
  if (!digits(s, len, i, 2, &h) || i + 2 >= len || s[i + 2] != ':' ||
      !digits(s, len, i + 3, 2, &m) || h > 24 || m > 59) {
    return false;
  }
  i += 5;
  if (i < len && s[i] == ':') {
    if (!digits(s, len, i + 1, 2, &sec) || sec > 60) {
      return false;
    }
    i += 3;
    if (i < len && s[i] == '.') {
      size_t j = i + 1;
      while (j < len && s[j] >= '0' && s[j] <= '9') {
        ++j;
      }
      if (j == i + 1) {
        return false;
      }
      i = j;
    }
  }
  if (h == 24 && (m || sec)) {
    return false;
  }
  *at = i;
  return true;
}

// Parse an optional "Z" or "+hh:mm"/"-hh:mm" that must end the string.
// Returns 0 if none, 1 if one, -1 if malformed.
static int
parse_zone(const char* s, size_t len, size_t at)
{
  if (at == len) {
    return 0;
  }
  if (s[at] == 'Z' && at + 1 == len) {
    return 1;
  }
  unsigned h = 0;
  unsigned m = 0;
  if ((s[at] == '+' || s[at] == '-') && at + 6 == len &&
      digits(s, len, at + 1, 2, &h) && s[at + 3] == ':' &&
      digits(s, len, at + 4, 2, &m) && h <= 14 && m <= 59) {
    return 1;
  }
  return -1;
}

LdxiDateShape
ldxi_date_shape(const char* s, size_t len)
{
  unsigned y  = 0;
  unsigned mo = 0;
  unsigned d  = 0;
  size_t   at = 0;
  if (len >= 5 && s[2] == ':') { // a time of day
    if (!parse_time(s, len, &at)) {
      return LDXI_DATE_NONE;
    }
    const int z = parse_zone(s, len, at);
    return z < 0 ? LDXI_DATE_NONE : z ? LDXI_DATE_TIME_ZONE : LDXI_DATE_TIME;
  }
  if (!digits(s, len, 0, 4, &y)) {
    return LDXI_DATE_NONE;
  }
  if (len == 4) {
    return LDXI_DATE_YEAR;
  }
  if (s[4] != '-' || !digits(s, len, 5, 2, &mo) || mo < 1 || mo > 12) {
    return LDXI_DATE_NONE;
  }
  if (len == 7) {
    return LDXI_DATE_YEAR_MONTH;
  }
  if (len < 10 || s[7] != '-' || !digits(s, len, 8, 2, &d) || d < 1 || d > 31) {
    return LDXI_DATE_NONE;
  }
  if (len == 10) {
    return LDXI_DATE_DAY;
  }
  at = 11;
  if (s[10] != 'T' || !parse_time(s, len, &at)) {
    return LDXI_DATE_NONE;
  }
  const int z = parse_zone(s, len, at);
  return z < 0   ? LDXI_DATE_NONE
         : z > 0 ? LDXI_DATE_DATETIME_ZONE
                 : LDXI_DATE_DATETIME;
}

bool
ldxi_date_is_midnight(const char* s, size_t len)
{
  size_t at = len >= 11 && s[10] == 'T' ? 11 : 0;
  if (at + 5 > len || memcmp(s + at, "00:00", 5)) {
    return false;
  }
  at += 5;
  if (at < len && s[at] == ':') {
    if (at + 3 > len || memcmp(s + at, ":00", 3)) {
      return false;
    }
    at += 3;
    if (at < len && s[at] == '.') {
      ++at;
      while (at < len && s[at] == '0') {
        ++at;
      }
    }
  }
  return at == len || s[at] == 'Z' || s[at] == '+' || s[at] == '-';
}

bool
ldxi_is_date_datatype(const char* dt, size_t len)
{
  static const char* const xsd[] = { "date", "dateTime", "dateTimeStamp",
                                     "time", "gYear",    "gYearMonth" };
  static const char* const sdo[] = { "Date", "DateTime", "Time" };
  static const char        xns[] = "http://www.w3.org/2001/XMLSchema#";
  const size_t             xn    = sizeof(xns) - 1;
  if (len > xn && !memcmp(dt, xns, xn)) {
    for (size_t i = 0; i < sizeof(xsd) / sizeof(xsd[0]); ++i) {
      if (len - xn == strlen(xsd[i]) && !memcmp(dt + xn, xsd[i], len - xn)) {
        return true;
      }
    }
    return false;
  }
  static const char* const ns[] = { "https://schema.org/",
                                    "http://schema.org/" };
  for (size_t k = 0; k < 2; ++k) {
    const size_t n = strlen(ns[k]);
    if (len > n && !memcmp(dt, ns[k], n)) {
      for (size_t i = 0; i < sizeof(sdo) / sizeof(sdo[0]); ++i) {
        if (len - n == strlen(sdo[i]) && !memcmp(dt + n, sdo[i], len - n)) {
          return true;
        }
      }
    }
  }
  return false;
}

// ---- Languages
// ----------------------------------------------------------------

static char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
equal_nocase(const char* a, size_t alen, const char* b, size_t blen)
{
  if (alen != blen) {
    return false;
  }
  for (size_t i = 0; i < alen; ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

// True if `tag` equals `want` or a truncation of it at a '-'.
static bool
truncation_of(const char* tag, size_t len, const char* want, size_t wlen)
{
  return len <= wlen && equal_nocase(tag, len, want, len) &&
         (len == wlen || want[len] == '-');
}

unsigned
ldxi_lang_rank(const char* tag,
               size_t      len,
               const char* want,
               const char* fallback)
{
  if (!len) {
    return LDXI_LANG_UNTAGGED;
  }
  const size_t wlen = want ? strlen(want) : 0;
  if (wlen) {
    if (equal_nocase(tag, len, want, wlen)) {
      return 0;
    }
    if (truncation_of(tag, len, want, wlen)) {
      return 100u - (unsigned)(len < 99 ? len : 99); // longer is closer
    }
    const char*  dash = (const char*)memchr(tag, '-', len);
    const size_t tp   = dash ? (size_t)(dash - tag) : len;
    const size_t wp   = strcspn(want, "-");
    if (equal_nocase(tag, tp, want, wp)) {
      return LDXI_LANG_SAME_PRIMARY;
    }
  }
  unsigned i = 0;
  for (const char* f = fallback; f && *f; ++i) {
    const size_t n = strcspn(f, ",");
    if (n && (equal_nocase(tag, len, f, n) || truncation_of(tag, len, f, n))) {
      return LDXI_LANG_FALLBACK + i;
    }
    f += n;
    f += *f == ',';
  }
  return LDXI_LANG_OTHER;
}

// ---- Dumping ----------------------------------------------------------------
//
// Our own printer over jansson's tree: jansson cannot print a real in its
// shortest round-trip form (it uses a fixed precision: 46.2356 becomes
// 46.235599999999998), and escaping <, > and & belongs in the string
// escaper anyway.  The layout is jansson's: ", " and ": " separators, or
// one member per line when indenting.

typedef struct {
  LdxWorld*              world;
  const LdxOutputStream* out; // or NULL: collect into `buf`
  LdxiBuf                buf;
  LdxStatus              status;
  int                    indent;
  bool                   ascii;
} DumpCtx;

enum { DUMP_CHUNK = 1 << 16, DUMP_MAX_DEPTH = 2048 };

static void
dump_flush(DumpCtx* ctx)
{
  if (!ctx->status && ctx->out && ctx->buf.len) {
    ctx->status =
      ldxi_output_write(ctx->world, ctx->out, ctx->buf.data, ctx->buf.len);
    ldxi_buf_clear(&ctx->buf);
  }
}

static void
put(DumpCtx* ctx, const char* s, size_t n)
{
  if (!ctx->status) {
    ctx->status = ldxi_buf_append(&ctx->buf, s, n);
  }
  if (ctx->buf.len >= DUMP_CHUNK) {
    dump_flush(ctx);
  }
}

static void
puts_(DumpCtx* ctx, const char* s)
{
  put(ctx, s, strlen(s));
}

static void
put_u(DumpCtx* ctx, unsigned v)
{
  char buf[8];
  snprintf(buf, sizeof buf, "\\u%04X", v);
  put(ctx, buf, 6);
}

static void
dump_string(DumpCtx* ctx, const char* s, size_t len)
{
  static const char hex[] = "0123456789abcdef";
  put(ctx, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < len && !ctx->status;) {
    const unsigned char c   = (unsigned char)s[i];
    const char*         esc = NULL;
    char                lt[7];
    switch (c) {
      case '"':
        esc = "\\\"";
        break;
      case '\\':
        esc = "\\\\";
        break;
      case '\b':
        esc = "\\b";
        break;
      case '\f':
        esc = "\\f";
        break;
      case '\n':
        esc = "\\n";
        break;
      case '\r':
        esc = "\\r";
        break;
      case '\t':
        esc = "\\t";
        break;
      case '<':
      case '>':
      case '&':
        // So that no "</script" or "<!--" appears in a page.
        memcpy(lt, "\\u00", 4);
        lt[4] = hex[c >> 4];
        lt[5] = hex[c & 15];
        lt[6] = '\0';
        esc   = lt;
        break;
      default:
        break;
    }
    if (!esc && c >= 0x20 && (c < 0x80 || !ctx->ascii)) {
      ++i;
      continue;
    }
    put(ctx, s + run, i - run);
    if (esc) {
      puts_(ctx, esc);
      ++i;
    } else if (c < 0x20) {
      put_u(ctx, c);
      ++i;
    } else {
      // ASCII only: \uXXXX, with a surrogate pair above U+FFFF.  The
      // writer checked UTF-8; a bad byte is passed through as U+FFFD.
      uint32_t     cp = 0;
      const size_t n  = ldxi_utf8_decode((const uint8_t*)s + i, len - i, &cp);
      if (!n) {
        put_u(ctx, 0xFFFD);
        ++i;
      } else {
        if (cp >= 0x10000) {
          cp -= 0x10000;
          put_u(ctx, 0xD800 + (cp >> 10));
          put_u(ctx, 0xDC00 + (cp & 0x3FF));
        } else {
          put_u(ctx, cp);
        }
        i += n;
      }
    }
    run = i;
  }
  put(ctx, s + run, len - run);
  put(ctx, "\"", 1);
}

// The shortest decimal form that reads back as `v`, always with a '.' or
// an exponent so that it stays a real.
static void
dump_real(DumpCtx* ctx, double v)
{
  char buf[40];
  if (v != v || v - v != 0) {
    puts_(ctx, "null"); // NaN and infinities are not JSON
    return;
  }
  for (int p = 1; p <= 17; ++p) {
    snprintf(buf, sizeof buf, "%.*g", p, v);
    if (strtod(buf, NULL) == v) {
      break;
    }
  }
  if (!strpbrk(buf, ".eE")) {
    const size_t n = strlen(buf);
    memcpy(buf + n, ".0", 3);
  }
  puts_(ctx, buf);
}

static void
newline(DumpCtx* ctx, int depth)
{
  if (ctx->indent) {
    put(ctx, "\n", 1);
    for (int i = 0; i < depth * ctx->indent; ++i) {
      put(ctx, " ", 1);
    }
  }
}

static void
dump_value(DumpCtx* ctx, const json_t* v, int depth)
{
  if (ctx->status) {
    return;
  }
  if (depth > DUMP_MAX_DEPTH) {
    ctx->status = LDX_BAD_LIMIT;
    return;
  }
  const char* sep = ctx->indent ? "," : ", ";
  switch (json_typeof(v)) {
    case JSON_OBJECT: {
      if (!json_object_size(v)) {
        puts_(ctx, "{}");
        return;
      }
      puts_(ctx, "{");
      const char* k     = NULL;
      json_t*     m     = NULL;
      bool        first = true;
      json_object_foreach((json_t*)v, k, m)
      {
        if (!first) {
          puts_(ctx, sep);
        }
        first = false;
        newline(ctx, depth + 1);
        dump_string(ctx, k, strlen(k));
        puts_(ctx, ": ");
        dump_value(ctx, m, depth + 1);
      }
      newline(ctx, depth);
      puts_(ctx, "}");
      return;
    }
    case JSON_ARRAY: {
      if (!json_array_size(v)) {
        puts_(ctx, "[]");
        return;
      }
      puts_(ctx, "[");
      size_t  i = 0;
      json_t* m = NULL;
      json_array_foreach(v, i, m)
      {
        if (i) {
          puts_(ctx, sep);
        }
        newline(ctx, depth + 1);
        dump_value(ctx, m, depth + 1);
      }
      newline(ctx, depth);
      puts_(ctx, "]");
      return;
    }
    case JSON_STRING:
      dump_string(ctx, json_string_value(v), json_string_length(v));
      return;
    case JSON_INTEGER: {
      char buf[32];
      snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
      puts_(ctx, buf);
      return;
    }
    case JSON_REAL:
      dump_real(ctx, json_real_value(v));
      return;
    case JSON_TRUE:
      puts_(ctx, "true");
      return;
    case JSON_FALSE:
      puts_(ctx, "false");
      return;
    case JSON_NULL:
      puts_(ctx, "null");
      return;
  }
}

static void
dump_init(DumpCtx*               ctx,
          LdxWorld*              world,
          const LdxOutputStream* out,
          int                    indent,
          bool                   ascii)
{
  ctx->world  = world;
  ctx->out    = out;
  ctx->status = LDX_SUCCESS;
  ctx->indent = indent < 0 ? 0 : indent > 31 ? 31 : indent;
  ctx->ascii  = ascii;
  ldxi_buf_init(&ctx->buf, world, 0);
}

LdxStatus
ldxi_json_dump_html_safe(LdxWorld*              world,
                         const json_t*          json,
                         int                    indent,
                         bool                   ascii,
                         bool                   newline_at_end,
                         const LdxOutputStream* out)
{
  DumpCtx ctx;
  dump_init(&ctx, world, out, indent, ascii);
  dump_value(&ctx, json, 0);
  if (newline_at_end) {
    put(&ctx, "\n", 1);
  }
  dump_flush(&ctx);
  ldxi_buf_free(&ctx.buf);
  return ctx.status;
}

char*
ldxi_json_dumps_html_safe(LdxWorld*     world,
                          const json_t* json,
                          int           indent,
                          bool          ascii,
                          size_t*       len)
{
  DumpCtx ctx;
  dump_init(&ctx, world, NULL, indent, ascii);
  dump_value(&ctx, json, 0);
  if (ctx.status || ldxi_buf_reserve(&ctx.buf, 1)) {
    ldxi_buf_free(&ctx.buf);
    return NULL;
  }
  *len = ctx.buf.len;
  return ctx.buf.data; // allocated through the world by LdxiBuf
}
