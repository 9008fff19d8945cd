// SPDX-License-Identifier: MIT
// Unit tests of src/rdf/iri.c: encodings, RFC 3987 validation, RFC 3986
// reference resolution.
#undef NDEBUG

#include "core/buf.h"
#include "rdf/iri.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check_encoding(const char* in, const char* iri_safe, const char* uri_safe)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  assert(!ldxi_iri_append_iri_safe(&buf, in, strlen(in)));
  if (strcmp(ldxi_buf_cstr(&buf), iri_safe)) {
    fprintf(stderr,
            "IRI-safe(%s) = %s, expected %s\n",
            in,
            ldxi_buf_cstr(&buf),
            iri_safe);
    abort();
  }
  ldxi_buf_clear(&buf);
  assert(!ldxi_iri_append_uri_safe(&buf, in, strlen(in)));
  if (strcmp(ldxi_buf_cstr(&buf), uri_safe)) {
    fprintf(stderr,
            "URI-safe(%s) = %s, expected %s\n",
            in,
            ldxi_buf_cstr(&buf),
            uri_safe);
    abort();
  }
  ldxi_buf_free(&buf);
}

static void
test_encodings(void)
{
  // The examples of RML-Core.
  check_encoding("Zoë Krüger", "Zoë%20Krüger", "Zo%C3%AB%20Kr%C3%BCger");
  check_encoding("Bob/Charles", "Bob%2FCharles", "Bob%2FCharles");
  check_encoding("", "", "");
  check_encoding("AZaz09-._~", "AZaz09-._~", "AZaz09-._~");
  check_encoding(
    "a b%c?d#e:f@g", "a%20b%25c%3Fd%23e%3Af%40g", "a%20b%25c%3Fd%23e%3Af%40g");
  check_encoding("!$&'()*+,;=",
                 "%21%24%26%27%28%29%2A%2B%2C%3B%3D",
                 "%21%24%26%27%28%29%2A%2B%2C%3B%3D");
  // U+00A0 is the first ucschar; U+009F (a C1 control) is not one.
  check_encoding("\xC2\xA0\xC2\x9F", "\xC2\xA0%C2%9F", "%C2%A0%C2%9F");
  // Private use (U+E000) is iprivate, not iunreserved.
  check_encoding("\xEE\x80\x80", "%EE%80%80", "%EE%80%80");
  // A non-character at the end of plane 1 is not ucschar.
  check_encoding("\xF0\x9F\xBF\xBE", "%F0%9F%BF%BE", "%F0%9F%BF%BE");
  // CJK and emoji are ucschar.
  check_encoding("例😀", "例😀", "%E4%BE%8B%F0%9F%98%80");
  // Invalid UTF-8 is encoded byte by byte.
  check_encoding("a\xFF\xC3", "a%FF%C3", "a%FF%C3");
  check_encoding("\xC3\xA9\xE9", "\xC3\xA9%E9", "%C3%A9%E9");
  // Embedded NUL.
  {
    LdxiBuf buf;
    ldxi_buf_init(&buf, NULL, 0);
    assert(!ldxi_iri_append_iri_safe(&buf, "a\0b", 3));
    assert(!strcmp(ldxi_buf_cstr(&buf), "a%00b"));
    ldxi_buf_free(&buf);
  }
  // Appends to what is there; a full buffer is left unchanged.
  {
    LdxiBuf buf;
    ldxi_buf_init(&buf, NULL, 12);
    assert(!ldxi_buf_puts(&buf, "http://x/"));
    assert(ldxi_iri_append_uri_safe(&buf, "a b", 3) == LDX_BAD_LIMIT);
    assert(!strcmp(ldxi_buf_cstr(&buf), "http://x/"));
    assert(ldxi_iri_append_iri_safe(&buf, "abcd", 4) == LDX_BAD_LIMIT);
    assert(!strcmp(ldxi_buf_cstr(&buf), "http://x/"));
    assert(!ldxi_iri_append_iri_safe(&buf, "ab", 2));
    assert(!strcmp(ldxi_buf_cstr(&buf), "http://x/ab"));
    ldxi_buf_free(&buf);
  }
}

static void
test_has_scheme(void)
{
  assert(ldxi_iri_has_scheme("http://x", 8));
  assert(ldxi_iri_has_scheme("a:", 2));
  assert(ldxi_iri_has_scheme("a+b-c.d9:x", 10));
  assert(!ldxi_iri_has_scheme("http://x", 4)); // length counts
  assert(!ldxi_iri_has_scheme("", 0));
  assert(!ldxi_iri_has_scheme(":x", 2));
  assert(!ldxi_iri_has_scheme("1a:x", 4));
  assert(!ldxi_iri_has_scheme("a b:x", 5));
  assert(!ldxi_iri_has_scheme("/a:b", 4));
  assert(!ldxi_iri_has_scheme("#a:b", 4));
  assert(!ldxi_iri_has_scheme("relative", 8));
}

static const char* const valid_iris[] = {
  "http://example.com",
  "http://example.com/",
  "http://a/b/c/d;p?q",
  "http://user:pass@host:8080/p?q#f",
  "http://@host/",
  "http://host:/",
  "http://host:65536/", // port is *DIGIT
  "http://:80/",
  "http://",
  "file:///tmp/x",
  "file:/tmp/x",
  "urn:isbn:0451450523",
  "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
  "mailto:John.Doe@example.com",
  "tel:+1-816-555-1212",
  "news:comp.infosystems.www.servers.unix",
  "x:",
  "x:?#",
  "a+b-c.d:rest",
  "http://192.168.0.1/",
  "http://999.1.1.1/", // not IPv4, but a fine ireg-name
  "http://[::1]:80/",
  "http://[::]/",
  "http://[1:2:3:4:5:6:7:8]/",
  "http://[1:2:3:4:5:6:1.2.3.4]/",
  "http://[::1.2.3.4]/",
  "http://[::ffff:192.0.2.128]/",
  "http://[1::]/",
  "http://[1:2:3:4:5:6:7::]/",
  "http://[::2:3:4:5:6:7:8]/",
  "http://[1::8]/",
  "http://[2001:DB8::7]/c=GB?objectClass?one",
  "http://[fe80::1:2]",
  "http://[v7.fe80::1]/",
  "http://[VF.a-b_c~!$&'()*+,;=:]/",
  "http://example.com/Zoë%20Krüger",
  "http://例え.jp/パス?クエリ#断片",
  "http://a/%C3%A9%aa",
  "http://a/😀",
  "http://a/\xF3\xA1\x80\x80",   // U+E1000, first of the last range
  "http://a?q=\xEE\x80\x80",     // iprivate in a query
  "http://a?q=\xF3\xB0\x80\x80", // U+F0000
  "http://a?q=\xF4\x8F\xBF\xBD", // U+10FFFD
  "http://a#f?/:@!$&'()*+,;=",
  "http://a/:@!$&'()*+,;=-._~",
  "http://a/b//c",
  "ex:a:b:c",
  "http://a?b?c",
};

static const char* const invalid_iris[] = {
  "",
  "http",
  ":",
  "//example.com",
  "1http://a",
  "ht tp://a",
  "http://a b",
  "http://a/ b",
  "http://a/<",
  "http://a/>",
  "http://a/\"",
  "http://a/{x}",
  "http://a/|",
  "http://a/\\",
  "http://a/^",
  "http://a/`",
  "http://a/\t",
  "http://a/%zz",
  "http://a/%4",
  "http://a/%",
  "http://a#b#c",
  "http://a/[",
  "http://a]/",
  "http://[::1/",
  "http://[::1]x/",
  "http://[::1]:8a/",
  "http://[]/",
  "http://[1:2:3:4:5:6:7:8:9]/",
  "http://[1:2:3:4:5:6:7]/",
  "http://[1:2:3:4:5:6:7::8]/",
  "http://[1::2::3]/",
  "http://[:::]/",
  "http://[:1]/",
  "http://[1:]/",
  "http://[:1::]/",
  "http://[12345::]/",
  "http://[g::]/",
  "http://[::256.1.1.1]/",
  "http://[::01.1.1.1]/",
  "http://[::1.2.3]/",
  "http://[::1.2.3.4.5]/",
  "http://[1.2.3.4::]/",
  "http://[1:2:3:4:5:6:7:1.2.3.4]/",
  "http://[v.x]/",
  "http://[v1.]/",
  "http://[v1x]/",
  "http://[vz.x]/",
  "http://[v1.é]/",
  "http://host:80a/",
  "http://a:b:c/",
  "http://u@a@b/",
  "http://a%/",
  "http://a/\xFF",
  "http://a/\xC3",             // truncated
  "http://a/\xC0\xAF",         // overlong '/'
  "http://a/\xED\xA0\x80",     // surrogate
  "http://a/\xF4\x90\x80\x80", // above U+10FFFF
  "http://a/\xC2\x80",         // U+0080, a C1 control
  "http://a/\xEE\x80\x80",     // iprivate outside the query
  "http://a#\xEE\x80\x80",     // iprivate in a fragment
  "http://a/\xEF\xBF\xBE",     // U+FFFE
  "http://a/\xEF\xBF\xB0",     // U+FFF0, specials
  "http://a/\xF0\x9F\xBF\xBF", // U+1FFFF
  "http://a/\xF3\xA0\x80\x81", // U+E0001, tags
  "http://a/\xEF\xB7\x90",     // U+FDD0, a non-character
};

static void
test_validation(void)
{
  for (size_t i = 0; i < sizeof(valid_iris) / sizeof(*valid_iris); ++i) {
    if (!ldxi_iri_is_valid(valid_iris[i], strlen(valid_iris[i]))) {
      fprintf(stderr, "valid IRI rejected: %s\n", valid_iris[i]);
      abort();
    }
  }
  for (size_t i = 0; i < sizeof(invalid_iris) / sizeof(*invalid_iris); ++i) {
    if (ldxi_iri_is_valid(invalid_iris[i], strlen(invalid_iris[i]))) {
      fprintf(stderr, "invalid IRI accepted: %s\n", invalid_iris[i]);
      abort();
    }
  }
  // The length counts, not a NUL.
  assert(ldxi_iri_is_valid("http://a/b c", 10));
  assert(!ldxi_iri_is_valid("http://a/\0b", 11));
}

typedef struct {
  const char* ref;
  const char* result;
} Example;

// RFC 3986 section 5.4.1, normal examples.
static const Example normal[] = {
  { "g:h", "g:h" },
  { "g", "http://a/b/c/g" },
  { "./g", "http://a/b/c/g" },
  { "g/", "http://a/b/c/g/" },
  { "/g", "http://a/g" },
  { "//g", "http://g" },
  { "?y", "http://a/b/c/d;p?y" },
  { "g?y", "http://a/b/c/g?y" },
  { "#s", "http://a/b/c/d;p?q#s" },
  { "g#s", "http://a/b/c/g#s" },
  { "g?y#s", "http://a/b/c/g?y#s" },
  { ";x", "http://a/b/c/;x" },
  { "g;x", "http://a/b/c/g;x" },
  { "g;x?y#s", "http://a/b/c/g;x?y#s" },
  { "", "http://a/b/c/d;p?q" },
  { ".", "http://a/b/c/" },
  { "./", "http://a/b/c/" },
  { "..", "http://a/b/" },
  { "../", "http://a/b/" },
  { "../g", "http://a/b/g" },
  { "../..", "http://a/" },
  { "../../", "http://a/" },
  { "../../g", "http://a/g" },
};

// RFC 3986 section 5.4.2, abnormal examples (strict parser).
static const Example abnormal[] = {
  { "../../../g", "http://a/g" },
  { "../../../../g", "http://a/g" },
  { "/./g", "http://a/g" },
  { "/../g", "http://a/g" },
  { "g.", "http://a/b/c/g." },
  { ".g", "http://a/b/c/.g" },
  { "g..", "http://a/b/c/g.." },
  { "..g", "http://a/b/c/..g" },
  { "./../g", "http://a/b/g" },
  { "./g/.", "http://a/b/c/g/" },
  { "g/./h", "http://a/b/c/g/h" },
  { "g/../h", "http://a/b/c/h" },
  { "g;x=1/./y", "http://a/b/c/g;x=1/y" },
  { "g;x=1/../y", "http://a/b/c/y" },
  { "g?y/./x", "http://a/b/c/g?y/./x" },
  { "g?y/../x", "http://a/b/c/g?y/../x" },
  { "g#s/./x", "http://a/b/c/g#s/./x" },
  { "g#s/../x", "http://a/b/c/g#s/../x" },
  { "http:g", "http:g" },
};

static void
check_resolve(const char* base, const char* ref, const char* expected)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 0);
  assert(!ldxi_buf_puts(&buf, "prefix|")); // resolve appends
  const LdxStatus st     = ldxi_iri_resolve(&buf, base, ref, strlen(ref));
  const char*     result = buf.data + 7;
  if (st || strcmp(result, expected)) {
    fprintf(stderr,
            "resolve(<%s>, <%s>) = %s (%s), expected %s\n",
            base,
            ref,
            result,
            ldx_strerror(st),
            expected);
    abort();
  }
  assert(!strncmp(buf.data, "prefix|", 7));
  ldxi_buf_free(&buf);
}

static void
test_resolve(void)
{
  const char* base = "http://a/b/c/d;p?q";
  for (size_t i = 0; i < sizeof(normal) / sizeof(*normal); ++i) {
    check_resolve(base, normal[i].ref, normal[i].result);
  }
  for (size_t i = 0; i < sizeof(abnormal) / sizeof(*abnormal); ++i) {
    check_resolve(base, abnormal[i].ref, abnormal[i].result);
  }

  // Other bases: empty path with authority, no authority, fragments.
  check_resolve("http://a", "g", "http://a/g");
  check_resolve("http://a", "", "http://a");
  check_resolve("http://a", "?q", "http://a?q");
  check_resolve("http://a", "../g", "http://a/g");
  check_resolve("http://a/b#frag", "", "http://a/b");
  check_resolve("http://a/b#frag", "#x", "http://a/b#x");
  check_resolve("http://a/b?q#frag", "#", "http://a/b?q#");
  check_resolve("http://a/b?q", "?", "http://a/b?");
  check_resolve("urn:a:b", "c", "urn:c");
  check_resolve("mailto:x@y", "z", "mailto:z");
  check_resolve("file:///dir/m.ttl", "#TM", "file:///dir/m.ttl#TM");
  check_resolve("file:///dir/m.ttl", "data.json", "file:///dir/data.json");
  check_resolve("file:///dir/sub/m.ttl", "../x", "file:///dir/x");
  // Absolute references: copied as they are unless they have dot segments.
  check_resolve("http://a/b", "http://x/y/z?q#f", "http://x/y/z?q#f");
  check_resolve(
    "http://a/b", "http://x/./y/../z?q/./#f/../", "http://x/z?q/./#f/../");
  check_resolve(
    "http://a/b", "http://x/.well-known/a", "http://x/.well-known/a");
  check_resolve("http://a/b", "http://x/a/..", "http://x/");
  check_resolve("http://a/b", "a:./b", "a:b");
  check_resolve("http://a/b", "a:.", "a:");
  check_resolve("http://a/b", "urn:isbn:0-486", "urn:isbn:0-486");
  check_resolve("http://a/b/c", "http://x/y/../z", "http://x/z");
  check_resolve("http://a/b/c", "//x/./y", "http://x/y");
  check_resolve("http://a/b/c", "/..", "http://a/");
  check_resolve("http://a/b/c", "/.", "http://a/");
  check_resolve("http://a/b/c", "./..", "http://a/");
  check_resolve("http://a/b/c/", "..//g", "http://a/b//g");
  check_resolve("http://a/b/c", "Zoë", "http://a/b/Zoë");
  // The length counts: only "g" of "g?x" is the reference.
  {
    LdxiBuf buf;
    ldxi_buf_init(&buf, NULL, 0);
    assert(!ldxi_iri_resolve(&buf, "http://a/b", "g?x", 1));
    assert(!strcmp(ldxi_buf_cstr(&buf), "http://a/g"));
    ldxi_buf_free(&buf);
  }

  // Errors: a base without a scheme; a buffer limit.
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 10);
  assert(ldxi_iri_resolve(&buf, "/a/b", "c", 1) == LDX_BAD_ARG);
  assert(ldxi_iri_resolve(&buf, "", "c", 1) == LDX_BAD_ARG);
  assert(ldxi_iri_resolve(&buf, NULL, "c", 1) == LDX_BAD_ARG);
  assert(!ldxi_buf_puts(&buf, "x"));
  assert(ldxi_iri_resolve(&buf, "http://a/b", "ccc", 3) == LDX_BAD_LIMIT);
  assert(!strcmp(ldxi_buf_cstr(&buf), "x")); // unchanged
  ldxi_buf_free(&buf);
}

// An allocator that fails the n-th allocation and counts live blocks.
typedef struct {
  size_t count;
  size_t fail_at; // 0: never
  long   live;
} FailingAlloc;

static void*
fa_malloc(void* handle, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (++fa->count == fa->fail_at) {
    return NULL;
  }
  void* p = malloc(size);
  fa->live += p != NULL;
  return p;
}

static void*
fa_calloc(void* handle, size_t nmemb, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (++fa->count == fa->fail_at) {
    return NULL;
  }
  void* p = calloc(nmemb, size);
  fa->live += p != NULL;
  return p;
}

static void*
fa_realloc(void* handle, void* ptr, size_t size)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  if (++fa->count == fa->fail_at) {
    return NULL;
  }
  void* p = realloc(ptr, size);
  fa->live += p && !ptr;
  return p;
}

static void
fa_free(void* handle, void* ptr)
{
  FailingAlloc* fa = (FailingAlloc*)handle;
  fa->live -= ptr != NULL;
  free(ptr);
}

static void
test_failing_alloc(void)
{
  FailingAlloc       fa    = { 0, 0, 0 };
  const LdxAllocator alloc = { fa_malloc, fa_calloc, fa_realloc, fa_free, &fa };
  LdxWorld*          world = ldx_world_new(&alloc);
  assert(world);
  const long base_live = fa.live;

  static const char value[] = "Zoë Krüger/x";
  for (size_t i = 1;; ++i) {
    fa.count   = 0;
    fa.fail_at = i;
    LdxiBuf buf;
    ldxi_buf_init(&buf, world, 0);
    LdxStatus st = ldxi_iri_append_iri_safe(&buf, value, sizeof(value) - 1);
    if (!st) {
      st = ldxi_iri_append_uri_safe(&buf, value, sizeof(value) - 1);
    }
    if (!st) {
      st = ldxi_iri_resolve(
        &buf, "http://a/b/c/d;p?q", "../../g/./h/../i?y#s", 20);
    }
    ldxi_buf_free(&buf);
    assert(fa.live == base_live);
    if (!st) {
      assert(fa.count < i); // every allocation has been failed once
      break;
    }
    assert(st == LDX_BAD_ALLOC);
  }
  fa.fail_at = 0;
  ldx_world_free(world);
  assert(fa.live == 0);
}

int
main(void)
{
  test_encodings();
  test_has_scheme();
  test_validation();
  test_resolve();
  test_failing_alloc();
  return 0;
}
