// SPDX-License-Identifier: MIT
// UTF-16 with glibc's iconv, in both directions.  iconv rejects unpaired
// surrogates and invalid UTF-8 (EILSEQ) and tells a character cut by the
// end of a buffer (EINVAL), which the code carries over to the next one.
// Byte order marks are handled by the callers: the decoder gets UTF-16
// without one, the encoder writes FF FE itself ("UTF-16LE" writes none).
#include "io/utf16.h"

#include "io/out_stage.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/try.h"

#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BUFFER_SIZE ((size_t)64 * 1024)

// Longest UTF-8 sequence: output buffers at least this long always take
// the next character.
#define MAX_UTF8 ((size_t)4)

// Not reported: the callers know what for.
static LdxStatus
open_iconv(const char* to, const char* from, iconv_t* cd)
{
  *cd = iconv_open(to, from);
  if (*cd != (iconv_t)-1) {
    return LDX_SUCCESS;
  }
  return errno == ENOMEM ? LDX_BAD_ALLOC : LDX_UNSUPPORTED;
}

// ---------------------------------------------------------------------------
// Decoding input

struct LdxiUtf16Decoder {
  LdxWorld*    world;
  const char*  display;
  iconv_t      cd;
  LdxiReadFunc read;
  void*        handle;
  char*        in; // in[in_pos, in_len): UTF-16 not converted yet
  size_t       in_pos;
  size_t       in_len;
  bool         eof;
  uint64_t     offset;          // position of in[in_pos] in the data
  char         spill[MAX_UTF8]; // output for callers with small buffers
  size_t       spill_pos;
  size_t       spill_len;
};

LdxStatus
ldxi_utf16_decoder_new(LdxWorld*          world,
                       const char*        display,
                       bool               big_endian,
                       uint64_t           offset,
                       LdxiReadFunc       read,
                       void*              handle,
                       LdxiUtf16Decoder** out)
{
  *out = NULL;
  LdxiUtf16Decoder* dec =
    (LdxiUtf16Decoder*)ldxi_calloc(world, 1, sizeof(LdxiUtf16Decoder));
  char* in = dec ? (char*)ldxi_malloc(world, BUFFER_SIZE) : NULL;
  if (!in) {
    ldxi_free(world, dec);
    return ldxi_error(world,
                      LDX_BAD_ALLOC,
                      NULL,
                      "out of memory reading data file '%s'",
                      display);
  }
  const LdxStatus st =
    open_iconv("UTF-8", big_endian ? "UTF-16BE" : "UTF-16LE", &dec->cd);
  if (st) {
    ldxi_error(world,
               st,
               NULL,
               st == LDX_BAD_ALLOC
                 ? "out of memory reading data file '%s'"
                 : "cannot read data file '%s': this system's iconv cannot "
                   "decode UTF-16",
               display);
    ldxi_free(world, in);
    ldxi_free(world, dec);
    return st;
  }
  dec->world   = world;
  dec->display = display;
  dec->read    = read;
  dec->handle  = handle;
  dec->in      = in;
  dec->offset  = offset;
  *out         = dec;
  return LDX_SUCCESS;
}

// Read more UTF-16 after what is left (at most a cut character).
static LdxStatus
refill(LdxiUtf16Decoder* dec)
{
  const size_t left = dec->in_len - dec->in_pos;
  memmove(dec->in, dec->in + dec->in_pos, left);
  dec->in_pos  = 0;
  dec->in_len  = left;
  size_t    n  = 0;
  LdxStatus st = dec->read(dec->handle, dec->in + left, BUFFER_SIZE - left, &n);
  dec->in_len += n;
  dec->eof = !st && !n;
  return st;
}

static LdxStatus
bad_utf16(LdxiUtf16Decoder* dec, const char* why)
{
  return ldxi_error(
    dec->world,
    LDX_BAD_SYNTAX,
    NULL,
    "cannot read data file '%s': invalid UTF-16 at byte %" PRIu64 " (%s)",
    dec->display,
    dec->offset,
    why);
}

// Convert into out[0, size), size >= MAX_UTF8; stops when anything was
// converted and more input would be needed, or the output is full.
static LdxStatus
convert(LdxiUtf16Decoder* dec, char* out, size_t size, size_t* got)
{
  LdxStatus st   = LDX_SUCCESS;
  char*     op   = out;
  size_t    left = size;
  bool      need = dec->in_pos == dec->in_len;
  for (;;) {
    if (need && !dec->eof) {
      TRY(st, refill(dec));
    }
    char*        ip    = dec->in + dec->in_pos;
    size_t       il    = dec->in_len - dec->in_pos;
    const size_t avail = il;
    const size_t r     = iconv(dec->cd, &ip, &il, &op, &left);
    const int    err   = r == (size_t)-1 ? errno : 0;
    dec->in_pos += avail - il;
    dec->offset += avail - il;
    if (err == EILSEQ) {
      return bad_utf16(dec, "an unpaired surrogate");
    }
    if (err == E2BIG || op != out) {
      break; // full, or something to return
    }
    if (err == EINVAL && dec->eof) {
      return bad_utf16(dec, "the data ends inside a character");
    }
    if (err && err != EINVAL) {
      return ldxi_error(dec->world,
                        LDX_BAD_READ,
                        NULL,
                        "cannot read data file '%s': iconv: %s",
                        dec->display,
                        strerror(err));
    }
    if (dec->eof) {
      break; // everything converted: the end
    }
    need = true;
  }
  *got = (size_t)(op - out);
  return LDX_SUCCESS;
}

LdxStatus
ldxi_utf16_decoder_read(LdxiUtf16Decoder* dec,
                        void*             buf,
                        size_t            size,
                        size_t*           got)
{
  LdxStatus st = LDX_SUCCESS;
  *got         = 0;
  if (dec->spill_pos == dec->spill_len && size < MAX_UTF8) {
    TRY(st, convert(dec, dec->spill, sizeof(dec->spill), &dec->spill_len));
    dec->spill_pos = 0;
  }
  if (dec->spill_pos < dec->spill_len) {
    size_t n = dec->spill_len - dec->spill_pos;
    n        = n < size ? n : size;
    memcpy(buf, dec->spill + dec->spill_pos, n);
    dec->spill_pos += n;
    *got = n;
    return LDX_SUCCESS;
  }
  return convert(dec, (char*)buf, size, got);
}

void
ldxi_utf16_decoder_free(LdxiUtf16Decoder* dec)
{
  if (dec) {
    iconv_close(dec->cd);
    ldxi_free(dec->world, dec->in);
    ldxi_free(dec->world, dec);
  }
}

// ---------------------------------------------------------------------------
// Encoding output

typedef struct {
  LdxiOutStage    base;
  LdxWorld*       world;
  const char*     name;
  LdxOutputStream next;
  iconv_t         cd;
  char*           out; // UTF-16 not written to `next` yet
  size_t          out_len;
  char            carry[MAX_UTF8]; // start of a character cut by a write
  size_t          carry_len;
  uint64_t        offset; // UTF-8 bytes converted, for messages
  bool            bom_done;
  LdxStatus       status;
} Utf16Out;

static LdxStatus
u16_drain(Utf16Out* s)
{
  const size_t n = s->out_len;
  s->out_len     = 0;
  if (n && s->next.write(s->next.stream, s->out, n)) {
    s->status = LDX_BAD_WRITE; // reported by `next`
  }
  return s->status;
}

LDX_LOG_FUNC(2, 3)
static LdxStatus
u16_fail(Utf16Out* s, const char* fmt, ...)
{
  char    message[256];
  va_list args;
  va_start(args, fmt);
  vsnprintf(message, sizeof(message), fmt, args);
  va_end(args);
  ldxi_error(
    s->world, LDX_BAD_WRITE, NULL, "cannot write '%s': %s", s->name, message);
  s->status = LDX_BAD_WRITE;
  return LDX_BAD_WRITE;
}

// Convert `*in`; on return `*len` is 0, or less than MAX_UTF8 bytes that
// start a character (`*cut` true).
static LdxStatus
u16_convert(Utf16Out* s, const char** in, size_t* len, bool* cut)
{
  *cut = false;
  while (*len) {
    char*        ip  = (char*)*in;
    size_t       il  = *len;
    char*        op  = s->out + s->out_len;
    size_t       ol  = BUFFER_SIZE - s->out_len;
    const size_t r   = iconv(s->cd, &ip, &il, &op, &ol);
    const int    err = r == (size_t)-1 ? errno : 0;
    s->offset += *len - il;
    *in        = ip;
    *len       = il;
    s->out_len = (size_t)(op - s->out);
    if (err == E2BIG) {
      if (u16_drain(s)) {
        return LDX_BAD_WRITE;
      }
    } else if (err == EINVAL) {
      *cut = true;
      return LDX_SUCCESS;
    } else if (err == EILSEQ) {
      return u16_fail(
        s, "not valid UTF-8 at byte %" PRIu64 " of the output", s->offset);
    } else if (err) {
      return u16_fail(s, "iconv: %s", strerror(err));
    }
  }
  return LDX_SUCCESS;
}

static LdxStatus
u16_write(void* stream, const void* buf, size_t len)
{
  Utf16Out* const s   = (Utf16Out*)stream;
  const char*     p   = (const char*)buf;
  bool            cut = false;
  if (s->status) {
    return LDX_BAD_WRITE;
  }
  if (!s->bom_done) {
    s->out[s->out_len++] = (char)0xFF;
    s->out[s->out_len++] = (char)0xFE;
    s->bom_done          = true;
  }
  // Complete a character cut by the previous write, a byte at a time.
  while (s->carry_len && len) {
    s->carry[s->carry_len++] = *p++;
    --len;
    const char* c = s->carry;
    size_t      n = s->carry_len;
    if (u16_convert(s, &c, &n, &cut)) {
      return LDX_BAD_WRITE;
    }
    if (!cut) {
      s->carry_len = 0;
    } else if (s->carry_len == MAX_UTF8) { // cannot happen with a valid prefix
      return u16_fail(s, "not valid UTF-8");
    }
  }
  if (s->carry_len) {
    return LDX_SUCCESS;
  }
  if (u16_convert(s, &p, &len, &cut)) {
    return LDX_BAD_WRITE;
  }
  if (cut) {
    memcpy(s->carry, p, len);
    s->carry_len = len;
  }
  return s->out_len >= BUFFER_SIZE / 2 ? u16_drain(s) : LDX_SUCCESS;
}

static LdxStatus
u16_finish(LdxiOutStage* stage)
{
  Utf16Out* const s = (Utf16Out*)stage;
  if (s->status) {
    return LDX_BAD_WRITE;
  }
  if (!s->bom_done && u16_write(s, "", 0)) { // an empty text still has a BOM
    return LDX_BAD_WRITE;
  }
  if (s->carry_len) {
    return u16_fail(s, "the output ends inside a UTF-8 character");
  }
  return u16_drain(s);
}

static void
u16_free(LdxiOutStage* stage)
{
  Utf16Out* const s = (Utf16Out*)stage;
  iconv_close(s->cd);
  ldxi_free(s->world, s->out);
  ldxi_free(s->world, s);
}

LdxStatus
ldxi_utf16_stage_new(LdxWorld*       world,
                     const char*     name,
                     LdxOutputStream next,
                     LdxiOutStage**  out)
{
  *out        = NULL;
  Utf16Out* s = (Utf16Out*)ldxi_calloc(world, 1, sizeof(Utf16Out));
  char*     o = s ? (char*)ldxi_malloc(world, BUFFER_SIZE) : NULL;
  if (!o) {
    ldxi_free(world, s);
    return LDX_BAD_ALLOC;
  }
  const LdxStatus st = open_iconv("UTF-16LE", "UTF-8", &s->cd);
  if (st) {
    ldxi_free(world, o);
    ldxi_free(world, s);
    return st;
  }
  s->base.stream.stream = s;
  s->base.stream.write  = u16_write;
  s->base.stream.flush  = NULL;
  s->base.finish        = u16_finish;
  s->base.free          = u16_free;
  s->world              = world;
  s->name               = name;
  s->next               = next;
  s->out                = o;
  *out                  = &s->base;
  return LDX_SUCCESS;
}
