// SPDX-License-Identifier: MIT
// Writers for the syntaxes raptor serializes (RDF/XML, RDF/JSON): our terms
// become raptor terms, raptor writes into an iostream whose
// handler buffers and writes to our LdxOutputStream.
//
// What raptor would get wrong is checked first, so that a quad is either
// written whole or rejected with a diagnostic (LDX_BAD_DATA):
//   - bytes that are not UTF-8 are repaired as by the N-Quads writer;
//   - raptor copies terms as C strings, so a NUL character cannot be written;
//   - XML 1.0 cannot carry most ASCII controls, nor U+FFFE and U+FFFF;
//   - RDF/XML must split each predicate IRI into namespace and local name.
// Blank node labels are encoded as described in write/escape.h.
//
// Raptor reports problems through the world's log handler, which is ours
// for the duration of each raptor call.  Raptor ignores write errors of the
// iostream, so the handler keeps the first one and the writer checks it
// after each call.  Abbreviated RDF/XML and RDF/JSON keep the whole graph in
// memory until finish (raptor groups statements by subject).
#include "write/escape.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/try.h"
#include "core/world.h"

#include <raptor2.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_BUFFER_SIZE ((size_t)64 * 1024)

// Scratch buffers, one per string of a quad that may need a copy.
enum { S_SUBJECT, S_PREDICATE, S_OBJECT, S_GRAPH, S_DATATYPE, N_SCRATCH };

typedef struct {
  LdxWorld*          world;
  const char*        name; // format name, for messages
  raptor_world*      rw;
  raptor_serializer* serializer;
  raptor_iostream*   iostream;
  raptor_uri*        base;
  LdxOutputStream    out;
  bool               xml;
  bool               json; // rewrite raptor's \U escapes
  int                json_state;
  int                json_count; // hex digits collected
  char               json_digits[8];
  unsigned long      json_hex;
  bool               started;
  char*              buf;
  size_t             len;
  size_t             cap;
  LdxStatus          io_status; // first failed write through the iostream
  LdxiBuf            scratch[N_SCRATCH];
  size_t             replaced; // bytes of invalid UTF-8 replaced
  size_t             n_errors; // raptor errors during the current call
  char               error[256];
} RaptorWriter;

// --- Output: the iostream handler ---------------------------------------

static LdxStatus
drain(RaptorWriter* w)
{
  const size_t len = w->len;
  w->len           = 0;
  return ldxi_output_write(w->world, &w->out, w->buf, len);
}

static int
io_put_raw(RaptorWriter* w, const char* p, size_t n)
{
  if (w->io_status) {
    return -1;
  }
  if (n > w->cap - w->len) {
    if ((w->io_status = drain(w))) {
      return -1;
    }
    if (n >= w->cap) {
      w->io_status = ldxi_output_write(w->world, &w->out, p, n);
      return w->io_status ? -1 : 0;
    }
  }
  memcpy(w->buf + w->len, p, n);
  w->len += n;
  return 0;
}

// Raptor's JSON writer escapes characters past U+FFFF as \UXXXXXXXX,
// which JSON does not have: rewrite them as UTF-16 surrogate pairs.  In its
// output a backslash of the data is always doubled, so a "\U" can only be
// such an escape.
static int
json_fix_put(RaptorWriter* w, const char* p, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (w->json_state == 0) {
      size_t run = i;
      while (run < n && p[run] != '\\') {
        ++run;
      }
      if (io_put_raw(w, p + i, run - i)) {
        return -1;
      }
      i             = run;
      w->json_state = i < n ? 1 : 0; // hold the backslash
      continue;
    }
    if (w->json_state == 1) {
      if (c == 'U') {
        w->json_state = 2;
        w->json_hex   = 0;
        w->json_count = 0;
        continue;
      }
      const char pair[2] = { '\\', c };
      w->json_state      = 0;
      if (io_put_raw(w, pair, 2)) {
        return -1;
      }
      continue;
    }
    // Collecting the 8 hex digits of \U.
    const bool hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
                     (c >= 'a' && c <= 'f');
    if (!hex) { // not raptor's escape after all: pass it on as it was
      w->json_state = 0;
      if (io_put_raw(w, "\\U", 2) ||
          io_put_raw(w, w->json_digits, (size_t)w->json_count)) {
        return -1;
      }
      --i; // `c` again, as plain output
      continue;
    }
    const int digit               = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    w->json_digits[w->json_count] = c;
    w->json_hex                   = w->json_hex * 16u + (unsigned long)digit;
    if (++w->json_count < 8) {
      continue;
    }
    char                esc[13];
    const unsigned long cp = w->json_hex;
    if (cp >= 0x10000ul && cp <= 0x10FFFFul) {
      snprintf(esc,
               sizeof(esc),
               "\\u%04lX\\u%04lX",
               0xD800ul + ((cp - 0x10000ul) >> 10u),
               0xDC00ul + ((cp - 0x10000ul) & 0x3FFul));
    } else {
      snprintf(esc, sizeof(esc), "\\u%04lX", cp & 0xFFFFul);
    }
    w->json_state = 0;
    if (io_put_raw(w, esc, strlen(esc))) {
      return -1;
    }
  }
  return 0;
}

static int
io_put(RaptorWriter* w, const char* p, size_t n)
{
  return w->json ? json_fix_put(w, p, n) : io_put_raw(w, p, n);
}

static int
io_write_byte(void* context, const int byte)
{
  const char c = (char)byte;
  return io_put((RaptorWriter*)context, &c, 1) ? 1 : 0;
}

static int
io_write_bytes(void* context, const void* ptr, size_t size, size_t nmemb)
{
  if (size && nmemb > SIZE_MAX / size) {
    return 0;
  }
  if (io_put((RaptorWriter*)context, (const char*)ptr, size * nmemb)) {
    return 0;
  }
  return nmemb > INT_MAX ? INT_MAX : (int)nmemb;
}

static const raptor_iostream_handler io_handler = {
  2, NULL, NULL, io_write_byte, io_write_bytes, NULL, NULL, NULL
};

// --- Raptor calls ----------------------------------------------------------

static void
on_log(void* data, raptor_log_message* message)
{
  RaptorWriter* const w    = (RaptorWriter*)data;
  const char* const   text = message->text ? message->text : "unknown error";
  if (message->level >= RAPTOR_LOG_LEVEL_ERROR) {
    if (!w->n_errors++) {
      snprintf(w->error, sizeof(w->error), "%s", text);
    }
  } else if (message->level == RAPTOR_LOG_LEVEL_WARN) {
    ldxi_warning(w->world, NULL, "%s output: %s", w->name, text);
  }
}

static void
begin_call(RaptorWriter* w)
{
  w->n_errors = 0;
  raptor_world_set_log_handler(w->rw, w, on_log);
}

// The status of a raptor call that returned `rc`: a write error first, then
// what raptor said, then its return code.
static LdxStatus
end_call(RaptorWriter* w, int rc, const char* what)
{
  raptor_world_set_log_handler(w->rw, NULL, NULL);
  if (w->io_status) {
    return w->io_status;
  }
  if (w->n_errors) {
    return ldxi_error(
      w->world, LDX_BAD_DATA, NULL, "%s output: %s", w->name, w->error);
  }
  if (rc) {
    return ldxi_error(
      w->world, LDX_BAD_DATA, NULL, "%s output: cannot %s", w->name, what);
  }
  return LDX_SUCCESS;
}

static LdxStatus
start(RaptorWriter* w)
{
  w->started = true;
  begin_call(w);
  const int rc =
    raptor_serializer_start_to_iostream(w->serializer, w->base, w->iostream);
  return end_call(w, rc, "start the document");
}

// --- Checks and term conversion -------------------------------------------

static LdxStatus
reject(RaptorWriter* w, const char* what, const char* why, LdxStr str)
{
  const int n = str.len > 80 ? 80 : (int)str.len;
  return ldxi_error(w->world,
                    LDX_BAD_DATA,
                    NULL,
                    "%s output: cannot write %s \"%.*s%s\": %s",
                    w->name,
                    what,
                    n,
                    str.buf,
                    str.len > 80 ? "..." : "",
                    why);
}

// The first character XML 1.0 cannot carry (raptor also refuses DEL), or 0.
static unsigned long
xml_bad_char(LdxStr s)
{
  const unsigned char* p = (const unsigned char*)s.buf;
  for (size_t i = 0; i < s.len; ++i) {
    const unsigned char c = p[i];
    if ((c < 0x20u && c != '\t' && c != '\n' && c != '\r') || c == 0x7Fu) {
      return c ? c : 0x110000ul; // NUL is caught earlier; never 0 here
    }
    if (c == 0xEFu && i + 2 < s.len && p[i + 1] == 0xBFu &&
        (p[i + 2] == 0xBEu || p[i + 2] == 0xBFu)) {
      return 0xFFFEul + (p[i + 2] - 0xBEu);
    }
  }
  return 0;
}

// Valid UTF-8 text of `str` without NUL, acceptable to the syntax.
static LdxStatus
text_of(RaptorWriter* w,
        LdxStr        str,
        bool          iri,
        int           slot,
        const char*   what,
        LdxStr*       out)
{
  *out = str;
  if (!ldxi_utf8_is_valid(str.buf, str.len)) {
    LdxiBuf* const buf = &w->scratch[slot];
    ldxi_buf_clear(buf);
    const LdxStatus st =
      ldxi_utf8_append_repaired(buf, str.buf, str.len, iri, &w->replaced);
    if (st) {
      return st;
    }
    out->buf = ldxi_buf_cstr(buf);
    out->len = buf->len;
  }
  if (memchr(out->buf, '\0', out->len)) {
    return reject(w, what, "contains a NUL character", *out);
  }
  if (w->xml) {
    const unsigned long c = xml_bad_char(*out);
    if (c) {
      char why[64];
      snprintf(why, sizeof(why), "XML cannot contain the character U+%04lX", c);
      return reject(w, what, why, *out);
    }
  }
  return LDX_SUCCESS;
}

static bool
xml_name_start(unsigned char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         c >= 0x80u;
}

static bool
xml_name_char(unsigned char c)
{
  return xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// RDF/XML writes a predicate as an element, so its IRI must end with an XML
// name that is not the whole IRI (the same split raptor makes; non-ASCII
// characters are taken as name characters, raptor has the last word).
static bool
xml_predicate_ok(LdxStr iri)
{
  const unsigned char* p     = (const unsigned char*)iri.buf;
  size_t               start = iri.len;
  while (start && xml_name_char(p[start - 1])) {
    --start;
  }
  while (start < iri.len && !xml_name_start(p[start])) {
    ++start;
  }
  return start > 0 && start < iri.len;
}

static raptor_term*
iri_term(RaptorWriter* w, LdxStr iri)
{
  return raptor_new_term_from_counted_uri_string(
    w->rw, (const unsigned char*)iri.buf, iri.len);
}

// A raptor term for `term`, or NULL with `*st` set.
static raptor_term*
make_term(RaptorWriter* w, const LdxTerm* term, int slot, LdxStatus* st)
{
  LdxStr text;
  switch (term->type) {
    case LDX_TERM_IRI:
      if ((*st = text_of(w, term->value, true, slot, "the IRI", &text))) {
        return NULL;
      }
      if (w->xml && slot == S_PREDICATE && !xml_predicate_ok(text)) {
        *st = reject(w,
                     "the predicate",
                     "RDF/XML cannot split it into a "
                     "namespace and a local name",
                     text);
        return NULL;
      }
      return iri_term(w, text);

    case LDX_TERM_BLANK: {
      LdxiBuf* const buf = &w->scratch[slot];
      ldxi_buf_clear(buf);
      if ((*st =
             ldxi_blank_label_append(buf, term->value.buf, term->value.len))) {
        return NULL;
      }
      return raptor_new_term_from_counted_blank(
        w->rw, (const unsigned char*)ldxi_buf_cstr(buf), buf->len);
    }

    case LDX_TERM_LITERAL:
      break;
  }

  if ((*st = text_of(w, term->value, false, slot, "the literal", &text))) {
    return NULL;
  }
  const LdxStr lang = term->language;
  if (lang.len > UCHAR_MAX) { // raptor's limit; writer.c checked the syntax
    *st = reject(w, "the language tag", "longer than 255 characters", lang);
    return NULL;
  }
  raptor_uri* datatype = NULL;
  if (!lang.len && term->datatype.len && !ldxi_is_xsd_string(term->datatype)) {
    LdxStr dt;
    if ((*st =
           text_of(w, term->datatype, true, S_DATATYPE, "the datatype", &dt))) {
      return NULL;
    }
    datatype = raptor_new_uri_from_counted_string(
      w->rw, (const unsigned char*)dt.buf, dt.len);
    if (!datatype) {
      *st = LDX_BAD_ALLOC;
      return NULL;
    }
  }
  raptor_term* t = raptor_new_term_from_counted_literal(
    w->rw,
    (const unsigned char*)text.buf,
    text.len,
    datatype,
    lang.len ? (const unsigned char*)lang.buf : NULL,
    (unsigned char)lang.len);
  if (datatype) {
    raptor_free_uri(datatype); // the term holds its own reference
  }
  return t;
}

static LdxStatus
write_quad(RaptorWriter* w, const LdxQuad* quad)
{
  const LdxTerm* terms[4] = {
    quad->subject, quad->predicate, quad->object, quad->graph
  };
  raptor_term* rt[4] = { NULL, NULL, NULL, NULL };
  LdxStatus    st    = LDX_SUCCESS;
  for (int i = 0; i < 4 && terms[i]; ++i) {
    rt[i] = make_term(w, terms[i], i, &st);
    if (!rt[i]) {
      st = st ? st : LDX_BAD_ALLOC;
      break;
    }
  }
  if (!st && !w->started) {
    st = start(w);
  }
  if (st) {
    for (int i = 0; i < 4; ++i) {
      if (rt[i]) {
        raptor_free_term(rt[i]);
      }
    }
    return st;
  }

  // The statement takes the terms, even if it cannot be created.
  raptor_statement* statement =
    raptor_new_statement_from_nodes(w->rw, rt[0], rt[1], rt[2], rt[3]);
  if (!statement) {
    return LDX_BAD_ALLOC;
  }
  begin_call(w);
  int rc = raptor_serializer_serialize_statement(w->serializer, statement);
  raptor_free_statement(statement);
  if (rc > 0 && !w->n_errors) {
    rc = 0; // RDF/JSON returns its set's "already there" for a duplicate
  }
  return end_call(w, rc, "write a statement");
}

static LdxStatus
declare_prefix(RaptorWriter* w, LdxStr name, LdxStr iri)
{
  if (!ldxi_prefix_name_ok(name) || !iri.len ||
      !ldxi_utf8_is_valid(iri.buf, iri.len) || memchr(iri.buf, '\0', iri.len)) {
    ldxi_warning(w->world,
                 NULL,
                 "%s output: ignoring the prefix \"%.*s\"",
                 w->name,
                 name.len > 64 ? 64 : (int)name.len,
                 name.buf);
    return LDX_SUCCESS;
  }
  LdxiBuf* const buf = &w->scratch[S_SUBJECT];
  ldxi_buf_clear(buf);
  LdxStatus st = LDX_SUCCESS;
  TRY(st, ldxi_buf_append(buf, name.buf, name.len));
  raptor_uri* uri = raptor_new_uri_from_counted_string(
    w->rw, (const unsigned char*)iri.buf, iri.len);
  if (!uri) {
    return LDX_BAD_ALLOC;
  }
  // Syntaxes without prefixes refuse them: not an error.
  begin_call(w);
  raptor_serializer_set_namespace(
    w->serializer,
    uri,
    name.len ? (const unsigned char*)ldxi_buf_cstr(buf) : NULL);
  raptor_world_set_log_handler(w->rw, NULL, NULL);
  raptor_free_uri(uri);
  return w->io_status;
}

static LdxStatus
flush_all(RaptorWriter* w)
{
  LdxStatus st = LDX_SUCCESS;
  if (w->started) {
    begin_call(w);
    const int rc = raptor_serializer_flush(w->serializer);
    TRY(st, end_call(w, rc, "flush"));
  }
  if (!w->io_status) {
    w->io_status = drain(w);
  }
  TRY(st, w->io_status);
  return ldxi_output_flush(w->world, &w->out);
}

// --- The class ------------------------------------------------------------

static void
raptor_writer_free(void* impl)
{
  RaptorWriter* const w = (RaptorWriter*)impl;
  if (!w) {
    return;
  }
  if (w->serializer) {
    raptor_free_serializer(w->serializer);
  }
  if (w->iostream) {
    raptor_free_iostream(w->iostream);
  }
  if (w->base) {
    raptor_free_uri(w->base);
  }
  for (int i = 0; i < N_SCRATCH; ++i) {
    ldxi_buf_free(&w->scratch[i]);
  }
  ldxi_free(w->world, w->buf);
  ldxi_free(w->world, w);
}

static LdxStatus
raptor_writer_new(const LdxiWriterConfig* config, void** impl)
{
  LdxWorld* const     world = config->world;
  RaptorWriter* const w =
    (RaptorWriter*)ldxi_calloc(world, 1, sizeof(RaptorWriter));
  if (!w) {
    return LDX_BAD_ALLOC;
  }
  w->world = world;
  w->name  = config->format->name;
  w->out   = config->out;
  w->xml   = !strncmp(config->syntax, "rdfxml", 6);
  w->json  = !strcmp(config->syntax, "json");
  w->cap   = config->buffer_size ? config->buffer_size : DEFAULT_BUFFER_SIZE;
  for (int i = 0; i < N_SCRATCH; ++i) {
    ldxi_buf_init(&w->scratch[i], world, 0);
  }

  LdxStatus st = LDX_BAD_ALLOC;
  w->buf       = (char*)ldxi_malloc(world, w->cap);
  w->rw        = w->buf ? ldxi_world_raptor(world) : NULL;
  if (w->rw) {
    w->serializer = raptor_new_serializer(w->rw, config->syntax);
    if (!w->serializer) {
      st = ldxi_error(world,
                      LDX_UNSUPPORTED,
                      NULL,
                      "raptor has no '%s' serializer",
                      config->syntax);
    } else if (!(w->iostream =
                   raptor_new_iostream_from_handler(w->rw, w, &io_handler))) {
      st = LDX_BAD_ALLOC;
    } else if (config->base_iri && *config->base_iri &&
               !(w->base = raptor_new_uri(
                   w->rw, (const unsigned char*)config->base_iri))) {
      st = LDX_BAD_ALLOC;
    } else {
      st = LDX_SUCCESS;
    }
  }
  if (st) {
    raptor_writer_free(w);
    return st;
  }
  *impl = w;
  return LDX_SUCCESS;
}

static LdxStatus
raptor_writer_sink(void* impl, const LdxEvent* event)
{
  RaptorWriter* const w = (RaptorWriter*)impl;
  switch (event->type) {
    case LDX_EVENT_QUAD:
      return write_quad(w, &event->u.quad);
    case LDX_EVENT_PREFIX:
      return declare_prefix(w, event->u.prefix.name, event->u.prefix.iri);
    case LDX_EVENT_END:
      return flush_all(w);
  }
  return LDX_SUCCESS;
}

static LdxStatus
raptor_writer_finish(void* impl)
{
  RaptorWriter* const w  = (RaptorWriter*)impl;
  LdxStatus           st = LDX_SUCCESS;
  if (w->replaced) {
    ldxi_warning(w->world,
                 NULL,
                 "%s output: %zu byte%s of invalid UTF-8 replaced (by %%XX "
                 "in IRIs, U+FFFD in literals)",
                 w->name,
                 w->replaced,
                 w->replaced == 1 ? "" : "s");
  }
  if (!w->started) { // an empty document is still a document
    TRY(st, start(w));
  }
  begin_call(w);
  const int rc = raptor_serializer_serialize_end(w->serializer);
  TRY(st, end_call(w, rc, "end the document"));
  if (!w->io_status) {
    w->io_status = drain(w);
  }
  TRY(st, w->io_status);
  return ldxi_output_flush(w->world, &w->out);
}

const LdxiWriterClass ldxi_raptor_writer_class = {
  "raptor",           raptor_writer_new,
  raptor_writer_sink, raptor_writer_finish,
  raptor_writer_free, NULL
};
