// SPDX-License-Identifier: MIT
// Unit tests of the locality analysis of XPath references
// (src/xml/xpath_local.c): what a streamed XML record can answer.
#undef NDEBUG

#include "xml/xpath_local.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static void
check(const char* expr, bool want)
{
  const bool got = ldxi_xpath_is_local(expr, strlen(expr));
  if (got != want) {
    fprintf(stderr, "'%s': expected %s\n", expr, want ? "local" : "not local");
    assert(false);
  }
}

int
main(void)
{
  static const char* const local[] = {
    "name",
    "@id",
    "name/text()",
    ".",
    "a/b/c",
    "a//b",
    ".//b",
    "descendant::b",
    "*",
    "@*",
    "ex:name",
    "ex:*",
    "text()",
    "node()",
    "comment()",
    "processing-instruction('x')",
    "../@id",
    "../../../@id",
    "ancestor::*[1]/@id",
    "ancestor::ex:a[@k = 'v']/@id",
    "ancestor-or-self::*/@xml:lang",
    "parent::*/namespace::*",
    "name(..)",
    "local-name(ancestor::*[2])",
    "count(ancestor::*)",
    "lang('en')",
    "a/..",
    "a/../b",
    "a/b/../../c",
    "a/following-sibling::b",
    "a/preceding-sibling::*[1]",
    "concat(@id, '-', name)",
    "concat(name, ../@id)",
    "string(name)",
    "string()",
    "normalize-space(.)",
    "count(a) + 1",
    "-count(a)",
    "a * 2",
    "a*b",
    "a div b mod 2",
    "a and b or not(c)",
    "a = 'x' and @b != 3",
    "a[1]",
    "a[last()]",
    "a[position() < 3]",
    "a[@k = ../@k]",
    "a[b = 'x']/c",
    "(a | b)[1]",
    "(a)/b",
    "a | @b | text()",
    "number(@n) * 2.5",
    "'literal'",
    "42",
    ".5",
    "div",
    "div/mod",
    "child::and",
    "a[div > 1]",
    "attribute::id",
    "self::node()",
    "string-length(name) > 3",
    "substring-before(@t, ':')",
    "boolean(..)",
    "translate(name, 'abc', 'ABC')",
  };
  static const char* const not_local[] = {
    "/a",
    "//a",
    "/",
    "..",
    "../x",
    "../*",
    "../../name",
    "string(..)",
    "ancestor::*",
    "ancestor::a/b",
    "ancestor::*[1]",
    "following-sibling::a",
    "preceding-sibling::*[1]/@id",
    "following::a",
    "preceding::a/@id",
    "id('x')",
    "$v",
    "count(/a)",
    "concat(name, /a/@b)",
    "a[/b]",
    "a[../../c]",
    "count(../*)",
    "..//x",
    "parent::*",
    "ancestor::*[string() = 'x']/@id",
    "ancestor::*[. = 'x']/@id",
    "(..)/@id", // conservative: the group is read as a value
    "..[1]",    // not XPath 1.0
    "",
    "a[",
    "'unterminated",
    "a!b",
    "@",
  };
  for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); ++i) {
    check(local[i], true);
  }
  for (size_t i = 0; i < sizeof(not_local) / sizeof(not_local[0]); ++i) {
    check(not_local[i], false);
  }
  // Deep nesting is not analysed.
  char   deep[1024];
  size_t n = 0;
  for (int i = 0; i < 300; ++i) {
    deep[n++] = '(';
  }
  deep[n++] = 'a';
  for (int i = 0; i < 300; ++i) {
    deep[n++] = ')';
  }
  assert(!ldxi_xpath_is_local(deep, n));
  printf("xpath locality: %zu local, %zu not\n",
         sizeof(local) / sizeof(local[0]),
         sizeof(not_local) / sizeof(not_local[0]));
  return 0;
}
