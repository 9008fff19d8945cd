// SPDX-License-Identifier: MIT
// Benchmark: write N quads (default 1M) of typical mapping output to
// /dev/null through
//   (a) our N-Quads writer,
//   (b) our N-Quads writer behind the duplicate filter,
//   (c) raptor's nquads serializer (terms converted per statement, as a
//       raptor-based writer must),
//   (d) a plain fprintf of the same text without escaping (the floor).
// Each is run 3 times; the best time is printed.
//
// Usage: write_nquads [N [VARIANTS]]   e.g. "write_nquads 1000000 ab"
// (build: make bench)
#include "ldexport.h"

#include <raptor2.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RUNS 3

// Strings carry their lengths, as the engine's terms do.
typedef struct {
  LdxStr* subjects;
  LdxStr* objects;
  size_t  n;
} Data;

static const char* const predicates[] = {
  "http://schema.org/name",
  "http://schema.org/startDate",
  "http://schema.org/location",
  "http://schema.org/performer",
  "http://schema.org/url",
  "http://schema.org/description",
  "http://xmlns.com/foaf/0.1/knows",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
};
#define N_PREDICATES (sizeof(predicates) / sizeof(predicates[0]))
static const char* const graph = "http://example.org/graph/events";

static double
now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char*
copy(const char* text)
{
  char* s = strdup(text);
  if (!s) {
    abort();
  }
  return s;
}

static void
make_data(Data* d, size_t n)
{
  d->n        = n;
  d->subjects = (LdxStr*)calloc(n, sizeof(LdxStr));
  d->objects  = (LdxStr*)calloc(n, sizeof(LdxStr));
  if (!d->subjects || !d->objects) {
    abort();
  }
  for (size_t i = 0; i < n; ++i) {
    char buf[128];
    snprintf(buf, sizeof(buf), "http://example.org/event/%zu", i / 4);
    d->subjects[i] = ldx_str(copy(buf));
    if (i % 3) {
      snprintf(buf, sizeof(buf), "Concert number %zu in the park", i);
    } else { // some escaping and non-ASCII
      snprintf(buf, sizeof(buf), "Caf\xC3\xA9 \"%zu\"\tnight", i);
    }
    d->objects[i] = ldx_str(copy(buf));
  }
}

static LdxStr pred_strs[N_PREDICATES];
static LdxStr graph_str;
static LdxStr lang_str;

// Quad i: the object is a literal, except for every fourth (an IRI).
static void
quad_at(const Data* d, size_t i, LdxTerm t[4], LdxQuad* q)
{
  static const LdxStr none = { NULL, 0 };
  t[0] = (LdxTerm){ LDX_TERM_IRI, d->subjects[i], none, none };
  t[1] = (LdxTerm){ LDX_TERM_IRI, pred_strs[i % N_PREDICATES], none, none };
  if (i % 4 == 3) {
    t[2] = (LdxTerm){ LDX_TERM_IRI, d->subjects[(i + 8) % d->n], none, none };
  } else {
    t[2] = (LdxTerm){
      LDX_TERM_LITERAL, d->objects[i], none, i % 2 ? lang_str : none
    };
  }
  t[3] = (LdxTerm){ LDX_TERM_IRI, graph_str, none, none };
  *q   = (LdxQuad){ &t[0], &t[1], &t[2], i % 2 ? &t[3] : NULL };
}

// An output stream on a file descriptor, without stdio in between.
static LdxStatus
fd_write(void* stream, const void* buf, size_t len)
{
  const int   fd = *(const int*)stream;
  const char* p  = (const char*)buf;
  while (len) {
    const ssize_t r = write(fd, p, len);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      return LDX_BAD_WRITE;
    }
    p += r;
    len -= (size_t)r;
  }
  return LDX_SUCCESS;
}

static double
run_ours(const Data* d, int fd, int dedup_first)
{
  LdxWorld*       world  = ldx_world_new(NULL);
  LdxOutputStream out    = { &fd, fd_write, NULL };
  LdxWriter*      writer = NULL;
  LdxDedup*       dedup  = NULL;
  if (!world ||
      ldx_writer_new(world, ldx_format_by_name("nquads"), out, NULL, &writer)) {
    abort();
  }
  LdxSink sink = ldx_writer_sink(writer);
  if (dedup_first) {
    if (ldx_dedup_new(world, sink, &dedup)) {
      abort();
    }
    sink = ldx_dedup_sink(dedup);
  }
  const double start = now();
  for (size_t i = 0; i < d->n; ++i) {
    LdxTerm t[4];
    LdxQuad q;
    quad_at(d, i, t, &q);
    if (ldx_sink_quad(&sink, &q)) {
      abort();
    }
  }
  if (ldx_writer_finish(writer)) {
    abort();
  }
  const double elapsed = now() - start;
  ldx_dedup_free(dedup);
  ldx_writer_free(writer);
  ldx_world_free(world);
  return elapsed;
}

static raptor_term*
raptor_term_of(raptor_world* rw, const LdxTerm* t)
{
  if (t->type == LDX_TERM_IRI) {
    return raptor_new_term_from_counted_uri_string(
      rw, (const unsigned char*)t->value.buf, t->value.len);
  }
  return raptor_new_term_from_counted_literal(
    rw,
    (const unsigned char*)t->value.buf,
    t->value.len,
    NULL,
    t->language.len ? (const unsigned char*)t->language.buf : NULL,
    (unsigned char)t->language.len);
}

static double
run_raptor(const Data* d, FILE* devnull)
{
  raptor_world* rw = raptor_new_world();
  if (!rw || raptor_world_open(rw)) {
    abort();
  }
  raptor_serializer* ser = raptor_new_serializer(rw, "nquads");
  raptor_iostream*   io  = raptor_new_iostream_to_file_handle(rw, devnull);
  if (!ser || !io || raptor_serializer_start_to_iostream(ser, NULL, io)) {
    abort();
  }
  const double start = now();
  for (size_t i = 0; i < d->n; ++i) {
    LdxTerm t[4];
    LdxQuad q;
    quad_at(d, i, t, &q);
    raptor_statement* st = raptor_new_statement_from_nodes(
      rw,
      raptor_term_of(rw, q.subject),
      raptor_term_of(rw, q.predicate),
      raptor_term_of(rw, q.object),
      q.graph ? raptor_term_of(rw, q.graph) : NULL);
    if (!st || raptor_serializer_serialize_statement(ser, st)) {
      abort();
    }
    raptor_free_statement(st);
  }
  raptor_serializer_serialize_end(ser);
  fflush(devnull);
  const double elapsed = now() - start;
  raptor_free_serializer(ser);
  raptor_free_iostream(io);
  raptor_free_world(rw);
  return elapsed;
}

static double
run_fprintf(const Data* d, FILE* devnull)
{
  const double start = now();
  for (size_t i = 0; i < d->n; ++i) {
    LdxTerm t[4];
    LdxQuad q;
    quad_at(d, i, t, &q);
    const char* g = q.graph ? graph : NULL;
    if (q.object->type == LDX_TERM_IRI) {
      fprintf(devnull,
              "<%s> <%s> <%s>%s%s%s .\n",
              q.subject->value.buf,
              q.predicate->value.buf,
              q.object->value.buf,
              g ? " <" : "",
              g ? g : "",
              g ? ">" : "");
    } else {
      fprintf(devnull,
              "<%s> <%s> \"%s\"%s%s%s%s%s .\n",
              q.subject->value.buf,
              q.predicate->value.buf,
              q.object->value.buf,
              q.object->language.len ? "@" : "",
              q.object->language.len ? q.object->language.buf : "",
              g ? " <" : "",
              g ? g : "",
              g ? ">" : "");
    }
  }
  fflush(devnull);
  return now() - start;
}

int
main(int argc, char** argv)
{
  const size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
  Data         d;
  make_data(&d, n);
  for (size_t k = 0; k < N_PREDICATES; ++k) {
    pred_strs[k] = ldx_str(predicates[k]);
  }
  graph_str         = ldx_str(graph);
  lang_str          = ldx_str("en");
  const int fd      = open("/dev/null", O_WRONLY);
  FILE*     devnull = fopen("/dev/null", "w");
  if (fd < 0 || !devnull) {
    perror("/dev/null");
    return 1;
  }

  const char* which   = argc > 2 ? argv[2] : "abcd";
  double      best[4] = { 1e30, 1e30, 1e30, 1e30 };
  for (int r = 0; r < RUNS; ++r) {
    for (int k = 0; k < 4; ++k) {
      if (!strchr(which, 'a' + k)) {
        continue;
      }
      const double t = k == 0   ? run_ours(&d, fd, 0)
                       : k == 1 ? run_ours(&d, fd, 1)
                       : k == 2 ? run_raptor(&d, devnull)
                                : run_fprintf(&d, devnull);
      best[k]        = t < best[k] ? t : best[k];
    }
  }
  static const char* const names[] = { "(a) ldexport nquads writer",
                                       "(b) ldexport writer behind dedup",
                                       "(c) raptor nquads serializer",
                                       "(d) fprintf, no escaping (floor)" };
  printf("%zu quads to /dev/null, best of %d runs:\n", n, RUNS);
  for (int k = 0; k < 4; ++k) {
    if (!strchr(which, 'a' + k)) {
      continue;
    }
    printf("  %-34s %8.3f s  %6.2f Mquads/s\n",
           names[k],
           best[k],
           (double)n / best[k] / 1e6);
  }

  for (size_t i = 0; i < n; ++i) {
    free((char*)d.subjects[i].buf);
    free((char*)d.objects[i].buf);
  }
  free(d.subjects);
  free(d.objects);
  close(fd);
  fclose(devnull);
  return 0;
}
