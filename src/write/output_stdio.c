// SPDX-License-Identifier: MIT
// An output stream over a borrowed C stdio stream.
#include "ldexport/output.h"

#include <stdio.h>

static LdxStatus
stdio_write(void* stream, const void* buf, size_t len)
{
  return fwrite(buf, 1, len, (FILE*)stream) == len ? LDX_SUCCESS
                                                   : LDX_BAD_WRITE;
}

static LdxStatus
stdio_flush(void* stream)
{
  return fflush((FILE*)stream) ? LDX_BAD_WRITE : LDX_SUCCESS;
}

LdxOutputStream
ldx_output_stdio(FILE* file)
{
  LdxOutputStream out = { file, stdio_write, stdio_flush };
  return out;
}
