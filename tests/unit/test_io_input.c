// SPDX-License-Identifier: MIT
// Reading data files through src/io: the RML-IO conformance inputs,
// plain and BOM-prefixed UTF-8, UTF-16 (BOMs, declarations, surrogates,
// errors), gzip (members, padding, truncation, corruption), zip, tar.gz,
// tar.xz and xz (one file, directories, two files, none), the size cap,
// pipes, chunked reads, and allocation failures.
#undef NDEBUG

#include "io_support.h"

#include "core/alloc.h"
#include "io/decompress.h"
#include "io/input.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static Diags     diags;
static LdxWorld* world;

// Read `path` whole, in reads of `chunk` bytes (0: ldxi_input_read_all).
static LdxStatus
read_with(const char*     path,
          LdxiCompression compression,
          LdxiEncoding    encoding,
          size_t          chunk,
          char**          data,
          size_t*         len)
{
  LdxiInput* in = NULL;
  *data         = NULL;
  *len          = 0;
  LdxStatus st =
    ldxi_input_open(world, path, "DISPLAY", compression, encoding, &in);
  if (st) {
    assert(!in);
    return st;
  }
  if (!chunk) {
    st = ldxi_input_read_all(in, data, len);
    assert(st || (*data && (*data)[*len] == '\0'));
  } else {
    size_t cap = 1024;
    char*  out = (char*)ldxi_malloc(world, cap + 1);
    char*  buf = (char*)malloc(chunk);
    assert(out && buf);
    for (;;) {
      size_t got = 0;
      st         = ldxi_input_read(in, buf, chunk, &got);
      assert(got <= chunk);
      if (st || !got) {
        break;
      }
      if (*len + got > cap) {
        cap = (*len + got) * 2;
        out = (char*)ldxi_realloc(world, out, cap + 1);
        assert(out);
      }
      memcpy(out + *len, buf, got);
      *len += got;
    }
    free(buf);
    if (st) {
      // A failed read keeps failing, without a second report.
      const int errors = diags.errors;
      size_t    got    = 1;
      char      c;
      assert(ldxi_input_read(in, &c, 1, &got) == st && !got);
      assert(diags.errors == errors);
      ldxi_free(world, out);
    } else {
      out[*len] = '\0';
      *data     = out;
    }
  }
  ldxi_input_close(in);
  return st;
}

// Read `path` in several ways; each must give `want`.
static void
expect_text(const char*     path,
            LdxiCompression compression,
            LdxiEncoding    encoding,
            const char*     want,
            size_t          want_len)
{
  static const size_t chunks[] = { 0, 1, 2, 3, 4, 5, 7, 64, 4096, 100000 };
  for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); ++i) {
    if (chunks[i] && chunks[i] < 64 && want_len > 200000) {
      continue; // slow and no news
    }
    char*           data = NULL;
    size_t          len  = 0;
    const LdxStatus st =
      read_with(path, compression, encoding, chunks[i], &data, &len);
    if (st || len != want_len || memcmp(data, want, len)) {
      fprintf(stderr,
              "%s (compression %d, encoding %d, chunk %zu): status %d, "
              "%zu bytes, want %zu: %s\n",
              path,
              (int)compression,
              (int)encoding,
              chunks[i],
              (int)st,
              len,
              want_len,
              diags.last_error);
      assert(!"unexpected content");
    }
    ldxi_free(world, data);
  }
}

// Reading fails with `want`, reported once, naming the file and saying
// `what`.
static void
expect_error(const char*     path,
             LdxiCompression compression,
             LdxiEncoding    encoding,
             LdxStatus       want,
             const char*     what)
{
  for (size_t chunk = 0; chunk <= 4096; chunk = chunk ? chunk * 64 : 1) {
    const int       errors = diags.errors;
    char*           data   = NULL;
    size_t          len    = 0;
    const LdxStatus st =
      read_with(path, compression, encoding, chunk, &data, &len);
    if (st != want || diags.errors != errors + 1 ||
        !io_contains(diags.last_error, "'DISPLAY'") ||
        (what && !io_contains(diags.last_error, what))) {
      fprintf(stderr,
              "%s (chunk %zu): status %d (want %d), %d errors: %s\n",
              path,
              chunk,
              (int)st,
              (int)want,
              diags.errors - errors,
              diags.last_error);
      assert(!"unexpected error");
    }
    assert(!data);
  }
}

// Reading fails cleanly or succeeds: no crash, no hang, no leak.
static LdxStatus
read_any(const char* path, LdxiCompression compression, LdxiEncoding encoding)
{
  char*           data = NULL;
  size_t          len  = 0;
  const LdxStatus st   = read_with(path, compression, encoding, 0, &data, &len);
  assert(st == LDX_SUCCESS || st == LDX_BAD_READ || st == LDX_BAD_SYNTAX ||
         st == LDX_BAD_LIMIT);
  ldxi_free(world, data);
  return st;
}

// ---------------------------------------------------------------------------

static void
test_conformance(void)
{
  const char* dir = getenv("LDX_CONFORMANCE_DIR");
  char        base[1024];
  snprintf(base,
           sizeof(base),
           "%s/rml/io",
           dir && *dir ? dir : "/work/shared/conformance");
  char plain[1200];
  snprintf(plain, sizeof(plain), "%s/RMLSTC0002a/Friends.json", base);
  size_t len  = 0;
  char*  want = io_read_file(plain, &len);
  if (!want) {
    fprintf(stderr,
            "note: no RML-IO suite in %s, conformance inputs skipped\n",
            base);
    return;
  }
  static const struct {
    const char*     file;
    LdxiCompression compression;
    LdxiEncoding    encoding;
  } cases[] = {
    { "RMLSTC0002a/Friends.json", LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8 },
    { "RMLSTC0002b/Friends.json.gz",
      LDXI_COMPRESSION_GZIP,
      LDXI_ENCODING_UTF8 },
    { "RMLSTC0002c/Friends.json.zip",
      LDXI_COMPRESSION_ZIP,
      LDXI_ENCODING_UTF8 },
    { "RMLSTC0002d/Friends.json.tar.xz",
      LDXI_COMPRESSION_TARXZ,
      LDXI_ENCODING_UTF8 },
    { "RMLSTC0002e/Friends.json.tar.gz",
      LDXI_COMPRESSION_TARGZ,
      LDXI_ENCODING_UTF8 },
    { "RMLSTC0001b/Friends-UTF16.json",
      LDXI_COMPRESSION_NONE,
      LDXI_ENCODING_UTF16 },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", base, cases[i].file);
    // As the mapping says, and auto-detected.
    expect_text(path, cases[i].compression, cases[i].encoding, want, len);
    expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, want, len);
  }
  free(want);
}

static void
test_plain(void)
{
  char path[512];
  io_path(path, sizeof(path), "plain.json");
  const char text[] = "{\"a\": \"é 中 😀\"}\n";
  io_write_file(path, text, strlen(text));
  expect_text(
    path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, strlen(text));

  // A UTF-8 BOM is dropped, even when the mapping says UTF-16.
  char bom[64];
  snprintf(bom, sizeof(bom), "\xEF\xBB\xBF%s", text);
  io_write_file(path, bom, strlen(bom));
  expect_text(
    path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, strlen(text));
  expect_text(
    path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF16, text, strlen(text));

  // Empty, one and two bytes (shorter than any magic or BOM).
  static const char* const tiny[] = { "",     "x",        "\xEF", "\xEF\xBB",
                                      "\x1F", "\x1F\x8A", "PK" };
  for (size_t i = 0; i < sizeof(tiny) / sizeof(tiny[0]); ++i) {
    io_write_file(path, tiny[i], strlen(tiny[i]));
    expect_text(path,
                LDXI_COMPRESSION_NONE,
                LDXI_ENCODING_UTF8,
                tiny[i],
                strlen(tiny[i]));
  }
  io_write_file(path, "\xEF\xBB\xBF", 3);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, "", 0);

  // Larger than the internal buffers.
  size_t len = 0;
  char*  big = io_make_text(300000, 1, &len);
  io_write_file(path, big, len);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, big, len);
  free(big);
  assert(!unlink(path));

  // Missing file, directory.
  io_path(path, sizeof(path), "missing.json");
  expect_error(path,
               LDXI_COMPRESSION_NONE,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               strerror(ENOENT));
  expect_error(io_dir,
               LDXI_COMPRESSION_NONE,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               strerror(EISDIR));
  assert(diags.errors > 0 && io_contains(diags.last_error, "DISPLAY"));

  // Bad arguments.
  LdxiInput* in = NULL;
  assert(ldxi_input_open(
           world, path, NULL, LDXI_COMPRESSION_NONE, (LdxiEncoding)7, &in) ==
           LDX_BAD_ARG &&
         !in);
  io_path(path, sizeof(path), "x.json");
  io_write_file(path, "x", 1);
  assert(ldxi_input_open(
           world, path, NULL, (LdxiCompression)9, LDXI_ENCODING_UTF8, &in) ==
           LDX_BAD_ARG &&
         !in);
  // The path names the file when there is no display name.
  assert(io_contains(diags.last_error, path));
  assert(!unlink(path));
}

static void
test_utf16(void)
{
  char path[512];
  io_path(path, sizeof(path), "utf16.json");
  size_t len  = 0;
  char*  text = io_make_text(200000, 2, &len); // several decoder buffers
  for (int big = 0; big < 2; ++big) {
    for (int bom = 0; bom < 2; ++bom) {
      size_t         n    = 0;
      unsigned char* data = io_utf16(text, len, big, bom, &n);
      io_write_file(path, data, n);
      if (bom) { // the BOM decides, whatever the mapping says
        expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, len);
        expect_text(
          path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF16, text, len);
      } else if (!big) { // little-endian by default
        expect_text(
          path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF16, text, len);
      }
      // Compressed UTF-16.
      if (bom) {
        char   gz[512];
        size_t gn = 0;
        io_path(gz, sizeof(gz), "utf16.json.gz");
        unsigned char* packed = io_gzip(data, n, &gn);
        io_write_file(gz, packed, gn);
        expect_text(gz, LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF16, text, len);
        expect_text(gz, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, len);
        free(packed);
        assert(!unlink(gz));
      }
      free(data);
    }
  }
  free(text);

  // Small texts: every character size, a BOM only, nothing.
  const char     small[] = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z";
  size_t         n       = 0;
  unsigned char* data    = io_utf16(small, strlen(small), false, true, &n);
  io_write_file(path, data, n);
  expect_text(
    path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, small, strlen(small));
  free(data);
  io_write_file(path, "\xFF\xFE", 2);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF16, "", 0);
  io_write_file(path, "", 0);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF16, "", 0);

  // Errors, with the byte offset of the bad unit (BOM included).
  static const struct {
    const char* bytes;
    size_t      len;
    const char* what;
  } bad[] = {
    { "\xFF\xFE"
      "a\0\x00\xD8"
      "b\0",
      8,
      "at byte 4 (an unpaired surrogate)" },
    { "\xFF\xFE"
      "a\0b\0\x00\xDC",
      8,
      "at byte 6 (an unpaired surrogate)" },
    { "\xFE\xFF\0a\xDC\x00", 6, "at byte 4 (an unpaired surrogate)" },
    { "a\0\x00\xD8", 4, "at byte 2 (the data ends inside a character)" },
    { "\xFF\xFE"
      "a\0b",
      5,
      "at byte 4 (the data ends inside a character)" },
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    io_write_file(path, bad[i].bytes, bad[i].len);
    expect_error(path,
                 LDXI_COMPRESSION_NONE,
                 LDXI_ENCODING_UTF16,
                 LDX_BAD_SYNTAX,
                 bad[i].what);
  }
  // An unpaired surrogate far in: the offset counts from the file start.
  const size_t   units = 100000;
  unsigned char* far   = (unsigned char*)calloc(units, 2);
  assert(far);
  far[0] = 0xFF;
  far[1] = 0xFE;
  for (size_t i = 1; i < units; ++i) {
    far[2 * i] = 'a';
  }
  far[2 * 77777 + 1] = 0xDC;
  io_write_file(path, far, units * 2);
  expect_error(path,
               LDXI_COMPRESSION_NONE,
               LDXI_ENCODING_UTF16,
               LDX_BAD_SYNTAX,
               "at byte 155554 ");
  free(far);
  assert(!unlink(path));
}

static void
test_gzip(void)
{
  char path[512];
  io_path(path, sizeof(path), "data.json.gz");
  size_t         len  = 0;
  char*          text = io_make_text(150000, 3, &len);
  size_t         n    = 0;
  unsigned char* gz   = io_gzip(text, len, &n);
  io_write_file(path, gz, n);
  expect_text(path, LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF8, text, len);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, len);

  // Concatenated members, then NUL padding.
  size_t         n2  = 0;
  unsigned char* gz2 = io_gzip("tail\n", 5, &n2);
  unsigned char* cat = (unsigned char*)malloc(n + n2 + 100);
  assert(cat);
  memcpy(cat, gz, n);
  memcpy(cat + n, gz2, n2);
  char* both = (char*)malloc(len + 6);
  assert(both);
  memcpy(both, text, len);
  memcpy(both + len, "tail\n", 6);
  io_write_file(path, cat, n + n2);
  expect_text(path, LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF8, both, len + 5);
  memset(cat + n + n2, 0, 100);
  io_write_file(path, cat, n + n2 + 100);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, both, len + 5);
  cat[n + n2 + 50] = 'x';
  io_write_file(path, cat, n + n2 + 100);
  expect_error(path,
               LDXI_COMPRESSION_GZIP,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               "unexpected data after the gzip data");
  free(both);
  free(cat);
  free(gz2);

  // The mapping says gzip, the file is not.
  io_write_file(path, "{}", 2);
  expect_error(path,
               LDXI_COMPRESSION_GZIP,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               "the mapping says rml:gzip, but the file is not "
               "gzip-compressed");
  expect_error(path,
               LDXI_COMPRESSION_TARGZ,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               "rml:targz");
  expect_error(path,
               LDXI_COMPRESSION_ZIP,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               "not a zip archive");
  expect_error(path,
               LDXI_COMPRESSION_TARXZ,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               "not xz-compressed");

  // gzip that is not a tar, read as tar.gz.
  io_write_file(path, gz, n);
  expect_error(
    path, LDXI_COMPRESSION_TARGZ, LDXI_ENCODING_UTF8, LDX_BAD_READ, NULL);

  // Every truncation of a small file fails cleanly.
  size_t         sn      = 0;
  const char     small[] = "[{\"id\": 1, \"name\": \"Monica\"}]\n";
  unsigned char* sgz     = io_gzip(small, strlen(small), &sn);
  for (size_t cut = 0; cut < sn; ++cut) {
    io_write_file(path, sgz, cut);
    const LdxStatus st =
      read_any(path, LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF8);
    assert(st == LDX_BAD_READ);
    if (cut >= 2) { // recognised by its magic bytes
      assert(read_any(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8) ==
             LDX_BAD_READ);
    }
  }
  io_write_file(path, sgz, sn - 3);
  expect_error(path,
               LDXI_COMPRESSION_GZIP,
               LDXI_ENCODING_UTF8,
               LDX_BAD_READ,
               "truncated gzip data");
  // Every corruption of one byte: an error or (header bytes) the text.
  for (size_t at = 0; at < sn; ++at) {
    for (unsigned flip = 1; flip < 256; flip <<= 3) {
      sgz[at] ^= (unsigned char)flip;
      io_write_file(path, sgz, sn);
      char*           data = NULL;
      size_t          dlen = 0;
      const LdxStatus st   = read_with(
        path, LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF8, 0, &data, &dlen);
      assert(st == LDX_BAD_READ ||
             (!st && dlen == strlen(small) && !memcmp(data, small, dlen)));
      ldxi_free(world, data);
      sgz[at] ^= (unsigned char)flip;
    }
  }
  free(sgz);
  free(gz);
  free(text);
  assert(!unlink(path));
}

static void
test_archives(void)
{
  static const struct {
    IoArchiveKind   kind;
    const char*     name;
    LdxiCompression compression;
  } kinds[] = {
    { IO_AR_ZIP, "a.zip", LDXI_COMPRESSION_ZIP },
    { IO_AR_TARGZ, "a.tar.gz", LDXI_COMPRESSION_TARGZ },
    { IO_AR_TARXZ, "a.tar.xz", LDXI_COMPRESSION_TARXZ },
  };
  size_t len  = 0;
  char*  text = io_make_text(200000, 4, &len);
  for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); ++k) {
    char path[512];
    io_path(path, sizeof(path), kinds[k].name);
    const LdxiCompression c = kinds[k].compression;

    // One file, alone or after directories.
    const IoEntry one[] = { { "data.json", text, 0 } };
    io_make_archive(path, kinds[k].kind, one, 1);
    expect_text(path, c, LDXI_ENCODING_UTF8, text, len);
    expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, len);
    if (c == LDXI_COMPRESSION_TARGZ) { // a tar in a gzip is a tar.gz
      expect_text(path, LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF8, text, len);
    }
    const IoEntry dirs[] = { { "d/", NULL, 0 },
                             { "d/e/", NULL, 0 },
                             { "d/e/data.json", "[1]", 0 },
                             { "d/f/", NULL, 0 } };
    io_make_archive(path, kinds[k].kind, dirs, 4);
    expect_text(path, c, LDXI_ENCODING_UTF8, "[1]", 3);
    expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, "[1]", 3);

    // An empty file inside.
    const IoEntry empty[] = { { "empty.json", "", 0 } };
    io_make_archive(path, kinds[k].kind, empty, 1);
    expect_text(path, c, LDXI_ENCODING_UTF8, "", 0);

    // UTF-16 inside.
    const char     wtext[] = "[\"é😀\"]";
    size_t         un      = 0;
    unsigned char* u16     = io_utf16(wtext, strlen(wtext), false, true, &un);
    const IoEntry  wide[]  = { { "w.json", (const char*)u16, un } };
    io_make_archive(path, kinds[k].kind, wide, 1);
    expect_text(path, c, LDXI_ENCODING_UTF16, wtext, strlen(wtext));
    expect_text(
      path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, wtext, strlen(wtext));
    free(u16);

    // Two files, no file.
    const IoEntry two[] = { { "a.json", "[1]", 0 },
                            { "d/", NULL, 0 },
                            { "b.json", "[2]", 0 } };
    io_make_archive(path, kinds[k].kind, two, 3);
    expect_error(path,
                 c,
                 LDXI_ENCODING_UTF8,
                 LDX_BAD_READ,
                 "holds more than one file ('a.json' and 'b.json')");
    expect_error(path,
                 LDXI_COMPRESSION_NONE,
                 LDXI_ENCODING_UTF8,
                 LDX_BAD_READ,
                 "'a.json' and 'b.json'");
    const IoEntry none[] = { { "d/", NULL, 0 } };
    io_make_archive(path, kinds[k].kind, none, 1);
    expect_error(
      path, c, LDXI_ENCODING_UTF8, LDX_BAD_READ, "the archive holds no file");
    io_make_archive(path, kinds[k].kind, none, 0);
    expect_error(path, c, LDXI_ENCODING_UTF8, LDX_BAD_READ, NULL);

    // Truncated and corrupted: clean errors (or, for bytes nobody checks,
    // the text).
    const char    small[] = "[{\"id\": 1, \"name\": \"Monica Geller\"}]\n";
    const IoEntry s1[]    = { { "s.json", small, 0 } };
    io_make_archive(path, kinds[k].kind, s1, 1);
    size_t         an   = 0;
    unsigned char* arch = (unsigned char*)io_read_file(path, &an);
    assert(arch);
    for (size_t cut = 0; cut < an; ++cut) {
      io_write_file(path, arch, cut);
      // Some cuts still read whole: a tar without its end marker, a zip
      // without its central directory (read as a stream).
      read_any(path, c, LDXI_ENCODING_UTF8);
      read_any(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8);
    }
    for (size_t at = 0; at < an; at += 1 + at / 64) {
      arch[at] ^= 0x5A;
      io_write_file(path, arch, an);
      read_any(path, c, LDXI_ENCODING_UTF8);
      read_any(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8);
      arch[at] ^= 0x5A;
    }
    free(arch);
    assert(!unlink(path));
  }

  // Plain xz (not a tar): recognised by its magic bytes.
  char path[512];
  io_path(path, sizeof(path), "a.json.xz");
  const IoEntry one[] = { { "data", text, 0 } };
  io_make_archive(path, IO_AR_XZ, one, 1);
  expect_text(path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, len);
  expect_error(
    path, LDXI_COMPRESSION_TARXZ, LDXI_ENCODING_UTF8, LDX_BAD_READ, NULL);
  assert(!unlink(path));
  free(text);
}

// The cap on the decompressed size.
static void
test_limit(void)
{
  char path[512];
  io_path(path, sizeof(path), "bomb.gz");
  const size_t   big   = (size_t)20 << 20;
  char*          zeros = (char*)calloc(big, 1);
  size_t         n     = 0;
  unsigned char* gz    = io_gzip(zeros, big, &n);
  assert(n < big / 100);
  io_write_file(path, gz, n);
  free(gz);

  const IoEntry one[] = { { "z.json", "0123456789012345678901234567890", 0 } };
  io_path(path, sizeof(path), "bomb.zip");
  io_make_archive(path, IO_AR_ZIP, one, 1);
  io_path(path, sizeof(path), "bomb.tar.gz");
  io_make_archive(path, IO_AR_TARGZ, one, 1);

  static const struct {
    const char* file;
    uint64_t    limit;
    uint64_t    size;
  } cases[] = { { "bomb.gz", (uint64_t)1 << 20, (uint64_t)20 << 20 },
                { "bomb.zip", 30, 31 },
                { "bomb.tar.gz", 30, 31 } };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    io_path(path, sizeof(path), cases[i].file);
    for (int at_limit = 0; at_limit < 2; ++at_limit) {
      const uint64_t limit  = at_limit ? cases[i].size : cases[i].limit;
      LdxiUnpack*    u      = NULL;
      const int      errors = diags.errors;
      assert(!ldxi_unpack_open(
        world, path, "DISPLAY", LDXI_COMPRESSION_NONE, limit, &u));
      static char buf[1 << 16];
      uint64_t    total = 0;
      size_t      got   = 0;
      LdxStatus   st    = LDX_SUCCESS;
      while (!(st = ldxi_unpack_read(u, buf, sizeof(buf), &got)) && got) {
        total += got;
      }
      if (at_limit) {
        assert(!st && total == cases[i].size);
      } else {
        assert(st == LDX_BAD_LIMIT && total <= limit);
        assert(diags.errors == errors + 1);
        assert(io_contains(diags.last_error, "decompresses to more than"));
        assert(ldxi_unpack_read(u, buf, 1, &got) == st && !got);
      }
      ldxi_unpack_close(u);
    }
  }
  // The documented default.
  assert(LDXI_UNPACK_MAX_BYTES == (uint64_t)64 * 1024 * 1024 * 1024);
  free(zeros);
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    io_path(path, sizeof(path), cases[i].file);
    assert(!unlink(path));
  }
}

// Compressed data from a pipe (no seeking): gzip, zip (streamed), tar.xz.
static void
test_pipe(void)
{
  size_t        len  = 0;
  char*         text = io_make_text(100000, 5, &len);
  char          path[512];
  char          fifo[512];
  const IoEntry one[] = { { "data.json", text, 0 } };
  io_path(fifo, sizeof(fifo), "fifo");
  assert(!mkfifo(fifo, 0600));
  for (int kind = 0; kind < 3; ++kind) {
    io_path(path, sizeof(path), "piped");
    if (kind == 0) {
      size_t         n  = 0;
      unsigned char* gz = io_gzip(text, len, &n);
      io_write_file(path, gz, n);
      free(gz);
    } else {
      io_make_archive(path, kind == 1 ? IO_AR_ZIP : IO_AR_TARXZ, one, 1);
    }
    size_t n    = 0;
    char*  data = io_read_file(path, &n);
    fflush(NULL);
    const pid_t pid = fork();
    assert(pid >= 0);
    if (!pid) {
      FILE* f = fopen(fifo, "wb");
      _exit(f && fwrite(data, 1, n, f) == n && !fclose(f) ? 0 : 1);
    }
    char*     out  = NULL;
    size_t    olen = 0;
    LdxStatus st   = read_with(
      fifo, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, 0, &out, &olen);
    int status = 0;
    assert(waitpid(pid, &status, 0) == pid);
    assert(!st && olen == len && !memcmp(out, text, len));
    ldxi_free(world, out);
    free(data);
    assert(!unlink(path));
  }
  assert(!unlink(fifo));
  free(text);
}

static void
test_failing_alloc(void)
{
  size_t len  = 0;
  char*  text = io_make_text(70000, 6, &len);
  char   paths[6][512];
  io_path(paths[0], sizeof(paths[0]), "fa.json");
  io_write_file(paths[0], text, len);
  io_path(paths[1], sizeof(paths[1]), "fa.json.gz");
  size_t         n  = 0;
  unsigned char* gz = io_gzip(text, len, &n);
  io_write_file(paths[1], gz, n);
  free(gz);
  const IoEntry one[] = { { "data.json", text, 0 } };
  io_path(paths[2], sizeof(paths[2]), "fa.tar.gz");
  io_make_archive(paths[2], IO_AR_TARGZ, one, 1);
  io_path(paths[3], sizeof(paths[3]), "fa.zip");
  io_make_archive(paths[3], IO_AR_ZIP, one, 1);
  io_path(paths[4], sizeof(paths[4]), "fa16.json");
  unsigned char* u16 = io_utf16(text, len, true, true, &n);
  io_write_file(paths[4], u16, n);
  io_path(paths[5], sizeof(paths[5]), "fa16.json.gz");
  gz = io_gzip(u16, n, &n);
  io_write_file(paths[5], gz, n);
  free(gz);
  free(u16);

  for (size_t p = 0; p < 6; ++p) {
    for (int chunked = 0; chunked < 2; ++chunked) {
      size_t fail = 0;
      for (;; ++fail) {
        FailAlloc    fa    = { 0, fail, 0 };
        LdxAllocator alloc = fa_allocator(&fa);
        Diags        d;
        memset(&d, 0, sizeof(d));
        LdxWorld* w = ldx_world_new(&alloc);
        if (!w) {
          continue;
        }
        ldx_world_set_diag_func(w, record_diag, &d);
        LdxiInput* in   = NULL;
        LdxStatus  st   = ldxi_input_open(w,
                                       paths[p],
                                       "DISPLAY",
                                       LDXI_COMPRESSION_NONE,
                                       LDXI_ENCODING_UTF8,
                                       &in);
        char*      data = NULL;
        size_t     dlen = 0;
        if (!st && !chunked) {
          st = ldxi_input_read_all(in, &data, &dlen);
        } else if (!st) {
          char   buf[1000];
          size_t got = 0;
          while (!(st = ldxi_input_read(in, buf, sizeof(buf), &got)) && got) {
            dlen += got;
          }
        }
        if (st) {
          assert(st == LDX_BAD_ALLOC && !data);
          assert(d.errors == 1 && io_contains(d.last_error, "out of memory"));
        } else {
          assert(dlen == len && (chunked || !memcmp(data, text, len)));
        }
        ldxi_free(w, data);
        ldxi_input_close(in);
        ldx_world_free(w);
        assert(fa.n_live == 0);
        if (!st) {
          break;
        }
      }
      assert(fail > 2); // several allocations were tried
    }
    assert(!unlink(paths[p]));
  }
  free(text);
}

int
main(void)
{
  if (!io_dir_init("io-input")) {
    return 77;
  }
  world               = quiet_world(&diags);
  const LdxLimits lim = { 0, 0, SIZE_MAX }; // every error reaches `diags`
  ldx_world_set_limits(world, &lim);
  test_conformance();
  test_plain();
  test_utf16();
  test_gzip();
  test_archives();
  test_limit();
  test_pipe();
  test_failing_alloc();
  ldx_world_free(world);
  assert(io_count_entries(io_dir) == 0);
  assert(!rmdir(io_dir));
  return 0;
}
