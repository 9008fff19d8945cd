// SPDX-License-Identifier: MIT
// `ldexport map`: run RML mappings and write the generated RDF.
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/read_input.h"

#include "ldexport.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
print_help(FILE* stream)
{
  fputs(
    "Usage: ldexport map MAPPING... [OPTION]...\n"
    "Run the RML mappings in the MAPPING documents and write the generated "
    "RDF\n"
    "dataset (N-Quads on standard output by default).\n"
    "\n"
    "MAPPING is a mapping document in Turtle (or RDF/XML, N-Triples, TriG, by\n"
    "extension); '-' reads Turtle from standard input.  Current RML\n"
    "(http://w3id.org/rml/) and the legacy RML/R2RML vocabularies are read.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      write to FILE (replaced only when the run "
    "succeeds)\n"
    "  -f, --format FORMAT    output format (default: from the -o extension, "
    "or\n"
    "                         nquads); see --list-formats\n"
    "  -b, --base IRI         base IRI for relative IRIs (rml:baseIRI wins)\n"
    "  -s, --syntax SYNTAX    syntax of the mapping documents (turtle, "
    "ntriples,\n"
    "                         rdfxml, trig, nquads); default: from the "
    "extension\n"
    "      --lang TAG         preferred language of names and descriptions\n"
    "                         (JSON-LD for a page, iCalendar feeds)\n"
    "      --set NAME=VALUE   a setting of the output format (repeatable),\n"
    "                         e.g. --set calname=Concerts for iCalendar\n"
    "      --tz ZONE          iCalendar: time zone of local times without one\n"
    "                         (same as --set tz=ZONE)\n"
    "      --previous FILE    iCalendar: the last published feed, to raise\n"
    "                         SEQUENCE of changed events (--set "
    "previous=FILE)\n"
    "      --method METHOD    iCalendar: 'publish' for scheduling use\n"
    "                         (--set method=METHOD)\n"
    "      --database DSN     the database of R2RML logical tables: "
    "sqlite:PATH,\n"
    "                         postgresql://USER@HOST:PORT/DB or a JDBC URL\n"
    "      --keep-duplicates  do not remove duplicate quads\n"
    "      --skip-bad-records  skip records with invalid data (reported and\n"
    "                         counted) instead of failing\n"
    "      --list-formats     list the output formats and exit\n"
    "  -q, --quiet            print errors only\n"
    "  -v, --verbose          print a summary of the run on standard error\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Exit status: 0 on success, 1 if the mapping or the data is invalid or "
    "the\n"
    "output cannot be written, 2 on a usage error.\n",
    stream);
}

static void
list_formats(void)
{
  for (const LdxFormat* f = ldx_formats(); f->name; ++f) {
    printf("%-10s %-28s %s\n", f->name, f->media_type, f->extensions);
  }
}

// The command, with room for every --set of the command line in `params`.
static int
map_main(int argc, char** argv, const char** params, char** owned)
{
  size_t n_owned = 0;
  enum {
    OPT_KEEP_DUPLICATES = 256,
    OPT_LIST_FORMATS,
    OPT_LANG,
    OPT_SET,
    OPT_SKIP_BAD,
    OPT_TZ,
    OPT_PREVIOUS,
    OPT_METHOD,
    OPT_DATABASE
  };
  static const struct option options[] = {
    { "output", required_argument, NULL, 'o' },
    { "format", required_argument, NULL, 'f' },
    { "base", required_argument, NULL, 'b' },
    { "syntax", required_argument, NULL, 's' },
    { "keep-duplicates", no_argument, NULL, OPT_KEEP_DUPLICATES },
    { "list-formats", no_argument, NULL, OPT_LIST_FORMATS },
    { "skip-bad-records", no_argument, NULL, OPT_SKIP_BAD },
    { "database", required_argument, NULL, OPT_DATABASE },
    { "tz", required_argument, NULL, OPT_TZ },
    { "previous", required_argument, NULL, OPT_PREVIOUS },
    { "method", required_argument, NULL, OPT_METHOD },
    { "lang", required_argument, NULL, OPT_LANG },
    { "set", required_argument, NULL, OPT_SET },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  const char*   output   = NULL;
  const char*   format   = NULL;
  const char*   syntax   = NULL;
  LdxRunOptions run_opts = { NULL, NULL, false, false, false, NULL };
  LdxCliDiag    diag     = { stderr, false };
  const char*   lang     = NULL;
  size_t        n_params = 0;
  int           verbose  = 0;
  int           c        = 0;
  optind                 = 1;
  opterr                 = 0;
  while ((c = getopt_long(argc, argv, ":o:f:b:s:qvh", options, NULL)) != -1) {
    switch (c) {
      case 'o':
        output = optarg;
        break;
      case 'f':
        format = optarg;
        break;
      case 'b':
        run_opts.base_iri = optarg;
        break;
      case 's':
        syntax = optarg;
        break;
      case OPT_LANG:
        lang = optarg;
        break;
      case OPT_SET:
        if (!strchr(optarg, '=')) {
          return ldx_cli_usage_error(
            "map", "--set needs NAME=VALUE, not", optarg);
        }
        params[n_params++] = optarg;
        break;
      case OPT_TZ:
      case OPT_PREVIOUS:
      case OPT_METHOD: {
        // Friendly names for settings of the iCalendar writer.
        const char* name = c == OPT_TZ         ? "tz"
                           : c == OPT_PREVIOUS ? "previous"
                                               : "method";
        size_t      len  = strlen(name) + 1 + strlen(optarg) + 1;
        char*       set  = (char*)malloc(len);
        if (!set) {
          fputs("ldexport: out of memory\n", stderr);
          return LDX_EXIT_FAILURE;
        }
        snprintf(set, len, "%s=%s", name, optarg);
        params[n_params++] = set;
        owned[n_owned++]   = set;
        break;
      }
      case OPT_DATABASE:
        run_opts.database = optarg;
        break;
      case OPT_SKIP_BAD:
        run_opts.skip_bad_records = true;
        break;
      case OPT_KEEP_DUPLICATES:
        run_opts.keep_duplicates = true;
        break;
      case OPT_LIST_FORMATS:
        list_formats();
        return LDX_EXIT_OK;
      case 'q':
        diag.quiet = true;
        break;
      case 'v':
        verbose = 1;
        break;
      case 'h':
        print_help(stdout);
        return LDX_EXIT_OK;
      case ':':
        return ldx_cli_usage_error(
          "map", "missing argument for option", argv[optind - 1]);
      default:
        return ldx_cli_usage_error("map", "unknown option", argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    return ldx_cli_usage_error("map", "no mapping given", NULL);
  }

  const LdxFormat* fmt = NULL;
  if (format) {
    fmt = ldx_format_by_name(format);
    if (!fmt) {
      return ldx_cli_usage_error(
        "map", "unknown output format (see --list-formats):", format);
    }
  } else if (output) {
    fmt = ldx_format_by_filename(output);
    if (!fmt) {
      return ldx_cli_usage_error(
        "map",
        "cannot tell the output format from the extension "
        "(use -f):",
        output);
    }
  } else {
    fmt = ldx_format_by_name("nquads");
  }

  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    fputs("ldexport: out of memory\n", stderr);
    return LDX_EXIT_FAILURE;
  }
  ldx_world_set_diag_func(world, ldx_cli_print_diag, &diag);

  LdxMapping*    mapping     = NULL;
  LdxOutputFile* file        = NULL;
  LdxWriter*     writer      = NULL;
  LdxRunStats    stats       = { 0, 0, 0, 0, 0 };
  bool           read_failed = false; // already reported
  LdxStatus      st          = ldx_mapping_new(world, &mapping);
  for (int i = optind; !st && i < argc; ++i) {
    if (!strcmp(argv[i], "-")) {
      LdxiBuf text;
      ldxi_buf_init(&text, world, 0);
      st          = ldx_cli_read_file("-", &text, stderr);
      read_failed = st != LDX_SUCCESS;
      if (!st) {
        st = ldx_mapping_load_string(mapping,
                                     text.data ? text.data : "",
                                     text.len,
                                     "<stdin>",
                                     syntax ? syntax : "turtle");
      }
      ldxi_buf_free(&text);
    } else {
      st = ldx_mapping_load_file(mapping, argv[i], syntax);
    }
  }
  if (!st) {
    st = ldx_mapping_compile(mapping);
  }

  LdxOutputStream out = ldx_output_stdio(stdout);
  if (!st && output) {
    st = ldx_output_file_open(world, output, &file);
    if (!st) {
      out = ldx_output_file_stream(file);
    }
  }
  if (!st) {
    const LdxWriterOptions wopts = { run_opts.base_iri, lang, params };
    st = ldx_writer_new_with_options(world, fmt, out, &wopts, &writer);
  }
  run_opts.default_graph_only = !fmt->quads;
  if (!st) {
    st = ldx_mapping_run(mapping, &run_opts, ldx_writer_sink(writer), &stats);
  }
  if (!st) {
    st = ldx_writer_finish(writer);
  }
  if (!st && file) {
    st = ldx_output_file_commit(file);
  }
  if (!st && stats.skipped) {
    fprintf(stderr,
            "ldexport: warning: %zu record%s skipped because of data "
            "errors (reported above)\n",
            stats.skipped,
            stats.skipped == 1 ? "" : "s");
  }
  // iCalendar has no notion of graphs: merging loses nothing there.
  if (!st && stats.merged && !diag.quiet && strcmp(fmt->name, "ics")) {
    fprintf(stderr,
            "ldexport: warning: %s has no named graphs: triples of %zu "
            "named-graph quads were written to the default graph\n",
            fmt->name,
            stats.merged);
  }
  if (!st && verbose) {
    fprintf(stderr,
            "ldexport: %zu records, %zu quads written (%zu duplicates "
            "removed)%s%s\n",
            stats.records,
            stats.quads - stats.duplicates,
            stats.duplicates,
            output ? " to " : "",
            output ? output : "");
  }
  if (st == LDX_BAD_WRITE && !output) {
    fputs("ldexport: error: cannot write to standard output\n", stderr);
  } else if (st && !read_failed && !ldx_world_error_count(world)) {
    // Every failure should have said why; never exit silently.
    fprintf(stderr, "ldexport: error: %s\n", ldx_strerror(st));
  }

  ldx_writer_free(writer);
  ldx_output_file_free(file);
  ldx_mapping_free(mapping);
  ldx_world_free(world);
  return st ? LDX_EXIT_FAILURE : LDX_EXIT_OK;
}

int
ldx_cli_map(int argc, char** argv)
{
  const char** params = (const char**)calloc((size_t)argc + 1, sizeof(char*));
  if (!params) {
    fputs("ldexport: out of memory\n", stderr);
    return LDX_EXIT_FAILURE;
  }
  // Settings built from the friendly options are freed here.
  char** owned = (char**)calloc((size_t)argc + 1, sizeof(char*));
  int status   = owned ? map_main(argc, argv, params, owned) : LDX_EXIT_FAILURE;
  for (size_t i = 0; owned && owned[i]; ++i) {
    free(owned[i]);
  }
  free(owned);
  free(params);
  return status;
}
