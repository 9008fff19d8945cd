// SPDX-License-Identifier: MIT
// The public face of the module: compile and free.
#include "jsonpath/jsonpath.h"

#include "jsonpath/ast.h"
#include "jsonpath/iregexp.h"

#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

// Used when there is no world (tests) or it reports 0.
#define DEFAULT_MAX_DEPTH 512u

// Compiled queries are small: small blocks.
#define ARENA_BLOCK 512u

int
ldxi_jp_arena_grow(LdxiArena* arena,
                   void**     array,
                   size_t*    cap,
                   size_t     need,
                   size_t     elem)
{
  if (need <= *cap) {
    return 0;
  }
  size_t new_cap = *cap ? *cap * 2 : 4;
  while (new_cap < need) {
    new_cap *= 2;
  }
  if (new_cap > SIZE_MAX / 4 / elem) {
    return -1;
  }
  void* grown = ldxi_arena_alloc(arena, new_cap * elem);
  if (!grown) {
    return -1;
  }
  if (*cap) {
    memcpy(grown, *array, *cap * elem);
  }
  *array = grown;
  *cap   = new_cap;
  return 0;
}

// Describe the query as simple steps if it is a chain of child segments
// with one name, non-negative index or wildcard each.
static LdxStatus
make_steps(LdxiJsonPath* path)
{
  const LdxiJpQuery* q = &path->query;
  for (size_t i = 0; i < q->n_segments; ++i) {
    const LdxiJpSegment* seg = &q->segments[i];
    if (seg->descendant || seg->n_selectors != 1) {
      return LDX_SUCCESS;
    }
    const LdxiJpSelector* sel = seg->selectors;
    if (sel->kind != LDXI_JP_SEL_NAME && sel->kind != LDXI_JP_SEL_WILDCARD &&
        (sel->kind != LDXI_JP_SEL_INDEX || sel->u.index < 0)) {
      return LDX_SUCCESS;
    }
  }
  // One more element so that '$' (no steps) has a non-NULL array.
  LdxiJsonPathStep* steps = (LdxiJsonPathStep*)ldxi_arena_alloc(
    &path->arena, (q->n_segments + 1) * sizeof(LdxiJsonPathStep));
  if (!steps) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < q->n_segments; ++i) {
    const LdxiJpSelector* sel = q->segments[i].selectors;
    LdxiJsonPathStep*     s   = &steps[i];
    memset(s, 0, sizeof(*s));
    if (sel->kind == LDXI_JP_SEL_NAME) {
      s->kind     = LDXI_JSONPATH_STEP_NAME;
      s->name     = sel->u.name.ptr;
      s->name_len = sel->u.name.len;
    } else if (sel->kind == LDXI_JP_SEL_INDEX) {
      s->kind  = LDXI_JSONPATH_STEP_INDEX;
      s->index = (size_t)sel->u.index;
    } else {
      s->kind = LDXI_JSONPATH_STEP_WILDCARD;
    }
  }
  path->steps = steps;
  return LDX_SUCCESS;
}

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
  path->world = world;
  ldxi_arena_init(&path->arena, world, ARENA_BLOCK);
  path->max_depth = world ? ldx_world_limits(world).max_depth : 0;
  if (!path->max_depth) {
    path->max_depth = DEFAULT_MAX_DEPTH;
  }

  LdxStatus st = ldxi_jp_parse(path, text ? text : "", len, flags, err);
  if (!st && (st = make_steps(path))) {
    snprintf(err->message, sizeof(err->message), "out of memory");
  }
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
  ldxi_arena_free(&path->arena);
  ldxi_free(path->world, path);
}

bool
ldxi_jsonpath_is_singular(const LdxiJsonPath* path)
{
  return path && path->query.singular;
}

const LdxiJsonPathStep*
ldxi_jsonpath_steps(const LdxiJsonPath* path, size_t* n)
{
  if (!path || !path->steps) {
    return NULL;
  }
  *n = path->query.n_segments;
  return path->steps;
}
