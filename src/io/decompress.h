// SPDX-License-Identifier: MIT
// Decompressing a data file: gzip with zlib; zip, tar inside gzip or xz,
// and plain xz with libarchive.  Yields the bytes of the one regular file
// inside, in chunks.
#ifndef LDX_IO_DECOMPRESS_H
#define LDX_IO_DECOMPRESS_H

#include "mapping/plan.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stddef.h>
#include <stdint.h>

// Default cap on the decompressed size of the file inside (zip bombs):
// 64 GiB, far beyond any data file a mapping can process in memory.
#define LDXI_UNPACK_MAX_BYTES ((uint64_t)64 << 30)

typedef struct LdxiUnpack LdxiUnpack;

// Open `path`.  `compression` NONE recognises gzip, zip and xz by their
// magic bytes (and tar inside gzip or xz) and reads anything else as is;
// another value requires that format.  More than `limit` decompressed
// bytes is an error (LDX_BAD_LIMIT).  Errors are reported once, naming
// `display` (borrowed: it must outlive the result): LDX_BAD_READ,
// LDX_BAD_LIMIT, LDX_BAD_ALLOC, LDX_BAD_ARG.
LdxStatus
ldxi_unpack_open(LdxWorld*       world,
                 const char*     path,
                 const char*     display,
                 LdxiCompression compression,
                 uint64_t        limit,
                 LdxiUnpack**    out);

// Read up to `size` (> 0) bytes; `*got` is 0 at the end.  The end of an
// archive's file is reported only once no second regular file follows.
// After an error every call returns it again.
LdxStatus
ldxi_unpack_read(LdxiUnpack* unpack, void* buf, size_t size, size_t* got);

void
ldxi_unpack_close(LdxiUnpack* unpack);

#endif // LDX_IO_DECOMPRESS_H
