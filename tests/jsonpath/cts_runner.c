// SPDX-License-Identifier: MIT
// Runs the JSONPath Compliance Test Suite (RFC 9535) against the compiler
// and evaluator in STRICT mode.
//
// Usage: cts_runner [CTS_JSON [XFAIL]]
// Defaults: $LDX_CONFORMANCE_DIR/jsonpath/cts.json (else
// $LDX_TOP_SRCDIR/../shared/conformance/...) and
// $LDX_TOP_SRCDIR/tests/jsonpath/cts.xfail.
//
// The known-failures file lists `name<TAB>reason` lines ('#' starts a
// comment).  A failure not listed, or a listed case that passes, makes the
// run fail.  Output: one line per unexpected result, then exactly one
// summary line `jsonpath: N passed, N failed`.  Exit 77 if the suite is
// missing.
#undef NDEBUG

#include "jsonpath/jsonpath.h"

#include "core/arena.h"
#include "core/buf.h"
#include "json/json.h"

#include "ldexport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char* name;
  bool  seen;
} XFail;

typedef struct {
  XFail* items;
  size_t n;
} XFailList;

// The nodes and normalized paths an evaluation produced.
typedef struct {
  const LdxiJson** nodes;
  size_t           n;
  LdxiBuf          paths; // NUL-separated
} Results;

// Deep enough for any document of the suite.
#define EQUAL_DEPTH 1000u

static char*
join(const char* a, const char* b)
{
  size_t la = strlen(a);
  size_t lb = strlen(b);
  char*  s  = (char*)malloc(la + lb + 1);
  if (s) {
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
  }
  return s;
}

static int
load_xfail(const char* path, XFailList* list)
{
  list->items = NULL;
  list->n     = 0;
  FILE* f     = fopen(path, "r");
  if (!f) {
    return 0; // no file: nothing is expected to fail
  }
  char line[4096];
  while (fgets(line, sizeof(line), f)) {
    size_t len = strcspn(line, "\r\n");
    line[len]  = '\0';
    if (!len || line[0] == '#') {
      continue;
    }
    char* tab = strchr(line, '\t');
    if (!tab) {
      fprintf(stderr, "%s: line without a TAB and reason: %s\n", path, line);
      fclose(f);
      return -1;
    }
    *tab         = '\0';
    XFail* grown = (XFail*)realloc(list->items, (list->n + 1) * sizeof(XFail));
    if (!grown) {
      fclose(f);
      return -1;
    }
    list->items               = grown;
    list->items[list->n].name = join(line, "");
    list->items[list->n].seen = false;
    if (!list->items[list->n].name) {
      fclose(f);
      return -1;
    }
    ++list->n;
  }
  fclose(f);
  return 0;
}

static XFail*
find_xfail(XFailList* list, const char* name)
{
  for (size_t i = 0; i < list->n; ++i) {
    if (!strcmp(list->items[i].name, name)) {
      return &list->items[i];
    }
  }
  return NULL;
}

static LdxStatus
collect(void* handle, const LdxiJson* node, const LdxiJsonPathLoc* loc)
{
  Results*         r = (Results*)handle;
  const LdxiJson** grown =
    (const LdxiJson**)realloc((void*)r->nodes, (r->n + 1) * sizeof(*r->nodes));
  if (!grown) {
    return LDX_BAD_ALLOC;
  }
  r->nodes         = grown;
  r->nodes[r->n++] = node;
  LdxStatus st     = ldxi_jsonpath_loc_format(loc, &r->paths);
  return st ? st : ldxi_buf_putc(&r->paths, '\0');
}

static bool
same_nodes(const Results* r, const LdxiJson* want)
{
  if (!want || want->type != LDXI_JSON_ARRAY || want->n != r->n) {
    return false;
  }
  for (size_t i = 0; i < r->n; ++i) {
    if (!ldxi_json_equal(r->nodes[i], &want->u.items[i], EQUAL_DEPTH)) {
      return false;
    }
  }
  return true;
}

// True if `want` is absent or lists the paths of `r`.
static bool
same_paths(const Results* r, const LdxiJson* want)
{
  if (!want) {
    return true;
  }
  if (want->type != LDXI_JSON_ARRAY || want->n != r->n) {
    return false;
  }
  const char* got = ldxi_buf_cstr(&r->paths);
  for (size_t i = 0; i < r->n; ++i) {
    const LdxiJson* w   = &want->u.items[i];
    const size_t    len = strlen(got);
    if (w->type != LDXI_JSON_STRING || w->n != len ||
        memcmp(w->u.str, got, len)) {
      return false;
    }
    got += len + 1;
  }
  return true;
}

static bool
is_true(const LdxiJson* node)
{
  return node && node->type == LDXI_JSON_TRUE;
}

// Run one case; on failure, describe it in `why`.
static bool
run_case(LdxWorld* world, const LdxiJson* test, char* why, size_t why_size)
{
  const LdxiJson* sel = ldxi_json_get(test, "selector", 8);
  const bool invalid  = is_true(ldxi_json_get(test, "invalid_selector", 16));
  if (!sel || sel->type != LDXI_JSON_STRING) {
    snprintf(why, why_size, "no selector in the test case");
    return false;
  }
  LdxiJsonPath*     path = NULL;
  LdxiJsonPathError err;
  LdxStatus         st = ldxi_jsonpath_compile(
    world, sel->u.str, sel->n, LDXI_JSONPATH_STRICT, &path, &err);
  if (invalid) {
    ldxi_jsonpath_free(path);
    if (st == LDX_BAD_REFERENCE) {
      return true;
    }
    snprintf(why,
             why_size,
             "%s",
             st ? ldx_strerror(st) : "compiled, but the selector is invalid");
    return false;
  }
  if (st) {
    snprintf(why,
             why_size,
             "did not compile: %s at byte %zu: %s",
             ldx_strerror(st),
             err.offset,
             err.message);
    return false;
  }

  Results r = { NULL, 0, { NULL, 0, 0, 0, NULL } };
  ldxi_buf_init(&r.paths, NULL, 0);
  const LdxiJson* doc = ldxi_json_get(test, "document", 8);
  st = doc ? ldxi_jsonpath_eval(path, doc, NULL, collect, &r) : LDX_BAD_ARG;
  bool ok = false;
  if (st) {
    snprintf(why, why_size, "evaluation failed: %s", ldx_strerror(st));
  } else if (ldxi_json_get(test, "result", 6)) {
    ok = same_nodes(&r, ldxi_json_get(test, "result", 6)) &&
         same_paths(&r, ldxi_json_get(test, "result_paths", 12));
  } else {
    const LdxiJson* results = ldxi_json_get(test, "results", 7);
    const LdxiJson* paths   = ldxi_json_get(test, "results_paths", 13);
    for (size_t i = 0;
         !ok && results && results->type == LDXI_JSON_ARRAY && i < results->n;
         ++i) {
      ok = same_nodes(&r, &results->u.items[i]) &&
           same_paths(&r, ldxi_json_item(paths, i));
    }
  }
  if (!st && !ok) {
    LdxiBuf nodes;
    ldxi_buf_init(&nodes, NULL, 0);
    for (size_t i = 0; i < r.n; ++i) {
      ldxi_buf_puts(&nodes, i ? "," : "[");
      ldxi_json_write(r.nodes[i], 0, &nodes);
    }
    ldxi_buf_puts(&nodes, r.n ? "]" : "[]");
    snprintf(why, why_size, "got %s", ldxi_buf_cstr(&nodes));
    ldxi_buf_free(&nodes);
  }
  free((void*)r.nodes);
  ldxi_buf_free(&r.paths);
  ldxi_jsonpath_free(path);
  return ok;
}

// Read a whole file; NULL if it cannot be read.
static char*
slurp(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  char*  text = NULL;
  size_t cap  = 0;
  *len        = 0;
  for (;;) {
    if (cap - *len < 65536) {
      char* grown = (char*)realloc(text, cap + 65536);
      if (!grown) {
        free(text);
        fclose(f);
        return NULL;
      }
      text = grown;
      cap += 65536;
    }
    size_t n = fread(text + *len, 1, cap - *len, f);
    if (!n) {
      break;
    }
    *len += n;
  }
  fclose(f);
  return text;
}

int
main(int argc, char** argv)
{
  const char* srcdir   = getenv("LDX_TOP_SRCDIR");
  const char* confdir  = getenv("LDX_CONFORMANCE_DIR");
  char*       cts_path = NULL;
  char*       xf_path  = NULL;
  if (argc > 1) {
    cts_path = join(argv[1], "");
  } else if (confdir && *confdir) {
    cts_path = join(confdir, "/jsonpath/cts.json");
  } else {
    cts_path =
      join(srcdir ? srcdir : ".", "/../shared/conformance/jsonpath/cts.json");
  }
  if (argc > 2) {
    xf_path = join(argv[2], "");
  } else {
    xf_path = join(srcdir ? srcdir : ".", "/tests/jsonpath/cts.xfail");
  }
  if (!cts_path || !xf_path) {
    return 1;
  }

  size_t len  = 0;
  char*  text = slurp(cts_path, &len);
  if (!text) {
    fprintf(stderr, "jsonpath: cannot read %s\n", cts_path);
    free(cts_path);
    free(xf_path);
    return 77;
  }
  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    return 1;
  }
  // The suite is read with our own parser.
  LdxiArena arena;
  ldxi_arena_init(&arena, world, 0);
  const LdxiJson* suite = NULL;
  LdxiJsonError   jerr;
  if (ldxi_json_parse(world, &arena, text, len, &suite, &jerr)) {
    fprintf(stderr,
            "%s:%zu:%zu: invalid JSON: %s\n",
            cts_path,
            jerr.line,
            jerr.column,
            jerr.message);
    return 1;
  }
  free(text);
  XFailList xfail;
  if (load_xfail(xf_path, &xfail)) {
    return 1;
  }

  size_t          passed     = 0;
  size_t          failed     = 0;
  size_t          unexpected = 0;
  const LdxiJson* tests      = ldxi_json_get(suite, "tests", 5);
  const size_t n_tests = tests && tests->type == LDXI_JSON_ARRAY ? tests->n : 0;
  for (size_t i = 0; i < n_tests; ++i) {
    const LdxiJson* test      = &tests->u.items[i];
    const LdxiJson* name_node = ldxi_json_get(test, "name", 4);
    const char*     name      = name_node && name_node->type == LDXI_JSON_STRING
                                  ? name_node->u.str
                                  : NULL;
    XFail*          listed    = find_xfail(&xfail, name ? name : "");
    char            why[1024];
    why[0] = '\0';
    if (listed) {
      listed->seen = true;
    }
    if (run_case(world, test, why, sizeof(why))) {
      ++passed;
      if (listed) {
        printf("jsonpath: XPASS: %s (remove it from the list)\n", name);
        ++unexpected;
      }
    } else {
      ++failed;
      if (!listed) {
        printf("jsonpath: FAIL: %s: %s\n", name ? name : "?", why);
        ++unexpected;
      }
    }
  }
  for (size_t i = 0; i < xfail.n; ++i) {
    if (!xfail.items[i].seen) {
      printf("jsonpath: UNKNOWN: %s is listed but not in the suite\n",
             xfail.items[i].name);
      ++unexpected;
    }
    free(xfail.items[i].name);
  }
  printf("jsonpath: %zu passed, %zu failed\n", passed, failed);

  free(xfail.items);
  ldxi_arena_free(&arena);
  ldx_world_free(world);
  free(cts_path);
  free(xf_path);
  return unexpected ? 1 : 0;
}
