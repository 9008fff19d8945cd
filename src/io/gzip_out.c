// SPDX-License-Identifier: MIT
// gzip output with zlib, allocating through the world.  The header names
// the original file and carries no time stamp, so equal outputs compress
// to equal files.
#include "io/out_stage.h"

#include "io/zalloc.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#define OUT_SIZE ((size_t)64 * 1024)

typedef struct {
  LdxiOutStage    base;
  LdxWorld*       world;
  const char*     name;
  LdxOutputStream next;
  z_stream        z;
  bool            z_live;
  gz_header       header;
  char*           original; // file name in the header (zlib keeps a pointer)
  unsigned char*  out;
  LdxStatus       status;
} GzipOut;

static LdxStatus
gz_fail(GzipOut* s, const char* what)
{
  ldxi_error(s->world,
             LDX_BAD_WRITE,
             NULL,
             "cannot write '%s': zlib: %s",
             s->name,
             s->z.msg ? s->z.msg : what);
  s->status = LDX_BAD_WRITE;
  return LDX_BAD_WRITE;
}

// Run deflate with `flush` until it needs input (or, for Z_FINISH, until
// the end), passing its output on.
static LdxStatus
gz_run(GzipOut* s, int flush)
{
  for (;;) {
    s->z.next_out  = s->out;
    s->z.avail_out = (uInt)OUT_SIZE;
    const int    r = deflate(&s->z, flush);
    const size_t n = OUT_SIZE - s->z.avail_out;
    if (r == Z_STREAM_ERROR) {
      return gz_fail(s, "internal error");
    }
    if (n && s->next.write(s->next.stream, s->out, n)) {
      s->status = LDX_BAD_WRITE; // reported by `next`
      return LDX_BAD_WRITE;
    }
    if (flush == Z_FINISH ? r == Z_STREAM_END
                          : !s->z.avail_in && s->z.avail_out) {
      return LDX_SUCCESS;
    }
    if (r == Z_BUF_ERROR && !n) { // no progress: never spin
      return gz_fail(s, "no progress");
    }
  }
}

static LdxStatus
gz_write(void* stream, const void* buf, size_t len)
{
  GzipOut* const       s = (GzipOut*)stream;
  const unsigned char* p = (const unsigned char*)buf;
  if (s->status) {
    return LDX_BAD_WRITE;
  }
  while (len) {
    const size_t n = len > UINT_MAX ? UINT_MAX : len;
    s->z.next_in   = (Bytef*)(uintptr_t)p; // zlib does not write through it
    s->z.avail_in  = (uInt)n;
    if (gz_run(s, Z_NO_FLUSH)) {
      return LDX_BAD_WRITE;
    }
    p += n;
    len -= n;
  }
  return LDX_SUCCESS;
}

static LdxStatus
gz_finish(LdxiOutStage* stage)
{
  GzipOut* const s = (GzipOut*)stage;
  if (s->status) {
    return LDX_BAD_WRITE;
  }
  s->z.next_in  = Z_NULL;
  s->z.avail_in = 0;
  return gz_run(s, Z_FINISH);
}

static void
gz_free(LdxiOutStage* stage)
{
  GzipOut* const s = (GzipOut*)stage;
  if (s->z_live) {
    deflateEnd(&s->z);
  }
  ldxi_free(s->world, s->original);
  ldxi_free(s->world, s->out);
  ldxi_free(s->world, s);
}

LdxStatus
ldxi_gzip_stage_new(LdxWorld*       world,
                    const char*     name,
                    const char*     member,
                    LdxOutputStream next,
                    LdxiOutStage**  out)
{
  *out       = NULL;
  GzipOut* s = (GzipOut*)ldxi_calloc(world, 1, sizeof(GzipOut));
  if (!s) {
    return LDX_BAD_ALLOC;
  }
  s->base.stream.stream = s;
  s->base.stream.write  = gz_write;
  s->base.stream.flush  = NULL;
  s->base.finish        = gz_finish;
  s->base.free          = gz_free;
  s->world              = world;
  s->name               = name;
  s->next               = next;
  s->out                = (unsigned char*)ldxi_malloc(world, OUT_SIZE);
  s->original           = member ? ldxi_strdup(world, member) : NULL;
  s->z.zalloc           = ldxi_zalloc;
  s->z.zfree            = ldxi_zfree;
  s->z.opaque           = world;
  LdxStatus st =
    s->out && (s->original || !member) ? LDX_SUCCESS : LDX_BAD_ALLOC;
  if (!st) {
    const int r = deflateInit2(&s->z,
                               Z_DEFAULT_COMPRESSION,
                               Z_DEFLATED,
                               15 + 16, // gzip wrapper
                               8,
                               Z_DEFAULT_STRATEGY);
    s->z_live   = r == Z_OK;
    st          = r == Z_OK          ? LDX_SUCCESS
                  : r == Z_MEM_ERROR ? LDX_BAD_ALLOC
                                     : LDX_UNSUPPORTED;
  }
  if (!st) {
    s->header.os   = 3; // Unix
    s->header.name = (Bytef*)s->original;
    st             = deflateSetHeader(&s->z, &s->header) == Z_OK ? LDX_SUCCESS
                                                                 : LDX_UNSUPPORTED;
  }
  if (st) {
    gz_free(&s->base);
    return st;
  }
  *out = &s->base;
  return LDX_SUCCESS;
}
