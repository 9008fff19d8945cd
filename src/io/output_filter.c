// SPDX-License-Identifier: MIT
// Placeholder until compression and UTF-16 output are implemented: only
// the identity filter exists.
#include "io/output_filter.h"

#include "core/alloc.h"

struct LdxiOutputFilter {
  LdxWorld*       world;
  LdxOutputStream next;
};

LdxStatus
ldxi_output_filter_new(LdxWorld*          world,
                       LdxiCompression    compression,
                       LdxiEncoding       encoding,
                       const char*        member,
                       LdxOutputStream    next,
                       LdxiOutputFilter** out)
{
  (void)member;
  if (compression != LDXI_COMPRESSION_NONE ||
      encoding != LDXI_ENCODING_UTF8) {
    return LDX_UNSUPPORTED;
  }
  LdxiOutputFilter* f =
    (LdxiOutputFilter*)ldxi_calloc(world, 1, sizeof(LdxiOutputFilter));
  if (!f) {
    return LDX_BAD_ALLOC;
  }
  f->world = world;
  f->next  = next;
  *out     = f;
  return LDX_SUCCESS;
}

LdxOutputStream
ldxi_output_filter_stream(LdxiOutputFilter* filter)
{
  return filter->next;
}

LdxStatus
ldxi_output_filter_finish(LdxiOutputFilter* filter)
{
  return filter->next.flush ? filter->next.flush(filter->next.stream)
                            : LDX_SUCCESS;
}

void
ldxi_output_filter_free(LdxiOutputFilter* filter)
{
  if (filter) {
    ldxi_free(filter->world, filter);
  }
}
