// SPDX-License-Identifier: MIT
// Which source implementation reads which reference formulation.
#include "source/source.h"

const LdxiSourceOps*
ldxi_source_ops(LdxiFormulation formulation)
{
  switch (formulation) {
  case LDXI_RF_JSONPATH:
    return &ldxi_json_source;
  case LDXI_RF_CSV:
  case LDXI_RF_XPATH:
  case LDXI_RF_SQL_TABLE:
  case LDXI_RF_SQL_QUERY:
  case LDXI_RF_SPARQL_CSV:
  case LDXI_RF_SPARQL_TSV:
  case LDXI_RF_SPARQL_JSON:
  case LDXI_RF_SPARQL_XML:
  case LDXI_RF_COUNT:
    break;
  }
  return NULL;
}
