// SPDX-License-Identifier: MIT
#include "write/ics_uid.h"

#include <string.h>

const uint8_t ldxi_uuid_ns_url[16] = { 0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                       0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                       0x4f, 0xd4, 0x30, 0xc8 };

static uint32_t
rol(uint32_t x, int n)
{
  return (x << n) | (x >> (32 - n));
}

static void
compress(uint32_t h[5], const uint8_t block[64])
{
  uint32_t w[80];
  for (int t = 0; t < 16; ++t) {
    w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
           (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
  }
  for (int t = 16; t < 80; ++t) {
    w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int t = 0; t < 80; ++t) {
    uint32_t f = 0;
    uint32_t k = 0;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999u;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1u;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdcu;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6u;
    }
    uint32_t tmp = rol(a, 5) + f + e + k + w[t];
    e            = d;
    d            = c;
    c            = rol(b, 30);
    b            = a;
    a            = tmp;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

void
ldxi_sha1_init(LdxiSha1* ctx)
{
  static const uint32_t init[5] = {
    0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u
  };
  memcpy(ctx->h, init, sizeof(init));
  ctx->total = 0;
  ctx->used  = 0;
}

void
ldxi_sha1_update(LdxiSha1* ctx, const void* data, size_t len)
{
  const uint8_t* p = (const uint8_t*)data;
  ctx->total += len;
  while (len) {
    size_t n = 64 - ctx->used;
    if (n > len) {
      n = len;
    }
    memcpy(ctx->block + ctx->used, p, n);
    ctx->used += n;
    p += n;
    len -= n;
    if (ctx->used == 64) {
      compress(ctx->h, ctx->block);
      ctx->used = 0;
    }
  }
}

void
ldxi_sha1_final(LdxiSha1* ctx, uint8_t digest[20])
{
  uint64_t      bits = ctx->total * 8;
  const uint8_t one  = 0x80;
  const uint8_t zero = 0;
  ldxi_sha1_update(ctx, &one, 1);
  while (ctx->used != 56) {
    ldxi_sha1_update(ctx, &zero, 1);
  }
  uint8_t length[8];
  for (int i = 0; i < 8; ++i) {
    length[i] = (uint8_t)(bits >> (56 - 8 * i));
  }
  ldxi_sha1_update(ctx, length, 8);
  for (int i = 0; i < 5; ++i) {
    digest[4 * i]     = (uint8_t)(ctx->h[i] >> 24);
    digest[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
    digest[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
    digest[4 * i + 3] = (uint8_t)ctx->h[i];
  }
}

void
ldxi_sha1(const void* data, size_t len, uint8_t digest[20])
{
  LdxiSha1 ctx;
  ldxi_sha1_init(&ctx);
  ldxi_sha1_update(&ctx, data, len);
  ldxi_sha1_final(&ctx, digest);
}

static void
uuid5_digest(LdxiSha1* ctx, uint8_t d[20])
{
  ldxi_sha1_final(ctx, d);
  d[6] = (uint8_t)((d[6] & 0x0f) | 0x50); // version 5
  d[8] = (uint8_t)((d[8] & 0x3f) | 0x80); // RFC 9562 variant
}

void
ldxi_uuid5_bytes(const uint8_t ns[16],
                 const char*   name,
                 size_t        len,
                 uint8_t       out[16])
{
  LdxiSha1 ctx;
  uint8_t  d[20];
  ldxi_sha1_init(&ctx);
  ldxi_sha1_update(&ctx, ns, 16);
  ldxi_sha1_update(&ctx, name, len);
  uuid5_digest(&ctx, d);
  memcpy(out, d, 16);
}

void
ldxi_uuid5_final(LdxiSha1* ctx, char out[LDXI_UUID_STRLEN])
{
  static const char hex[] = "0123456789abcdef";
  uint8_t           d[20];
  uuid5_digest(ctx, d);
  int o = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out[o++] = '-';
    }
    out[o++] = hex[d[i] >> 4];
    out[o++] = hex[d[i] & 15];
  }
  out[o] = '\0';
}

void
ldxi_uuid5(const uint8_t ns[16],
           const char*   name,
           size_t        len,
           char          out[LDXI_UUID_STRLEN])
{
  LdxiSha1 ctx;
  ldxi_sha1_init(&ctx);
  ldxi_sha1_update(&ctx, ns, 16);
  ldxi_sha1_update(&ctx, name, len);
  ldxi_uuid5_final(&ctx, out);
}
