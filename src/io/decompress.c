// SPDX-License-Identifier: MIT
// Reading compressed data files.
//
// - gzip is inflated with zlib (allocating through the world), including
//   several concatenated members; trailing NUL padding is ignored.
// - zip, tar and xz go through libarchive, which reads from our callbacks:
//   the file itself (seekable for zip, so it uses the central directory),
//   or for tar.gz zlib's output, so that telling tar.gz from gzip costs no
//   second pass and works on pipes.
// - A gzip stream whose first 512 decompressed bytes are a valid tar
//   header is read as a tar archive.
// - An archive must hold exactly one regular file; directories and other
//   entries are skipped.  A second regular file is an error when its header
//   is reached, i.e. at the end of the first one (its data is never read).
// - The decompressed size of that file is capped (zip bombs); memory stays
//   bounded by a few 64 KiB buffers plus the codecs' own state.
// - Errors are reported once, naming the file, and then sticky.
#include "io/decompress.h"

#include "io/zalloc.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/try.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK_SIZE ((size_t)64 * 1024)
#define TAR_BLOCK ((size_t)512)

typedef enum { MODE_PLAIN, MODE_GZIP, MODE_ARCHIVE } Mode;

typedef enum { AR_ZIP, AR_XZ_ANY, AR_TAR_XZ, AR_TAR_GZ } ArchiveKind;

struct LdxiUnpack {
  LdxWorld*   world;
  const char* display;
  int         fd;
  Mode        mode;

  // Bytes read from the file and not consumed yet: in[in_pos, in_len).
  unsigned char* in;
  size_t         in_pos;
  size_t         in_len;
  bool           in_eof;

  // gzip
  z_stream z;
  bool     z_live; // inflateInit2() succeeded
  bool     z_done; // the last member ended

  // Decompressed bytes read ahead to look for a tar header, served first.
  unsigned char head[TAR_BLOCK];
  size_t        head_pos;
  size_t        head_len;

  // libarchive
  struct archive* ar;
  bool            ar_over_gzip; // reads zlib's output, not the file
  unsigned char*  block;        // libarchive's input when over gzip
  char*           member;       // name of the file read, for messages
  bool            entry_done;   // its end reached, nothing follows

  uint64_t  total; // decompressed bytes returned
  uint64_t  limit;
  LdxStatus status; // sticky: the first error, reported once
};

LDX_LOG_FUNC(3, 4)
static LdxStatus
fail(LdxiUnpack* u, LdxStatus st, const char* fmt, ...)
{
  if (u->status) {
    return u->status;
  }
  if (st == LDX_BAD_ALLOC) {
    ldxi_error(
      u->world, st, NULL, "out of memory reading data file '%s'", u->display);
  } else {
    char    message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof(message), fmt, args);
    va_end(args);
    ldxi_error(u->world,
               st,
               NULL,
               "cannot read data file '%s': %s",
               u->display,
               message);
  }
  u->status = st;
  return st;
}

// ---------------------------------------------------------------------------
// The file

// Read more of the file after the unconsumed bytes (one read call).
static LdxStatus
refill(LdxiUnpack* u)
{
  if (u->in_pos) {
    memmove(u->in, u->in + u->in_pos, u->in_len - u->in_pos);
    u->in_len -= u->in_pos;
    u->in_pos = 0;
  }
  while (!u->in_eof && u->in_len < BLOCK_SIZE) {
    const ssize_t n = read(u->fd, u->in + u->in_len, BLOCK_SIZE - u->in_len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(u, LDX_BAD_READ, "%s", strerror(errno));
    }
    u->in_eof = n == 0;
    u->in_len += (size_t)n;
    break;
  }
  return LDX_SUCCESS;
}

// Make `n` (at most BLOCK_SIZE) bytes available unless the file ends.
static LdxStatus
ensure(LdxiUnpack* u, size_t n)
{
  LdxStatus st = LDX_SUCCESS;
  while (u->in_len - u->in_pos < n && !u->in_eof) {
    TRY(st, refill(u));
  }
  return LDX_SUCCESS;
}

static LdxStatus
plain_read(LdxiUnpack* u, void* buf, size_t size, size_t* got)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ensure(u, 1));
  size_t n = u->in_len - u->in_pos;
  n        = n < size ? n : size;
  if (n) {
    memcpy(buf, u->in + u->in_pos, n);
  }
  u->in_pos += n;
  *got = n;
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// gzip

// After the end of a gzip member: another member, NUL padding, or the end.
static LdxStatus
next_member(LdxiUnpack* u)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ensure(u, 2));
  if (u->in_len - u->in_pos >= 2 && u->in[u->in_pos] == 0x1F &&
      u->in[u->in_pos + 1] == 0x8B) {
    return inflateReset(&u->z) == Z_OK
             ? LDX_SUCCESS
             : fail(u, LDX_BAD_READ, "cannot restart zlib");
  }
  for (;;) {
    for (; u->in_pos < u->in_len; ++u->in_pos) {
      if (u->in[u->in_pos]) {
        return fail(u, LDX_BAD_READ, "unexpected data after the gzip data");
      }
    }
    if (u->in_eof) {
      u->z_done = true;
      return LDX_SUCCESS;
    }
    TRY(st, refill(u));
  }
}

static LdxStatus
gzip_read(LdxiUnpack* u, void* buf, size_t size, size_t* got)
{
  LdxStatus st = LDX_SUCCESS;
  *got         = 0;
  size         = size > UINT_MAX ? UINT_MAX : size;
  while (!u->z_done) {
    if (u->in_pos == u->in_len) {
      TRY(st, refill(u));
    }
    const size_t avail = u->in_len - u->in_pos;
    u->z.next_in       = u->in + u->in_pos;
    u->z.avail_in      = (uInt)avail;
    u->z.next_out      = (Bytef*)buf;
    u->z.avail_out     = (uInt)size;
    const int    r     = inflate(&u->z, Z_NO_FLUSH);
    const size_t used  = avail - u->z.avail_in;
    const size_t made  = size - u->z.avail_out;
    u->in_pos += used;
    switch (r) {
      case Z_STREAM_END:
        TRY(st, next_member(u));
        break;
      case Z_OK:
      case Z_BUF_ERROR: // no progress possible: more input needed
        if (!made && !used && u->in_pos == u->in_len && u->in_eof) {
          return fail(u, LDX_BAD_READ, "truncated gzip data");
        }
        if (!made && !used && u->in_pos < u->in_len) {
          return fail(u, LDX_BAD_READ, "corrupt gzip data");
        }
        break;
      case Z_MEM_ERROR:
        return fail(u, LDX_BAD_ALLOC, "out of memory");
      default:
        return fail(u,
                    LDX_BAD_READ,
                    "corrupt gzip data (%s)",
                    u->z.msg ? u->z.msg : "invalid stream");
    }
    if (made) {
      *got = made;
      return LDX_SUCCESS;
    }
  }
  return LDX_SUCCESS;
}

// Whether a 512-byte block is a tar header: its checksum (the sum of its
// bytes, the checksum field counted as spaces) matches.
static bool
is_tar_header(const unsigned char* h)
{
  unsigned long sum = 0;
  for (size_t i = 0; i < TAR_BLOCK; ++i) {
    sum += i >= 148 && i < 156 ? (unsigned char)' ' : h[i];
  }
  size_t i = 148;
  while (i < 156 && h[i] == ' ') {
    ++i;
  }
  unsigned long field  = 0;
  size_t        digits = 0;
  for (; i < 156 && h[i] >= '0' && h[i] <= '7'; ++i, ++digits) {
    field = field * 8 + (unsigned long)(h[i] - '0');
  }
  if (!digits || (i < 156 && h[i] != ' ' && h[i] != '\0')) {
    return false;
  }
  return h[0] != '\0' && field == sum;
}

// ---------------------------------------------------------------------------
// libarchive

static LdxStatus
archive_fail(LdxiUnpack* u)
{
  if (u->status) { // a callback failed and reported why
    return u->status;
  }
  if (archive_errno(u->ar) == ENOMEM) {
    return fail(u, LDX_BAD_ALLOC, "out of memory");
  }
  const char* why = archive_error_string(u->ar);
  return fail(u, LDX_BAD_READ, "%s", why ? why : "corrupt archive");
}

static la_ssize_t
read_cb(struct archive* a, void* client, const void** buf)
{
  LdxiUnpack* u = (LdxiUnpack*)client;
  if (u->ar_over_gzip) {
    if (u->head_pos < u->head_len) {
      *buf           = u->head + u->head_pos;
      const size_t n = u->head_len - u->head_pos;
      u->head_pos    = u->head_len;
      return (la_ssize_t)n;
    }
    size_t got = 0;
    if (gzip_read(u, u->block, BLOCK_SIZE, &got)) {
      archive_set_error(a, EIO, "read error");
      return ARCHIVE_FATAL;
    }
    *buf = u->block;
    return (la_ssize_t)got;
  }
  if (u->in_pos == u->in_len && refill(u)) {
    archive_set_error(a, EIO, "read error");
    return ARCHIVE_FATAL;
  }
  *buf           = u->in + u->in_pos;
  const size_t n = u->in_len - u->in_pos;
  u->in_pos      = u->in_len;
  return (la_ssize_t)n;
}

static la_int64_t
seek_cb(struct archive* a, void* client, la_int64_t offset, int whence)
{
  LdxiUnpack* u = (LdxiUnpack*)client;
  (void)a;
  if (whence == SEEK_CUR) { // relative to what was handed out, not read
    const off_t at = lseek(u->fd, 0, SEEK_CUR);
    if (at < 0) {
      return ARCHIVE_FATAL;
    }
    offset += (la_int64_t)at - (la_int64_t)(u->in_len - u->in_pos);
    whence = SEEK_SET;
  }
  const off_t at = lseek(u->fd, (off_t)offset, whence);
  if (at < 0) {
    return ARCHIVE_FATAL;
  }
  u->in_pos = u->in_len = 0;
  u->in_eof             = false;
  return (la_int64_t)at;
}

static bool
is_seekable(int fd)
{
  struct stat info;
  return !fstat(fd, &info) && S_ISREG(info.st_mode) &&
         lseek(fd, 0, SEEK_CUR) >= 0;
}

// The name of an entry, for messages.
static const char*
entry_name(struct archive_entry* e)
{
  const char* name = archive_entry_pathname_utf8(e);
  if (!name) {
    name = archive_entry_pathname(e);
  }
  return name ? name : "?";
}

// Advance to the next regular file; `*found` false at the end.
static LdxStatus
next_file(LdxiUnpack* u, struct archive_entry** entry, bool* found)
{
  *found = false;
  for (;;) {
    const int r = archive_read_next_header(u->ar, entry);
    if (r == ARCHIVE_EOF) {
      return LDX_SUCCESS;
    }
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      return archive_fail(u);
    }
    if (archive_entry_filetype(*entry) == AE_IFREG) {
      *found = true;
      return LDX_SUCCESS;
    }
  }
}

static LdxStatus
open_archive(LdxiUnpack* u, ArchiveKind kind)
{
  u->ar = archive_read_new();
  if (!u->ar) {
    return fail(u, LDX_BAD_ALLOC, "out of memory");
  }
  int r = ARCHIVE_OK;
  switch (kind) {
    case AR_ZIP:
      r = archive_read_support_format_zip(u->ar);
      break;
    case AR_XZ_ANY:
      r = archive_read_support_filter_xz(u->ar);
      if (r >= ARCHIVE_WARN) {
        r = archive_read_support_format_tar(u->ar);
      }
      if (r >= ARCHIVE_WARN) { // lowest bid: xz that is not tar
        r = archive_read_support_format_raw(u->ar);
      }
      break;
    case AR_TAR_XZ:
      r = archive_read_support_filter_xz(u->ar);
      if (r >= ARCHIVE_WARN) {
        r = archive_read_support_format_tar(u->ar);
      }
      break;
    case AR_TAR_GZ:
      u->ar_over_gzip = true;
      u->block        = (unsigned char*)ldxi_malloc(u->world, BLOCK_SIZE);
      if (!u->block) {
        return fail(u, LDX_BAD_ALLOC, "out of memory");
      }
      r = archive_read_support_format_tar(u->ar);
      break;
  }
  if (r < ARCHIVE_WARN) {
    return archive_fail(u);
  }
  archive_read_set_read_callback(u->ar, read_cb);
  archive_read_set_callback_data(u->ar, u);
  if (kind == AR_ZIP && is_seekable(u->fd)) {
    archive_read_set_seek_callback(u->ar, seek_cb);
  }
  if (archive_read_open1(u->ar) < ARCHIVE_WARN) {
    return archive_fail(u);
  }
  u->mode = MODE_ARCHIVE;

  LdxStatus             st    = LDX_SUCCESS;
  struct archive_entry* entry = NULL;
  bool                  found = false;
  TRY(st, next_file(u, &entry, &found));
  if (!found) {
    return fail(u, LDX_BAD_READ, "the archive holds no file");
  }
  u->member = ldxi_strdup(u->world, entry_name(entry));
  return u->member ? LDX_SUCCESS : fail(u, LDX_BAD_ALLOC, "out of memory");
}

static LdxStatus
archive_read(LdxiUnpack* u, void* buf, size_t size, size_t* got)
{
  LdxStatus st = LDX_SUCCESS;
  *got         = 0;
  if (u->entry_done) {
    return LDX_SUCCESS;
  }
  const la_ssize_t n = archive_read_data(u->ar, buf, size);
  if (n < 0) {
    return archive_fail(u);
  }
  if (n > 0) {
    *got = (size_t)n;
    return LDX_SUCCESS;
  }
  // The end of the file: the archive must hold no other.
  struct archive_entry* entry = NULL;
  bool                  found = false;
  TRY(st, next_file(u, &entry, &found));
  if (found) {
    return fail(u,
                LDX_BAD_READ,
                "the archive holds more than one file ('%s' and '%s'); "
                "expected exactly one",
                u->member,
                entry_name(entry));
  }
  u->entry_done = true;
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Opening

static LdxStatus
open_gzip(LdxiUnpack* u, bool may_be_tar)
{
  u->z.zalloc = ldxi_zalloc;
  u->z.zfree  = ldxi_zfree;
  u->z.opaque = u->world;
  const int r = inflateInit2(&u->z, 15 + 16); // gzip wrapper only
  if (r != Z_OK) {
    return fail(
      u, r == Z_MEM_ERROR ? LDX_BAD_ALLOC : LDX_BAD_READ, "cannot start zlib");
  }
  u->z_live = true;
  u->mode   = MODE_GZIP;
  if (!may_be_tar) {
    return open_archive(u, AR_TAR_GZ);
  }
  LdxStatus st = LDX_SUCCESS;
  while (u->head_len < TAR_BLOCK) {
    size_t got = 0;
    TRY(st, gzip_read(u, u->head + u->head_len, TAR_BLOCK - u->head_len, &got));
    if (!got) {
      break;
    }
    u->head_len += got;
  }
  if (u->head_len == TAR_BLOCK && is_tar_header(u->head)) {
    return open_archive(u, AR_TAR_GZ);
  }
  return LDX_SUCCESS;
}

static const char*
compression_name(LdxiCompression compression)
{
  switch (compression) {
    case LDXI_COMPRESSION_NONE:
      return "rml:none";
    case LDXI_COMPRESSION_GZIP:
      return "rml:gzip";
    case LDXI_COMPRESSION_ZIP:
      return "rml:zip";
    case LDXI_COMPRESSION_TARGZ:
      return "rml:targz";
    case LDXI_COMPRESSION_TARXZ:
      return "rml:tarxz";
  }
  return "?";
}

static LdxStatus
open_format(LdxiUnpack* u, LdxiCompression compression)
{
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ensure(u, 6));
  const unsigned char* m   = u->in + u->in_pos;
  const size_t         n   = u->in_len - u->in_pos;
  const bool           gz  = n >= 2 && m[0] == 0x1F && m[1] == 0x8B;
  const bool           zip = n >= 4 && m[0] == 'P' && m[1] == 'K' &&
                   ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6) ||
                    (m[2] == 7 && m[3] == 8));
  const bool xz = n >= 6 && !memcmp(m,
                                    "\xFD"
                                    "7zXZ\0",
                                    6);

  bool match = false;
  switch (compression) {
    case LDXI_COMPRESSION_NONE:
      if (gz) {
        return open_gzip(u, true);
      }
      if (zip) {
        return open_archive(u, AR_ZIP);
      }
      if (xz) {
        return open_archive(u, AR_XZ_ANY);
      }
      u->mode = MODE_PLAIN;
      return LDX_SUCCESS;
    case LDXI_COMPRESSION_GZIP:
      if ((match = gz)) {
        return open_gzip(u, true);
      }
      break;
    case LDXI_COMPRESSION_TARGZ:
      if ((match = gz)) {
        return open_gzip(u, false);
      }
      break;
    case LDXI_COMPRESSION_ZIP:
      if ((match = zip)) {
        return open_archive(u, AR_ZIP);
      }
      break;
    case LDXI_COMPRESSION_TARXZ:
      if ((match = xz)) {
        return open_archive(u, AR_TAR_XZ);
      }
      break;
    default:
      return fail(u, LDX_BAD_ARG, "unknown compression %d", (int)compression);
  }
  return fail(u,
              LDX_BAD_READ,
              "the mapping says %s, but the file is not %s",
              compression_name(compression),
              compression == LDXI_COMPRESSION_ZIP     ? "a zip archive"
              : compression == LDXI_COMPRESSION_TARXZ ? "xz-compressed"
                                                      : "gzip-compressed");
}

LdxStatus
ldxi_unpack_open(LdxWorld*       world,
                 const char*     path,
                 const char*     display,
                 LdxiCompression compression,
                 uint64_t        limit,
                 LdxiUnpack**    out)
{
  *out          = NULL;
  LdxiUnpack* u = (LdxiUnpack*)ldxi_calloc(world, 1, sizeof(LdxiUnpack));
  if (!u) {
    return ldxi_error(world,
                      LDX_BAD_ALLOC,
                      NULL,
                      "out of memory reading data file '%s'",
                      display);
  }
  u->world     = world;
  u->display   = display;
  u->limit     = limit;
  u->fd        = -1;
  u->in        = (unsigned char*)ldxi_malloc(world, BLOCK_SIZE);
  LdxStatus st = u->in ? LDX_SUCCESS : fail(u, LDX_BAD_ALLOC, "out of memory");
  if (!st) {
    u->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (u->fd < 0) {
      st = ldxi_error(world,
                      LDX_BAD_READ,
                      NULL,
                      "cannot open data file '%s': %s",
                      display,
                      strerror(errno));
    }
  }
  if (!st) {
    st = open_format(u, compression);
  }
  if (st) {
    ldxi_unpack_close(u);
    return st;
  }
  *out = u;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_unpack_read(LdxiUnpack* u, void* buf, size_t size, size_t* got)
{
  *got = 0;
  if (u->status) {
    return u->status;
  }
  if (!size) {
    return ldxi_error(u->world, LDX_BAD_ARG, NULL, "read of 0 bytes");
  }
  LdxStatus st = LDX_SUCCESS;
  switch (u->mode) {
    case MODE_PLAIN:
      return plain_read(u, buf, size, got);
    case MODE_GZIP:
      if (u->head_pos < u->head_len) {
        size_t n = u->head_len - u->head_pos;
        n        = n < size ? n : size;
        memcpy(buf, u->head + u->head_pos, n);
        u->head_pos += n;
        *got = n;
      } else {
        st = gzip_read(u, buf, size, got);
      }
      break;
    case MODE_ARCHIVE:
      st = archive_read(u, buf, size, got);
      break;
  }
  if (!st) {
    u->total += *got;
    if (u->total > u->limit) {
      *got = 0;
      return fail(u,
                  LDX_BAD_LIMIT,
                  "it decompresses to more than %" PRIu64 " bytes",
                  u->limit);
    }
  }
  return st;
}

void
ldxi_unpack_close(LdxiUnpack* u)
{
  if (!u) {
    return;
  }
  if (u->ar) {
    archive_read_free(u->ar);
  }
  if (u->z_live) {
    inflateEnd(&u->z);
  }
  if (u->fd >= 0) {
    close(u->fd);
  }
  LdxWorld* const world = u->world;
  ldxi_free(world, u->member);
  ldxi_free(world, u->block);
  ldxi_free(world, u->in);
  ldxi_free(world, u);
}
