// SPDX-License-Identifier: MIT
// RDF files queried with SPARQL (the formats:SPARQL_Results_* reference
// formulations): the iterator is a SELECT query, each solution is a
// record, references are variable names ("person" or "?person") and values
// are the bound terms: IRIs and blank nodes as their string, literals as
// their lexical form with their datatype as the natural one (xsd:integer,
// xsd:double, ..., anything else plain).
//
// The file is parsed by raptor into an indexed in-memory librdf model
// (rasqal's own triple store scans every triple for every pattern, which
// is quadratic on joins) and queried with rasqal through librdf.  Nothing
// is fetched: the parser runs with raptor's noNet option, and queries with
// FROM, FROM NAMED or SERVICE are rejected when the mapping is compiled.
#include "source/source.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "io/input.h"
#include "rdf/rdf_file.h"
#include "mapping/plan.h"
#include "mapping/vocab.h"

#include <rasqal.h>
#include <redland.h>
#include <stdio.h>
#include <string.h>

// Bytes read from the data file at a time.
#define CHUNK (64u * 1024u)

// What libraries said while parsing or querying (their first error).
typedef struct {
  char     message[512];
  unsigned line;
  unsigned column;
  size_t   byte;
  bool     error;
} LogCtx;

struct LdxiSourceHandle {
  LdxWorld*       world;
  char*           path;
  char*           file;  // as shown to the user
  const char*     query; // the iterator (plan), for iterations without one
  raptor_world*   raptor;
  librdf_world*   rdf;
  librdf_storage* storage;
  librdf_model*   model;
  librdf_uri*     base;
  LogCtx          log;
  // The current solution: its variables (borrowed from the results) and
  // values (owned until the next one).
  int           n_vars;
  const char**  names;
  librdf_node** values;
};

// A compiled iterator (the query) or reference (a variable name).
typedef struct {
  LdxWorld* world;
  char      text[]; // flexible array member
} SparqlExpr;

static LdxStatus
expr_new(LdxWorld* world, const char* text, size_t len, void** compiled)
{
  SparqlExpr* e = (SparqlExpr*)ldxi_malloc(world, sizeof(SparqlExpr) + len + 1);
  if (!e) {
    return LDX_BAD_ALLOC;
  }
  e->world = world;
  memcpy(e->text, text, len);
  e->text[len] = '\0';
  *compiled    = e;
  return LDX_SUCCESS;
}

static void
sparql_free_compiled(void* compiled)
{
  if (compiled) {
    ldxi_free(((SparqlExpr*)compiled)->world, compiled);
  }
}

// ---------------------------------------------------------------------------
// Compiling: queries are parsed by rasqal once, to report their errors
// with the mapping and to refuse anything that reads other data.

static void
on_rasqal_log(void* handle, raptor_log_message* message)
{
  LogCtx* log = (LogCtx*)handle;
  if (message->level < RAPTOR_LOG_LEVEL_ERROR || log->error) {
    return;
  }
  log->error = true;
  snprintf(log->message, sizeof(log->message), "%s", message->text);
  if (message->locator && message->locator->line > 0) {
    log->line = (unsigned)message->locator->line;
    log->column =
      message->locator->column > 0 ? (unsigned)message->locator->column : 0;
  }
}

// The byte offset of a 1-based line and column in `text`.
static size_t
offset_of(const char* text, size_t len, unsigned line, unsigned column)
{
  size_t i = 0;
  for (unsigned l = 1; l < line && i < len; ++i) {
    l += text[i] == '\n';
  }
  size_t at = i + (column ? column - 1 : 0);
  return at < len ? at : i;
}

static bool
has_service(rasqal_graph_pattern* gp)
{
  if (!gp) {
    return false;
  }
  if (rasqal_graph_pattern_get_operator(gp) ==
      RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE) {
    return true;
  }
  for (int i = 0;; ++i) {
    rasqal_graph_pattern* sub =
      rasqal_graph_pattern_get_sub_graph_pattern(gp, i);
    if (!sub) {
      return false;
    }
    if (has_service(sub)) {
      return true;
    }
  }
}

static LdxStatus
check_query(const char* text, size_t len, LdxiExprError* err)
{
  LogCtx        log;
  LdxStatus     st = LDX_SUCCESS;
  rasqal_world* rw = rasqal_new_world();
  memset(&log, 0, sizeof(log));
  if (!rw) {
    return LDX_BAD_ALLOC;
  }
  rasqal_query* q = NULL;
  if (rasqal_world_open(rw)) {
    rasqal_free_world(rw);
    return LDX_BAD_ALLOC;
  }
  rasqal_world_set_log_handler(rw, &log, on_rasqal_log);
  if (!(q = rasqal_new_query(rw, "sparql", NULL))) {
    rasqal_free_world(rw);
    return LDX_BAD_ALLOC;
  }
  raptor_uri* base = raptor_new_uri(rasqal_world_get_raptor(rw),
                                    (const unsigned char*)"file:///");
  if (!base) {
    st = LDX_BAD_ALLOC;
  } else if (rasqal_query_prepare(q, (const unsigned char*)text, base)) {
    err->offset = offset_of(text, len, log.line, log.column);
    snprintf(err->message,
             sizeof(err->message),
             "%.*s",
             (int)sizeof(err->message) - 1,
             log.error ? log.message : "invalid SPARQL query");
    st = LDX_BAD_REFERENCE;
  } else if (rasqal_query_get_verb(q) != RASQAL_QUERY_VERB_SELECT) {
    snprintf(err->message,
             sizeof(err->message),
             "the query must be a SELECT query (its solutions are the "
             "records)");
    st = LDX_BAD_REFERENCE;
  } else if (rasqal_query_get_data_graph(q, 0)) {
    snprintf(err->message,
             sizeof(err->message),
             "FROM and FROM NAMED are not supported: the query reads the "
             "logical source's file, nothing else");
    st = LDX_BAD_REFERENCE;
  } else if (has_service(rasqal_query_get_query_graph_pattern(q))) {
    snprintf(err->message,
             sizeof(err->message),
             "SERVICE is not supported: the query reads the logical "
             "source's file (this tool never uses the network)");
    st = LDX_BAD_REFERENCE;
  }
  if (base) {
    raptor_free_uri(base);
  }
  rasqal_free_query(q);
  rasqal_free_world(rw);
  return st;
}

static bool
is_var_char(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static LdxStatus
sparql_compile(LdxWorld*      world,
               const char*    text,
               size_t         len,
               int            iterator,
               void**         compiled,
               LdxiExprError* err)
{
  if (iterator) {
    LdxStatus st = check_query(text, len, err);
    return st ? st : expr_new(world, text, len, compiled);
  }
  // A variable name, with or without its '?' or '$'.
  size_t start = len && (text[0] == '?' || text[0] == '$');
  for (size_t i = start; i < len; ++i) {
    if (!is_var_char((unsigned char)text[i])) {
      err->offset = i;
      snprintf(err->message,
               sizeof(err->message),
               "'%.*s' is not a SPARQL variable name (a reference names a "
               "variable of the query, e.g. \"person\" or \"?person\")",
               (int)len,
               text);
      return LDX_BAD_REFERENCE;
    }
  }
  if (start == len) {
    err->offset = 0;
    snprintf(err->message, sizeof(err->message), "empty variable name");
    return LDX_BAD_REFERENCE;
  }
  return expr_new(world, text + start, len - start, compiled);
}

// ---------------------------------------------------------------------------
// Opening: the file into a model

static int
on_rdf_log(void* handle, librdf_log_message* message)
{
  LogCtx* log = (LogCtx*)handle;
  if (librdf_log_message_level(message) < LIBRDF_LOG_ERROR || log->error) {
    return 1; // warnings (e.g. unused variables) are not the user's concern
  }
  log->error = true;
  snprintf(log->message,
           sizeof(log->message),
           "%s",
           librdf_log_message_message(message)
             ? librdf_log_message_message(message)
             : "unknown error");
  raptor_locator* at = librdf_log_message_locator(message);
  if (at && at->line > 0) {
    log->line   = (unsigned)at->line;
    log->column = at->column > 0 ? (unsigned)at->column : 0;
    log->byte   = at->byte > 0 ? (size_t)at->byte : 0;
  }
  return 1;
}

static bool
ends_with(const char* s, size_t n, const char* suffix)
{
  size_t m = strlen(suffix);
  if (n < m) {
    return false;
  }
  for (size_t i = 0; i < m; ++i) {
    char c = s[n - m + i];
    if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != suffix[i]) {
      return false;
    }
  }
  return true;
}

// The raptor parser for a file name (compression suffixes aside), or NULL.
// N-Triples goes to the Turtle parser (N-Triples is Turtle): raptor's
// N-Triples parser leaks a reference to every datatype IRI it reads.
static const char*
syntax_of_name(const char* path)
{
  size_t            n        = strlen(path);
  const char* const packed[] = { ".gz", ".xz", ".zip", ".tar" };
  for (size_t k = 0; k < 2; ++k) { // e.g. "data.nt.tar.gz"
    for (size_t i = 0; i < sizeof(packed) / sizeof(packed[0]); ++i) {
      if (ends_with(path, n, packed[i])) {
        n -= strlen(packed[i]);
      }
    }
  }
  const char* const syntax = ldxi_rdf_syntax_of_name(path, n);
  return syntax && !strcmp(syntax, "ntriples") ? "turtle" : syntax;
}

// The parser raptor guesses from the content, if it is one of ours (not
// GRDDL or RDFa, which fetch documents).
static const char*
syntax_of_content(raptor_world* rw, const char* data, size_t len)
{
  const char* name = raptor_world_guess_parser_name(
    rw, NULL, NULL, (const unsigned char*)data, len, NULL);
  const char* const ok[] = { "turtle", "nquads", "trig", "rdfxml", "json" };
  if (name && !strcmp(name, "ntriples")) {
    return "turtle";
  }
  for (size_t i = 0; name && i < sizeof(ok) / sizeof(ok[0]); ++i) {
    if (!strcmp(name, ok[i])) {
      return ok[i];
    }
  }
  return NULL;
}

// The data file as a raptor stream: decoded by src/io, with the bytes read
// to guess the syntax given back first.
typedef struct {
  LdxiInput* input;
  char*      head;
  size_t     head_len;
  size_t     head_at;
  bool       eof;
  bool       failed; // reported by src/io
} ReadCtx;

// Fill `buf` unless the file ends first: raptor's Turtle parser fails on
// a chunk that ends inside the first token, and src/io gives a file's first
// bytes alone.
static LdxStatus
read_full(LdxiInput* input, void* buf, size_t size, size_t* got, bool* eof)
{
  *got = 0;
  while (*got < size && !*eof) {
    size_t    n  = 0;
    LdxStatus st = ldxi_input_read(input, (char*)buf + *got, size - *got, &n);
    if (st) {
      return st;
    }
    *eof = n == 0;
    *got += n;
  }
  return LDX_SUCCESS;
}

static int
read_bytes(void* context, void* ptr, size_t size, size_t nmemb)
{
  ReadCtx* r    = (ReadCtx*)context;
  size_t   want = size * nmemb;
  if (!size || r->failed) {
    return r->failed ? -1 : 0;
  }
  if (r->head_at < r->head_len) {
    size_t n = r->head_len - r->head_at;
    n        = n < want ? n : want;
    n -= n % size;
    if (n) {
      memcpy(ptr, r->head + r->head_at, n);
      r->head_at += n;
      return (int)(n / size);
    }
  }
  want       = (want > CHUNK ? CHUNK : want) / size * size;
  size_t got = 0;
  if (read_full(r->input, ptr, want, &got, &r->eof)) {
    r->failed = true;
    return -1;
  }
  // Raptor reads bytes (size 1): no partial item is left over.
  return (int)(got / size);
}

static int
read_eof(void* context)
{
  ReadCtx* r = (ReadCtx*)context;
  return r->head_at >= r->head_len && (r->eof || r->failed);
}

static const raptor_iostream_handler read_handler = {
  2, NULL, NULL, NULL, NULL, NULL, read_bytes, read_eof,
};

static void
sparql_close(LdxiSourceHandle* source)
{
  if (!source) {
    return;
  }
  if (source->base) {
    librdf_free_uri(source->base);
  }
  if (source->model) {
    librdf_free_model(source->model);
  }
  if (source->storage) {
    librdf_free_storage(source->storage);
  }
  if (source->rdf) {
    librdf_free_world(source->rdf);
  }
  if (source->raptor) {
    raptor_free_world(source->raptor);
  }
  ldxi_free(source->world, source->values);
  ldxi_free(source->world, source->names);
  ldxi_free(source->world, source->path);
  ldxi_free(source->world, source->file);
  ldxi_free(source->world, source);
}

// Report the libraries' error (or `fallback`) at its place in the file.
static LdxStatus
report_log(LdxiSourceHandle* h, LdxStatus st, const char* what)
{
  const LdxCaret caret = { h->file, h->log.line, h->log.column, h->log.byte };
  return ldxi_error(h->world,
                    st,
                    h->log.line ? &caret : NULL,
                    "%s%s%s",
                    what,
                    h->log.error ? ": " : "",
                    h->log.error ? h->log.message : "");
}

// Create the librdf world (on our own raptor world, so that its log
// handler is ours) and an indexed in-memory model (without librdf's
// predicate index, which leaks a node per query).
static LdxStatus
new_model(LdxiSourceHandle* h)
{
  h->raptor = raptor_new_world();
  if (!h->raptor || raptor_world_open(h->raptor)) {
    return LDX_BAD_ALLOC;
  }
  h->rdf = librdf_new_world();
  if (!h->rdf) {
    return LDX_BAD_ALLOC;
  }
  librdf_world_set_raptor(h->rdf, h->raptor);
  librdf_world_set_logger(h->rdf, &h->log, on_rdf_log);
  librdf_world_open(h->rdf);
  h->storage = librdf_new_storage(
    h->rdf, "hashes", NULL, "hash-type='memory',contexts='yes'");
  h->model = h->storage ? librdf_new_model(h->rdf, h->storage, NULL) : NULL;
  h->base  = librdf_new_uri_from_filename(h->rdf, h->path);
  return h->model && h->base ? LDX_SUCCESS : LDX_BAD_ALLOC;
}

static LdxStatus
set_feature(librdf_world* rdf, librdf_parser* parser, const char* name, int on)
{
  librdf_uri*  uri   = librdf_new_uri(rdf, (const unsigned char*)name);
  librdf_node* value = librdf_new_node_from_literal(
    rdf, (const unsigned char*)(on ? "1" : "0"), NULL, 0);
  int failed = !uri || !value || librdf_parser_set_feature(parser, uri, value);
  if (value) {
    librdf_free_node(value);
  }
  if (uri) {
    librdf_free_uri(uri);
  }
  return failed ? LDX_BAD_ALLOC : LDX_SUCCESS;
}

static LdxStatus
load(LdxiSourceHandle* h, const struct LdxiLogicalSource* source)
{
  ReadCtx   r;
  LdxStatus st = LDX_SUCCESS;
  memset(&r, 0, sizeof(r));
  if ((st = ldxi_input_open(h->world,
                            h->path,
                            h->file,
                            source->compression,
                            source->encoding,
                            &r.input))) {
    return st;
  }
  const char* syntax = syntax_of_name(h->file);
  if (!syntax) {
    r.head = (char*)ldxi_malloc(h->world, CHUNK);
    st     = r.head ? read_full(r.input, r.head, CHUNK, &r.head_len, &r.eof)
                    : LDX_BAD_ALLOC;
    if (!st) {
      syntax = syntax_of_content(h->raptor, r.head, r.head_len);
      if (!syntax) {
        st = ldxi_error(h->world,
                        LDX_BAD_READ,
                        NULL,
                        "cannot tell the RDF syntax of '%s': name it .nt, "
                        ".ttl, .nq, .trig or .rdf",
                        h->file);
      }
    }
  }
  librdf_parser*   parser = NULL;
  raptor_iostream* stream = NULL;
  if (!st) {
    parser = librdf_new_parser(h->rdf, syntax, NULL, NULL);
    stream = raptor_new_iostream_from_handler(h->raptor, &r, &read_handler);
    st     = parser && stream ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  // Never fetch anything, not even an XML DTD or entity.
  if (!st) {
    st =
      set_feature(h->rdf, parser, "http://feature.librdf.org/raptor-noNet", 1);
  }
  if (!st) {
    st = set_feature(h->rdf,
                     parser,
                     "http://feature.librdf.org/raptor-loadExternalEntities",
                     0);
  }
  if (!st &&
      (librdf_parser_parse_iostream_into_model(
         parser, stream, h->base, h->model) ||
       h->log.error) &&
      !r.failed) {
    const char* names[][2] = {
      { "turtle", "Turtle" },  { "nquads", "N-Quads" }, { "trig", "TriG" },
      { "rdfxml", "RDF/XML" }, { "json", "RDF/JSON" },
    };
    const char* what = syntax;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
      what = !strcmp(syntax, names[i][0]) ? names[i][1] : what;
    }
    char msg[64];
    snprintf(msg, sizeof(msg), "invalid %s", what);
    st = report_log(h, LDX_BAD_SYNTAX, msg);
  } else if (!st && r.failed) {
    st = LDX_BAD_READ;
  }
  if (stream) {
    raptor_free_iostream(stream);
  }
  if (parser) {
    librdf_free_parser(parser);
  }
  ldxi_free(h->world, r.head);
  ldxi_input_close(r.input);
  return st;
}

static LdxStatus
sparql_open(LdxWorld*                       world,
            const struct LdxiLogicalSource* source,
            const char*                     path,
            const char*                     display,
            LdxiSourceHandle**              out)
{
  if (!path) {
    return ldxi_error(world,
                      LDX_BAD_MAPPING,
                      NULL,
                      "the %s names no RDF file to query",
                      source->rule.what ? source->rule.what : "source");
  }
  LdxiSourceHandle* h =
    (LdxiSourceHandle*)ldxi_calloc(world, 1, sizeof(LdxiSourceHandle));
  if (!h) {
    return LDX_BAD_ALLOC;
  }
  h->world     = world;
  h->query     = source->iterator;
  h->path      = ldxi_strdup(world, path);
  h->file      = ldxi_strdup(world, display);
  LdxStatus st = h->path && h->file ? new_model(h) : LDX_BAD_ALLOC;
  if (!st) {
    st = load(h, source);
  }
  if (st == LDX_BAD_ALLOC) {
    ldxi_error(
      world, st, NULL, "out of memory loading RDF data file '%s'", display);
  }
  if (st) {
    sparql_close(h);
    return st;
  }
  *out = h;
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Iterating: one record per solution

static void
free_values(LdxiSourceHandle* h)
{
  for (int i = 0; h->values && i < h->n_vars; ++i) {
    if (h->values[i]) {
      librdf_free_node(h->values[i]);
      h->values[i] = NULL;
    }
  }
}

static LdxStatus
sparql_iterate(LdxiSourceHandle* source,
               const void*       iterator,
               LdxiRecordFunc    func,
               void*             handle)
{
  const char* text =
    iterator ? ((const SparqlExpr*)iterator)->text : source->query;
  if (!text) {
    return ldxi_error(source->world,
                      LDX_BAD_MAPPING,
                      NULL,
                      "no SPARQL query to run on '%s': a SPARQL source needs "
                      "its query as rml:iterator",
                      source->file);
  }
  memset(&source->log, 0, sizeof(source->log));
  librdf_query* query = librdf_new_query(
    source->rdf, "sparql", NULL, (const unsigned char*)text, source->base);
  if (!query) {
    return report_log(source, LDX_BAD_REFERENCE, "invalid SPARQL query");
  }
  librdf_query_results* results = librdf_query_execute(query, source->model);
  LdxStatus             st      = LDX_SUCCESS;
  if (!results || !librdf_query_results_is_bindings(results)) {
    st = report_log(source, LDX_BAD_READ, "the SPARQL query failed");
  }
  if (!st) {
    source->n_vars = librdf_query_results_get_bindings_count(results);
    source->n_vars = source->n_vars > 0 ? source->n_vars : 0;
    ldxi_free(source->world, source->values);
    ldxi_free(source->world, source->names);
    source->values = (librdf_node**)ldxi_calloc(
      source->world, (size_t)source->n_vars + 1, sizeof(librdf_node*));
    source->names = (const char**)ldxi_calloc(
      source->world, (size_t)source->n_vars + 1, sizeof(char*));
    st = source->values && source->names ? LDX_SUCCESS : LDX_BAD_ALLOC;
    for (int i = 0; !st && i < source->n_vars; ++i) {
      source->names[i] = librdf_query_results_get_binding_name(results, i);
    }
  }
  size_t count = 0;
  while (!st && !librdf_query_results_finished(results)) {
    for (int i = 0; i < source->n_vars; ++i) {
      source->values[i] = librdf_query_results_get_binding_value(results, i);
    }
    const LdxiRecord record = { source, NULL, ++count };
    st                      = func(handle, &record);
    free_values(source);
    if (!st && librdf_query_results_next(results) && source->log.error) {
      st = report_log(source, LDX_BAD_READ, "the SPARQL query failed");
    }
  }
  if (results) {
    librdf_free_query_results(results);
  }
  librdf_free_query(query);
  // The names belonged to the results.
  ldxi_free(source->world, source->names);
  source->names  = NULL;
  source->n_vars = 0;
  return st;
}

// ---------------------------------------------------------------------------
// Values

static LdxiNatural
natural_of(librdf_uri* datatype)
{
  static const struct {
    const char* iri;
    LdxiNatural natural;
  } table[] = {
    { LDX_XSD "integer", LDXI_NAT_INTEGER },
    { LDX_XSD "double", LDXI_NAT_DOUBLE },
    { LDX_XSD "boolean", LDXI_NAT_BOOLEAN },
    { LDX_XSD "decimal", LDXI_NAT_DECIMAL },
    { LDX_XSD "date", LDXI_NAT_DATE },
    { LDX_XSD "time", LDXI_NAT_TIME },
    { LDX_XSD "dateTime", LDXI_NAT_DATETIME },
    { LDX_XSD "hexBinary", LDXI_NAT_HEXBINARY },
  };
  const char* iri = datatype ? (const char*)librdf_uri_as_string(datatype) : "";
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); ++i) {
    if (!strcmp(iri, table[i].iri)) {
      return table[i].natural;
    }
  }
  return LDXI_NAT_STRING;
}

static LdxStatus
sparql_eval(LdxiSourceHandle* source,
            const LdxiRecord* record,
            const void*       compiled,
            LdxiValues*       out,
            LdxiArena*        arena,
            LdxiBuf*          err)
{
  (void)record; // the solution is the source's current one
  (void)arena;  // values borrow from the solution's nodes
  const char* name = ((const SparqlExpr*)compiled)->text;
  int         var  = 0;
  while (var < source->n_vars && strcmp(source->names[var], name)) {
    ++var;
  }
  if (var == source->n_vars) {
    ldxi_buf_clear(err);
    ldxi_buf_printf(
      err, "the query has no variable ?%s; its variables are ", name);
    for (int i = 0; i < source->n_vars; ++i) {
      ldxi_buf_printf(err, "%s?%s", i ? ", " : "", source->names[i]);
    }
    return LDX_BAD_REFERENCE;
  }
  librdf_node* node = source->values[var];
  if (!node) {
    return LDX_SUCCESS; // unbound: no value
  }
  LdxiValue      v   = { NULL, 0, LDXI_NAT_STRING };
  unsigned char* str = NULL;
  if (librdf_node_is_resource(node)) {
    str = librdf_uri_as_counted_string(librdf_node_get_uri(node), &v.len);
  } else if (librdf_node_is_blank(node)) {
    str = librdf_node_get_counted_blank_identifier(node, &v.len);
  } else {
    str       = librdf_node_get_literal_value_as_counted_string(node, &v.len);
    v.natural = natural_of(librdf_node_get_literal_value_datatype_uri(node));
  }
  if (!str) {
    return LDX_SUCCESS;
  }
  v.str = (const char*)str;
  return ldxi_values_push(source->world, out, v);
}

static LdxStatus
sparql_describe(const LdxiRecord* record, LdxiBuf* out)
{
  return ldxi_buf_printf(out, "solution %zu", record->number);
}

const LdxiSourceOps ldxi_sparql_source = {
  "SPARQL",     sparql_compile, sparql_free_compiled, sparql_open,
  sparql_close, sparql_iterate, sparql_eval,          sparql_describe,
};
