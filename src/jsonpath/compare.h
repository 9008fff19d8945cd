// SPDX-License-Identifier: MIT
// Comparisons of filter expressions (RFC 9535 §2.3.5.2.2): numbers compared
// mathematically, strings by code point, arrays and objects deeply, and
// Nothing equal only to Nothing.
#ifndef LDX_JSONPATH_COMPARE_H
#define LDX_JSONPATH_COMPARE_H

#include "jsonpath/ast.h"

#include "ldexport/status.h"

#include <stdbool.h>
#include <stddef.h>

// The value of a node; NULL gives Nothing.  Strings and containers borrow
// from the node.
void
ldxi_jp_value_of(const LdxiJson* node, LdxiJpValue* out);

// `a op b`.
// Errors: LDX_BAD_LIMIT when comparing values nested deeper than
// `max_depth`.
LdxStatus
ldxi_jp_compare(LdxiJpCmpOp        op,
                const LdxiJpValue* a,
                const LdxiJpValue* b,
                size_t             max_depth,
                bool*              out);

#endif // LDX_JSONPATH_COMPARE_H
