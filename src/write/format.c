// SPDX-License-Identifier: MIT
// The table of output formats.
//
// N-Quads, N-Triples and Turtle use our own streaming writers (see
// turtle_writer.c for why not raptor's); RDF/XML and RDF/JSON go through
// raptor 2.0.15's serializers.  Left out on purpose: raptor's dot (leaks
// memory and does not escape backslashes), rss-1.0 and atom (they only suit
// feed-shaped graphs), html (a table for viewing), json-triples (not a
// standard syntax), rdfxml-xmp (XMP packets).
#include "write/format.h"

#include "ldexport/writer.h"

#include <stddef.h>
#include <string.h>

static const LdxFormat formats[] = {
  { "nquads", "application/n-quads", "nq", 1 },
  { "ntriples", "application/n-triples", "nt", 0 },
  { "turtle", "text/turtle", "ttl", 0 },
  { "rdfxml", "application/rdf+xml", "rdf owl", 0 },
  { "rdfxml-abbrev", "application/rdf+xml", "", 0 },
  { "rdfjson", "application/rdf+json", "rj", 0 },
  { "jsonld", "application/ld+json", "jsonld", 1 },
  { "ics", "text/calendar", "ics ical", 0 },
  { NULL, NULL, NULL, 0 },
};

#define N_FORMATS (sizeof(formats) / sizeof(formats[0]) - 1)

// Parallel to `formats`.
static const struct {
  LdxiFormatImpl impl;
  const char*    aliases; // more names ldx_format_by_name() accepts
} impls[] = {
  { { &ldxi_nquads_writer_class, NULL, false, false },
    "n-quads nq text/x-nquads" },
  { { &ldxi_nquads_writer_class, NULL, false, false }, "n-triples nt" },
  { { &ldxi_turtle_writer_class, NULL, true, false },
    "ttl application/x-turtle" },
  { { &ldxi_raptor_writer_class, "rdfxml", true, true },
    "rdf/xml xml rdf owl" },
  { { &ldxi_raptor_writer_class, "rdfxml-abbrev", true, true }, NULL },
  // RDF/JSON has no base IRI, so IRIs must stay absolute.
  { { &ldxi_raptor_writer_class, "json", false, false }, "rdf/json json rj" },
  // JSON-LD shaped for schema.org (jsonld_writer.c); IRIs stay absolute.
  { { &ldxi_jsonld_writer_class, NULL, false, false }, "json-ld" },
  // iCalendar feeds of the schema.org events (ics_writer.c).
  { { &ldxi_ics_writer_class, NULL, false, false }, "ical icalendar" },
};

_Static_assert(sizeof(impls) / sizeof(impls[0]) == N_FORMATS,
               "every format has an implementation");

static char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

// Case-insensitive comparison of `len` bytes at `s` with the string `word`.
static bool
equal_nocase(const char* s, size_t len, const char* word)
{
  size_t i = 0;
  for (; i < len && word[i]; ++i) {
    if (lower(s[i]) != lower(word[i])) {
      return false;
    }
  }
  return i == len && !word[i];
}

// True if `s` (len bytes) is one of the space-separated words of `list`.
static bool
in_list(const char* s, size_t len, const char* list)
{
  while (list && *list) {
    const char* end = strchr(list, ' ');
    size_t      n   = end ? (size_t)(end - list) : strlen(list);
    if (n == len) {
      size_t i = 0;
      while (i < n && lower(s[i]) == lower(list[i])) {
        ++i;
      }
      if (i == n) {
        return true;
      }
    }
    list = end ? end + 1 : NULL;
  }
  return false;
}

const LdxFormat*
ldx_formats(void)
{
  return formats;
}

const LdxFormat*
ldx_format_by_name(const char* name)
{
  if (!name) {
    return NULL;
  }
  // A media type may carry parameters: "text/turtle; charset=utf-8".
  size_t len = strcspn(name, ";");
  while (len && (name[len - 1] == ' ' || name[len - 1] == '\t')) {
    --len;
  }
  if (!len) {
    return NULL;
  }
  for (size_t i = 0; i < N_FORMATS; ++i) {
    if (equal_nocase(name, len, formats[i].name) ||
        equal_nocase(name, len, formats[i].media_type)) {
      return &formats[i];
    }
  }
  for (size_t i = 0; i < N_FORMATS; ++i) {
    if (in_list(name, len, impls[i].aliases)) {
      return &formats[i];
    }
  }
  return NULL;
}

const LdxFormat*
ldx_format_by_filename(const char* filename)
{
  if (!filename) {
    return NULL;
  }
  const char* base = strrchr(filename, '/');
  base             = base ? base + 1 : filename;
  const char* dot  = strrchr(base, '.');
  if (!dot || !dot[1]) {
    return NULL;
  }
  const char* ext = dot + 1;
  for (size_t i = 0; i < N_FORMATS; ++i) {
    if (in_list(ext, strlen(ext), formats[i].extensions)) {
      return &formats[i];
    }
  }
  return NULL;
}

const LdxFormat*
ldxi_format_resolve(const LdxFormat* format, const LdxiFormatImpl** impl)
{
  if (!format) {
    return NULL;
  }
  // Equality, not ordering: comparing unrelated pointers with < is undefined.
  size_t i = 0;
  while (i < N_FORMATS && format != &formats[i]) {
    ++i;
  }
  if (i == N_FORMATS && format->name) {
    i = 0;
    while (i < N_FORMATS && strcmp(format->name, formats[i].name)) {
      ++i;
    }
  }
  if (i == N_FORMATS) {
    return NULL;
  }
  *impl = &impls[i].impl;
  return &formats[i];
}
