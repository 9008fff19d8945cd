// SPDX-License-Identifier: MIT
// Status propagation helpers for straight-line code.
#ifndef LDX_CORE_TRY_H
#define LDX_CORE_TRY_H

#define TRY(st, exp)      \
  do {                    \
    if (((st) = (exp))) { \
      return (st);        \
    }                     \
  } while (0)

// Jump to the function's single cleanup label on failure.
#define TRY_GOTO(st, exp, label) \
  do {                           \
    if (((st) = (exp))) {        \
      goto label;                \
    }                            \
  } while (0)

#endif // LDX_CORE_TRY_H
