// SPDX-License-Identifier: MIT
// Reading a whole input into memory.
#include "cli/read_input.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

LdxStatus
ldx_cli_read_stream(FILE* in, LdxiBuf* out)
{
  char      chunk[65536];
  size_t    n  = 0;
  LdxStatus st = LDX_SUCCESS;
  while (!st && (n = fread(chunk, 1, sizeof chunk, in)) > 0) {
    st = ldxi_buf_append(out, chunk, n);
  }
  if (!st && ferror(in)) {
    st = LDX_BAD_READ;
  }
  return st;
}

LdxStatus
ldx_cli_read_file(const char* path, LdxiBuf* out, FILE* messages)
{
  const bool  is_stdin = !strcmp(path, "-");
  const char* name     = is_stdin ? "<stdin>" : path;
  FILE* const in       = is_stdin ? stdin : fopen(path, "rb");
  if (!in) {
    fprintf(messages, "%s: error: cannot open: %s\n", name, strerror(errno));
    return LDX_BAD_READ;
  }
  errno              = 0;
  const LdxStatus st = ldx_cli_read_stream(in, out);
  if (st == LDX_BAD_READ) {
    fprintf(messages,
            "%s: error: cannot read: %s\n",
            name,
            strerror(errno ? errno : EIO));
  }
  if (!is_stdin) {
    fclose(in);
  }
  return st;
}
