// SPDX-License-Identifier: MIT
// Stages of an output filter (output_filter.c chains them): each is a byte
// stream that transforms what it gets and writes the result to `next`.
#ifndef LDX_IO_OUT_STAGE_H
#define LDX_IO_OUT_STAGE_H

#include "mapping/plan.h"

#include "ldexport/output.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

typedef struct LdxiOutStage LdxiOutStage;

// The first member of every stage.  Writes return LDX_BAD_WRITE after any
// failure; a failure of `next` is not reported again (it reports its own),
// others are reported once, naming the output.
struct LdxiOutStage {
  LdxOutputStream stream; // where the stage before writes
  // Write what is pending and the format's trailer to `next` (without
  // flushing it).  Errors: LDX_BAD_WRITE.
  LdxStatus (*finish)(LdxiOutStage* stage);
  // Release everything; after no finish, nothing more reaches `next`.
  void (*free)(LdxiOutStage* stage);
};

// UTF-8 in, UTF-16LE with a byte order mark out (iconv).  `name` names the
// output in messages (borrowed).  Errors: LDX_BAD_ALLOC, LDX_UNSUPPORTED.
LdxStatus
ldxi_utf16_stage_new(LdxWorld*       world,
                     const char*     name,
                     LdxOutputStream next,
                     LdxiOutStage**  out);

// gzip (zlib); `member` (borrowed, may be NULL) goes into the header as
// the original file name.  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_gzip_stage_new(LdxWorld*       world,
                    const char*     name,
                    const char*     member,
                    LdxOutputStream next,
                    LdxiOutStage**  out);

// A zip, tar.gz or tar.xz archive with one regular file named `member`
// (libarchive).  Zip streams; tar spools the file (in memory, then in an
// unlinked temporary file) to know its size for the header.
// Errors: LDX_BAD_ALLOC, LDX_UNSUPPORTED.
LdxStatus
ldxi_archive_stage_new(LdxWorld*       world,
                       LdxiCompression compression,
                       const char*     name,
                       const char*     member,
                       LdxOutputStream next,
                       LdxiOutStage**  out);

#endif // LDX_IO_OUT_STAGE_H
