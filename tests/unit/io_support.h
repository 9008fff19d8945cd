// SPDX-License-Identifier: MIT
// Helpers for the tests of src/io: a scratch directory, whole files,
// generated UTF-8 text, reference UTF-16 and gzip encoders, archives made
// with libarchive, and running the system's tools.
#ifndef LDX_TESTS_IO_SUPPORT_H
#define LDX_TESTS_IO_SUPPORT_H

#undef NDEBUG

#include "write_support.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <assert.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char io_dir[256];

// Create the scratch directory (and use it as $TMPDIR); false if none.
static inline bool
io_dir_init(const char* what)
{
  const char* tmp = getenv("TMPDIR");
  snprintf(io_dir,
           sizeof(io_dir),
           "%s/ldx-%s-XXXXXX",
           tmp && *tmp ? tmp : "/tmp",
           what);
  if (!mkdtemp(io_dir)) {
    perror("mkdtemp");
    return false;
  }
  return true;
}

static inline void
io_path(char* out, size_t size, const char* name)
{
  const int n = snprintf(out, size, "%s/%s", io_dir, name);
  assert(n > 0 && (size_t)n < size);
}

// Number of entries in a directory ("." and ".." aside).
static inline int
io_count_entries(const char* dir)
{
  DIR* d = opendir(dir);
  assert(d);
  int            n = 0;
  struct dirent* e = NULL;
  while ((e = readdir(d))) {
    n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  }
  closedir(d);
  return n;
}

static inline void
io_write_file(const char* path, const void* data, size_t len)
{
  FILE* f = fopen(path, "wb");
  assert(f);
  assert(!len || fwrite(data, 1, len, f) == len);
  assert(!fclose(f));
}

// The content of a file (malloc'd, NUL-terminated), or NULL.
static inline char*
io_read_file(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap  = 1 << 16;
  size_t n    = 0;
  char*  data = (char*)malloc(cap);
  assert(data);
  size_t got = 0;
  while ((got = fread(data + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      cap *= 2;
      data = (char*)realloc(data, cap);
      assert(data);
    }
  }
  fclose(f);
  data[n] = '\0';
  *len    = n;
  return data;
}

// Deterministic UTF-8 text of at least `size` bytes: N-Quads lines with
// 1- to 4-byte characters.
static inline char*
io_make_text(size_t size, uint64_t seed, size_t* len)
{
  static const char* const words[] = { "Monica", "Géller", "Ross",
                                       "Ра́хиль", "中文",   "😀",
                                       "x",      "\"q\"",  "é€𝄞" };
  char*                    text    = (char*)malloc(size + 512);
  size_t                   n       = 0;
  assert(text);
  uint64_t state = seed | 1;
  for (size_t line = 0; n < size; ++line) {
    n += (size_t)snprintf(text + n,
                          512,
                          "<http://example.org/%zu> <http://xmlns.com/foaf/"
                          "0.1/name> \"%s %s %zu\" .\n",
                          line,
                          words[rnd_below(&state, 9)],
                          words[rnd_below(&state, 9)],
                          (size_t)rnd_next(&state) % 100000);
  }
  text[n] = '\0';
  *len    = n;
  return text;
}

// At least `size` bytes of io_make_text()'s text of about 1 MB repeated:
// large, yet quick to compress with xz (its period is no power of two, so
// that errors at buffer boundaries still show).
static inline char*
io_make_large_text(size_t size, uint64_t seed, size_t* len)
{
  size_t block_len = 0;
  char*  block     = io_make_text(1000000, seed, &block_len);
  size_t n         = 0;
  char*  text      = (char*)malloc(size + block_len + 1);
  assert(text);
  while (n < size) {
    memcpy(text + n, block, block_len);
    n += block_len;
  }
  text[n] = '\0';
  *len    = n;
  free(block);
  return text;
}

// Reference UTF-8 to UTF-16 encoder (valid input only); malloc'd.
static inline unsigned char*
io_utf16(const char* text, size_t len, bool big, bool bom, size_t* out_len)
{
  unsigned char* out = (unsigned char*)malloc(len * 2 + 4);
  size_t         n   = 0;
  assert(out);
  if (bom) {
    out[n++] = big ? 0xFE : 0xFF;
    out[n++] = big ? 0xFF : 0xFE;
  }
  const unsigned char* s = (const unsigned char*)text;
  for (size_t i = 0; i < len;) {
    uint32_t c = s[i];
    size_t   k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    c &= k == 1 ? 0x7F : k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07;
    for (size_t j = 1; j < k; ++j) {
      c = (c << 6) | (s[i + j] & 0x3F);
    }
    i += k;
    uint16_t units[2] = { (uint16_t)c, 0 };
    size_t   nu       = 1;
    if (c >= 0x10000) {
      c -= 0x10000;
      units[0] = (uint16_t)(0xD800 + (c >> 10));
      units[1] = (uint16_t)(0xDC00 + (c & 0x3FF));
      nu       = 2;
    }
    for (size_t u = 0; u < nu; ++u) {
      out[n++] = (unsigned char)(big ? units[u] >> 8 : units[u] & 0xFF);
      out[n++] = (unsigned char)(big ? units[u] & 0xFF : units[u] >> 8);
    }
  }
  *out_len = n;
  return out;
}

// gzip `data` with zlib; malloc'd.
static inline unsigned char*
io_gzip(const void* data, size_t len, size_t* out_len)
{
  z_stream z;
  memset(&z, 0, sizeof(z));
  assert(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
         Z_OK);
  const size_t   cap = deflateBound(&z, (uLong)len) + 64;
  unsigned char* out = (unsigned char*)malloc(cap);
  assert(out);
  z.next_in   = (Bytef*)(uintptr_t)data;
  z.avail_in  = (uInt)len;
  z.next_out  = out;
  z.avail_out = (uInt)cap;
  assert(deflate(&z, Z_FINISH) == Z_STREAM_END);
  *out_len = cap - z.avail_out;
  deflateEnd(&z);
  return out;
}

// An entry of a test archive: a regular file, or a directory if !data.
// `len` 0 means strlen(data).
typedef struct {
  const char* name;
  const char* data;
  size_t      len;
} IoEntry;

typedef enum { IO_AR_ZIP, IO_AR_TARGZ, IO_AR_TARXZ, IO_AR_XZ } IoArchiveKind;

// Write an archive with libarchive (IO_AR_XZ: the first entry's data as
// plain xz).
static inline void
io_make_archive(const char*    path,
                IoArchiveKind  kind,
                const IoEntry* entries,
                size_t         n)
{
  struct archive* a = archive_write_new();
  assert(a);
  switch (kind) {
    case IO_AR_ZIP:
      assert(!archive_write_set_format_zip(a));
      break;
    case IO_AR_TARGZ:
      assert(!archive_write_set_format_pax_restricted(a));
      assert(!archive_write_add_filter_gzip(a));
      break;
    case IO_AR_TARXZ:
      assert(!archive_write_set_format_gnutar(a));
      assert(!archive_write_add_filter_xz(a));
      break;
    case IO_AR_XZ:
      assert(!archive_write_set_format_raw(a));
      assert(!archive_write_add_filter_xz(a));
      break;
  }
  assert(!archive_write_open_filename(a, path));
  for (size_t i = 0; i < n; ++i) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, entries[i].name);
    if (entries[i].data) {
      const size_t len =
        entries[i].len ? entries[i].len : strlen(entries[i].data);
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_size(e, (la_int64_t)len);
      assert(!archive_write_header(a, e));
      assert(!len ||
             archive_write_data(a, entries[i].data, len) == (la_ssize_t)len);
    } else {
      archive_entry_set_filetype(e, AE_IFDIR);
      archive_entry_set_perm(e, 0755);
      assert(!archive_write_header(a, e));
    }
    archive_entry_free(e);
  }
  assert(!archive_write_close(a));
  archive_write_free(a);
}

// The names of the entries of an archive, each followed by '\n'.
static inline void
io_archive_names(const char* path, char* out, size_t size)
{
  struct archive* a = archive_read_new();
  assert(a);
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  assert(!archive_read_open_filename(a, path, 10240));
  struct archive_entry* e = NULL;
  size_t                n = 0;
  out[0]                  = '\0';
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    n += (size_t)snprintf(out + n, size - n, "%s\n", archive_entry_pathname(e));
    assert(n < size);
  }
  archive_read_free(a);
}

// Whether the shell finds `tool`.
static inline bool
io_have_tool(const char* tool)
{
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
  return system(cmd) == 0;
}

static inline bool
io_contains(const char* haystack, const char* needle)
{
  return strstr(haystack, needle) != NULL;
}

#endif // LDX_TESTS_IO_SUPPORT_H
