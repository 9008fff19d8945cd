// SPDX-License-Identifier: MIT
// Evaluation: nodes stream to the visitor in document order, each with a
// location chain that lives on the stack of the recursion producing it.
// Filters never build node lists: existence tests, count() and value()
// consume the nodes of their queries as they are produced.
#include "jsonpath/ast.h"

#include "jsonpath/compare.h"
#include "jsonpath/functions.h"

#include "core/try.h"

#include <stdint.h>

// Singular queries up to this many segments take the loop-only fast path.
#define FAST_STEPS 32u

typedef struct {
  const LdxiJsonPath* path;
  const LdxiJson*     root;
  LdxiJsonPathVisit   visit;
  void*               handle;
  // Bound on the recursion: data depth plus query nesting, each of which
  // the world's max_depth bounds on its own.
  size_t limit;
} Ctx;

static LdxStatus
eval_segments(const Ctx*             cx,
              const LdxiJpSegment*   seg,
              const LdxiJpSegment*   end,
              const LdxiJson*        node,
              const LdxiJsonPathLoc* loc,
              size_t                 depth);

static LdxStatus
eval_expr(const Ctx*        cx,
          const LdxiJpExpr* e,
          const LdxiJson*   cur,
          size_t            depth,
          bool*             out);

// The node a singular query selects from `start`, or NULL.
static const LdxiJson*
walk_singular(const LdxiJpQuery* q, const LdxiJson* start)
{
  const LdxiJson* node = start;
  for (size_t i = 0; node && i < q->n_segments; ++i) {
    const LdxiJpSelector* sel = q->segments[i].selectors;
    if (sel->kind == LDXI_JP_SEL_NAME) {
      node = ldxi_json_get(node, sel->u.name.ptr, sel->u.name.len);
    } else {
      if (node->type != LDXI_JSON_ARRAY) {
        return NULL;
      }
      const int64_t size  = (int64_t)node->n;
      int64_t       index = sel->u.index;
      if (index < 0) {
        index += size;
      }
      node = index >= 0 && index < size ? &node->u.items[index] : NULL;
    }
  }
  return node;
}

// ---- Child selection ----

// Continue with `child` at location (parent, name, index).
static inline LdxStatus
step(const Ctx*             cx,
     const LdxiJpSegment*   next,
     const LdxiJpSegment*   end,
     const LdxiJson*        child,
     const LdxiJsonPathLoc* parent,
     const char*            name,
     size_t                 name_len,
     size_t                 index,
     size_t                 depth)
{
  const LdxiJsonPathLoc loc = { parent, name, name_len, index };
  if (next == end) {
    return cx->visit(cx->handle, child, &loc);
  }
  return eval_segments(cx, next, end, child, &loc, depth + 1);
}

static LdxStatus
select_slice(const Ctx*             cx,
             const LdxiJpSelector*  sel,
             const LdxiJpSegment*   next,
             const LdxiJpSegment*   end,
             const LdxiJson*        node,
             const LdxiJsonPathLoc* loc,
             size_t                 depth)
{
  // RFC 9535 §2.3.4.2.2, with bounds clamped before stepping.
  const int64_t len     = (int64_t)node->n;
  const int64_t step_by = sel->u.slice.step;
  LdxStatus     st      = LDX_SUCCESS;
  if (!step_by) {
    return LDX_SUCCESS;
  }
  int64_t start = sel->u.slice.start;
  int64_t stop  = sel->u.slice.end;
  if (start < 0) {
    start += len;
  }
  if (stop < 0) {
    stop += len;
  }
  if (step_by > 0) {
    int64_t lower = sel->u.slice.has_start ? start : 0;
    int64_t upper = sel->u.slice.has_end ? stop : len;
    lower         = lower < 0 ? 0 : lower > len ? len : lower;
    upper         = upper < 0 ? 0 : upper > len ? len : upper;
    for (int64_t i = lower; i < upper; i += step_by) {
      TRY(
        st,
        step(cx, next, end, &node->u.items[i], loc, NULL, 0, (size_t)i, depth));
    }
  } else {
    int64_t upper = sel->u.slice.has_start ? start : len - 1;
    int64_t lower = sel->u.slice.has_end ? stop : -1;
    upper         = upper < -1 ? -1 : upper > len - 1 ? len - 1 : upper;
    lower         = lower < -1 ? -1 : lower > len - 1 ? len - 1 : lower;
    for (int64_t i = upper; lower < i; i += step_by) {
      TRY(
        st,
        step(cx, next, end, &node->u.items[i], loc, NULL, 0, (size_t)i, depth));
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
select_filter(const Ctx*             cx,
              const LdxiJpSelector*  sel,
              const LdxiJpSegment*   next,
              const LdxiJpSegment*   end,
              const LdxiJson*        node,
              const LdxiJsonPathLoc* loc,
              size_t                 depth)
{
  LdxStatus st = LDX_SUCCESS;
  bool      ok = false;
  if (node->type == LDXI_JSON_ARRAY) {
    for (size_t i = 0; i < node->n; ++i) {
      const LdxiJson* child = &node->u.items[i];
      TRY(st, eval_expr(cx, sel->u.filter, child, depth + 1, &ok));
      if (ok) {
        TRY(st, step(cx, next, end, child, loc, NULL, 0, i, depth));
      }
    }
  } else if (node->type == LDXI_JSON_OBJECT) {
    for (size_t i = 0; i < node->n; ++i) {
      const LdxiJsonMember* m = &node->u.members[i];
      TRY(st, eval_expr(cx, sel->u.filter, &m->value, depth + 1, &ok));
      if (ok) {
        TRY(
          st,
          step(cx, next, end, &m->value, loc, m->name, m->name_len, 0, depth));
      }
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
select_children(const Ctx*             cx,
                const LdxiJpSelector*  sel,
                const LdxiJpSegment*   next,
                const LdxiJpSegment*   end,
                const LdxiJson*        node,
                const LdxiJsonPathLoc* loc,
                size_t                 depth)
{
  LdxStatus st = LDX_SUCCESS;
  switch (sel->kind) {
    case LDXI_JP_SEL_NAME: {
      const LdxiJson* child =
        ldxi_json_get(node, sel->u.name.ptr, sel->u.name.len);
      return child ? step(cx,
                          next,
                          end,
                          child,
                          loc,
                          sel->u.name.ptr,
                          sel->u.name.len,
                          0,
                          depth)
                   : LDX_SUCCESS;
    }
    case LDXI_JP_SEL_INDEX: {
      if (node->type != LDXI_JSON_ARRAY) {
        return LDX_SUCCESS;
      }
      const int64_t size = (int64_t)node->n;
      int64_t index = sel->u.index < 0 ? sel->u.index + size : sel->u.index;
      if (index < 0 || index >= size) {
        return LDX_SUCCESS;
      }
      return step(cx,
                  next,
                  end,
                  &node->u.items[index],
                  loc,
                  NULL,
                  0,
                  (size_t)index,
                  depth);
    }
    case LDXI_JP_SEL_WILDCARD:
      if (node->type == LDXI_JSON_ARRAY) {
        for (size_t i = 0; i < node->n; ++i) {
          TRY(st,
              step(cx, next, end, &node->u.items[i], loc, NULL, 0, i, depth));
        }
      } else if (node->type == LDXI_JSON_OBJECT) {
        for (size_t i = 0; i < node->n; ++i) {
          const LdxiJsonMember* m = &node->u.members[i];
          TRY(st,
              step(
                cx, next, end, &m->value, loc, m->name, m->name_len, 0, depth));
        }
      }
      return LDX_SUCCESS;
    case LDXI_JP_SEL_SLICE:
      return node->type == LDXI_JSON_ARRAY
               ? select_slice(cx, sel, next, end, node, loc, depth)
               : LDX_SUCCESS;
    case LDXI_JP_SEL_FILTER:
      return select_filter(cx, sel, next, end, node, loc, depth);
  }
  return LDX_SUCCESS;
}

static LdxStatus
apply_selectors(const Ctx*             cx,
                const LdxiJpSegment*   seg,
                const LdxiJpSegment*   end,
                const LdxiJson*        node,
                const LdxiJsonPathLoc* loc,
                size_t                 depth)
{
  LdxStatus st = LDX_SUCCESS;
  for (size_t i = 0; i < seg->n_selectors; ++i) {
    TRY(
      st,
      select_children(cx, &seg->selectors[i], seg + 1, end, node, loc, depth));
  }
  return LDX_SUCCESS;
}

// The descendant segment: the node's own selections, then its children's
// descendants, in document order (§2.5.2.2).
static LdxStatus
descend(const Ctx*             cx,
        const LdxiJpSegment*   seg,
        const LdxiJpSegment*   end,
        const LdxiJson*        node,
        const LdxiJsonPathLoc* loc,
        size_t                 depth)
{
  LdxStatus st = LDX_SUCCESS;
  if (depth > cx->limit) {
    return LDX_BAD_LIMIT;
  }
  TRY(st, apply_selectors(cx, seg, end, node, loc, depth));
  if (node->type == LDXI_JSON_ARRAY) {
    for (size_t i = 0; i < node->n; ++i) {
      const LdxiJsonPathLoc child = { loc, NULL, 0, i };
      TRY(st, descend(cx, seg, end, &node->u.items[i], &child, depth + 1));
    }
  } else if (node->type == LDXI_JSON_OBJECT) {
    for (size_t i = 0; i < node->n; ++i) {
      const LdxiJsonMember* m     = &node->u.members[i];
      const LdxiJsonPathLoc child = { loc, m->name, m->name_len, 0 };
      TRY(st, descend(cx, seg, end, &m->value, &child, depth + 1));
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
eval_segments(const Ctx*             cx,
              const LdxiJpSegment*   seg,
              const LdxiJpSegment*   end,
              const LdxiJson*        node,
              const LdxiJsonPathLoc* loc,
              size_t                 depth)
{
  if (seg == end) {
    return cx->visit(cx->handle, node, loc);
  }
  if (depth > cx->limit) {
    return LDX_BAD_LIMIT;
  }
  return seg->descendant ? descend(cx, seg, end, node, loc, depth)
                         : apply_selectors(cx, seg, end, node, loc, depth);
}

// ---- Queries inside filters ----

typedef struct {
  size_t          count;
  size_t          stop_at;
  const LdxiJson* first;
} Collect;

static LdxStatus
collect(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  (void)loc;
  Collect* c = (Collect*)handle;
  if (!c->count) {
    c->first = node;
  }
  // LDX_FAILURE stops the inner evaluation; run_query() absorbs it.
  return ++c->count >= c->stop_at ? LDX_FAILURE : LDX_SUCCESS;
}

// Count the nodes of `q` (up to `stop_at`) and keep the first.
static LdxStatus
run_query(const Ctx*         cx,
          const LdxiJpQuery* q,
          const LdxiJson*    cur,
          size_t             depth,
          size_t             stop_at,
          Collect*           out)
{
  const LdxiJson* start = q->absolute ? cx->root : cur;
  out->count            = 0;
  out->first            = NULL;
  out->stop_at          = stop_at;
  if (q->singular) {
    out->first = walk_singular(q, start);
    out->count = out->first != NULL;
    return LDX_SUCCESS;
  }
  Ctx inner    = *cx;
  inner.visit  = collect;
  inner.handle = out;
  LdxStatus st = eval_segments(
    &inner, q->segments, q->segments + q->n_segments, start, NULL, depth + 1);
  return st == LDX_FAILURE ? LDX_SUCCESS : st;
}

static LdxStatus
eval_operand(const Ctx*           cx,
             const LdxiJpOperand* op,
             const LdxiJson*      cur,
             size_t               depth,
             LdxiJpValue*         out);

static LdxStatus
eval_value_call(const Ctx*        cx,
                const LdxiJpCall* call,
                const LdxiJson*   cur,
                size_t            depth,
                LdxiJpValue*      out)
{
  LdxStatus   st = LDX_SUCCESS;
  LdxiJpValue arg;
  Collect     nodes;
  switch (call->func) {
    case LDXI_JP_FN_LENGTH:
      TRY(st, eval_operand(cx, &call->args[0].u.value, cur, depth, &arg));
      ldxi_jp_fn_length(&arg, out);
      return LDX_SUCCESS;
    case LDXI_JP_FN_COUNT:
      TRY(st,
          run_query(cx, call->args[0].u.nodes, cur, depth, SIZE_MAX, &nodes));
      out->kind      = LDXI_JP_INT;
      out->u.integer = (int64_t)nodes.count;
      return LDX_SUCCESS;
    case LDXI_JP_FN_VALUE:
      TRY(st, run_query(cx, call->args[0].u.nodes, cur, depth, 2, &nodes));
      ldxi_jp_value_of(nodes.count == 1 ? nodes.first : NULL, out);
      return LDX_SUCCESS;
    case LDXI_JP_FN_MATCH:
    case LDXI_JP_FN_SEARCH:
      break;
  }
  out->kind = LDXI_JP_NOTHING; // not reached: the parser types calls
  return LDX_SUCCESS;
}

static LdxStatus
eval_operand(const Ctx*           cx,
             const LdxiJpOperand* op,
             const LdxiJson*      cur,
             size_t               depth,
             LdxiJpValue*         out)
{
  if (depth > cx->limit) {
    return LDX_BAD_LIMIT;
  }
  switch (op->kind) {
    case LDXI_JP_OPERAND_LITERAL:
      *out = op->u.literal;
      return LDX_SUCCESS;
    case LDXI_JP_OPERAND_QUERY:
      ldxi_jp_value_of(
        walk_singular(op->u.query, op->u.query->absolute ? cx->root : cur),
        out);
      return LDX_SUCCESS;
    case LDXI_JP_OPERAND_CALL:
      return eval_value_call(cx, op->u.call, cur, depth + 1, out);
  }
  out->kind = LDXI_JP_NOTHING;
  return LDX_SUCCESS;
}

static LdxStatus
eval_logical_call(const Ctx*        cx,
                  const LdxiJpCall* call,
                  const LdxiJson*   cur,
                  size_t            depth,
                  bool*             out)
{
  LdxStatus   st = LDX_SUCCESS;
  LdxiJpValue subject;
  LdxiJpValue pattern;
  pattern.kind = LDXI_JP_NOTHING;
  *out         = false;
  TRY(st, eval_operand(cx, &call->args[0].u.value, cur, depth, &subject));
  if (subject.kind != LDXI_JP_STRING) {
    return LDX_SUCCESS;
  }
  if (call->pattern_kind == LDXI_JP_PATTERN_DYNAMIC) {
    TRY(st, eval_operand(cx, &call->args[1].u.value, cur, depth, &pattern));
  }
  return ldxi_jp_fn_regex(cx->path->regex_env, call, &subject, &pattern, out);
}

static LdxStatus
eval_expr(const Ctx*        cx,
          const LdxiJpExpr* e,
          const LdxiJson*   cur,
          size_t            depth,
          bool*             out)
{
  LdxStatus st = LDX_SUCCESS;
  if (depth > cx->limit) {
    return LDX_BAD_LIMIT;
  }
  switch (e->kind) {
    case LDXI_JP_EXPR_OR:
    case LDXI_JP_EXPR_AND: {
      // Short-circuit: OR stops at the first true, AND at the first false.
      const bool stop_on = e->kind == LDXI_JP_EXPR_OR;
      for (size_t i = 0; i < e->u.list.n; ++i) {
        TRY(st, eval_expr(cx, e->u.list.items[i], cur, depth + 1, out));
        if (*out == stop_on) {
          return LDX_SUCCESS;
        }
      }
      *out = !stop_on;
      return LDX_SUCCESS;
    }
    case LDXI_JP_EXPR_NOT:
      TRY(st, eval_expr(cx, e->u.not_, cur, depth + 1, out));
      *out = !*out;
      return LDX_SUCCESS;
    case LDXI_JP_EXPR_CMP: {
      LdxiJpValue a;
      LdxiJpValue b;
      TRY(st, eval_operand(cx, &e->u.cmp.left, cur, depth + 1, &a));
      TRY(st, eval_operand(cx, &e->u.cmp.right, cur, depth + 1, &b));
      return ldxi_jp_compare(e->u.cmp.op, &a, &b, cx->path->max_depth, out);
    }
    case LDXI_JP_EXPR_EXISTS: {
      Collect nodes;
      TRY(st, run_query(cx, e->u.query, cur, depth, 1, &nodes));
      *out = nodes.count > 0;
      return LDX_SUCCESS;
    }
    case LDXI_JP_EXPR_CALL:
      return eval_logical_call(cx, e->u.call, cur, depth + 1, out);
    case LDXI_JP_EXPR_PRIMARY:
      break;
  }
  *out = false; // not reached: the parser resolves every PRIMARY
  return LDX_SUCCESS;
}

// ---- Entry point ----

// A chain of names and indices: a loop, with the locations in an array.
static LdxStatus
eval_fast(const LdxiJpQuery*     q,
          const LdxiJson*        node,
          const LdxiJsonPathLoc* root_loc,
          LdxiJsonPathVisit      visit,
          void*                  handle)
{
  LdxiJsonPathLoc        locs[FAST_STEPS];
  const LdxiJsonPathLoc* parent = root_loc;
  for (size_t i = 0; i < q->n_segments; ++i) {
    const LdxiJpSelector* sel = q->segments[i].selectors;
    LdxiJsonPathLoc*      loc = &locs[i];
    if (sel->kind == LDXI_JP_SEL_NAME) {
      node = ldxi_json_get(node, sel->u.name.ptr, sel->u.name.len);
      if (!node) {
        return LDX_SUCCESS;
      }
      loc->name     = sel->u.name.ptr;
      loc->name_len = sel->u.name.len;
      loc->index    = 0;
    } else {
      if (node->type != LDXI_JSON_ARRAY) {
        return LDX_SUCCESS;
      }
      const int64_t size = (int64_t)node->n;
      const int64_t index =
        sel->u.index < 0 ? sel->u.index + size : sel->u.index;
      if (index < 0 || index >= size) {
        return LDX_SUCCESS;
      }
      node          = &node->u.items[index];
      loc->name     = NULL;
      loc->name_len = 0;
      loc->index    = (size_t)index;
    }
    loc->parent = parent;
    parent      = loc;
  }
  return visit(handle, node, parent);
}

LdxStatus
ldxi_jsonpath_eval(const LdxiJsonPath*    path,
                   const LdxiJson*        root,
                   const LdxiJsonPathLoc* root_loc,
                   LdxiJsonPathVisit      visit,
                   void*                  handle)
{
  if (!path || !root || !visit) {
    return LDX_BAD_ARG;
  }
  const LdxiJpQuery* q = &path->query;
  if (q->singular && q->n_segments <= FAST_STEPS) {
    return eval_fast(q, root, root_loc, visit, handle);
  }
  const Ctx cx = { path, root, visit, handle, 2 * path->max_depth };
  return eval_segments(
    &cx, q->segments, q->segments + q->n_segments, root, root_loc, 0);
}
