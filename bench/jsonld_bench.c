// SPDX-License-Identifier: MIT
// jsonld_bench: turn 50,000 triples of schema.org events into JSON-LD.
//
//   bench/jsonld_bench [-n TRIPLES] [-r RUNS]      time the writer in-process
//   bench/jsonld_bench [-n TRIPLES] --nquads FILE  write the data as N-Quads
//
// The data look like an events site: MusicEvents with names in two
// languages, a description, start and end date-times, a status, a venue
// (shared by ten events; a PostalAddress and GeoCoordinates embedded), a
// performer (shared by twenty) and an Offer (embedded), padded with
// keywords to exactly TRIPLES triples.  The timed part is what
// `ldexport map -f jsonld` does after the mapping: quads into the writer's
// sink, then finish (index, shape, print) into a counting stream.  Peak
// RSS is the process's (getrusage), so run one measurement per process
// for a clean figure; bench/jsonld_compare.sh runs this and jsonld.js
// (fromRDF + compact) side by side.
#include "ldexport.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define S "https://schema.org/"
#define EX "https://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

typedef struct {
  LdxSink sink;
  FILE*   nq; // or NULL
  size_t  n;  // triples so far
  size_t  max;
  int     status;
} Gen;

static LdxTerm
iri(const char* s)
{
  LdxTerm t = { LDX_TERM_IRI, ldx_str(s), { NULL, 0 }, { NULL, 0 } };
  return t;
}

static LdxTerm
blank(const char* s)
{
  LdxTerm t = { LDX_TERM_BLANK, ldx_str(s), { NULL, 0 }, { NULL, 0 } };
  return t;
}

static LdxTerm
lit(const char* s, const char* dt, const char* lang)
{
  LdxTerm t = { LDX_TERM_LITERAL, ldx_str(s), ldx_str(dt), ldx_str(lang) };
  return t;
}

static void
put_term(FILE* f, const LdxTerm* t)
{
  if (t->type == LDX_TERM_IRI) {
    fprintf(f, "<%s>", t->value.buf);
  } else if (t->type == LDX_TERM_BLANK) {
    fprintf(f, "_:%s", t->value.buf);
  } else {
    fprintf(f, "\"%s\"", t->value.buf); // the generated text needs no escape
    if (t->language.len) {
      fprintf(f, "@%s", t->language.buf);
    } else if (t->datatype.len) {
      fprintf(f, "^^<%s>", t->datatype.buf);
    }
  }
}

static void
emit(Gen* g, LdxTerm s, const char* p, LdxTerm o)
{
  if (g->n >= g->max || g->status) {
    return;
  }
  LdxTerm pt = iri(p);
  ++g->n;
  if (g->nq) {
    put_term(g->nq, &s);
    fputc(' ', g->nq);
    put_term(g->nq, &pt);
    fputc(' ', g->nq);
    put_term(g->nq, &o);
    fputs(" .\n", g->nq);
    return;
  }
  const LdxQuad q = { &s, &pt, &o, NULL };
  g->status       = (int)ldx_sink_quad(&g->sink, &q);
}

static void
generate(Gen* g)
{
  // 15.35 triples per event on average (venues and people included).
  const size_t events = g->max * 100 / 1535;
  char         a[160];
  char         b[160];
  char         c[160];
  for (size_t i = 0; i < events / 10 + 1; ++i) { // venues
    snprintf(a, sizeof a, EX "venues/%zu#place", i);
    snprintf(b, sizeof b, "address-%zu", i);
    snprintf(c, sizeof c, "geo-%zu", i);
    char name[64];
    snprintf(name, sizeof name, "Venue %zu", i);
    emit(g, iri(a), RDF_TYPE, iri(S "MusicVenue"));
    emit(g, iri(a), S "name", lit(name, NULL, NULL));
    emit(g, iri(a), S "address", blank(b));
    emit(g, blank(b), RDF_TYPE, iri(S "PostalAddress"));
    emit(g,
         blank(b),
         S "streetAddress",
         lit("Route des Batailleux 3", NULL, NULL));
    emit(
      g, blank(b), S "addressLocality", lit("Le Grand-Saconnex", NULL, NULL));
    emit(g, blank(b), S "postalCode", lit("1218", NULL, NULL));
    emit(g, blank(b), S "addressCountry", lit("CH", NULL, NULL));
    emit(g, iri(a), S "geo", blank(c));
    emit(g, blank(c), RDF_TYPE, iri(S "GeoCoordinates"));
    emit(g, blank(c), S "latitude", lit("46.2356", XSD "double", NULL));
    emit(g, blank(c), S "longitude", lit("6.1174", XSD "double", NULL));
  }
  for (size_t i = 0; i < events / 20 + 1; ++i) { // performers
    snprintf(a, sizeof a, EX "people/%zu#id", i);
    snprintf(b, sizeof b, "https://www.wikidata.org/wiki/Q%zu", 1000 + i);
    char name[64];
    snprintf(name, sizeof name, "Performer %zu", i);
    emit(g, iri(a), RDF_TYPE, iri(S "Person"));
    emit(g, iri(a), S "name", lit(name, NULL, NULL));
    emit(g, iri(a), S "sameAs", iri(b));
  }
  for (size_t i = 0; i < events; ++i) {
    char ev[96];
    char off[32];
    char name_en[64];
    char name_fr[64];
    char start[40];
    char end[40];
    snprintf(ev, sizeof ev, EX "events/%zu#event", i);
    snprintf(off, sizeof off, "offer-%zu", i);
    snprintf(name_en, sizeof name_en, "Concert number %zu", i);
    snprintf(name_fr, sizeof name_fr, "Concert numéro %zu", i);
    snprintf(start,
             sizeof start,
             "2026-%02zu-%02zuT20:00:00+02:00",
             1 + i % 12,
             1 + i % 28);
    snprintf(end,
             sizeof end,
             "2026-%02zu-%02zuT23:00:00+02:00",
             1 + i % 12,
             1 + i % 28);
    snprintf(a, sizeof a, EX "venues/%zu#place", i / 10);
    snprintf(b, sizeof b, EX "people/%zu#id", i / 20);
    snprintf(c, sizeof c, EX "tickets/%zu", i);
    emit(g, iri(ev), RDF_TYPE, iri(S "MusicEvent"));
    emit(g, iri(ev), S "name", lit(name_en, NULL, "en"));
    emit(g, iri(ev), S "name", lit(name_fr, NULL, "fr"));
    emit(g,
         iri(ev),
         S "description",
         lit("An evening of music <live> & more.", NULL, "en"));
    emit(g, iri(ev), S "startDate", lit(start, XSD "dateTime", NULL));
    emit(g, iri(ev), S "endDate", lit(end, XSD "dateTime", NULL));
    emit(g, iri(ev), S "eventStatus", iri(S "EventScheduled"));
    emit(g, iri(ev), S "location", iri(a));
    emit(g, iri(ev), S "performer", iri(b));
    emit(g, iri(ev), S "offers", blank(off));
    emit(g, blank(off), RDF_TYPE, iri(S "Offer"));
    emit(g, blank(off), S "price", lit("89.00", XSD "decimal", NULL));
    emit(g, blank(off), S "priceCurrency", lit("CHF", NULL, NULL));
    emit(g, blank(off), S "availability", iri(S "InStock"));
    emit(g, blank(off), S "url", iri(c));
  }
  for (size_t i = 0; g->n < g->max; ++i) { // pad to the exact count
    snprintf(a, sizeof a, EX "events/%zu#event", i % (events ? events : 1));
    snprintf(b, sizeof b, "keyword %zu", i);
    emit(g, iri(a), S "keywords", lit(b, NULL, NULL));
  }
}

static LdxStatus
count_write(void* stream, const void* buf, size_t len)
{
  (void)buf;
  *(size_t*)stream += len;
  return LDX_SUCCESS;
}

static double
now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void* a, const void* b)
{
  const double x = *(const double*)a;
  const double y = *(const double*)b;
  return (x > y) - (x < y);
}

int
main(int argc, char** argv)
{
  size_t      triples = 50000;
  int         runs    = 5;
  const char* nquads  = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) {
      triples = (size_t)strtoul(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "-r") && i + 1 < argc) {
      runs = (int)strtol(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "--nquads") && i + 1 < argc) {
      nquads = argv[++i];
    } else {
      fputs("Usage: jsonld_bench [-n TRIPLES] [-r RUNS] [--nquads FILE]\n",
            stderr);
      return 2;
    }
  }
  if (nquads) {
    Gen g;
    memset(&g, 0, sizeof g);
    g.max = triples;
    g.nq  = fopen(nquads, "w");
    if (!g.nq) {
      perror(nquads);
      return 1;
    }
    generate(&g);
    if (fclose(g.nq)) {
      perror(nquads);
      return 1;
    }
    fprintf(stderr, "%zu triples written to %s\n", g.n, nquads);
    return 0;
  }
  if (runs < 1 || runs > 100) {
    runs = 5;
  }
  double times[100];
  size_t bytes = 0;
  for (int r = 0; r < runs; ++r) {
    LdxWorld*       world = ldx_world_new(NULL);
    size_t          count = 0;
    LdxOutputStream out   = { &count, count_write, NULL };
    LdxWriter*      w     = NULL;
    if (!world ||
        ldx_writer_new(world, ldx_format_by_name("jsonld"), out, NULL, &w)) {
      return 1;
    }
    Gen g;
    memset(&g, 0, sizeof g);
    g.max          = triples;
    g.sink         = ldx_writer_sink(w);
    const double t = now();
    generate(&g);
    if (g.status || ldx_writer_finish(w)) {
      return 1;
    }
    times[r] = now() - t;
    bytes    = count;
    ldx_writer_free(w);
    ldx_world_free(world);
  }
  qsort(times, (size_t)runs, sizeof(double), cmp_double);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("jsonld writer: %zu triples -> %zu bytes of JSON-LD: median %.1f ms "
         "(min %.1f ms, %d runs), peak RSS %ld KiB\n",
         triples,
         bytes,
         times[runs / 2] * 1e3,
         times[0] * 1e3,
         runs,
         ru.ru_maxrss);
  return 0;
}
