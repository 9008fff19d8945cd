// SPDX-License-Identifier: MIT
// Helpers shared by the JSON-LD writer, `ldexport check` and `ldexport
// embed`: ISO 8601 date shapes, language preference, and dumping JSON so
// that it can sit inside an HTML <script> element.
#ifndef LDX_WRITE_JSONLD_UTIL_H
#define LDX_WRITE_JSONLD_UTIL_H

#include "ldexport/output.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

#include <jansson.h>

#include <stdbool.h>
#include <stddef.h>

// The shape of a date or time string, as schema.org and Google read them.
typedef enum {
  LDXI_DATE_NONE = 0,      // not an ISO 8601 date or time we know
  LDXI_DATE_YEAR,          // 2025
  LDXI_DATE_YEAR_MONTH,    // 2025-12
  LDXI_DATE_DAY,           // 2025-12-08
  LDXI_DATE_DATETIME,      // 2025-12-08T20:00[:00[.000]] (no offset)
  LDXI_DATE_DATETIME_ZONE, // ... with Z or +hh:mm
  LDXI_DATE_TIME,          // 20:00[:00] (no offset)
  LDXI_DATE_TIME_ZONE,     // 20:00[:00]Z or +hh:mm
} LdxiDateShape;

// Classify `s` (ranges are checked: month 1-12, day 1-31, hour 0-24, ...).
LdxiDateShape
ldxi_date_shape(const char* s, size_t len);

// True if a date-time or time string `s` is exactly midnight (00:00,
// 00:00:00, 00:00:00.000 with any offset).
bool
ldxi_date_is_midnight(const char* s, size_t len);

// True if `dt` (a datatype IRI) is an XSD or schema.org date/time type:
// xsd:date, dateTime, dateTimeStamp, time, gYear, gYearMonth, and
// schema:Date, DateTime, Time (http or https).
bool
ldxi_is_date_datatype(const char* dt, size_t len);

// How well a value tagged `tag` (empty: no tag) suits a page in language
// `want` (smaller is better): 0 the same tag; 1-99 a truncation of `want`
// (RFC 4647 lookup: "fr" for "fr-CH"; longer is closer); then
// LDXI_LANG_SAME_PRIMARY ("fr-CA" for "fr-CH"), LDXI_LANG_UNTAGGED,
// LDXI_LANG_FALLBACK + i for the i-th language of `fallback`
// (comma-separated, may be NULL), LDXI_LANG_OTHER.  Case-insensitive.
enum {
  LDXI_LANG_SAME_PRIMARY = 200,
  LDXI_LANG_UNTAGGED     = 300,
  LDXI_LANG_FALLBACK     = 400,
  LDXI_LANG_OTHER        = 10000,
};

unsigned
ldxi_lang_rank(const char* tag,
               size_t      len,
               const char* want,
               const char* fallback);

// Dump `json` to `out`, indented by `indent` spaces per level (0: one
// line), with '<', '>' and '&' written as \u003c, \u003e, \u0026 so that
// no "</script" or "<!--" can appear; `ascii` also escapes non-ASCII
// characters.  Ends with a newline if `newline`.
// Errors: LDX_BAD_WRITE (reported once), LDX_BAD_ALLOC.
LdxStatus
ldxi_json_dump_html_safe(LdxWorld*              world,
                         const json_t*          json,
                         int                    indent,
                         bool                   ascii,
                         bool                   newline,
                         const LdxOutputStream* out);

// The same into a NUL-terminated string allocated with ldxi_malloc (the
// caller frees it with ldxi_free); NULL on allocation failure.
char*
ldxi_json_dumps_html_safe(LdxWorld*     world,
                          const json_t* json,
                          int           indent,
                          bool          ascii,
                          size_t*       len);

#endif // LDX_WRITE_JSONLD_UTIL_H
