// SPDX-License-Identifier: MIT
// JSONPath (RFC 9535) over the arena JSON model (json/json.h): compile
// once, evaluate many times.
//
// Evaluation streams result nodes to a visitor in document order and does
// not allocate for the common shapes (name, index, wildcard, slice,
// descendant segments; filters over singular queries).  Each visited node
// comes with its location as a chain of stack-allocated steps from which
// the normalized path ($['a'][0]) can be formatted.
//
// A compiled path is read-only during evaluation except for the PCRE2
// scratch state of match()/search(), so like its world it must not be
// evaluated from two threads at once.  Evaluation may be re-entered from a
// visitor.
#ifndef LDX_JSONPATH_JSONPATH_H
#define LDX_JSONPATH_JSONPATH_H

#include "core/buf.h"
#include "json/json.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct LdxiJsonPathImpl LdxiJsonPath;

// Compilation flags.
enum {
  // RFC 9535 exactly (used by the compliance suite).
  LDXI_JSONPATH_STRICT = 0,
  // RML references, as other RML engines accept them: a query may also
  // start with '@' (same as '$'), or with a bare member name or bracket
  // ("Name", "a.b", "['a b']"), read as relative to '$'.
  LDXI_JSONPATH_RELATIVE = 1u << 0,
};

// Why a query did not compile.  `offset` is the 0-based byte offset in the
// query text where the problem was found.
typedef struct {
  size_t offset;
  char   message[160];
} LdxiJsonPathError;

// One step of a node's location, linked towards the root.  `name` is NULL
// for an array index.  Valid only during the visitor call.
typedef struct LdxiJsonPathLoc LdxiJsonPathLoc;
struct LdxiJsonPathLoc {
  const LdxiJsonPathLoc* parent; // NULL at the root
  const char*            name;   // member name (not NUL-terminated)
  size_t                 name_len;
  size_t                 index; // array index when name is NULL
};

// Receives each result node; a non-zero status stops the evaluation and
// is returned by ldxi_jsonpath_eval().  `loc` is NULL for the root node.
typedef LdxStatus (*LdxiJsonPathVisit)(void*                  handle,
                                       const LdxiJson*        node,
                                       const LdxiJsonPathLoc* loc);

// Compile `len` bytes of `text`.  On LDX_BAD_REFERENCE, `*err` says why.
// Ownership: the caller frees `*out` with ldxi_jsonpath_free().
// Errors: LDX_BAD_REFERENCE (syntax, or a well-typedness rule of RFC 9535
// §2.4.3), LDX_BAD_ALLOC, LDX_BAD_LIMIT (nesting deeper than the world's
// max_depth).
LdxStatus
ldxi_jsonpath_compile(LdxWorld*          world,
                      const char*        text,
                      size_t             len,
                      unsigned           flags,
                      LdxiJsonPath**     out,
                      LdxiJsonPathError* err);

void
ldxi_jsonpath_free(LdxiJsonPath* path);

// Evaluate against `root` (the value '$' denotes) and visit each result
// node in order.  `root_loc` is the location of `root` itself, prepended
// to every visited location (NULL when root is the document).
LdxStatus
ldxi_jsonpath_eval(const LdxiJsonPath*    path,
                   const LdxiJson*        root,
                   const LdxiJsonPathLoc* root_loc,
                   LdxiJsonPathVisit      visit,
                   void*                  handle);

// True if the query is singular (RFC 9535 §2.3.5.1): at most one node.
bool
ldxi_jsonpath_is_singular(const LdxiJsonPath* path);

// One child segment of a simple query (see ldxi_jsonpath_steps()).
typedef enum {
  LDXI_JSONPATH_STEP_NAME,     // ['name'] or .name
  LDXI_JSONPATH_STEP_INDEX,    // [3] (never negative)
  LDXI_JSONPATH_STEP_WILDCARD, // [*] or .*
} LdxiJsonPathStepKind;

typedef struct {
  LdxiJsonPathStepKind kind;
  const char*          name; // NAME: decoded, NUL-terminated
  size_t               name_len;
  size_t               index; // INDEX
} LdxiJsonPathStep;

// If the query is only child segments of one name, non-negative index or
// wildcard selector each ("$", "$.a[*]", "$['a b'][3].*"), return its steps
// (borrowed from the path) and set `*n`; otherwise return NULL.  Such a
// query selects nodes in document order, which lets a reader stream them.
const LdxiJsonPathStep*
ldxi_jsonpath_steps(const LdxiJsonPath* path, size_t* n);

// Append the normalized path of `loc` (RFC 9535 §2.7), e.g. $['a'][0].
LdxStatus
ldxi_jsonpath_loc_format(const LdxiJsonPathLoc* loc, LdxiBuf* out);

#endif // LDX_JSONPATH_JSONPATH_H
