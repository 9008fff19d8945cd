// SPDX-License-Identifier: MIT
/**
 * @file world.h
 * @brief The context object: allocator, limits and diagnostics handler.
 * @defgroup world World
 * @{
 */
#ifndef LDEXPORT_WORLD_H
#define LDEXPORT_WORLD_H

#include "ldexport/attributes.h"
#include "ldexport/diag.h"
#include "ldexport/status.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque context shared by everything created from it. Not thread-safe. */
typedef struct LdxWorldImpl LdxWorld;

/** Allocation functions; every library allocation goes through these. */
typedef struct {
  void* (*malloc)(void* handle, size_t size);
  void* (*calloc)(void* handle, size_t nmemb, size_t size);
  void* (*realloc)(void* handle, void* ptr, size_t size);
  void (*free)(void* handle, void* ptr);
  void* handle; ///< Passed to each function
} LdxAllocator;

/** Limits that protect against hostile or broken input. 0 = default. */
typedef struct {
  size_t max_depth; ///< Nesting depth of data and expressions (default 512)
  size_t max_value_bytes; ///< Length of one generated term (default 16 MiB)
  size_t max_errors; ///< Diagnostics reported before giving up (default 100)
} LdxLimits;

/**
 * Create a world.
 * @param allocator Allocation functions, copied; NULL for the C library's.
 * @return A new world, or NULL if allocation failed.
 * Ownership: the caller frees it with ldx_world_free() after every object
 * created from it.
 */
LDX_API LDX_MALLOC_FUNC LdxWorld*
ldx_world_new(const LdxAllocator* allocator);

/** Free a world. NULL is a no-op. */
LDX_API void
ldx_world_free(LdxWorld* world);

/**
 * Set the function that receives diagnostics.
 * The default prints them to stderr with ldx_diag_print().
 * @param func Handler, or NULL to restore the default.
 */
LDX_API void
ldx_world_set_diag_func(LdxWorld* world, LdxDiagFunc func, void* handle);

/** Set limits; zero fields keep their defaults. */
LDX_API void
ldx_world_set_limits(LdxWorld* world, const LdxLimits* limits);

/** Return the limits in force (defaults filled in). */
LDX_API LdxLimits
ldx_world_limits(const LdxWorld* world);

/** Number of error-level diagnostics reported through this world so far. */
LDX_API size_t
ldx_world_error_count(const LdxWorld* world);

/** Number of warning-level diagnostics reported through this world so far. */
LDX_API size_t
ldx_world_warning_count(const LdxWorld* world);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_WORLD_H
