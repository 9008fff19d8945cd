// SPDX-License-Identifier: MIT
// Unit tests of the RML string template parser.
#undef NDEBUG

#include "core/arena.h"
#include "mapping/template.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static LdxiArena arena;

static size_t
parse(const char* text, LdxiTemplatePart** parts)
{
  size_t      n   = 0;
  size_t      off = 0;
  const char* msg = NULL;
  LdxStatus   st =
    ldxi_template_parse(&arena, text, strlen(text), parts, &n, &off, &msg);
  assert(!st);
  return n;
}

static void
expect_error(const char* text, size_t offset, const char* fragment)
{
  LdxiTemplatePart* parts = NULL;
  size_t            n     = 0;
  size_t            off   = 0;
  const char*       msg   = NULL;
  LdxStatus         st =
    ldxi_template_parse(&arena, text, strlen(text), &parts, &n, &off, &msg);
  assert(st == LDX_BAD_REFERENCE);
  assert(off == offset);
  assert(strstr(msg, fragment));
}

int
main(void)
{
  ldxi_arena_init(&arena, NULL, 0);
  LdxiTemplatePart* p = NULL;

  assert(parse("http://ex.com/{$.id}/{$.name}", &p) == 3);
  assert(!strcmp(p[0].literal, "http://ex.com/"));
  assert(!strcmp(p[0].reference, "$.id") && p[0].reference_offset == 15);
  assert(!strcmp(p[1].literal, "/") && !strcmp(p[1].reference, "$.name"));
  assert(!strcmp(p[2].literal, "") && !p[2].reference);

  // Escapes outside and inside references (RMLTC0010c, RMLTC0023f).
  assert(parse("\\{\\{\\{ {$['ISO 3166']} \\}\\}\\}", &p) == 2);
  assert(!strcmp(p[0].literal, "{{{ "));
  assert(!strcmp(p[0].reference, "$['ISO 3166']"));
  assert(!strcmp(p[1].literal, " }}}"));
  assert(parse("http://example.com/{$['\\{Name\\}']}", &p) == 2);
  assert(!strcmp(p[0].reference, "$['{Name}']"));
  assert(parse("a\\\\b", &p) == 1 && !strcmp(p[0].literal, "a\\b"));
  assert(parse("", &p) == 1 && p[0].literal_len == 0);
  assert(parse("{a}{b}", &p) == 3 && !strcmp(p[1].literal, ""));

  // Errors (RMLTC0023a, 0023d) with the offset of the culprit.
  expect_error("http://example.com/{{Name}}", 20, "unescaped '{'");
  expect_error("http://example.com/{\\\\{Name\\\\}}", 22, "unescaped '{'");
  expect_error("x}", 1, "unescaped '}'");
  expect_error("x{}", 1, "empty reference");
  expect_error("x{abc", 1, "unterminated");
  expect_error("x\\n", 1, "invalid escape");
  expect_error("x\\", 1, "backslash at the end");

  ldxi_arena_free(&arena);
  return 0;
}
