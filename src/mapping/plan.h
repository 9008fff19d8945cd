// SPDX-License-Identifier: MIT
// The compiled mapping: an immutable plan the engine runs.
//
// Everything here is allocated in the plan's arena and freed with it,
// except compiled expressions (owned by their source implementation and
// released through `ops->free_compiled` by ldxi_plan_free()).
#ifndef LDX_MAPPING_PLAN_H
#define LDX_MAPPING_PLAN_H

#include "core/arena.h"
#include "source/source.h"

#include "ldexport/diag.h"
#include "ldexport/term.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  LDXI_EXPR_NONE = 0, // blank node without expression: a new one per record
  LDXI_EXPR_CONSTANT,
  LDXI_EXPR_REFERENCE,
  LDXI_EXPR_TEMPLATE,
} LdxiExprKind;

// How values are encoded into IRIs generated from templates.
typedef enum {
  LDXI_IRI_SAFE = 0, // rml:IRI: IRI-safe encoding, IRI validation
  LDXI_URI_SAFE,     // rml:URI: URI-safe encoding, URI validation
  LDXI_IRI_UNSAFE,   // rml:UnsafeIRI: no encoding, no validation
} LdxiIriMode;

// A compiled reference expression.
typedef struct LdxiRef LdxiRef;
struct LdxiRef {
  const char*          text;
  size_t               len;
  const LdxiSourceOps* ops;
  void*                compiled; // owned, freed with ops->free_compiled
  LdxCaret             caret;    // position of the expression in the mapping
  const LdxiRef*       next;     // next one read from the same source group
};

typedef struct {
  const char* literal;
  size_t      literal_len;
  LdxiRef*    ref; // NULL for the last part
} LdxiTemplateSeg;

// Where a rule is, for diagnostics: "the subject map of <#TM1>".
typedef struct {
  LdxCaret    caret;
  const char* what;
} LdxiRule;

// The logical targets of a term map: indices into plan->targets.
typedef struct {
  const size_t* items;
  size_t        n;
} LdxiTargetSet;

typedef struct LdxiTermMap LdxiTermMap;

// A term map (also used for expression maps such as join child/parent maps,
// whose values are used as strings).
struct LdxiTermMap {
  LdxiExprKind     kind;
  LdxTermType      type;     // type of the generated terms
  LdxiIriMode      iri_mode; // for IRI terms
  LdxTerm          constant; // EXPR_CONSTANT
  LdxiRef          ref;      // EXPR_REFERENCE
  LdxiTemplateSeg* segs;     // EXPR_TEMPLATE
  size_t           n_segs;
  LdxiTermMap*     datatype_map; // literals: datatype map, or NULL
  LdxiTermMap*     language_map; // literals: language map, or NULL
  size_t           blank_id;     // EXPR_NONE: distinguishes the maps' labels
  LdxiTargetSet    targets;      // rml:logicalTarget
  LdxiRule         rule;
};

typedef enum {
  LDXI_ROOT_CWD = 0,     // rml:CurrentWorkingDirectory (the default)
  LDXI_ROOT_MAPPING_DIR, // rml:MappingDirectory
  LDXI_ROOT_DIR,         // an explicit directory given as rml:root "..."
  LDXI_ROOT_LEGACY,      // legacy rml:source "file": cwd, then mapping dir
} LdxiRootKind;

// A file named by a mapping, resolved when the plan runs.
typedef struct {
  LdxiRootKind root;
  const char*  root_dir;    // LDXI_ROOT_DIR
  const char*  mapping_dir; // directory of the mapping document
  const char*  path;        // as written in the mapping; NULL if no file
} LdxiFileRef;

typedef enum {
  LDXI_COMPRESSION_NONE = 0,
  LDXI_COMPRESSION_GZIP,
  LDXI_COMPRESSION_ZIP,
  LDXI_COMPRESSION_TARGZ,
  LDXI_COMPRESSION_TARXZ,
} LdxiCompression;

typedef enum {
  LDXI_ENCODING_UTF8 = 0,
  LDXI_ENCODING_UTF16, // with a BOM on output; BOM or LE default on input
} LdxiEncoding;

// CSV dialect (CSVW csvw:dialect, RFC 4180 defaults).
typedef struct {
  char        delimiter; // ','
  char        quote;     // '"'; 0 = no quoting
  bool        header;    // first row names the columns (true)
  size_t      skip_rows; // rows to skip before the header (0)
  bool        trim;      // trim spaces around unquoted fields (false)
  const char* comment;   // prefix of comment lines, or NULL
} LdxiCsvDialect;

typedef struct {
  const char* prefix;
  const char* url;
} LdxiXmlNamespace;

// A relational database (D2RQ description).
typedef struct {
  const char* dsn;      // d2rq:jdbcDSN, e.g. jdbc:postgresql://host/db
  const char* driver;   // d2rq:jdbcDriver, or NULL
  const char* username; // or NULL
  const char* password; // or NULL
} LdxiDatabase;

typedef struct LdxiLogicalSource {
  const LdxiSourceOps* ops;
  LdxiFormulation      formulation;
  LdxiFileRef          file;     // the data file (path NULL for databases)
  const char*          iterator; // text, or NULL; table name or query for SQL
                                 // and SPARQL formulations
  void*             iterator_compiled;
  LdxiCompression   compression;
  LdxiEncoding      encoding;
  const char**      nulls; // values read as NULL (rml:null, csvw:null)
  size_t            n_nulls;
  LdxiCsvDialect    csv;
  LdxiXmlNamespace* namespaces; // XPath prefixes
  size_t            n_namespaces;
  LdxiDatabase      db; // db.dsn NULL unless a database
  LdxiRule          rule;
  const char*       signature; // equal for effectively equal sources
  size_t            group;     // index of the first effectively equal source
  // First source of a group: the references evaluated on the group's
  // records (linked by `next`), which open() may check against the data
  // (CSV column names).
  const LdxiRef* refs;
} LdxiLogicalSource;

// A logical target: where some triples go instead of the default output.
typedef struct {
  const char*     name; // for messages
  LdxiRule        rule;
  LdxiFileRef     file;
  const void*     format; // const LdxFormat* (writer.h)
  LdxiCompression compression;
  LdxiEncoding    encoding;
} LdxiTarget;

typedef struct LdxiTriplesMap LdxiTriplesMap;

typedef struct {
  LdxiTermMap child;
  LdxiTermMap parent;
} LdxiJoin;

typedef struct {
  bool                  is_ref;
  LdxiTermMap           map;    // !is_ref
  const LdxiTriplesMap* parent; // is_ref: the parent triples map
  LdxiJoin*             joins;
  size_t                n_joins;
  bool                  same_source; // no joins, effectively equal sources
  size_t                join_slot;   // index of the engine's join index
  LdxiTargetSet         targets;     // is_ref: the map's rml:logicalTarget
  LdxiRule              rule;
} LdxiObjectMap;

typedef struct {
  LdxiTermMap*   predicates;
  size_t         n_predicates;
  LdxiObjectMap* objects;
  size_t         n_objects;
  LdxiTermMap*   graphs;
  size_t         n_graphs;
} LdxiPom;

struct LdxiTriplesMap {
  const char*              name; // "<iri>" or "_:label", for messages
  LdxiRule                 rule;
  const LdxiLogicalSource* source;
  LdxiTermMap              subject;
  LdxTerm*                 classes; // IRIs
  size_t                   n_classes;
  LdxiTermMap*             subject_graphs;
  size_t                   n_subject_graphs;
  LdxiPom*                 poms;
  size_t                   n_poms;
  const char*              base_iri; // rml:baseIRI, or NULL
};

// A namespace prefix the output may use.
typedef struct {
  LdxStr name;
  LdxStr iri;
} LdxiPlanPrefix;

typedef struct {
  LdxWorld*           world;
  LdxiArena           arena;
  LdxiPlanPrefix*     prefixes; // declared by the mapping, for the output
  size_t              n_prefixes;
  LdxiTriplesMap*     maps;
  size_t              n_maps;
  LdxiLogicalSource** sources; // one per triples map (shared when equal)
  size_t              n_sources;
  LdxiTarget*         targets; // logical targets, in order of first use
  size_t              n_targets;
  size_t              n_join_slots;
  LdxiRef**           refs; // every compiled reference, for freeing
  size_t              n_refs;
  size_t              cap_refs;
} LdxiPlan;

void
ldxi_plan_free(LdxiPlan* plan);

#endif // LDX_MAPPING_PLAN_H
