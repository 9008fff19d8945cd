// SPDX-License-Identifier: MIT
// The streaming reader: a resumable byte-level validator ("skimmer") walks
// the text chunk by chunk and follows the query's steps; where a record
// starts, the document parser takes over on the buffered bytes (and starts
// again with more bytes if the record runs past the buffer).
#include "json/json_stream.h"

#include "json/json_impl.h"

#include "core/alloc.h"
#include "rdf/utf8.h"

#include <stdio.h>

// Where the skimmer is.
typedef enum {
  ST_VALUE,       // a value must start (top level, after ':')
  ST_ARRAY_FIRST, // after '[': a value or ']'
  ST_ARRAY_NEXT,  // after ',' in an array: a value
  ST_KEY_FIRST,   // after '{': a member name or '}'
  ST_KEY,         // after ',' in an object: a member name
  ST_COLON,       // after a member name
  ST_AFTER,       // after a value in a container: ',' or its closer
  ST_END,         // after the top-level value: white space only
  ST_STRING,      // inside a string (see Stream.key)
  ST_NUMBER,      // inside a number (see Stream.num)
  ST_LITERAL,     // inside true, false or null
} State;

// Where a number is; the first four may end it.
typedef enum {
  N_ZERO,  // after a leading '0'
  N_INT,   // in the integer digits
  N_FRAC,  // in the fraction digits
  N_EXP,   // in the exponent digits
  N_MINUS, // after '-'
  N_DOT,   // after '.'
  N_E,     // after 'e'
  N_ESIGN, // after the exponent's sign
} NumState;

// An open container on the query's path.
typedef struct {
  bool    object;
  bool    match;      // the current child is on the path
  bool    seen;       // NAME step: a member with the name was seen
  bool    key_long;   // NAME step: the current name is longer than it
  size_t  index;      // arrays: index of the current child
  size_t  seen_count; // records read when the name was last seen
  LdxiBuf key;        // objects: the current member name, unescaped
} Live;

typedef struct {
  LdxWorld*                    world;
  const LdxiJsonStreamOptions* opt;
  LdxiArena*                   arena;
  LdxiJsonError*               err;
  size_t                       chunk;
  size_t                       max_depth;

  // The buffer holds the text from absolute offset `base`; bytes before
  // `pos` are consumed.  `line`/`column` are the position of buf[0].
  char*  buf;
  size_t cap;
  size_t len;
  size_t pos;
  bool   eof;
  size_t base;
  size_t line;
  size_t column;

  // Containers: all of them (kinds, 1 = object), and the first `n_live`
  // on the path.
  unsigned char*   kinds;
  size_t           cap_kinds;
  size_t           depth;
  Live*            live;
  size_t           n_live;
  LdxiJsonPathLoc* locs; // locs[i]: the current child of live[i]

  State state;
  bool  at_record;
  // Strings
  bool          key;     // a member name
  Live*         collect; // unescape it into collect->key
  unsigned      esc;     // bytes of the current escape seen (0: none)
  unsigned      cp;      // code unit being read by an escape
  unsigned      high;    // pending high surrogate
  unsigned      u8_need; // continuation bytes still expected
  unsigned char u8_lo;   // range of the next one
  unsigned char u8_hi;
  // Numbers and literals
  NumState    num;
  const char* word;
  size_t      word_at;

  size_t         records;
  LdxiJsonParser parser;
} Stream;

// ---- Errors ----

// Fill in the absolute position of an error at buf[rel] (its message is
// set), `back` ASCII bytes before it on the same line.
static void
locate(Stream* s, size_t rel, size_t back)
{
  LdxiJsonError* err = s->err;
  err->line          = s->line;
  err->column        = s->column;
  ldxi_json_count_position(s->buf, rel, &err->line, &err->column);
  err->offset = s->base + rel - back;
  err->column = err->column + 1 - back;
}

static LdxStatus
fail(Stream* s, LdxStatus st, size_t rel, int found, const char* what)
{
  ldxi_json_error_at(s->err, 0, found, what);
  locate(s, rel, 0);
  return st;
}

static LdxStatus
fail_alloc(Stream* s)
{
  snprintf(s->err->message, sizeof(s->err->message), "out of memory");
  locate(s, s->pos, 0);
  return LDX_BAD_ALLOC;
}

// ---- Input ----

// Drop the consumed bytes before `keep`, then read until the buffer is
// full or the text ends; a buffer full of unconsumed bytes grows first.
static LdxStatus
refill(Stream* s, size_t keep)
{
  if (keep) {
    ldxi_json_count_position(s->buf, keep, &s->line, &s->column);
    s->base += keep;
    memmove(s->buf, s->buf + keep, s->len - keep);
    s->len -= keep;
    s->pos -= keep;
  }
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap : s->chunk;
    if (s->len == cap) {
      if (cap > SIZE_MAX / 4) {
        return fail_alloc(s);
      }
      cap *= 2;
    }
    char* grown = (char*)ldxi_realloc(s->world, s->buf, cap);
    if (!grown) {
      return fail_alloc(s);
    }
    s->buf = grown;
    s->cap = cap;
  }
  while (s->len < s->cap && !s->eof) {
    size_t    want = s->cap - s->len < s->chunk ? s->cap - s->len : s->chunk;
    size_t    got  = 0;
    LdxStatus st =
      s->opt->read(s->opt->read_handle, s->buf + s->len, want, &got);
    if (st) {
      s->err->message[0] = '\0';
      return st;
    }
    s->eof = !got;
    s->len += got;
  }
  return LDX_SUCCESS;
}

// ---- The path ----

static const LdxiJsonPathLoc*
parent_loc(const Stream* s, size_t level)
{
  return level ? &s->locs[level - 1] : NULL;
}

// A value starts at depth `s->depth`: is it a child on the path?
static bool
child_on_path(Stream* s)
{
  const size_t d = s->depth;
  if (!d) {
    return true;
  }
  if (d != s->n_live) {
    return false;
  }
  Live* l = &s->live[d - 1];
  if (!l->object) {
    const LdxiJsonPathStep* step = &s->opt->steps[d - 1];
    l->match =
      step->kind == LDXI_JSONPATH_STEP_WILDCARD ||
      (step->kind == LDXI_JSONPATH_STEP_INDEX && step->index == l->index);
    if (l->match) {
      s->locs[d - 1] =
        (LdxiJsonPathLoc){ parent_loc(s, d - 1), NULL, 0, l->index };
    }
  }
  return l->match;
}

// A member name of a live object is complete (its closing quote at rel).
static LdxStatus
name_done(Stream* s, size_t rel)
{
  const size_t            d    = s->depth;
  Live*                   l    = &s->live[d - 1];
  const LdxiJsonPathStep* step = &s->opt->steps[d - 1];
  l->match                     = false;
  if (step->kind == LDXI_JSONPATH_STEP_WILDCARD) {
    l->match       = true;
    s->locs[d - 1] = (LdxiJsonPathLoc){
      parent_loc(s, d - 1), l->key.data ? l->key.data : "", l->key.len, 0
    };
  } else if (step->kind == LDXI_JSONPATH_STEP_NAME && !l->key_long &&
             l->key.len == step->name_len &&
             (!step->name_len ||
              !memcmp(l->key.data, step->name, step->name_len))) {
    if (l->seen && s->records > l->seen_count) {
      snprintf(s->err->message,
               sizeof(s->err->message),
               "duplicate member '%.40s' on the iterator's path: records "
               "were already read from the first one",
               step->name);
      locate(s, rel, 0);
      return LDX_BAD_DATA;
    }
    l->seen       = true;
    l->seen_count = s->records;
    l->match      = true;
    s->locs[d - 1] =
      (LdxiJsonPathLoc){ parent_loc(s, d - 1), step->name, step->name_len, 0 };
  }
  return LDX_SUCCESS;
}

// Append name bytes to the live object's key (NAME steps stop once the
// name is longer than the step's).
static LdxStatus
collect(Stream* s, const char* bytes, size_t len)
{
  Live* l = s->collect;
  if (!l || !len) {
    return LDX_SUCCESS;
  }
  const LdxiJsonPathStep* step = &s->opt->steps[s->depth - 1];
  if (step->kind == LDXI_JSONPATH_STEP_NAME &&
      l->key.len + len > step->name_len) {
    l->key_long = true;
    s->collect  = NULL;
    return LDX_SUCCESS;
  }
  return ldxi_buf_append(&l->key, bytes, len) ? fail_alloc(s) : LDX_SUCCESS;
}

static LdxStatus
collect_cp(Stream* s, unsigned cp)
{
  uint8_t      out[4];
  const size_t n = ldxi_utf8_encode(cp, out);
  return collect(s, (const char*)out, n);
}

// ---- Structure ----

// A value (at depth `s->depth`) is complete.
static void
value_done(Stream* s)
{
  if (!s->depth) {
    s->state = ST_END;
    return;
  }
  if (s->depth == s->n_live) {
    ++s->live[s->depth - 1].index;
  }
  s->state = ST_AFTER;
}

static LdxStatus
open_container(Stream* s, bool object, bool on_path)
{
  if (s->depth >= s->max_depth) {
    ldxi_json_error_depth(s->err, 0, s->max_depth);
    locate(s, s->pos, 0);
    return LDX_BAD_LIMIT;
  }
  if (s->depth == s->cap_kinds &&
      ldxi_grow(s->world, (void**)&s->kinds, &s->cap_kinds, s->depth + 1, 1)) {
    return fail_alloc(s);
  }
  if (on_path && s->depth < s->opt->n_steps) {
    Live* l       = &s->live[s->n_live++];
    l->object     = object;
    l->match      = false;
    l->seen       = false;
    l->key_long   = false;
    l->index      = 0;
    l->seen_count = 0;
    ldxi_buf_clear(&l->key);
  }
  s->kinds[s->depth++] = object;
  s->state             = object ? ST_KEY_FIRST : ST_ARRAY_FIRST;
  ++s->pos;
  return LDX_SUCCESS;
}

static void
close_container(Stream* s)
{
  if (s->depth == s->n_live) {
    --s->n_live;
  }
  --s->depth;
  ++s->pos;
  value_done(s);
}

static void
start_string(Stream* s, bool key)
{
  s->state   = ST_STRING;
  s->key     = key;
  s->collect = NULL;
  s->esc     = 0;
  s->u8_need = 0;
  if (key && s->depth == s->n_live &&
      s->opt->steps[s->depth - 1].kind != LDXI_JSONPATH_STEP_INDEX) {
    s->collect           = &s->live[s->depth - 1];
    s->collect->key_long = false;
    ldxi_buf_clear(&s->collect->key);
  }
  ++s->pos;
}

// A value starts at buf[pos] (not white space).
static LdxStatus
start_value(Stream* s)
{
  const unsigned char c = (unsigned char)s->buf[s->pos];
  if (c == ']' && s->state != ST_VALUE) {
    if (s->state == ST_ARRAY_FIRST) {
      close_container(s);
      return LDX_SUCCESS;
    }
    return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_TRAILING_ITEM);
  }
  const bool starts = c == '"' || c == '-' || (c >= '0' && c <= '9') ||
                      c == 't' || c == 'f' || c == 'n' || c == '[' || c == '{';
  if (!starts) {
    return fail(s,
                LDX_BAD_SYNTAX,
                s->pos,
                c,
                s->state == ST_ARRAY_FIRST ? LDXI_JSON_E_VALUE_FIRST
                                           : LDXI_JSON_E_VALUE);
  }
  const bool on_path = child_on_path(s);
  if (on_path && s->depth == s->opt->n_steps) {
    s->at_record = true;
    return LDX_SUCCESS;
  }
  switch (c) {
    case '[':
    case '{':
      return open_container(s, c == '{', on_path);
    case '"':
      start_string(s, false);
      return LDX_SUCCESS;
    case 't':
    case 'f':
    case 'n':
      s->state   = ST_LITERAL;
      s->word    = c == 't' ? "true" : c == 'f' ? "false" : "null";
      s->word_at = 1;
      ++s->pos;
      return LDX_SUCCESS;
    default:
      s->state = ST_NUMBER;
      s->num   = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
      ++s->pos;
      return LDX_SUCCESS;
  }
}

// ---- Tokens ----

// Continue a string; returns with pos == len when the buffer is used up.
static LdxStatus
skim_string(Stream* s)
{
  const unsigned char* const buf = (const unsigned char*)s->buf;
  LdxStatus                  st  = LDX_SUCCESS;
  while (s->pos < s->len) {
    const unsigned char c = buf[s->pos];
    if (s->u8_need) {
      if (c < s->u8_lo || c > s->u8_hi) {
        return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_UTF8);
      }
      if ((st = collect(s, (const char*)buf + s->pos, 1))) {
        return st;
      }
      s->u8_lo = 0x80;
      s->u8_hi = 0xBF;
      --s->u8_need;
      ++s->pos;
      continue;
    }
    if (s->esc) {
      // `esc` bytes of the escape are behind; they are plain ASCII, so an
      // error at its start is `esc` columns back.
      const size_t back = s->esc;
      if (s->esc == 1) {
        static const char from[] = "\"\\/bfnrt";
        static const char to[]   = "\"\\/\b\f\n\r\t";
        const char*       hit    = c ? strchr(from, c) : NULL;
        if (c == 'u') {
          s->cp  = 0;
          s->esc = 2;
          ++s->pos;
          continue;
        }
        if (!hit) {
          return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_ESCAPE);
        }
        if ((st = collect(s, &to[hit - from], 1))) {
          return st;
        }
        s->esc = 0;
        ++s->pos;
        continue;
      }
      if (s->esc == 6 || s->esc == 7) { // the "\u" of a low surrogate
        if (c != (s->esc == 6 ? '\\' : 'u')) {
          ldxi_json_error_at(s->err, 0, LDXI_JSON_FOUND_NONE, LDXI_JSON_E_HIGH);
          locate(s, s->pos, back);
          return LDX_BAD_SYNTAX;
        }
        ++s->esc;
        ++s->pos;
        continue;
      }
      const int h = ldxi_json_hex(c);
      if (h < 0) {
        return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_HEX);
      }
      s->cp = s->cp << 4 | (unsigned)h;
      ++s->esc;
      ++s->pos;
      if (s->esc == 6) {
        if (s->cp >= 0xDC00 && s->cp <= 0xDFFF) {
          ldxi_json_error_at(s->err, 0, LDXI_JSON_FOUND_NONE, LDXI_JSON_E_LOW);
          locate(s, s->pos, 6);
          return LDX_BAD_SYNTAX;
        }
        if (s->cp >= 0xD800 && s->cp <= 0xDBFF) {
          s->high = s->cp;
          s->cp   = 0;
          continue; // expect "\u" and a low surrogate
        }
        s->esc = 0;
        if ((st = collect_cp(s, s->cp))) {
          return st;
        }
      } else if (s->esc == 12) {
        if (s->cp < 0xDC00 || s->cp > 0xDFFF) {
          ldxi_json_error_at(s->err, 0, LDXI_JSON_FOUND_NONE, LDXI_JSON_E_HIGH);
          locate(s, s->pos, 12);
          return LDX_BAD_SYNTAX;
        }
        s->esc = 0;
        if ((st = collect_cp(
               s, 0x10000 + ((s->high - 0xD800) << 10) + (s->cp - 0xDC00)))) {
          return st;
        }
      }
      continue;
    }
    // Plain content up to the next special byte.
    const unsigned char* p = ldxi_json_scan_plain(buf + s->pos, buf + s->len);
    if (p > buf + s->pos) {
      if ((st = collect(
             s, (const char*)buf + s->pos, (size_t)(p - buf) - s->pos))) {
        return st;
      }
      s->pos = (size_t)(p - buf);
      continue;
    }
    if (c == '"') {
      ++s->pos;
      if (!s->key) {
        value_done(s);
      } else {
        s->state = ST_COLON;
        if (s->depth == s->n_live && (st = name_done(s, s->pos - 1))) {
          return st;
        }
      }
      return LDX_SUCCESS;
    }
    if (c == '\\') {
      s->esc = 1;
      ++s->pos;
      continue;
    }
    if (c < 0x20) {
      ldxi_json_error_control(s->err, 0, c);
      locate(s, s->pos, 0);
      return LDX_BAD_SYNTAX;
    }
    s->u8_need = ldxi_json_utf8_lead(c, &s->u8_lo, &s->u8_hi);
    if (!s->u8_need) {
      return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_UTF8);
    }
    if ((st = collect(s, (const char*)buf + s->pos, 1))) {
      return st;
    }
    ++s->pos;
  }
  return LDX_SUCCESS;
}

static const char*
number_expects(NumState n)
{
  return n == N_MINUS ? LDXI_JSON_E_MINUS
         : n == N_DOT ? LDXI_JSON_E_FRACTION
                      : LDXI_JSON_E_EXPONENT;
}

static LdxStatus
skim_number(Stream* s)
{
  const unsigned char* const buf = (const unsigned char*)s->buf;
  for (; s->pos < s->len; ++s->pos) {
    const unsigned char c     = buf[s->pos];
    const bool          digit = c >= '0' && c <= '9';
    switch (s->num) {
      case N_MINUS:
        if (!digit) {
          return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_MINUS);
        }
        s->num = c == '0' ? N_ZERO : N_INT;
        continue;
      case N_ZERO:
      case N_INT:
        if (digit) {
          if (s->num == N_ZERO) {
            return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_ZERO);
          }
          continue;
        }
        if (c == '.') {
          s->num = N_DOT;
          continue;
        }
        break;
      case N_DOT:
        if (!digit) {
          return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_FRACTION);
        }
        s->num = N_FRAC;
        continue;
      case N_FRAC:
        if (digit) {
          continue;
        }
        break;
      case N_E:
      case N_ESIGN:
        if (s->num == N_E && (c == '+' || c == '-')) {
          s->num = N_ESIGN;
          continue;
        }
        if (!digit) {
          return fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_EXPONENT);
        }
        s->num = N_EXP;
        continue;
      case N_EXP:
        if (digit) {
          continue;
        }
        value_done(s); // the number ended before c
        return LDX_SUCCESS;
    }
    // After integer or fraction digits.
    if (c == 'e' || c == 'E') {
      s->num = N_E;
      continue;
    }
    value_done(s);
    return LDX_SUCCESS;
  }
  return LDX_SUCCESS;
}

static LdxStatus
skim_literal(Stream* s)
{
  for (; s->pos < s->len && s->word[s->word_at]; ++s->pos, ++s->word_at) {
    const unsigned char c = (unsigned char)s->buf[s->pos];
    if (c != (unsigned char)s->word[s->word_at]) {
      return fail(s,
                  LDX_BAD_SYNTAX,
                  s->pos,
                  c,
                  s->word[0] == 't'   ? LDXI_JSON_E_LITERAL_TRUE
                  : s->word[0] == 'f' ? LDXI_JSON_E_LITERAL_FALSE
                                      : LDXI_JSON_E_LITERAL_NULL);
    }
  }
  if (!s->word[s->word_at]) {
    value_done(s);
  }
  return LDX_SUCCESS;
}

// Consume the buffer until it is used up (pos == len) or a record starts.
static LdxStatus
skim(Stream* s)
{
  LdxStatus st = LDX_SUCCESS;
  while (s->pos < s->len && !s->at_record) {
    const State state = s->state;
    if (state == ST_STRING) {
      st = skim_string(s);
    } else if (state == ST_NUMBER) {
      st = skim_number(s);
    } else if (state == ST_LITERAL) {
      st = skim_literal(s);
    } else {
      const unsigned char c = (unsigned char)s->buf[s->pos];
      if (ldxi_json_is_ws(c)) {
        ++s->pos;
        continue;
      }
      switch (state) {
        case ST_VALUE:
        case ST_ARRAY_FIRST:
        case ST_ARRAY_NEXT:
          st = start_value(s);
          break;
        case ST_KEY_FIRST:
        case ST_KEY:
          if (c == '"') {
            start_string(s, true);
          } else if (c == '}' && state == ST_KEY_FIRST) {
            close_container(s);
          } else {
            st = fail(s,
                      LDX_BAD_SYNTAX,
                      s->pos,
                      c,
                      state == ST_KEY_FIRST ? LDXI_JSON_E_KEY_FIRST
                      : c == '}'            ? LDXI_JSON_E_TRAILING_MEMBER
                                            : LDXI_JSON_E_KEY);
          }
          break;
        case ST_COLON:
          if (c != ':') {
            st = fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_COLON);
            break;
          }
          s->state = ST_VALUE;
          ++s->pos;
          break;
        case ST_AFTER: {
          const bool object = s->kinds[s->depth - 1];
          if (c == ',') {
            s->state = object ? ST_KEY : ST_ARRAY_NEXT;
            ++s->pos;
          } else if (c == (object ? '}' : ']')) {
            close_container(s);
          } else {
            st =
              fail(s,
                   LDX_BAD_SYNTAX,
                   s->pos,
                   c,
                   object ? LDXI_JSON_E_OBJECT_NEXT : LDXI_JSON_E_ARRAY_NEXT);
          }
          break;
        }
        case ST_END:
          st = fail(s, LDX_BAD_SYNTAX, s->pos, c, LDXI_JSON_E_END);
          break;
        case ST_STRING:
        case ST_NUMBER:
        case ST_LITERAL:
          break;
      }
    }
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

// The text ended (everything consumed).
static LdxStatus
finish(Stream* s)
{
  const char* what = NULL;
  switch (s->state) {
    case ST_END:
      return LDX_SUCCESS;
    case ST_NUMBER:
      if (s->num <= N_EXP) {
        value_done(s);
        return finish(s);
      }
      what = number_expects(s->num);
      break;
    case ST_VALUE:
    case ST_ARRAY_NEXT:
      what = LDXI_JSON_E_VALUE;
      break;
    case ST_ARRAY_FIRST:
      what = LDXI_JSON_E_VALUE_FIRST;
      break;
    case ST_KEY_FIRST:
      what = LDXI_JSON_E_KEY_FIRST;
      break;
    case ST_KEY:
      what = LDXI_JSON_E_KEY;
      break;
    case ST_COLON:
      what = LDXI_JSON_E_COLON;
      break;
    case ST_AFTER:
      what = s->kinds[s->depth - 1] ? LDXI_JSON_E_OBJECT_NEXT
                                    : LDXI_JSON_E_ARRAY_NEXT;
      break;
    case ST_STRING:
      what = LDXI_JSON_E_UNTERMINATED;
      break;
    case ST_LITERAL:
      what = s->word[0] == 't'   ? LDXI_JSON_E_LITERAL_TRUE
             : s->word[0] == 'f' ? LDXI_JSON_E_LITERAL_FALSE
                                 : LDXI_JSON_E_LITERAL_NULL;
      break;
  }
  return fail(s, LDX_BAD_SYNTAX, s->len, LDXI_JSON_FOUND_END, what);
}

// Parse the record at buf[pos] and hand it over.
static LdxStatus
read_record(Stream* s, LdxiJsonRecordFunc func, void* handle)
{
  const LdxiJson* record = NULL;
  size_t          next   = 0;
  LdxStatus       st     = LDX_SUCCESS;
  for (;;) {
    ldxi_arena_reset(s->arena);
    st = ldxi_json_parse_value(&s->parser,
                               s->buf,
                               s->pos,
                               s->len,
                               s->eof,
                               s->depth,
                               &record,
                               &next,
                               s->err);
    if (st != LDX_FAILURE) {
      break;
    }
    if ((st = refill(s, s->pos))) {
      return st;
    }
  }
  if (st == LDX_BAD_ALLOC) {
    return fail_alloc(s);
  }
  if (st) {
    locate(s, s->err->offset, 0);
    return st;
  }
  ++s->records;
  s->at_record = false;
  s->pos       = next;
  st           = func(handle, record, parent_loc(s, s->depth));
  ldxi_arena_reset(s->arena);
  if (st) {
    s->err->message[0] = '\0';
    return st;
  }
  value_done(s);
  return LDX_SUCCESS;
}

LdxStatus
ldxi_json_stream(LdxWorld*                    world,
                 const LdxiJsonStreamOptions* options,
                 LdxiArena*                   arena,
                 LdxiJsonRecordFunc           func,
                 void*                        handle,
                 LdxiJsonError*               err)
{
  LdxiJsonError scratch;
  Stream        s;
  memset(&s, 0, sizeof(s));
  if (!err) {
    err = &scratch;
  }
  memset(err, 0, sizeof(*err));
  s.world = world;
  s.opt   = options;
  s.arena = arena;
  s.err   = err;
  s.chunk = options->chunk ? options->chunk : LDXI_JSON_CHUNK;
  s.line  = 1;
  s.state = ST_VALUE;
  ldxi_json_parser_init(&s.parser, world, arena);
  s.max_depth = s.parser.max_depth;

  LdxStatus    st = LDX_SUCCESS;
  const size_t n  = options->n_steps;
  if (n) {
    s.live = (Live*)ldxi_calloc(world, n, sizeof(Live));
    s.locs = (LdxiJsonPathLoc*)ldxi_calloc(world, n, sizeof(LdxiJsonPathLoc));
    if (!s.live || !s.locs) {
      st = fail_alloc(&s);
      goto done;
    }
    for (size_t i = 0; i < n; ++i) {
      ldxi_buf_init(&s.live[i].key, world, 0);
    }
  }

  // A byte order mark needs its three bytes (or the end) in the buffer.
  while (!s.eof && s.len < 3) {
    if ((st = refill(&s, 0))) {
      goto done;
    }
  }
  if (s.len >= 3 && !memcmp(s.buf, "\xEF\xBB\xBF", 3)) {
    s.pos = 3;
  }
  for (;;) {
    if ((st = skim(&s))) {
      break;
    }
    if (s.at_record) {
      if ((st = read_record(&s, func, handle))) {
        break;
      }
      continue;
    }
    if (s.eof) {
      st = finish(&s);
      break;
    }
    if ((st = refill(&s, s.pos))) {
      break;
    }
  }

done:
  ldxi_json_parser_free(&s.parser);
  if (s.live) {
    for (size_t i = 0; i < n; ++i) {
      ldxi_buf_free(&s.live[i].key);
    }
  }
  ldxi_free(world, s.live);
  ldxi_free(world, s.locs);
  ldxi_free(world, s.kinds);
  ldxi_free(world, s.buf);
  return st;
}
