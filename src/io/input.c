// SPDX-License-Identifier: MIT
// Data files as UTF-8: the file is decompressed (decompress.c), then its
// first bytes decide the encoding: a UTF-8 BOM is dropped, a UTF-16 BOM
// selects UTF-16 in its byte order (a BOM overrides the mapping's
// declaration), and without one the declaration decides (UTF-16 is then
// little-endian).  UTF-16 is decoded by utf16.c.
#include "io/input.h"

#include "io/decompress.h"
#include "io/utf16.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/try.h"

#include <stdbool.h>
#include <string.h>

#define READ_ALL_CHUNK ((size_t)64 * 1024)

struct LdxiInput {
  LdxWorld*         world;
  char*             display;
  LdxiUnpack*       unpack;
  LdxiUtf16Decoder* utf16;   // NULL for UTF-8
  unsigned char     head[3]; // bytes read to look for a BOM, served first
  size_t            head_pos;
  size_t            head_len;
  LdxStatus         status; // sticky
};

// The decompressed bytes: the head, then the rest.
static LdxStatus
source_read(void* handle, void* buf, size_t size, size_t* got)
{
  LdxiInput* const input = (LdxiInput*)handle;
  if (input->head_pos < input->head_len) {
    size_t n = input->head_len - input->head_pos;
    n        = n < size ? n : size;
    memcpy(buf, input->head + input->head_pos, n);
    input->head_pos += n;
    *got = n;
    return LDX_SUCCESS;
  }
  return ldxi_unpack_read(input->unpack, buf, size, got);
}

static LdxStatus
open_encoding(LdxiInput* input, LdxiEncoding encoding)
{
  LdxStatus st = LDX_SUCCESS;
  while (input->head_len < sizeof(input->head)) {
    size_t got = 0;
    TRY(st,
        ldxi_unpack_read(input->unpack,
                         input->head + input->head_len,
                         sizeof(input->head) - input->head_len,
                         &got));
    if (!got) {
      break;
    }
    input->head_len += got;
  }
  const unsigned char* h     = input->head;
  const size_t         n     = input->head_len;
  bool                 utf16 = encoding == LDXI_ENCODING_UTF16;
  bool                 big   = false;
  if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
    input->head_pos = 3;
    utf16           = false;
  } else if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) ||
                        (h[0] == 0xFE && h[1] == 0xFF))) {
    input->head_pos = 2;
    utf16           = true;
    big             = h[0] == 0xFE;
  }
  if (!utf16) {
    return LDX_SUCCESS;
  }
  return ldxi_utf16_decoder_new(input->world,
                                input->display,
                                big,
                                input->head_pos,
                                source_read,
                                input,
                                &input->utf16);
}

LdxStatus
ldxi_input_open(LdxWorld*       world,
                const char*     path,
                const char*     display,
                LdxiCompression compression,
                LdxiEncoding    encoding,
                LdxiInput**     out)
{
  *out = NULL;
  if (!display) {
    display = path;
  }
  if (encoding != LDXI_ENCODING_UTF8 && encoding != LDXI_ENCODING_UTF16) {
    return ldxi_error(world,
                      LDX_BAD_ARG,
                      NULL,
                      "cannot read data file '%s': unknown encoding %d",
                      display,
                      (int)encoding);
  }
  LdxiInput* input = (LdxiInput*)ldxi_calloc(world, 1, sizeof(LdxiInput));
  if (input) {
    input->world   = world;
    input->display = ldxi_strdup(world, display);
  }
  if (!input || !input->display) {
    ldxi_free(world, input);
    return ldxi_error(world,
                      LDX_BAD_ALLOC,
                      NULL,
                      "out of memory reading data file '%s'",
                      display);
  }
  LdxStatus st = ldxi_unpack_open(world,
                                  path,
                                  input->display,
                                  compression,
                                  LDXI_UNPACK_MAX_BYTES,
                                  &input->unpack);
  if (!st) {
    st = open_encoding(input, encoding);
  }
  if (st) {
    ldxi_input_close(input);
    return st;
  }
  *out = input;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_input_read(LdxiInput* input, void* buf, size_t size, size_t* got)
{
  *got = 0;
  if (!input->status) {
    input->status = input->utf16
                      ? ldxi_utf16_decoder_read(input->utf16, buf, size, got)
                      : source_read(input, buf, size, got);
  }
  return input->status;
}

LdxStatus
ldxi_input_read_all(LdxiInput* input, char** data, size_t* len)
{
  *data = NULL;
  *len  = 0;
  LdxiBuf buf;
  ldxi_buf_init(&buf, input->world, 0);
  LdxStatus st = LDX_SUCCESS;
  for (;;) {
    if ((st = ldxi_buf_reserve(&buf, READ_ALL_CHUNK))) {
      if (!input->status) {
        ldxi_error(input->world,
                   st,
                   NULL,
                   st == LDX_BAD_ALLOC ? "out of memory reading data file '%s'"
                                       : "data file '%s' is too large to load",
                   input->display);
        input->status = st;
      }
      break;
    }
    size_t got = 0;
    if ((st = ldxi_input_read(
           input, buf.data + buf.len, buf.cap - buf.len - 1, &got)) ||
        !got) {
      break;
    }
    buf.len += got;
  }
  if (st) {
    ldxi_buf_free(&buf);
    return st;
  }
  buf.data[buf.len] = '\0';
  *data             = buf.data; // allocated through the world
  *len              = buf.len;
  return LDX_SUCCESS;
}

void
ldxi_input_close(LdxiInput* input)
{
  if (input) {
    ldxi_utf16_decoder_free(input->utf16);
    ldxi_unpack_close(input->unpack);
    ldxi_free(input->world, input->display);
    ldxi_free(input->world, input);
  }
}
