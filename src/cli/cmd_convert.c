// SPDX-License-Identifier: MIT
// `ldexport convert`: read RDF the user already has (Turtle, N-Triples,
// N-Quads, TriG, RDF/XML) and write it through a writer, e.g. an iCalendar
// feed of its schema.org events (-f ics) or JSON-LD (-f jsonld).
//
// Turtle and N-Triples go through our own reader (exact line and column in
// errors); the other syntaxes through raptor, fed in chunks.
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/read_input.h"

#include "core/diag.h"
#include "core/world.h"
#include "rdf/from_raptor.h"
#include "rdf/rdf_file.h"
#include "rdf/turtle_reader.h"

#include "ldexport.h"

#include <raptor2.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
print_help(FILE* stream)
{
  fputs(
    "Usage: ldexport convert INPUT [OPTION]...\n"
    "Read the RDF document INPUT and write it in another format, e.g. an\n"
    "iCalendar feed of its schema.org events (-f ics) or JSON-LD (-f "
    "jsonld).\n"
    "\n"
    "INPUT is Turtle, N-Triples, N-Quads, TriG or RDF/XML (by extension, or\n"
    "-s); '-' reads standard input (Turtle unless -s says otherwise).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      write to FILE (replaced only when the run "
    "succeeds)\n"
    "  -f, --format FORMAT    output format (default: from the -o extension, "
    "or\n"
    "                         nquads); see 'ldexport map --list-formats'\n"
    "  -s, --syntax SYNTAX    syntax of INPUT (turtle, ntriples, nquads, "
    "trig,\n"
    "                         rdfxml)\n"
    "  -b, --base IRI         base IRI of INPUT (default: its file: IRI)\n"
    "      --lang TAG[,TAG]   preferred languages of names and descriptions\n"
    "      --set NAME=VALUE   a setting of the output format (repeatable),\n"
    "                         e.g. --set tz=Europe/Zurich for iCalendar\n"
    "  -q, --quiet            print errors only\n"
    "  -v, --verbose          print a summary on standard error\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Exit status: 0 on success, 1 if the input cannot be read or parsed or\n"
    "the output cannot be written, 2 on a usage error.\n",
    stream);
}

// Where parsed statements go.
typedef struct {
  LdxWorld*      world;
  LdxSink        sink;
  const char*    file;
  bool           triples_only; // the format has no named graphs
  size_t         statements;
  size_t         merged; // quads whose graph was dropped
  LdxStatus      status;
  raptor_parser* parser;
} Ctx;

static LdxTerm
read_term(const LdxiReadTerm* t)
{
  LdxTerm r = { t->type, t->value, t->datatype, t->language };
  return r;
}

static LdxStatus
on_triple(void*               handle,
          const LdxiReadTerm* s,
          const LdxiReadTerm* p,
          const LdxiReadTerm* o)
{
  Ctx*    ctx = (Ctx*)handle;
  LdxTerm ts  = read_term(s);
  LdxTerm tp  = read_term(p);
  LdxTerm to  = read_term(o);
  LdxQuad q   = { &ts, &tp, &to, NULL };
  ++ctx->statements;
  return ldx_sink_quad(&ctx->sink, &q);
}

static LdxStatus
on_prefix(void* handle, LdxStr name, LdxStr iri)
{
  Ctx*     ctx = (Ctx*)handle;
  LdxEvent ev;
  memset(&ev, 0, sizeof(ev));
  ev.type          = LDX_EVENT_PREFIX;
  ev.u.prefix.name = name;
  ev.u.prefix.iri  = iri;
  return ctx->sink.on_event(ctx->sink.handle, &ev);
}

// --- raptor -----------------------------------------------------------------

static void
raptor_statement_cb(void* handle, raptor_statement* st)
{
  Ctx* ctx = (Ctx*)handle;
  if (ctx->status) {
    return;
  }
  LdxTerm s;
  LdxTerm p;
  LdxTerm o;
  LdxTerm g;
  ldxi_term_from_raptor(st->subject, &s);
  ldxi_term_from_raptor(st->predicate, &p);
  ldxi_term_from_raptor(st->object, &o);
  LdxQuad q = { &s, &p, &o, NULL };
  if (st->graph) {
    ldxi_term_from_raptor(st->graph, &g);
    if (ctx->triples_only) {
      ++ctx->merged;
    } else {
      q.graph = &g;
    }
  }
  ++ctx->statements;
  ctx->status = ldx_sink_quad(&ctx->sink, &q);
}

static void
raptor_namespace_cb(void* handle, raptor_namespace* ns)
{
  Ctx*   ctx = (Ctx*)handle;
  LdxStr name;
  LdxStr iri;
  if (!ctx->status && ldxi_namespace_from_raptor(ns, &name, &iri)) {
    ctx->status = on_prefix(ctx, name, iri);
  }
}

static void
raptor_log_cb(void* handle, raptor_log_message* msg)
{
  Ctx* ctx = (Ctx*)handle;
  if (msg->level < RAPTOR_LOG_LEVEL_WARN) {
    return;
  }
  LdxDiag d;
  memset(&d, 0, sizeof(d));
  d.caret.file = ctx->file;
  if (msg->locator && msg->locator->line > 0) {
    d.caret.line = (unsigned)msg->locator->line;
  }
  if (msg->locator && msg->locator->column > 0) {
    d.caret.column = (unsigned)msg->locator->column;
  }
  d.message = msg->text;
  d.level =
    msg->level == RAPTOR_LOG_LEVEL_WARN ? LDX_LEVEL_WARNING : LDX_LEVEL_ERROR;
  d.status = d.level == LDX_LEVEL_ERROR ? LDX_BAD_SYNTAX : LDX_SUCCESS;
  // Raptor's messages reach the user through the world's handler.
  ldxi_report(ctx->world, &d);
  if (d.level == LDX_LEVEL_ERROR && !ctx->status) {
    ctx->status = LDX_BAD_SYNTAX;
  }
}

static LdxStatus
parse_with_raptor(Ctx* ctx, const char* syntax, FILE* in, const char* base)
{
  raptor_world* rw = ldxi_world_raptor(ctx->world);
  if (!rw) {
    return LDX_BAD_ALLOC;
  }
  raptor_parser* parser = raptor_new_parser(rw, syntax);
  if (!parser) {
    fprintf(stderr, "ldexport: error: unknown input syntax '%s'\n", syntax);
    return LDX_UNSUPPORTED;
  }
  // Data may come from anywhere: never let the parser fetch anything.
  raptor_parser_set_option(parser, RAPTOR_OPTION_NO_NET, NULL, 1);
  raptor_parser_set_option(parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
  ctx->parser = parser;
  raptor_world_set_log_handler(rw, ctx, raptor_log_cb);
  raptor_parser_set_statement_handler(parser, ctx, raptor_statement_cb);
  raptor_parser_set_namespace_handler(parser, ctx, raptor_namespace_cb);
  raptor_uri*   uri = raptor_new_uri(rw, (const unsigned char*)base);
  int           rc  = !uri || raptor_parser_parse_start(parser, uri);
  unsigned char chunk[1 << 16];
  while (!rc && !ctx->status) {
    size_t got = fread(chunk, 1, sizeof(chunk), in);
    rc         = raptor_parser_parse_chunk(parser, chunk, got, got == 0);
    if (got == 0) {
      break;
    }
  }
  if (ferror(in) && !ctx->status) {
    fprintf(stderr,
            "ldexport: error: cannot read %s: %s\n",
            ctx->file,
            strerror(errno));
    ctx->status = LDX_BAD_READ;
  }
  if (rc && !ctx->status) {
    fprintf(
      stderr, "ldexport: error: %s: cannot parse as %s\n", ctx->file, syntax);
    ctx->status = LDX_BAD_SYNTAX;
  }
  raptor_world_set_log_handler(rw, NULL, NULL);
  if (uri) {
    raptor_free_uri(uri);
  }
  raptor_free_parser(parser);
  ctx->parser = NULL;
  return ctx->status;
}

// --- our Turtle reader
// --------------------------------------------------------

static int
convert_main(int argc, char** argv, const char** params)
{
  enum { OPT_LANG = 256, OPT_SET };
  static const struct option options[] = {
    { "output", required_argument, NULL, 'o' },
    { "format", required_argument, NULL, 'f' },
    { "syntax", required_argument, NULL, 's' },
    { "base", required_argument, NULL, 'b' },
    { "lang", required_argument, NULL, OPT_LANG },
    { "set", required_argument, NULL, OPT_SET },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  const char* output   = NULL;
  const char* format   = NULL;
  const char* syntax   = NULL;
  const char* base     = NULL;
  const char* lang     = NULL;
  LdxCliDiag  diag     = { stderr, false };
  int         verbose  = 0;
  size_t      n_params = 0;
  int         c        = 0;
  optind               = 1;
  opterr               = 0;
  while ((c = getopt_long(argc, argv, ":o:f:s:b:qvh", options, NULL)) != -1) {
    switch (c) {
      case 'o':
        output = optarg;
        break;
      case 'f':
        format = optarg;
        break;
      case 's':
        syntax = optarg;
        break;
      case 'b':
        base = optarg;
        break;
      case OPT_LANG:
        lang = optarg;
        break;
      case OPT_SET:
        if (!strchr(optarg, '=')) {
          return ldx_cli_usage_error(
            "convert", "--set needs NAME=VALUE, not", optarg);
        }
        params[n_params++] = optarg;
        break;
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
          "convert", "missing argument for option", argv[optind - 1]);
      default:
        return ldx_cli_usage_error(
          "convert", "unknown option", argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    return ldx_cli_usage_error("convert", "no input given", NULL);
  }
  if (optind + 1 < argc) {
    return ldx_cli_usage_error(
      "convert", "one input at a time; extra argument", argv[optind + 1]);
  }
  const char* input       = argv[optind];
  const bool  stdin_input = !strcmp(input, "-");
  if (!syntax) {
    syntax =
      stdin_input ? "turtle" : ldxi_rdf_syntax_of_name(input, strlen(input));
    if (!syntax) {
      return ldx_cli_usage_error(
        "convert",
        "cannot tell the input syntax from the extension "
        "(use -s):",
        input);
    }
  }
  static const char* const syntaxes[] = {
    "turtle", "ntriples", "nquads", "trig", "rdfxml"
  };
  bool known = false;
  for (size_t i = 0; i < 5; ++i) {
    known |= !strcmp(syntax, syntaxes[i]);
  }
  if (!known) {
    return ldx_cli_usage_error("convert", "unknown input syntax:", syntax);
  }
  const LdxFormat* fmt = NULL;
  if (format) {
    if (!(fmt = ldx_format_by_name(format))) {
      return ldx_cli_usage_error("convert",
                                 "unknown output format (see 'ldexport map "
                                 "--list-formats'):",
                                 format);
    }
  } else if (output) {
    if (!(fmt = ldx_format_by_filename(output))) {
      return ldx_cli_usage_error(
        "convert",
        "cannot tell the output format from the extension "
        "(use -f):",
        output);
    }
  } else {
    fmt = ldx_format_by_name("nquads");
  }

  FILE* in = stdin_input ? stdin : fopen(input, "rb");
  if (!in) {
    fprintf(
      stderr, "ldexport: error: cannot open %s: %s\n", input, strerror(errno));
    return LDX_EXIT_FAILURE;
  }
  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    fputs("ldexport: out of memory\n", stderr);
    if (!stdin_input) {
      fclose(in);
    }
    return LDX_EXIT_FAILURE;
  }
  ldx_world_set_diag_func(world, ldx_cli_print_diag, &diag);

  LdxOutputFile*  file   = NULL;
  LdxWriter*      writer = NULL;
  LdxDedup*       dedup  = NULL;
  LdxOutputStream out    = ldx_output_stdio(stdout);
  LdxStatus       st     = LDX_SUCCESS;
  LdxiBuf         base_iri; // the input's file: IRI, the default base
  ldxi_buf_init(&base_iri, world, 0);
  if (!base) {
    st = ldxi_file_iri(world, stdin_input ? "stdin" : input, &base_iri);
  }
  const char* doc_base = base ? base : base_iri.data;
  if (!st && output) {
    st = ldx_output_file_open(world, output, &file);
    if (!st) {
      out = ldx_output_file_stream(file);
    }
  }
  if (!st) {
    const LdxWriterOptions wopts = { base, lang, params };
    st = ldx_writer_new_with_options(world, fmt, out, &wopts, &writer);
  }
  if (!st) {
    st = ldx_dedup_new(world, ldx_writer_sink(writer), &dedup);
  }
  Ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.world        = world;
  ctx.file         = stdin_input ? "<stdin>" : input;
  ctx.triples_only = !fmt->quads;
  if (!st) {
    ctx.sink = ldx_dedup_sink(dedup);
    if (!strcmp(syntax, "turtle") || !strcmp(syntax, "ntriples")) {
      LdxiBuf text;
      ldxi_buf_init(&text, world, 0);
      errno = 0;
      st    = ldx_cli_read_stream(in, &text);
      if (st == LDX_BAD_READ) {
        fprintf(stderr,
                "ldexport: error: cannot read %s: %s\n",
                ctx.file,
                strerror(errno ? errno : EIO));
      } else if (!st) {
        LdxiTurtleOptions topts = {
          ctx.file, doc_base, on_triple, on_prefix, &ctx
        };
        st =
          ldxi_turtle_read(world, text.data ? text.data : "", text.len, &topts);
      }
      ldxi_buf_free(&text);
    } else {
      st = parse_with_raptor(&ctx, syntax, in, doc_base);
    }
  }
  if (!st) {
    LdxEvent end;
    memset(&end, 0, sizeof(end));
    end.type = LDX_EVENT_END;
    st       = ctx.sink.on_event(ctx.sink.handle, &end);
  }
  if (!st) {
    st = ldx_writer_finish(writer);
  }
  if (!st && file) {
    st = ldx_output_file_commit(file);
  }
  if (!st && verbose) {
    fprintf(stderr,
            "ldexport: %zu statements read, %zu duplicates removed%s%s%s\n",
            ctx.statements,
            ldx_dedup_dropped(dedup),
            ctx.merged ? " (named graphs merged)" : "",
            output ? ", written to " : "",
            output ? output : "");
  }
  if (st == LDX_BAD_WRITE && !output) {
    fputs("ldexport: error: cannot write to standard output\n", stderr);
  } else if (st && !ldx_world_error_count(world) && st != LDX_UNSUPPORTED &&
             st != LDX_BAD_READ && st != LDX_BAD_SYNTAX) {
    fprintf(stderr, "ldexport: error: %s\n", ldx_strerror(st));
  }
  ldx_dedup_free(dedup);
  ldx_writer_free(writer);
  ldx_output_file_free(file);
  ldxi_buf_free(&base_iri);
  ldx_world_free(world);
  if (!stdin_input) {
    fclose(in);
  }
  return st ? LDX_EXIT_FAILURE : LDX_EXIT_OK;
}

int
ldx_cli_convert(int argc, char** argv)
{
  const char** params = (const char**)calloc((size_t)argc + 1, sizeof(char*));
  if (!params) {
    fputs("ldexport: out of memory\n", stderr);
    return LDX_EXIT_FAILURE;
  }
  int status = convert_main(argc, argv, params);
  free(params);
  return status;
}
