// SPDX-License-Identifier: MIT
// N-Quads parsing and dataset comparison for the conformance tests.
//
// The parser is deliberately lenient about layout (the upstream expected
// files are hand-written) but strict about terms, so that garbage written by
// the tool under test is reported instead of silently ignored.
//
// Blank nodes are matched by colour refinement (each node's colour is
// repeatedly re-hashed with the colours of the quads around it), then by
// individualising one node of a remaining tie at a time and backtracking.
// A candidate bijection is always checked quad by quad, so hash collisions
// can cost time but never produce a false "equal".
#include "rdfcmp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XSD_STRING "http://www.w3.org/2001/XMLSchema#string"

#if defined(__GNUC__)
#  define RC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define RC_PRINTF(f, a)
#endif

// Upper bound on search-tree nodes before giving up (never reached by the
// suites; protects against pathological inputs).
#define SEARCH_BUDGET 200000u

/* ---- allocation ------------------------------------------------------ */

static void*
xrealloc(void* p, size_t n)
{
  void* r = realloc(p, n ? n : 1);
  if (!r) {
    fputs("rdfcmp: out of memory\n", stderr);
    abort();
  }
  return r;
}

static void*
xmalloc(size_t n)
{
  return xrealloc(NULL, n);
}

static void*
xalloc_array_realloc(void* p, size_t n, size_t size)
{
  if (size && n > SIZE_MAX / size) {
    fputs("rdfcmp: allocation too large\n", stderr);
    abort();
  }
  return xrealloc(p, n * size);
}

static void*
xalloc_array(size_t n, size_t size)
{
  return xalloc_array_realloc(NULL, n, size);
}

static char*
xmemdup(const char* s, size_t n)
{
  char* r = xmalloc(n + 1);
  if (n) {
    memcpy(r, s, n);
  }
  r[n] = '\0';
  return r;
}

// Ensures room for `need` elements in a growable array.
static void*
grow(void* p, size_t* cap, size_t need, size_t size)
{
  if (need <= *cap) {
    return p;
  }
  size_t c = *cap ? *cap : 16;
  while (c < need) {
    if (c > SIZE_MAX / 2) {
      abort();
    }
    c *= 2;
  }
  *cap = c;
  return xalloc_array_realloc(p, c, size);
}

typedef struct {
  char*  p;
  size_t len;
  size_t cap;
} Buf;

static void
buf_put(Buf* b, const char* s, size_t n)
{
  b->p = grow(b->p, &b->cap, b->len + n + 1, 1);
  if (n) {
    memcpy(b->p + b->len, s, n);
  }
  b->len += n;
  b->p[b->len] = '\0';
}

static void
buf_putc(Buf* b, char c)
{
  buf_put(b, &c, 1);
}

/* ---- hashing --------------------------------------------------------- */

static uint64_t
mix64(uint64_t x)
{
  x ^= x >> 30;
  x *= UINT64_C(0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= UINT64_C(0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

// Order-sensitive combination: combine(combine(h, a), b) != ...(b), a).
static uint64_t
combine(uint64_t h, uint64_t v)
{
  return mix64(h ^ mix64(v + UINT64_C(0x9e3779b97f4a7c15)));
}

static uint64_t
hash_bytes(uint64_t h, const char* s, size_t n)
{
  h = combine(h, n);
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ (unsigned char)s[i]) * UINT64_C(0x100000001b3);
  }
  return mix64(h);
}

/* ---- ground terms ---------------------------------------------------- */

enum { KIND_IRI = 1, KIND_LITERAL = 2 };

typedef struct {
  char*    value;
  size_t   value_len;
  char*    extra; // literal: datatype IRI or lower-case language tag
  size_t   extra_len;
  uint64_t hash;
  uint8_t  kind;
  bool     lang;
} GTerm;

struct RcTerms {
  GTerm*    v; // term id i is v[i - 1]
  size_t    n;
  size_t    cap;
  uint32_t* slots; // open addressing over ids; 0 = empty
  size_t    nslots;
};

RcTerms*
rc_terms_new(void)
{
  RcTerms* t = xmalloc(sizeof *t);
  memset(t, 0, sizeof *t);
  return t;
}

void
rc_terms_free(RcTerms* terms)
{
  if (!terms) {
    return;
  }
  for (size_t i = 0; i < terms->n; ++i) {
    free(terms->v[i].value);
    free(terms->v[i].extra);
  }
  free(terms->v);
  free(terms->slots);
  free(terms);
}

static uint64_t
gterm_hash(uint8_t     kind,
           bool        lang,
           const char* value,
           size_t      value_len,
           const char* extra,
           size_t      extra_len)
{
  uint64_t h = combine(kind, lang);
  h          = hash_bytes(h, value, value_len);
  return hash_bytes(h, extra, extra_len);
}

static bool
gterm_eq(const GTerm* t,
         uint8_t      kind,
         bool         lang,
         const char*  value,
         size_t       value_len,
         const char*  extra,
         size_t       extra_len)
{
  return t->kind == kind && t->lang == lang && t->value_len == value_len &&
         t->extra_len == extra_len && !memcmp(t->value, value, value_len) &&
         !memcmp(t->extra, extra, extra_len);
}

static void
terms_rehash(RcTerms* t)
{
  size_t ns = t->nslots ? t->nslots * 2 : 64;
  free(t->slots);
  t->slots = xalloc_array(ns, sizeof *t->slots);
  memset(t->slots, 0, ns * sizeof *t->slots);
  t->nslots = ns;
  for (size_t i = 0; i < t->n; ++i) {
    size_t s = (size_t)t->v[i].hash & (ns - 1);
    while (t->slots[s]) {
      s = (s + 1) & (ns - 1);
    }
    t->slots[s] = (uint32_t)(i + 1);
  }
}

static int32_t
terms_intern(RcTerms*    t,
             uint8_t     kind,
             bool        lang,
             const char* value,
             size_t      value_len,
             const char* extra,
             size_t      extra_len)
{
  if ((t->n + 1) * 2 > t->nslots) {
    terms_rehash(t);
  }
  uint64_t h = gterm_hash(kind, lang, value, value_len, extra, extra_len);
  size_t   s = (size_t)h & (t->nslots - 1);
  while (t->slots[s]) {
    const GTerm* g = &t->v[t->slots[s] - 1];
    if (g->hash == h &&
        gterm_eq(g, kind, lang, value, value_len, extra, extra_len)) {
      return (int32_t)t->slots[s];
    }
    s = (s + 1) & (t->nslots - 1);
  }
  if (t->n >= INT32_MAX - 1) {
    abort();
  }
  t->v         = grow(t->v, &t->cap, t->n + 1, sizeof *t->v);
  GTerm* g     = &t->v[t->n++];
  g->value     = xmemdup(value, value_len);
  g->value_len = value_len;
  g->extra     = xmemdup(extra, extra_len);
  g->extra_len = extra_len;
  g->hash      = h;
  g->kind      = kind;
  g->lang      = lang;
  t->slots[s]  = (uint32_t)t->n;
  return (int32_t)t->n;
}

/* ---- datasets -------------------------------------------------------- */

// Term reference in a quad: > 0 ground term id, < 0 blank node -(index+1),
// 0 the default graph (graph position only).
typedef struct {
  int32_t  t[4];
  uint32_t line;
} Quad;

struct RcDataset {
  char*     name;
  Quad*     q;
  size_t    n;
  size_t    cap;
  char**    labels; // blank node labels, by index
  size_t    nlabels;
  size_t    labcap;
  uint32_t* lslots; // label hash table over index+1; 0 = empty
  size_t    nlslots;
};

size_t
rc_dataset_size(const RcDataset* ds)
{
  return ds->n;
}

void
rc_dataset_free(RcDataset* ds)
{
  if (!ds) {
    return;
  }
  for (size_t i = 0; i < ds->nlabels; ++i) {
    free(ds->labels[i]);
  }
  free(ds->labels);
  free(ds->lslots);
  free(ds->q);
  free(ds->name);
  free(ds);
}

static uint64_t
label_hash(const char* s, size_t n)
{
  return hash_bytes(7, s, n);
}

static void
labels_rehash(RcDataset* ds)
{
  size_t ns = ds->nlslots ? ds->nlslots * 2 : 64;
  free(ds->lslots);
  ds->lslots = xalloc_array(ns, sizeof *ds->lslots);
  memset(ds->lslots, 0, ns * sizeof *ds->lslots);
  ds->nlslots = ns;
  for (size_t i = 0; i < ds->nlabels; ++i) {
    const char* l = ds->labels[i];
    size_t      s = (size_t)label_hash(l, strlen(l)) & (ns - 1);
    while (ds->lslots[s]) {
      s = (s + 1) & (ns - 1);
    }
    ds->lslots[s] = (uint32_t)(i + 1);
  }
}

static int32_t
bnode_intern(RcDataset* ds, const char* label, size_t len)
{
  if ((ds->nlabels + 1) * 2 > ds->nlslots) {
    labels_rehash(ds);
  }
  size_t s = (size_t)label_hash(label, len) & (ds->nlslots - 1);
  while (ds->lslots[s]) {
    const char* l = ds->labels[ds->lslots[s] - 1];
    if (strlen(l) == len && !memcmp(l, label, len)) {
      return -(int32_t)ds->lslots[s];
    }
    s = (s + 1) & (ds->nlslots - 1);
  }
  if (ds->nlabels >= INT32_MAX - 1) {
    abort();
  }
  ds->labels =
    grow(ds->labels, &ds->labcap, ds->nlabels + 1, sizeof *ds->labels);
  ds->labels[ds->nlabels++] = xmemdup(label, len);
  ds->lslots[s]             = (uint32_t)ds->nlabels;
  return -(int32_t)ds->nlabels;
}

static int
cmp_terms4(const Quad* a, const Quad* b)
{
  for (int i = 0; i < 4; ++i) {
    if (a->t[i] != b->t[i]) {
      return a->t[i] < b->t[i] ? -1 : 1;
    }
  }
  return 0;
}

static int
cmp_quad_line(const void* pa, const void* pb)
{
  const Quad* a = pa;
  const Quad* b = pb;
  int         c = cmp_terms4(a, b);
  if (c) {
    return c;
  }
  return (a->line > b->line) - (a->line < b->line);
}

static int
cmp_quad(const void* pa, const void* pb)
{
  return cmp_terms4(pa, pb);
}

// Sorts and removes duplicates, keeping the first line of each quad.
static void
dataset_normalise(RcDataset* ds)
{
  if (ds->n < 2) {
    return;
  }
  qsort(ds->q, ds->n, sizeof *ds->q, cmp_quad_line);
  size_t w = 1;
  for (size_t r = 1; r < ds->n; ++r) {
    if (cmp_terms4(&ds->q[r], &ds->q[w - 1])) {
      ds->q[w++] = ds->q[r];
    }
  }
  ds->n = w;
}

/* ---- parser ---------------------------------------------------------- */

typedef struct {
  RcTerms*    terms;
  RcDataset*  ds;
  const char* p;   // cursor in the current line
  const char* end; // end of the current line
  size_t      line;
  char*       err;
  size_t      err_size;
  Buf         val;
  Buf         dt;
} Parser;

static bool RC_PRINTF(2, 3) perr(Parser* ps, const char* fmt, ...)
{
  if (ps->err && ps->err_size) {
    int n = snprintf(ps->err, ps->err_size, "%s:%zu: ", ps->ds->name, ps->line);
    if (n >= 0 && (size_t)n < ps->err_size) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(ps->err + n, ps->err_size - (size_t)n, fmt, ap);
      va_end(ap);
    }
  }
  return false;
}

static void
skip_ws(Parser* ps)
{
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
                             *ps->p == '\f' || *ps->p == '\v')) {
    ++ps->p;
  }
}

static bool
put_utf8(Buf* b, uint32_t cp)
{
  char out[4];
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return false;
  }
  if (cp < 0x80) {
    out[0] = (char)cp;
    buf_put(b, out, 1);
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    buf_put(b, out, 2);
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    buf_put(b, out, 3);
  } else {
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    buf_put(b, out, 4);
  }
  return true;
}

static bool
read_hex(const char* s, const char* end, int digits, uint32_t* out)
{
  if (end - s < digits) {
    return false;
  }
  uint32_t v = 0;
  for (int i = 0; i < digits; ++i) {
    char     c = s[i];
    uint32_t d = 0;
    if (c >= '0' && c <= '9') {
      d = (uint32_t)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = (uint32_t)(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = (uint32_t)(c - 'A' + 10);
    } else {
      return false;
    }
    v = v * 16 + d;
  }
  *out = v;
  return true;
}

// Decodes one escape sequence at ps->p (a backslash) into out.  UCHAR and
// ECHAR are accepted in both IRIs and literals so that every spelling of a
// character compares equal.  A UTF-16 surrogate pair written as two \u
// escapes (as some Java serialisers do) is combined.
static bool
parse_escape(Parser* ps, Buf* out)
{
  const char* s = ps->p + 1;
  if (s >= ps->end) {
    return perr(ps, "backslash at end of line");
  }
  char c = *s;
  switch (c) {
    case 't':
      buf_putc(out, '\t');
      break;
    case 'b':
      buf_putc(out, '\b');
      break;
    case 'n':
      buf_putc(out, '\n');
      break;
    case 'r':
      buf_putc(out, '\r');
      break;
    case 'f':
      buf_putc(out, '\f');
      break;
    case '"':
    case '\'':
    case '\\':
      buf_putc(out, c);
      break;
    case 'u':
    case 'U': {
      int      digits = c == 'u' ? 4 : 8;
      uint32_t cp     = 0;
      if (!read_hex(s + 1, ps->end, digits, &cp)) {
        return perr(ps, "bad \\%c escape", c);
      }
      s += digits;
      if (cp >= 0xD800 && cp <= 0xDBFF && ps->end - s >= 7 && s[1] == '\\' &&
          s[2] == 'u') {
        uint32_t lo = 0;
        if (read_hex(s + 3, ps->end, 4, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          s += 6;
        }
      }
      if (!put_utf8(out, cp)) {
        return perr(ps, "escape \\%c denotes no Unicode scalar value", c);
      }
      break;
    }
    default:
      return perr(ps, "unknown escape \\%c", c);
  }
  ps->p = s + 1;
  return true;
}

// Parses <...> into out (decoded).  Spaces and non-ASCII are tolerated
// (the suites' expected files have them); '<' is not, to catch a lost '>'.
static bool
parse_iri(Parser* ps, Buf* out)
{
  out->len = 0;
  buf_put(out, "", 0);
  ++ps->p; // '<'
  while (ps->p < ps->end) {
    char c = *ps->p;
    if (c == '>') {
      ++ps->p;
      return true;
    }
    if (c == '\\') {
      if (!parse_escape(ps, out)) {
        return false;
      }
      continue;
    }
    if (c == '<') {
      return perr(ps, "'<' inside an IRI (missing '>'?)");
    }
    buf_putc(out, c);
    ++ps->p;
  }
  return perr(ps, "unterminated IRI");
}

static bool
is_label_char(char c)
{
  unsigned char u = (unsigned char)c;
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
         (u >= '0' && u <= '9') || u == '_' || u == '-' || u == '.' ||
         u >= 0x80;
}

static bool
parse_bnode(Parser* ps, int32_t* id)
{
  if (ps->end - ps->p < 2 || ps->p[1] != ':') {
    return perr(ps, "expected '_:' of a blank node");
  }
  ps->p += 2;
  const char* start = ps->p;
  while (ps->p < ps->end && is_label_char(*ps->p)) {
    ++ps->p;
  }
  // A label cannot end with '.': that dot ends the statement.
  while (ps->p > start && ps->p[-1] == '.') {
    --ps->p;
  }
  if (ps->p == start) {
    return perr(ps, "empty blank node label");
  }
  *id = bnode_intern(ps->ds, start, (size_t)(ps->p - start));
  return true;
}

static bool
parse_literal(Parser* ps, int32_t* id)
{
  Buf* v = &ps->val;
  v->len = 0;
  buf_put(v, "", 0);
  ++ps->p; // '"'
  for (;;) {
    if (ps->p >= ps->end) {
      return perr(ps, "unterminated literal");
    }
    char c = *ps->p;
    if (c == '"') {
      ++ps->p;
      break;
    }
    if (c == '\\') {
      if (!parse_escape(ps, v)) {
        return false;
      }
      continue;
    }
    buf_putc(v, c);
    ++ps->p;
  }

  Buf* dt   = &ps->dt;
  bool lang = false;
  dt->len   = 0;
  buf_put(dt, "", 0);
  if (ps->p < ps->end && *ps->p == '@') {
    const char* start = ++ps->p;
    while (ps->p < ps->end && (is_label_char(*ps->p) && *ps->p != '.' &&
                               *ps->p != '_' && (unsigned char)*ps->p < 0x80)) {
      char c = *ps->p;
      buf_putc(dt, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
      ++ps->p;
    }
    if (ps->p == start || !((*start >= 'a' && *start <= 'z') ||
                            (*start >= 'A' && *start <= 'Z'))) {
      return perr(ps, "bad language tag");
    }
    lang = true;
  } else if (ps->end - ps->p >= 2 && ps->p[0] == '^' && ps->p[1] == '^') {
    ps->p += 2;
    if (ps->p >= ps->end || *ps->p != '<') {
      return perr(ps, "expected a datatype IRI after '^^'");
    }
    if (!parse_iri(ps, dt)) {
      return false;
    }
    // "x"^^xsd:string and "x" are the same term.
    if (dt->len == strlen(XSD_STRING) && !strcmp(dt->p, XSD_STRING)) {
      dt->len = 0;
    }
  }
  *id =
    terms_intern(ps->terms, KIND_LITERAL, lang, v->p, v->len, dt->p, dt->len);
  return true;
}

enum { ALLOW_IRI = 1, ALLOW_BNODE = 2, ALLOW_LITERAL = 4 };

static bool
parse_term(Parser* ps, int allowed, const char* what, int32_t* id)
{
  char c = ps->p < ps->end ? *ps->p : '\0';
  if (c == '<' && (allowed & ALLOW_IRI)) {
    if (!parse_iri(ps, &ps->val)) {
      return false;
    }
    *id =
      terms_intern(ps->terms, KIND_IRI, false, ps->val.p, ps->val.len, "", 0);
    return true;
  }
  if (c == '_' && (allowed & ALLOW_BNODE)) {
    return parse_bnode(ps, id);
  }
  if (c == '"' && (allowed & ALLOW_LITERAL)) {
    return parse_literal(ps, id);
  }
  if (ps->p >= ps->end) {
    return perr(ps, "line ends where the %s should be", what);
  }
  return perr(ps, "bad %s starting with '%c'", what, c);
}

static bool
parse_line(Parser* ps)
{
  skip_ws(ps);
  if (ps->p >= ps->end || *ps->p == '#') {
    return true;
  }
  Quad q = { { 0, 0, 0, 0 }, (uint32_t)ps->line };
  if (!parse_term(ps, ALLOW_IRI | ALLOW_BNODE, "subject", &q.t[0])) {
    return false;
  }
  skip_ws(ps);
  if (!parse_term(ps, ALLOW_IRI, "predicate", &q.t[1])) {
    return false;
  }
  skip_ws(ps);
  if (!parse_term(
        ps, ALLOW_IRI | ALLOW_BNODE | ALLOW_LITERAL, "object", &q.t[2])) {
    return false;
  }
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p != '.' && *ps->p != '#') {
    if (!parse_term(ps, ALLOW_IRI | ALLOW_BNODE, "graph name", &q.t[3])) {
      return false;
    }
    skip_ws(ps);
  }
  if (ps->p >= ps->end || *ps->p != '.') {
    return perr(ps, "expected '.' at the end of the statement");
  }
  ++ps->p;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p != '#') {
    return perr(ps, "unexpected text after '.'");
  }
  RcDataset* ds  = ps->ds;
  ds->q          = grow(ds->q, &ds->cap, ds->n + 1, sizeof *ds->q);
  ds->q[ds->n++] = q;
  return true;
}

// Transcodes UTF-16 text (after its byte order mark) to UTF-8 in out.
static bool
utf16_to_utf8(const unsigned char* s, size_t len, bool big_endian, Buf* out)
{
  if (len % 2) {
    return false;
  }
  for (size_t i = 0; i < len; i += 2) {
    uint32_t u = big_endian ? (uint32_t)(s[i] << 8 | s[i + 1])
                            : (uint32_t)(s[i + 1] << 8 | s[i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
      uint32_t lo = big_endian ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                               : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    if (!put_utf8(out, u)) {
      return false;
    }
  }
  return true;
}

RcDataset*
rc_parse_text(RcTerms*    terms,
              const char* name,
              const char* text,
              size_t      len,
              char*       err,
              size_t      err_size)
{
  RcDataset* ds = xmalloc(sizeof *ds);
  memset(ds, 0, sizeof *ds);
  ds->name  = xmemdup(name, strlen(name));
  Parser ps = { terms, ds, NULL, NULL, 0, err, err_size, { 0 }, { 0 } };

  // A byte order mark selects the encoding (the io suite has UTF-16).
  Buf                  utf8 = { 0 };
  const unsigned char* u    = (const unsigned char*)text;
  if (len >= 2 &&
      ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    if (!utf16_to_utf8(u + 2, len - 2, u[0] == 0xFE, &utf8)) {
      free(utf8.p);
      rc_dataset_free(ds);
      if (err && err_size) {
        snprintf(err, err_size, "%s:0: invalid UTF-16", name);
      }
      return NULL;
    }
    text = utf8.p ? utf8.p : "";
    len  = utf8.len;
  }
  const char* s   = text;
  const char* end = text + len;
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
  }
  bool ok = true;
  while (ok && s < end) {
    // Lines end at LF, CRLF or a lone CR.
    const char* e = s;
    while (e < end && *e != '\n' && *e != '\r') {
      ++e;
    }
    ++ps.line;
    ps.p   = s;
    ps.end = e;
    ok     = parse_line(&ps);
    if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n') {
      ++e;
    }
    s = e + 1;
  }
  free(ps.val.p);
  free(ps.dt.p);
  free(utf8.p);
  if (!ok) {
    rc_dataset_free(ds);
    return NULL;
  }
  dataset_normalise(ds);
  return ds;
}

RcDataset*
rc_parse_file(RcTerms* terms, const char* path, char* err, size_t err_size)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    if (err && err_size) {
      snprintf(err, err_size, "%s:0: cannot open: %s", path, strerror(errno));
    }
    return NULL;
  }
  Buf    b = { 0 };
  char   chunk[65536];
  size_t n = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    buf_put(&b, chunk, n);
  }
  bool read_error = ferror(f) != 0;
  fclose(f);
  if (read_error) {
    free(b.p);
    if (err && err_size) {
      snprintf(err, err_size, "%s:0: read error", path);
    }
    return NULL;
  }
  RcDataset* ds =
    rc_parse_text(terms, path, b.p ? b.p : "", b.len, err, err_size);
  free(b.p);
  return ds;
}

/* ---- printing -------------------------------------------------------- */

static void
put_uescape(FILE* f, unsigned char c)
{
  fprintf(f, "\\u%04X", (unsigned)c);
}

static void
write_iri(FILE* f, const char* s, size_t n)
{
  fputc('<', f);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F || c == '>' || c == '\\') {
      put_uescape(f, c);
    } else {
      fputc(c, f);
    }
  }
  fputc('>', f);
}

static void
write_term(FILE* f, const RcTerms* terms, const RcDataset* ds, int32_t t)
{
  if (t < 0) {
    fprintf(f, "_:%s", ds->labels[-t - 1]);
    return;
  }
  const GTerm* g = &terms->v[t - 1];
  if (g->kind == KIND_IRI) {
    write_iri(f, g->value, g->value_len);
    return;
  }
  fputc('"', f);
  for (size_t i = 0; i < g->value_len; ++i) {
    unsigned char c = (unsigned char)g->value[i];
    switch (c) {
      case '"':
        fputs("\\\"", f);
        break;
      case '\\':
        fputs("\\\\", f);
        break;
      case '\n':
        fputs("\\n", f);
        break;
      case '\r':
        fputs("\\r", f);
        break;
      case '\t':
        fputs("\\t", f);
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          put_uescape(f, c);
        } else {
          fputc(c, f);
        }
    }
  }
  fputc('"', f);
  if (g->lang) {
    fprintf(f, "@%s", g->extra);
  } else if (g->extra_len) {
    fputs("^^", f);
    write_iri(f, g->extra, g->extra_len);
  }
}

static void
write_quad(FILE* f, const RcTerms* terms, const RcDataset* ds, const Quad* q)
{
  for (int i = 0; i < 4; ++i) {
    if (i == 3 && q->t[3] == 0) {
      break;
    }
    if (i) {
      fputc(' ', f);
    }
    write_term(f, terms, ds, q->t[i]);
  }
  fputs(" .", f);
}

/* ---- isomorphism ----------------------------------------------------- */

// One side of the blank-node part of a comparison.
typedef struct {
  const Quad* q; // quads with at least one blank node, sorted
  size_t      nq;
  size_t      nb;  // blank nodes
  size_t*     off; // CSR: quads around blank node x are adj[off[x]..off[x+1])
  size_t*     adj;
  uint64_t*   c; // current colours
} Side;

typedef struct {
  const RcTerms* terms;
  Side           a;
  Side           b;
  uint64_t*      sigs; // scratch for quad signatures of one node
  uint64_t*      tmp;  // scratch, max(nb) entries
  uint64_t*      tmp2;
  size_t         budget;
} Iso;

enum {
  MARK_SELF    = 0x5e1f,
  MARK_DEFAULT = 0xdefa,
  MARK_START   = 0x57a7,
  MARK_INDIV   = 0x1d1d
};

static void
side_build_adjacency(Side* s)
{
  s->off = xalloc_array(s->nb + 1, sizeof *s->off);
  memset(s->off, 0, (s->nb + 1) * sizeof *s->off);
  // Count, then fill; a quad mentioning x twice is listed once for x.
  for (int pass = 0; pass < 2; ++pass) {
    size_t* fill = NULL;
    if (pass == 1) {
      for (size_t x = 0; x < s->nb; ++x) {
        s->off[x + 1] += s->off[x];
      }
      s->adj = xalloc_array(s->off[s->nb] ? s->off[s->nb] : 1, sizeof *s->adj);
      fill   = xalloc_array(s->nb ? s->nb : 1, sizeof *fill);
      for (size_t x = 0; x < s->nb; ++x) {
        fill[x] = s->off[x];
      }
    }
    for (size_t i = 0; i < s->nq; ++i) {
      const int32_t* t = s->q[i].t;
      for (int p = 0; p < 4; ++p) {
        if (t[p] >= 0) {
          continue;
        }
        bool seen = false;
        for (int k = 0; k < p; ++k) {
          seen = seen || t[k] == t[p];
        }
        if (seen) {
          continue;
        }
        size_t x = (size_t)(-t[p] - 1);
        if (pass == 0) {
          ++s->off[x + 1];
        } else {
          s->adj[fill[x]++] = i;
        }
      }
    }
    free(fill);
  }
}

static int
cmp_u64(const void* pa, const void* pb)
{
  uint64_t a = *(const uint64_t*)pa;
  uint64_t b = *(const uint64_t*)pb;
  return (a > b) - (a < b);
}

static uint64_t
quad_sig(const Iso* iso, const Side* s, const Quad* q, size_t x)
{
  uint64_t h = MARK_START;
  for (int p = 0; p < 4; ++p) {
    int32_t  t = q->t[p];
    uint64_t v = 0;
    if (t < 0) {
      v = (size_t)(-t - 1) == x ? MARK_SELF : s->c[-t - 1];
    } else if (t == 0) {
      v = MARK_DEFAULT;
    } else {
      v = iso->terms->v[t - 1].hash;
    }
    h = combine(h, v);
  }
  return h;
}

// One refinement round for side s into out.
static void
side_refine_once(Iso* iso, const Side* s, uint64_t* out)
{
  for (size_t x = 0; x < s->nb; ++x) {
    size_t k = 0;
    for (size_t j = s->off[x]; j < s->off[x + 1]; ++j) {
      iso->sigs[k++] = quad_sig(iso, s, &s->q[s->adj[j]], x);
    }
    qsort(iso->sigs, k, sizeof *iso->sigs, cmp_u64);
    uint64_t h = combine(s->c[x], k);
    for (size_t j = 0; j < k; ++j) {
      h = combine(h, iso->sigs[j]);
    }
    out[x] = h;
  }
}

static size_t
count_distinct(const uint64_t* c, size_t n, uint64_t* tmp)
{
  if (!n) {
    return 0;
  }
  memcpy(tmp, c, n * sizeof *c);
  qsort(tmp, n, sizeof *tmp, cmp_u64);
  size_t d = 1;
  for (size_t i = 1; i < n; ++i) {
    d += tmp[i] != tmp[i - 1];
  }
  return d;
}

static bool
same_colour_multiset(Iso* iso)
{
  if (iso->a.nb != iso->b.nb) {
    return false;
  }
  size_t n = iso->a.nb;
  if (!n) {
    return true;
  }
  memcpy(iso->tmp, iso->a.c, n * sizeof *iso->tmp);
  memcpy(iso->tmp2, iso->b.c, n * sizeof *iso->tmp2);
  qsort(iso->tmp, n, sizeof *iso->tmp, cmp_u64);
  qsort(iso->tmp2, n, sizeof *iso->tmp2, cmp_u64);
  return !memcmp(iso->tmp, iso->tmp2, n * sizeof *iso->tmp);
}

// Refines both sides in lockstep until neither partition gets finer.  When
// levels is not NULL, the colours after each round are appended to it.
static void
refine(Iso* iso, uint64_t** levels, size_t* nlevels)
{
  size_t    na   = iso->a.nb;
  size_t    nb   = iso->b.nb;
  size_t    maxn = na > nb ? na : nb;
  uint64_t* outa = xalloc_array(na ? na : 1, sizeof *outa);
  uint64_t* outb = xalloc_array(nb ? nb : 1, sizeof *outb);
  size_t    da   = count_distinct(iso->a.c, na, iso->tmp);
  size_t    db   = count_distinct(iso->b.c, nb, iso->tmp);
  for (size_t round = 0; round <= maxn; ++round) {
    side_refine_once(iso, &iso->a, outa);
    side_refine_once(iso, &iso->b, outb);
    memcpy(iso->a.c, outa, na * sizeof *outa);
    memcpy(iso->b.c, outb, nb * sizeof *outb);
    if (levels) {
      uint64_t* l = xalloc_array(na + nb ? na + nb : 1, sizeof *l);
      memcpy(l, outa, na * sizeof *l);
      memcpy(l + na, outb, nb * sizeof *l);
      levels[(*nlevels)++] = l;
    }
    size_t da2 = count_distinct(iso->a.c, na, iso->tmp);
    size_t db2 = count_distinct(iso->b.c, nb, iso->tmp);
    if (da2 == da && db2 == db) {
      break;
    }
    da = da2;
    db = db2;
  }
  free(outa);
  free(outb);
}

typedef struct {
  uint64_t c;
  size_t   i;
} ColourIdx;

static int
cmp_colour_idx(const void* pa, const void* pb)
{
  const ColourIdx* a = pa;
  const ColourIdx* b = pb;
  if (a->c != b->c) {
    return a->c < b->c ? -1 : 1;
  }
  return (a->i > b->i) - (a->i < b->i);
}

static ColourIdx*
sorted_colours(const Side* s)
{
  ColourIdx* v = xalloc_array(s->nb ? s->nb : 1, sizeof *v);
  for (size_t i = 0; i < s->nb; ++i) {
    v[i].c = s->c[i];
    v[i].i = i;
  }
  qsort(v, s->nb, sizeof *v, cmp_colour_idx);
  return v;
}

// Maps side a's quads through map (a-node -> b-node, or -1 = none) into a
// fresh sorted array; unmapped nodes get ids that match nothing in b.
static Quad*
map_quads(const Iso* iso, const int32_t* map)
{
  Quad* m = xalloc_array(iso->a.nq ? iso->a.nq : 1, sizeof *m);
  for (size_t i = 0; i < iso->a.nq; ++i) {
    m[i] = iso->a.q[i];
    for (int p = 0; p < 4; ++p) {
      int32_t t = m[i].t[p];
      if (t < 0) {
        size_t  x = (size_t)(-t - 1);
        int64_t y =
          map[x] >= 0 ? (int64_t)map[x] : (int64_t)iso->b.nb + (int64_t)x;
        m[i].t[p] = (int32_t)(-(y + 1));
      }
    }
    // Keep the original index for the diff in the line field's place.
    m[i].line = (uint32_t)i;
  }
  qsort(m, iso->a.nq, sizeof *m, cmp_quad);
  return m;
}

static bool
verify(const Iso* iso, const int32_t* map)
{
  if (iso->a.nq != iso->b.nq) {
    return false;
  }
  Quad* m  = map_quads(iso, map);
  bool  ok = true;
  for (size_t i = 0; ok && i < iso->a.nq; ++i) {
    ok = !cmp_terms4(&m[i], &iso->b.q[i]);
  }
  free(m);
  return ok;
}

// Returns 1 and fills map when an isomorphism exists below this node of the
// search tree, 0 when none does, -1 when the budget ran out.
static int
search(Iso* iso, int32_t* map, unsigned depth)
{
  if (iso->budget == 0) {
    return -1;
  }
  --iso->budget;
  refine(iso, NULL, NULL);
  if (!same_colour_multiset(iso)) {
    return 0;
  }
  size_t     n  = iso->a.nb;
  ColourIdx* va = sorted_colours(&iso->a);
  // Individualise within the smallest non-trivial colour class.
  size_t best     = SIZE_MAX;
  size_t best_len = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && va[j].c == va[i].c) {
      ++j;
    }
    if (j - i > 1 && (best == SIZE_MAX || j - i < best_len)) {
      best     = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best == SIZE_MAX) {
    // Discrete partition: the colours define the only candidate bijection.
    ColourIdx* vb = sorted_colours(&iso->b);
    for (size_t i = 0; i < n; ++i) {
      map[va[i].i] = (int32_t)vb[i].i;
    }
    free(vb);
    free(va);
    return verify(iso, map) ? 1 : 0;
  }
  size_t   a      = va[best].i;
  uint64_t colour = va[best].c;
  free(va);

  uint64_t* save_a = xalloc_array(n, sizeof *save_a);
  uint64_t* save_b = xalloc_array(n, sizeof *save_b);
  memcpy(save_a, iso->a.c, n * sizeof *save_a);
  memcpy(save_b, iso->b.c, n * sizeof *save_b);
  int      result = 0;
  uint64_t fresh  = combine(combine(colour, MARK_INDIV), depth);
  for (size_t b = 0; b < n && result == 0; ++b) {
    if (save_b[b] != colour) {
      continue;
    }
    iso->a.c[a] = fresh;
    iso->b.c[b] = fresh;
    result      = search(iso, map, depth + 1);
    if (result == 0) {
      memcpy(iso->a.c, save_a, n * sizeof *save_a);
      memcpy(iso->b.c, save_b, n * sizeof *save_b);
    }
  }
  free(save_a);
  free(save_b);
  return result;
}

static void
reset_colours(Iso* iso)
{
  for (size_t i = 0; i < iso->a.nb; ++i) {
    iso->a.c[i] = MARK_START;
  }
  for (size_t i = 0; i < iso->b.nb; ++i) {
    iso->b.c[i] = MARK_START;
  }
}

// Best-effort pairing of blank nodes for a readable diff when no
// isomorphism exists: pair nodes that agree on the deepest refinement level
// first, then on shallower ones.
static void
heuristic_map(Iso* iso, int32_t* map)
{
  size_t     na      = iso->a.nb;
  size_t     nb      = iso->b.nb;
  size_t     maxn    = na > nb ? na : nb;
  uint64_t** levels  = xalloc_array(maxn + 2, sizeof *levels);
  size_t     nlevels = 0;
  reset_colours(iso);
  refine(iso, levels, &nlevels);

  bool*      used_b = xalloc_array(nb ? nb : 1, sizeof *used_b);
  ColourIdx* va     = xalloc_array(na ? na : 1, sizeof *va);
  ColourIdx* vb     = xalloc_array(nb ? nb : 1, sizeof *vb);
  for (size_t i = 0; i < na; ++i) {
    map[i] = -1;
  }
  memset(used_b, 0, nb ? nb * sizeof *used_b : 0);
  for (size_t l = nlevels + 1; l-- > 0;) {
    size_t ka = 0;
    size_t kb = 0;
    for (size_t i = 0; i < na; ++i) {
      if (map[i] < 0) {
        va[ka].c   = l ? levels[l - 1][i] : 0;
        va[ka++].i = i;
      }
    }
    for (size_t i = 0; i < nb; ++i) {
      if (!used_b[i]) {
        vb[kb].c   = l ? levels[l - 1][na + i] : 0;
        vb[kb++].i = i;
      }
    }
    qsort(va, ka, sizeof *va, cmp_colour_idx);
    qsort(vb, kb, sizeof *vb, cmp_colour_idx);
    for (size_t i = 0, j = 0; i < ka && j < kb;) {
      if (va[i].c < vb[j].c) {
        ++i;
      } else if (va[i].c > vb[j].c) {
        ++j;
      } else {
        map[va[i].i]    = (int32_t)vb[j].i;
        used_b[vb[j].i] = true;
        ++i;
        ++j;
      }
    }
  }
  for (size_t l = 0; l < nlevels; ++l) {
    free(levels[l]);
  }
  free(levels);
  free(used_b);
  free(va);
  free(vb);
}

/* ---- comparison ------------------------------------------------------ */

typedef struct {
  const Quad* q;
  bool        expected;
} DiffItem;

static int
cmp_diff_item(const void* pa, const void* pb)
{
  const DiffItem* a = pa;
  const DiffItem* b = pb;
  if (a->expected != b->expected) {
    return a->expected ? -1 : 1;
  }
  return (a->q->line > b->q->line) - (a->q->line < b->q->line);
}

static bool
has_bnode(const Quad* q)
{
  return q->t[0] < 0 || q->t[1] < 0 || q->t[2] < 0 || q->t[3] < 0;
}

static void
print_diff(FILE*            f,
           const RcTerms*   terms,
           const RcDataset* exp,
           const RcDataset* act,
           DiffItem*        items,
           size_t           n,
           size_t           missing,
           size_t           extra)
{
  qsort(items, n, sizeof *items, cmp_diff_item);
  for (size_t i = 0; i < n; ++i) {
    bool e = items[i].expected;
    if (i == 0 || e != items[i - 1].expected) {
      size_t k = e ? missing : extra;
      fprintf(f,
              "%zu quad%s only in %s (%s):\n",
              k,
              k == 1 ? "" : "s",
              e ? "expected" : "actual",
              e ? exp->name : act->name);
    }
    fprintf(f, "  %c line %u: ", e ? '-' : '+', (unsigned)items[i].q->line);
    write_quad(f, terms, e ? exp : act, items[i].q);
    fputc('\n', f);
  }
}

RcResult
rc_compare(const RcTerms*   terms,
           const RcDataset* expected,
           const RcDataset* actual,
           FILE*            diff,
           RcDiffStats*     stats)
{
  RcDiffStats st     = { 0, 0 };
  DiffItem*   items  = xalloc_array(expected->n + actual->n + 1, sizeof *items);
  size_t      nitems = 0;

  // Split each side into ground quads and quads with blank nodes (both
  // stay sorted, as the datasets are).
  Quad*  ga  = xalloc_array(expected->n + 1, sizeof *ga);
  Quad*  na  = xalloc_array(expected->n + 1, sizeof *na);
  Quad*  gb  = xalloc_array(actual->n + 1, sizeof *gb);
  Quad*  nb  = xalloc_array(actual->n + 1, sizeof *nb);
  size_t nga = 0, nna = 0, ngb = 0, nnb = 0;
  for (size_t i = 0; i < expected->n; ++i) {
    if (has_bnode(&expected->q[i])) {
      na[nna++] = expected->q[i];
    } else {
      ga[nga++] = expected->q[i];
    }
  }
  for (size_t i = 0; i < actual->n; ++i) {
    if (has_bnode(&actual->q[i])) {
      nb[nnb++] = actual->q[i];
    } else {
      gb[ngb++] = actual->q[i];
    }
  }

  // Ground quads: plain set difference.
  for (size_t i = 0, j = 0; i < nga || j < ngb;) {
    int c = i >= nga ? 1 : j >= ngb ? -1 : cmp_terms4(&ga[i], &gb[j]);
    if (c < 0) {
      items[nitems++] = (DiffItem){ &ga[i++], true };
      ++st.missing;
    } else if (c > 0) {
      items[nitems++] = (DiffItem){ &gb[j++], false };
      ++st.extra;
    } else {
      ++i;
      ++j;
    }
  }

  // Blank-node quads: find a bijection, or the best pairing for the diff.
  Iso iso    = { 0 };
  iso.terms  = terms;
  iso.a.q    = na;
  iso.a.nq   = nna;
  iso.a.nb   = expected->nlabels;
  iso.b.q    = nb;
  iso.b.nq   = nnb;
  iso.b.nb   = actual->nlabels;
  iso.budget = SEARCH_BUDGET;
  side_build_adjacency(&iso.a);
  side_build_adjacency(&iso.b);
  size_t maxn   = iso.a.nb > iso.b.nb ? iso.a.nb : iso.b.nb;
  size_t maxdeg = 1;
  for (size_t x = 0; x < iso.a.nb; ++x) {
    size_t d = iso.a.off[x + 1] - iso.a.off[x];
    maxdeg   = d > maxdeg ? d : maxdeg;
  }
  for (size_t x = 0; x < iso.b.nb; ++x) {
    size_t d = iso.b.off[x + 1] - iso.b.off[x];
    maxdeg   = d > maxdeg ? d : maxdeg;
  }
  iso.sigs       = xalloc_array(maxdeg, sizeof *iso.sigs);
  iso.tmp        = xalloc_array(maxn ? maxn : 1, sizeof *iso.tmp);
  iso.tmp2       = xalloc_array(maxn ? maxn : 1, sizeof *iso.tmp2);
  iso.a.c        = xalloc_array(iso.a.nb ? iso.a.nb : 1, sizeof *iso.a.c);
  iso.b.c        = xalloc_array(iso.b.nb ? iso.b.nb : 1, sizeof *iso.b.c);
  int32_t* map   = xalloc_array(iso.a.nb ? iso.a.nb : 1, sizeof *map);
  int      found = 0;
  reset_colours(&iso);
  if (iso.a.nb == iso.b.nb && nna == nnb) {
    found = search(&iso, map, 0);
  }
  RcResult result = RC_EQUAL;
  if (found < 0) {
    result = RC_ERROR;
    if (diff) {
      fprintf(diff,
              "blank node matching gave up after %u search steps\n",
              SEARCH_BUDGET);
    }
  } else {
    if (found == 0) {
      heuristic_map(&iso, map);
    }
    Quad* m = map_quads(&iso, map);
    for (size_t i = 0, j = 0; i < nna || j < nnb;) {
      int c = i >= nna ? 1 : j >= nnb ? -1 : cmp_terms4(&m[i], &nb[j]);
      if (c < 0) {
        // m[i].line holds the index of the unmapped quad in na.
        items[nitems++] = (DiffItem){ &na[m[i++].line], true };
        ++st.missing;
      } else if (c > 0) {
        items[nitems++] = (DiffItem){ &nb[j++], false };
        ++st.extra;
      } else {
        ++i;
        ++j;
      }
    }
    free(m);
    // Without an isomorphism some quad is always left unmatched.
    if (st.missing || st.extra || found == 0) {
      result = RC_DIFFERENT;
    }
    if (result == RC_DIFFERENT && diff) {
      print_diff(
        diff, terms, expected, actual, items, nitems, st.missing, st.extra);
    }
  }

  free(map);
  free(iso.a.c);
  free(iso.b.c);
  free(iso.a.off);
  free(iso.a.adj);
  free(iso.b.off);
  free(iso.b.adj);
  free(iso.sigs);
  free(iso.tmp);
  free(iso.tmp2);
  free(ga);
  free(na);
  free(gb);
  free(nb);
  free(items);
  if (stats) {
    *stats = st;
  }
  return result;
}

RcResult
rc_compare_files(const char*  expected_path,
                 const char*  actual_path,
                 FILE*        diff,
                 RcDiffStats* stats,
                 char*        err,
                 size_t       err_size)
{
  RcTerms*   terms = rc_terms_new();
  RcDataset* exp   = rc_parse_file(terms, expected_path, err, err_size);
  RcDataset* act =
    exp ? rc_parse_file(terms, actual_path, err, err_size) : NULL;
  RcResult result = RC_ERROR;
  if (exp && act) {
    result = rc_compare(terms, exp, act, diff, stats);
    if (result == RC_ERROR && err && err_size) {
      snprintf(err, err_size, "%s:0: blank node matching gave up", actual_path);
    }
  }
  rc_dataset_free(exp);
  rc_dataset_free(act);
  rc_terms_free(terms);
  return result;
}
