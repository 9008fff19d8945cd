// SPDX-License-Identifier: MIT
// Streaming the nodes a simple JSONPath query selects from a JSON text that
// is read in chunks, one node ("record") in memory at a time.
//
// The query must be a chain of simple steps (ldxi_jsonpath_steps()).  The
// reader validates the whole text as RFC 8259 JSON (it reports the same
// error at the same place as ldxi_json_parse()), builds no nodes outside
// the records, and keeps a buffer of one chunk, grown only while a single
// record is larger.  Records come in document order, exactly those that
// ldxi_jsonpath_eval() of the query on the parsed document would visit,
// with the same locations.
//
// One difference cannot be avoided: a streamed iteration cannot know
// whether a member named by a step is repeated later in its object, and
// with duplicate names a query selects only the last one.  So a duplicate
// of such a member after records were read from the first one is an error
// (LDX_BAD_DATA); before, it is harmless and the later one is used.
#ifndef LDX_JSON_JSON_STREAM_H
#define LDX_JSON_JSON_STREAM_H

#include "json/json.h"
#include "jsonpath/jsonpath.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stddef.h>

// The default chunk size.
#define LDXI_JSON_CHUNK ((size_t)1 << 20)

// Read up to `size` bytes into `buf` and set `*got` (0 at the end).
// Errors: any status, returned as is by the stream.
typedef LdxStatus (*LdxiJsonReadFunc)(void*   handle,
                                      char*   buf,
                                      size_t  size,
                                      size_t* got);

// Receives a record (in the arena, valid during the call) and its
// location (NULL for the whole document).  A non-zero status stops the
// stream and is returned as is.
typedef LdxStatus (*LdxiJsonRecordFunc)(void*                  handle,
                                        const LdxiJson*        record,
                                        const LdxiJsonPathLoc* loc);

typedef struct {
  LdxiJsonReadFunc        read;
  void*                   read_handle;
  size_t                  chunk; // bytes per read; 0 for LDXI_JSON_CHUNK
  const LdxiJsonPathStep* steps;
  size_t                  n_steps;
} LdxiJsonStreamOptions;

// Stream the text from `options->read` and call `func` for each record.
// Records are parsed into `arena`, which is reset after each.  A UTF-8
// byte order mark at the start is skipped.
// Errors: LDX_BAD_SYNTAX, LDX_BAD_LIMIT (nesting deeper than the world's
// max_depth), LDX_BAD_DATA (duplicate member on the query's path),
// LDX_BAD_ALLOC, each with `*err` set (line, column and byte offset in the
// whole text); a status of `read` or `func`, with `err->message` empty.
LdxStatus
ldxi_json_stream(LdxWorld*                    world,
                 const LdxiJsonStreamOptions* options,
                 LdxiArena*                   arena,
                 LdxiJsonRecordFunc           func,
                 void*                        handle,
                 LdxiJsonError*               err);

#endif // LDX_JSON_JSON_STREAM_H
