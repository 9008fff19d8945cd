// SPDX-License-Identifier: MIT
/**
 * @file status.h
 * @brief The status codes every fallible ldexport function returns.
 * @defgroup status Status codes
 * @{
 */
#ifndef LDEXPORT_STATUS_H
#define LDEXPORT_STATUS_H

#include "ldexport/attributes.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Result of an operation; results themselves go through out-parameters. */
typedef enum {
  LDX_SUCCESS = 0,   ///< Success
  LDX_FAILURE,       ///< Non-fatal failure: end of input, no match
  LDX_BAD_ALLOC,     ///< Memory allocation failed
  LDX_BAD_READ,      ///< A file or stream could not be read
  LDX_BAD_WRITE,     ///< A file or stream could not be written
  LDX_BAD_SYNTAX,    ///< Syntax error in a mapping or data document
  LDX_BAD_MAPPING,   ///< Well-formed RDF that is not a valid RML mapping
  LDX_BAD_REFERENCE, ///< Invalid or unresolvable reference (JSONPath, ...)
  LDX_BAD_DATA,      ///< A data value cannot produce a valid RDF term
  LDX_BAD_DATATYPE,  ///< Invalid datatype or language tag
  LDX_BAD_ARG,       ///< Invalid argument passed by the caller
  LDX_BAD_LIMIT,     ///< A configured limit (depth, size, count) was hit
  LDX_UNSUPPORTED,   ///< A feature this build does not support
} LdxStatus;

/**
 * Return a short English description of a status code.
 * @return A static string, never NULL.
 */
LDX_API const char*
ldx_strerror(LdxStatus status);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_STATUS_H
