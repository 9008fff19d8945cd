// SPDX-License-Identifier: MIT
// Internal entry of the duplicate filter for producers that have quads in
// batches (the engine, per record).
#ifndef LDX_SINK_DEDUP_IMPL_H
#define LDX_SINK_DEDUP_IMPL_H

#include "ldexport/sink.h"

// Filter and forward `n` quads in order, as n quad events would; hashing
// a batch ahead lets the set's cache misses overlap.
LdxStatus
ldxi_dedup_quads(LdxDedup* dedup, const LdxQuad* quads, size_t n);

#endif // LDX_SINK_DEDUP_IMPL_H
