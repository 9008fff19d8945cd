// SPDX-License-Identifier: MIT
// Locality of XPath 1.0 expressions (see xpath_local.h).
//
// A small recursive-descent pass over the XPath 1.0 grammar that follows
// where each location path can be: the state of a path is what its nodes
// may be, relative to the record, and each step moves it.  It only has to
// be right for valid expressions (libxml2 compiles them first).
#include "xml/xpath_local.h"

#include <string.h>

// Deeper nesting is not analysed (and so not local).
#define MAX_NESTING 128

typedef enum {
  T_END,
  T_BAD,
  T_LPAREN,
  T_RPAREN,
  T_LBRACK,
  T_RBRACK,
  T_DOT,
  T_DOTDOT,
  T_AT,
  T_COMMA,
  T_COLONCOLON,
  T_SLASH,
  T_DSLASH,
  T_PIPE,
  T_OP,       // other operators: + - = != < <= > >= * and or mod div
  T_STAR,     // the name test *
  T_NAME,     // a name test: NCName, QName or prefix:*
  T_NODETYPE, // comment, text, processing-instruction, node before '('
  T_FUNC,     // a function name (before '(')
  T_AXIS,     // an axis name (before '::')
  T_LITERAL,
  T_NUMBER,
  T_VAR,
} TokKind;

typedef struct {
  TokKind     kind;
  const char* s;
  size_t      n;
} Tok;

// What the nodes of a path may be.
typedef enum {
  S_VAL, // not nodes (a literal, number or function result)
  S_IN,  // in the record's subtree, at least `depth` below the record
  S_UPA, // attributes or namespaces of ancestors, or S_IN with depth 0
  S_UP,  // ancestors (or S_IN with depth 0): their string value is not
         // available
  S_OUT, // anywhere
} StateKind;

typedef struct {
  StateKind kind;
  size_t    depth; // S_IN (attributes count as one level below their element)
} State;

typedef enum {
  A_CHILD,
  A_DESCENDANT,
  A_DESCENDANT_OR_SELF,
  A_SELF,
  A_ATTRIBUTE,
  A_PARENT,
  A_ANCESTOR,
  A_SIBLING,
  A_OTHER, // following, preceding
} Axis;

typedef struct {
  const char* s;
  size_t      len;
  size_t      pos;
  Tok         tok;
  int         nesting;
  bool        stop; // not local (or not valid): give up
} Parser;

static const State in_record = { S_IN, 0 };
static const State out       = { S_OUT, 0 };

static bool
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_name_start(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c >= 0x80;
}

static bool
is_name_char(unsigned char c)
{
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static bool
tok_is(const Tok* t, const char* word)
{
  return t->n == strlen(word) && !memcmp(t->s, word, t->n);
}

// Whether a '*' or a name after `prev` is an operator (XPath 1.0, 3.7).
static bool
operator_expected(TokKind prev)
{
  switch (prev) {
    case T_END: // no preceding token
    case T_AT:
    case T_COLONCOLON:
    case T_LPAREN:
    case T_LBRACK:
    case T_COMMA:
    case T_OP:
    case T_SLASH:
    case T_DSLASH:
    case T_PIPE:
      return false;
    default:
      return true;
  }
}

static size_t
skip_space(const Parser* p, size_t i)
{
  while (i < p->len && is_space(p->s[i])) {
    ++i;
  }
  return i;
}

static size_t
scan_ncname(const Parser* p, size_t i)
{
  if (i < p->len && is_name_start((unsigned char)p->s[i])) {
    while (++i < p->len && is_name_char((unsigned char)p->s[i])) {
    }
  }
  return i;
}

static Tok
lex_name(Parser* p, size_t start, TokKind prev)
{
  size_t i = scan_ncname(p, start);
  bool   q = false;
  // A QName or prefix:*, but not an axis name followed by '::'.
  if (i + 1 < p->len && p->s[i] == ':' && p->s[i + 1] != ':') {
    if (p->s[i + 1] == '*') {
      i += 2;
      q = true;
    } else if (is_name_start((unsigned char)p->s[i + 1])) {
      i = scan_ncname(p, i + 1);
      q = true;
    }
  }
  Tok t  = { T_NAME, p->s + start, i - start };
  p->pos = i;
  if (operator_expected(prev)) {
    t.kind = (!q && (tok_is(&t, "and") || tok_is(&t, "or") ||
                     tok_is(&t, "mod") || tok_is(&t, "div")))
               ? T_OP
               : T_BAD;
    return t;
  }
  const size_t next = skip_space(p, i);
  if (next < p->len && p->s[next] == '(') {
    t.kind =
      (!q && (tok_is(&t, "comment") || tok_is(&t, "text") ||
              tok_is(&t, "processing-instruction") || tok_is(&t, "node")))
        ? T_NODETYPE
        : T_FUNC;
  } else if (!q && next + 1 < p->len && p->s[next] == ':' &&
             p->s[next + 1] == ':') {
    t.kind = T_AXIS;
  }
  return t;
}

static void
next(Parser* p)
{
  const TokKind prev = p->tok.kind;
  size_t        i    = skip_space(p, p->pos);
  Tok           t    = { T_END, p->s + i, 0 };
  if (i >= p->len) {
    p->pos = i;
    p->tok = t;
    return;
  }
  const char c  = p->s[i];
  const char c2 = i + 1 < p->len ? p->s[i + 1] : '\0';
  size_t     n  = 1;
  switch (c) {
    case '(':
      t.kind = T_LPAREN;
      break;
    case ')':
      t.kind = T_RPAREN;
      break;
    case '[':
      t.kind = T_LBRACK;
      break;
    case ']':
      t.kind = T_RBRACK;
      break;
    case '@':
      t.kind = T_AT;
      break;
    case ',':
      t.kind = T_COMMA;
      break;
    case '|':
      t.kind = T_PIPE;
      break;
    case '+':
    case '-':
    case '=':
      t.kind = T_OP;
      break;
    case '<':
    case '>':
      t.kind = T_OP;
      n      = c2 == '=' ? 2 : 1;
      break;
    case '!':
      t.kind = c2 == '=' ? T_OP : T_BAD;
      n      = 2;
      break;
    case ':':
      t.kind = c2 == ':' ? T_COLONCOLON : T_BAD;
      n      = 2;
      break;
    case '/':
      t.kind = c2 == '/' ? T_DSLASH : T_SLASH;
      n      = c2 == '/' ? 2 : 1;
      break;
    case '*':
      t.kind = operator_expected(prev) ? T_OP : T_STAR;
      break;
    case '.':
      if (is_digit(c2)) {
        t.kind = T_NUMBER;
        while (i + n < p->len && is_digit(p->s[i + n])) {
          ++n;
        }
      } else {
        t.kind = c2 == '.' ? T_DOTDOT : T_DOT;
        n      = c2 == '.' ? 2 : 1;
      }
      break;
    case '"':
    case '\'': {
      const char* end = (const char*)memchr(p->s + i + 1, c, p->len - i - 1);
      t.kind          = end ? T_LITERAL : T_BAD;
      n               = end ? (size_t)(end - (p->s + i)) + 1 : p->len - i;
      break;
    }
    case '$': {
      const size_t end = scan_ncname(p, i + 1);
      t.kind           = end > i + 1 ? T_VAR : T_BAD;
      n                = end - i;
      break;
    }
    default:
      if (is_digit(c)) {
        t.kind = T_NUMBER;
        while (i + n < p->len &&
               (is_digit(p->s[i + n]) || p->s[i + n] == '.')) {
          ++n;
        }
      } else if (is_name_start((unsigned char)c)) {
        p->tok = lex_name(p, i, prev);
        return;
      } else {
        t.kind = T_BAD;
      }
      break;
  }
  t.n    = n;
  p->pos = i + n;
  p->tok = t;
}

static State
join(State a, State b)
{
  if (a.kind == S_VAL) {
    return b;
  }
  if (b.kind == S_VAL) {
    return a;
  }
  if (a.kind != b.kind) {
    return a.kind > b.kind ? a : b;
  }
  if (a.kind == S_IN && b.depth < a.depth) {
    a.depth = b.depth;
  }
  return a;
}

// Where a step along `axis` from nodes in state `s` may lead.
static State
step(State s, Axis axis)
{
  if (s.kind == S_VAL) {
    s = in_record; // a step from a non-node-set fails at evaluation
  }
  const State in_child = { S_IN, 1 };
  switch (axis) {
    case A_SELF:
      return s;
    case A_CHILD:
    case A_DESCENDANT:
    case A_ATTRIBUTE:
      if (s.kind == S_IN) {
        ++s.depth;
        return s;
      }
      if (s.kind == S_UPA) {
        return in_child; // attributes have neither children nor attributes
      }
      if (s.kind == S_UP && axis == A_ATTRIBUTE) {
        s.kind = S_UPA;
        return s;
      }
      return out;
    case A_DESCENDANT_OR_SELF:
      return s.kind == S_UP ? out : s;
    case A_PARENT:
      if (s.kind == S_IN && s.depth > 0) {
        --s.depth;
        return s;
      }
      s.kind = s.kind == S_OUT ? S_OUT : S_UP;
      return s;
    case A_ANCESTOR:
      s.kind = s.kind == S_OUT ? S_OUT : S_UP;
      return s;
    case A_SIBLING: // siblings of a node below the record are below it too
      return s.kind == S_IN && s.depth > 0 ? s : out;
    case A_OTHER:
      break;
  }
  return out;
}

static Axis
axis_named(const Tok* t)
{
  static const struct {
    const char* name;
    Axis        axis;
  } axes[] = {
    { "child", A_CHILD },
    { "descendant", A_DESCENDANT },
    { "descendant-or-self", A_DESCENDANT_OR_SELF },
    { "self", A_SELF },
    { "attribute", A_ATTRIBUTE },
    { "namespace", A_ATTRIBUTE }, // like attributes: kept on ancestors
    { "parent", A_PARENT },
    { "ancestor", A_ANCESTOR },
    { "ancestor-or-self", A_ANCESTOR },
    { "following-sibling", A_SIBLING },
    { "preceding-sibling", A_SIBLING },
  };
  for (size_t i = 0; i < sizeof(axes) / sizeof(axes[0]); ++i) {
    if (tok_is(t, axes[i].name)) {
      return axes[i].axis;
    }
  }
  return A_OTHER; // following, preceding, or an unknown axis
}

static bool
expect(Parser* p, TokKind kind)
{
  if (p->tok.kind != kind) {
    p->stop = true;
    return false;
  }
  next(p);
  return true;
}

static State
parse_expr(Parser* p, State ctx, bool allow_up);

// Predicates: each is an expression about the nodes of `s`.
static void
parse_predicates(Parser* p, State s)
{
  while (!p->stop && p->tok.kind == T_LBRACK) {
    next(p);
    parse_expr(p, s, false);
    expect(p, T_RBRACK);
  }
}

static State
parse_step(Parser* p, State ctx)
{
  if (p->tok.kind == T_DOT) {
    next(p);
    return ctx;
  }
  if (p->tok.kind == T_DOTDOT) {
    next(p);
    return step(ctx, A_PARENT);
  }
  Axis axis = A_CHILD;
  if (p->tok.kind == T_AT) {
    axis = A_ATTRIBUTE;
    next(p);
  } else if (p->tok.kind == T_AXIS) {
    axis = axis_named(&p->tok);
    next(p);
    if (!expect(p, T_COLONCOLON)) {
      return out;
    }
  }
  if (p->tok.kind == T_NODETYPE) {
    next(p);
    if (!expect(p, T_LPAREN)) {
      return out;
    }
    if (p->tok.kind == T_LITERAL) { // processing-instruction('target')
      next(p);
    }
    if (!expect(p, T_RPAREN)) {
      return out;
    }
  } else if (p->tok.kind == T_NAME || p->tok.kind == T_STAR) {
    next(p);
  } else {
    p->stop = true;
    return out;
  }
  const State s = step(ctx, axis);
  parse_predicates(p, s);
  return s;
}

static State
parse_relative_path(Parser* p, State s)
{
  s = parse_step(p, s);
  while (!p->stop && s.kind != S_OUT &&
         (p->tok.kind == T_SLASH || p->tok.kind == T_DSLASH)) {
    if (p->tok.kind == T_DSLASH) {
      s = step(s, A_DESCENDANT_OR_SELF);
    }
    next(p);
    s = parse_step(p, s);
  }
  return s;
}

static bool
reads_context_string(const Tok* name)
{
  return tok_is(name, "string") || tok_is(name, "string-length") ||
         tok_is(name, "normalize-space") || tok_is(name, "number");
}

static State
parse_function(Parser* p, State ctx)
{
  const Tok name = p->tok;
  next(p);
  if (tok_is(&name, "id") || !expect(p, T_LPAREN)) {
    p->stop = true; // id() looks up the whole document
    return out;
  }
  // These only read names or count nodes, never string values.
  const bool allow_up = tok_is(&name, "name") || tok_is(&name, "local-name") ||
                        tok_is(&name, "namespace-uri") ||
                        tok_is(&name, "count") || tok_is(&name, "boolean") ||
                        tok_is(&name, "not");
  if (p->tok.kind == T_RPAREN) {
    // Without argument, these read the context node's string value.
    if (reads_context_string(&name) && ctx.kind == S_UP) {
      p->stop = true;
    }
  } else {
    for (;;) {
      parse_expr(p, ctx, allow_up);
      if (p->stop || p->tok.kind != T_COMMA) {
        break;
      }
      next(p);
    }
  }
  expect(p, T_RPAREN);
  const State value = { S_VAL, 0 };
  return value;
}

static State
parse_path(Parser* p, State ctx)
{
  State s = ctx;
  switch (p->tok.kind) {
    case T_SLASH:
    case T_DSLASH:
      p->stop = true; // an absolute path
      return out;
    case T_VAR:
      p->stop = true; // no variables are bound anyway
      return out;
    case T_LITERAL:
    case T_NUMBER:
      next(p);
      s.kind = S_VAL;
      break;
    case T_LPAREN:
      next(p);
      s = parse_expr(p, ctx, false);
      expect(p, T_RPAREN);
      break;
    case T_FUNC:
      s = parse_function(p, ctx);
      break;
    default:
      return parse_relative_path(p, ctx);
  }
  // A filter expression, maybe followed by a relative path.
  parse_predicates(p, s);
  if (!p->stop && (p->tok.kind == T_SLASH || p->tok.kind == T_DSLASH)) {
    if (p->tok.kind == T_DSLASH) {
      s = step(s, A_DESCENDANT_OR_SELF);
    }
    next(p);
    s = parse_relative_path(p, s);
  }
  return s;
}

// An expression: operands joined by operators.  Operands whose nodes may
// be ancestors are read for their string values unless `allow_up`.
static State
parse_expr(Parser* p, State ctx, bool allow_up)
{
  if (++p->nesting > MAX_NESTING) {
    p->stop = true;
    return out;
  }
  State acc = { S_VAL, 0 };
  while (!p->stop) {
    while (p->tok.kind == T_OP && tok_is(&p->tok, "-")) {
      next(p); // unary minus
    }
    State s = parse_path(p, ctx);
    while (!p->stop && p->tok.kind == T_PIPE) {
      next(p);
      s = join(s, parse_path(p, ctx));
    }
    if (s.kind == S_OUT || (s.kind == S_UP && !allow_up)) {
      p->stop = true;
    }
    acc = join(acc, s);
    if (p->tok.kind != T_OP) {
      break;
    }
    next(p);
  }
  --p->nesting;
  return acc;
}

bool
ldxi_xpath_is_local(const char* text, size_t len)
{
  Parser p;
  memset(&p, 0, sizeof(p));
  p.s   = text;
  p.len = len;
  next(&p);
  parse_expr(&p, in_record, false);
  return !p.stop && p.tok.kind == T_END;
}

void
ldxi_xpath_each_function(const char*       text,
                         size_t            len,
                         LdxiXPathNameFunc func,
                         void*             handle)
{
  Parser p;
  memset(&p, 0, sizeof(p));
  p.s   = text;
  p.len = len;
  for (next(&p); p.tok.kind != T_END && p.tok.kind != T_BAD; next(&p)) {
    if (p.tok.kind == T_FUNC &&
        !func(handle, p.tok.s, p.tok.n, (size_t)(p.tok.s - text))) {
      return;
    }
  }
}

bool
ldxi_xpath_balanced(const char* text, size_t len, size_t* offset)
{
  char   open[MAX_NESTING];
  size_t n = 0;
  Parser p;
  memset(&p, 0, sizeof(p));
  p.s   = text;
  p.len = len;
  for (next(&p); p.tok.kind != T_END && p.tok.kind != T_BAD; next(&p)) {
    const TokKind k = p.tok.kind;
    if (k == T_LPAREN || k == T_LBRACK) {
      if (n == MAX_NESTING) {
        return true; // libxml2 limits nesting itself
      }
      open[n++] = k == T_LPAREN ? ')' : ']';
    } else if (k == T_RPAREN || k == T_RBRACK) {
      if (!n || open[n - 1] != (k == T_RPAREN ? ')' : ']')) {
        *offset = (size_t)(p.tok.s - text);
        return false;
      }
      --n;
    }
  }
  if (n && p.tok.kind == T_END) {
    *offset = len;
    return false;
  }
  return true;
}
