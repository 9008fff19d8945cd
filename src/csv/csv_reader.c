// SPDX-License-Identifier: MIT
// RFC 4180 CSV reader (see csv_reader.h).
//
// The scan is a state machine over the reader's buffer that can stop at the
// end of the bytes read so far and resume after a refill.  Positions are
// buffer indexes: the bytes of the current row stay in the buffer until the
// row is returned; a refill moves them to the front, and the buffer grows
// only for a row longer than half of it.  A NUL stored after the last byte
// read stops the inner loops without a bounds check.
#include "csv/csv_reader.h"

#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_CHUNK ((size_t)256 * 1024)

// Byte classes of the inner loops (0: nothing to do).
enum { C_PLAIN = 0, C_DELIM, C_LF, C_CR, C_QUOTE, C_HIGH, C_NUL };

typedef enum {
  ST_FIELD,       // at the start of a field
  ST_UNQUOTED,    // in an unquoted field
  ST_QUOTED,      // in a quoted field
  ST_QUOTE,       // after a quote in a quoted field: doubled or closing
  ST_AFTER_QUOTE, // after a closing quote
} State;

// What a scan step ended with.
typedef enum { R_ROW, R_STARTED, R_END, R_MORE, R_ERROR, R_ALLOC } Result;

struct LdxiCsvReader {
  LdxWorld*       world;
  LdxiCsvOptions  opt;
  size_t          comment_len;
  LdxiCsvReadFunc read;
  void*           handle;
  unsigned char   cls[256];   // classes outside quotes
  unsigned char   qcls[256];  // classes inside quotes
  unsigned char   space[256]; // trimmed characters

  char*     buf;
  size_t    cap;  // allocated bytes; len < cap (room for the sentinel)
  size_t    len;  // bytes in the buffer
  size_t    pos;  // scan position
  size_t    base; // input offset of buf[0]
  bool      eof;
  bool      started; // the BOM was looked for
  LdxStatus status;  // sticky

  // Between rows.
  bool   skip_lf;    // the last line ended with CR: drop one LF
  bool   in_skip;    // skipping a line (skip_rows or a comment)
  size_t skipped;    // lines skipped for skip_rows
  size_t line;       // current line (1-based)
  size_t line_start; // buffer index where the current line starts

  // The row being read.
  bool   in_row;
  State  state;
  size_t row; // buffer index where it starts
  size_t row_line;
  size_t fstart;      // start of the current field
  bool   doubled;     // the current field has doubled quotes
  bool   row_doubled; // a field of the row has some
  size_t q_pos;       // opening quote of the current quoted field
  size_t q_line;
  size_t q_line_start;
  // Its fields so far, in the buffer and NUL-terminated (quotes are
  // undoubled when the row ends).
  LdxiCsvField* fields;
  size_t        n_fields;
  size_t        cap_fields;
  size_t        width; // fields of the first row; 0 before it

  LdxiCsvRow   out;
  size_t       rows; // rows returned
  LdxiCsvError err;
};

LdxStatus
ldxi_csv_new(LdxWorld*             world,
             const LdxiCsvOptions* options,
             LdxiCsvReadFunc       read,
             void*                 handle,
             LdxiCsvReader**       out)
{
  static const LdxiCsvOptions defaults = {
    ',', '"', false, NULL, 0, 0, 0, true
  };
  *out                   = NULL;
  const LdxiCsvOptions o = options ? *options : defaults;
  const unsigned char  d = (unsigned char)o.delimiter;
  const unsigned char  q = (unsigned char)o.quote;
  // The delimiter and quote must be ASCII, distinct, and not line ends (a
  // NUL delimiter would collide with the sentinel).
  if (!d || d >= 0x80 || d == '\n' || d == '\r' || q >= 0x80 || q == '\n' ||
      q == '\r' || q == d) {
    return LDX_BAD_ARG;
  }
  LdxiCsvReader* r =
    (LdxiCsvReader*)ldxi_calloc(world, 1, sizeof(LdxiCsvReader));
  if (!r) {
    return LDX_BAD_ALLOC;
  }
  r->world       = world;
  r->opt         = o;
  r->comment_len = o.comment ? strlen(o.comment) : 0;
  r->read        = read;
  r->handle      = handle;
  r->line        = 1;
  if (!r->opt.chunk || r->opt.chunk > SIZE_MAX / 4) {
    r->opt.chunk = DEFAULT_CHUNK;
  }
  for (size_t c = 0x80; c < 0x100; ++c) {
    r->cls[c]  = C_HIGH;
    r->qcls[c] = C_HIGH;
  }
  r->cls[0]     = C_NUL;
  r->qcls[0]    = C_NUL;
  r->cls['\n']  = C_LF;
  r->qcls['\n'] = C_LF;
  r->cls['\r']  = C_CR;
  r->qcls['\r'] = C_CR;
  r->cls[d]     = C_DELIM;
  if (q) {
    r->cls[q]  = C_QUOTE;
    r->qcls[q] = C_QUOTE;
  }
  if (o.trim) {
    r->space[' ']  = 1;
    r->space['\t'] = 1;
    r->space[d]    = 0; // a space or tab delimiter is not trimmed
  }
  *out = r;
  return LDX_SUCCESS;
}

void
ldxi_csv_free(LdxiCsvReader* r)
{
  if (r) {
    ldxi_free(r->world, r->buf);
    ldxi_free(r->world, r->fields);
    ldxi_free(r->world, r);
  }
}

const LdxiCsvError*
ldxi_csv_error(const LdxiCsvReader* r)
{
  return &r->err;
}

// ---------------------------------------------------------------------------
// Errors

static bool
row_too_long(const LdxiCsvReader* r, size_t end)
{
  return r->opt.max_row && end - r->row > r->opt.max_row;
}

// Record an error found at buffer index `detect`, reported at `at` on line
// `line` that starts at buffer index `line_start` (columns count code
// points).  An error found past the longest row allowed is that one: where
// the reader finds it does not depend on how much it has read.
static Result
fail_at(LdxiCsvReader*   r,
        LdxiCsvErrorKind kind,
        size_t           at,
        size_t           detect,
        size_t           line,
        size_t           line_start,
        const char*      message)
{
  char limit[64];
  if (kind == LDXI_CSV_ERR_LIMIT || (r->in_row && row_too_long(r, detect))) {
    snprintf(
      limit, sizeof(limit), "a row longer than %zu bytes", r->opt.max_row);
    kind       = LDXI_CSV_ERR_LIMIT;
    at         = r->row;
    line       = r->row_line;
    line_start = r->row;
    message    = limit;
  }
  size_t column = 1;
  for (size_t i = line_start; i < at; ++i) {
    column += ((unsigned char)r->buf[i] & 0xC0) != 0x80;
  }
  r->err.kind   = kind;
  r->err.line   = line;
  r->err.column = column;
  r->err.byte   = r->base + at;
  r->err.row    = r->rows + 1;
  r->err.width  = r->width;
  snprintf(r->err.message, sizeof(r->err.message), "%s", message);
  return R_ERROR;
}

static Result
fail_here(LdxiCsvReader* r, LdxiCsvErrorKind kind, size_t at, const char* msg)
{
  return fail_at(r, kind, at, at, r->line, r->line_start, msg);
}

static Result
fail_width(LdxiCsvReader* r, LdxiCsvErrorKind kind, size_t at)
{
  char msg[128];
  if (kind == LDXI_CSV_ERR_MORE_FIELDS) {
    snprintf(msg,
             sizeof(msg),
             "more fields than the %s (%zu)",
             r->opt.header ? "header" : "first row",
             r->width);
  } else {
    snprintf(msg,
             sizeof(msg),
             "%zu field%s where the %s has %zu",
             r->n_fields,
             r->n_fields == 1 ? "" : "s",
             r->opt.header ? "header" : "first row",
             r->width);
  }
  return fail_here(r, kind, at, msg);
}

// The length of the UTF-8 sequence at `s` (s[0] >= 0x80) of which `avail`
// bytes are known: 0 if more bytes are needed, -1 if it is invalid.
static int
utf8_length(const unsigned char* s, size_t avail)
{
  const unsigned c  = s[0];
  unsigned       lo = 0x80;
  unsigned       hi = 0xBF;
  int            n  = 0;
  if (c < 0xC2) {
    return -1;
  }
  if (c < 0xE0) {
    n = 2;
  } else if (c < 0xF0) {
    n  = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80; // overlong
    hi = c == 0xED ? 0x9F : 0xBF; // surrogates
  } else if (c < 0xF5) {
    n  = 4;
    lo = c == 0xF0 ? 0x90 : 0x80; // overlong
    hi = c == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
  } else {
    return -1;
  }
  for (int i = 1; i < n; ++i) {
    if ((size_t)i >= avail) {
      return 0;
    }
    const unsigned b = s[i];
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
      return -1;
    }
  }
  return n;
}

static Result
fail_utf8(LdxiCsvReader* r, size_t at)
{
  char msg[128];
  snprintf(msg,
           sizeof(msg),
           "invalid UTF-8 (byte 0x%02X): convert the file to UTF-8 or "
           "declare its encoding",
           (unsigned)(unsigned char)r->buf[at]);
  return fail_here(r, LDXI_CSV_ERR_ENCODING, at, msg);
}

static Result
fail_nul(LdxiCsvReader* r, size_t at)
{
  return fail_here(r,
                   LDXI_CSV_ERR_ENCODING,
                   at,
                   "NUL byte in the text (UTF-16 without a byte order mark? "
                   "declare the encoding)");
}

// ---------------------------------------------------------------------------
// Buffer

// Drop the first `d` bytes of the buffer.
static void
shift(LdxiCsvReader* r, size_t d)
{
  memmove(r->buf, r->buf + d, r->len - d);
  r->len -= d;
  r->pos -= d;
  r->base += d;
  r->line_start = r->line_start >= d ? r->line_start - d : 0;
  if (r->in_row) {
    r->row -= d;
    r->fstart -= d;
    r->q_pos -= d;
    r->q_line_start -= d;
    for (size_t i = 0; i < r->n_fields; ++i) {
      r->fields[i].str -= d;
    }
  }
}

// Double the buffer (a row longer than half of it).
static LdxStatus
grow(LdxiCsvReader* r)
{
  if (r->cap > SIZE_MAX / 2) {
    return LDX_BAD_ALLOC;
  }
  // A new block rather than realloc: the fields move with their text.
  const size_t cap = 2 * r->cap - 1;
  char*        buf = (char*)ldxi_malloc(r->world, cap);
  if (!buf) {
    return LDX_BAD_ALLOC;
  }
  memcpy(buf, r->buf, r->len);
  for (size_t i = 0; r->in_row && i < r->n_fields; ++i) {
    r->fields[i].str = buf + (r->fields[i].str - r->buf);
  }
  ldxi_free(r->world, r->buf);
  r->buf = buf;
  r->cap = cap;
  return LDX_SUCCESS;
}

static LdxStatus
fail_limit(LdxiCsvReader* r)
{
  fail_at(r, LDXI_CSV_ERR_LIMIT, r->row, r->row, r->row_line, r->row, "");
  return LDX_BAD_LIMIT;
}

// Read more bytes after the end of the buffer, keeping those of the row
// being read (nothing before the scan position otherwise).
static LdxStatus
fill(LdxiCsvReader* r)
{
  if (!r->buf) {
    r->buf = (char*)ldxi_malloc(r->world, r->opt.chunk + 1);
    if (!r->buf) {
      return LDX_BAD_ALLOC;
    }
    r->cap = r->opt.chunk + 1;
  } else if (r->cap - r->len - 1 < (r->cap + 1) / 2) {
    if (r->in_row && row_too_long(r, r->pos)) {
      return fail_limit(r);
    }
    const size_t keep = r->in_row ? r->row : r->pos;
    if (keep) {
      shift(r, keep);
    }
    if (r->cap - r->len - 1 < (r->cap + 1) / 2) {
      const LdxStatus st = grow(r);
      if (st) {
        return st;
      }
    }
  }
  size_t    got = 0;
  LdxStatus st = r->read(r->handle, r->buf + r->len, r->cap - r->len - 1, &got);
  if (st) {
    return st;
  }
  if (got > r->cap - r->len - 1) {
    return LDX_BAD_ARG; // a broken read function
  }
  r->eof = !got;
  r->len += got;
  r->buf[r->len] = '\0';
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Scanning

// Pass the line end at `p` (CR or LF); returns the next position.
static size_t
end_line(LdxiCsvReader* r, size_t p)
{
  r->skip_lf    = r->buf[p] == '\r';
  r->line_start = ++p;
  ++r->line;
  return p;
}

// Between rows: skip the rest of a CRLF, skipped lines, comments and empty
// lines, and start the next row.
static Result
between_rows(LdxiCsvReader* r)
{
  const char*  b   = r->buf;
  const size_t len = r->len;
  size_t       p   = r->pos;
  if (!r->started) {
    if (len < 3 && !r->eof) {
      return R_MORE;
    }
    if (len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
      p = r->line_start = 3;
    }
    r->started = true;
  }
  for (;;) {
    if (r->skip_lf) {
      if (p == len && !r->eof) {
        r->pos = p;
        return R_MORE;
      }
      if (p < len && b[p] == '\n') {
        r->line_start = ++p;
      }
      r->skip_lf = false;
    }
    if (r->in_skip) {
      while (p < len && b[p] != '\n' && b[p] != '\r') {
        ++p;
      }
      if (p == len && !r->eof) {
        r->pos = p;
        return R_MORE;
      }
      r->in_skip = false;
      if (p < len) {
        p = end_line(r, p);
      }
      continue;
    }
    if (p == len) {
      if (!r->eof) {
        r->pos = p;
        return R_MORE;
      }
      r->pos = p;
      return R_END;
    }
    if (r->skipped < r->opt.skip_rows) {
      ++r->skipped;
      r->in_skip = true;
      continue;
    }
    if (r->comment_len) {
      const size_t n = len - p < r->comment_len ? len - p : r->comment_len;
      if (!memcmp(b + p, r->opt.comment, n)) {
        if (n == r->comment_len) {
          r->in_skip = true;
          continue;
        }
        if (!r->eof) {
          r->pos = p; // a prefix of the prefix: read on
          return R_MORE;
        }
      }
    }
    if (b[p] == '\n' || b[p] == '\r') {
      p = end_line(r, p); // an empty line is not a row
      continue;
    }
    r->in_row      = true;
    r->state       = ST_FIELD;
    r->row         = p;
    r->row_line    = r->line;
    r->line_start  = p;
    r->n_fields    = 0;
    r->row_doubled = false;
    r->pos         = p;
    return R_STARTED;
  }
}

static bool
grow_fields(LdxiCsvReader* r)
{
  return !ldxi_grow(r->world,
                    (void**)&r->fields,
                    &r->cap_fields,
                    r->n_fields + 1,
                    sizeof(LdxiCsvField));
}

// Append the field [start, end) and NUL-terminate it (over the delimiter,
// closing quote or line end after it, already read).
static inline bool
push(LdxiCsvReader* r, size_t start, size_t end)
{
  if (r->n_fields == r->cap_fields && !grow_fields(r)) {
    return false;
  }
  r->buf[end]              = '\0';
  r->fields[r->n_fields++] = (LdxiCsvField){ r->buf + start, end - start };
  return true;
}

static inline bool
push_unquoted(LdxiCsvReader* r, size_t end)
{
  if (r->opt.trim) {
    while (end > r->fstart && r->space[(unsigned char)r->buf[end - 1]]) {
      --end;
    }
  }
  return push(r, r->fstart, end);
}

// The quoted field ends with the quote at `end`.  Doubled quotes are
// undoubled when the row ends: an error in the row until then counts its
// columns over the bytes as they were read.
static bool
push_quoted(LdxiCsvReader* r, size_t end)
{
  r->row_doubled |= r->doubled;
  return push(r, r->fstart, end);
}

// Undouble the quotes of the row's fields in place (only quoted fields
// hold quotes: one in an unquoted field is an error).
static void
undouble(LdxiCsvReader* r)
{
  const char quote = r->opt.quote;
  for (size_t i = 0; i < r->n_fields; ++i) {
    LdxiCsvField* f = &r->fields[i];
    char*         s = (char*)memchr(f->str, quote, f->len);
    if (!s) {
      continue;
    }
    const char* const e = f->str + f->len;
    char*             w = s;
    for (const char* c = s; c < e; ++c) {
      *w++ = *c;
      c += *c == quote; // the second of a doubled quote
    }
    *w     = '\0';
    f->len = (size_t)(w - f->str);
  }
}

// The row ends at `p`: at a line end `le` (CR or LF, already overwritten by
// a NUL) or, with `le` 0, at the end of the input.
static Result
end_row(LdxiCsvReader* r, size_t p, char le)
{
  if (r->width && r->n_fields != r->width) {
    return fail_width(r, LDXI_CSV_ERR_FEWER_FIELDS, p);
  }
  if (row_too_long(r, p)) {
    return fail_at(r, LDXI_CSV_ERR_LIMIT, r->row, p, r->row_line, r->row, "");
  }
  if (!r->width) {
    r->width = r->n_fields;
  }
  if (r->row_doubled) {
    undouble(r);
  }
  if (le) {
    r->skip_lf    = le == '\r';
    r->line_start = ++p;
    ++r->line;
  }
  r->pos    = p;
  r->in_row = false;
  return R_ROW;
}

static Result
fail_after_quote(LdxiCsvReader* r, size_t p)
{
  char                msg[128];
  const unsigned char c = (unsigned char)r->buf[p];
  if (c >= 0x20 && c < 0x7F) {
    snprintf(msg,
             sizeof(msg),
             "'%c' after the closing quote of a field (expected '%c' or a "
             "line end)",
             (char)c,
             r->opt.delimiter);
  } else {
    snprintf(msg,
             sizeof(msg),
             "byte 0x%02X after the closing quote of a field (expected '%c' "
             "or a line end)",
             (unsigned)c,
             r->opt.delimiter);
  }
  return fail_here(r, LDXI_CSV_ERR_AFTER_QUOTE, p, msg);
}

// The position of the first byte from `p` on with a class (there is one:
// the sentinel).  The table is addressed through the reader, which keeps
// the loop at five instructions a byte.
static inline size_t
skip(const unsigned char* cls, const char* b, size_t p)
{
  const unsigned char* s = (const unsigned char*)b + p;
  while (!cls[*s]) {
    ++s;
  }
  return (size_t)(s - (const unsigned char*)b);
}

// Scan the current row on from r->pos.
static Result
scan_row(LdxiCsvReader* r)
{
  char* const                b     = r->buf;
  const size_t               len   = r->len;
  const unsigned char* const cls   = r->cls;
  const unsigned char* const qcls  = r->qcls;
  const unsigned char* const space = r->space;
  const char                 quote = r->opt.quote;
  size_t                     p     = r->pos;
  for (;;) {
    switch (r->state) {
      case ST_FIELD:
        while (space[(unsigned char)b[p]]) {
          ++p;
        }
        if (p == len) {
          if (!r->eof) {
            r->pos = p;
            return R_MORE;
          }
          r->fstart = p;
          return push_unquoted(r, p) ? end_row(r, p, 0) : R_ALLOC;
        }
        if (quote && b[p] == quote) {
          r->q_pos        = p;
          r->q_line       = r->line;
          r->q_line_start = r->line_start;
          r->fstart       = ++p;
          r->doubled      = false;
          r->state        = ST_QUOTED;
          continue;
        }
        r->fstart = p;
        r->state  = ST_UNQUOTED;
        continue;
      case ST_UNQUOTED:
        for (;;) {
          p                = skip(r->cls, b, p);
          const unsigned c = cls[(unsigned char)b[p]];
          if (c == C_DELIM) {
            if (!push_unquoted(r, p)) {
              return R_ALLOC;
            }
            if (r->n_fields == r->width) {
              return fail_width(r, LDXI_CSV_ERR_MORE_FIELDS, p);
            }
            // Most fields are unquoted: go on without the state switch.
            const unsigned char next = (unsigned char)b[++p];
            if (space[next] || next == (unsigned char)quote || !next) {
              r->state = ST_FIELD;
              break;
            }
            r->fstart = p;
            continue;
          }
          if (c == C_LF || c == C_CR) {
            const char le = b[p];
            return push_unquoted(r, p) ? end_row(r, p, le) : R_ALLOC;
          }
          if (c == C_QUOTE) {
            return fail_here(r,
                             LDXI_CSV_ERR_QUOTE,
                             p,
                             "quote inside an unquoted field (quote the "
                             "whole field and double the quotes in it)");
          }
          if (c == C_HIGH) {
            const int n = utf8_length((const unsigned char*)b + p, len - p);
            if (n > 0) {
              p += (size_t)n;
              continue;
            }
            if (!n && !r->eof) {
              r->pos = p;
              return R_MORE;
            }
            return fail_utf8(r, p);
          }
          if (p < len) { // C_NUL
            return fail_nul(r, p);
          }
          if (!r->eof) {
            r->pos = p;
            return R_MORE;
          }
          return push_unquoted(r, p) ? end_row(r, p, 0) : R_ALLOC;
        }
        continue;
      case ST_QUOTED:
        for (;;) {
          p                = skip(r->qcls, b, p);
          const unsigned c = qcls[(unsigned char)b[p]];
          if (c == C_QUOTE) {
            ++p;
            r->state = ST_QUOTE;
            break;
          }
          if (c == C_LF || c == C_CR) {
            // A line end inside the field; CRLF counts once.
            if (c == C_CR || b[p - 1] != '\r') {
              ++r->line;
            }
            r->line_start = ++p;
            continue;
          }
          if (c == C_HIGH) {
            const int n = utf8_length((const unsigned char*)b + p, len - p);
            if (n > 0) {
              p += (size_t)n;
              continue;
            }
            if (!n && !r->eof) {
              r->pos = p;
              return R_MORE;
            }
            return fail_utf8(r, p);
          }
          if (p < len) {
            return fail_nul(r, p);
          }
          if (!r->eof) {
            r->pos = p;
            return R_MORE;
          }
          char msg[128];
          snprintf(msg,
                   sizeof(msg),
                   "unterminated quoted field: no closing %c before the "
                   "end of the file",
                   quote);
          return fail_at(r,
                         LDXI_CSV_ERR_UNTERMINATED,
                         r->q_pos,
                         p,
                         r->q_line,
                         r->q_line_start,
                         msg);
        }
        continue;
      case ST_QUOTE:
        if (p == len && !r->eof) {
          r->pos = p;
          return R_MORE;
        }
        if (p < len && b[p] == quote) {
          r->doubled = true;
          ++p;
          r->state = ST_QUOTED;
          continue;
        }
        if (!push_quoted(r, p - 1)) {
          return R_ALLOC;
        }
        r->state = ST_AFTER_QUOTE;
        continue;
      case ST_AFTER_QUOTE:
        while (space[(unsigned char)b[p]]) {
          ++p;
        }
        if (p == len) {
          if (!r->eof) {
            r->pos = p;
            return R_MORE;
          }
          return end_row(r, p, 0);
        }
        if (b[p] == r->opt.delimiter) {
          if (r->n_fields == r->width) {
            return fail_width(r, LDXI_CSV_ERR_MORE_FIELDS, p);
          }
          ++p;
          r->state = ST_FIELD;
          continue;
        }
        if (b[p] == '\n' || b[p] == '\r') {
          return end_row(r, p, b[p]);
        }
        return fail_after_quote(r, p);
    }
  }
}

LdxStatus
ldxi_csv_next(LdxiCsvReader* r, const LdxiCsvRow** row)
{
  *row = NULL;
  while (!r->status) {
    switch (r->in_row ? scan_row(r) : between_rows(r)) {
      case R_ROW:
        r->out = (LdxiCsvRow){
          r->fields, r->n_fields, ++r->rows, r->row_line, r->base + r->row
        };
        *row = &r->out;
        return LDX_SUCCESS;
      case R_STARTED:
        break;
      case R_END:
        r->status = LDX_FAILURE;
        break;
      case R_MORE:
        r->status = fill(r);
        break;
      case R_ERROR:
        r->status =
          r->err.kind == LDXI_CSV_ERR_LIMIT ? LDX_BAD_LIMIT : LDX_BAD_SYNTAX;
        break;
      case R_ALLOC:
        r->status = LDX_BAD_ALLOC;
        break;
    }
  }
  return r->status;
}
