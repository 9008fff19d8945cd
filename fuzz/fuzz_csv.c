// SPDX-License-Identifier: MIT
// libFuzzer harness for the CSV reader (src/csv/csv_reader.c).
//
// The first byte of the input (XOR '0', so a corpus file may start with
// '0' for the defaults) chooses the dialect: bits 0-1 the delimiter
// (, ; TAB |), bits 2-3 the quote (" ' none "), bit 4 trimming, bit 5 the
// comment prefix "#", bits 6-7 the rows to skip.  The rest is the CSV text.
// Each run reads it:
// - with large reads, with reads and buffer sizes drawn from the input's
//   hash, and one byte at a time with the smallest buffer, and with a row
//   limit: every way gives the same rows and the same error (kind, line,
//   column, byte, message);
// - with a simple whole-text reader written independently here (the
//   oracle), which must agree on the rows and the error's place.
// Fields must be NUL-terminated and valid UTF-8.  Any disagreement aborts.
//
// Build and run: `make fuzz-csv` in a build directory (see
// src/csv/module.am), then
//   ./fuzz_csv -max_total_time=60 -dict=fuzz/csv.dict CORPUS_DIR
// tests/unit/test_csv_regress.c runs it on tests/regress/csv/ without
// libFuzzer.
#include "core/buf.h"
#include "csv/csv_reader.h"

#include "ldexport.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void
fail(const char* what, const char* got, const char* want)
{
  fprintf(stderr, "fuzz_csv: %s\ngot:\n%s\nwant:\n%s\n", what, got, want);
  abort();
}

static uint64_t
next_rand(uint64_t* state)
{
  // xorshift64*
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * UINT64_C(2685821657736338717);
}

typedef struct {
  const uint8_t* data;
  size_t         size;
  size_t         pos;
  size_t         step; // largest read; 0: random sizes
  uint64_t       rng;
} Reader;

static LdxStatus
read_data(void* handle, char* buf, size_t want, size_t* got)
{
  Reader* r = (Reader*)handle;
  size_t  n = r->size - r->pos;
  n         = n < want ? n : want;
  if (r->step) {
    n = n < r->step ? n : r->step;
  } else if (n > 1) {
    n = 1 + (size_t)(next_rand(&r->rng) % n);
  }
  if (n) {
    memcpy(buf, r->data + r->pos, n);
  }
  r->pos += n;
  *got = n;
  return LDX_SUCCESS;
}

// Whether [s, s+n) is valid UTF-8, decoding code points (independent of
// the reader's table).
static bool
valid_utf8(const unsigned char* s, size_t n, size_t* bad)
{
  size_t i = 0;
  while (i < n) {
    const unsigned c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t   k   = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    uint32_t cp  = k == 4 ? (c & 0x07) : k == 3 ? (c & 0x0F) : (c & 0x1F);
    uint32_t min = k == 4 ? 0x10000 : k == 3 ? 0x800 : 0x80;
    bool     ok  = k && c < 0xF8;
    for (size_t j = 1; ok && j < k; ++j) {
      ok = i + j < n && (s[i + j] & 0xC0) == 0x80;
      cp = ok ? (cp << 6) | (s[i + j] & 0x3F) : cp;
    }
    if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *bad = i;
      return false;
    }
    i += k;
  }
  return true;
}

// ---------------------------------------------------------------------------
// The oracle: the same language, read from the whole text in one pass.

typedef struct {
  const unsigned char* s;
  size_t               n;
  LdxiCsvOptions       o;
  size_t               i;
  size_t               line;
  size_t               line_start;
  LdxiBuf*             out;
  size_t               rows;
  size_t               width;
} Oracle;

static bool
is_space(const Oracle* q, unsigned char c)
{
  return q->o.trim && (c == ' ' || c == '\t') &&
         c != (unsigned char)q->o.delimiter;
}

static void
oracle_line_end(Oracle* q)
{
  if (q->s[q->i] == '\r' && q->i + 1 < q->n && q->s[q->i + 1] == '\n') {
    ++q->i;
  }
  ++q->i;
  ++q->line;
  q->line_start = q->i;
}

// Report an error found at `detect` in the row starting at `row`.
static void
oracle_error(Oracle*          q,
             LdxiCsvErrorKind kind,
             size_t           at,
             size_t           detect,
             size_t           line,
             size_t           line_start,
             size_t           row,
             size_t           row_line)
{
  if (q->o.max_row && detect - row > q->o.max_row) {
    kind       = LDXI_CSV_ERR_LIMIT;
    at         = row;
    line       = row_line;
    line_start = row;
  }
  size_t column = 1;
  for (size_t k = line_start; k < at; ++k) {
    column += (q->s[k] & 0xC0) != 0x80;
  }
  ldxi_buf_printf(q->out,
                  "!%d %zu:%zu@%zu row %zu",
                  (int)kind,
                  line,
                  column,
                  at,
                  q->rows + 1);
}

// A byte of a field that is not plain: invalid UTF-8 or NUL.  Returns the
// bytes to skip, or 0 after reporting an error.
static size_t
oracle_char(Oracle* q, size_t row, size_t row_line)
{
  const unsigned char c = q->s[q->i];
  if (!c) {
    oracle_error(q,
                 LDXI_CSV_ERR_ENCODING,
                 q->i,
                 q->i,
                 q->line,
                 q->line_start,
                 row,
                 row_line);
    return 0;
  }
  if (c < 0x80) {
    return 1;
  }
  size_t k   = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  size_t bad = 0;
  if (q->i + k > q->n) {
    k = q->n - q->i;
  }
  if (!valid_utf8(q->s + q->i, k, &bad) || c < 0xC0) {
    oracle_error(q,
                 LDXI_CSV_ERR_ENCODING,
                 q->i,
                 q->i,
                 q->line,
                 q->line_start,
                 row,
                 row_line);
    return 0;
  }
  return k;
}

static void
oracle_run(Oracle* q)
{
  const unsigned char delim   = (unsigned char)q->o.delimiter;
  const unsigned char quote   = (unsigned char)q->o.quote;
  const size_t        clen    = q->o.comment ? strlen(q->o.comment) : 0;
  size_t              skipped = 0;
  LdxiBuf             row_text;
  ldxi_buf_init(&row_text, NULL, 0);
  q->line = 1;
  if (q->n >= 3 && !memcmp(q->s, "\xEF\xBB\xBF", 3)) {
    q->i = q->line_start = 3;
  }
  for (;;) {
    if (q->i == q->n) {
      ldxi_buf_puts(q->out, "END");
      break;
    }
    if (skipped < q->o.skip_rows ||
        (clen && q->n - q->i >= clen &&
         !memcmp(q->s + q->i, q->o.comment, clen))) {
      skipped += skipped < q->o.skip_rows;
      while (q->i < q->n && q->s[q->i] != '\n' && q->s[q->i] != '\r') {
        ++q->i;
      }
      if (q->i < q->n) {
        oracle_line_end(q);
      }
      continue;
    }
    if (q->s[q->i] == '\n' || q->s[q->i] == '\r') {
      oracle_line_end(q);
      continue;
    }
    // A row.
    const size_t row      = q->i;
    const size_t row_line = q->line;
    size_t       fields   = 0;
    ldxi_buf_clear(&row_text);
    for (;;) {
      while (q->i < q->n && is_space(q, q->s[q->i])) {
        ++q->i;
      }
      ldxi_buf_putc(&row_text, '|');
      if (quote && q->i < q->n && q->s[q->i] == quote) {
        const size_t qpos = q->i, qline = q->line, qls = q->line_start;
        ++q->i;
        for (;;) {
          if (q->i == q->n) {
            oracle_error(q,
                         LDXI_CSV_ERR_UNTERMINATED,
                         qpos,
                         q->i,
                         qline,
                         qls,
                         row,
                         row_line);
            goto done;
          }
          const unsigned char c = q->s[q->i];
          if (c == quote) {
            if (q->i + 1 < q->n && q->s[q->i + 1] == quote) {
              ldxi_buf_putc(&row_text, (char)c);
              q->i += 2;
              continue;
            }
            ++q->i;
            break;
          }
          if (c == '\r' || c == '\n') {
            ldxi_buf_putc(&row_text, (char)c);
            if (c == '\r' || q->s[q->i - 1] != '\r') {
              ++q->line;
            }
            q->line_start = ++q->i;
            continue;
          }
          const size_t k = oracle_char(q, row, row_line);
          if (!k) {
            goto done;
          }
          ldxi_buf_append(&row_text, q->s + q->i, k);
          q->i += k;
        }
        ++fields;
        while (q->i < q->n && is_space(q, q->s[q->i])) {
          ++q->i;
        }
        if (q->i < q->n && q->s[q->i] != delim && q->s[q->i] != '\n' &&
            q->s[q->i] != '\r') {
          oracle_error(q,
                       LDXI_CSV_ERR_AFTER_QUOTE,
                       q->i,
                       q->i,
                       q->line,
                       q->line_start,
                       row,
                       row_line);
          goto done;
        }
      } else {
        const size_t start = q->i;
        size_t       end   = q->i;
        while (q->i < q->n && q->s[q->i] != delim && q->s[q->i] != '\n' &&
               q->s[q->i] != '\r') {
          if (quote && q->s[q->i] == quote) {
            oracle_error(q,
                         LDXI_CSV_ERR_QUOTE,
                         q->i,
                         q->i,
                         q->line,
                         q->line_start,
                         row,
                         row_line);
            goto done;
          }
          const size_t k = oracle_char(q, row, row_line);
          if (!k) {
            goto done;
          }
          q->i += k;
          if (!is_space(q, q->s[q->i - 1])) {
            end = q->i;
          }
        }
        ldxi_buf_append(
          &row_text, q->s + start, (q->o.trim ? end : q->i) - start);
        ++fields;
      }
      if (q->i < q->n && q->s[q->i] == delim) {
        if (q->width && fields == q->width) {
          oracle_error(q,
                       LDXI_CSV_ERR_MORE_FIELDS,
                       q->i,
                       q->i,
                       q->line,
                       q->line_start,
                       row,
                       row_line);
          goto done;
        }
        ++q->i;
        continue;
      }
      break;
    }
    // The row ends at a line end or the end of the text.
    if (q->width && fields != q->width) {
      oracle_error(q,
                   LDXI_CSV_ERR_FEWER_FIELDS,
                   q->i,
                   q->i,
                   q->line,
                   q->line_start,
                   row,
                   row_line);
      goto done;
    }
    if (q->o.max_row && q->i - row > q->o.max_row) {
      oracle_error(
        q, LDXI_CSV_ERR_LIMIT, row, q->i, row_line, row, row, row_line);
      goto done;
    }
    if (!q->width) {
      q->width = fields;
    }
    ++q->rows;
    ldxi_buf_printf(q->out, "R%zu@%zu:%zu", q->rows, row_line, row);
    ldxi_buf_append(q->out, row_text.data, row_text.len);
    ldxi_buf_putc(q->out, '\n');
    if (q->i < q->n) {
      oracle_line_end(q);
    }
  }
done:
  ldxi_buf_free(&row_text);
}

// ---------------------------------------------------------------------------
// The reader

// Read everything; with `messages`, error messages are listed too.
static void
run_reader(LdxWorld*             world,
           const LdxiCsvOptions* options,
           Reader*               src,
           bool                  messages,
           LdxiBuf*              out)
{
  LdxiCsvReader* reader = NULL;
  if (ldxi_csv_new(world, options, read_data, src, &reader)) {
    fail("ldxi_csv_new failed", "", "");
  }
  const LdxiCsvRow* row = NULL;
  LdxStatus         st  = LDX_SUCCESS;
  while (!(st = ldxi_csv_next(reader, &row))) {
    ldxi_buf_printf(out, "R%zu@%zu:%zu", row->number, row->line, row->byte);
    for (size_t i = 0; i < row->n; ++i) {
      const LdxiCsvField* f   = &row->fields[i];
      size_t              bad = 0;
      if (f->str[f->len] ||
          !valid_utf8((const unsigned char*)f->str, f->len, &bad) ||
          memchr(f->str, 0, f->len)) {
        fail(
          "field not NUL-terminated, with a NUL or invalid UTF-8", f->str, "");
      }
      ldxi_buf_putc(out, '|');
      ldxi_buf_append(out, f->str, f->len);
    }
    ldxi_buf_putc(out, '\n');
  }
  if (st == LDX_FAILURE) {
    ldxi_buf_puts(out, "END");
  } else if (st == LDX_BAD_SYNTAX || st == LDX_BAD_LIMIT) {
    const LdxiCsvError* e = ldxi_csv_error(reader);
    if ((st == LDX_BAD_LIMIT) != (e->kind == LDXI_CSV_ERR_LIMIT) ||
        !e->message[0]) {
      fail("status and error disagree", e->message, "");
    }
    ldxi_buf_printf(out,
                    "!%d %zu:%zu@%zu row %zu",
                    (int)e->kind,
                    e->line,
                    e->column,
                    e->byte,
                    e->row);
    if (messages) {
      ldxi_buf_printf(out, ": %s", e->message);
    }
  } else {
    fail("unexpected status", ldx_strerror(st), "");
  }
  ldxi_csv_free(reader);
}

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (!size || size > 64 * 1024) {
    return 0;
  }
  static LdxWorld* world = NULL;
  if (!world) {
    world = ldx_world_new(NULL);
  }
  const unsigned b       = data[0] ^ (unsigned)'0';
  LdxiCsvOptions options = { ",;\t|"[b & 3],
                             "\"'\0\""[(b >> 2) & 3],
                             (b >> 4) & 1,
                             (b >> 5) & 1 ? "#" : NULL,
                             (b >> 6) & 3,
                             0,
                             0,
                             true };
  ++data;
  --size;
  uint64_t seed = UINT64_C(1469598103934665603);
  for (size_t i = 0; i < size; ++i) {
    seed = (seed ^ data[i]) * UINT64_C(1099511628211);
  }
  seed |= 1;

  LdxiBuf want;
  LdxiBuf got;
  ldxi_buf_init(&want, NULL, 0);
  ldxi_buf_init(&got, NULL, 0);
  for (int limit = 0; limit < 2; ++limit) {
    // A row limit that rows of the input may pass.
    options.max_row = limit ? 1 + (size_t)(seed % 48) : 0;
    ldxi_buf_clear(&want);
    Reader whole  = { data, size, 0, (size_t)1 << 20, seed };
    options.chunk = 0;
    run_reader(world, &options, &whole, true, &want);
    for (int round = 0; round < 3; ++round) {
      Reader r = { data, size, 0, round == 2 ? 1 : 0, seed + (uint64_t)round };
      options.chunk = round == 2 ? 1 : 1 + (size_t)(next_rand(&r.rng) % 64);
      ldxi_buf_clear(&got);
      run_reader(world, &options, &r, true, &got);
      if (strcmp(ldxi_buf_cstr(&got), ldxi_buf_cstr(&want))) {
        fail("read sizes change the result",
             ldxi_buf_cstr(&got),
             ldxi_buf_cstr(&want));
      }
    }
    // The oracle, on rows and error places (not messages).
    ldxi_buf_clear(&want);
    whole.pos     = 0;
    options.chunk = 0;
    run_reader(world, &options, &whole, false, &want);
    ldxi_buf_clear(&got);
    Oracle q;
    memset(&q, 0, sizeof(q));
    q.s   = data;
    q.n   = size;
    q.o   = options;
    q.out = &got;
    oracle_run(&q);
    if (strcmp(ldxi_buf_cstr(&got), ldxi_buf_cstr(&want))) {
      fail("the reader and the oracle disagree",
           ldxi_buf_cstr(&want),
           ldxi_buf_cstr(&got));
    }
  }
  ldxi_buf_free(&want);
  ldxi_buf_free(&got);
  return 0;
}
