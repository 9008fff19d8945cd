// SPDX-License-Identifier: MIT
// What the public format table does not show: which writer class serves a
// format, and how.
#ifndef LDX_WRITE_FORMAT_H
#define LDX_WRITE_FORMAT_H

#include "write/writer_impl.h"

#include "ldexport/writer.h"

#include <stdbool.h>

typedef struct {
  const LdxiWriterClass* klass;
  const char*            syntax;   // raptor serializer name, or NULL
  bool                   use_base; // the syntax can say its base IRI
  bool                   xml;      // the syntax is XML (character limits)
} LdxiFormatImpl;

// The table entry for `format` (an entry of ldx_formats(), or any format
// with the name of one) and its implementation; NULL if unknown.
const LdxFormat*
ldxi_format_resolve(const LdxFormat* format, const LdxiFormatImpl** impl);

#endif // LDX_WRITE_FORMAT_H
