// SPDX-License-Identifier: MIT
// rdf_compare: compares two N-Quads files as RDF datasets.
// Exit 0 = equal, 1 = different (diff on stdout), 2 = usage or parse error.
#include "rdfcmp.h"

#include <stdio.h>
#include <string.h>

static void
usage(FILE* f)
{
  fputs("Usage: rdf_compare [-q] EXPECTED.nq ACTUAL.nq\n"
        "Compare two N-Quads files as RDF datasets (order and duplicates\n"
        "ignored, blank nodes matched up to isomorphism).\n"
        "  -q   print no diff\n"
        "Exit status: 0 equal, 1 different, 2 usage or parse error.\n",
        f);
}

int
main(int argc, char** argv)
{
  bool        quiet = false;
  const char* files[2];
  int         nfiles = 0;
  bool        opts   = true;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (opts && !strcmp(a, "--")) {
      opts = false;
    } else if (opts && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
      usage(stdout);
      return 0;
    } else if (opts && !strcmp(a, "-q")) {
      quiet = true;
    } else if (opts && a[0] == '-' && a[1]) {
      fprintf(stderr, "rdf_compare: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    } else if (nfiles < 2) {
      files[nfiles++] = a;
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (nfiles != 2) {
    usage(stderr);
    return 2;
  }

  char        err[1024] = "";
  RcDiffStats st        = { 0, 0 };
  RcResult    r         = rc_compare_files(
    files[0], files[1], quiet ? NULL : stdout, &st, err, sizeof err);
  if (r == RC_ERROR) {
    fprintf(stderr, "%s\n", err);
    return 2;
  }
  if (r == RC_DIFFERENT && !quiet) {
    printf("datasets differ: %zu missing, %zu extra\n", st.missing, st.extra);
  }
  return r == RC_EQUAL ? 0 : 1;
}
