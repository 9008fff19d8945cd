// SPDX-License-Identifier: MIT
// `ldexport map`: placeholder until the engine lands.
#include "cli/cli.h"

#include <stdio.h>

int
ldx_cli_map(int argc, char** argv)
{
  (void)argc;
  (void)argv;
  fputs("ldexport map: not implemented yet\n", stderr);
  return LDX_EXIT_FAILURE;
}
