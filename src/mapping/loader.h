// SPDX-License-Identifier: MIT
// Loading mapping documents into the mapping graph.
//
// Turtle and N-Triples go through our own reader, which gives every term an
// exact line and column; other syntaxes go through raptor (line numbers
// only).
#ifndef LDX_MAPPING_LOADER_H
#define LDX_MAPPING_LOADER_H

#include "mapping/graph.h"

// Parse the file at `path` in `syntax` (NULL: from the extension; Turtle
// by default) and add its statements to `graph`.
LdxStatus
ldxi_load_file(LdxWorld*   world,
               LdxiGraph*  graph,
               const char* path,
               const char* syntax);

// Parse `len` bytes of `text`; `name` is used in diagnostics and locates
// the mapping directory.
LdxStatus
ldxi_load_string(LdxWorld*   world,
                 LdxiGraph*  graph,
                 const char* text,
                 size_t      len,
                 const char* name,
                 const char* syntax);

#endif // LDX_MAPPING_LOADER_H
