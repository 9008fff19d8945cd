// SPDX-License-Identifier: MIT
/**
 * @file diag.h
 * @brief Diagnostics: errors and warnings with a location.
 * @defgroup diag Diagnostics
 * @{
 */
#ifndef LDEXPORT_DIAG_H
#define LDEXPORT_DIAG_H

#include "ldexport/attributes.h"
#include "ldexport/status.h"

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Severity of a diagnostic. */
typedef enum {
  LDX_LEVEL_ERROR,   ///< The operation fails
  LDX_LEVEL_WARNING, ///< Something is probably wrong; output is still produced
  LDX_LEVEL_NOTE,    ///< Additional information
} LdxLevel;

/**
 * A position in a parsed text (mapping document or data file).
 * Lines and columns are 1-based, columns count Unicode code points;
 * 0 means unknown. `byte` is the 0-based byte offset, valid if `line` is.
 */
typedef struct {
  const char* file; ///< File name as given by the user, or NULL
  unsigned    line;
  unsigned    column;
  size_t      byte;
} LdxCaret;

/**
 * A diagnostic.  All strings are borrowed for the duration of the handler
 * call; a handler that keeps them must copy them.
 */
typedef struct {
  LdxStatus   status;  ///< Status the failing operation returns
  LdxLevel    level;   ///< Severity
  LdxCaret    caret;   ///< Where in a text the problem is (file may be NULL)
  const char* record;  ///< Logical data location, e.g. "record 3 ($['a'][2])"
  const char* message; ///< One-line message, no trailing newline
  LdxCaret    rule_caret; ///< Position of the mapping rule involved
  const char* rule; ///< Mapping rule involved, e.g. "subject map of <#TM>"
} LdxDiag;

/** Function called for each diagnostic. */
typedef void (*LdxDiagFunc)(void* handle, const LdxDiag* diag);

/**
 * Print a diagnostic in GCC style:
 * `FILE:LINE:COLUMN: error: MESSAGE` (+ a `note:` line naming the rule).
 * Parts that are unknown are left out.
 */
LDX_API void
ldx_diag_print(const LdxDiag* diag, FILE* stream);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_DIAG_H
