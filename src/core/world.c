// SPDX-License-Identifier: MIT
#include "config.h"

#include "core/world.h"

#include "core/alloc.h"
#include "core/world_impl.h"

#include "ldexport.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_DEPTH 512u
#define DEFAULT_MAX_VALUE_BYTES (16u * 1024u * 1024u)
#define DEFAULT_MAX_ERRORS 100u

static void*
sys_malloc(void* handle, size_t size)
{
  (void)handle;
  return malloc(size);
}

static void*
sys_calloc(void* handle, size_t nmemb, size_t size)
{
  (void)handle;
  return calloc(nmemb, size);
}

static void*
sys_realloc(void* handle, void* ptr, size_t size)
{
  (void)handle;
  return realloc(ptr, size);
}

static void
sys_free(void* handle, void* ptr)
{
  (void)handle;
  free(ptr);
}

LdxWorld*
ldx_world_new(const LdxAllocator* allocator)
{
  LdxAllocator alloc = { sys_malloc, sys_calloc, sys_realloc, sys_free, NULL };
  if (allocator) {
    alloc = *allocator;
  }
  LdxWorld* world = (LdxWorld*)alloc.calloc(alloc.handle, 1, sizeof(LdxWorld));
  if (!world) {
    return NULL;
  }
  world->alloc = alloc;
  ldx_world_set_limits(world, NULL);
  return world;
}

void
ldx_world_free(LdxWorld* world)
{
  if (!world) {
    return;
  }
  if (world->raptor) {
    raptor_free_world(world->raptor);
  }
  LdxAllocator alloc = world->alloc;
  alloc.free(alloc.handle, world);
}

void
ldx_world_set_diag_func(LdxWorld* world, LdxDiagFunc func, void* handle)
{
  world->diag_func   = func;
  world->diag_handle = func ? handle : NULL;
}

void
ldx_world_set_limits(LdxWorld* world, const LdxLimits* limits)
{
  LdxLimits l = { 0, 0, 0 };
  if (limits) {
    l = *limits;
  }
  world->limits.max_depth = l.max_depth ? l.max_depth : DEFAULT_MAX_DEPTH;
  world->limits.max_value_bytes =
    l.max_value_bytes ? l.max_value_bytes : DEFAULT_MAX_VALUE_BYTES;
  world->limits.max_errors = l.max_errors ? l.max_errors : DEFAULT_MAX_ERRORS;
}

LdxLimits
ldx_world_limits(const LdxWorld* world)
{
  return world->limits;
}

size_t
ldx_world_error_count(const LdxWorld* world)
{
  return world->n_errors;
}

size_t
ldx_world_warning_count(const LdxWorld* world)
{
  return world->n_warnings;
}

raptor_world*
ldxi_world_raptor(LdxWorld* world)
{
  if (!world->raptor) {
    raptor_world* rw = raptor_new_world();
    if (!rw || raptor_world_open(rw)) {
      if (rw) {
        raptor_free_world(rw);
      }
      return NULL;
    }
    world->raptor = rw;
  }
  return world->raptor;
}

const char*
ldx_version(void)
{
  return PACKAGE_VERSION;
}
