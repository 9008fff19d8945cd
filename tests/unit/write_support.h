// SPDX-License-Identifier: MIT
// Helpers for the tests of sinks and writers: a failing allocator, an
// in-memory output stream that can fail at a byte offset, a diagnostics
// recorder, a random generator, and re-parsing output with raptor into a
// sorted list of canonical statement strings.
#ifndef LDX_TESTS_WRITE_SUPPORT_H
#define LDX_TESTS_WRITE_SUPPORT_H

#undef NDEBUG

#include "ldexport.h"

#include <raptor2.h>

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// raptor 2.0.15's N-Triples/N-Quads parser leaks one reference to each
// datatype IRI it reads (a raptor bug); the tests re-parse our output with
// it.  LeakSanitizer asks the program for these suppressions (the hooks
// are plain unused functions without a sanitizer).
#ifdef __GNUC__
__attribute__((visibility("default")))
#endif
const char*
__lsan_default_suppressions(void);

#ifdef __GNUC__
__attribute__((visibility("default")))
#endif
const char*
__lsan_default_suppressions(void)
{
  return "leak:raptor_ntriples_parse_term\n";
}

// Raptor is built without frame pointers: unwind slowly so that the
// suppression above sees raptor's frames.
#ifdef __GNUC__
__attribute__((visibility("default")))
#endif
const char*
__asan_default_options(void);

#ifdef __GNUC__
__attribute__((visibility("default")))
#endif
const char*
__asan_default_options(void)
{
  return "fast_unwind_on_malloc=0";
}

// --- Failing allocator -----------------------------------------------------

typedef struct {
  size_t n_allocs; // allocations attempted so far
  size_t fail_at;  // fail the allocation with this index; SIZE_MAX = never
  size_t n_live;   // blocks not freed yet
} FailAlloc;

static inline void*
fa_malloc(void* handle, size_t size)
{
  FailAlloc* fa = (FailAlloc*)handle;
  if (fa->n_allocs++ == fa->fail_at) {
    return NULL;
  }
  void* p = malloc(size);
  fa->n_live += p != NULL;
  return p;
}

static inline void*
fa_calloc(void* handle, size_t nmemb, size_t size)
{
  FailAlloc* fa = (FailAlloc*)handle;
  if (fa->n_allocs++ == fa->fail_at) {
    return NULL;
  }
  void* p = calloc(nmemb, size);
  fa->n_live += p != NULL;
  return p;
}

static inline void*
fa_realloc(void* handle, void* ptr, size_t size)
{
  FailAlloc* fa = (FailAlloc*)handle;
  if (fa->n_allocs++ == fa->fail_at) {
    return NULL;
  }
  void* p = realloc(ptr, size);
  fa->n_live += p && !ptr;
  return p;
}

static inline void
fa_free(void* handle, void* ptr)
{
  FailAlloc* fa = (FailAlloc*)handle;
  fa->n_live -= ptr != NULL;
  free(ptr);
}

static inline LdxAllocator
fa_allocator(FailAlloc* fa)
{
  LdxAllocator a = { fa_malloc, fa_calloc, fa_realloc, fa_free, fa };
  return a;
}

// --- Diagnostics ----------------------------------------------------------

typedef struct {
  int  errors;
  int  warnings;
  char last_error[1024];
  char last_warning[1024];
} Diags;

static inline void
record_diag(void* handle, const LdxDiag* diag)
{
  Diags* d = (Diags*)handle;
  if (diag->level == LDX_LEVEL_ERROR) {
    ++d->errors;
    snprintf(d->last_error, sizeof(d->last_error), "%s", diag->message);
  } else {
    ++d->warnings;
    snprintf(d->last_warning, sizeof(d->last_warning), "%s", diag->message);
  }
}

// A world whose diagnostics go to `diags` (reset here).
static inline LdxWorld*
quiet_world(Diags* diags)
{
  memset(diags, 0, sizeof(*diags));
  LdxWorld* world = ldx_world_new(NULL);
  assert(world);
  ldx_world_set_diag_func(world, record_diag, diags);
  return world;
}

// --- Memory output stream ---------------------------------------------------

typedef struct {
  char*  data;
  size_t len;
  size_t cap;
  size_t fail_at;  // bytes accepted before failing; SIZE_MAX = never
  int    n_writes; // calls to write
  int    n_flushes;
  bool   fail_flush;
} MemOut;

static inline LdxStatus
mem_write(void* stream, const void* buf, size_t len)
{
  MemOut* m = (MemOut*)stream;
  ++m->n_writes;
  size_t n = len;
  if (m->fail_at != SIZE_MAX && m->len + len > m->fail_at) {
    n = m->fail_at > m->len ? m->fail_at - m->len : 0; // a short write
  }
  if (m->len + n + 1 > m->cap) {
    m->cap  = (m->len + n + 1) * 2;
    m->data = (char*)realloc(m->data, m->cap);
    assert(m->data);
  }
  if (n) {
    memcpy(m->data + m->len, buf, n);
  }
  m->len += n;
  m->data[m->len] = '\0';
  return n == len ? LDX_SUCCESS : LDX_BAD_WRITE;
}

static inline LdxStatus
mem_flush(void* stream)
{
  MemOut* m = (MemOut*)stream;
  ++m->n_flushes;
  return m->fail_flush ? LDX_BAD_WRITE : LDX_SUCCESS;
}

static inline void
mem_init(MemOut* m)
{
  memset(m, 0, sizeof(*m));
  m->fail_at = SIZE_MAX;
}

static inline LdxOutputStream
mem_stream(MemOut* m)
{
  LdxOutputStream out = { m, mem_write, mem_flush };
  return out;
}

static inline const char*
mem_text(const MemOut* m)
{
  return m->data ? m->data : "";
}

// --- Random numbers (xorshift64*, reproducible) ---------------------------

static inline uint64_t
rnd_next(uint64_t* state)
{
  uint64_t x = *state;
  x ^= x >> 12u;
  x ^= x << 25u;
  x ^= x >> 27u;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static inline size_t
rnd_below(uint64_t* state, size_t n)
{
  return (size_t)(rnd_next(state) % n);
}

// --- Terms owned by a test
// ----------------------------------------------------

typedef struct {
  LdxTerm term;
  char    value[64];
  char    datatype[64];
  char    language[16];
} OwnedTerm;

static inline void
owned_set(OwnedTerm*  t,
          LdxTermType type,
          const char* value,
          size_t      len,
          const char* datatype,
          const char* language)
{
  memset(t, 0, sizeof(*t));
  assert(len < sizeof(t->value));
  memcpy(t->value, value, len);
  t->term.type  = type;
  t->term.value = (LdxStr){ t->value, len };
  if (datatype) {
    snprintf(t->datatype, sizeof(t->datatype), "%s", datatype);
    t->term.datatype = ldx_str(t->datatype);
  }
  if (language) {
    snprintf(t->language, sizeof(t->language), "%s", language);
    t->term.language = ldx_str(t->language);
  }
}

// --- Canonical statement strings ------------------------------------------

// A growable list of strings.
typedef struct {
  char** items;
  size_t n;
  size_t cap;
} StrList;

static inline void
list_add(StrList* list, char* item)
{
  if (list->n == list->cap) {
    list->cap   = list->cap ? list->cap * 2 : 64;
    list->items = (char**)realloc(list->items, list->cap * sizeof(char*));
    assert(list->items);
  }
  list->items[list->n++] = item;
}

static inline int
cmp_str(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static inline void
list_sort(StrList* list)
{
  if (list->n) {
    qsort(list->items, list->n, sizeof(char*), cmp_str);
  }
}

static inline void
list_free(StrList* list)
{
  for (size_t i = 0; i < list->n; ++i) {
    free(list->items[i]);
  }
  free(list->items);
  memset(list, 0, sizeof(*list));
}

// Append `len` bytes of `s` to the heap string `*out` (hex-escaping bytes
// that would make comparisons ambiguous).
static inline void
canon_append(char** out, size_t* len, const char* s, size_t n)
{
  *out = (char*)realloc(*out, *len + n * 4 + 1);
  assert(*out);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '|' || c == '%') {
      *len += (size_t)snprintf(*out + *len, 5, "%%%02X", c);
    } else {
      (*out)[(*len)++] = (char)c;
    }
  }
  (*out)[*len] = '\0';
}

// Append a separator as is.
static inline void
canon_raw(char** out, size_t* len, const char* s)
{
  const size_t n = strlen(s);
  *out           = (char*)realloc(*out, *len + n + 1);
  assert(*out);
  memcpy(*out + *len, s, n + 1);
  *len += n;
}

// Canonical text of one term: kind, value, datatype, language.  Blank node
// labels become "_" when `anon_blanks` (syntaxes that may rename them).
static inline void
canon_term(char**      out,
           size_t*     len,
           char        kind,
           const char* value,
           size_t      value_len,
           const char* datatype,
           size_t      datatype_len,
           const char* language,
           size_t      language_len,
           bool        anon_blanks)
{
  const char head[3] = { kind, ':', '\0' };
  canon_append(out, len, head, 2);
  if (kind == 'B' && anon_blanks) {
    canon_append(out, len, "_", 1);
  } else {
    canon_append(out, len, value, value_len);
  }
  if (kind == 'L') {
    static const char xsd_string[] = "http://www.w3.org/2001/XMLSchema#string";
    if (datatype_len == sizeof(xsd_string) - 1 &&
        !memcmp(datatype, xsd_string, datatype_len)) {
      datatype_len = 0;
    }
    canon_append(out, len, "^", 1);
    if (!language_len) {
      canon_append(out, len, datatype, datatype_len);
    }
    canon_append(out, len, "@", 1);
    for (size_t i = 0; i < language_len; ++i) { // tags compare caseless
      const char c = language[i];
      const char l = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
      canon_append(out, len, &l, 1);
    }
  }
  canon_raw(out, len, " | ");
}

static inline void
canon_raptor_term(char** out, size_t* len, raptor_term* t, bool anon)
{
  if (!t) {
    canon_raw(out, len, "DEFAULT | ");
    return;
  }
  size_t n = 0;
  switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: {
      const char* s =
        (const char*)raptor_uri_as_counted_string(t->value.uri, &n);
      canon_term(out, len, 'I', s, n, NULL, 0, NULL, 0, anon);
      break;
    }
    case RAPTOR_TERM_TYPE_BLANK:
      canon_term(out,
                 len,
                 'B',
                 (const char*)t->value.blank.string,
                 t->value.blank.string_len,
                 NULL,
                 0,
                 NULL,
                 0,
                 anon);
      break;
    case RAPTOR_TERM_TYPE_LITERAL: {
      size_t      dn = 0;
      const char* dt = t->value.literal.datatype
                         ? (const char*)raptor_uri_as_counted_string(
                             t->value.literal.datatype, &dn)
                         : "";
      const char* lang =
        t->value.literal.language ? (const char*)t->value.literal.language : "";
      canon_term(out,
                 len,
                 'L',
                 (const char*)t->value.literal.string,
                 t->value.literal.string_len,
                 dt,
                 dn,
                 lang,
                 t->value.literal.language_len,
                 anon);
      break;
    }
    default:
      assert(!"unknown raptor term type");
  }
}

typedef struct {
  StrList* list;
  bool     anon;
  bool     keep_graph;
  int      errors;
} ParseState;

static inline void
on_parsed(void* data, raptor_statement* st)
{
  ParseState* ps  = (ParseState*)data;
  char*       out = NULL;
  size_t      len = 0;
  canon_raptor_term(&out, &len, st->subject, ps->anon);
  canon_raptor_term(&out, &len, st->predicate, ps->anon);
  canon_raptor_term(&out, &len, st->object, ps->anon);
  canon_raptor_term(&out, &len, ps->keep_graph ? st->graph : NULL, ps->anon);
  list_add(ps->list, out);
}

static inline void
on_parse_log(void* data, raptor_log_message* message)
{
  ParseState* ps = (ParseState*)data;
  if (message->level >= RAPTOR_LOG_LEVEL_ERROR) {
    fprintf(stderr, "raptor parse error: %s\n", message->text);
    ++ps->errors;
  }
}

// Parse `text` with raptor's `syntax` parser into sorted canonical strings.
// Returns the number of parse errors.
static inline int
parse_with_raptor(const char* syntax,
                  const char* text,
                  size_t      len,
                  const char* base,
                  bool        anon_blanks,
                  StrList*    out)
{
  raptor_world* rw = raptor_new_world();
  assert(rw && !raptor_world_open(rw));
  ParseState ps = { out, anon_blanks, true, 0 };
  raptor_world_set_log_handler(rw, &ps, on_parse_log);
  raptor_parser* parser = raptor_new_parser(rw, syntax);
  assert(parser);
  raptor_parser_set_statement_handler(parser, &ps, on_parsed);
  raptor_uri* base_uri = raptor_new_uri(
    rw, (const unsigned char*)(base ? base : "http://base.invalid/"));
  assert(!raptor_parser_parse_start(parser, base_uri));
  raptor_parser_parse_chunk(parser, (const unsigned char*)text, len, 0);
  raptor_parser_parse_chunk(parser, NULL, 0, 1);
  raptor_free_uri(base_uri);
  raptor_free_parser(parser);
  raptor_free_world(rw);
  list_sort(out);
  return ps.errors;
}

// Canonical string of one of our quads, as a parser would give it back
// (blank labels encoded with the writers' scheme by `encode_blank`).
static inline char*
canon_quad(const LdxQuad* q,
           bool           keep_graph,
           bool           anon,
           void (*encode_blank)(const LdxStr* label, char* out, size_t size))
{
  char*          out  = NULL;
  size_t         len  = 0;
  const LdxTerm* t[4] = {
    q->subject, q->predicate, q->object, keep_graph ? q->graph : NULL
  };
  for (int i = 0; i < 4; ++i) {
    if (!t[i]) {
      canon_raw(&out, &len, "DEFAULT | ");
      continue;
    }
    switch (t[i]->type) {
      case LDX_TERM_IRI:
        canon_term(&out,
                   &len,
                   'I',
                   t[i]->value.buf,
                   t[i]->value.len,
                   NULL,
                   0,
                   NULL,
                   0,
                   anon);
        break;
      case LDX_TERM_BLANK: {
        char label[512];
        encode_blank(&t[i]->value, label, sizeof(label));
        canon_term(
          &out, &len, 'B', label, strlen(label), NULL, 0, NULL, 0, anon);
        break;
      }
      case LDX_TERM_LITERAL:
        canon_term(&out,
                   &len,
                   'L',
                   t[i]->value.buf,
                   t[i]->value.len,
                   t[i]->datatype.buf,
                   t[i]->datatype.len,
                   t[i]->language.buf,
                   t[i]->language.len,
                   anon);
        break;
    }
  }
  return out;
}

// Compare two sorted lists; print the first difference.
static inline bool
lists_equal(const StrList* a, const StrList* b)
{
  for (size_t i = 0; i < a->n || i < b->n; ++i) {
    if (i >= a->n || i >= b->n || strcmp(a->items[i], b->items[i])) {
      fprintf(stderr,
              "lists differ at %zu:\n  %s\n  %s\n",
              i,
              i < a->n ? a->items[i] : "(none)",
              i < b->n ? b->items[i] : "(none)");
      return false;
    }
  }
  return true;
}

#endif // LDX_TESTS_WRITE_SUPPORT_H
