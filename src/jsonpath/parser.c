// SPDX-License-Identifier: MIT
// Recursive-descent parser for RFC 9535 queries, with the well-typedness
// rules of §2.4.3 checked as the tree is built.
//
// Nesting (brackets, parentheses, function calls, and segments within a
// query) is counted against the world's max_depth, which bounds both this
// parser's recursion and the evaluator's.
#include "jsonpath/ast.h"

#include "jsonpath/functions.h"
#include "jsonpath/iregexp.h"
#include "jsonpath/lexer.h"

#include "core/try.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  LdxiJpLexer   lex;
  LdxiJsonPath* path;
  LdxiArena*    arena;
  size_t        depth;
  size_t        max_depth;
} Parser;

#define FAIL(p, at, ...) \
  ldxi_jp_error(&(p)->lex, (at), LDX_BAD_REFERENCE, __VA_ARGS__)

static LdxStatus
parse_or(Parser* p, LdxiJpExpr** out);

static LdxStatus
parse_segments(Parser* p, LdxiJpQuery* q, bool virtual_dot);

static int
peek(const Parser* p, size_t ahead)
{
  return ldxi_jp_peek(&p->lex, ahead);
}

static void
skip_blanks(Parser* p)
{
  ldxi_jp_skip_blanks(&p->lex);
}

static LdxStatus
no_memory(Parser* p)
{
  return ldxi_jp_error(&p->lex, p->lex.pos, LDX_BAD_ALLOC, "out of memory");
}

static void*
alloc(Parser* p, size_t size)
{
  void* mem = ldxi_arena_alloc(p->arena, size);
  if (mem) {
    memset(mem, 0, size);
  }
  return mem;
}

static LdxStatus
enter(Parser* p, size_t at)
{
  if (p->depth >= p->max_depth) {
    return ldxi_jp_error(&p->lex,
                         at,
                         LDX_BAD_LIMIT,
                         "query nested deeper than the limit of %zu",
                         p->max_depth);
  }
  ++p->depth;
  return LDX_SUCCESS;
}

// A short description of the byte at pos for messages.
static const char*
describe(const Parser* p, char* buf, size_t size)
{
  int c = peek(p, 0);
  if (c < 0) {
    return "the end of the query";
  }
  if (c > 0x20 && c < 0x7F) {
    snprintf(buf, size, "'%c'", c);
  } else if (ldxi_jp_is_blank(c)) {
    return "whitespace";
  } else {
    snprintf(buf, size, "byte 0x%02X", (unsigned)c);
  }
  return buf;
}

// ---- Selectors and segments ----

static LdxStatus
parse_filter(Parser* p, LdxiJpSelector* sel);

static LdxStatus
parse_index_or_slice(Parser* p, LdxiJpSelector* sel)
{
  LdxiJpLexer* lex       = &p->lex;
  LdxStatus    st        = LDX_SUCCESS;
  int64_t      start     = 0;
  int64_t      end       = 0;
  int64_t      step      = 1;
  bool         has_start = false;
  bool         has_end   = false;
  if (peek(p, 0) != ':') {
    TRY(st, ldxi_jp_lex_int(lex, &start));
    has_start = true;
  }
  size_t save = lex->pos;
  skip_blanks(p);
  if (peek(p, 0) != ':') {
    lex->pos     = save;
    sel->kind    = LDXI_JP_SEL_INDEX;
    sel->u.index = start;
    return LDX_SUCCESS;
  }
  ++lex->pos;
  skip_blanks(p);
  int c = peek(p, 0);
  if (c == '-' || ldxi_jp_is_digit(c)) {
    TRY(st, ldxi_jp_lex_int(lex, &end));
    has_end = true;
  }
  save = lex->pos;
  skip_blanks(p);
  if (peek(p, 0) == ':') {
    ++lex->pos;
    save = lex->pos;
    skip_blanks(p);
    c = peek(p, 0);
    if (c == '-' || ldxi_jp_is_digit(c)) {
      TRY(st, ldxi_jp_lex_int(lex, &step));
    } else {
      lex->pos = save;
    }
  } else {
    lex->pos = save;
  }
  sel->kind              = LDXI_JP_SEL_SLICE;
  sel->u.slice.start     = start;
  sel->u.slice.end       = end;
  sel->u.slice.step      = step;
  sel->u.slice.has_start = has_start;
  sel->u.slice.has_end   = has_end;
  return LDX_SUCCESS;
}

static LdxStatus
parse_selector(Parser* p, LdxiJpSelector* sel)
{
  LdxiJpLexer* lex = &p->lex;
  const int    c   = peek(p, 0);
  if (c == '\'' || c == '"') {
    sel->kind = LDXI_JP_SEL_NAME;
    return ldxi_jp_lex_string(
      lex, p->arena, &sel->u.name.ptr, &sel->u.name.len);
  }
  if (c == '*') {
    ++lex->pos;
    sel->kind = LDXI_JP_SEL_WILDCARD;
    return LDX_SUCCESS;
  }
  if (c == '?') {
    return parse_filter(p, sel);
  }
  if (c == ':' || c == '-' || ldxi_jp_is_digit(c)) {
    return parse_index_or_slice(p, sel);
  }
  char buf[16];
  return FAIL(p,
              lex->pos,
              "expected a selector (quoted name, '*', index, slice or "
              "filter) but found %s",
              describe(p, buf, sizeof(buf)));
}

static LdxStatus
parse_bracketed(Parser* p, LdxiJpSegment* seg)
{
  LdxiJpLexer* lex = &p->lex;
  LdxStatus    st  = LDX_SUCCESS;
  size_t       cap = 0;
  TRY(st, enter(p, lex->pos));
  ++lex->pos; // '['
  for (;;) {
    size_t before = lex->pos;
    skip_blanks(p);
    seg->spaced |= lex->pos != before;
    if (ldxi_jp_arena_grow(p->arena,
                           (void**)&seg->selectors,
                           &cap,
                           seg->n_selectors + 1,
                           sizeof(LdxiJpSelector))) {
      return no_memory(p);
    }
    LdxiJpSelector* sel = &seg->selectors[seg->n_selectors];
    memset(sel, 0, sizeof(*sel));
    TRY(st, parse_selector(p, sel));
    ++seg->n_selectors;
    before = lex->pos;
    skip_blanks(p);
    seg->spaced |= lex->pos != before;
    const int c = peek(p, 0);
    if (c == ',') {
      ++lex->pos;
      continue;
    }
    if (c == ']') {
      ++lex->pos;
      break;
    }
    if (c < 0) {
      return FAIL(p, lex->pos, "expected ']' to close the bracketed selection");
    }
    char buf[16];
    return FAIL(p,
                lex->pos,
                "expected ',' or ']' after a selector but found %s",
                describe(p, buf, sizeof(buf)));
  }
  --p->depth;
  return LDX_SUCCESS;
}

static LdxStatus
single_selector(Parser* p, LdxiJpSegment* seg, LdxiJpSelKind kind)
{
  seg->selectors = (LdxiJpSelector*)alloc(p, sizeof(LdxiJpSelector));
  if (!seg->selectors) {
    return no_memory(p);
  }
  seg->n_selectors       = 1;
  seg->selectors[0].kind = kind;
  return LDX_SUCCESS;
}

// '*' or a member-name-shorthand after '.' or '..'.
static LdxStatus
parse_dot_member(Parser* p, LdxiJpSegment* seg, const char* what)
{
  LdxiJpLexer* lex = &p->lex;
  LdxStatus    st  = LDX_SUCCESS;
  if (peek(p, 0) == '*') {
    ++lex->pos;
    return single_selector(p, seg, LDXI_JP_SEL_WILDCARD);
  }
  size_t start = lex->pos;
  size_t len   = 0;
  TRY(st, ldxi_jp_lex_member_name(lex, what, &len));
  TRY(st, single_selector(p, seg, LDXI_JP_SEL_NAME));
  char* name = (char*)ldxi_arena_alloc(p->arena, len + 1);
  if (!name) {
    return no_memory(p);
  }
  memcpy(name, lex->text + start, len);
  name[len]                    = '\0';
  seg->selectors[0].u.name.ptr = name;
  seg->selectors[0].u.name.len = len;
  return LDX_SUCCESS;
}

// A segment after its first '.' (which may be virtual, see RELATIVE).
static LdxStatus
parse_after_dot(Parser* p, LdxiJpSegment* seg)
{
  LdxiJpLexer* lex = &p->lex;
  if (peek(p, 0) != '.') {
    return parse_dot_member(p, seg, "a member name or '*' after '.'");
  }
  ++lex->pos;
  seg->descendant = true;
  if (peek(p, 0) == '[') {
    return parse_bracketed(p, seg);
  }
  return parse_dot_member(p, seg, "a member name, '*' or '[' after '..'");
}

static LdxStatus
parse_segments(Parser* p, LdxiJpQuery* q, bool virtual_dot)
{
  LdxiJpLexer*   lex  = &p->lex;
  LdxStatus      st   = LDX_SUCCESS;
  const size_t   base = p->depth;
  size_t         cap  = 0;
  LdxiJpSegment* segs = NULL;
  size_t         n    = 0;
  for (;; ++n) {
    size_t save = lex->pos;
    if (!(virtual_dot && !n)) {
      skip_blanks(p);
      if (peek(p, 0) != '[' && peek(p, 0) != '.') {
        lex->pos = save;
        break;
      }
    }
    // Each segment is one more level for the evaluator.
    if (base + n >= p->max_depth) {
      return ldxi_jp_error(lex,
                           lex->pos,
                           LDX_BAD_LIMIT,
                           "query nested deeper than the limit of %zu",
                           p->max_depth);
    }
    p->depth = base + n;
    if (ldxi_jp_arena_grow(
          p->arena, (void**)&segs, &cap, n + 1, sizeof(LdxiJpSegment))) {
      return no_memory(p);
    }
    LdxiJpSegment* seg = &segs[n];
    memset(seg, 0, sizeof(*seg));
    if (virtual_dot && !n) {
      TRY(st, parse_after_dot(p, seg));
    } else if (peek(p, 0) == '[') {
      TRY(st, parse_bracketed(p, seg));
    } else {
      ++lex->pos;
      TRY(st, parse_after_dot(p, seg));
    }
  }
  p->depth           = base;
  q->segments        = segs;
  q->n_segments      = n;
  q->singular        = true;
  q->singular_syntax = true;
  for (size_t i = 0; i < n; ++i) {
    if (segs[i].descendant || segs[i].n_selectors != 1 ||
        (segs[i].selectors[0].kind != LDXI_JP_SEL_NAME &&
         segs[i].selectors[0].kind != LDXI_JP_SEL_INDEX)) {
      q->singular = false;
    }
    if (segs[i].spaced) {
      q->singular_syntax = false;
    }
  }
  q->singular_syntax = q->singular_syntax && q->singular;
  return LDX_SUCCESS;
}

// ---- Filter expressions ----

static LdxiJpExpr*
new_expr(Parser* p, LdxiJpExprKind kind)
{
  LdxiJpExpr* e = (LdxiJpExpr*)alloc(p, sizeof(LdxiJpExpr));
  if (e) {
    e->kind = kind;
  }
  return e;
}

// Give a lone literal, query or call its role as a test (§2.4.3: a query
// is an existence test, a function must not be ValueType).
static LdxStatus
as_logical(Parser* p, LdxiJpExpr* e)
{
  if (e->kind != LDXI_JP_EXPR_PRIMARY) {
    return LDX_SUCCESS;
  }
  const LdxiJpOperand op = e->u.primary.operand;
  const size_t        at = e->u.primary.offset;
  switch (op.kind) {
    case LDXI_JP_OPERAND_LITERAL:
      return FAIL(p, at, "a literal cannot be a test by itself; compare it");
    case LDXI_JP_OPERAND_QUERY:
      e->kind    = LDXI_JP_EXPR_EXISTS;
      e->u.query = op.u.query;
      return LDX_SUCCESS;
    case LDXI_JP_OPERAND_CALL: {
      const LdxiJpFuncInfo* info = ldxi_jp_func_info(op.u.call->func);
      if (info->result == LDXI_JP_TYPE_VALUE) {
        return FAIL(p,
                    at,
                    "function '%s' returns ValueType and cannot be a test; "
                    "compare its result",
                    info->name);
      }
      e->kind   = LDXI_JP_EXPR_CALL;
      e->u.call = op.u.call;
      return LDX_SUCCESS;
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
check_comparable(Parser* p, const LdxiJpOperand* op, size_t at)
{
  if (op->kind == LDXI_JP_OPERAND_QUERY && !op->u.query->singular_syntax) {
    return FAIL(p,
                at,
                op->u.query->singular
                  ? "comparison operand is not singular (no blank space is "
                    "allowed inside its brackets)"
                  : "comparison operand is not singular");
  }
  if (op->kind == LDXI_JP_OPERAND_CALL) {
    const LdxiJpFuncInfo* info = ldxi_jp_func_info(op->u.call->func);
    if (info->result != LDXI_JP_TYPE_VALUE) {
      return FAIL(p,
                  at,
                  "function '%s' returns %s and cannot be compared",
                  info->name,
                  ldxi_jp_type_name(info->result));
    }
  }
  return LDX_SUCCESS;
}

// Check argument `index` of `info` (the expression at `at`) and store it.
static LdxStatus
set_argument(Parser*               p,
             const LdxiJpFuncInfo* info,
             size_t                index,
             LdxiJpExpr*           e,
             size_t                at,
             LdxiJpArg*            arg)
{
  const LdxiJpType want = info->params[index];
  arg->type             = want;
  if (e->kind != LDXI_JP_EXPR_PRIMARY) {
    if (want == LDXI_JP_TYPE_LOGICAL) {
      arg->u.logical = e;
      return LDX_SUCCESS;
    }
    return FAIL(p,
                at,
                "argument %zu of '%s' must be %s, not a logical expression",
                index + 1,
                info->name,
                ldxi_jp_type_name(want));
  }
  const LdxiJpOperand op = e->u.primary.operand;
  switch (op.kind) {
    case LDXI_JP_OPERAND_LITERAL:
      if (want == LDXI_JP_TYPE_VALUE) {
        arg->u.value = op;
        return LDX_SUCCESS;
      }
      return FAIL(p,
                  at,
                  "argument %zu of '%s' must be %s, not a literal",
                  index + 1,
                  info->name,
                  want == LDXI_JP_TYPE_NODES ? "a query"
                                             : "a logical expression");
    case LDXI_JP_OPERAND_QUERY:
      if (want == LDXI_JP_TYPE_VALUE) {
        if (!op.u.query->singular_syntax) {
          return FAIL(p,
                      at,
                      "argument %zu of '%s' must be a singular query%s",
                      index + 1,
                      info->name,
                      op.u.query->singular
                        ? " (no blank space is allowed inside its brackets)"
                        : "");
        }
        arg->u.value = op;
      } else if (want == LDXI_JP_TYPE_NODES) {
        arg->u.nodes = op.u.query;
      } else {
        arg->u.logical = e;
        return as_logical(p, e);
      }
      return LDX_SUCCESS;
    case LDXI_JP_OPERAND_CALL: {
      const LdxiJpFuncInfo* callee = ldxi_jp_func_info(op.u.call->func);
      // No standard function returns NodesType, so a call is only ever a
      // ValueType or LogicalType argument.
      const bool ok = callee->result == want && want != LDXI_JP_TYPE_NODES;
      if (!ok) {
        return FAIL(p,
                    at,
                    "argument %zu of '%s' must be %s, but '%s' returns %s",
                    index + 1,
                    info->name,
                    want == LDXI_JP_TYPE_NODES ? "a query (NodesType)"
                                               : ldxi_jp_type_name(want),
                    callee->name,
                    ldxi_jp_type_name(callee->result));
      }
      if (want == LDXI_JP_TYPE_VALUE) {
        arg->u.value = op;
        return LDX_SUCCESS;
      }
      arg->u.logical = e;
      return as_logical(p, e);
    }
  }
  return LDX_SUCCESS;
}

// Compile a literal pattern of match()/search() with the query.
static LdxStatus
prepare_pattern(Parser* p, LdxiJpCall* call)
{
  LdxiJsonPath* path = p->path;
  if (!path->regex_env &&
      !(path->regex_env = ldxi_jp_regex_env_new(path->world))) {
    return no_memory(p);
  }
  const LdxiJpArg* pattern = &call->args[1];
  if (pattern->u.value.kind != LDXI_JP_OPERAND_LITERAL) {
    call->pattern_kind = LDXI_JP_PATTERN_DYNAMIC;
    return LDX_SUCCESS;
  }
  const LdxiJpValue* lit = &pattern->u.value.u.literal;
  call->pattern_kind     = LDXI_JP_PATTERN_INVALID;
  if (lit->kind != LDXI_JP_STRING) {
    return LDX_SUCCESS;
  }
  if (ldxi_jp_regex_compile(path->regex_env,
                            lit->u.string.ptr,
                            lit->u.string.len,
                            call->func == LDXI_JP_FN_MATCH,
                            &call->regex)) {
    return no_memory(p);
  }
  if (call->regex) {
    call->pattern_kind = LDXI_JP_PATTERN_STATIC;
  }
  return LDX_SUCCESS;
}

// A function call whose name (at `at`, `len` bytes) is before pos, at '('.
static LdxStatus
parse_call(Parser* p, size_t at, size_t len, LdxiJpCall** out)
{
  LdxiJpLexer*          lex  = &p->lex;
  LdxStatus             st   = LDX_SUCCESS;
  const LdxiJpFuncInfo* info = ldxi_jp_func_lookup(lex->text + at, len);
  if (!info) {
    return FAIL(p, at, "unknown function '%.*s'", (int)len, lex->text + at);
  }
  TRY(st, enter(p, at));
  LdxiJpCall* call = (LdxiJpCall*)alloc(p, sizeof(LdxiJpCall));
  LdxiJpArg*  args = (LdxiJpArg*)alloc(p, info->n_params * sizeof(LdxiJpArg));
  if (!call || !args) {
    return no_memory(p);
  }
  call->func = info->func;
  call->args = args;
  ++lex->pos; // '('
  skip_blanks(p);
  size_t n = 0;
  if (peek(p, 0) != ')') {
    for (;;) {
      const size_t arg_at = lex->pos;
      if (n == info->n_params) {
        return FAIL(p,
                    arg_at,
                    "function '%s' expects %zu argument%s",
                    info->name,
                    info->n_params,
                    info->n_params == 1 ? "" : "s");
      }
      LdxiJpExpr* e = NULL;
      TRY(st, parse_or(p, &e));
      TRY(st, set_argument(p, info, n, e, arg_at, &args[n]));
      ++n;
      skip_blanks(p);
      if (peek(p, 0) != ',') {
        break;
      }
      ++lex->pos;
      skip_blanks(p);
    }
  }
  if (peek(p, 0) != ')') {
    if (peek(p, 0) < 0) {
      return FAIL(
        p, lex->pos, "expected ')' to close the arguments of '%s'", info->name);
    }
    char buf[16];
    return FAIL(p,
                lex->pos,
                "expected ',' or ')' in the arguments of '%s' but found %s",
                info->name,
                describe(p, buf, sizeof(buf)));
  }
  if (n != info->n_params) {
    return FAIL(p,
                lex->pos,
                "function '%s' expects %zu argument%s",
                info->name,
                info->n_params,
                info->n_params == 1 ? "" : "s");
  }
  ++lex->pos;
  call->n_args = n;
  --p->depth;
  if (info->func == LDXI_JP_FN_MATCH || info->func == LDXI_JP_FN_SEARCH) {
    TRY(st, prepare_pattern(p, call));
  }
  *out = call;
  return LDX_SUCCESS;
}

static bool
is_function_char(int c)
{
  return (c >= 'a' && c <= 'z') || c == '_' || ldxi_jp_is_digit(c);
}

// A literal, a query or a function call.
static LdxStatus
parse_primary(Parser* p, LdxiJpOperand* op)
{
  LdxiJpLexer* lex = &p->lex;
  LdxStatus    st  = LDX_SUCCESS;
  const size_t at  = lex->pos;
  const int    c   = peek(p, 0);
  if (c == '@' || c == '$') {
    LdxiJpQuery* q = (LdxiJpQuery*)alloc(p, sizeof(LdxiJpQuery));
    if (!q) {
      return no_memory(p);
    }
    q->absolute = c == '$';
    ++lex->pos;
    TRY(st, parse_segments(p, q, false));
    op->kind    = LDXI_JP_OPERAND_QUERY;
    op->u.query = q;
    return LDX_SUCCESS;
  }
  if (c == '\'' || c == '"') {
    op->kind           = LDXI_JP_OPERAND_LITERAL;
    op->u.literal.kind = LDXI_JP_STRING;
    return ldxi_jp_lex_string(
      lex, p->arena, &op->u.literal.u.string.ptr, &op->u.literal.u.string.len);
  }
  if (c == '-' || ldxi_jp_is_digit(c)) {
    op->kind = LDXI_JP_OPERAND_LITERAL;
    return ldxi_jp_lex_number(lex, &op->u.literal);
  }
  if (c >= 'a' && c <= 'z') {
    size_t end = at + 1;
    while (end < lex->len && is_function_char((unsigned char)lex->text[end])) {
      ++end;
    }
    const char*  name = lex->text + at;
    const size_t len  = end - at;
    lex->pos          = end;
    if (peek(p, 0) == '(') {
      LdxiJpCall* call = NULL;
      TRY(st, parse_call(p, at, len, &call));
      op->kind   = LDXI_JP_OPERAND_CALL;
      op->u.call = call;
      return LDX_SUCCESS;
    }
    static const struct {
      const char*     word;
      LdxiJpValueKind kind;
    } words[] = { { "true", LDXI_JP_TRUE },
                  { "false", LDXI_JP_FALSE },
                  { "null", LDXI_JP_NULL } };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); ++i) {
      if (strlen(words[i].word) == len && !memcmp(words[i].word, name, len)) {
        op->kind           = LDXI_JP_OPERAND_LITERAL;
        op->u.literal.kind = words[i].kind;
        return LDX_SUCCESS;
      }
    }
    if (ldxi_jp_func_lookup(name, len)) {
      return FAIL(p,
                  end,
                  "expected '(' right after the function name '%.*s'",
                  (int)len,
                  name);
    }
    return FAIL(p,
                at,
                "unknown name '%.*s': expected a query, a literal or a "
                "function call",
                (int)len,
                name);
  }
  if (c < 0) {
    return FAIL(p, at, "expected a filter expression");
  }
  char buf[16];
  return FAIL(p,
              at,
              "expected a query, a literal or a function call but found %s",
              describe(p, buf, sizeof(buf)));
}

// A comparison operator at pos; false (pos unchanged) if there is none.
static bool
lex_comparison_op(Parser* p, LdxiJpCmpOp* op)
{
  const int c0 = peek(p, 0);
  const int c1 = peek(p, 1);
  size_t    n  = 2;
  if (c0 == '=' && c1 == '=') {
    *op = LDXI_JP_CMP_EQ;
  } else if (c0 == '!' && c1 == '=') {
    *op = LDXI_JP_CMP_NE;
  } else if (c0 == '<' && c1 == '=') {
    *op = LDXI_JP_CMP_LE;
  } else if (c0 == '>' && c1 == '=') {
    *op = LDXI_JP_CMP_GE;
  } else if (c0 == '<') {
    *op = LDXI_JP_CMP_LT, n = 1;
  } else if (c0 == '>') {
    *op = LDXI_JP_CMP_GT, n = 1;
  } else {
    return false;
  }
  p->lex.pos += n;
  return true;
}

// Reject `!@.a == 1` and `(...) == 1`, which the grammar does not allow,
// with a message better than "expected ']'".
static LdxStatus
no_comparison_after(Parser* p, const char* what)
{
  const size_t save = p->lex.pos;
  LdxiJpCmpOp  op;
  skip_blanks(p);
  const size_t at = p->lex.pos;
  if (lex_comparison_op(p, &op) || peek(p, 0) == '=') {
    return FAIL(p, at, "%s cannot be compared", what);
  }
  p->lex.pos = save;
  return LDX_SUCCESS;
}

static LdxStatus
parse_paren(Parser* p, LdxiJpExpr** out)
{
  LdxiJpLexer* lex = &p->lex;
  LdxStatus    st  = LDX_SUCCESS;
  TRY(st, enter(p, lex->pos));
  ++lex->pos; // '('
  skip_blanks(p);
  TRY(st, parse_or(p, out));
  TRY(st, as_logical(p, *out));
  skip_blanks(p);
  if (peek(p, 0) != ')') {
    if (peek(p, 0) < 0) {
      return FAIL(
        p, lex->pos, "expected ')' to close the parenthesized expression");
    }
    char buf[16];
    return FAIL(p,
                lex->pos,
                "expected ')' to close the parenthesized expression but "
                "found %s",
                describe(p, buf, sizeof(buf)));
  }
  ++lex->pos;
  --p->depth;
  return LDX_SUCCESS;
}

static LdxStatus
parse_basic(Parser* p, LdxiJpExpr** out)
{
  LdxiJpLexer* lex = &p->lex;
  LdxStatus    st  = LDX_SUCCESS;
  const size_t at  = lex->pos;
  LdxiJpExpr*  e   = NULL;
  if (peek(p, 0) == '!' && peek(p, 1) != '=') {
    ++lex->pos;
    skip_blanks(p);
    LdxiJpExpr* inner = NULL;
    if (peek(p, 0) == '(') {
      TRY(st, parse_paren(p, &inner));
    } else {
      const size_t  inner_at = lex->pos;
      LdxiJpOperand operand;
      memset(&operand, 0, sizeof(operand));
      TRY(st, parse_primary(p, &operand));
      if (operand.kind == LDXI_JP_OPERAND_LITERAL) {
        return FAIL(p,
                    inner_at,
                    "'!' must be followed by a query, a function call or "
                    "'('");
      }
      if (!(inner = new_expr(p, LDXI_JP_EXPR_PRIMARY))) {
        return no_memory(p);
      }
      inner->u.primary.operand = operand;
      inner->u.primary.offset  = inner_at;
      TRY(st, as_logical(p, inner));
    }
    TRY(st, no_comparison_after(p, "a negated expression"));
    if (!(e = new_expr(p, LDXI_JP_EXPR_NOT))) {
      return no_memory(p);
    }
    e->u.not_ = inner;
    *out      = e;
    return LDX_SUCCESS;
  }
  if (peek(p, 0) == '(') {
    TRY(st, parse_paren(p, out));
    return no_comparison_after(p, "a parenthesized expression");
  }

  LdxiJpOperand left;
  memset(&left, 0, sizeof(left));
  TRY(st, parse_primary(p, &left));
  const size_t save = lex->pos;
  skip_blanks(p);
  const size_t op_at = lex->pos;
  LdxiJpCmpOp  op;
  if (!lex_comparison_op(p, &op)) {
    if (peek(p, 0) == '=') {
      return FAIL(p, op_at, "'=' is not an operator; use '=='");
    }
    lex->pos = save;
    if (!(e = new_expr(p, LDXI_JP_EXPR_PRIMARY))) {
      return no_memory(p);
    }
    e->u.primary.operand = left;
    e->u.primary.offset  = at;
    *out                 = e;
    return LDX_SUCCESS;
  }
  TRY(st, check_comparable(p, &left, at));
  skip_blanks(p);
  const size_t  right_at = lex->pos;
  LdxiJpOperand right;
  memset(&right, 0, sizeof(right));
  TRY(st, parse_primary(p, &right));
  TRY(st, check_comparable(p, &right, right_at));
  if (!(e = new_expr(p, LDXI_JP_EXPR_CMP))) {
    return no_memory(p);
  }
  e->u.cmp.op    = op;
  e->u.cmp.left  = left;
  e->u.cmp.right = right;
  *out           = e;
  return LDX_SUCCESS;
}

// Operands joined by `op` ("&&" or "||"), each parsed by `parse`.
static LdxStatus
parse_chain(Parser*        p,
            LdxiJpExpr**   out,
            char           op,
            LdxiJpExprKind kind,
            LdxStatus (*parse)(Parser*, LdxiJpExpr**))
{
  LdxiJpLexer* lex   = &p->lex;
  LdxStatus    st    = LDX_SUCCESS;
  LdxiJpExpr*  first = NULL;
  TRY(st, parse(p, &first));
  LdxiJpExpr** items = NULL;
  size_t       n     = 0;
  size_t       cap   = 0;
  for (;;) {
    const size_t save = lex->pos;
    skip_blanks(p);
    if (peek(p, 0) != op) {
      lex->pos = save;
      break;
    }
    if (peek(p, 1) != op) {
      return FAIL(
        p, lex->pos, "'%c' is not an operator; use '%c%c'", op, op, op);
    }
    lex->pos += 2;
    skip_blanks(p);
    if (!n) {
      TRY(st, as_logical(p, first));
      if (ldxi_jp_arena_grow(
            p->arena, (void**)&items, &cap, 1, sizeof(LdxiJpExpr*))) {
        return no_memory(p);
      }
      items[n++] = first;
    }
    LdxiJpExpr* next = NULL;
    TRY(st, parse(p, &next));
    TRY(st, as_logical(p, next));
    if (ldxi_jp_arena_grow(
          p->arena, (void**)&items, &cap, n + 1, sizeof(LdxiJpExpr*))) {
      return no_memory(p);
    }
    items[n++] = next;
  }
  if (!n) {
    *out = first;
    return LDX_SUCCESS;
  }
  LdxiJpExpr* e = new_expr(p, kind);
  if (!e) {
    return no_memory(p);
  }
  e->u.list.n     = n;
  e->u.list.items = items;
  *out            = e;
  return LDX_SUCCESS;
}

static LdxStatus
parse_and(Parser* p, LdxiJpExpr** out)
{
  return parse_chain(p, out, '&', LDXI_JP_EXPR_AND, parse_basic);
}

// A logical expression, or (for function arguments) a lone primary left
// as LDXI_JP_EXPR_PRIMARY for the caller to type.
static LdxStatus
parse_or(Parser* p, LdxiJpExpr** out)
{
  return parse_chain(p, out, '|', LDXI_JP_EXPR_OR, parse_and);
}

static LdxStatus
parse_filter(Parser* p, LdxiJpSelector* sel)
{
  LdxiJpLexer* lex = &p->lex;
  LdxStatus    st  = LDX_SUCCESS;
  TRY(st, enter(p, lex->pos));
  ++lex->pos; // '?'
  skip_blanks(p);
  LdxiJpExpr* e = NULL;
  TRY(st, parse_or(p, &e));
  TRY(st, as_logical(p, e));
  sel->kind     = LDXI_JP_SEL_FILTER;
  sel->u.filter = e;
  --p->depth;
  return LDX_SUCCESS;
}

// ---- Entry point ----

LdxStatus
ldxi_jp_parse(LdxiJsonPath*      path,
              const char*        text,
              size_t             len,
              unsigned           flags,
              LdxiJsonPathError* err)
{
  Parser p;
  memset(&p, 0, sizeof(p));
  p.lex.world   = path->world;
  p.lex.text    = text;
  p.lex.len     = len;
  p.lex.err     = err;
  p.path        = path;
  p.arena       = &path->arena;
  p.max_depth   = path->max_depth;
  LdxStatus st  = LDX_SUCCESS;
  const int c   = peek(&p, 0);
  bool      dot = false;
  if (c == '$') {
    ++p.lex.pos;
  } else if (flags & LDXI_JSONPATH_RELATIVE) {
    // '@' reads as '$', '[' as "$[", anything else as "$." + text.
    if (c == '@') {
      ++p.lex.pos;
    } else if (c != '[') {
      dot = true;
    }
  } else if (ldxi_jp_is_blank(c)) {
    return FAIL(&p, 0, "leading whitespace is not allowed");
  } else {
    return FAIL(&p, 0, "a query must start with '$'");
  }
  path->query.absolute = true;
  TRY(st, parse_segments(&p, &path->query, dot));
  if (p.lex.pos < len) {
    size_t at = p.lex.pos;
    skip_blanks(&p);
    if (p.lex.pos == len) {
      return FAIL(&p, at, "trailing whitespace is not allowed");
    }
    char buf[16];
    return FAIL(&p,
                p.lex.pos,
                "unexpected %s; expected '.', '..' or '['",
                describe(&p, buf, sizeof(buf)));
  }
  return LDX_SUCCESS;
}
