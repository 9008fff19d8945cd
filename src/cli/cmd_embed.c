// SPDX-License-Identifier: MIT
// `ldexport embed`: put a JSON-LD block into the head of an HTML page.
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/read_input.h"

#include "core/buf.h"
#include "write/jsonld_html.h"
#include "write/jsonld_node.h"

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
    "Usage: ldexport embed PAGE.html --jsonld FILE [OPTION]...\n"
    "Put the JSON-LD of FILE into the head of the HTML page PAGE: the\n"
    "content of its first <script type=\"application/ld+json\"> in the head\n"
    "is replaced, or a new one is inserted before </head>.  Every other "
    "byte\n"
    "of the page is kept as it is.  In the JSON, <, > and & are written as\n"
    "\\u003c, \\u003e and \\u0026, so nothing can close the script element.\n"
    "\n"
    "Options:\n"
    "  -j, --jsonld FILE  the JSON-LD to embed (from ldexport map -f jsonld)\n"
    "  -s, --select IRI   embed only what FILE says about the node IRI (the\n"
    "                     event or entity the page is about), merged across\n"
    "                     graphs, with the nodes it refers to\n"
    "  -o, --output OUT   write to OUT (replaced only on success; default:\n"
    "                     standard output); OUT may be PAGE itself\n"
    "  -h, --help         show this help and exit\n"
    "\n"
    "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n",
    stream);
}

static LdxStatus
write_page(LdxWorld* world, const char* output, const LdxiBuf* page)
{
  LdxOutputFile*  file = NULL;
  LdxOutputStream out  = ldx_output_stdio(stdout);
  LdxStatus       st   = LDX_SUCCESS;
  if (output) {
    st = ldx_output_file_open(world, output, &file);
    if (!st) {
      out = ldx_output_file_stream(file);
    }
  }
  if (!st && page->len) {
    st = out.write(out.stream, page->data, page->len);
  }
  if (!st && out.flush) {
    st = out.flush(out.stream);
  }
  if (!st && file) {
    st = ldx_output_file_commit(file);
  }
  if (st && !ldx_world_error_count(world)) {
    fprintf(stderr,
            "ldexport: error: cannot write %s\n",
            output ? output : "to standard output");
  }
  ldx_output_file_free(file);
  return st;
}

int
ldx_cli_embed(int argc, char** argv)
{
  static const struct option options[] = {
    { "jsonld", required_argument, NULL, 'j' },
    { "select", required_argument, NULL, 's' },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  const char* jsonld = NULL;
  const char* select = NULL;
  const char* output = NULL;
  int         c      = 0;
  optind             = 1;
  opterr             = 0;
  while ((c = getopt_long(argc, argv, ":j:s:o:h", options, NULL)) != -1) {
    switch (c) {
      case 'j':
        jsonld = optarg;
        break;
      case 's':
        select = optarg;
        break;
      case 'o':
        output = optarg;
        break;
      case 'h':
        print_help(stdout);
        return LDX_EXIT_OK;
      case ':':
        return ldx_cli_usage_error(
          "embed", "missing argument for option", argv[optind - 1]);
      default:
        return ldx_cli_usage_error("embed", "unknown option", argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    return ldx_cli_usage_error("embed", "no page given", NULL);
  }
  if (optind + 1 < argc) {
    return ldx_cli_usage_error(
      "embed", "one page at a time, not also", argv[optind + 1]);
  }
  if (!jsonld) {
    return ldx_cli_usage_error("embed", "--jsonld FILE is required", NULL);
  }
  const char* page_path = argv[optind];

  LdxWorld* world = ldx_world_new(NULL);
  if (!world) {
    fputs("ldexport: out of memory\n", stderr);
    return LDX_EXIT_FAILURE;
  }
  LdxCliDiag diag = { stderr, false };
  ldx_world_set_diag_func(world, ldx_cli_print_diag, &diag);
  LdxiBuf page;
  LdxiBuf text;
  LdxiBuf result;
  ldxi_buf_init(&page, world, 0);
  ldxi_buf_init(&text, world, 0);
  ldxi_buf_init(&result, world, 0);
  json_t*   doc      = NULL;
  json_t*   selected = NULL;
  LdxStatus st       = ldx_cli_read_file(page_path, &page, stderr);
  if (!st) {
    st = ldx_cli_read_file(jsonld, &text, stderr);
  }
  if (!st) {
    json_error_t err;
    doc = json_loadb(
      text.data ? text.data : "", text.len, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
      fprintf(stderr,
              "%s:%d:%d: error: invalid JSON: %s\n",
              jsonld,
              err.line,
              err.column,
              err.text);
      st = LDX_BAD_SYNTAX;
    }
  }
  if (!st && select) {
    st = ldxi_jsonld_select(world, doc, select, &selected);
    if (!st && !selected) {
      fprintf(
        stderr, "%s: error: no node <%s> is described in it\n", jsonld, select);
      st = LDX_BAD_ARG;
    }
  }
  if (!st) {
    st = ldxi_html_embed(world,
                         page.data ? page.data : "",
                         page.len,
                         page_path,
                         selected ? selected : doc,
                         &result);
  }
  if (!st) {
    st = write_page(world, output, &result);
  }
  if (st == LDX_BAD_ALLOC) {
    fputs("ldexport: error: out of memory\n", stderr);
  }
  json_decref(selected);
  json_decref(doc);
  ldxi_buf_free(&page);
  ldxi_buf_free(&text);
  ldxi_buf_free(&result);
  ldx_world_free(world);
  return st ? LDX_EXIT_FAILURE : LDX_EXIT_OK;
}
