// SPDX-License-Identifier: MIT
// Unit tests of the core module: status strings, buffers, diagnostics.
#undef NDEBUG

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"

#include "ldexport.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static void
test_strerror(void)
{
  for (int s = LDX_SUCCESS; s <= LDX_UNSUPPORTED; ++s) {
    const char* msg = ldx_strerror((LdxStatus)s);
    assert(msg && *msg);
    assert(strcmp(msg, "unknown status"));
  }
  assert(!strcmp(ldx_strerror((LdxStatus)999), "unknown status"));
}

static void
test_buf(void)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, NULL, 16);
  assert(!strcmp(ldxi_buf_cstr(&buf), ""));
  assert(!ldxi_buf_puts(&buf, "hello"));
  assert(!ldxi_buf_putc(&buf, ' '));
  assert(!ldxi_buf_printf(&buf, "%d", 42));
  assert(!strcmp(ldxi_buf_cstr(&buf), "hello 42"));
  assert(ldxi_buf_puts(&buf, "0123456789") == LDX_BAD_LIMIT);
  assert(buf.len == 8); // unchanged after a failed append
  ldxi_buf_clear(&buf);
  assert(buf.len == 0 && !strcmp(ldxi_buf_cstr(&buf), ""));
  ldxi_buf_free(&buf);

  LdxiBuf big;
  ldxi_buf_init(&big, NULL, 0);
  for (int i = 0; i < 1000; ++i) {
    assert(!ldxi_buf_printf(&big, "%04d", i));
  }
  assert(big.len == 4000);
  assert(!memcmp(big.data + 3996, "0999", 4));
  ldxi_buf_free(&big);
}

typedef struct {
  int  count;
  char last[512];
} Captured;

static void
capture(void* handle, const LdxDiag* diag)
{
  Captured* cap = (Captured*)handle;
  ++cap->count;
  snprintf(cap->last,
           sizeof(cap->last),
           "%s|%u|%u|%s|%s",
           diag->caret.file ? diag->caret.file : "-",
           diag->caret.line,
           diag->caret.column,
           diag->record ? diag->record : "-",
           diag->message);
}

static void
test_diag(void)
{
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  Captured cap = { 0, "" };
  ldx_world_set_diag_func(world, capture, &cap);

  LdxCaret caret = { "m.ttl", 3, 7, 40 };
  assert(ldxi_error(world, LDX_BAD_SYNTAX, &caret, "bad %s", "thing") ==
         LDX_BAD_SYNTAX);
  assert(cap.count == 1);
  assert(!strcmp(cap.last, "m.ttl|3|7|-|bad thing"));
  assert(ldx_world_error_count(world) == 1);

  assert(ldxi_warning(world, NULL, "careful") == LDX_SUCCESS);
  assert(ldx_world_warning_count(world) == 1);

  // Past the error limit, diagnostics are counted but not delivered.
  LdxLimits limits = { 0, 0, 2 };
  ldx_world_set_limits(world, &limits);
  ldxi_error(world, LDX_BAD_DATA, NULL, "second");
  ldxi_error(world, LDX_BAD_DATA, NULL, "third");
  assert(cap.count == 3);
  assert(ldx_world_error_count(world) == 3);
  ldx_world_free(world);

  // The GCC-style printer.
  char    text[512];
  FILE*   mem = fmemopen(text, sizeof(text), "w");
  LdxDiag d   = { LDX_BAD_DATA,
                  LDX_LEVEL_ERROR,
                  { "data.json", 0, 0, 0 },
                  "record 2",
                  "invalid IRI",
                  { "map.ttl", 12, 5, 0 },
                  "subject map of <#TM1>" };
  assert(mem);
  ldx_diag_print(&d, mem);
  fclose(mem);
  assert(!strcmp(text,
                 "data.json: record 2: error: invalid IRI\n"
                 "map.ttl:12:5: note: subject map of <#TM1>\n"));
}

static void
test_free_null(void)
{
  ldx_world_free(NULL);
  ldxi_free(NULL, NULL);
}

int
main(void)
{
  test_strerror();
  test_buf();
  test_diag();
  test_free_null();
  return 0;
}
