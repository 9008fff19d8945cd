// SPDX-License-Identifier: MIT
// Comparison of two N-Quads documents as RDF datasets: set semantics, blank
// nodes up to isomorphism.  Shared by rdf_compare, run_suite and the tests.
#ifndef LDX_TESTS_RDFCMP_H
#define LDX_TESTS_RDFCMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

// Ground terms (IRIs and literals) are interned in a table that both
// datasets of a comparison must share, so equal terms get equal ids.
typedef struct RcTerms   RcTerms;
typedef struct RcDataset RcDataset;

typedef enum {
  RC_EQUAL     = 0,
  RC_DIFFERENT = 1,
  RC_ERROR     = 2, // parse error, or the isomorphism search gave up
} RcResult;

typedef struct {
  size_t missing; // quads only in the expected dataset
  size_t extra;   // quads only in the actual dataset
} RcDiffStats;

RcTerms*
rc_terms_new(void);

void
rc_terms_free(RcTerms* terms);

// Parses an N-Quads (or N-Triples) file.  On error returns NULL and writes
// "PATH:LINE: message" to err.
RcDataset*
rc_parse_file(RcTerms* terms, const char* path, char* err, size_t err_size);

// Same for text in memory; name is used in messages and diffs.
RcDataset*
rc_parse_text(RcTerms*    terms,
              const char* name,
              const char* text,
              size_t      len,
              char*       err,
              size_t      err_size);

// Number of distinct quads.
size_t
rc_dataset_size(const RcDataset* ds);

void
rc_dataset_free(RcDataset* ds);

// Compares two datasets parsed with the same term table.  When they differ
// and diff is not NULL, writes the quads only in one of them there.  stats
// may be NULL.  RC_ERROR only if the search budget is exhausted.
RcResult
rc_compare(const RcTerms*   terms,
           const RcDataset* expected,
           const RcDataset* actual,
           FILE*            diff,
           RcDiffStats*     stats);

// Convenience: parses both files and compares them.  On RC_ERROR, err holds
// "PATH:LINE: message".
RcResult
rc_compare_files(const char*  expected_path,
                 const char*  actual_path,
                 FILE*        diff,
                 RcDiffStats* stats,
                 char*        err,
                 size_t       err_size);

#endif // LDX_TESTS_RDFCMP_H
