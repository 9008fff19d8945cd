// SPDX-License-Identifier: MIT
// Each public header compiles on its own, and the umbrella with all.
#include "ldexport/attributes.h"
#include "ldexport/diag.h"
#include "ldexport/mapping.h"
#include "ldexport/output.h"
#include "ldexport/sink.h"
#include "ldexport/status.h"
#include "ldexport/term.h"
#include "ldexport/world.h"
#include "ldexport/writer.h"
#include "ldexport.h"

int
main(void)
{
  return ldx_version()[0] ? 0 : 1;
}
