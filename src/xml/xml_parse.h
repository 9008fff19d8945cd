// SPDX-License-Identifier: MIT
// Reading XML data files safely with libxml2, whole or streamed.
//
// The file is read through src/io (decompression, UTF-16) and fed to a
// libxml2 push parser that builds a tree.  Parsing is safe for untrusted
// data: no network, no external entities or DTDs are loaded (external
// entity references stay empty), libxml2's entity-amplification checks
// apply (billion laughs fails), internal entity references may expand to
// at most 16 MiB or ten times the bytes read so far (quadratic blowup
// fails), and elements nest at most the world's max_depth (and libxml2's
// own limit of 256).
//
// Streamed, the caller sees each element when it starts and ends; after
// the end callback, an element below the root is freed with its preceding
// siblings unless the caller keeps it, so the tree holds only the open
// elements, their attributes, and what the caller keeps (the subtree of a
// record being read).  Both ways go through
// the same parser and report the same errors.
#ifndef LDX_XML_XML_PARSE_H
#define LDX_XML_XML_PARSE_H

#include "mapping/plan.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <libxml/tree.h>

#include <stdbool.h>
#include <stddef.h>

// An element has started (`depth` 1 for the root); its attributes are
// there, its children not yet.  A non-zero status stops the parse.
typedef LdxStatus (*LdxiXmlStartFunc)(void*      handle,
                                      xmlNodePtr element,
                                      size_t     depth);

// An element has ended: its subtree is complete.  Unless the function sets
// `*keep` (e.g. inside a record), the element and its preceding siblings
// are freed after the call (not the root).  A non-zero status stops the
// parse.
typedef LdxStatus (*LdxiXmlEndFunc)(void*      handle,
                                    xmlNodePtr element,
                                    size_t     depth,
                                    bool*      keep);

typedef struct {
  const char*      path;    // the file to read
  const char*      display; // its name for messages
  LdxiCompression  compression;
  LdxiEncoding     encoding;
  LdxiXmlStartFunc on_start; // both NULL: keep the whole document
  LdxiXmlEndFunc   on_end;
  void*            handle;
} LdxiXmlParseOptions;

// Parse a file.  Without callbacks, `*doc` is the document (free it with
// xmlFreeDoc()); streamed, `doc` may be NULL.  Errors are reported through
// the world with the file, line and column: LDX_BAD_SYNTAX (not
// well-formed, libxml2's message), LDX_BAD_LIMIT (nesting, entity
// expansion), LDX_BAD_READ, LDX_BAD_ALLOC; a status of a callback is
// returned as is (not reported).
LdxStatus
ldxi_xml_parse(LdxWorld*                  world,
               const LdxiXmlParseOptions* options,
               xmlDocPtr*                 doc);

// The line of a node in its file: elements by the end of their start tag,
// other nodes by their element's.  0 if unknown.
size_t
ldxi_xml_line(const xmlNode* node);

#endif // LDX_XML_XML_PARSE_H
