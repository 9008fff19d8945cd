// SPDX-License-Identifier: MIT
// Running a compiled plan.
#ifndef LDX_ENGINE_ENGINE_H
#define LDX_ENGINE_ENGINE_H

#include "mapping/plan.h"

#include "ldexport/mapping.h"
#include "ldexport/sink.h"

// Run `plan` and send its quads (deduplicated unless the options say
// otherwise) and a final END event to `sink`.
LdxStatus
ldxi_engine_run(LdxWorld*            world,
                const LdxiPlan*      plan,
                const LdxRunOptions* options,
                LdxSink              sink,
                LdxRunStats*         stats);

#endif // LDX_ENGINE_ENGINE_H
