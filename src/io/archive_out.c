// SPDX-License-Identifier: MIT
// zip, tar.gz and tar.xz output with libarchive: one regular file, mode
// 0644, dated now.
//
// - zip streams: the entry has no size in its header (libarchive writes a
//   data descriptor and zip64 sizes), so nothing is held back.
// - tar needs the size in the header, before the data: the bytes collect
//   in a 1 MiB buffer that, when full, is appended to a temporary file in
//   $TMPDIR (default /tmp), unlinked as soon as it is created so that
//   nothing is left behind whatever happens; finish writes the archive.
// - The last block is not padded to libarchive's 10 KiB record size (zip
//   must not be; tar readers do not need it).
// - libarchive never sees a failure of `next`: the write callback records
//   it and discards everything after it, and a stage freed unfinished is
//   closed discarding its output.  libarchive 3.6 frees an archive's
//   compressor state only on a clean close, so this is what keeps failures
//   from leaking (archive_write_fail() would leak).
// - libarchive allocates with malloc, not through the world.
#include "io/out_stage.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <archive.h>
#include <archive_entry.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SPOOL_SIZE ((size_t)1 << 20)
#define COPY_SIZE ((size_t)16 * 1024)

typedef struct {
  LdxiOutStage    base;
  LdxWorld*       world;
  const char*     name;
  const char*     member;
  LdxiCompression compression;
  LdxOutputStream next;
  struct archive* ar;
  bool            closed;      // archive_write_close() called
  bool            next_failed; // `next` failed (and reported it)
  bool            discard;     // pass nothing more to `next`
  unsigned char*  spool;       // tar: the newest bytes of the file
  size_t          spool_len;
  int             fd;        // tar: the older bytes, or -1
  uint64_t        file_size; // bytes in `fd`
  LdxStatus       status;
} ArchiveOut;

LDX_LOG_FUNC(2, 3)
static LdxStatus
fail(ArchiveOut* s, const char* fmt, ...)
{
  if (!s->status && !s->next_failed) {
    char    message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof(message), fmt, args);
    va_end(args);
    ldxi_error(
      s->world, LDX_BAD_WRITE, NULL, "cannot write '%s': %s", s->name, message);
  }
  s->status = LDX_BAD_WRITE;
  return LDX_BAD_WRITE;
}

static LdxStatus
archive_fail(ArchiveOut* s)
{
  const char* why = s->ar ? archive_error_string(s->ar) : NULL;
  return fail(s, "%s", why ? why : "out of memory");
}

static la_ssize_t
write_cb(struct archive* a, void* client, const void* buf, size_t len)
{
  ArchiveOut* const s = (ArchiveOut*)client;
  (void)a;
  if (!s->discard && s->next.write(s->next.stream, buf, len)) {
    s->next_failed = true;
    s->discard     = true;
  }
  return (la_ssize_t)len;
}

// Create the archive and write the header of its file (`size` < 0:
// unknown).  Errors: LDX_BAD_ALLOC, LDX_UNSUPPORTED (not reported).
// The member's modification time: SOURCE_DATE_EPOCH when set, so the same
// data gives byte-identical archives (reproducible builds convention).
static time_t
member_time(void)
{
  const char* epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch) {
    char*     end = NULL;
    long long v   = strtoll(epoch, &end, 10);
    if (!*end && v >= 0) {
      return (time_t)v;
    }
  }
  return time(NULL);
}

static LdxStatus
start(ArchiveOut* s, int64_t size)
{
  if (!(s->ar = archive_write_new())) {
    return LDX_BAD_ALLOC;
  }
  int r = ARCHIVE_OK;
  if (s->compression == LDXI_COMPRESSION_ZIP) {
    r = archive_write_set_format_zip(s->ar);
  } else {
    r = archive_write_set_format_pax_restricted(s->ar); // ustar if it can
    if (r >= ARCHIVE_WARN) {
      r = s->compression == LDXI_COMPRESSION_TARGZ
            ? archive_write_add_filter_gzip(s->ar)
            : archive_write_add_filter_xz(s->ar);
    }
  }
  if (r >= ARCHIVE_WARN) {
    r = archive_write_set_bytes_in_last_block(s->ar, 1);
  }
  if (r >= ARCHIVE_WARN) {
    r = archive_write_open(s->ar, s, NULL, write_cb, NULL);
  }
  struct archive_entry* entry = r >= ARCHIVE_WARN ? archive_entry_new() : NULL;
  if (entry) {
    if (s->compression == LDXI_COMPRESSION_ZIP) {
      archive_entry_set_pathname_utf8(entry, s->member); // flagged UTF-8
    } else {
      // The bytes as they are: libarchive 3.6's pax writer crashes on a
      // UTF-8 name it cannot convert to the locale's charset (C locale);
      // given bytes, it stores them as they are (hdrcharset=BINARY).
      archive_entry_set_pathname(entry, s->member);
    }
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, member_time(), 0);
    if (size >= 0) {
      archive_entry_set_size(entry, size);
    }
    r = archive_write_header(s->ar, entry);
    archive_entry_free(entry);
  }
  if (entry && r >= ARCHIVE_WARN) {
    return LDX_SUCCESS;
  }
  return (r >= ARCHIVE_WARN && !entry) || archive_errno(s->ar) == ENOMEM
           ? LDX_BAD_ALLOC
           : LDX_UNSUPPORTED;
}

static LdxStatus
put_data(ArchiveOut* s, const void* buf, size_t len)
{
  const unsigned char* p = (const unsigned char*)buf;
  while (len) {
    const la_ssize_t n = archive_write_data(s->ar, p, len);
    if (n <= 0 || s->next_failed) {
      return archive_fail(s);
    }
    p += n;
    len -= (size_t)n;
  }
  return LDX_SUCCESS;
}

static LdxStatus
close_archive(ArchiveOut* s)
{
  const int r = archive_write_close(s->ar);
  s->closed   = true;
  return r < ARCHIVE_WARN || s->next_failed ? archive_fail(s) : LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// zip

static LdxStatus
zip_write(void* stream, const void* buf, size_t len)
{
  ArchiveOut* const s = (ArchiveOut*)stream;
  return s->status ? LDX_BAD_WRITE : put_data(s, buf, len);
}

static LdxStatus
zip_finish(LdxiOutStage* stage)
{
  ArchiveOut* const s = (ArchiveOut*)stage;
  return s->status ? LDX_BAD_WRITE : close_archive(s);
}

// ---------------------------------------------------------------------------
// tar

static LdxStatus
open_temp(ArchiveOut* s)
{
  const char* dir = getenv("TMPDIR");
  if (!dir || !*dir) {
    dir = "/tmp";
  }
  char      path[PATH_MAX];
  const int n = snprintf(path, sizeof(path), "%s/.ldexport-XXXXXX", dir);
  if (n < 0 || (size_t)n >= sizeof(path)) {
    return fail(s, "temporary directory name too long: '%s'", dir);
  }
  s->fd = mkstemp(path);
  if (s->fd < 0) {
    return fail(
      s, "cannot create a temporary file in '%s': %s", dir, strerror(errno));
  }
  unlink(path); // gone when closed, even after a crash
  (void)fcntl(s->fd, F_SETFD, FD_CLOEXEC);
  return LDX_SUCCESS;
}

static LdxStatus
temp_write(ArchiveOut* s, const unsigned char* p, size_t len)
{
  if (s->fd < 0 && open_temp(s)) {
    return LDX_BAD_WRITE;
  }
  while (len) {
    const ssize_t n = write(s->fd, p, len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return fail(
        s, "cannot write a temporary file: %s", strerror(n < 0 ? errno : EIO));
    }
    p += n;
    len -= (size_t)n;
    s->file_size += (uint64_t)n;
  }
  return LDX_SUCCESS;
}

static LdxStatus
tar_write(void* stream, const void* buf, size_t len)
{
  ArchiveOut* const    s = (ArchiveOut*)stream;
  const unsigned char* p = (const unsigned char*)buf;
  if (s->status) {
    return LDX_BAD_WRITE;
  }
  while (len) {
    if (s->spool_len == SPOOL_SIZE) {
      if (temp_write(s, s->spool, s->spool_len)) {
        return LDX_BAD_WRITE;
      }
      s->spool_len = 0;
    }
    if (!s->spool_len && len >= SPOOL_SIZE) { // no point in copying
      return temp_write(s, p, len);
    }
    size_t n = SPOOL_SIZE - s->spool_len;
    n        = n < len ? n : len;
    memcpy(s->spool + s->spool_len, p, n);
    s->spool_len += n;
    p += n;
    len -= n;
  }
  return LDX_SUCCESS;
}

// Pass the temporary file's content to the archive.
static LdxStatus
copy_temp(ArchiveOut* s)
{
  unsigned char chunk[COPY_SIZE];
  uint64_t      left = s->file_size;
  if (left && lseek(s->fd, 0, SEEK_SET)) {
    return fail(s, "cannot read a temporary file: %s", strerror(errno));
  }
  while (left) {
    const size_t  want = left < COPY_SIZE ? (size_t)left : COPY_SIZE;
    const ssize_t n    = read(s->fd, chunk, want);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return fail(s,
                  "cannot read a temporary file: %s",
                  n < 0 ? strerror(errno) : "it is shorter than written");
    }
    if (put_data(s, chunk, (size_t)n)) {
      return LDX_BAD_WRITE;
    }
    left -= (uint64_t)n;
  }
  return LDX_SUCCESS;
}

static LdxStatus
tar_finish(LdxiOutStage* stage)
{
  ArchiveOut* const s = (ArchiveOut*)stage;
  if (s->status) {
    return LDX_BAD_WRITE;
  }
  const uint64_t size = s->file_size + s->spool_len;
  if (size > INT64_MAX) {
    return fail(s, "too large for tar");
  }
  const LdxStatus st = start(s, (int64_t)size);
  if (st == LDX_BAD_ALLOC) {
    return fail(s, "out of memory");
  }
  if (st) {
    return archive_fail(s);
  }
  if ((s->fd >= 0 && copy_temp(s)) || put_data(s, s->spool, s->spool_len)) {
    return LDX_BAD_WRITE;
  }
  return close_archive(s);
}

// ---------------------------------------------------------------------------

static void
archive_stage_free(LdxiOutStage* stage)
{
  ArchiveOut* const s = (ArchiveOut*)stage;
  if (s->ar) {
    if (!s->closed) { // release libarchive's state, writing nothing
      s->discard = true;
      archive_write_close(s->ar);
    }
    archive_write_free(s->ar);
  }
  if (s->fd >= 0) {
    close(s->fd);
  }
  ldxi_free(s->world, s->spool);
  ldxi_free(s->world, s);
}

LdxStatus
ldxi_archive_stage_new(LdxWorld*       world,
                       LdxiCompression compression,
                       const char*     name,
                       const char*     member,
                       LdxOutputStream next,
                       LdxiOutStage**  out)
{
  *out = NULL;
  if (compression != LDXI_COMPRESSION_ZIP &&
      compression != LDXI_COMPRESSION_TARGZ &&
      compression != LDXI_COMPRESSION_TARXZ) {
    return LDX_UNSUPPORTED;
  }
  ArchiveOut* s = (ArchiveOut*)ldxi_calloc(world, 1, sizeof(ArchiveOut));
  if (!s) {
    return LDX_BAD_ALLOC;
  }
  const bool zip        = compression == LDXI_COMPRESSION_ZIP;
  s->base.stream.stream = s;
  s->base.stream.write  = zip ? zip_write : tar_write;
  s->base.stream.flush  = NULL;
  s->base.finish        = zip ? zip_finish : tar_finish;
  s->base.free          = archive_stage_free;
  s->world              = world;
  s->name               = name;
  s->member             = member;
  s->compression        = compression;
  s->next               = next;
  s->fd                 = -1;
  LdxStatus st          = LDX_SUCCESS;
  if (zip) {
    st = start(s, -1);
  } else {
    s->spool = (unsigned char*)ldxi_malloc(world, SPOOL_SIZE);
    st       = s->spool ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  if (st) {
    archive_stage_free(&s->base);
    return st;
  }
  *out = &s->base;
  return LDX_SUCCESS;
}
