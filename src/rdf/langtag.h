// SPDX-License-Identifier: MIT
// Language tags (BCP 47 / RFC 5646).
#ifndef LDX_RDF_LANGTAG_H
#define LDX_RDF_LANGTAG_H

#include <stdbool.h>
#include <stddef.h>

// True if `tag` is a well-formed language tag per the ABNF of RFC 5646
// section 2.1 (langtag / privateuse / grandfathered), case-insensitively.
bool
ldxi_langtag_is_valid(const char* tag, size_t len);

#endif // LDX_RDF_LANGTAG_H
