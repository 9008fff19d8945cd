// SPDX-License-Identifier: MIT
// `ldexport check`: schema.org and Google Search event rules for JSON-LD
// files and the JSON-LD blocks of HTML pages.
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/read_input.h"

#include "core/buf.h"
#include "write/jsonld_check.h"
#include "write/jsonld_html.h"

#include "ldexport.h"

#include <jansson.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
print_help(FILE* stream)
{
  fputs(
    "Usage: ldexport check FILE... [OPTION]...\n"
    "Check schema.org JSON-LD: types and properties unknown to schema.org\n"
    "(warnings; superseded terms are errors), domain and range mismatches\n"
    "(warnings), and for each Event Google Search's event rules (name,\n"
    "startDate, location as a Place with an address; dates with a UTC\n"
    "offset whenever a time is given; the recommended properties as notes).\n"
    "Nodes described in several graphs are checked as one (merged by @id).\n"
    "\n"
    "FILE is JSON-LD ('-' for standard input) or an HTML page (.html,\n"
    ".htm), whose <script type=\"application/ld+json\"> blocks are checked.\n"
    "Findings are printed as FILE: PATH: LEVEL: MESSAGE, PATH a JSONPath.\n"
    "\n"
    "Options:\n"
    "      --strict    what Google Search requires but is missing is an\n"
    "                  error (default: a warning, since unknown facts must\n"
    "                  not be invented)\n"
    "  -q, --quiet     print errors only\n"
    "  -h, --help      show this help and exit\n"
    "\n"
    "Exit status: 0 if no errors (warnings and notes may be printed), 1 on\n"
    "errors or an unreadable file, 2 on a usage error.\n",
    stream);
}

typedef struct {
  LdxWorld*      world;
  const char*    file;
  bool           strict;
  LdxiCheckStats total;
  size_t         blocks;
  bool           failed; // unreadable or invalid JSON
} Job;

static LdxStatus
check_text(Job* job, const char* text, size_t len, unsigned line)
{
  json_error_t err;
  json_t*      doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  ++job->blocks;
  if (!doc) {
    // Lines inside an HTML block count from the block's start tag.
    fprintf(stdout,
            "%s:%u:%d: error: invalid JSON: %s\n",
            job->file,
            line ? line + (unsigned)err.line - 1 : (unsigned)err.line,
            err.column,
            err.text);
    job->failed = true;
    return LDX_SUCCESS;
  }
  const LdxiCheckOptions opts = { job->file, line, job->strict };
  LdxiCheckStats         stats;
  LdxStatus              st = ldxi_jsonld_check(job->world, doc, &opts, &stats);
  json_decref(doc);
  job->total.errors += stats.errors;
  job->total.warnings += stats.warnings;
  job->total.notes += stats.notes;
  job->total.nodes += stats.nodes;
  job->total.events += stats.events;
  return st;
}

static LdxStatus
on_block(void* handle, const char* text, size_t len, unsigned line)
{
  return check_text((Job*)handle, text, len, line);
}

static bool
is_html(const char* path)
{
  const char* dot = strrchr(path, '.');
  return dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") ||
                 !strcmp(dot, ".HTML") || !strcmp(dot, ".HTM"));
}

// Check one file; returns true if it has no errors.
static bool
check_file(LdxWorld* world, const char* path, bool strict, bool quiet)
{
  LdxiBuf text;
  ldxi_buf_init(&text, world, 0);
  Job       job = { world, path, strict, { 0, 0, 0, 0, 0 }, 0, false };
  LdxStatus st  = ldx_cli_read_file(path, &text, stdout);
  if (!st && is_html(path)) {
    st = ldxi_html_jsonld_blocks(
      world, text.data ? text.data : "", text.len, path, on_block, &job);
    if (!st && !job.blocks) {
      fprintf(stdout,
              "%s: warning: no <script type=\"application/ld+json\"> "
              "in the page\n",
              path);
    }
  } else if (!st) {
    st = check_text(&job, text.data ? text.data : "", text.len, 0);
  }
  ldxi_buf_free(&text);
  if (st == LDX_BAD_ALLOC) {
    fprintf(stdout, "%s: error: out of memory\n", path);
  }
  const bool ok = !st && !job.failed && !job.total.errors;
  fflush(stdout); // the findings before their summary
  if (!quiet && !st && !job.failed) {
    fprintf(stderr,
            "%s: %zu node%s, %zu event%s: %zu error%s, %zu warning%s, "
            "%zu note%s\n",
            path,
            job.total.nodes,
            job.total.nodes == 1 ? "" : "s",
            job.total.events,
            job.total.events == 1 ? "" : "s",
            job.total.errors,
            job.total.errors == 1 ? "" : "s",
            job.total.warnings,
            job.total.warnings == 1 ? "" : "s",
            job.total.notes,
            job.total.notes == 1 ? "" : "s");
  }
  return ok;
}

int
ldx_cli_check(int argc, char** argv)
{
  enum { OPT_STRICT = 256 };
  static const struct option options[] = {
    { "strict", no_argument, NULL, OPT_STRICT },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  LdxCliDiag diag   = { stdout, false };
  bool       strict = false;
  int        c      = 0;
  optind            = 1;
  opterr            = 0;
  while ((c = getopt_long(argc, argv, ":qh", options, NULL)) != -1) {
    switch (c) {
      case OPT_STRICT:
        strict = true;
        break;
      case 'q':
        diag.quiet = true;
        break;
      case 'h':
        print_help(stdout);
        return LDX_EXIT_OK;
      default:
        return ldx_cli_usage_error("check", "unknown option", argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    return ldx_cli_usage_error("check", "no file given", NULL);
  }
  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    fputs("ldexport: out of memory\n", stderr);
    return LDX_EXIT_FAILURE;
  }
  ldx_world_set_diag_func(world, ldx_cli_print_diag, &diag);
  // Report every finding: a check is its list of findings.
  const LdxLimits limits = { 0, 0, (size_t)-1 };
  ldx_world_set_limits(world, &limits);
  bool ok = true;
  for (int i = optind; i < argc; ++i) {
    ok &= check_file(world, argv[i], strict, diag.quiet);
  }
  fflush(stdout);
  ldx_world_free(world);
  return ok ? LDX_EXIT_OK : LDX_EXIT_FAILURE;
}
