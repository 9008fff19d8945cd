// SPDX-License-Identifier: MIT
/**
 * @file ldexport.h
 * @brief Umbrella header of the ldexport library.
 */
#ifndef LDEXPORT_H
#define LDEXPORT_H

#include "ldexport/attributes.h"
#include "ldexport/diag.h"
#include "ldexport/mapping.h"
#include "ldexport/output.h"
#include "ldexport/sink.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"
#include "ldexport/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The library version, e.g. "0.1.0". */
LDX_API const char*
ldx_version(void);

#ifdef __cplusplus
}
#endif

#endif // LDEXPORT_H
