// SPDX-License-Identifier: MIT
// Helpers shared by the JSON tests: a counting allocator that can fail the
// n-th allocation and tracks the largest block, and a listing of nodes.
#ifndef LDX_TESTS_JSON_SUPPORT_H
#define LDX_TESTS_JSON_SUPPORT_H

#include "core/buf.h"
#include "json/json.h"
#include "jsonpath/jsonpath.h"

#include "ldexport.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
  size_t live;     // blocks not yet freed
  size_t fail_at;  // fail the attempt with this number (SIZE_MAX: never)
  size_t attempts; // allocation attempts so far
  size_t largest;  // largest block asked for
} Counter;

static inline bool
counter_fails(Counter* c, size_t size)
{
  if (size > c->largest) {
    c->largest = size;
  }
  return c->attempts++ == c->fail_at;
}

static inline void*
counter_malloc(void* handle, size_t size)
{
  Counter* c = (Counter*)handle;
  void*    p = counter_fails(c, size) ? NULL : malloc(size);
  c->live += p != NULL;
  return p;
}

static inline void*
counter_calloc(void* handle, size_t nmemb, size_t size)
{
  Counter* c = (Counter*)handle;
  void*    p = counter_fails(c, nmemb * size) ? NULL : calloc(nmemb, size);
  c->live += p != NULL;
  return p;
}

static inline void*
counter_realloc(void* handle, void* ptr, size_t size)
{
  Counter* c = (Counter*)handle;
  void*    p = counter_fails(c, size) ? NULL : realloc(ptr, size);
  c->live += p != NULL && !ptr;
  return p;
}

static inline void
counter_free(void* handle, void* ptr)
{
  Counter* c = (Counter*)handle;
  if (ptr) {
    --c->live;
    free(ptr);
  }
}

// A world whose allocations `c` counts (the world's own are not counted).
static inline LdxWorld*
counting_world(Counter* c)
{
  const LdxAllocator alloc = {
    counter_malloc, counter_calloc, counter_realloc, counter_free, c
  };
  c->fail_at      = SIZE_MAX;
  LdxWorld* world = ldx_world_new(&alloc);
  assert(world);
  c->live     = 0;
  c->attempts = 0;
  c->largest  = 0;
  return world;
}

// Appends "value@path|" for each node it is given.
typedef struct {
  LdxiBuf buf;
  size_t  count;
} Listing;

static inline LdxStatus
list_node(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  Listing*  l  = (Listing*)handle;
  LdxStatus st = ldxi_json_write(node, LDXI_JSON_WRITE_ASCII, &l->buf);
  if (!st) {
    st = ldxi_buf_putc(&l->buf, '@');
  }
  if (!st) {
    st = loc ? ldxi_jsonpath_loc_format(loc, &l->buf)
             : ldxi_buf_putc(&l->buf, '$');
  }
  if (!st) {
    st = ldxi_buf_putc(&l->buf, '|');
  }
  ++l->count;
  return st;
}

#endif // LDX_TESTS_JSON_SUPPORT_H
