// SPDX-License-Identifier: MIT
// Internal accessors of the world.
#ifndef LDX_CORE_WORLD_H
#define LDX_CORE_WORLD_H

#include "ldexport/world.h"

#include <raptor2.h>

// The world's raptor world, created on first use; NULL if that fails.
// Borrowed: freed with the world.  Callers install their own log handler
// for the duration of a parse.
raptor_world*
ldxi_world_raptor(LdxWorld* world);

#endif // LDX_CORE_WORLD_H
