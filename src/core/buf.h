// SPDX-License-Identifier: MIT
// A growable byte buffer with a mandatory maximum size.
//
// The buffer always keeps room for a terminating NUL, so ldxi_buf_cstr()
// never allocates.  Appends fail with LDX_BAD_ALLOC or, past `max`,
// LDX_BAD_LIMIT; the content is then unchanged.
#ifndef LDX_CORE_BUF_H
#define LDX_CORE_BUF_H

#include "ldexport/attributes.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stddef.h>
#include <string.h>

typedef struct {
  char*     data; // NULL until the first append
  size_t    len;
  size_t    cap;
  size_t    max; // largest allowed len
  LdxWorld* world;
} LdxiBuf;

// Initialise an empty buffer (no allocation).  max 0 = SIZE_MAX / 2.
void
ldxi_buf_init(LdxiBuf* buf, LdxWorld* world, size_t max);

// Release the memory; the buffer is then empty and may be reused.
void
ldxi_buf_free(LdxiBuf* buf);

// Make room for `extra` more bytes (plus the NUL).
LdxStatus
ldxi_buf_reserve(LdxiBuf* buf, size_t extra);

LDX_LOG_FUNC(2, 3)
LdxStatus
ldxi_buf_printf(LdxiBuf* buf, const char* fmt, ...);

static inline void
ldxi_buf_clear(LdxiBuf* buf)
{
  buf->len = 0;
  if (buf->data) {
    buf->data[0] = '\0';
  }
}

static inline LdxStatus
ldxi_buf_append(LdxiBuf* buf, const void* bytes, size_t len)
{
  if (buf->cap - buf->len <= len || len > buf->max - buf->len) {
    LdxStatus st = ldxi_buf_reserve(buf, len);
    if (st) {
      return st;
    }
  }
  if (len) {
    memcpy(buf->data + buf->len, bytes, len);
  }
  buf->len += len;
  buf->data[buf->len] = '\0';
  return LDX_SUCCESS;
}

static inline LdxStatus
ldxi_buf_putc(LdxiBuf* buf, char c)
{
  if (buf->cap - buf->len <= 1 || buf->len >= buf->max) {
    LdxStatus st = ldxi_buf_reserve(buf, 1);
    if (st) {
      return st;
    }
  }
  buf->data[buf->len++] = c;
  buf->data[buf->len]   = '\0';
  return LDX_SUCCESS;
}

static inline LdxStatus
ldxi_buf_puts(LdxiBuf* buf, const char* str)
{
  return ldxi_buf_append(buf, str, strlen(str));
}

// The content as a NUL-terminated string ("" if empty); borrowed.
static inline const char*
ldxi_buf_cstr(const LdxiBuf* buf)
{
  return buf->data ? buf->data : "";
}

#endif // LDX_CORE_BUF_H
