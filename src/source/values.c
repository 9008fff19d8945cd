// SPDX-License-Identifier: MIT
// Value lists shared by all sources.
#include "source/source.h"

#include "core/alloc.h"

LdxStatus
ldxi_values_push(LdxWorld* world, LdxiValues* values, LdxiValue value)
{
  if (values->n == values->cap && ldxi_grow(world,
                                            (void**)&values->items,
                                            &values->cap,
                                            values->n + 1,
                                            sizeof(LdxiValue))) {
    return LDX_BAD_ALLOC;
  }
  values->items[values->n++] = value;
  return LDX_SUCCESS;
}

void
ldxi_values_free(LdxWorld* world, LdxiValues* values)
{
  ldxi_free(world, values->items);
  values->items = NULL;
  values->n     = 0;
  values->cap   = 0;
}
