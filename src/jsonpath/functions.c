// SPDX-License-Identifier: MIT
#include "jsonpath/functions.h"

#include "jsonpath/iregexp.h"

#include <string.h>

static const LdxiJpFuncInfo functions[] = {
  { "length",
    LDXI_JP_FN_LENGTH,
    1,
    { LDXI_JP_TYPE_VALUE, LDXI_JP_TYPE_VALUE },
    LDXI_JP_TYPE_VALUE },
  { "count",
    LDXI_JP_FN_COUNT,
    1,
    { LDXI_JP_TYPE_NODES, LDXI_JP_TYPE_NODES },
    LDXI_JP_TYPE_VALUE },
  { "match",
    LDXI_JP_FN_MATCH,
    2,
    { LDXI_JP_TYPE_VALUE, LDXI_JP_TYPE_VALUE },
    LDXI_JP_TYPE_LOGICAL },
  { "search",
    LDXI_JP_FN_SEARCH,
    2,
    { LDXI_JP_TYPE_VALUE, LDXI_JP_TYPE_VALUE },
    LDXI_JP_TYPE_LOGICAL },
  { "value",
    LDXI_JP_FN_VALUE,
    1,
    { LDXI_JP_TYPE_NODES, LDXI_JP_TYPE_NODES },
    LDXI_JP_TYPE_VALUE },
};

const LdxiJpFuncInfo*
ldxi_jp_func_lookup(const char* name, size_t len)
{
  for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); ++i) {
    if (strlen(functions[i].name) == len &&
        !memcmp(functions[i].name, name, len)) {
      return &functions[i];
    }
  }
  return NULL;
}

const LdxiJpFuncInfo*
ldxi_jp_func_info(LdxiJpFunc func)
{
  for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); ++i) {
    if (functions[i].func == func) {
      return &functions[i];
    }
  }
  return NULL;
}

const char*
ldxi_jp_type_name(LdxiJpType type)
{
  switch (type) {
    case LDXI_JP_TYPE_VALUE:
      return "ValueType";
    case LDXI_JP_TYPE_LOGICAL:
      return "LogicalType";
    case LDXI_JP_TYPE_NODES:
      return "NodesType";
  }
  return "?";
}

void
ldxi_jp_fn_length(const LdxiJpValue* arg, LdxiJpValue* out)
{
  out->kind = LDXI_JP_INT;
  switch (arg->kind) {
    case LDXI_JP_STRING: {
      // Unicode scalar values: every byte that does not continue a sequence.
      int64_t              n = 0;
      const unsigned char* s = (const unsigned char*)arg->u.string.ptr;
      for (size_t i = 0; i < arg->u.string.len; ++i) {
        n += (s[i] & 0xC0) != 0x80;
      }
      out->u.integer = n;
      return;
    }
    case LDXI_JP_ARRAY:
      out->u.integer = (int64_t)arg->u.json->n;
      return;
    case LDXI_JP_OBJECT:
      out->u.integer = (int64_t)arg->u.json->n;
      return;
    default:
      out->kind = LDXI_JP_NOTHING;
      return;
  }
}

LdxStatus
ldxi_jp_fn_regex(LdxiJpRegexEnv*    env,
                 const LdxiJpCall*  call,
                 const LdxiJpValue* subject,
                 const LdxiJpValue* pattern,
                 bool*              out)
{
  *out = false;
  if (subject->kind != LDXI_JP_STRING) {
    return LDX_SUCCESS;
  }
  const LdxiJpRegex* regex = call->regex;
  if (call->pattern_kind == LDXI_JP_PATTERN_INVALID) {
    return LDX_SUCCESS;
  }
  if (call->pattern_kind == LDXI_JP_PATTERN_DYNAMIC) {
    if (pattern->kind != LDXI_JP_STRING) {
      return LDX_SUCCESS;
    }
    LdxStatus st = ldxi_jp_regex_cached(env,
                                        pattern->u.string.ptr,
                                        pattern->u.string.len,
                                        call->func == LDXI_JP_FN_MATCH,
                                        &regex);
    if (st) {
      return st;
    }
  }
  if (!regex) {
    return LDX_SUCCESS;
  }
  return ldxi_jp_regex_match(
    env, regex, subject->u.string.ptr, subject->u.string.len, out);
}
