// SPDX-License-Identifier: MIT
// Hash index of a parent triples map for referencing object maps: join key
// (the tuple of parent join values) -> the parent subjects of the records
// with that key.  Built once per run by reading the parent source, then
// probed per child record: a hash join, never a nested loop.
#ifndef LDX_ENGINE_JOIN_INDEX_H
#define LDX_ENGINE_JOIN_INDEX_H

#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"

#include <stddef.h>

typedef struct LdxiJoinIndex LdxiJoinIndex;

// A subject stored in the index (strings owned by the index).
typedef struct LdxiJoinHit LdxiJoinHit;
struct LdxiJoinHit {
  LdxTerm            subject;
  const LdxiJoinHit* next;
};

LdxStatus
ldxi_join_index_new(LdxWorld* world, LdxiJoinIndex** out);

void
ldxi_join_index_free(LdxiJoinIndex* index);

// Add `subject` under `key` (an opaque byte string; see join_key_* in the
// engine for its encoding).  The subject is copied.
LdxStatus
ldxi_join_index_add(LdxiJoinIndex* index,
                    const void*    key,
                    size_t         key_len,
                    const LdxTerm* subject);

// The subjects stored under `key`, most recent first, or NULL.
const LdxiJoinHit*
ldxi_join_index_find(const LdxiJoinIndex* index,
                     const void*          key,
                     size_t               key_len);

#endif // LDX_ENGINE_JOIN_INDEX_H
