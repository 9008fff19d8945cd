// SPDX-License-Identifier: MIT
// How the subcommands print diagnostics and usage errors.
#include "cli/messages.h"

#include "cli/cli.h"

void
ldx_cli_print_diag(void* handle, const LdxDiag* diag)
{
  const LdxCliDiag* const out = (const LdxCliDiag*)handle;
  if (out->quiet && diag->level != LDX_LEVEL_ERROR) {
    return;
  }
  // Say who is speaking when the diagnostic names no place.
  if (!diag->caret.file && !diag->record) {
    fputs("ldexport: ", out->stream);
  }
  ldx_diag_print(diag, out->stream);
}

int
ldx_cli_usage_error(const char* command, const char* what, const char* arg)
{
  fprintf(stderr,
          "ldexport %s: %s%s%s\nTry 'ldexport %s --help'.\n",
          command,
          what,
          arg ? " " : "",
          arg ? arg : "",
          command);
  return LDX_EXIT_USAGE;
}
