// SPDX-License-Identifier: MIT
#include "core/alloc.h"

#include "core/world_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void*
ldxi_malloc(LdxWorld* world, size_t size)
{
  return world ? world->alloc.malloc(world->alloc.handle, size) : malloc(size);
}

void*
ldxi_calloc(LdxWorld* world, size_t nmemb, size_t size)
{
  return world ? world->alloc.calloc(world->alloc.handle, nmemb, size)
               : calloc(nmemb, size);
}

void*
ldxi_realloc(LdxWorld* world, void* ptr, size_t size)
{
  return world ? world->alloc.realloc(world->alloc.handle, ptr, size)
               : realloc(ptr, size);
}

void
ldxi_free(LdxWorld* world, void* ptr)
{
  if (!ptr) {
    return;
  }
  if (world) {
    world->alloc.free(world->alloc.handle, ptr);
  } else {
    free(ptr);
  }
}

char*
ldxi_strndup(LdxWorld* world, const char* str, size_t len)
{
  char* copy = (char*)ldxi_malloc(world, len + 1);
  if (copy) {
    if (len) {
      memcpy(copy, str, len);
    }
    copy[len] = '\0';
  }
  return copy;
}

char*
ldxi_strdup(LdxWorld* world, const char* str)
{
  return str ? ldxi_strndup(world, str, strlen(str)) : NULL;
}

int
ldxi_grow(LdxWorld* world, void** array, size_t* cap, size_t need, size_t elem)
{
  if (need <= *cap) {
    return 0;
  }
  size_t new_cap = *cap ? *cap : 8;
  while (new_cap < need) {
    if (new_cap > SIZE_MAX / 2) {
      return -1;
    }
    new_cap *= 2;
  }
  if (new_cap > SIZE_MAX / elem) {
    return -1;
  }
  void* grown = ldxi_realloc(world, *array, new_cap * elem);
  if (!grown) {
    return -1;
  }
  *array = grown;
  *cap   = new_cap;
  return 0;
}
