// SPDX-License-Identifier: MIT
// Output filters: every compression x encoding written to a real file and
// read back through src/io and by the system's tools (gzip, unzip, tar,
// iconv), tiny and large (> 10 MB) texts, the RML-IO test cases' files,
// member names, write faults at every byte offset, invalid UTF-8, the
// spool's temporary files, and allocation failures.
#undef NDEBUG

#include "io_support.h"

#include "core/alloc.h"
#include "io/input.h"
#include "io/output_filter.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Diags     diags;
static LdxWorld* world;
static char      spool_dir[512]; // $TMPDIR of the filters

#define N_COMPRESSIONS 5

static const LdxiCompression compressions[N_COMPRESSIONS] = {
  LDXI_COMPRESSION_NONE,  LDXI_COMPRESSION_GZIP,  LDXI_COMPRESSION_ZIP,
  LDXI_COMPRESSION_TARGZ, LDXI_COMPRESSION_TARXZ,
};

static const char* const suffixes[N_COMPRESSIONS] = { "",
                                                      ".gz",
                                                      ".zip",
                                                      ".tar.gz",
                                                      ".tar.xz" };

// Write `text` to `stream` in pieces of random sizes below `max_piece`.
static LdxStatus
write_pieces(LdxOutputStream stream,
             const char*     text,
             size_t          len,
             size_t          max_piece,
             uint64_t        seed)
{
  uint64_t  state = seed | 1;
  LdxStatus st    = LDX_SUCCESS;
  for (size_t at = 0; at < len;) {
    size_t n = 1 + rnd_below(&state, max_piece);
    n        = n < len - at ? n : len - at;
    if ((st = stream.write(stream.stream, text + at, n))) {
      return st;
    }
    at += n;
  }
  return st;
}

// Write `text` through a filter into the file `path`.
static void
write_file_through(const char*     path,
                   LdxiCompression compression,
                   LdxiEncoding    encoding,
                   const char*     text,
                   size_t          len,
                   size_t          max_piece)
{
  LdxOutputFile* file = NULL;
  assert(!ldx_output_file_open(world, path, &file));
  LdxiOutputFilter* filter = NULL;
  const char*       base   = strrchr(path, '/') + 1;
  assert(!ldxi_output_filter_new(
    world, compression, encoding, base, ldx_output_file_stream(file), &filter));
  assert(!write_pieces(
    ldxi_output_filter_stream(filter), text, len, max_piece, len + 7));
  assert(!ldxi_output_filter_finish(filter));
  assert(!ldxi_output_filter_finish(filter)); // again: the same result
  assert(!ldx_output_file_commit(file));
  ldxi_output_filter_free(filter);
  ldx_output_file_free(file);
  assert(io_count_entries(spool_dir) == 0);
}

static void
expect_read_back(const char*     path,
                 LdxiCompression compression,
                 LdxiEncoding    encoding,
                 const char*     text,
                 size_t          len)
{
  LdxiInput* in   = NULL;
  char*      data = NULL;
  size_t     n    = 0;
  assert(!ldxi_input_open(world, path, NULL, compression, encoding, &in));
  assert(!ldxi_input_read_all(in, &data, &n));
  if (n != len || memcmp(data, text, len)) {
    fprintf(stderr, "%s: read back %zu bytes, wrote %zu\n", path, n, len);
    assert(!"read back differs");
  }
  ldxi_free(world, data);
  ldxi_input_close(in);
}

// Unpack with the system's tools; false if a tool is missing.
static bool
expect_tools(const char*     path,
             LdxiCompression compression,
             LdxiEncoding    encoding,
             const char*     text,
             size_t          len)
{
  static const char* const unpack[N_COMPRESSIONS] = {
    "cat", "gzip -dc", "unzip -p", "tar -xOf", "tar -xOf"
  };
  static const char* const tool[N_COMPRESSIONS] = {
    "cat", "gzip", "unzip", "tar", "xz"
  };
  const size_t c = (size_t)compression;
  if (!io_have_tool(tool[c]) ||
      (encoding == LDXI_ENCODING_UTF16 && !io_have_tool("iconv"))) {
    return false;
  }
  char out[512];
  char raw[512];
  char cmd[2048];
  io_path(out, sizeof(out), "tool-output");
  io_path(raw, sizeof(raw), "tool-raw");
  snprintf(cmd, sizeof(cmd), "%s '%s' > '%s'", unpack[c], path, raw);
  assert(system(cmd) == 0);
  if (encoding == LDXI_ENCODING_UTF16) {
    size_t rn = 0;
    char*  r  = io_read_file(raw, &rn);
    assert(r && rn >= 2 && (unsigned char)r[0] == 0xFF &&
           (unsigned char)r[1] == 0xFE && rn % 2 == 0);
    free(r);
    snprintf(
      cmd, sizeof(cmd), "iconv -f UTF-16 -t UTF-8 < '%s' > '%s'", raw, out);
    assert(system(cmd) == 0);
  } else {
    assert(!rename(raw, out));
  }
  size_t n    = 0;
  char*  data = io_read_file(out, &n);
  assert(data);
  if (n != len || memcmp(data, text, len)) {
    fprintf(stderr, "%s: the tools give %zu bytes, wrote %zu\n", path, n, len);
    assert(!"tools disagree");
  }
  free(data);
  unlink(raw);
  assert(!unlink(out));
  return true;
}

static void
test_round_trips(void)
{
  size_t      small_len = 0;
  char*       small     = io_make_text(3000, 11, &small_len);
  size_t      large_len = 0;
  char*       large     = io_make_large_text((size_t)10500000, 12, &large_len);
  bool        tools     = true;
  const char* texts[]   = { "", "a", "\xF0\x9F\x98\x80", small, large };
  size_t      lens[]    = { 0, 1, 4, small_len, large_len };
  for (size_t c = 0; c < N_COMPRESSIONS; ++c) {
    for (int e = 0; e < 2; ++e) {
      for (size_t t = 0; t < 5; ++t) {
        char path[512];
        char name[64];
        snprintf(name, sizeof(name), "out.nq%s", suffixes[c]);
        io_path(path, sizeof(path), name);
        const LdxiEncoding enc = (LdxiEncoding)e;
        write_file_through(path,
                           compressions[c],
                           enc,
                           texts[t],
                           lens[t],
                           t == 4   ? 300000
                           : t == 3 ? 1
                                    : 20);
        expect_read_back(path, compressions[c], enc, texts[t], lens[t]);
        expect_read_back(path,
                         LDXI_COMPRESSION_NONE,
                         LDXI_ENCODING_UTF8,
                         texts[t],
                         lens[t]); // recognised, BOM included
        tools =
          expect_tools(path, compressions[c], enc, texts[t], lens[t]) && tools;
        if (compressions[c] == LDXI_COMPRESSION_ZIP ||
            compressions[c] == LDXI_COMPRESSION_TARGZ ||
            compressions[c] == LDXI_COMPRESSION_TARXZ) {
          char names[256];
          io_archive_names(path, names, sizeof(names));
          assert(!strcmp(names, "out.nq\n"));
        }
        assert(!unlink(path));
      }
    }
  }
  if (!tools) {
    fprintf(stderr,
            "note: some of gzip, unzip, tar, xz, iconv missing: "
            "checks with them skipped\n");
  }
  free(small);
  free(large);
}

// The RML-IO target test cases: the same bytes (UTF-16), the same member
// names and contents (archives).
static void
test_conformance(void)
{
  const char* dir = getenv("LDX_CONFORMANCE_DIR");
  char        base[1024];
  snprintf(base,
           sizeof(base),
           "%s/rml/io",
           dir && *dir ? dir : "/work/shared/conformance");
  static const struct {
    const char*     file;
    LdxiCompression compression;
    LdxiEncoding    encoding;
  } cases[] = {
    { "RMLTTC0005b/dump1.nq", LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF16 },
    { "RMLTTC0006b/dump1.nq.gz", LDXI_COMPRESSION_GZIP, LDXI_ENCODING_UTF8 },
    { "RMLTTC0006c/dump1.nq.zip", LDXI_COMPRESSION_ZIP, LDXI_ENCODING_UTF8 },
    { "RMLTTC0006d/dump1.nq.tar.xz",
      LDXI_COMPRESSION_TARXZ,
      LDXI_ENCODING_UTF8 },
    { "RMLTTC0006e/dump1.nq.tar.gz",
      LDXI_COMPRESSION_TARGZ,
      LDXI_ENCODING_UTF8 },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    char expected[1200];
    snprintf(expected, sizeof(expected), "%s/%s", base, cases[i].file);
    if (access(expected, R_OK)) {
      fprintf(stderr, "note: no %s, skipped\n", expected);
      continue;
    }
    LdxiInput* in   = NULL;
    char*      text = NULL;
    size_t     len  = 0;
    assert(!ldxi_input_open(
      world, expected, NULL, cases[i].compression, cases[i].encoding, &in));
    assert(!ldxi_input_read_all(in, &text, &len));
    ldxi_input_close(in);
    assert(len > 100);

    char        path[512];
    const char* name = strchr(cases[i].file, '/') + 1;
    io_path(path, sizeof(path), name);
    write_file_through(
      path, cases[i].compression, cases[i].encoding, text, len, 64);
    if (cases[i].compression == LDXI_COMPRESSION_NONE) {
      size_t en   = 0;
      size_t an   = 0;
      char*  want = io_read_file(expected, &en);
      char*  got  = io_read_file(path, &an);
      assert(want && got && en == an && !memcmp(want, got, en));
      assert((unsigned char)got[0] == 0xFF && (unsigned char)got[1] == 0xFE);
      free(want);
      free(got);
    } else {
      expect_read_back(
        path, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, text, len);
      if (cases[i].compression != LDXI_COMPRESSION_GZIP) {
        char want[256];
        char got[256];
        io_archive_names(expected, want, sizeof(want));
        io_archive_names(path, got, sizeof(got));
        assert(!strcmp(want, got) && !strcmp(got, "dump1.nq\n"));
      }
    }
    ldxi_free(world, text);
    assert(!unlink(path));
  }
}

// The name inside archives and gzip headers.
static void
test_member_names(void)
{
  static const struct {
    LdxiCompression compression;
    const char*     member;
    const char*     want;
  } cases[] = {
    { LDXI_COMPRESSION_ZIP, "a.nq.ZIP", "a.nq" },
    { LDXI_COMPRESSION_ZIP, "a.nq.gz", "a.nq.gz" },
    { LDXI_COMPRESSION_ZIP, ".zip", ".zip" },
    { LDXI_COMPRESSION_TARGZ, "Dump.NQ.Tar.Gz", "Dump.NQ" },
    { LDXI_COMPRESSION_TARGZ, "x.ttl.tgz", "x.ttl" },
    { LDXI_COMPRESSION_TARXZ, "x.ttl.txz", "x.ttl" },
    { LDXI_COMPRESSION_TARXZ, "x.ttl.tar.gz", "x.ttl.tar.gz" },
    { LDXI_COMPRESSION_TARXZ, "é.nt.tar.xz", "é.nt" },
    { LDXI_COMPRESSION_TARGZ, NULL, "data" },
    { LDXI_COMPRESSION_ZIP, "", "data" },
    { LDXI_COMPRESSION_GZIP, "out.nq.gz", "out.nq" },
    { LDXI_COMPRESSION_GZIP, NULL, "data" },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    MemOut m;
    mem_init(&m);
    LdxiOutputFilter* f = NULL;
    assert(!ldxi_output_filter_new(world,
                                   cases[i].compression,
                                   LDXI_ENCODING_UTF8,
                                   cases[i].member,
                                   mem_stream(&m),
                                   &f));
    LdxOutputStream s = ldxi_output_filter_stream(f);
    assert(!s.write(s.stream, "x\n", 2));
    assert(!ldxi_output_filter_finish(f));
    ldxi_output_filter_free(f);
    char path[512];
    io_path(path, sizeof(path), "names");
    io_write_file(path, m.data, m.len);
    if (cases[i].compression == LDXI_COMPRESSION_GZIP) {
      z_stream  z;
      gz_header h;
      Bytef     name[64] = { 0 };
      Bytef     out[16];
      memset(&z, 0, sizeof(z));
      memset(&h, 0, sizeof(h));
      h.name     = name;
      h.name_max = sizeof(name) - 1;
      assert(inflateInit2(&z, 15 + 16) == Z_OK);
      assert(inflateGetHeader(&z, &h) == Z_OK);
      z.next_in   = (Bytef*)m.data;
      z.avail_in  = (uInt)m.len;
      z.next_out  = out;
      z.avail_out = sizeof(out);
      assert(inflate(&z, Z_FINISH) == Z_STREAM_END);
      inflateEnd(&z);
      assert(h.done == 1 && !strcmp((const char*)name, cases[i].want));
      assert(h.time == 0); // reproducible output
    } else {
      char want[128];
      char got[128];
      snprintf(want, sizeof(want), "%s\n", cases[i].want);
      io_archive_names(path, got, sizeof(got));
      assert(!strcmp(want, got));
    }
    assert(!unlink(path));
    free(m.data);
  }
}

// The size of the output of `text` through a filter (memory, no faults).
static size_t
output_size(LdxiCompression c, LdxiEncoding e, const char* text, size_t len)
{
  MemOut m;
  mem_init(&m);
  LdxiOutputFilter* f = NULL;
  assert(!ldxi_output_filter_new(world, c, e, "x.nq", mem_stream(&m), &f));
  assert(!write_pieces(ldxi_output_filter_stream(f), text, len, 50, 3));
  assert(!ldxi_output_filter_finish(f));
  assert(m.n_flushes == 1);
  ldxi_output_filter_free(f);
  const size_t n = m.len;
  free(m.data);
  return n;
}

// A memory stream that counts the writes it rejected.
typedef struct {
  MemOut m;
  int    rejected;
} FaultOut;

static LdxStatus
fault_write(void* stream, const void* buf, size_t len)
{
  FaultOut* const f  = (FaultOut*)stream;
  const LdxStatus st = mem_write(&f->m, buf, len);
  f->rejected += st != LDX_SUCCESS;
  return st;
}

static LdxStatus
fault_flush(void* stream)
{
  FaultOut* const f  = (FaultOut*)stream;
  const LdxStatus st = mem_flush(&f->m);
  f->rejected += st != LDX_SUCCESS;
  return st;
}

// `next` failing at every byte offset (and at the flush): LDX_BAD_WRITE
// exactly when `next` rejected something, nothing reported by the filter
// (`next` reports its own errors), nothing leaked.  (Tar members carry the
// time, so sizes may vary by a byte: the reference size is a guide only.)
static void
test_write_faults(void)
{
  size_t len  = 0;
  char*  text = io_make_text(1500, 13, &len);
  for (size_t c = 0; c < N_COMPRESSIONS; ++c) {
    for (int e = 0; e < 2; ++e) {
      const LdxiEncoding enc   = (LdxiEncoding)e;
      const size_t       total = output_size(compressions[c], enc, text, len);
      const bool         identity =
        compressions[c] == LDXI_COMPRESSION_NONE && enc == LDXI_ENCODING_UTF8;
      for (size_t fail = 0; fail <= total + 1; ++fail) {
        FailAlloc    fa    = { 0, SIZE_MAX, 0 };
        LdxAllocator alloc = fa_allocator(&fa);
        LdxWorld*    w     = ldx_world_new(&alloc);
        Diags        d;
        memset(&d, 0, sizeof(d));
        ldx_world_set_diag_func(w, record_diag, &d);
        FaultOut out;
        memset(&out, 0, sizeof(out));
        mem_init(&out.m);
        out.m.fail_at          = fail <= total ? fail : SIZE_MAX;
        out.m.fail_flush       = fail > total;
        LdxOutputStream   next = { &out, fault_write, fault_flush };
        LdxiOutputFilter* f    = NULL;
        assert(
          !ldxi_output_filter_new(w, compressions[c], enc, "x.nq", next, &f));
        LdxOutputStream s  = ldxi_output_filter_stream(f);
        LdxStatus       st = write_pieces(s, text, len, 50, 3);
        if (st) {
          assert(st == LDX_BAD_WRITE && out.rejected);
          assert(s.write(s.stream, "z", 1) == LDX_BAD_WRITE); // sticky
        }
        if (!identity || !st) { // (the identity has nothing to remember)
          st = ldxi_output_filter_finish(f);
          assert(st == (out.rejected ? LDX_BAD_WRITE : LDX_SUCCESS));
          assert(ldxi_output_filter_finish(f) == st);
        }
        assert(out.rejected || fail >= out.m.len);
        ldxi_output_filter_free(f);
        assert(d.errors == 0);
        assert(out.m.len <= fail);
        ldx_world_free(w);
        assert(fa.n_live == 0);
        free(out.m.data);
      }
    }
  }
  free(text);
}

// Every allocation of a filter failing in turn.
static void
test_failing_alloc(void)
{
  size_t len  = 0;
  char*  text = io_make_text(5000, 14, &len);
  for (size_t c = 0; c < N_COMPRESSIONS; ++c) {
    for (int e = 0; e < 2; ++e) {
      for (size_t fail = 0;; ++fail) {
        FailAlloc    fa    = { 0, fail, 0 };
        LdxAllocator alloc = fa_allocator(&fa);
        LdxWorld*    w     = ldx_world_new(&alloc);
        if (!w) {
          continue;
        }
        MemOut m;
        mem_init(&m);
        LdxiOutputFilter* f  = NULL;
        const LdxStatus   st = ldxi_output_filter_new(
          w, compressions[c], (LdxiEncoding)e, "x.nq", mem_stream(&m), &f);
        if (st) {
          assert(st == LDX_BAD_ALLOC && !f && m.len == 0);
        } else {
          assert(
            !write_pieces(ldxi_output_filter_stream(f), text, len, 999, 5));
          assert(!ldxi_output_filter_finish(f));
          ldxi_output_filter_free(f);
        }
        ldx_world_free(w);
        assert(fa.n_live == 0);
        free(m.data);
        if (!st) {
          break;
        }
      }
    }
  }
  free(text);
}

static void
test_errors(void)
{
  MemOut m;
  mem_init(&m);
  LdxiOutputFilter* f = NULL;

  // Unknown values.
  assert(ldxi_output_filter_new(world,
                                (LdxiCompression)17,
                                LDXI_ENCODING_UTF8,
                                "x",
                                mem_stream(&m),
                                &f) == LDX_UNSUPPORTED &&
         !f);
  assert(
    ldxi_output_filter_new(
      world, LDXI_COMPRESSION_NONE, (LdxiEncoding)3, "x", mem_stream(&m), &f) ==
      LDX_UNSUPPORTED &&
    !f);

  // The identity: the writer writes to `next`, finish flushes it.
  assert(!ldxi_output_filter_new(
    world, LDXI_COMPRESSION_NONE, LDXI_ENCODING_UTF8, "x", mem_stream(&m), &f));
  assert(ldxi_output_filter_stream(f).stream == &m);
  assert(!ldxi_output_filter_finish(f) && m.n_flushes == 1);
  ldxi_output_filter_free(f);
  ldxi_output_filter_free(NULL);

  // Invalid UTF-8 for UTF-16 output: reported once, with its offset.
  for (size_t c = 0; c < N_COMPRESSIONS; ++c) {
    mem_init(&m);
    assert(!ldxi_output_filter_new(world,
                                   compressions[c],
                                   LDXI_ENCODING_UTF16,
                                   "out.nq",
                                   mem_stream(&m),
                                   &f));
    LdxOutputStream s      = ldxi_output_filter_stream(f);
    const int       errors = diags.errors;
    assert(!s.write(s.stream, "ab\xC3", 3));
    assert(s.write(s.stream, "(", 1) == LDX_BAD_WRITE);
    assert(diags.errors == errors + 1);
    assert(io_contains(diags.last_error, "'out.nq'"));
    assert(io_contains(diags.last_error, "not valid UTF-8 at byte 2"));
    assert(s.write(s.stream, "x", 1) == LDX_BAD_WRITE);
    assert(ldxi_output_filter_finish(f) == LDX_BAD_WRITE);
    assert(diags.errors == errors + 1);
    ldxi_output_filter_free(f);
    free(m.data);

    // Cut by the end.
    mem_init(&m);
    assert(!ldxi_output_filter_new(world,
                                   compressions[c],
                                   LDXI_ENCODING_UTF16,
                                   "out.nq",
                                   mem_stream(&m),
                                   &f));
    s = ldxi_output_filter_stream(f);
    assert(!s.write(s.stream, "a\xF0\x9F", 3));
    assert(ldxi_output_filter_finish(f) == LDX_BAD_WRITE);
    assert(diags.errors == errors + 2);
    assert(io_contains(diags.last_error, "ends inside a UTF-8 character"));
    ldxi_output_filter_free(f);
    free(m.data);
  }

  // Freed without finish: nothing more reaches `next`.
  for (size_t c = 0; c < N_COMPRESSIONS; ++c) {
    mem_init(&m);
    assert(!ldxi_output_filter_new(world,
                                   compressions[c],
                                   LDXI_ENCODING_UTF16,
                                   "out.nq",
                                   mem_stream(&m),
                                   &f));
    LdxOutputStream s = ldxi_output_filter_stream(f);
    assert(!s.write(s.stream, "some text\n", 10));
    const size_t before = m.len;
    ldxi_output_filter_free(f);
    assert(m.len == before && m.n_flushes == 0);
    free(m.data);
  }

  // The spool cannot create its temporary file.
  size_t len  = 0;
  char*  text = io_make_text((size_t)3 << 20, 15, &len);
  char   bad[600];
  snprintf(bad, sizeof(bad), "%s/missing", io_dir);
  assert(!setenv("TMPDIR", bad, 1));
  for (int k = 0; k < 2; ++k) {
    mem_init(&m);
    assert(!ldxi_output_filter_new(world,
                                   k ? LDXI_COMPRESSION_TARXZ
                                     : LDXI_COMPRESSION_TARGZ,
                                   LDXI_ENCODING_UTF8,
                                   "big.nq",
                                   mem_stream(&m),
                                   &f));
    const int errors = diags.errors;
    assert(write_pieces(ldxi_output_filter_stream(f), text, len, 100000, 9) ==
           LDX_BAD_WRITE);
    assert(diags.errors == errors + 1);
    assert(io_contains(diags.last_error, "cannot create a temporary file"));
    assert(io_contains(diags.last_error, bad));
    assert(ldxi_output_filter_finish(f) == LDX_BAD_WRITE);
    assert(diags.errors == errors + 1);
    ldxi_output_filter_free(f);
    assert(m.len == 0);
    free(m.data);
  }
  assert(!setenv("TMPDIR", spool_dir, 1));
  free(text);
}

int
main(void)
{
  // Archive members carry a time: keep it fixed so outputs compare.
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  if (!io_dir_init("io-output")) {
    return 77;
  }
  io_path(spool_dir, sizeof(spool_dir), "spool");
  assert(!mkdir(spool_dir, 0700));
  assert(!setenv("TMPDIR", spool_dir, 1));
  world               = quiet_world(&diags);
  const LdxLimits lim = { 0, 0, SIZE_MAX }; // every error reaches `diags`
  ldx_world_set_limits(world, &lim);
  test_errors();
  test_member_names();
  test_conformance();
  test_failing_alloc();
  test_write_faults();
  test_round_trips();
  ldx_world_free(world);
  assert(io_count_entries(spool_dir) == 0);
  assert(!rmdir(spool_dir));
  assert(io_count_entries(io_dir) == 0);
  assert(!rmdir(io_dir));
  return 0;
}
