// SPDX-License-Identifier: MIT
// zlib's allocation hooks, routed through the world's allocator (the
// world is zlib's `opaque`).
#ifndef LDX_IO_ZALLOC_H
#define LDX_IO_ZALLOC_H

#include "core/alloc.h"

#include <stdint.h>
#include <zlib.h>

static inline voidpf
ldxi_zalloc(voidpf opaque, uInt items, uInt size)
{
  if (size && items > SIZE_MAX / size) {
    return Z_NULL;
  }
  return ldxi_malloc((LdxWorld*)opaque, (size_t)items * size);
}

static inline void
ldxi_zfree(voidpf opaque, voidpf ptr)
{
  ldxi_free((LdxWorld*)opaque, ptr);
}

#endif // LDX_IO_ZALLOC_H
