// SPDX-License-Identifier: MIT
// A counting allocator that can fail the n-th allocation, for tests that
// check every allocation failure ends cleanly (LDX_BAD_ALLOC, no leak).
//
//   FailingAlloc fa = {0};
//   LdxAllocator a  = failing_alloc(&fa);
//   ... run once with fa.fail_at = 0 to count fa.count ...
//   for (size_t i = 1; i <= count; ++i) { failing_alloc_reset(&fa, i); ... }
//   assert(fa.live == 0);
#ifndef LDX_TESTS_FAILING_ALLOC_H
#define LDX_TESTS_FAILING_ALLOC_H

#include "ldexport/world.h"

#include <stdlib.h>

typedef struct {
  size_t count;   // allocations so far
  size_t fail_at; // 1-based allocation to fail; 0 = never
  long   live;    // blocks allocated and not freed
} FailingAlloc;

static inline int
failing_alloc_fails(FailingAlloc* fa)
{
  return ++fa->count == fa->fail_at;
}

static inline void*
failing_malloc(void* handle, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (failing_alloc_fails(fa)) {
    return NULL;
  }
  void* p = malloc(size);
  fa->live += p != NULL;
  return p;
}

static inline void*
failing_calloc(void* handle, size_t nmemb, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (failing_alloc_fails(fa)) {
    return NULL;
  }
  void* p = calloc(nmemb, size);
  fa->live += p != NULL;
  return p;
}

static inline void*
failing_realloc(void* handle, void* ptr, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (failing_alloc_fails(fa)) {
    return NULL;
  }
  void* p = realloc(ptr, size);
  fa->live += p && !ptr;
  return p;
}

static inline void
failing_free(void* handle, void* ptr)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  fa->live -= ptr != NULL;
  free(ptr);
}

static inline LdxAllocator
failing_alloc(FailingAlloc* fa)
{
  LdxAllocator a = {
    failing_malloc, failing_calloc, failing_realloc, failing_free, fa
  };
  return a;
}

static inline void
failing_alloc_reset(FailingAlloc* fa, size_t fail_at)
{
  fa->count   = 0;
  fa->fail_at = fail_at;
  fa->live    = 0;
}

#endif // LDX_TESTS_FAILING_ALLOC_H
