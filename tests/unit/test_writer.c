// SPDX-License-Identifier: MIT
// ldx_writer_* and the format table: lookups, construction of every format,
// the sticky write error, write faults at every byte offset for every
// format, and the stdio output stream.
#undef NDEBUG

#include "write_support.h"

#include "write/writer_impl.h"

#include "ldexport.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define EX "http://example.org/"

static void
test_format_table(void)
{
  const LdxFormat* formats = ldx_formats();
  size_t           n       = 0;
  for (; formats[n].name; ++n) {
    assert(formats[n].media_type && formats[n].extensions);
    for (size_t k = 0; k < n; ++k) {
      assert(strcmp(formats[k].name, formats[n].name));
    }
    assert(ldx_format_by_name(formats[n].name) == &formats[n]);
  }
  assert(n >= 6);

  static const struct {
    const char* name;
    const char* format;
  } names[] = {
    { "nquads", "nquads" },
    { "N-Quads", "nquads" },
    { "application/n-quads", "nquads" },
    { "APPLICATION/N-QUADS; charset=utf-8", "nquads" },
    { "nq", "nquads" },
    { "ntriples", "ntriples" },
    { "application/n-triples", "ntriples" },
    { "nt", "ntriples" },
    { "turtle", "turtle" },
    { "text/turtle", "turtle" },
    { "ttl", "turtle" },
    { "rdfxml", "rdfxml" },
    { "application/rdf+xml", "rdfxml" },
    { "RDF/XML", "rdfxml" },
    { "xml", "rdfxml" },
    { "rdfxml-abbrev", "rdfxml-abbrev" },
    { "rdfjson", "rdfjson" },
    { "application/rdf+json", "rdfjson" },
    { "json", "rdfjson" },
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
    const LdxFormat* f = ldx_format_by_name(names[i].name);
    assert(f && !strcmp(f->name, names[i].format));
  }
  assert(!ldx_format_by_name(NULL));
  assert(!ldx_format_by_name(""));
  assert(!ldx_format_by_name("nquad"));
  assert(ldx_format_by_name("jsonld") ==
         ldx_format_by_name("application/ld+json"));
  assert(!ldx_format_by_name("dot")); // left out: see format.c

  static const struct {
    const char* file;
    const char* format;
  } files[] = {
    { "out.nq", "nquads" },     { "dir.ttl/OUT.NQ", "nquads" },
    { "a.nt", "ntriples" },     { "a.ttl", "turtle" },
    { "/x/y/a.rdf", "rdfxml" }, { "onto.owl", "rdfxml" },
    { "a.rj", "rdfjson" },      { "a.rdf", "rdfxml" },
    { "b.RJ", "rdfjson" },      { "a.b.c.ttl", "turtle" },
  };
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); ++i) {
    const LdxFormat* f = ldx_format_by_filename(files[i].file);
    assert(f && !strcmp(f->name, files[i].format));
  }
  assert(!ldx_format_by_filename(NULL));
  assert(!ldx_format_by_filename("noext"));
  assert(!ldx_format_by_filename("dir.nq/noext"));
  assert(!ldx_format_by_filename("trailing."));
  assert(!ldx_format_by_filename("a.json"));
  assert(!ldx_format_by_filename("a.nq.gz"));

  assert(ldx_format_by_name("nquads")->quads);
  assert(!ldx_format_by_name("ntriples")->quads);
}

static void
test_construction(void)
{
  Diags     diags;
  LdxWorld* world = quiet_world(&diags);
  MemOut    mem;
  mem_init(&mem);
  LdxWriter* writer = NULL;

  // Every format of the table can be created, finished and freed.
  for (const LdxFormat* f = ldx_formats(); f->name; ++f) {
    assert(!ldx_writer_new(world, f, mem_stream(&mem), EX, &writer));
    assert(!ldx_writer_finish(writer));
    ldx_writer_free(writer);
  }
  assert(diags.errors == 0);

  assert(ldx_writer_new(world, NULL, mem_stream(&mem), NULL, &writer) ==
         LDX_BAD_ARG);
  assert(!writer);
  LdxOutputStream none = { NULL, NULL, NULL };
  assert(ldx_writer_new(world, ldx_formats(), none, NULL, &writer) ==
         LDX_BAD_ARG);
  const LdxFormat unknown = { "trix", "application/trix", "trix", 1 };
  assert(ldx_writer_new(world, &unknown, mem_stream(&mem), NULL, &writer) ==
         LDX_UNSUPPORTED);
  assert(strstr(diags.last_error, "trix"));

  // A format is found by name, not only by address.
  const LdxFormat copy = *ldx_format_by_name("ntriples");
  assert(!ldx_writer_new(world, &copy, mem_stream(&mem), NULL, &writer));
  assert(!ldx_writer_finish(writer));
  ldx_writer_free(writer);
  ldx_writer_free(NULL);
  free(mem.data);
  ldx_world_free(world);
}

// A small graph with some of everything, without named graphs and with
// predicates RDF/XML can write.
typedef struct {
  OwnedTerm t[12];
  LdxQuad   q[6];
} Graph;

static void
make_graph(Graph* g)
{
  owned_set(&g->t[0], LDX_TERM_IRI, EX "s", strlen(EX "s"), NULL, NULL);
  owned_set(&g->t[1], LDX_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL);
  owned_set(&g->t[2], LDX_TERM_LITERAL, "caf\xC3\xA9 \"x\"\n", 10, NULL, "fr");
  owned_set(&g->t[3], LDX_TERM_BLANK, "b 1", 3, NULL, NULL);
  owned_set(&g->t[4],
            LDX_TERM_LITERAL,
            "42",
            2,
            "http://www.w3.org/2001/XMLSchema#integer",
            NULL);
  owned_set(&g->t[5], LDX_TERM_IRI, EX "q", strlen(EX "q"), NULL, NULL);
  owned_set(&g->t[6], LDX_TERM_IRI, EX "o/1", strlen(EX "o/1"), NULL, NULL);
  for (int i = 0; i < 6; ++i) {
    const LdxTerm* s = i % 2 ? &g->t[3].term : &g->t[0].term;
    const LdxTerm* p = i % 3 ? &g->t[1].term : &g->t[5].term;
    const LdxTerm* o = i < 2   ? &g->t[2].term
                       : i < 4 ? &g->t[4].term
                               : &g->t[6].term;
    g->q[i]          = (LdxQuad){ s, p, o, NULL };
  }
}

// Write the graph with a stream failing after `fail_at` bytes; returns the
// final status and checks the invariants of a failing write.
static LdxStatus
run_faulty(const LdxFormat* format,
           const Graph*     g,
           size_t           fail_at,
           size_t           buffer_size,
           MemOut*          mem,
           Diags*           diags)
{
  LdxWorld* world = quiet_world(diags);
  mem_init(mem);
  mem->fail_at      = fail_at;
  LdxWriter* writer = NULL;
  assert(!ldxi_writer_new_buffered(
    world, format, mem_stream(mem), EX, buffer_size, &writer));
  LdxSink   sink  = ldx_writer_sink(writer);
  LdxStatus first = LDX_SUCCESS;
  LdxEvent  ev;
  ev.type          = LDX_EVENT_PREFIX;
  ev.u.prefix.name = ldx_str("ex");
  ev.u.prefix.iri  = ldx_str(EX);
  first            = sink.on_event(sink.handle, &ev);
  for (int i = 0; i < 6; ++i) {
    const LdxStatus st = ldx_sink_quad(&sink, &g->q[i]);
    assert(!first || st == first); // sticky
    first = first ? first : st;
    if (i == 2) { // an END midway flushes
      ev.type            = LDX_EVENT_END;
      const LdxStatus es = sink.on_event(sink.handle, &ev);
      assert(!first || es == first);
      first = first ? first : es;
    }
  }
  const LdxStatus st = ldx_writer_finish(writer);
  assert(!first || st == first);
  assert(ldx_writer_finish(writer) == st); // reported again, not redone
  ldx_writer_free(writer);
  ldx_world_free(world);
  return st;
}

static void
test_write_faults(void)
{
  Graph g;
  make_graph(&g);
  for (const LdxFormat* f = ldx_formats(); f->name; ++f) {
    const size_t buffers[] = { 0, 3 };
    for (size_t b = 0; b < 2; ++b) {
      MemOut good;
      Diags  diags;
      assert(!run_faulty(f, &g, SIZE_MAX, buffers[b], &good, &diags));
      assert(diags.errors == 0 && good.len > 0);
      for (size_t at = 0; at < good.len; ++at) {
        MemOut bad;
        assert(run_faulty(f, &g, at, buffers[b], &bad, &diags) ==
               LDX_BAD_WRITE);
        assert(diags.errors == 1); // exactly one report
        assert(bad.len == at && !memcmp(bad.data, good.data, at));
        free(bad.data);
      }
      free(good.data);
    }
  }
}

static void
test_stdio(void)
{
  // Round trip through a temporary file.
  FILE* tmp = tmpfile();
  assert(tmp);
  LdxOutputStream out = ldx_output_stdio(tmp);
  assert(!out.write(out.stream, "hello ", 6));
  assert(!out.write(out.stream, "", 0));
  assert(!out.write(out.stream, "world", 5));
  assert(!out.flush(out.stream));
  rewind(tmp);
  char text[32] = { 0 };
  assert(fread(text, 1, sizeof(text), tmp) == 11);
  assert(!strcmp(text, "hello world"));
  fclose(tmp);

  // A full device: the writer reports the error once, with its reason.
  FILE* full = fopen("/dev/full", "w");
  if (!full) {
    return;
  }
  Diags      diags;
  LdxWorld*  world  = quiet_world(&diags);
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(world,
                         ldx_format_by_name("nquads"),
                         ldx_output_stdio(full),
                         NULL,
                         &writer));
  Graph g;
  make_graph(&g);
  LdxSink sink = ldx_writer_sink(writer);
  assert(!ldx_sink_quad(&sink, &g.q[0]));
  assert(ldx_writer_finish(writer) == LDX_BAD_WRITE);
  assert(diags.errors == 1);
  assert(strstr(diags.last_error, strerror(ENOSPC)));
  ldx_writer_free(writer);
  ldx_world_free(world);
  fclose(full);
}

int
main(void)
{
  test_format_table();
  test_construction();
  test_write_faults();
  test_stdio();
  return 0;
}
