// SPDX-License-Identifier: MIT
// Subcommands of the ldexport tool.
#ifndef LDX_CLI_CLI_H
#define LDX_CLI_CLI_H

// Exit statuses: 0 success, 1 failure of the job, 2 bad usage.
enum { LDX_EXIT_OK = 0, LDX_EXIT_FAILURE = 1, LDX_EXIT_USAGE = 2 };

// `ldexport map MAPPING... [-o FILE] [-f FORMAT] [--base IRI]`;
// argv[0] is "map".
int
ldx_cli_map(int argc, char** argv);

// `ldexport convert INPUT [-o FILE] [-f FORMAT] [--set NAME=VALUE]...`;
// argv[0] is "convert".
int
ldx_cli_convert(int argc, char** argv);

// `ldexport embed PAGE.html --jsonld FILE [--select IRI] [-o OUT]`;
// argv[0] is "embed".
int
ldx_cli_embed(int argc, char** argv);

// `ldexport check FILE... [--strict] [-q]`; argv[0] is "check".
int
ldx_cli_check(int argc, char** argv);

#endif // LDX_CLI_CLI_H
