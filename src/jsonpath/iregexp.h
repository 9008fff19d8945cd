// SPDX-License-Identifier: MIT
// I-Regexp (RFC 9485) for match() and search(): translation to PCRE2
// syntax, compilation through the world's allocator, and a small cache for
// patterns that come from the document.
#ifndef LDX_JSONPATH_IREGEXP_H
#define LDX_JSONPATH_IREGEXP_H

#include "jsonpath/ast.h"

#include "core/buf.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>

// Append the PCRE2 form of I-Regexp `pattern` to `out`; `*valid` is false
// (and `out` unspecified) if the pattern is not I-Regexp.  `whole` anchors
// it at both ends (match) instead of searching for it.
LdxStatus
ldxi_iregexp_translate(const char* pattern,
                       size_t      len,
                       bool        whole,
                       LdxiBuf*    out,
                       bool*       valid);

// PCRE2 contexts and match data shared by the regexes of one path.
LdxiJpRegexEnv*
ldxi_jp_regex_env_new(LdxWorld* world);

void
ldxi_jp_regex_env_free(LdxiJpRegexEnv* env);

// Compile a pattern owned by the environment until it is freed; `*out` is
// NULL when the pattern is not valid I-Regexp.
// Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_jp_regex_compile(LdxiJpRegexEnv*     env,
                      const char*         pattern,
                      size_t              len,
                      bool                whole,
                      const LdxiJpRegex** out);

// Like ldxi_jp_regex_compile() for a pattern seen at evaluation: kept in a
// small cache; `*out` is valid until the next call.
LdxStatus
ldxi_jp_regex_cached(LdxiJpRegexEnv*     env,
                     const char*         pattern,
                     size_t              len,
                     bool                whole,
                     const LdxiJpRegex** out);

// Whether `subject` matches.  A match that hits PCRE2's resource limits
// counts as no match.
// Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_jp_regex_match(LdxiJpRegexEnv*    env,
                    const LdxiJpRegex* regex,
                    const char*        subject,
                    size_t             len,
                    bool*              matched);

#endif // LDX_JSONPATH_IREGEXP_H
