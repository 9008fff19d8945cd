// SPDX-License-Identifier: MIT
// The function extensions of RFC 9535 §2.4: their signatures (for the
// well-typedness checks at compile time) and their ValueType/LogicalType
// results at evaluation.
#ifndef LDX_JSONPATH_FUNCTIONS_H
#define LDX_JSONPATH_FUNCTIONS_H

#include "jsonpath/ast.h"

#include "ldexport/status.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const char* name;
  LdxiJpFunc  func;
  size_t      n_params;
  LdxiJpType  params[2];
  LdxiJpType  result;
} LdxiJpFuncInfo;

// The function called `name`, or NULL.
const LdxiJpFuncInfo*
ldxi_jp_func_lookup(const char* name, size_t len);

const LdxiJpFuncInfo*
ldxi_jp_func_info(LdxiJpFunc func);

// Human name of a declared type, for messages.
const char*
ldxi_jp_type_name(LdxiJpType type);

// length(): characters of a string, members of an array or object,
// Nothing otherwise.
void
ldxi_jp_fn_length(const LdxiJpValue* arg, LdxiJpValue* out);

// match() (whole string) or search() (substring) of `call`.  Non-string
// arguments and patterns that are not I-Regexp give false.
// Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_jp_fn_regex(LdxiJpRegexEnv*    env,
                 const LdxiJpCall*  call,
                 const LdxiJpValue* subject,
                 const LdxiJpValue* pattern,
                 bool*              out);

#endif // LDX_JSONPATH_FUNCTIONS_H
