// SPDX-License-Identifier: MIT
// Compiling the mapping graph into a plan.
#ifndef LDX_MAPPING_COMPILE_H
#define LDX_MAPPING_COMPILE_H

#include "mapping/graph.h"
#include "mapping/plan.h"

// Validate the mapping graph and build the plan.  Every problem found is
// reported through the world with its position; the first status is
// returned.  On failure `*out` is NULL.
LdxStatus
ldxi_compile(LdxWorld* world, const LdxiGraph* graph, LdxiPlan** out);

#endif // LDX_MAPPING_COMPILE_H
