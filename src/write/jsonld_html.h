// SPDX-License-Identifier: MIT
// Putting JSON-LD into an HTML page, and finding it there.
//
// libxml2's HTML parser says which elements the page has (the head, the
// <script type="application/ld+json"> elements and where they are), but
// its serializer would rewrite the whole page.  So a byte scanner that
// follows the HTML tokenizer (comments, raw text of script and style,
// RCDATA of title and textarea, quoted attributes) finds the same tags
// with their byte offsets; the two must agree tag for tag (same script
// elements, same lines) or the page is left alone.  Then bytes are
// spliced: every byte outside the replaced block is kept as it was.
#ifndef LDX_WRITE_JSONLD_HTML_H
#define LDX_WRITE_JSONLD_HTML_H

#include "core/buf.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <jansson.h>

#include <stddef.h>

// Write to `out` the page `page` (`len` bytes) with `jsonld` as its
// JSON-LD block: the content of the first <script
// type="application/ld+json"> of the head is replaced, or a new element is
// inserted at the end of the head.  The JSON is indented by 2 and written
// with <, > and & as \u003c, \u003e, \u0026 (and only ASCII if the page is
// not UTF-8).  Problems are reported with `file`.
// Errors: LDX_BAD_SYNTAX (no head, or the parser and the scanner
// disagree), LDX_BAD_ALLOC, LDX_BAD_LIMIT.
LdxStatus
ldxi_html_embed(LdxWorld*     world,
                const char*   page,
                size_t        len,
                const char*   file,
                const json_t* jsonld,
                LdxiBuf*      out);

// Called for each JSON-LD block of a page: its content and the line of
// its start tag.  A non-zero status stops the scan.
typedef LdxStatus (*LdxiHtmlBlockFunc)(void*       handle,
                                       const char* text,
                                       size_t      len,
                                       unsigned    line);

// Find every <script type="application/ld+json"> of the page (head and
// body, in document order).  Errors as ldxi_html_embed(), or the status of
// `func`.
LdxStatus
ldxi_html_jsonld_blocks(LdxWorld*         world,
                        const char*       page,
                        size_t            len,
                        const char*       file,
                        LdxiHtmlBlockFunc func,
                        void*             handle);

#endif // LDX_WRITE_JSONLD_HTML_H
