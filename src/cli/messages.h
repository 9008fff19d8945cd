// SPDX-License-Identifier: MIT
// How the subcommands print diagnostics and usage errors.
#ifndef LDX_CLI_MESSAGES_H
#define LDX_CLI_MESSAGES_H

#include "ldexport/diag.h"

#include <stdbool.h>
#include <stdio.h>

// Where a subcommand's diagnostics go; with `quiet`, errors only.
typedef struct {
  FILE* stream;
  bool  quiet;
} LdxCliDiag;

// A diagnostic handler (handle: an LdxCliDiag): GCC style, FILE:LINE:COLUMN:
// error: ..., and "ldexport: " in front when the diagnostic has no place.
void
ldx_cli_print_diag(void* handle, const LdxDiag* diag);

// Print "ldexport COMMAND: WHAT ARG" and a pointer to --help on standard
// error; returns the usage exit status.
int
ldx_cli_usage_error(const char* command, const char* what, const char* arg);

#endif // LDX_CLI_MESSAGES_H
