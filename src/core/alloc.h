// SPDX-License-Identifier: MIT
// Allocation through the world's allocator.  A NULL world means the C
// library's allocator (used by tests and by code that has no world).
#ifndef LDX_CORE_ALLOC_H
#define LDX_CORE_ALLOC_H

#include "ldexport/world.h"

#include <stddef.h>

void*
ldxi_malloc(LdxWorld* world, size_t size);

void*
ldxi_calloc(LdxWorld* world, size_t nmemb, size_t size);

void*
ldxi_realloc(LdxWorld* world, void* ptr, size_t size);

void
ldxi_free(LdxWorld* world, void* ptr);

// Copy `len` bytes into a new NUL-terminated string; NULL on failure.
char*
ldxi_strndup(LdxWorld* world, const char* str, size_t len);

// Copy a NUL-terminated string (NULL gives NULL).
char*
ldxi_strdup(LdxWorld* world, const char* str);

// Grow an array of `*cap` elements of `elem` bytes so that it holds at
// least `need`; doubles the capacity.  Returns 0 on success.
int
ldxi_grow(LdxWorld* world, void** array, size_t* cap, size_t need, size_t elem);

#endif // LDX_CORE_ALLOC_H
