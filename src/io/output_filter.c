// SPDX-License-Identifier: MIT
// Output filters: a chain of at most two stages (out_stage.h) in front of
// the target file, the encoder first:
//
//   writer -> [UTF-16 encoder] -> [gzip | zip | tar.gz | tar.xz] -> next
//
// With neither, the writer writes to `next` itself.
//
// Callers pass the target file's base name as `member`; a suffix naming
// the compression (".gz", ".zip", ".tar.gz"/".tgz", ".tar.xz"/".txz",
// any case) is dropped from the name stored inside, so that
// "dump1.nq.zip" holds "dump1.nq" as the RML-IO test cases expect.  The
// name as given is used in messages.
#include "io/output_filter.h"

#include "io/out_stage.h"

#include "core/alloc.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

struct LdxiOutputFilter {
  LdxWorld*       world;
  LdxiOutStage*   stages[2]; // in the order bytes go through them
  size_t          n_stages;
  LdxOutputStream next;
  char*           name;   // for messages
  char*           member; // stored in archives
  bool            finished;
  LdxStatus       status; // of finish
};

static size_t
suffix_len(const char* name, size_t len, const char* suffix)
{
  const size_t n = strlen(suffix);
  return len > n && !strcasecmp(name + len - n, suffix) ? n : 0;
}

// `name` without the suffix of `compression`, if it has it.
static size_t
member_len(const char* name, LdxiCompression compression)
{
  static const char* const gz[]    = { ".gz", NULL };
  static const char* const zip[]   = { ".zip", NULL };
  static const char* const targz[] = { ".tar.gz", ".tgz", NULL };
  static const char* const tarxz[] = { ".tar.xz", ".txz", NULL };
  const char* const*       list    = NULL;
  switch (compression) {
    case LDXI_COMPRESSION_GZIP:
      list = gz;
      break;
    case LDXI_COMPRESSION_ZIP:
      list = zip;
      break;
    case LDXI_COMPRESSION_TARGZ:
      list = targz;
      break;
    case LDXI_COMPRESSION_TARXZ:
      list = tarxz;
      break;
    default:
      break;
  }
  const size_t len = strlen(name);
  for (; list && *list; ++list) {
    const size_t n = suffix_len(name, len, *list);
    if (n) {
      return len - n;
    }
  }
  return len;
}

void
ldxi_output_filter_free(LdxiOutputFilter* filter)
{
  if (!filter) {
    return;
  }
  for (size_t i = 0; i < filter->n_stages; ++i) {
    filter->stages[i]->free(filter->stages[i]);
  }
  ldxi_free(filter->world, filter->member);
  ldxi_free(filter->world, filter->name);
  ldxi_free(filter->world, filter);
}

LdxStatus
ldxi_output_filter_new(LdxWorld*          world,
                       LdxiCompression    compression,
                       LdxiEncoding       encoding,
                       const char*        member,
                       LdxOutputStream    next,
                       LdxiOutputFilter** out)
{
  *out = NULL;
  if ((unsigned)compression > LDXI_COMPRESSION_TARXZ ||
      (unsigned)encoding > LDXI_ENCODING_UTF16) {
    return LDX_UNSUPPORTED;
  }
  LdxiOutputFilter* f =
    (LdxiOutputFilter*)ldxi_calloc(world, 1, sizeof(LdxiOutputFilter));
  if (!f) {
    return LDX_BAD_ALLOC;
  }
  f->world = world;
  f->next  = next;
  if (!member || !*member) {
    member = "data";
  }
  f->name      = ldxi_strdup(world, member);
  f->member    = ldxi_strndup(world, member, member_len(member, compression));
  LdxStatus st = f->name && f->member ? LDX_SUCCESS : LDX_BAD_ALLOC;

  // Built from the file backwards; stages[] is then reversed.
  LdxiOutStage* stage = NULL;
  if (!st && compression == LDXI_COMPRESSION_GZIP) {
    st = ldxi_gzip_stage_new(world, f->name, f->member, next, &stage);
  } else if (!st && compression != LDXI_COMPRESSION_NONE) {
    st = ldxi_archive_stage_new(
      world, compression, f->name, f->member, next, &stage);
  }
  if (stage) {
    f->stages[f->n_stages++] = stage;
    next                     = stage->stream;
    stage                    = NULL;
  }
  if (!st && encoding == LDXI_ENCODING_UTF16) {
    st = ldxi_utf16_stage_new(world, f->name, next, &stage);
  }
  if (stage) {
    f->stages[f->n_stages++] = stage;
  }
  if (f->n_stages == 2) {
    LdxiOutStage* const last = f->stages[0];
    f->stages[0]             = f->stages[1];
    f->stages[1]             = last;
  }
  if (st) {
    ldxi_output_filter_free(f);
    return st;
  }
  *out = f;
  return LDX_SUCCESS;
}

LdxOutputStream
ldxi_output_filter_stream(LdxiOutputFilter* filter)
{
  return filter->n_stages ? filter->stages[0]->stream : filter->next;
}

LdxStatus
ldxi_output_filter_finish(LdxiOutputFilter* filter)
{
  if (filter->finished) {
    return filter->status;
  }
  filter->finished = true;
  LdxStatus st     = LDX_SUCCESS;
  for (size_t i = 0; !st && i < filter->n_stages; ++i) {
    st = filter->stages[i]->finish(filter->stages[i]);
  }
  if (!st && filter->next.flush) {
    st = filter->next.flush(filter->next.stream);
  }
  filter->status = st ? LDX_BAD_WRITE : LDX_SUCCESS;
  return filter->status;
}
