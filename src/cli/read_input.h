// SPDX-License-Identifier: MIT
// Reading a whole input (a page, a JSON-LD file, a mapping or RDF on
// standard input) into memory, for the subcommands that need all of it.
#ifndef LDX_CLI_READ_INPUT_H
#define LDX_CLI_READ_INPUT_H

#include "core/buf.h"

#include <stdio.h>

// Append the rest of `in` to `out`.  LDX_BAD_READ on a read error (errno
// says why), LDX_BAD_ALLOC or LDX_BAD_LIMIT when it does not fit.
LdxStatus
ldx_cli_read_stream(FILE* in, LdxiBuf* out);

// Append the file at `path` ('-': standard input) to `out`.  An open or
// read error is reported on `messages` as "PATH: error: cannot open: WHY"
// or "PATH: error: cannot read: WHY" ("<stdin>" for '-').
LdxStatus
ldx_cli_read_file(const char* path, LdxiBuf* out, FILE* messages);

#endif // LDX_CLI_READ_INPUT_H
