// SPDX-License-Identifier: MIT
// The body of LdxWorld, shared by the core modules that need it.
#ifndef LDX_CORE_WORLD_IMPL_H
#define LDX_CORE_WORLD_IMPL_H

#include "ldexport/world.h"

#include <raptor2.h>

struct LdxWorldImpl {
  LdxAllocator  alloc;
  LdxLimits     limits;
  LdxDiagFunc   diag_func;
  void*         diag_handle;
  size_t        n_errors;
  size_t        n_warnings;
  raptor_world* raptor; // created on first use
};

#endif // LDX_CORE_WORLD_IMPL_H
