// SPDX-License-Identifier: MIT
// Reporting diagnostics through the world's handler.
#ifndef LDX_CORE_DIAG_H
#define LDX_CORE_DIAG_H

#include "ldexport/attributes.h"
#include "ldexport/diag.h"
#include "ldexport/world.h"

// Deliver a diagnostic (counted; dropped past the error limit).
// Returns diag->status so callers can `return ldxi_report(...)`.
LdxStatus
ldxi_report(LdxWorld* world, const LdxDiag* diag);

// Report an error with an optional caret; returns `status`.
LDX_LOG_FUNC(4, 5)
LdxStatus
ldxi_error(LdxWorld*       world,
           LdxStatus       status,
           const LdxCaret* caret,
           const char*     fmt,
           ...);

// Report a warning with an optional caret; returns LDX_SUCCESS.
LDX_LOG_FUNC(3, 4)
LdxStatus
ldxi_warning(LdxWorld* world, const LdxCaret* caret, const char* fmt, ...);

// Report an error that concerns a data record and a mapping rule.
// `caret` locates the data (may be NULL), `record` names the record,
// `rule_caret`/`rule` the mapping rule (either may be NULL).
LDX_LOG_FUNC(7, 8)
LdxStatus
ldxi_data_error(LdxWorld*       world,
                LdxStatus       status,
                const LdxCaret* caret,
                const char*     record,
                const LdxCaret* rule_caret,
                const char*     rule,
                const char*     fmt,
                ...);

#endif // LDX_CORE_DIAG_H
