// SPDX-License-Identifier: MIT
// ldexport command-line tool: dispatch to subcommands.
#include "cli/cli.h"

#include "ldexport.h"

#include <stdio.h>
#include <string.h>

static void
print_usage(FILE* stream)
{
  fputs(
    "Usage: ldexport COMMAND [OPTION]...\n"
    "Turn extracted entities and events into linked data.\n"
    "\n"
    "Commands:\n"
    "  map MAPPING...   run RML mappings and write the generated RDF\n"
    "  convert INPUT    write RDF in another format (-f ics, -f jsonld)\n"
    "  embed PAGE       put JSON-LD into an HTML page's head\n"
    "  check FILE...    check schema.org JSON-LD (and Google's event rules)\n"
    "\n"
    "Options:\n"
    "  -h, --help       show this help and exit\n"
    "  -V, --version    show the version and exit\n"
    "\n"
    "Run 'ldexport COMMAND --help' for the options of a command.\n",
    stream);
}

int
main(int argc, char** argv)
{
  if (argc < 2) {
    print_usage(stderr);
    return LDX_EXIT_USAGE;
  }
  const char* cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    print_usage(stdout);
    return LDX_EXIT_OK;
  }
  if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
    printf("ldexport %s\n", ldx_version());
    return LDX_EXIT_OK;
  }
  if (!strcmp(cmd, "map")) {
    return ldx_cli_map(argc - 1, argv + 1);
  }
  if (!strcmp(cmd, "convert")) {
    return ldx_cli_convert(argc - 1, argv + 1);
  }
  if (!strcmp(cmd, "embed")) {
    return ldx_cli_embed(argc - 1, argv + 1);
  }
  if (!strcmp(cmd, "check")) {
    return ldx_cli_check(argc - 1, argv + 1);
  }
  fprintf(stderr, "ldexport: unknown command '%s'\n", cmd);
  print_usage(stderr);
  return LDX_EXIT_USAGE;
}
