// SPDX-License-Identifier: MIT
// Which source implementation reads which reference formulation.
#include "source/source.h"
#include "source/xml_source.h"

const LdxiSourceOps*
ldxi_source_ops(LdxiFormulation formulation)
{
  switch (formulation) {
    case LDXI_RF_JSONPATH:
      return &ldxi_json_source;
    case LDXI_RF_CSV:
      return &ldxi_csv_source;
    case LDXI_RF_SQL_TABLE:
      return &ldxi_sql_table_source;
    case LDXI_RF_SQL_QUERY:
      return &ldxi_sql_query_source;
    case LDXI_RF_SPARQL_CSV: // the query runs here: no results format
    case LDXI_RF_SPARQL_TSV:
    case LDXI_RF_SPARQL_JSON:
    case LDXI_RF_SPARQL_XML:
      return &ldxi_sparql_source;
    case LDXI_RF_XPATH:
      return &ldxi_xml_source;
    case LDXI_RF_COUNT:
      break;
  }
  return NULL;
}
