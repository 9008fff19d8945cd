// SPDX-License-Identifier: MIT
// IRIs of the RML vocabularies, and the rewriting of the legacy ones.
//
// The engine knows one vocabulary, current RML (http://w3id.org/rml/).
// Mappings written with legacy RML (semweb.mmlab.be/ns/rml#), R2RML
// (www.w3.org/ns/r2rml#) and ql: are rewritten term by term when they are
// loaded, so a legacy mapping and its current equivalent compile the same.
#ifndef LDX_MAPPING_VOCAB_H
#define LDX_MAPPING_VOCAB_H

#include "core/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define LDX_RML "http://w3id.org/rml/"
#define LDX_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define LDX_XSD "http://www.w3.org/2001/XMLSchema#"
#define LDX_DCAT "http://www.w3.org/ns/dcat#"
#define LDX_VOID "http://rdfs.org/ns/void#"
#define LDX_CSVW "http://www.w3.org/ns/csvw#"
#define LDX_D2RQ "http://www.wiwiss.fu-berlin.de/suhl/bizer/D2RQ/0.1#"
#define LDX_FORMATS "http://www.w3.org/ns/formats/"

#define LDX_LEGACY_RML "http://semweb.mmlab.be/ns/rml#"
#define LDX_LEGACY_R2RML "http://www.w3.org/ns/r2rml#"
#define LDX_LEGACY_QL "http://semweb.mmlab.be/ns/ql#"
#define LDX_LEGACY_TARGET "http://semweb.mmlab.be/ns/rml-target#"
#define LDX_LEGACY_COMPRESSION "http://semweb.mmlab.be/ns/rml-compression#"

#define LDX_RDF_TYPE LDX_RDF "type"
#define LDX_XSD_STRING LDX_XSD "string"
#define LDX_XSD_INTEGER LDX_XSD "integer"
#define LDX_XSD_DOUBLE LDX_XSD "double"
#define LDX_XSD_BOOLEAN LDX_XSD "boolean"

// If `iri` belongs to a legacy vocabulary, append its current RML
// equivalent to `out` and return true; otherwise return false.
bool
ldxi_vocab_rewrite(const char* iri, size_t len, LdxiBuf* out);

// True if `iri` is (in) the namespace of a mapping vocabulary: RML, the
// legacy RML/R2RML/QL/target/compression ones, FnML or FnO.
bool
ldxi_vocab_is_mapping_namespace(const char* iri, size_t len);

#endif // LDX_MAPPING_VOCAB_H
