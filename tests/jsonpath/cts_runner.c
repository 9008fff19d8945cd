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

#include "core/buf.h"

#include "ldexport.h"

#include <jansson.h>
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

typedef struct {
  json_t* nodes;
  json_t* paths;
  LdxiBuf buf;
} Results;

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
collect(void* handle, json_t* node, const LdxiJsonPathLoc* loc)
{
  Results* r = (Results*)handle;
  ldxi_buf_clear(&r->buf);
  LdxStatus st = ldxi_jsonpath_loc_format(loc, &r->buf);
  if (st) {
    return st;
  }
  if (json_array_append(r->nodes, node) ||
      json_array_append_new(r->paths, json_stringn(r->buf.data, r->buf.len))) {
    return LDX_BAD_ALLOC;
  }
  return LDX_SUCCESS;
}

static bool
same(json_t* got, json_t* want)
{
  return !want || json_equal(got, want);
}

// Run one case; on failure, describe it in `why`.
static bool
run_case(LdxWorld* world, json_t* test, char* why, size_t why_size)
{
  json_t*    sel     = json_object_get(test, "selector");
  const bool invalid = json_is_true(json_object_get(test, "invalid_selector"));
  if (!json_is_string(sel)) {
    snprintf(why, why_size, "no selector in the test case");
    return false;
  }
  LdxiJsonPath*     path = NULL;
  LdxiJsonPathError err;
  LdxStatus         st = ldxi_jsonpath_compile(world,
                                       json_string_value(sel),
                                       json_string_length(sel),
                                       LDXI_JSONPATH_STRICT,
                                       &path,
                                       &err);
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

  Results r = { json_array(), json_array(), { NULL, 0, 0, 0, NULL } };
  ldxi_buf_init(&r.buf, NULL, 0);
  st = ldxi_jsonpath_eval(
    path, json_object_get(test, "document"), NULL, collect, &r);
  bool ok = false;
  if (st) {
    snprintf(why, why_size, "evaluation failed: %s", ldx_strerror(st));
  } else if (json_object_get(test, "result")) {
    ok = json_equal(r.nodes, json_object_get(test, "result")) &&
         same(r.paths, json_object_get(test, "result_paths"));
  } else {
    json_t* results = json_object_get(test, "results");
    json_t* paths   = json_object_get(test, "results_paths");
    for (size_t i = 0; !ok && i < json_array_size(results); ++i) {
      ok = json_equal(r.nodes, json_array_get(results, i)) &&
           same(r.paths, paths ? json_array_get(paths, i) : NULL);
    }
  }
  if (!st && !ok) {
    char* nodes = json_dumps(r.nodes, JSON_COMPACT | JSON_ENCODE_ANY);
    char* paths = json_dumps(r.paths, JSON_COMPACT | JSON_ENCODE_ANY);
    snprintf(
      why, why_size, "got %s at %s", nodes ? nodes : "?", paths ? paths : "?");
    free(nodes);
    free(paths);
  }
  ldxi_buf_free(&r.buf);
  json_decref(r.nodes);
  json_decref(r.paths);
  ldxi_jsonpath_free(path);
  return ok;
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

  json_error_t jerr;
  json_t*      suite = json_load_file(cts_path, JSON_ALLOW_NUL, &jerr);
  if (!suite) {
    fprintf(stderr, "jsonpath: cannot load %s: %s\n", cts_path, jerr.text);
    free(cts_path);
    free(xf_path);
    return 77;
  }
  XFailList xfail;
  if (load_xfail(xf_path, &xfail)) {
    return 1;
  }
  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    return 1;
  }

  size_t  passed     = 0;
  size_t  failed     = 0;
  size_t  unexpected = 0;
  json_t* tests      = json_object_get(suite, "tests");
  for (size_t i = 0; i < json_array_size(tests); ++i) {
    json_t*     test   = json_array_get(tests, i);
    const char* name   = json_string_value(json_object_get(test, "name"));
    XFail*      listed = find_xfail(&xfail, name ? name : "");
    char        why[1024];
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
  ldx_world_free(world);
  json_decref(suite);
  free(cts_path);
  free(xf_path);
  return unexpected ? 1 : 0;
}
