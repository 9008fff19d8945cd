// SPDX-License-Identifier: MIT
// UTF-16 to UTF-8 decoding of input, with glibc's iconv.  (The opposite
// direction, for output, is an output stage: see out_stage.h.)
#ifndef LDX_IO_UTF16_H
#define LDX_IO_UTF16_H

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Where a decoder gets its bytes: like ldxi_input_read(), reports its own
// errors.
typedef LdxStatus (*LdxiReadFunc)(void*   handle,
                                  void*   buf,
                                  size_t  size,
                                  size_t* got);

typedef struct LdxiUtf16Decoder LdxiUtf16Decoder;

// Decode the UTF-16 (without BOM) that `read` yields.  `offset` is the
// position of its first byte in the data (after a BOM), so that messages
// give byte offsets in the data; `display` names the file (borrowed).
// Errors: LDX_BAD_ALLOC, LDX_UNSUPPORTED (iconv lacks UTF-16), reported.
LdxStatus
ldxi_utf16_decoder_new(LdxWorld*          world,
                       const char*        display,
                       bool               big_endian,
                       uint64_t           offset,
                       LdxiReadFunc       read,
                       void*              handle,
                       LdxiUtf16Decoder** out);

// Read up to `size` (> 0) bytes of UTF-8; `*got` is 0 at the end.
// Errors: LDX_BAD_SYNTAX (an unpaired surrogate, or a character cut by
// the end of the data), reported with the byte offset; errors of `read`.
LdxStatus
ldxi_utf16_decoder_read(LdxiUtf16Decoder* dec,
                        void*             buf,
                        size_t            size,
                        size_t*           got);

void
ldxi_utf16_decoder_free(LdxiUtf16Decoder* dec);

#endif // LDX_IO_UTF16_H
