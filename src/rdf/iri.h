// SPDX-License-Identifier: MIT
// IRIs: validation (RFC 3987), the percent-encodings RML templates use, and
// reference resolution (RFC 3986 section 5.2).
#ifndef LDX_RDF_IRI_H
#define LDX_RDF_IRI_H

#include "core/buf.h"

#include "ldexport/status.h"

#include <stdbool.h>
#include <stddef.h>

// Append `value` IRI-safe encoded (RML-Core "IRI-safe"): every character
// that is not iunreserved (ALPHA / DIGIT / "-" / "." / "_" / "~" / ucschar)
// becomes %XX for each of its UTF-8 bytes (upper-case hex).
LdxStatus
ldxi_iri_append_iri_safe(LdxiBuf* out, const char* value, size_t len);

// Append `value` URI-safe encoded: every byte that is not ASCII unreserved
// (ALPHA / DIGIT / "-" / "." / "_" / "~") becomes %XX.
LdxStatus
ldxi_iri_append_uri_safe(LdxiBuf* out, const char* value, size_t len);

// True if `s` starts with a scheme followed by ':' (RFC 3986 section 3.1).
bool
ldxi_iri_has_scheme(const char* s, size_t len);

// True if `s` is an absolute IRI with optional fragment, exactly as the
// IRI production of RFC 3987 (UTF-8 input; invalid UTF-8 is rejected).
bool
ldxi_iri_is_valid(const char* s, size_t len);

// Resolve `ref` against the absolute IRI `base` (RFC 3986 section 5.2,
// with dot-segment removal) and append the result.
// Errors: LDX_BAD_ARG if base is not absolute, LDX_BAD_ALLOC, LDX_BAD_LIMIT.
LdxStatus
ldxi_iri_resolve(LdxiBuf*    out,
                 const char* base,
                 const char* ref,
                 size_t      ref_len);

#endif // LDX_RDF_IRI_H
