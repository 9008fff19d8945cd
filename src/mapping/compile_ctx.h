// SPDX-License-Identifier: MIT
// The compiler's shared state and helpers (used by compile.c for triples
// maps and compile_io.c for logical sources and targets).
#ifndef LDX_MAPPING_COMPILE_CTX_H
#define LDX_MAPPING_COMPILE_CTX_H

#include "core/buf.h"
#include "mapping/graph.h"
#include "mapping/plan.h"
#include "mapping/vocab.h"

#include "ldexport/attributes.h"

#include <stdbool.h>

// The vocabulary the compiler looks up, as node ids of the graph (0 when
// the mapping does not use a term).
#define VOCAB(X)                                                \
  X(type, LDX_RDF "type")                                       \
  X(TriplesMap, LDX_RML "TriplesMap")                           \
  X(logicalSource, LDX_RML "logicalSource")                     \
  X(logicalTable, LDX_RML "logicalTable")                       \
  X(source, LDX_RML "source")                                   \
  X(path, LDX_RML "path")                                       \
  X(root, LDX_RML "root")                                       \
  X(MappingDirectory, LDX_RML "MappingDirectory")               \
  X(CurrentWorkingDirectory, LDX_RML "CurrentWorkingDirectory") \
  X(referenceFormulation, LDX_RML "referenceFormulation")       \
  X(iterator, LDX_RML "iterator")                               \
  X(JSONPath, LDX_RML "JSONPath")                               \
  X(accessURL, LDX_DCAT "accessURL")                            \
  X(subjectMap, LDX_RML "subjectMap")                           \
  X(subject, LDX_RML "subject")                                 \
  X(predicateObjectMap, LDX_RML "predicateObjectMap")           \
  X(predicate, LDX_RML "predicate")                             \
  X(predicateMap, LDX_RML "predicateMap")                       \
  X(object, LDX_RML "object")                                   \
  X(objectMap, LDX_RML "objectMap")                             \
  X(graph, LDX_RML "graph")                                     \
  X(graphMap, LDX_RML "graphMap")                               \
  X(constant, LDX_RML "constant")                               \
  X(reference, LDX_RML "reference")                             \
  X(template_, LDX_RML "template")                              \
  X(termType, LDX_RML "termType")                               \
  X(IRI, LDX_RML "IRI")                                         \
  X(URI, LDX_RML "URI")                                         \
  X(UnsafeIRI, LDX_RML "UnsafeIRI")                             \
  X(BlankNode, LDX_RML "BlankNode")                             \
  X(Literal, LDX_RML "Literal")                                 \
  X(class_, LDX_RML "class")                                    \
  X(datatype, LDX_RML "datatype")                               \
  X(datatypeMap, LDX_RML "datatypeMap")                         \
  X(language, LDX_RML "language")                               \
  X(languageMap, LDX_RML "languageMap")                         \
  X(parentTriplesMap, LDX_RML "parentTriplesMap")               \
  X(joinCondition, LDX_RML "joinCondition")                     \
  X(child, LDX_RML "child")                                     \
  X(parent, LDX_RML "parent")                                   \
  X(childMap, LDX_RML "childMap")                               \
  X(parentMap, LDX_RML "parentMap")                             \
  X(baseIRI, LDX_RML "baseIRI")                                 \
  X(logicalTarget, LDX_RML "logicalTarget")                     \
  X(target, LDX_RML "target")                                   \
  X(serialization, LDX_RML "serialization")                     \
  X(compression, LDX_RML "compression")                         \
  X(encoding, LDX_RML "encoding")                               \
  X(null_, LDX_RML "null")                                      \
  X(none, LDX_RML "none")                                       \
  X(gzip, LDX_RML "gzip")                                       \
  X(zip, LDX_RML "zip")                                         \
  X(targz, LDX_RML "targz")                                     \
  X(tarxz, LDX_RML "tarxz")                                     \
  X(UTF8, LDX_RML "UTF-8")                                      \
  X(UTF16, LDX_RML "UTF-16")                                    \
  X(CSV, LDX_RML "CSV")                                         \
  X(XPath, LDX_RML "XPath")                                     \
  X(XPathRF, LDX_RML "XPathReferenceFormulation")               \
  X(namespace_, LDX_RML "namespace")                            \
  X(namespacePrefix, LDX_RML "namespacePrefix")                 \
  X(namespaceURL, LDX_RML "namespaceURL")                       \
  X(SQL2008Table, LDX_RML "SQL2008Table")                       \
  X(SQL2008Query, LDX_RML "SQL2008Query")                       \
  X(query, LDX_RML "query")                                     \
  X(tableName, LDX_RML "tableName")                             \
  X(sqlQuery, LDX_RML "sqlQuery")                               \
  X(sqlVersion, LDX_RML "sqlVersion")                           \
  X(downloadURL, LDX_DCAT "downloadURL")                        \
  X(dataDump, LDX_VOID "dataDump")                              \
  X(csvw_url, LDX_CSVW "url")                                   \
  X(csvw_dialect, LDX_CSVW "dialect")                           \
  X(csvw_delimiter, LDX_CSVW "delimiter")                       \
  X(csvw_quoteChar, LDX_CSVW "quoteChar")                       \
  X(csvw_header, LDX_CSVW "header")                             \
  X(csvw_headerRowCount, LDX_CSVW "headerRowCount")             \
  X(csvw_skipRows, LDX_CSVW "skipRows")                         \
  X(csvw_trim, LDX_CSVW "trim")                                 \
  X(csvw_commentPrefix, LDX_CSVW "commentPrefix")               \
  X(csvw_null, LDX_CSVW "null")                                 \
  X(csvw_encoding, LDX_CSVW "encoding")                         \
  X(d2rq_jdbcDSN, LDX_D2RQ "jdbcDSN")                           \
  X(d2rq_jdbcDriver, LDX_D2RQ "jdbcDriver")                     \
  X(d2rq_username, LDX_D2RQ "username")                         \
  X(d2rq_password, LDX_D2RQ "password")                         \
  X(f_nquads, LDX_FORMATS "N-Quads")                            \
  X(f_ntriples, LDX_FORMATS "N-Triples")                        \
  X(f_turtle, LDX_FORMATS "Turtle")                             \
  X(f_n3, LDX_FORMATS "N3")                                     \
  X(f_trig, LDX_FORMATS "TriG")                                 \
  X(f_rdfxml, LDX_FORMATS "RDF_XML")                            \
  X(f_rdfjson, LDX_FORMATS "RDF_JSON")                          \
  X(f_jsonld, LDX_FORMATS "JSON-LD")                            \
  X(f_sparql_csv, LDX_FORMATS "SPARQL_Results_CSV")             \
  X(f_sparql_tsv, LDX_FORMATS "SPARQL_Results_TSV")             \
  X(f_sparql_json, LDX_FORMATS "SPARQL_Results_JSON")           \
  X(f_sparql_xml, LDX_FORMATS "SPARQL_Results_XML")

typedef struct {
#define FIELD(name, iri) LdxiNodeId name;
  VOCAB(FIELD)
#undef FIELD
} Vocab;

// Where a term map sits; decides allowed term types and defaults.
typedef enum {
  POS_SUBJECT,
  POS_PREDICATE,
  POS_OBJECT,
  POS_GRAPH,
  POS_DATATYPE,
  POS_LANGUAGE,
  POS_JOIN, // child or parent map of a join condition
} Position;

typedef struct {
  LdxiNodeId      node;
  LdxiTriplesMap* map;
} MapNode;

typedef struct {
  LdxiNodeId         node;
  LdxiLogicalSource* source;
} SourceNode;

typedef struct {
  LdxWorld*        world;
  const LdxiGraph* g;
  LdxiPlan*        plan;
  Vocab            v;
  LdxStatus        status; // first error
  MapNode*         maps;
  size_t           n_maps;
  SourceNode*      sources;
  size_t           n_sources;
  size_t           cap_sources;
  size_t           cap_plan_sources;
  LdxiNodeId*      target_nodes; // node of each plan->targets[i]
  size_t           cap_targets;
  size_t           n_blank_maps;
  LdxiBuf          name_buf; // cc_name() only
} Ctx;

// Position of a term map, for messages.
extern const char* const ldxi_position_names[];

// Logical sources and targets (compile_io.c).
LdxStatus
cc_compile_source(Ctx* ctx, LdxiNodeId ls, LdxiLogicalSource** out);

// An R2RML logical table (rr:tableName or rr:sqlQuery): a SQL source on
// the database given when the mapping runs.
LdxStatus
cc_compile_logical_table(Ctx* ctx, LdxiNodeId lt, LdxiLogicalSource** out);

// The logical targets named by rml:logicalTarget on `map`.
LdxStatus
cc_compile_targets(Ctx* ctx, LdxiNodeId map, LdxiTargetSet* out);

// Add the targets of `more` to `set` (the targets of a datatype or
// language map also receive the triples of their term map).
LdxStatus
cc_union_targets(Ctx* ctx, LdxiTargetSet* set, const LdxiTargetSet* more);

// Helpers (compile_util.c).  The cc_ prefix marks functions shared by the
// compiler's files only.
LdxStatus
cc_note(Ctx* ctx, LdxStatus st);
LDX_LOG_FUNC(4, 5)
LdxStatus
cc_error(Ctx* ctx, LdxStatus st, const LdxCaret* caret, const char* fmt, ...);
const LdxiNode*
cc_node(const Ctx* ctx, LdxiNodeId id);
const LdxCaret*
cc_caret(const Ctx* ctx, LdxiNodeId id);
// Copy a string into the plan.
const char*
cc_str(Ctx* ctx, const char* s, size_t len);
// Format a string into the plan.
LDX_LOG_FUNC(2, 3)
const char*
cc_format(Ctx* ctx, const char* fmt, ...);
// A readable name of a node: "<iri>", "rml:x", or "[ ] at FILE:LINE:COL".
const char*
cc_name(Ctx* ctx, LdxiNodeId id);
size_t
cc_find(const Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const LdxiTriple** first);
// Whether `s` has property `p` at all (no check of how many values).
bool
cc_has(const Ctx* ctx, LdxiNodeId s, LdxiNodeId p);
// The single value of property `p` of `s`: 0 if absent; an error (and the
// first value) if there are several.
LdxiNodeId
cc_one(Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const LdxCaret** caret);
bool
cc_has_type(const Ctx* ctx, LdxiNodeId s, LdxiNodeId type);
// Give the plan ownership of ref->compiled (freed even on failure).
LdxStatus
cc_add_ref(Ctx* ctx, LdxiRef* ref);
// Column of a byte offset inside a string literal starting at `caret`.
LdxCaret
cc_caret_in(const LdxCaret* caret, size_t offset);
LdxStatus
cc_compile_ref(Ctx*                     ctx,
               const LdxiLogicalSource* source,
               const char*              text,
               size_t                   len,
               const LdxCaret*          caret,
               size_t                   offset,
               const char*              what,
               LdxiRef*                 ref);

#endif // LDX_MAPPING_COMPILE_CTX_H
