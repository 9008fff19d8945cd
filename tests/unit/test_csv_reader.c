// SPDX-License-Identifier: MIT
// Unit tests of the CSV reader (src/csv/csv_reader.c): RFC 4180 corner
// cases, the dialect options, every error with its line, column and byte,
// identical results whatever the read and buffer sizes, read errors, and
// every allocation failure.
#undef NDEBUG

#include "core/buf.h"
#include "csv/csv_reader.h"
#include "failing_alloc.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char* data;
  size_t      len;
  size_t      pos;
  size_t      step; // bytes per read at most
  LdxStatus   fail; // returned once the data is exhausted, if set
} Source;

static LdxStatus
read_source(void* handle, char* buf, size_t size, size_t* got)
{
  Source* s = (Source*)handle;
  size_t  n = s->len - s->pos;
  if (!n && s->fail) {
    return s->fail;
  }
  n = n < size ? n : size;
  n = n < s->step ? n : s->step;
  memcpy(buf, s->data + s->pos, n);
  s->pos += n;
  *got = n;
  return LDX_SUCCESS;
}

static const char* const kinds[] = {
  "none", "unterminated", "quote",    "after-quote",
  "more", "fewer",        "encoding", "limit",
};

static void
put_field(LdxiBuf* out, const LdxiCsvField* f)
{
  assert(f->str[f->len] == '\0'); // NUL-terminated in place
  for (size_t i = 0; i < f->len; ++i) {
    const char c = f->str[i];
    if (c == '\n') {
      ldxi_buf_puts(out, "\\n");
    } else if (c == '\r') {
      ldxi_buf_puts(out, "\\r");
    } else {
      ldxi_buf_putc(out, c);
    }
  }
}

// Read everything: "R<number>@<line>:<byte>|field|field\n" per row, then
// "END" or "!<kind> <line>:<column>@<byte> row <row>"; with `messages`,
// the error message follows.
static LdxStatus
transcript(LdxWorld*             world,
           const LdxiCsvOptions* options,
           const char*           text,
           size_t                len,
           size_t                step,
           bool                  messages,
           LdxiBuf*              out)
{
  Source         src    = { text, len, 0, step, LDX_SUCCESS };
  LdxiCsvReader* reader = NULL;
  LdxStatus      st = ldxi_csv_new(world, options, read_source, &src, &reader);
  if (st) {
    return st;
  }
  const LdxiCsvRow* row = NULL;
  while (!(st = ldxi_csv_next(reader, &row))) {
    assert(row && row->n);
    ldxi_buf_printf(out, "R%zu@%zu:%zu", row->number, row->line, row->byte);
    for (size_t i = 0; i < row->n; ++i) {
      ldxi_buf_putc(out, '|');
      put_field(out, &row->fields[i]);
    }
    ldxi_buf_putc(out, '\n');
  }
  assert(!row);
  if (st == LDX_FAILURE) {
    ldxi_buf_puts(out, "END");
    assert(ldxi_csv_error(reader)->kind == LDXI_CSV_ERR_NONE);
    st = LDX_SUCCESS;
  } else if (st == LDX_BAD_SYNTAX || st == LDX_BAD_LIMIT) {
    const LdxiCsvError* e = ldxi_csv_error(reader);
    assert(e->kind != LDXI_CSV_ERR_NONE && e->message[0]);
    assert((st == LDX_BAD_LIMIT) == (e->kind == LDXI_CSV_ERR_LIMIT));
    assert(e->byte <= len);
    ldxi_buf_printf(out,
                    "!%s %zu:%zu@%zu row %zu",
                    kinds[e->kind],
                    e->line,
                    e->column,
                    e->byte,
                    e->row);
    if (messages) {
      ldxi_buf_printf(out, ": %s", e->message);
    }
    // Errors are sticky.
    assert(ldxi_csv_next(reader, &row) == st && !row);
    st = LDX_SUCCESS;
  }
  ldxi_csv_free(reader);
  return st;
}

static LdxiCsvOptions
dialect(void)
{
  const LdxiCsvOptions o = { ',', '"', false, NULL, 0, 0, 0, true };
  return o;
}

static const size_t steps[]  = { 1, 2, 3, 7, 1u << 20 };
static const size_t chunks[] = { 1, 2, 5, 64, 0 };

// Read `text` with every read size and buffer size: the rows and the error
// are the same, and `want` (without messages).
static void
check_len(const LdxiCsvOptions* options,
          const char*           text,
          size_t                len,
          const char*           want)
{
  LdxiBuf first;
  LdxiBuf got;
  LdxiBuf full;
  ldxi_buf_init(&first, NULL, 0);
  ldxi_buf_init(&got, NULL, 0);
  ldxi_buf_init(&full, NULL, 0);
  for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); ++s) {
    for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); ++c) {
      LdxiCsvOptions o = *options;
      o.chunk          = chunks[c];
      ldxi_buf_clear(&got);
      ldxi_buf_clear(&full);
      assert(!transcript(NULL, &o, text, len, steps[s], false, &got));
      assert(!transcript(NULL, &o, text, len, steps[s], true, &full));
      if (want && strcmp(ldxi_buf_cstr(&got), want)) {
        fprintf(stderr,
                "step %zu chunk %zu\ngot:\n%s\nwant:\n%s\n",
                steps[s],
                chunks[c],
                ldxi_buf_cstr(&got),
                want);
        assert(false);
      }
      if (!first.len) {
        ldxi_buf_append(&first, full.data, full.len);
      } else if (strcmp(ldxi_buf_cstr(&first), ldxi_buf_cstr(&full))) {
        fprintf(stderr,
                "step %zu chunk %zu\ngot:\n%s\nfirst:\n%s\n",
                steps[s],
                chunks[c],
                ldxi_buf_cstr(&full),
                ldxi_buf_cstr(&first));
        assert(false);
      }
    }
  }
  ldxi_buf_free(&first);
  ldxi_buf_free(&got);
  ldxi_buf_free(&full);
}

static void
check(const LdxiCsvOptions* options, const char* text, const char* want)
{
  check_len(options, text, strlen(text), want);
}

// The error message of reading `text` with the default dialect.
static void
check_message(const char* text, const char* part)
{
  LdxiCsvOptions o = dialect();
  LdxiBuf        out;
  ldxi_buf_init(&out, NULL, 0);
  assert(!transcript(NULL, &o, text, strlen(text), 1000, true, &out));
  if (!strstr(ldxi_buf_cstr(&out), part)) {
    fprintf(stderr, "%s\nlacks: %s\n", ldxi_buf_cstr(&out), part);
    assert(false);
  }
  ldxi_buf_free(&out);
}

static void
test_rfc4180(void)
{
  LdxiCsvOptions o = dialect();
  // Rows, with or without a line end at the end.
  check(&o, "a,b,c\n1,2,3\n", "R1@1:0|a|b|c\nR2@2:6|1|2|3\nEND");
  check(&o, "a,b,c\n1,2,3", "R1@1:0|a|b|c\nR2@2:6|1|2|3\nEND");
  check(&o, "", "END");
  check(&o, "x", "R1@1:0|x\nEND");
  // CRLF, LF and CR line ends, mixed.
  check(&o,
        "a,b\r\n1,2\n3,4\r5,6\r\n",
        "R1@1:0|a|b\nR2@2:5|1|2\nR3@3:9|3|4\nR4@4:13|5|6\nEND");
  // Quoted fields: delimiters, line ends (CRLF counts as one line) and
  // doubled quotes inside; an empty quoted field.
  check(&o,
        "a,b,c\n\"x,y\",\"l1\r\nl2\nl3\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\",z\n",
        "R1@1:0|a|b|c\nR2@2:6|x,y|l1\\r\\nl2\\nl3|say \"hi\"\nR3@5:37||\"|z\n"
        "END");
  // Empty fields.
  check(&o, "a,b,c\n,,\n1,,\n", "R1@1:0|a|b|c\nR2@2:6|||\nR3@3:9|1||\nEND");
  // Empty lines are not rows; the header may be quoted.
  check(&o,
        "\"id\",\"name\"\n\n1,x\r\n\r\n\n2,y\n\n",
        "R1@1:0|id|name\nR2@3:13|1|x\nR3@6:21|2|y\nEND");
  // A UTF-8 BOM is dropped; other UTF-8 is kept; columns count code
  // points in errors (below).
  check(&o,
        "\xEF\xBB\xBFid,n\xC3\xA9\n1,\xE2\x82\xAC\xF0\x9F\x98\x80\n",
        "R1@1:3|id|n\xC3\xA9\nR2@2:10|1|\xE2\x82\xAC\xF0\x9F\x98\x80\nEND");
  // Quotes are only special at the start of a field... and not at all
  // without quoting.
  LdxiCsvOptions noquote = o;
  noquote.quote          = 0;
  check(&noquote, "a,b\n\"x\",y\"z\n", "R1@1:0|a|b\nR2@2:4|\"x\"|y\"z\nEND");
  // Another delimiter and quote.
  LdxiCsvOptions semi = o;
  semi.delimiter      = ';';
  semi.quote          = '\'';
  check(&semi, "a;b\n'x;y';'it''s'\n", "R1@1:0|a|b\nR2@2:4|x;y|it's\nEND");
  LdxiCsvOptions tsv = o;
  tsv.delimiter      = '\t';
  check(&tsv, "a\tb\n1 \t 2\n", "R1@1:0|a|b\nR2@2:4|1 | 2\nEND");
}

static void
test_dialect(void)
{
  // Trimming: spaces and tabs around fields, outside quotes; not a
  // delimiter that is a tab.
  LdxiCsvOptions trim = dialect();
  trim.trim           = true;
  check(&trim,
        "  a , b\t,c\n 1 ,\t\"  x \" ,  \n",
        "R1@1:0|a|b|c\nR2@2:11|1|  x |\nEND");
  LdxiCsvOptions trim_tsv = trim;
  trim_tsv.delimiter      = '\t';
  check(&trim_tsv, " a \t b \n\t\n", "R1@1:0|a|b\nR2@2:8||\nEND");
  // Comment lines, at the start of a row only; a longer prefix.
  LdxiCsvOptions comment = dialect();
  comment.comment        = "#";
  check(&comment, "#c,\"\nid\n# x\n\"#1\"\n#", "R1@2:5|id\nR2@4:12|#1\nEND");
  comment.comment = "//";
  check(&comment, "/\n//x\n/a\n", "R1@1:0|/\nR2@3:6|/a\nEND");
  // Skipped rows are lines as they are (a lone quote is fine).
  LdxiCsvOptions skip = dialect();
  skip.skip_rows      = 2;
  check(&skip, "junk \"q\r\nmore\nid\n1\n", "R1@3:14|id\nR2@4:17|1\nEND");
  check(&skip, "only one line", "END");
}

static void
test_errors(void)
{
  LdxiCsvOptions o = dialect();
  // An unterminated quoted field is reported at its opening quote.
  check(&o, "a,b\n1,\"xx\nyy", "R1@1:0|a|b\n!unterminated 2:3@6 row 2");
  check(&o, "\"", "!unterminated 1:1@0 row 1");
  // A quote in an unquoted field.
  check(&o, "a,b\n1,x\"y\n", "R1@1:0|a|b\n!quote 2:4@7 row 2");
  check(&o, "a, \"b\"\n", "!quote 1:4@3 row 1");
  // Garbage after a closing quote, also after a multi-line field and
  // after characters of several bytes.
  check(&o, "a,b\n1,\"x\"y\n", "R1@1:0|a|b\n!after-quote 2:6@9 row 2");
  check(&o, "a,b\n\"1\n2\"x,3", "R1@1:0|a|b\n!after-quote 3:3@9 row 2");
  check(&o, "\xC3\xA9,\"\xC3\xA9\"\xC3\xA9", "!after-quote 1:6@7 row 1");
  check(&o,
        "\"\"\"\"\"\xC3\xA9\"x",
        "!after-quote 1:8@8 row 1"); // columns right after undoubling
  // Rows with more or fewer fields than the header.
  check(&o, "a,b\n1,2,3\n", "R1@1:0|a|b\n!more 2:4@7 row 2");
  check(&o, "a,b\n\"1\",\"2\",3\n", "R1@1:0|a|b\n!more 2:8@11 row 2");
  check(&o, "a,b,c\n1,2\n", "R1@1:0|a|b|c\n!fewer 2:4@9 row 2");
  check(&o, "a,b,c\n1,2", "R1@1:0|a|b|c\n!fewer 2:4@9 row 2");
  check(&o,
        "id,name,age\n6,Phoebe Buffay 37\n",
        "R1@1:0|id|name|age\n!fewer 2:19@30 row 2");
  // Invalid UTF-8 and NUL bytes.
  check(&o, "a\n\xC3(\n", "R1@1:0|a\n!encoding 2:1@2 row 2");
  check(&o, "\xC0\xAF", "!encoding 1:1@0 row 1");         // overlong
  check(&o, "\"\xED\xA0\x80\"", "!encoding 1:2@1 row 1"); // surrogate
  check(&o, "\xF4\x90\x80\x80", "!encoding 1:1@0 row 1"); // > U+10FFFF
  check(&o, "\xE2\x82", "!encoding 1:1@0 row 1");         // truncated
  check(&o, "\xFF", "!encoding 1:1@0 row 1");
  check_len(&o, "a\n1\0\n", 5, "R1@1:0|a\n!encoding 2:2@3 row 2");
  check_len(&o, "\"\0\"", 3, "!encoding 1:2@1 row 1");
  // A row longer than the limit, wherever its bytes are and whatever
  // comes later in it.
  LdxiCsvOptions lim = dialect();
  lim.max_row        = 8;
  check(&lim, "a\n12345678\n", "R1@1:0|a\nR2@2:2|12345678\nEND");
  check(&lim, "a\n123456789\n", "R1@1:0|a\n!limit 2:1@2 row 2");
  check(&lim, "a\n123456789\"\n", "R1@1:0|a\n!limit 2:1@2 row 2");
  check(&lim, "a\n\"12345678\n", "R1@1:0|a\n!limit 2:1@2 row 2");
  check(&lim, "a\n1234\"5\n", "R1@1:0|a\n!quote 2:5@6 row 2");
  // Messages say what is wrong and how to fix it.
  check_message("a,b\n1,x\"y\n", "quote inside an unquoted field");
  check_message("a,b\n1,\"x\"y\n",
                "'y' after the closing quote of a field (expected ','");
  check_message("a,b\n1,\"xx", "unterminated quoted field: no closing \"");
  check_message("a,b\n1,2,3\n", "more fields than the header (2)");
  check_message("a,b,c\n1\n", "1 field where the header has 3");
  check_message("a\n\xC3(\n", "invalid UTF-8 (byte 0xC3)");
}

static void
test_arguments(void)
{
  LdxiCsvReader* r = NULL;
  LdxiCsvOptions o = dialect();
  o.quote          = ',';
  assert(ldxi_csv_new(NULL, &o, read_source, NULL, &r) == LDX_BAD_ARG && !r);
  o           = dialect();
  o.delimiter = '\n';
  assert(ldxi_csv_new(NULL, &o, read_source, NULL, &r) == LDX_BAD_ARG);
  o.delimiter = 0;
  assert(ldxi_csv_new(NULL, &o, read_source, NULL, &r) == LDX_BAD_ARG);
  o.delimiter = (char)0xC3;
  assert(ldxi_csv_new(NULL, &o, read_source, NULL, &r) == LDX_BAD_ARG);
  // NULL options: the RFC 4180 dialect.
  Source src = { "a;b,c", 5, 0, 100, LDX_SUCCESS };
  assert(!ldxi_csv_new(NULL, NULL, read_source, &src, &r));
  const LdxiCsvRow* row = NULL;
  assert(!ldxi_csv_next(r, &row) && row->n == 2);
  assert(ldxi_csv_next(r, &row) == LDX_FAILURE && !row);
  assert(ldxi_csv_next(r, &row) == LDX_FAILURE);
  ldxi_csv_free(r);
  ldxi_csv_free(NULL);
}

static void
test_read_error(void)
{
  // A read error stops the reader with its status, after the rows read.
  Source         src = { "a\n1\n2", 5, 0, 2, LDX_BAD_READ };
  LdxiCsvReader* r   = NULL;
  LdxiCsvOptions o   = dialect();
  o.chunk            = 4;
  assert(!ldxi_csv_new(NULL, &o, read_source, &src, &r));
  const LdxiCsvRow* row = NULL;
  assert(!ldxi_csv_next(r, &row) && !strcmp(row->fields[0].str, "a"));
  assert(!ldxi_csv_next(r, &row) && !strcmp(row->fields[0].str, "1"));
  assert(ldxi_csv_next(r, &row) == LDX_BAD_READ && !row);
  assert(ldxi_csv_next(r, &row) == LDX_BAD_READ);
  assert(ldxi_csv_error(r)->kind == LDXI_CSV_ERR_NONE);
  ldxi_csv_free(r);
}

// A larger file of all kinds of fields, read in every way, gives the same
// rows.
static void
test_large(void)
{
  LdxiBuf text;
  ldxi_buf_init(&text, NULL, 0);
  ldxi_buf_puts(&text, "id,text,quoted,empty\r\n");
  unsigned seed = 12345;
  for (int i = 0; i < 3000; ++i) {
    seed = seed * 1103515245u + 12345u;
    ldxi_buf_printf(&text, "%d,v%u,", i, seed % 1000);
    switch ((seed >> 16) % 5) {
      case 0:
        ldxi_buf_puts(&text, "\"a \"\"b\"\"\nc\"");
        break;
      case 1:
        ldxi_buf_puts(&text, "\"\xC3\xA9,\r\n\"");
        break;
      case 2:
        ldxi_buf_puts(&text, "plain \xE2\x82\xAC");
        break;
      case 3:
        ldxi_buf_puts(&text, "\"\"");
        break;
      default:
        break;
    }
    ldxi_buf_puts(&text, (seed >> 20) % 2 ? ",\n" : ",\r\n");
    if (!((seed >> 8) % 7)) {
      ldxi_buf_puts(&text, "\n"); // an empty line
    }
  }
  LdxiCsvOptions o = dialect();
  check_len(&o, text.data, text.len, NULL);
  // The same with an error at the very end.
  ldxi_buf_puts(&text, "1,2,3,4,5");
  check_len(&o, text.data, text.len, NULL);
  ldxi_buf_free(&text);
}

// Every allocation failure ends with LDX_BAD_ALLOC and no leak.
static void
test_alloc(void)
{
  static const char text[] =
    "id,name\n1,\"a\nb\"\n2,\"c\"\"d\"\n3,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
  FailingAlloc       fa = { 0, 0, 0 };
  const LdxAllocator a  = failing_alloc(&fa);
  LdxWorld*          w  = ldx_world_new(&a);
  assert(w);
  LdxiCsvOptions o = dialect();
  o.chunk          = 4; // the buffer grows for the long row
  LdxiBuf want;
  ldxi_buf_init(&want, NULL, 0);
  failing_alloc_reset(&fa, 0);
  assert(!transcript(w, &o, text, sizeof(text) - 1, 3, true, &want));
  const size_t count = fa.count;
  assert(count >= 4 && fa.live == 0);
  for (size_t i = 1; i <= count; ++i) {
    LdxiBuf got;
    ldxi_buf_init(&got, NULL, 0);
    failing_alloc_reset(&fa, i);
    const LdxStatus st =
      transcript(w, &o, text, sizeof(text) - 1, 3, true, &got);
    // ldxi_csv_new() fails, or reading stops at a row.
    assert(st == LDX_BAD_ALLOC);
    assert(fa.live == 0);
    ldxi_buf_free(&got);
  }
  ldxi_buf_free(&want);
  failing_alloc_reset(&fa, 0);
  ldx_world_free(w);
}

int
main(void)
{
  test_rfc4180();
  test_dialect();
  test_errors();
  test_arguments();
  test_read_error();
  test_large();
  test_alloc();
  printf("csv reader: ok\n");
  return 0;
}
