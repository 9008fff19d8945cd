// SPDX-License-Identifier: MIT
// Resolving the files a mapping names (sources and targets).
#ifndef LDX_ENGINE_PATHS_H
#define LDX_ENGINE_PATHS_H

#include "mapping/plan.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

// The path of `ref` as the mapping says it is to be found: against the
// working directory (`working_dir`, or the process's when NULL), the
// mapping's directory or an explicit root; legacy paths are looked up in
// the working directory first, then next to the mapping.
// Ownership: `*out` is freed by the caller with ldxi_free(world, ...).
LdxStatus
ldxi_resolve_file(LdxWorld*          world,
                  const char*        working_dir,
                  const LdxiFileRef* ref,
                  char**             out);

// `path` as shown to users: relative to the working directory when it is
// inside it (borrowed: points into `path`).
const char*
ldxi_display_path(const char* path);

#endif // LDX_ENGINE_PATHS_H
