// SPDX-License-Identifier: MIT
// The compiled form of a JSONPath query, shared by the parser and the
// evaluator.  Everything hangs off one arena owned by the compiled path, so
// freeing a path is one walk over a few blocks.
#ifndef LDX_JSONPATH_AST_H
#define LDX_JSONPATH_AST_H

#include "jsonpath/jsonpath.h"

#include "core/arena.h"
#include "json/json.h"

#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// ---- Arena (core/arena.h) ----

// Make room for `need` elements in an arena array of `*cap` elements (the
// old array is abandoned to the arena; arrays here are tiny).
int
ldxi_jp_arena_grow(LdxiArena* arena,
                   void**     array,
                   size_t*    cap,
                   size_t     need,
                   size_t     elem);

// ---- Values (RFC 9535 ValueType, plus Nothing) ----

typedef enum {
  LDXI_JP_NOTHING,
  LDXI_JP_NULL,
  LDXI_JP_TRUE,
  LDXI_JP_FALSE,
  LDXI_JP_INT,
  LDXI_JP_REAL,
  LDXI_JP_STRING,
  LDXI_JP_ARRAY, // u.json
  LDXI_JP_OBJECT // u.json
} LdxiJpValueKind;

typedef struct {
  LdxiJpValueKind kind;
  union {
    int64_t integer;
    double  real;
    struct {
      const char* ptr;
      size_t      len;
    } string;
    const LdxiJson* json;
  } u;
} LdxiJpValue;

// ---- Function extensions ----

typedef enum {
  LDXI_JP_TYPE_VALUE,
  LDXI_JP_TYPE_LOGICAL,
  LDXI_JP_TYPE_NODES
} LdxiJpType;

typedef enum {
  LDXI_JP_FN_LENGTH,
  LDXI_JP_FN_COUNT,
  LDXI_JP_FN_MATCH,
  LDXI_JP_FN_SEARCH,
  LDXI_JP_FN_VALUE
} LdxiJpFunc;

// ---- Queries ----

typedef struct LdxiJpExpr  LdxiJpExpr;
typedef struct LdxiJpQuery LdxiJpQuery;
typedef struct LdxiJpCall  LdxiJpCall;
typedef struct LdxiJpRegex LdxiJpRegex;

typedef enum {
  LDXI_JP_SEL_NAME,
  LDXI_JP_SEL_WILDCARD,
  LDXI_JP_SEL_INDEX,
  LDXI_JP_SEL_SLICE,
  LDXI_JP_SEL_FILTER
} LdxiJpSelKind;

typedef struct {
  LdxiJpSelKind kind;
  union {
    struct {
      const char* ptr; // decoded UTF-8, NUL-terminated
      size_t      len;
    } name;
    int64_t index;
    struct {
      int64_t start;
      int64_t end;
      int64_t step;
      bool    has_start;
      bool    has_end;
    } slice;
    const LdxiJpExpr* filter;
  } u;
} LdxiJpSelector;

typedef struct {
  bool            descendant;
  bool            spaced; // blank space inside its brackets
  size_t          n_selectors;
  LdxiJpSelector* selectors;
} LdxiJpSegment;

struct LdxiJpQuery {
  bool absolute; // '$' rather than '@'
  bool singular; // only single name/index child segments
  // Singular and written as RFC 9535's singular-query, which allows no
  // blank space inside brackets: what comparisons and ValueType arguments
  // require.
  bool           singular_syntax;
  size_t         n_segments;
  LdxiJpSegment* segments;
};

// ---- Filter expressions ----

typedef enum {
  LDXI_JP_OPERAND_LITERAL,
  LDXI_JP_OPERAND_QUERY, // singular
  LDXI_JP_OPERAND_CALL   // of ValueType
} LdxiJpOperandKind;

typedef struct {
  LdxiJpOperandKind kind;
  union {
    LdxiJpValue        literal;
    const LdxiJpQuery* query;
    const LdxiJpCall*  call;
  } u;
} LdxiJpOperand;

typedef struct {
  LdxiJpType type; // the parameter's declared type
  union {
    LdxiJpOperand      value;   // ValueType
    const LdxiJpQuery* nodes;   // NodesType
    const LdxiJpExpr*  logical; // LogicalType
  } u;
} LdxiJpArg;

// How match()/search() get their regular expression.
typedef enum {
  LDXI_JP_PATTERN_DYNAMIC, // from the document, compiled at evaluation
  LDXI_JP_PATTERN_STATIC,  // a string literal compiled with the query
  LDXI_JP_PATTERN_INVALID  // a literal that never matches (bad I-Regexp)
} LdxiJpPatternKind;

struct LdxiJpCall {
  LdxiJpFunc         func;
  size_t             n_args;
  LdxiJpArg*         args;
  LdxiJpPatternKind  pattern_kind;
  const LdxiJpRegex* regex; // when pattern_kind is STATIC
};

typedef enum {
  LDXI_JP_EXPR_OR,
  LDXI_JP_EXPR_AND,
  LDXI_JP_EXPR_NOT,
  LDXI_JP_EXPR_CMP,
  LDXI_JP_EXPR_EXISTS, // filter query as a test
  LDXI_JP_EXPR_CALL,   // LogicalType (or NodesType) function as a test
  // Parser-internal: a lone literal, query or call not yet given a role.
  LDXI_JP_EXPR_PRIMARY
} LdxiJpExprKind;

typedef enum {
  LDXI_JP_CMP_EQ,
  LDXI_JP_CMP_NE,
  LDXI_JP_CMP_LT,
  LDXI_JP_CMP_LE,
  LDXI_JP_CMP_GT,
  LDXI_JP_CMP_GE
} LdxiJpCmpOp;

struct LdxiJpExpr {
  LdxiJpExprKind kind;
  union {
    struct {
      size_t       n;
      LdxiJpExpr** items;
    } list;                 // OR, AND
    const LdxiJpExpr* not_; // NOT
    struct {
      LdxiJpCmpOp   op;
      LdxiJpOperand left;
      LdxiJpOperand right;
    } cmp;
    const LdxiJpQuery* query; // EXISTS
    const LdxiJpCall*  call;  // CALL
    struct {
      LdxiJpOperand operand;
      size_t        offset;
    } primary; // PRIMARY
  } u;
};

// ---- The compiled path ----

typedef struct LdxiJpRegexEnv LdxiJpRegexEnv;

struct LdxiJsonPathImpl {
  LdxWorld*       world;
  LdxiArena       arena;
  LdxiJpQuery     query;
  size_t          max_depth; // recursion guard for evaluation
  LdxiJpRegexEnv* regex_env; // NULL unless match()/search() is used
  // The query as simple steps (ldxi_jsonpath_steps()), or NULL.
  LdxiJsonPathStep* steps;
};

// Parse `text` into `path` (whose world, arena and max_depth are set).
LdxStatus
ldxi_jp_parse(LdxiJsonPath*      path,
              const char*        text,
              size_t             len,
              unsigned           flags,
              LdxiJsonPathError* err);

#endif // LDX_JSONPATH_AST_H
