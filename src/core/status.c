// SPDX-License-Identifier: MIT
#include "ldexport/status.h"

const char*
ldx_strerror(LdxStatus status)
{
  switch (status) {
    case LDX_SUCCESS:
      return "success";
    case LDX_FAILURE:
      return "non-fatal failure";
    case LDX_BAD_ALLOC:
      return "out of memory";
    case LDX_BAD_READ:
      return "read error";
    case LDX_BAD_WRITE:
      return "write error";
    case LDX_BAD_SYNTAX:
      return "syntax error";
    case LDX_BAD_MAPPING:
      return "invalid mapping";
    case LDX_BAD_REFERENCE:
      return "invalid reference";
    case LDX_BAD_DATA:
      return "invalid data value";
    case LDX_BAD_DATATYPE:
      return "invalid datatype or language tag";
    case LDX_BAD_ARG:
      return "invalid argument";
    case LDX_BAD_LIMIT:
      return "limit exceeded";
    case LDX_UNSUPPORTED:
      return "unsupported feature";
  }
  return "unknown status";
}
