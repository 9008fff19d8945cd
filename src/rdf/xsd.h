// SPDX-License-Identifier: MIT
// XSD datatypes: lexical validation and canonical forms.
#ifndef LDX_RDF_XSD_H
#define LDX_RDF_XSD_H

#include <stdbool.h>
#include <stddef.h>

// True if `lex` is in the lexical space of `datatype`, for the XSD
// datatypes RML calls validatable (booleans, numbers and their derived
// types, dates and times, durations, hexBinary); true for any other
// datatype.
bool
ldxi_xsd_is_valid(const char* datatype,
                  size_t      dt_len,
                  const char* lex,
                  size_t      len);

// Write the canonical xsd:double form of `v` (e.g. 3.3E1, 1.0E2, 0.0E0,
// INF, NaN); returns the length as snprintf does.
int
ldxi_xsd_double_canonical(double v, char* buf, size_t size);

// The canonical xsd:double form of the number the whole of `text` writes
// (strtod syntax, at most 63 bytes) into `buf`; returns its length, or -1
// when the text is not one number.
int
ldxi_xsd_double_canonical_text(const char* text,
                               size_t      len,
                               char*       buf,
                               size_t      size);

#endif // LDX_RDF_XSD_H
