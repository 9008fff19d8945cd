// SPDX-License-Identifier: MIT
// Raptor's terms and namespaces seen as ldexport terms and strings.
#include "rdf/from_raptor.h"

#include <string.h>

static LdxStr
uri_str(raptor_uri* uri)
{
  size_t            len = 0;
  const char* const s   = (const char*)raptor_uri_as_counted_string(uri, &len);
  return (LdxStr){ s, len };
}

void
ldxi_term_from_raptor(const raptor_term* term, LdxTerm* out)
{
  memset(out, 0, sizeof(*out));
  switch (term->type) {
    case RAPTOR_TERM_TYPE_URI:
      out->type  = LDX_TERM_IRI;
      out->value = uri_str(term->value.uri);
      break;
    case RAPTOR_TERM_TYPE_BLANK:
      out->type      = LDX_TERM_BLANK;
      out->value.buf = (const char*)term->value.blank.string;
      out->value.len = term->value.blank.string_len;
      break;
    case RAPTOR_TERM_TYPE_LITERAL:
      out->type      = LDX_TERM_LITERAL;
      out->value.buf = (const char*)term->value.literal.string;
      out->value.len = term->value.literal.string_len;
      if (term->value.literal.datatype) {
        out->datatype = uri_str(term->value.literal.datatype);
      }
      if (term->value.literal.language) {
        out->language.buf = (const char*)term->value.literal.language;
        out->language.len = term->value.literal.language_len;
      }
      break;
    case RAPTOR_TERM_TYPE_UNKNOWN:
      break;
  }
}

bool
ldxi_namespace_from_raptor(raptor_namespace* ns, LdxStr* prefix, LdxStr* iri)
{
  raptor_uri* const uri = raptor_namespace_get_uri(ns);
  if (!uri) {
    return false;
  }
  size_t            len = 0;
  const char* const p =
    (const char*)raptor_namespace_get_counted_prefix(ns, &len);
  *prefix = (LdxStr){ p, p ? len : 0 };
  *iri    = uri_str(uri);
  return true;
}
