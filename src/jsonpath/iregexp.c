// SPDX-License-Identifier: MIT
// I-Regexp (RFC 9485) on top of PCRE2.
//
// The translator validates the I-Regexp grammar itself (PCRE2 accepts far
// more, e.g. lazy quantifiers, \d or lookarounds) and rewrites it in a form
// PCRE2 reads the same way: groups become non-capturing, '.' excludes only
// \n and \r, punctuation is written as \x{..} so nothing is special, and
// '^'/'$' outside classes become \A/\z (see the comment in the translator).
#define PCRE2_CODE_UNIT_WIDTH 8

#include "jsonpath/iregexp.h"

#include "jsonpath/lexer.h"

#include "core/alloc.h"
#include "rdf/utf8.h"
#include "core/try.h"

#include <pcre2.h>
#include <stdint.h>
#include <string.h>

#define CACHE_SIZE 8
// PCRE2's backtracking memory per match, in KiB (its default is 20 GB).
#define HEAP_LIMIT_KIB 16384u

struct LdxiJpRegex {
  pcre2_code* code;
};

typedef struct {
  char*       key; // NULL when the slot is empty
  size_t      len;
  bool        whole;
  LdxiJpRegex regex; // code NULL: not valid I-Regexp
} CacheEntry;

struct LdxiJpRegexEnv {
  LdxWorld*              world;
  pcre2_general_context* gctx;
  pcre2_compile_context* cctx;
  pcre2_match_context*   mctx;
  pcre2_match_data*      match_data;
  bool                   warm; // match_data has its backtracking frames
  LdxiJpRegex**          owned;
  size_t                 n_owned;
  size_t                 cap_owned;
  CacheEntry             cache[CACHE_SIZE];
  size_t                 victim;
  LdxiBuf                scratch; // translated pattern
};

// ---- Translation ----

typedef struct {
  const char* s;
  size_t      len;
  size_t      pos;
  LdxiBuf*    out;
} Tx;

// The next code point, or -1 at the end or on invalid UTF-8.
static long
next_cp(Tx* tx)
{
  uint32_t cp = 0;
  size_t   k  = tx->pos < tx->len
                  ? ldxi_utf8_decode(
                   (const uint8_t*)tx->s + tx->pos, tx->len - tx->pos, &cp)
                  : 0;
  if (!k) {
    return -1;
  }
  tx->pos += k;
  return (long)cp;
}

static int
peek_byte(const Tx* tx, size_t ahead)
{
  return tx->pos + ahead < tx->len ? (int)(unsigned char)tx->s[tx->pos + ahead]
                                   : -1;
}

static bool
is_alnum_ascii(long c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

// One character, literally, valid inside and outside a class.
static LdxStatus
emit_char(Tx* tx, long c)
{
  if (is_alnum_ascii(c)) {
    return ldxi_buf_putc(tx->out, (char)c);
  }
  if (c >= 0x80) {
    uint8_t      utf8[4];
    const size_t n = ldxi_utf8_encode((uint32_t)c, utf8);
    return ldxi_buf_append(tx->out, utf8, n);
  }
  return ldxi_buf_printf(tx->out, "\\x{%lx}", c);
}

// The character of a SingleCharEsc (after the backslash), or -1.
static long
single_char_escape(long e)
{
  switch (e) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case '(':
    case ')':
    case '*':
    case '+':
    case '-':
    case '.':
    case '?':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '{':
    case '|':
    case '}':
      return e;
    default:
      return -1;
  }
}

// "{Lu}" after \p or \P; emits \p{..}.  Returns false if invalid.
static bool
category_escape(Tx* tx, bool negated, LdxStatus* st)
{
  static const char* const categories[] = {
    "L",  "Ll", "Lm", "Lo", "Lt", "Lu", "M",  "Mc", "Me", "Mn", "N",  "Nd",
    "Nl", "No", "P",  "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z",  "Zl",
    "Zp", "Zs", "S",  "Sc", "Sk", "Sm", "So", "C",  "Cc", "Cf", "Cn", "Co"
  };
  if (peek_byte(tx, 0) != '{') {
    return false;
  }
  size_t start = tx->pos + 1;
  size_t end   = start;
  while (end < tx->len && end - start < 3 && tx->s[end] != '}') {
    ++end;
  }
  if (end >= tx->len || tx->s[end] != '}') {
    return false;
  }
  for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); ++i) {
    if (strlen(categories[i]) == end - start &&
        !memcmp(categories[i], tx->s + start, end - start)) {
      tx->pos = end + 1;
      *st     = ldxi_buf_printf(
        tx->out, "\\%c{%s}", negated ? 'P' : 'p', categories[i]);
      return true;
    }
  }
  return false;
}

// A quantity {n}, {n,} or {n,m} at '{'.
static bool
range_quantifier(Tx* tx, LdxStatus* st)
{
  size_t start = tx->pos;
  size_t i     = start + 1;
  size_t n1    = 0;
  size_t n2    = 0;
  size_t d1    = i;
  while (i < tx->len && tx->s[i] >= '0' && tx->s[i] <= '9') {
    n1 = n1 < 100000 ? n1 * 10 + (size_t)(tx->s[i] - '0') : n1;
    ++i;
  }
  if (i == d1) {
    return false;
  }
  if (i < tx->len && tx->s[i] == ',') {
    ++i;
    size_t d2 = i;
    while (i < tx->len && tx->s[i] >= '0' && tx->s[i] <= '9') {
      n2 = n2 < 100000 ? n2 * 10 + (size_t)(tx->s[i] - '0') : n2;
      ++i;
    }
    if (i > d2 && n2 < n1) {
      return false;
    }
  }
  if (i >= tx->len || tx->s[i] != '}') {
    return false;
  }
  tx->pos = i + 1;
  *st     = ldxi_buf_append(tx->out, tx->s + start, i + 1 - start);
  return true;
}

// A character class expression at '['.
static bool
char_class(Tx* tx, LdxStatus* st)
{
  ++tx->pos;
  if ((*st = ldxi_buf_putc(tx->out, '['))) {
    return true;
  }
  if (peek_byte(tx, 0) == '^') {
    ++tx->pos;
    if ((*st = ldxi_buf_putc(tx->out, '^'))) {
      return true;
    }
  }
  for (bool first = true;; first = false) {
    int b = peek_byte(tx, 0);
    if (b < 0) {
      return false;
    }
    if (b == ']') {
      if (first) {
        return false;
      }
      ++tx->pos;
      break;
    }
    long lo = 0;
    if (b == '-') {
      // Only first or last in the class.
      if (!first && peek_byte(tx, 1) != ']') {
        return false;
      }
      ++tx->pos;
      lo = '-';
    } else if (b == '[') {
      return false;
    } else if (b == '\\') {
      int e = peek_byte(tx, 1);
      if (e == 'p' || e == 'P') {
        tx->pos += 2;
        if (!category_escape(tx, e == 'P', st)) {
          return false;
        }
        if (*st) {
          return true;
        }
        continue;
      }
      tx->pos += 1;
      lo = single_char_escape(next_cp(tx));
      if (lo < 0) {
        return false;
      }
    } else if ((lo = next_cp(tx)) < 0) {
      return false;
    }

    if (b != '-' && peek_byte(tx, 0) == '-' && peek_byte(tx, 1) != ']' &&
        peek_byte(tx, 1) >= 0) {
      ++tx->pos;
      long hi = 0;
      b       = peek_byte(tx, 0);
      if (b == '\\') {
        tx->pos += 1;
        hi = single_char_escape(next_cp(tx));
      } else if (b == '-' || b == '[') {
        return false;
      } else {
        hi = next_cp(tx);
      }
      if (hi < 0 || hi < lo) {
        return false;
      }
      if ((*st = emit_char(tx, lo)) || (*st = ldxi_buf_putc(tx->out, '-')) ||
          (*st = emit_char(tx, hi))) {
        return true;
      }
    } else if ((*st = emit_char(tx, lo))) {
      return true;
    }
  }
  *st = ldxi_buf_putc(tx->out, ']');
  return true;
}

LdxStatus
ldxi_iregexp_translate(const char* pattern,
                       size_t      len,
                       bool        whole,
                       LdxiBuf*    out,
                       bool*       valid)
{
  Tx        tx           = { pattern, len, 0, out };
  LdxStatus st           = LDX_SUCCESS;
  size_t    depth        = 0;
  bool      quantifiable = false;
  *valid                 = false;
  TRY(st, ldxi_buf_puts(out, whole ? "\\A(?:" : "(?:"));
  while (tx.pos < len) {
    int b = peek_byte(&tx, 0);
    switch (b) {
      case '(':
        ++tx.pos;
        ++depth;
        st           = ldxi_buf_puts(out, "(?:");
        quantifiable = false;
        break;
      case ')':
        if (!depth) {
          return LDX_SUCCESS;
        }
        ++tx.pos;
        --depth;
        st           = ldxi_buf_putc(out, ')');
        quantifiable = true;
        break;
      case '|':
        ++tx.pos;
        st           = ldxi_buf_putc(out, '|');
        quantifiable = false;
        break;
      case '*':
      case '+':
      case '?':
        if (!quantifiable) {
          return LDX_SUCCESS;
        }
        ++tx.pos;
        st           = ldxi_buf_putc(out, (char)b);
        quantifiable = false;
        break;
      case '{':
        if (!quantifiable || !range_quantifier(&tx, &st)) {
          return LDX_SUCCESS;
        }
        quantifiable = false;
        break;
      case '.':
        ++tx.pos;
        st           = ldxi_buf_puts(out, "[^\\n\\r]");
        quantifiable = true;
        break;
      case '\\': {
        int e = peek_byte(&tx, 1);
        if (e == 'p' || e == 'P') {
          tx.pos += 2;
          if (!category_escape(&tx, e == 'P', &st)) {
            return LDX_SUCCESS;
          }
        } else {
          tx.pos += 1;
          long c = single_char_escape(next_cp(&tx));
          if (c < 0) {
            return LDX_SUCCESS;
          }
          st = emit_char(&tx, c);
        }
        quantifiable = true;
        break;
      }
      case '[':
        if (!char_class(&tx, &st)) {
          return LDX_SUCCESS;
        }
        quantifiable = true;
        break;
      case '^':
      case '$':
        // RFC 9485's grammar lists these as ordinary characters, but its own
        // mappings to PCRE and ECMAScript (§5) leave them unescaped, and the
        // compliance suite reads them as anchors: so do we.
        ++tx.pos;
        st           = ldxi_buf_puts(out, b == '^' ? "\\A" : "\\z");
        quantifiable = false;
        break;
      case ']':
      case '}':
        return LDX_SUCCESS;
      default: {
        long c = next_cp(&tx);
        if (c < 0) {
          return LDX_SUCCESS;
        }
        st           = emit_char(&tx, c);
        quantifiable = true;
        break;
      }
    }
    if (st) {
      return st;
    }
  }
  if (depth) {
    return LDX_SUCCESS;
  }
  TRY(st, ldxi_buf_puts(out, whole ? ")\\z" : ")"));
  *valid = true;
  return LDX_SUCCESS;
}

// ---- PCRE2 ----

static void*
rx_malloc(PCRE2_SIZE size, void* world)
{
  return ldxi_malloc((LdxWorld*)world, size);
}

static void
rx_free(void* ptr, void* world)
{
  ldxi_free((LdxWorld*)world, ptr);
}

LdxiJpRegexEnv*
ldxi_jp_regex_env_new(LdxWorld* world)
{
  LdxiJpRegexEnv* env =
    (LdxiJpRegexEnv*)ldxi_calloc(world, 1, sizeof(LdxiJpRegexEnv));
  if (!env) {
    return NULL;
  }
  env->world = world;
  ldxi_buf_init(&env->scratch, world, 0);
  env->gctx = pcre2_general_context_create(rx_malloc, rx_free, world);
  if (env->gctx) {
    env->cctx       = pcre2_compile_context_create(env->gctx);
    env->mctx       = pcre2_match_context_create(env->gctx);
    env->match_data = pcre2_match_data_create(1, env->gctx);
  }
  if (!env->cctx || !env->mctx || !env->match_data) {
    ldxi_jp_regex_env_free(env);
    return NULL;
  }
  pcre2_set_heap_limit(env->mctx, HEAP_LIMIT_KIB);
  return env;
}

void
ldxi_jp_regex_env_free(LdxiJpRegexEnv* env)
{
  if (!env) {
    return;
  }
  for (size_t i = 0; i < env->n_owned; ++i) {
    pcre2_code_free(env->owned[i]->code);
    ldxi_free(env->world, env->owned[i]);
  }
  ldxi_free(env->world, env->owned);
  for (size_t i = 0; i < CACHE_SIZE; ++i) {
    pcre2_code_free(env->cache[i].regex.code);
    ldxi_free(env->world, env->cache[i].key);
  }
  pcre2_match_data_free(env->match_data);
  pcre2_match_context_free(env->mctx);
  pcre2_compile_context_free(env->cctx);
  pcre2_general_context_free(env->gctx);
  ldxi_buf_free(&env->scratch);
  ldxi_free(env->world, env);
}

// Translate and compile; *code is NULL if the pattern is invalid.
static LdxStatus
compile(LdxiJpRegexEnv* env,
        const char*     pattern,
        size_t          len,
        bool            whole,
        pcre2_code**    code)
{
  bool      valid = false;
  LdxStatus st    = LDX_SUCCESS;
  *code           = NULL;
  ldxi_buf_clear(&env->scratch);
  TRY(st, ldxi_iregexp_translate(pattern, len, whole, &env->scratch, &valid));
  if (!valid) {
    return LDX_SUCCESS;
  }
  int        error  = 0;
  PCRE2_SIZE offset = 0;
  *code             = pcre2_compile((PCRE2_SPTR)env->scratch.data,
                        env->scratch.len,
                        PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C,
                        &error,
                        &offset,
                        env->cctx);
  if (!*code && error == PCRE2_ERROR_HEAP_FAILED) {
    return LDX_BAD_ALLOC;
  }
  // Other failures (a quantity over 65535, nesting over PCRE2's limit)
  // leave *code NULL: the pattern then never matches.
  return LDX_SUCCESS;
}

LdxStatus
ldxi_jp_regex_compile(LdxiJpRegexEnv*     env,
                      const char*         pattern,
                      size_t              len,
                      bool                whole,
                      const LdxiJpRegex** out)
{
  pcre2_code* code = NULL;
  LdxStatus   st   = LDX_SUCCESS;
  *out             = NULL;
  TRY(st, compile(env, pattern, len, whole, &code));
  if (!code) {
    return LDX_SUCCESS;
  }
  LdxiJpRegex* regex = NULL;
  if (ldxi_grow(env->world,
                (void**)&env->owned,
                &env->cap_owned,
                env->n_owned + 1,
                sizeof(LdxiJpRegex*)) ||
      !(regex = (LdxiJpRegex*)ldxi_malloc(env->world, sizeof(LdxiJpRegex)))) {
    pcre2_code_free(code);
    return LDX_BAD_ALLOC;
  }
  regex->code                = code;
  env->owned[env->n_owned++] = regex;

  // Let PCRE2 allocate its backtracking frames now rather than during the
  // first evaluation (all our groups are non-capturing, so frames have one
  // size and later matches reuse them).
  if (!env->warm) {
    int rc =
      pcre2_match(code, (PCRE2_SPTR) "", 0, 0, 0, env->match_data, env->mctx);
    if (rc == PCRE2_ERROR_NOMEMORY) {
      return LDX_BAD_ALLOC;
    }
    env->warm = true;
  }
  *out = regex;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_jp_regex_cached(LdxiJpRegexEnv*     env,
                     const char*         pattern,
                     size_t              len,
                     bool                whole,
                     const LdxiJpRegex** out)
{
  for (size_t i = 0; i < CACHE_SIZE; ++i) {
    CacheEntry* e = &env->cache[i];
    if (e->key && e->len == len && e->whole == whole &&
        !memcmp(e->key, pattern, len)) {
      *out = e->regex.code ? &e->regex : NULL;
      return LDX_SUCCESS;
    }
  }
  CacheEntry* e = &env->cache[env->victim];
  env->victim   = (env->victim + 1) % CACHE_SIZE;
  pcre2_code_free(e->regex.code);
  ldxi_free(env->world, e->key);
  e->regex.code = NULL;
  e->key        = ldxi_strndup(env->world, pattern, len);
  if (!e->key) {
    return LDX_BAD_ALLOC;
  }
  LdxStatus st = compile(env, pattern, len, whole, &e->regex.code);
  if (st) {
    ldxi_free(env->world, e->key);
    e->key = NULL;
    return st;
  }
  e->len   = len;
  e->whole = whole;
  *out     = e->regex.code ? &e->regex : NULL;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_jp_regex_match(LdxiJpRegexEnv*    env,
                    const LdxiJpRegex* regex,
                    const char*        subject,
                    size_t             len,
                    bool*              matched)
{
  int rc = pcre2_match(
    regex->code, (PCRE2_SPTR)subject, len, 0, 0, env->match_data, env->mctx);
  *matched = rc >= 0;
  // Invalid UTF-8 in the subject or exceeded limits: no match.
  return rc == PCRE2_ERROR_NOMEMORY ? LDX_BAD_ALLOC : LDX_SUCCESS;
}
