// SPDX-License-Identifier: MIT
// The public face of the module: compile and free.
#include "jsonpath/jsonpath.h"

#include "jsonpath/ast.h"
#include "jsonpath/iregexp.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

// Used when there is no world (tests) or it reports 0.
#define DEFAULT_MAX_DEPTH 512u

LdxStatus
ldxi_jsonpath_compile(LdxWorld*          world,
                      const char*        text,
                      size_t             len,
                      unsigned           flags,
                      LdxiJsonPath**     out,
                      LdxiJsonPathError* err)
{
  LdxiJsonPathError scratch;
  if (!err) {
    err = &scratch;
  }
  err->offset     = 0;
  err->message[0] = '\0';
  if (!out || (!text && len)) {
    snprintf(err->message, sizeof(err->message), "invalid argument");
    return LDX_BAD_ARG;
  }
  *out = NULL;

  LdxiJsonPath* path = (LdxiJsonPath*)ldxi_calloc(world, 1, sizeof(*path));
  if (!path) {
    snprintf(err->message, sizeof(err->message), "out of memory");
    return LDX_BAD_ALLOC;
  }
  path->world       = world;
  path->arena.world = world;
  path->max_depth   = world ? ldx_world_limits(world).max_depth : 0;
  if (!path->max_depth) {
    path->max_depth = DEFAULT_MAX_DEPTH;
  }

  LdxStatus st = ldxi_jp_parse(path, text ? text : "", len, flags, err);
  if (st) {
    ldxi_jsonpath_free(path);
    return st;
  }
  *out = path;
  return LDX_SUCCESS;
}

void
ldxi_jsonpath_free(LdxiJsonPath* path)
{
  if (!path) {
    return;
  }
  ldxi_jp_regex_env_free(path->regex_env);
  ldxi_jp_arena_free(&path->arena);
  ldxi_free(path->world, path);
}

bool
ldxi_jsonpath_is_singular(const LdxiJsonPath* path)
{
  return path && path->query.singular;
}
