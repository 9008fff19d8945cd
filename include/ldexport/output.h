// SPDX-License-Identifier: MIT
/**
 * @file output.h
 * @brief Byte output streams, including atomically replaced files.
 * @defgroup output Output streams
 * @{
 */
#ifndef LDEXPORT_OUTPUT_H
#define LDEXPORT_OUTPUT_H

#include "ldexport/attributes.h"
#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A byte sink.  `write` returns LDX_SUCCESS when all `len` bytes were
 * written, LDX_BAD_WRITE otherwise.  `flush` may be NULL.
 */
typedef struct {
  void* stream;
  LdxStatus (*write)(void* stream, const void* buf, size_t len);
  LdxStatus (*flush)(void* stream);
} LdxOutputStream;

/** An output stream writing to a C stdio stream (borrowed, not closed). */
LDX_API LdxOutputStream
ldx_output_stdio(FILE* file);

/**
 * A file written atomically: bytes go to a temporary file in the same
 * directory, which ldx_output_file_commit() renames over the target.
 * If the file is freed without a commit, the temporary file is removed and
 * the target is left untouched.
 */
typedef struct LdxOutputFileImpl LdxOutputFile;

/**
 * Open a temporary file next to `path`.
 * Ownership: the caller frees the result with ldx_output_file_free().
 * Errors: LDX_BAD_WRITE (reported with the file name), LDX_BAD_ALLOC.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_output_file_open(LdxWorld* world, const char* path, LdxOutputFile** out);

/** The stream to write to (valid until the file is freed). */
LDX_API LdxOutputStream
ldx_output_file_stream(LdxOutputFile* file);

/**
 * Flush, sync and rename the temporary file over the target.
 * Errors: LDX_BAD_WRITE if any earlier write or this step failed; the
 * temporary file is then removed.
 */
LDX_API LDX_NODISCARD LdxStatus
ldx_output_file_commit(LdxOutputFile* file);

/** Free the handle; removes the temporary file unless committed. NULL ok. */
LDX_API void
ldx_output_file_free(LdxOutputFile* file);

#ifdef __cplusplus
}
#endif

/** @} */
#endif // LDEXPORT_OUTPUT_H
