// SPDX-License-Identifier: MIT
// Stable UIDs for iCalendar events: name-based UUIDs (RFC 9562 version 5,
// SHA-1), so that the same event IRI always gives the same UID and anyone
// can recompute it, e.g. in Python: uuid.uuid5(uuid.NAMESPACE_URL, iri).
// RFC 7986 section 5.3 asks for UUID-shaped UIDs that leak no host name.
#ifndef LDX_WRITE_ICS_UID_H
#define LDX_WRITE_ICS_UID_H

#include <stddef.h>
#include <stdint.h>

// Room for "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL.
#define LDXI_UUID_STRLEN 37

// SHA-1 (FIPS 180-4) of `len` bytes.
void
ldxi_sha1(const void* data, size_t len, uint8_t digest[20]);

// Incremental SHA-1, for names made of several pieces.
typedef struct {
  uint32_t h[5];
  uint64_t total;
  uint8_t  block[64];
  size_t   used;
} LdxiSha1;

void
ldxi_sha1_init(LdxiSha1* ctx);

void
ldxi_sha1_update(LdxiSha1* ctx, const void* data, size_t len);

void
ldxi_sha1_final(LdxiSha1* ctx, uint8_t digest[20]);

// The namespace of URLs (RFC 9562 appendix A): 6ba7b811-9dad-11d1-80b4-...
extern const uint8_t ldxi_uuid_ns_url[16];

// The version 5 UUID of `name` in namespace `ns`, as lower-case text.
void
ldxi_uuid5(const uint8_t ns[16],
           const char*   name,
           size_t        len,
           char          out[LDXI_UUID_STRLEN]);

// The same UUID as 16 bytes (to use it as a namespace).
void
ldxi_uuid5_bytes(const uint8_t ns[16],
                 const char*   name,
                 size_t        len,
                 uint8_t       out[16]);

// Finish a UUID from a SHA-1 state that already holds the namespace and
// the name.
void
ldxi_uuid5_final(LdxiSha1* ctx, char out[LDXI_UUID_STRLEN]);

#endif // LDX_WRITE_ICS_UID_H
