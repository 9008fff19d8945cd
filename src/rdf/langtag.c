// SPDX-License-Identifier: MIT
#include "rdf/langtag.h"

// Grandfathered tags (RFC 5646 section 2.1, "irregular" and "regular"):
// listed because most of them do not match the langtag production.
static const char* const grandfathered[] = {
  "en-GB-oed", "i-ami",     "i-bnn",      "i-default",   "i-enochian",
  "i-hak",     "i-klingon", "i-lux",      "i-mingo",     "i-navajo",
  "i-pwn",     "i-tao",     "i-tay",      "i-tsu",       "sgn-BE-FR",
  "sgn-BE-NL", "sgn-CH-DE", "art-lojban", "cel-gaulish", "no-bok",
  "no-nyn",    "zh-guoyu",  "zh-hakka",   "zh-min",      "zh-min-nan",
  "zh-xiang",
};

static bool
is_alpha(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static char
lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool
equals_ci(const char* tag, size_t len, const char* word)
{
  size_t i = 0;
  for (; i < len && word[i]; ++i) {
    if (lower(tag[i]) != lower(word[i])) {
      return false;
    }
  }
  return i == len && !word[i];
}

// A subtag: its text, and what it is made of.
typedef struct {
  const char* s;
  size_t      n;
  bool        alpha; // only letters
  bool        digit; // only digits
} Subtag;

typedef struct {
  const char* tag;
  size_t      len;
  size_t      pos;
} Cursor;

// Read the next subtag; false at the end of the tag.  The shapes were
// checked before, so every subtag is 1-8 letters and digits.
static bool
next(Cursor* c, Subtag* t)
{
  if (c->pos >= c->len) {
    return false;
  }
  size_t i = c->pos;
  *t       = (Subtag){ c->tag + i, 0, true, true };
  for (; i < c->len && c->tag[i] != '-'; ++i) {
    if (is_alpha(c->tag[i])) {
      t->digit = false;
    } else {
      t->alpha = false;
    }
  }
  t->n   = i - c->pos;
  c->pos = i < c->len ? i + 1 : i;
  return true;
}

static bool
all_alpha(Subtag t, size_t min, size_t max)
{
  return t.alpha && t.n >= min && t.n <= max;
}

static bool
is_x(Subtag t)
{
  return t.n == 1 && lower(t.s[0]) == 'x';
}

// variant = 5*8alphanum / (DIGIT 3alphanum)
static bool
is_variant(Subtag t)
{
  return (t.n >= 5 && t.n <= 8) || (t.n == 4 && is_digit(t.s[0]));
}

bool
ldxi_langtag_is_valid(const char* tag, size_t len)
{
  if (!tag || !len) {
    return false;
  }
  for (size_t g = 0; g < sizeof(grandfathered) / sizeof(*grandfathered); ++g) {
    if (equals_ci(tag, len, grandfathered[g])) {
      return true;
    }
  }

  // Every subtag is 1*8alphanum: no empty, leading or trailing subtag.
  size_t run = 0;
  for (size_t i = 0; i < len; ++i) {
    if (tag[i] == '-') {
      if (!run) {
        return false;
      }
      run = 0;
    } else if (!(is_alpha(tag[i]) || is_digit(tag[i])) || ++run > 8) {
      return false;
    }
  }
  if (!run) {
    return false;
  }

  // The langtag fields in order; each has a shape the fields that may
  // follow it cannot have, so one look at a subtag decides its field.
  Cursor c = { tag, len, 0 };
  Subtag t;
  next(&c, &t);
  if (is_x(t)) {
    return c.pos < len; // privateuse = "x" 1*("-" (1*8alphanum))
  }
  // language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
  if (!all_alpha(t, 2, 8)) {
    return false;
  }
  const bool short_language = t.n <= 3;
  bool       have           = next(&c, &t);
  // extlang = 3ALPHA *2("-" 3ALPHA)
  for (int e = 0; short_language && have && e < 3 && all_alpha(t, 3, 3); ++e) {
    have = next(&c, &t);
  }
  if (have && all_alpha(t, 4, 4)) { // script
    have = next(&c, &t);
  }
  if (have && (all_alpha(t, 2, 2) || (t.digit && t.n == 3))) { // region
    have = next(&c, &t);
  }
  while (have && is_variant(t)) {
    have = next(&c, &t);
  }
  // extension = singleton 1*("-" (2*8alphanum))
  while (have && t.n == 1 && !is_x(t)) {
    size_t n_sub = 0;
    while ((have = next(&c, &t)) && t.n >= 2) {
      ++n_sub;
    }
    if (!n_sub) {
      return false;
    }
  }
  if (!have) {
    return true;
  }
  // ["-" privateuse]: the rest after "x", at least one subtag.
  return is_x(t) && c.pos < len;
}
