// SPDX-License-Identifier: MIT
// Reading data files as UTF-8: decompression (gzip, zip, tar.gz, tar.xz)
// and decoding (UTF-16) happen here, so every source reads plain UTF-8
// bytes in chunks, in bounded memory.
#ifndef LDX_IO_INPUT_H
#define LDX_IO_INPUT_H

#include "mapping/plan.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stddef.h>

typedef struct LdxiInput LdxiInput;

// Open `path` for reading.  `compression` NONE also recognises gzip, zip
// and xz/tar archives by their magic bytes; an archive must hold exactly
// one regular file (the data).  `encoding` UTF16 reads UTF-16 (BOM decides
// the byte order, little-endian without one); UTF8 also recognises a UTF-16
// BOM.  A UTF-8 BOM is dropped.  Errors are reported with `display` (the
// name shown to users): LDX_BAD_READ (cannot open, corrupt archive),
// LDX_BAD_SYNTAX (invalid UTF-16), LDX_BAD_ALLOC.
LdxStatus
ldxi_input_open(LdxWorld*       world,
                const char*     path,
                const char*     display,
                LdxiCompression compression,
                LdxiEncoding    encoding,
                LdxiInput**     out);

// Read up to `size` bytes of UTF-8 into `buf`; `*got` is 0 at the end.
// Errors: as ldxi_input_open(), reported once.
LdxStatus
ldxi_input_read(LdxiInput* input, void* buf, size_t size, size_t* got);

// Read the whole (decoded) content into a new NUL-terminated buffer,
// allocated with ldxi_malloc(world, ...); `*len` excludes the NUL.
LdxStatus
ldxi_input_read_all(LdxiInput* input, char** data, size_t* len);

void
ldxi_input_close(LdxiInput* input);

#endif // LDX_IO_INPUT_H
