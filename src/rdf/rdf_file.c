// SPDX-License-Identifier: MIT
// RDF documents as files: parser names from extensions, file: IRIs.
#include "rdf/rdf_file.h"

#include "core/diag.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const char*
ldxi_rdf_syntax_of_name(const char* name, size_t len)
{
  static const struct {
    const char* ext;
    const char* syntax;
  } table[] = {
    { ".ttl", "turtle" },        { ".turtle", "turtle" },
    { ".n3", "turtle" },         { ".nt", "ntriples" },
    { ".ntriples", "ntriples" }, { ".nq", "nquads" },
    { ".nquads", "nquads" },     { ".trig", "trig" },
    { ".rdf", "rdfxml" },        { ".owl", "rdfxml" },
    { ".xml", "rdfxml" },        { ".rdfxml", "rdfxml" },
    { ".rj", "json" },
  };
  for (size_t i = 0; name && i < sizeof(table) / sizeof(table[0]); ++i) {
    const size_t n = strlen(table[i].ext);
    if (len > n && !strncasecmp(name + len - n, table[i].ext, n)) {
      return table[i].syntax;
    }
  }
  return NULL;
}

LdxStatus
ldxi_file_iri(LdxWorld* world, const char* path, LdxiBuf* out)
{
  LdxStatus st = ldxi_buf_puts(out, "file://");
  if (!st && path[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) {
      return ldxi_error(world,
                        LDX_BAD_READ,
                        NULL,
                        "cannot get the current directory: %s",
                        strerror(errno));
    }
    st = ldxi_buf_puts(out, cwd);
    if (!st) {
      st = ldxi_buf_putc(out, '/');
    }
  }
  for (const char* p = path; !st && *p; ++p) {
    const unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == 0x7F || strchr("%\"<>\\^`{|}#?", c)) {
      st = ldxi_buf_printf(out, "%%%02X", c);
    } else {
      st = ldxi_buf_putc(out, (char)c);
    }
  }
  return st;
}
