// SPDX-License-Identifier: MIT
// Text for iCalendar values, before libical escapes and folds it.
//
// libical 3.0.16 escapes TEXT (\\ \; \, \n) and folds lines at 75 octets
// on UTF-8 boundaries, but passes control characters through and trusts
// its input to be UTF-8; these helpers make values safe for it.
#ifndef LDX_WRITE_ICS_TEXT_H
#define LDX_WRITE_ICS_TEXT_H

#include "core/buf.h"

#include "ldexport/status.h"

#include <stdbool.h>
#include <stddef.h>

// Append `s` as iCalendar TEXT content: ill-formed UTF-8 becomes U+FFFD,
// CR LF and lone CR become LF, the other C0 controls (except TAB), DEL
// and the C1 controls (U+0080..U+009F) are dropped.  Leading and trailing
// white space is trimmed when `trim` is set.
LdxStatus
ldxi_ics_clean_text(LdxiBuf* out, const char* s, size_t len, bool trim);

// Append an IRI as a URI (RFC 3987 section 3.1): non-ASCII bytes, spaces,
// controls and the characters URIs exclude (" < > \ ^ ` { | }) become %XX.
LdxStatus
ldxi_ics_iri_to_uri(LdxiBuf* out, const char* iri, size_t len);

// Append `s` as the body of a JSON string (RFC 8259), without quotes.
LdxStatus
ldxi_ics_json_escape(LdxiBuf* out, const char* s, size_t len);

// Append the base64 (RFC 4648) encoding of `len` bytes.
LdxStatus
ldxi_ics_base64(LdxiBuf* out, const void* data, size_t len);

// Length of the well-formed UTF-8 sequence at s[0] (1..4), or 0 if it is
// ill-formed or truncated.
size_t
ldxi_ics_utf8_len(const unsigned char* s, size_t avail);

#endif // LDX_WRITE_ICS_TEXT_H
