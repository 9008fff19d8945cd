// SPDX-License-Identifier: MIT
// The XML logical source (xml_source.c): what tests and the fuzz harness
// reach beyond LdxiSourceOps.
#ifndef LDX_SOURCE_XML_SOURCE_H
#define LDX_SOURCE_XML_SOURCE_H

#include "source/source.h"

#include <stdbool.h>

extern const LdxiSourceOps ldxi_xml_source;

// Whether simple iterators ("/a/b") stream (the default) or parse the
// whole document like any other iterator.  Both give the same records,
// values and descriptions.
void
ldxi_xml_source_set_streaming(LdxiSourceHandle* source, bool stream);

#endif // LDX_SOURCE_XML_SOURCE_H
