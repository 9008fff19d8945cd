// SPDX-License-Identifier: MIT
#include "core/buf.h"

#include "core/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

void
ldxi_buf_init(LdxiBuf* buf, LdxWorld* world, size_t max)
{
  buf->data  = NULL;
  buf->len   = 0;
  buf->cap   = 0;
  buf->max   = max ? max : SIZE_MAX / 2;
  buf->world = world;
}

void
ldxi_buf_free(LdxiBuf* buf)
{
  ldxi_free(buf->world, buf->data);
  buf->data = NULL;
  buf->len  = 0;
  buf->cap  = 0;
}

LdxStatus
ldxi_buf_reserve(LdxiBuf* buf, size_t extra)
{
  if (extra > buf->max - buf->len) {
    return LDX_BAD_LIMIT;
  }
  size_t need = buf->len + extra + 1;
  if (need <= buf->cap) {
    return LDX_SUCCESS;
  }
  size_t cap = buf->cap ? buf->cap : 64;
  while (cap < need) {
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  }
  char* data = (char*)ldxi_realloc(buf->world, buf->data, cap);
  if (!data) {
    return LDX_BAD_ALLOC;
  }
  buf->data = data;
  buf->cap  = cap;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_buf_printf(LdxiBuf* buf, const char* fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  char small[256];
  int  n = vsnprintf(small, sizeof(small), fmt, args);
  va_end(args);
  if (n < 0) {
    return LDX_BAD_ARG;
  }
  if ((size_t)n < sizeof(small)) {
    return ldxi_buf_append(buf, small, (size_t)n);
  }
  LdxStatus st = ldxi_buf_reserve(buf, (size_t)n);
  if (st) {
    return st;
  }
  va_start(args, fmt);
  vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, args);
  va_end(args);
  buf->len += (size_t)n;
  return LDX_SUCCESS;
}
