// SPDX-License-Identifier: MIT
// Which XPath 1.0 references can be evaluated on a streamed record.
//
// A streamed XML record is an element whose subtree is complete, inside a
// partial document: its ancestors are there with their attributes and
// namespaces, but their other children (the record's siblings, earlier
// records) are not.  A reference is "local" when, evaluated with the
// record as context node, it can only reach the record's subtree, the
// ancestors' names, attributes and namespaces, and never uses an
// ancestor's string value.  The analysis is conservative: anything it
// cannot prove local (absolute paths, following/preceding axes, going
// down again from an ancestor, variables, id(), deep nesting) is not.
#ifndef LDX_XML_XPATH_LOCAL_H
#define LDX_XML_XPATH_LOCAL_H

#include <stdbool.h>
#include <stddef.h>

// Whether the expression `text` (`len` bytes) is local.  An expression
// that is not valid XPath is not.
bool
ldxi_xpath_is_local(const char* text, size_t len);

// Whether the parentheses and brackets of the expression match; if not,
// `*offset` is where one is missing or unexpected.  (libxml2 2.9 accepts
// "count(" and "concat(a,".)
bool
ldxi_xpath_balanced(const char* text, size_t len, size_t* offset);

// Called with each function name of an expression (its byte offset and
// length, a prefix included); returning false stops.
typedef bool (*LdxiXPathNameFunc)(void*       handle,
                                  const char* name,
                                  size_t      len,
                                  size_t      offset);

// Call `func` for each function call of the expression, in order, up to
// the first token that is not valid XPath.
void
ldxi_xpath_each_function(const char*       text,
                         size_t            len,
                         LdxiXPathNameFunc func,
                         void*             handle);

#endif // LDX_XML_XPATH_LOCAL_H
