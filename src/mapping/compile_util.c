// SPDX-License-Identifier: MIT
// Helpers of the compiler: diagnostics, strings in the plan, graph access,
// compiling references.
#include "mapping/compile_ctx.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char* const ldxi_position_names[] = {
  "subject map",  "predicate map", "object map", "graph map",
  "datatype map", "language map",  "join map",
};

// ---------------------------------------------------------------------------
// Diagnostics

LdxStatus
cc_note(Ctx* ctx, LdxStatus st)
{
  if (st && !ctx->status) {
    ctx->status = st;
  }
  return st;
}

LDX_LOG_FUNC(4, 5)
LdxStatus
cc_error(Ctx* ctx, LdxStatus st, const LdxCaret* caret, const char* fmt, ...)
{
  char    msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  ldxi_error(ctx->world, st, caret, "%s", msg);
  return cc_note(ctx, st);
}

const LdxiNode*
cc_node(const Ctx* ctx, LdxiNodeId id)
{
  return ldxi_graph_node(ctx->g, id);
}

const LdxCaret*
cc_caret(const Ctx* ctx, LdxiNodeId id)
{
  return &cc_node(ctx, id)->caret;
}

// Copy a string into the plan.
const char*
cc_str(Ctx* ctx, const char* s, size_t len)
{
  char* copy = ldxi_arena_strndup(&ctx->plan->arena, s, len);
  if (!copy) {
    cc_note(ctx, LDX_BAD_ALLOC);
  }
  return copy;
}

// Format a string into the plan.
LDX_LOG_FUNC(2, 3)
const char*
cc_format(Ctx* ctx, const char* fmt, ...)
{
  char    text[1024];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(text, sizeof(text), fmt, args);
  va_end(args);
  if (n < 0) {
    return NULL;
  }
  return cc_str(
    ctx, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
}

// A readable name of a node: "<iri>", or "[ ] at FILE:LINE:COL".
const char*
cc_name(Ctx* ctx, LdxiNodeId id)
{
  const LdxiNode* n   = cc_node(ctx, id);
  LdxiBuf*        buf = &ctx->name_buf;
  LdxStatus       st  = LDX_SUCCESS;
  ldxi_buf_clear(buf);
  size_t rml = strlen(LDX_RML);
  if (n->type == LDX_TERM_IRI && n->len > rml &&
      !strncmp(n->value, LDX_RML, rml)) {
    st = ldxi_buf_printf(buf, "rml:%s", n->value + rml);
  } else if (n->type == LDX_TERM_IRI) {
    st = ldxi_buf_printf(buf, "<%s>", n->value);
  } else if (n->type == LDX_TERM_BLANK && n->caret.file) {
    st = ldxi_buf_printf(
      buf, "[ ] at %s:%u:%u", n->caret.file, n->caret.line, n->caret.column);
  } else if (n->type == LDX_TERM_BLANK) {
    st = ldxi_buf_printf(buf, "_:%s", n->value);
  } else {
    st = ldxi_buf_printf(buf, "\"%s\"", n->value);
  }
  const char* name = st ? NULL : cc_str(ctx, buf->data, buf->len);
  if (!name) {
    cc_note(ctx, LDX_BAD_ALLOC);
    return "?"; // the compile fails; messages still get a string
  }
  return name;
}

// ---------------------------------------------------------------------------
// Graph access

size_t
cc_find(const Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const LdxiTriple** first)
{
  if (!p) {
    *first = NULL;
    return 0;
  }
  return ldxi_graph_find(ctx->g, s, p, first);
}

bool
cc_has(const Ctx* ctx, LdxiNodeId s, LdxiNodeId p)
{
  const LdxiTriple* t = NULL;
  return cc_find(ctx, s, p, &t) > 0;
}

// The single value of property `p` of `s`: 0 if absent; an error (and the
// first value) if there are several.
LdxiNodeId
cc_one(Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const LdxCaret** caret)
{
  const LdxiTriple* t = NULL;
  size_t            n = cc_find(ctx, s, p, &t);
  if (!n) {
    return 0;
  }
  if (n > 1) {
    cc_error(ctx,
             LDX_BAD_MAPPING,
             &t[1].caret,
             "%s has %zu values for %s; at most one is allowed",
             cc_name(ctx, s),
             n,
             cc_node(ctx, p)->value);
  }
  if (caret) {
    *caret = &t[0].caret;
  }
  return t[0].o;
}

bool
cc_has_type(const Ctx* ctx, LdxiNodeId s, LdxiNodeId type)
{
  const LdxiTriple* t = NULL;
  size_t            n = cc_find(ctx, s, ctx->v.type, &t);
  for (size_t i = 0; i < n; ++i) {
    if (type && t[i].o == type) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// References and templates

LdxStatus
cc_add_ref(Ctx* ctx, LdxiRef* ref)
{
  LdxiPlan* p = ctx->plan;
  if (ldxi_grow(ctx->world,
                (void**)&p->refs,
                &p->cap_refs,
                p->n_refs + 1,
                sizeof(LdxiRef*))) {
    // The plan could not take ownership: release the expression now.
    ref->ops->free_compiled(ref->compiled);
    ref->compiled = NULL;
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  p->refs[p->n_refs++] = ref;
  return LDX_SUCCESS;
}

// Column of a byte offset inside a string literal that starts at `caret`
// (its opening quote); exact for single-line literals without escapes.
LdxCaret
cc_caret_in(const LdxCaret* caret, size_t offset)
{
  LdxCaret c = *caret;
  if (c.line && c.column) {
    c.column += 1 + (unsigned)offset;
    c.byte += 1 + offset;
  }
  return c;
}

LdxStatus
cc_compile_ref(Ctx*                     ctx,
               const LdxiLogicalSource* source,
               const char*              text,
               size_t                   len,
               const LdxCaret*          caret,
               size_t                   offset,
               const char*              what,
               LdxiRef*                 ref)
{
  LdxiExprError err      = { 0, "" };
  void*         compiled = NULL;
  ref->text              = cc_str(ctx, text, len);
  ref->len               = len;
  ref->caret             = cc_caret_in(caret, offset);
  if (!ref->text) {
    return LDX_BAD_ALLOC;
  }
  LdxStatus st =
    source->ops->compile(ctx->world, text, len, 0, &compiled, &err);
  if (st == LDX_BAD_ALLOC) {
    return cc_note(ctx, st);
  }
  if (st) {
    LdxCaret at = cc_caret_in(caret, offset + err.offset);
    return cc_error(ctx,
                    st,
                    &at,
                    "invalid %s reference '%s' in %s: %s",
                    source->ops->name,
                    ref->text,
                    what,
                    err.message);
  }
  ref->compiled = compiled;
  ref->ops      = source->ops;
  if ((st = cc_add_ref(ctx, ref))) {
    return st;
  }
  // The group's first source lists the references read from its records.
  if (source->group < ctx->plan->n_sources) {
    LdxiLogicalSource* first = ctx->plan->sources[source->group];
    ref->next                = first->refs;
    first->refs              = ref;
  }
  return LDX_SUCCESS;
}
