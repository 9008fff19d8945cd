// SPDX-License-Identifier: MIT
// Output filters: character encoding (UTF-16) and compression (gzip, zip,
// tar.gz, tar.xz) between a writer and the file it writes.
#ifndef LDX_IO_OUTPUT_FILTER_H
#define LDX_IO_OUTPUT_FILTER_H

#include "mapping/plan.h"

#include "ldexport/output.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

typedef struct LdxiOutputFilter LdxiOutputFilter;

// Wrap `next`: bytes written to the filter's stream are UTF-8, re-encoded
// to `encoding`, then compressed with `compression` before they reach
// `next`.  `member` names the file inside zip and tar archives.
// Errors: LDX_UNSUPPORTED, LDX_BAD_ALLOC.
LdxStatus
ldxi_output_filter_new(LdxWorld*          world,
                       LdxiCompression    compression,
                       LdxiEncoding       encoding,
                       const char*        member,
                       LdxOutputStream    next,
                       LdxiOutputFilter** out);

// The stream to write to (valid while the filter lives).
LdxOutputStream
ldxi_output_filter_stream(LdxiOutputFilter* filter);

// Write what is pending and the format's trailer.  Errors: LDX_BAD_WRITE.
LdxStatus
ldxi_output_filter_finish(LdxiOutputFilter* filter);

void
ldxi_output_filter_free(LdxiOutputFilter* filter);

#endif // LDX_IO_OUTPUT_FILTER_H
