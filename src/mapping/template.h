// SPDX-License-Identifier: MIT
// RML string templates: "http://ex.com/{$.id}/{$.name}".
//
// Curly braces enclose reference expressions; `\{`, `\}` and `\\` stand for
// the characters themselves, inside and outside references.  Any other
// backslash escape, a brace out of place or an empty reference is an error.
#ifndef LDX_MAPPING_TEMPLATE_H
#define LDX_MAPPING_TEMPLATE_H

#include "core/arena.h"

#include "ldexport/status.h"

#include <stddef.h>

// A literal segment followed by an optional reference.
typedef struct {
  const char* literal; // unescaped, NUL-terminated (arena)
  size_t      literal_len;
  const char* reference; // unescaped, NUL-terminated, or NULL (last part)
  size_t      reference_len;
  size_t      reference_offset; // byte offset of the reference in the text
} LdxiTemplatePart;

// Parse `len` bytes of `text` into parts allocated in `arena`.
// Errors: LDX_BAD_REFERENCE with `*err_offset` and a static `*err_message`;
// LDX_BAD_ALLOC.
LdxStatus
ldxi_template_parse(LdxiArena*         arena,
                    const char*        text,
                    size_t             len,
                    LdxiTemplatePart** parts,
                    size_t*            n_parts,
                    size_t*            err_offset,
                    const char**       err_message);

#endif // LDX_MAPPING_TEMPLATE_H
