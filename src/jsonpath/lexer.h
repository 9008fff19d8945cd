// SPDX-License-Identifier: MIT
// Tokens of RFC 9535 queries: blanks, string and number literals, integers,
// member-name shorthands, UTF-8.  Errors go to the lexer's error record.
#ifndef LDX_JSONPATH_LEXER_H
#define LDX_JSONPATH_LEXER_H

#include "jsonpath/ast.h"

#include "ldexport/attributes.h"
#include "ldexport/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Largest magnitude of an index or slice bound (I-JSON, RFC 7493).
#define LDXI_JP_INT_MAX INT64_C(9007199254740991)

typedef struct {
  LdxWorld*          world;
  const char*        text;
  size_t             len;
  size_t             pos;
  LdxiJsonPathError* err;
} LdxiJpLexer;

// The byte at pos + ahead, or -1 past the end.
static inline int
ldxi_jp_peek(const LdxiJpLexer* lex, size_t ahead)
{
  return lex->pos + ahead < lex->len
           ? (int)(unsigned char)lex->text[lex->pos + ahead]
           : -1;
}

static inline bool
ldxi_jp_is_blank(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline bool
ldxi_jp_is_digit(int c)
{
  return c >= '0' && c <= '9';
}

// Skip RFC 9535 blank space (S).
static inline void
ldxi_jp_skip_blanks(LdxiJpLexer* lex)
{
  while (lex->pos < lex->len && ldxi_jp_is_blank(ldxi_jp_peek(lex, 0))) {
    ++lex->pos;
  }
}

// Record an error at `offset`; returns `status`.
LDX_LOG_FUNC(4, 5)
LdxStatus
ldxi_jp_error(LdxiJpLexer* lex,
              size_t       offset,
              LdxStatus    status,
              const char*  fmt,
              ...);

// A string literal at pos (quote included), decoded into the arena.
LdxStatus
ldxi_jp_lex_string(LdxiJpLexer* lex,
                   LdxiArena*   arena,
                   const char** out,
                   size_t*      out_len);

// An integer (RFC 9535 `int`) in the I-JSON range.
LdxStatus
ldxi_jp_lex_int(LdxiJpLexer* lex, int64_t* out);

// A number literal (int or real).
LdxStatus
ldxi_jp_lex_number(LdxiJpLexer* lex, LdxiJpValue* out);

// A member-name-shorthand at pos; sets its byte length.  `what` names the
// context for the error message.
LdxStatus
ldxi_jp_lex_member_name(LdxiJpLexer* lex, const char* what, size_t* len);

#endif // LDX_JSONPATH_LEXER_H
