// SPDX-License-Identifier: MIT
#include "mapping/vocab.h"

#include <string.h>

typedef struct {
  const char* ns;
  size_t      len;
} Namespace;

#define NS(s)        \
  {                  \
    s, sizeof(s) - 1 \
  }

static const Namespace legacy[] = {
  NS(LDX_LEGACY_RML),    NS(LDX_LEGACY_R2RML),       NS(LDX_LEGACY_QL),
  NS(LDX_LEGACY_TARGET), NS(LDX_LEGACY_COMPRESSION),
};

// R2RML terms whose current RML name differs; every other legacy term keeps
// its local name.
static const struct {
  const char* from;
  const char* to;
} renamed[] = {
  { "column", "reference" },
};

static const Namespace*
legacy_namespace(const char* iri, size_t len)
{
  for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); ++i) {
    if (len > legacy[i].len && !memcmp(iri, legacy[i].ns, legacy[i].len)) {
      return &legacy[i];
    }
  }
  return NULL;
}

bool
ldxi_vocab_is_mapping_namespace(const char* iri, size_t len)
{
  static const Namespace others[] = {
    NS(LDX_RML),
    NS("http://semweb.mmlab.be/ns/fnml#"),
    NS("http://w3id.org/function/ontology#"),
  };
  for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); ++i) {
    if (len >= legacy[i].len && !memcmp(iri, legacy[i].ns, legacy[i].len)) {
      return true;
    }
  }
  for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); ++i) {
    if (len >= others[i].len && !memcmp(iri, others[i].ns, others[i].len)) {
      return true;
    }
  }
  return false;
}

bool
ldxi_vocab_rewrite(const char* iri, size_t len, LdxiBuf* out)
{
  const Namespace* ns = legacy_namespace(iri, len);
  if (!ns) {
    return false;
  }
  const char* local     = iri + ns->len;
  size_t      local_len = len - ns->len;
  for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); ++i) {
    if (strlen(renamed[i].from) == local_len &&
        !memcmp(renamed[i].from, local, local_len)) {
      local     = renamed[i].to;
      local_len = strlen(local);
      break;
    }
  }
  ldxi_buf_clear(out);
  return !ldxi_buf_puts(out, LDX_RML) &&
         !ldxi_buf_append(out, local, local_len);
}
