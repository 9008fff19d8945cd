// SPDX-License-Identifier: MIT
// `ldexport check`: schema.org vocabulary and Google Search event rules
// for a JSON-LD document.
#ifndef LDX_WRITE_JSONLD_CHECK_H
#define LDX_WRITE_JSONLD_CHECK_H

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <jansson.h>

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const char* file;   // name used in diagnostics
  unsigned    line;   // line of the block in `file` (HTML pages), or 0
  bool        strict; // what Google Search requires is an error, not a
                      // warning
} LdxiCheckOptions;

typedef struct {
  size_t errors;
  size_t warnings;
  size_t notes;
  size_t nodes;  // distinct nodes (merged by @id)
  size_t events; // of which events
} LdxiCheckStats;

// Check `doc` and report each finding through the world's diagnostic
// handler as "FILE: PATH: LEVEL: MESSAGE" (PATH an RFC 9535 normalized
// path into the document).  Levels:
//  - error: a superseded schema.org term; a date that is not ISO 8601, a
//    time without a UTC offset, previousStartDate without
//    EventRescheduled, an eventStatus that is not an EventStatusType, a
//    location that is not a Place, malformed JSON-LD; with `strict`,
//    also a property Google Search requires that is missing;
//  - warning: unknown types and properties, domain and range mismatches,
//    what Google Search requires but the data does not say (no start
//    date, no venue, no address), a midnight that looks invented, a date
//    less precise than a day;
//  - note: properties Google Search recommends that are missing.
// Errors: LDX_BAD_ALLOC only; the findings are in `stats`.
LdxStatus
ldxi_jsonld_check(LdxWorld*               world,
                  const json_t*           doc,
                  const LdxiCheckOptions* options,
                  LdxiCheckStats*         stats);

#endif // LDX_WRITE_JSONLD_CHECK_H
