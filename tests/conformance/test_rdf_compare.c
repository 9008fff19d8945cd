// SPDX-License-Identifier: MIT
// Unit tests of the dataset comparator (rdfcmp.c): parsing details, graphs
// that colour refinement alone cannot tell apart, and random datasets
// checked against a brute-force isomorphism test.
#undef NDEBUG

#include "rdfcmp.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers --------------------------------------------------------- */

typedef struct {
  char*  p;
  size_t len;
  size_t cap;
} Text;

static void
text_add(Text* t, const char* s)
{
  size_t n = strlen(s);
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->p   = realloc(t->p, t->cap);
    assert(t->p);
  }
  memcpy(t->p + t->len, s, n + 1);
  t->len += n;
}

static RcResult
compare_text(const char*  a,
             size_t       alen,
             const char*  b,
             size_t       blen,
             RcDiffStats* st)
{
  char       err[256] = "";
  RcTerms*   terms    = rc_terms_new();
  RcDataset* da       = rc_parse_text(terms, "a", a, alen, err, sizeof err);
  if (!da) {
    fprintf(stderr, "unexpected parse error: %s\n", err);
    abort();
  }
  RcDataset* db = rc_parse_text(terms, "b", b, blen, err, sizeof err);
  if (!db) {
    fprintf(stderr, "unexpected parse error: %s\n", err);
    abort();
  }
  RcDiffStats tmp;
  RcResult    r = rc_compare(terms, da, db, NULL, st ? st : &tmp);
  rc_dataset_free(da);
  rc_dataset_free(db);
  rc_terms_free(terms);
  return r;
}

static RcResult
compare_str(const char* a, const char* b)
{
  return compare_text(a, strlen(a), b, strlen(b), NULL);
}

static uint64_t rng_state = UINT64_C(0x2545f4914f6cdd1d);

static unsigned
rnd(unsigned n)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

/* ---- parsing --------------------------------------------------------- */

static void
test_parse_errors(void)
{
  static const struct {
    const char* text;
    const char* err;
  } cases[] = {
    { "<a> <b> <c>", "x:1: expected '.' at the end of the statement" },
    { "<a> <b> <c> # no dot\n",
      "x:1: expected '.' at the end of the statement" },
    { "\n\n<a> <b> \"c .\n", "x:3: unterminated literal" },
    { "<a> \"b\" <c> .\n", "x:1: bad predicate starting with '\"'" },
    { "\"a\" <b> <c> .\n", "x:1: bad subject starting with '\"'" },
    { "<a> <b> <c> \"g\" .\n", "x:1: bad graph name starting with '\"'" },
    { "<a> <b> <c> . extra\n", "x:1: unexpected text after '.'" },
    { "<a> <b> \"c\"@ .\n", "x:1: bad language tag" },
    { "<a> <b> \"c\"^^\"d\" .\n", "x:1: expected a datatype IRI after '^^'" },
    { "<a> <b> _: .\n", "x:1: empty blank node label" },
    { "<a> <b> \"\\u12\" .\n", "x:1: bad \\u escape" },
    { "<a> <b> \"\\UFFFFFFFF\" .\n",
      "x:1: escape \\U denotes no Unicode scalar value" },
    { "# c\r\n<a> <b>\r\n", "x:2: line ends where the object should be" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    char       err[256] = "";
    RcTerms*   terms    = rc_terms_new();
    RcDataset* ds       = rc_parse_text(
      terms, "x", cases[i].text, strlen(cases[i].text), err, sizeof err);
    if (ds || strcmp(err, cases[i].err)) {
      fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, err, cases[i].err);
      abort();
    }
    rc_terms_free(terms);
  }
}

static void
test_parse_layout(void)
{
  char     err[256] = "";
  RcTerms* terms    = rc_terms_new();
  // BOM, CR-only and CRLF line ends, comments, duplicates, no final newline.
  const char text[] = "\xEF\xBB\xBF# c\r<a> <b> <c>.\r\n<a> <b> <c> .  # x\n"
                      "\n<a> <b> \"c\" <g>";
  RcDataset* ds =
    rc_parse_text(terms, "x", text, sizeof text - 1, err, sizeof err);
  assert(!ds);
  assert(!strcmp(err, "x:5: expected '.' at the end of the statement"));
  size_t upto = (size_t)(strrchr(text, '\n') - text) + 1; // drop last line
  ds          = rc_parse_text(terms, "x", text, upto, err, sizeof err);
  assert(ds);
  assert(rc_dataset_size(ds) == 1);
  rc_dataset_free(ds);

  // UTF-16 with a byte order mark, both byte orders.
  const char  le[] = "\xFF\xFE<\0a\0>\0 \0<\0b\0>\0 \0\"\0\xE9\0\"\0 \0.\0";
  const char  be[] = "\xFE\xFF\0<\0a\0>\0 \0<\0b\0>\0 \0\"\0\xE9\0\"\0 \0.";
  const char* utf8 = "<a> <b> \"\xC3\xA9\" .";
  const char* esc  = "<a> <b> \"\\u00e9\" .";
  assert(compare_text(le, sizeof le - 1, utf8, strlen(utf8), NULL) == RC_EQUAL);
  assert(compare_text(be, sizeof be - 1, esc, strlen(esc), NULL) == RC_EQUAL);
  ds = rc_parse_text(terms, "odd", le, sizeof le - 2, err, sizeof err);
  assert(!ds && !strcmp(err, "odd:0: invalid UTF-16"));
  rc_terms_free(terms);
}

static void
test_terms(void)
{
  assert(compare_str("<a> <b> \"x\" .",
                     "<a> <b> \"x\"^^<http://www.w3.org/"
                     "2001/XMLSchema#string> .") == RC_EQUAL);
  assert(compare_str("<a> <b> \"x\"@EN-us .", "<a> <b> \"x\"@en-US .") ==
         RC_EQUAL);
  // An empty file and a comment-only file are both the empty dataset.
  assert(compare_text("", 0, "# empty database\n", 17, NULL) == RC_EQUAL);
  assert(compare_str("", "<a> <b> <c> .") == RC_DIFFERENT);
  assert(compare_str("<a> <b> \"x\"@en .", "<a> <b> \"x\" .") == RC_DIFFERENT);
  assert(compare_str("<a> <b> \"x\" .", "<a> <b> <x> .") == RC_DIFFERENT);
  assert(compare_str("<a> <b> <_:x> .", "<a> <b> _:x .") == RC_DIFFERENT);
  assert(compare_str("<a> <b> \"1\"^^<i> .", "<a> <b> \"1\"^^<j> .") ==
         RC_DIFFERENT);
  assert(compare_str("<a> <b> <c> .", "<a> <b> <c> <g> .") == RC_DIFFERENT);
  assert(compare_str("<a> <b> \"\\\"\\\\\\n\\r\\t\\b\\f\\'\" .",
                     "<a> <b> \"\\u0022\\u005C\\u000A\\u000D\\u0009\\u0008"
                     "\\u000C'\" .") == RC_EQUAL);
  // A surrogate pair written as two escapes is one character.
  assert(compare_str("<a> <b> \"\\uD83D\\uDE00\" .",
                     "<a> <b> \"\xF0\x9F\x98\x80\" .") == RC_EQUAL);
  assert(compare_str("<\\u0061> <b> \"x\" .", "<a> <b> \"x\" .") == RC_EQUAL);
  // U+0000 is a valid character, not a terminator.
  assert(compare_str("<a> <b> \"x\\u0000y\" .", "<a> <b> \"x\\u0000z\" .") ==
         RC_DIFFERENT);
}

/* ---- hard graphs ----------------------------------------------------- */

// Writes an undirected graph as pairs of blank-node triples, labels
// permuted by perm (NULL = identity), lines in a random order.
static char*
graph_text(unsigned n,
           unsigned char (*adj)[16],
           const unsigned* perm,
           const char*     prefix)
{
  char**   lines = calloc(n * n, sizeof *lines);
  unsigned m     = 0;
  assert(lines);
  for (unsigned i = 0; i < n; ++i) {
    for (unsigned j = 0; j < n; ++j) {
      if (adj[i][j]) {
        char buf[96];
        snprintf(buf,
                 sizeof buf,
                 "_:%s%u <http://e/adj> _:%s%u .\n",
                 prefix,
                 perm ? perm[i] : i,
                 prefix,
                 perm ? perm[j] : j);
        lines[m++] = strdup(buf);
      }
    }
  }
  for (unsigned i = m; i > 1; --i) {
    unsigned k   = rnd(i);
    char*    t   = lines[i - 1];
    lines[i - 1] = lines[k];
    lines[k]     = t;
  }
  Text t = { 0 };
  text_add(&t, "");
  for (unsigned i = 0; i < m; ++i) {
    text_add(&t, lines[i]);
    free(lines[i]);
  }
  free(lines);
  return t.p;
}

static void
random_perm(unsigned* p, unsigned n)
{
  for (unsigned i = 0; i < n; ++i) {
    p[i] = i;
  }
  for (unsigned i = n; i > 1; --i) {
    unsigned k = rnd(i);
    unsigned t = p[i - 1];
    p[i - 1]   = p[k];
    p[k]       = t;
  }
}

// The 4x4 rook's graph and the Shrikhande graph are both strongly regular
// with parameters (16, 6, 2, 2): every blank node gets the same colour at
// every refinement round, so only the search can tell them apart.
static void
test_strongly_regular(void)
{
  unsigned char rook[16][16];
  unsigned char shri[16][16];
  memset(rook, 0, sizeof rook);
  memset(shri, 0, sizeof shri);
  for (unsigned a = 0; a < 16; ++a) {
    for (unsigned b = 0; b < 16; ++b) {
      unsigned ai = a / 4, aj = a % 4, bi = b / 4, bj = b % 4;
      rook[a][b]  = a != b && (ai == bi || aj == bj);
      unsigned di = (bi + 4 - ai) % 4, dj = (bj + 4 - aj) % 4;
      shri[a][b] = (di == 0 && (dj == 1 || dj == 3)) ||
                   (dj == 0 && (di == 1 || di == 3)) ||
                   (di == dj && (di == 1 || di == 3));
    }
  }
  unsigned perm[16];
  for (int round = 0; round < 5; ++round) {
    random_perm(perm, 16);
    char*       r1 = graph_text(16, rook, NULL, "r");
    char*       r2 = graph_text(16, rook, perm, "x");
    char*       s1 = graph_text(16, shri, NULL, "s");
    char*       s2 = graph_text(16, shri, perm, "y");
    RcDiffStats st;
    assert(compare_text(r1, strlen(r1), r2, strlen(r2), &st) == RC_EQUAL);
    assert(compare_text(s1, strlen(s1), s2, strlen(s2), &st) == RC_EQUAL);
    assert(compare_text(r1, strlen(r1), s2, strlen(s2), &st) == RC_DIFFERENT);
    assert(st.missing > 0 && st.missing == st.extra);
    assert(compare_text(s1, strlen(s1), r2, strlen(r2), &st) == RC_DIFFERENT);
    free(r1);
    free(r2);
    free(s1);
    free(s2);
  }
}

// A long cycle against a relabelled copy and against two half cycles.
static void
test_cycles(void)
{
  enum { N = 120 };
  unsigned perm[N];
  random_perm(perm, N);
  Text a = { 0 }, b = { 0 }, c = { 0 };
  text_add(&a, "");
  text_add(&b, "");
  text_add(&c, "");
  for (unsigned i = 0; i < N; ++i) {
    char buf[96];
    snprintf(
      buf, sizeof buf, "_:a%u <http://e/next> _:a%u .\n", i, (i + 1) % N);
    text_add(&a, buf);
    snprintf(buf,
             sizeof buf,
             "_:b%u <http://e/next> _:b%u .\n",
             perm[i],
             perm[(i + 1) % N]);
    text_add(&b, buf);
    unsigned half = i < N / 2 ? 0 : N / 2;
    snprintf(buf,
             sizeof buf,
             "_:c%u <http://e/next> _:c%u .\n",
             i,
             half + (i - half + 1) % (N / 2));
    text_add(&c, buf);
  }
  assert(compare_text(a.p, a.len, b.p, b.len, NULL) == RC_EQUAL);
  assert(compare_text(a.p, a.len, c.p, c.len, NULL) == RC_DIFFERENT);
  free(a.p);
  free(b.p);
  free(c.p);
}

/* ---- random datasets against brute force ----------------------------- */

enum { MAXB = 6, MAXQ = 14 };

// Terms: 0..MAXB-1 blank nodes, 100+ IRIs, 200+ literals, -1 default graph.
typedef struct {
  int t[4];
} Q;

typedef struct {
  Q        q[MAXQ];
  unsigned n;
} Set;

static int
cmp_q(const void* pa, const void* pb)
{
  const Q* a = pa;
  const Q* b = pb;
  for (int i = 0; i < 4; ++i) {
    if (a->t[i] != b->t[i]) {
      return a->t[i] < b->t[i] ? -1 : 1;
    }
  }
  return 0;
}

static void
set_normalise(Set* s)
{
  qsort(s->q, s->n, sizeof s->q[0], cmp_q);
  unsigned w = 0;
  for (unsigned r = 0; r < s->n; ++r) {
    if (!w || cmp_q(&s->q[r], &s->q[w - 1])) {
      s->q[w++] = s->q[r];
    }
  }
  s->n = w;
}

static int
random_term(unsigned nb, bool literal_ok)
{
  unsigned k = rnd(literal_ok ? 10 : 7);
  if (k < 4 && nb) {
    return (int)rnd(nb);
  }
  if (k < 7) {
    return 100 + (int)rnd(3);
  }
  return 200 + (int)rnd(2);
}

static void
random_set(Set* s, unsigned nb)
{
  s->n = 1 + rnd(MAXQ);
  for (unsigned i = 0; i < s->n; ++i) {
    Q* q       = &s->q[i];
    q->t[0]    = random_term(nb, false);
    q->t[1]    = 100 + (int)rnd(2);
    q->t[2]    = random_term(nb, true);
    unsigned g = rnd(6);
    q->t[3]    = g < 3 ? -1 : g < 5 ? 100 + (int)rnd(2) : (int)rnd(nb ? nb : 1);
    if (q->t[3] >= 0 && q->t[3] < MAXB && !nb) {
      q->t[3] = -1;
    }
  }
}

static unsigned
used_bnodes(const Set* s, int* list)
{
  bool seen[MAXB] = { false };
  for (unsigned i = 0; i < s->n; ++i) {
    for (int p = 0; p < 4; ++p) {
      int t = s->q[i].t[p];
      if (t >= 0 && t < MAXB) {
        seen[t] = true;
      }
    }
  }
  unsigned n = 0;
  for (int b = 0; b < MAXB; ++b) {
    if (seen[b]) {
      list[n++] = b;
    }
  }
  return n;
}

static bool
next_perm(int* a, unsigned n)
{
  if (n < 2) {
    return false;
  }
  unsigned i = n - 1;
  while (i > 0 && a[i - 1] >= a[i]) {
    --i;
  }
  if (i == 0) {
    return false;
  }
  unsigned j = n - 1;
  while (a[j] <= a[i - 1]) {
    --j;
  }
  int t    = a[i - 1];
  a[i - 1] = a[j];
  a[j]     = t;
  for (unsigned l = i, r = n - 1; l < r; ++l, --r) {
    t    = a[l];
    a[l] = a[r];
    a[r] = t;
  }
  return true;
}

static bool
brute_isomorphic(const Set* a, const Set* b)
{
  int      la[MAXB], lb[MAXB];
  unsigned na = used_bnodes(a, la);
  unsigned nb = used_bnodes(b, lb);
  if (na != nb || a->n != b->n) {
    return false;
  }
  int perm[MAXB];
  for (unsigned i = 0; i < na; ++i) {
    perm[i] = (int)i;
  }
  do {
    int map[MAXB];
    for (unsigned i = 0; i < na; ++i) {
      map[la[i]] = lb[perm[i]];
    }
    Set m = *a;
    for (unsigned i = 0; i < m.n; ++i) {
      for (int p = 0; p < 4; ++p) {
        int t = m.q[i].t[p];
        if (t >= 0 && t < MAXB) {
          m.q[i].t[p] = map[t];
        }
      }
    }
    set_normalise(&m);
    if (!memcmp(m.q, b->q, m.n * sizeof m.q[0])) {
      return true;
    }
  } while (next_perm(perm, na));
  return false;
}

static void
term_text(Text* t, int term, const int* labels, const char* prefix)
{
  char buf[64];
  if (term >= 0 && term < MAXB) {
    snprintf(buf, sizeof buf, "_:%s%d", prefix, labels ? labels[term] : term);
  } else if (term >= 200) {
    snprintf(buf, sizeof buf, "\"lit%d\"", term - 200);
  } else {
    snprintf(buf, sizeof buf, "<http://e/%d>", term - 100);
  }
  text_add(t, buf);
}

// Serialises with permuted labels, shuffled lines and a duplicate line.
static char*
set_text(const Set* s, const char* prefix)
{
  int      labels[MAXB];
  unsigned order[MAXQ + 1];
  for (int i = 0; i < MAXB; ++i) {
    labels[i] = i;
  }
  for (int i = MAXB; i > 1; --i) {
    int k         = (int)rnd((unsigned)i);
    int t         = labels[i - 1];
    labels[i - 1] = labels[k];
    labels[k]     = t;
  }
  random_perm(order, s->n);
  order[s->n] = order[0];
  Text t      = { 0 };
  text_add(&t, "");
  for (unsigned i = 0; i <= s->n; ++i) {
    const Q* q = &s->q[order[i]];
    for (int p = 0; p < 4; ++p) {
      if (p == 3 && q->t[3] == -1) {
        break;
      }
      term_text(&t, q->t[p], labels, prefix);
      text_add(&t, " ");
    }
    text_add(&t, ".\n");
  }
  return t.p;
}

static void
check_pair(const Set* a, const Set* b, unsigned* equal_count)
{
  Set na = *a, nb = *b;
  set_normalise(&na);
  set_normalise(&nb);
  bool        want = brute_isomorphic(&na, &nb);
  char*       ta   = set_text(a, "p");
  char*       tb   = set_text(b, "q");
  RcDiffStats st;
  RcResult    got = compare_text(ta, strlen(ta), tb, strlen(tb), &st);
  if (got != (want ? RC_EQUAL : RC_DIFFERENT)) {
    fprintf(stderr,
            "comparator says %d, brute force %s\n--- a\n%s--- b\n%s",
            (int)got,
            want ? "isomorphic" : "different",
            ta,
            tb);
    abort();
  }
  // The diff counts must explain the size difference.
  assert(want ? st.missing == 0 && st.extra == 0 : st.missing + st.extra > 0);
  assert((long)na.n - (long)st.missing == (long)nb.n - (long)st.extra);
  *equal_count += want;
  free(ta);
  free(tb);
}

static void
test_random(void)
{
  unsigned equal = 0, trials = 0;
  for (int i = 0; i < 1500; ++i) {
    unsigned nb = 1 + rnd(MAXB);
    Set      a;
    random_set(&a, nb);
    // Same dataset relabelled: always equal.
    check_pair(&a, &a, &equal);
    // One term changed: usually different, sometimes not.
    Set      b  = a;
    unsigned k  = rnd(b.n);
    int      p  = (int)rnd(3) == 0 ? 0 : 2;
    b.q[k].t[p] = random_term(nb, p == 2);
    check_pair(&a, &b, &equal);
    // Subject and object swapped, when that is still a valid quad.
    b = a;
    if (b.q[k].t[2] < 200) {
      int t       = b.q[k].t[0];
      b.q[k].t[0] = b.q[k].t[2];
      b.q[k].t[2] = t;
      check_pair(&a, &b, &equal);
    }
    // Two unrelated small datasets.
    Set c, d;
    random_set(&c, 1 + rnd(3));
    random_set(&d, 1 + rnd(3));
    c.n = d.n = 1 + rnd(3);
    check_pair(&c, &d, &equal);
    trials += 4;
  }
  printf("random: %u comparisons, %u isomorphic\n", trials, equal);
  assert(equal > 1500 && equal < trials);
}

int
main(void)
{
  test_parse_errors();
  test_parse_layout();
  test_terms();
  test_strongly_regular();
  test_cycles();
  test_random();
  puts("test_rdf_compare: all tests passed");
  return 0;
}
