// SPDX-License-Identifier: MIT
#include "write/jsonld_html.h"

#include "write/jsonld_util.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

// ---- The byte scanner
// -----------------------------------------------------------

typedef struct {
  bool     end;     // an end tag
  char     name[8]; // "head" or "script"
  size_t   start;   // offset of '<'
  size_t   stop;    // offset after '>'
  unsigned line;    // line of the '>' (libxml2 numbers elements so)
  size_t   content; // script: offset of its closing "</script", or len
} Tag;

typedef struct {
  LdxWorld*   world;
  const char* s;
  size_t      len;
  size_t      pos;
  unsigned    line;     // line at `line_pos`
  size_t      line_pos; // newlines before it are counted
  Tag*        tags;
  size_t      n_tags;
  size_t      cap_tags;
} Scanner;

static char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool
is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned
line_at(Scanner* sc, size_t at)
{
  for (; sc->line_pos < at; ++sc->line_pos) {
    sc->line += sc->s[sc->line_pos] == '\n';
  }
  return sc->line;
}

// Case-insensitive: does `s` at `at` start with `word`?
static bool
starts_nocase(const Scanner* sc, size_t at, const char* word)
{
  const size_t n = strlen(word);
  if (at + n > sc->len) {
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    if (lower(sc->s[at + i]) != word[i]) {
      return false;
    }
  }
  return true;
}

static size_t
find(const Scanner* sc, size_t from, const char* needle)
{
  const size_t n = strlen(needle);
  for (size_t i = from; i + n <= sc->len; ++i) {
    if (!memcmp(sc->s + i, needle, n)) {
      return i;
    }
  }
  return SIZE_MAX;
}

// Offset of the end tag "</name" that closes raw text or RCDATA, or len.
static size_t
close_of(const Scanner* sc, size_t from, const char* name)
{
  const size_t n = strlen(name);
  for (size_t i = from; i + 2 + n <= sc->len; ++i) {
    if (sc->s[i] == '<' && sc->s[i + 1] == '/' &&
        starts_nocase(sc, i + 2, name) &&
        (i + 2 + n == sc->len || is_space(sc->s[i + 2 + n]) ||
         sc->s[i + 2 + n] == '/' || sc->s[i + 2 + n] == '>')) {
      return i;
    }
  }
  return sc->len;
}

// Skip the attributes of a tag from `*at`; returns false at the end of
// the input (an unfinished tag), else leaves `*at` on the '>'.
static bool
skip_attributes(const Scanner* sc, size_t* at)
{
  size_t i = *at;
  for (;;) {
    while (i < sc->len && (is_space(sc->s[i]) || sc->s[i] == '/')) {
      ++i;
    }
    if (i >= sc->len) {
      return false;
    }
    if (sc->s[i] == '>') {
      *at = i;
      return true;
    }
    ++i; // the first character of a name may be anything, even '='
    while (i < sc->len && !is_space(sc->s[i]) && sc->s[i] != '/' &&
           sc->s[i] != '>' && sc->s[i] != '=') {
      ++i;
    }
    while (i < sc->len && is_space(sc->s[i])) {
      ++i;
    }
    if (i < sc->len && sc->s[i] == '=') {
      ++i;
      while (i < sc->len && is_space(sc->s[i])) {
        ++i;
      }
      if (i < sc->len && (sc->s[i] == '"' || sc->s[i] == '\'')) {
        const char  q = sc->s[i];
        const char* end =
          (const char*)memchr(sc->s + i + 1, q, sc->len - i - 1);
        if (!end) {
          return false;
        }
        i = (size_t)(end - sc->s) + 1;
      } else {
        while (i < sc->len && !is_space(sc->s[i]) && sc->s[i] != '>') {
          ++i;
        }
      }
    }
  }
}

static LdxStatus
add_tag(Scanner* sc, const Tag* tag)
{
  if (ldxi_grow(sc->world,
                (void**)&sc->tags,
                &sc->cap_tags,
                sc->n_tags + 1,
                sizeof(Tag))) {
    return LDX_BAD_ALLOC;
  }
  sc->tags[sc->n_tags++] = *tag;
  return LDX_SUCCESS;
}

// Tokenize the page, keeping the head and script tags.
static LdxStatus
scan(Scanner* sc)
{
  static const char* const raw[] = {
    "script",  "style",    "xmp",   "iframe",
    "noembed", "noframes", "title", "textarea"
  };
  size_t i = 0;
  while (i < sc->len) {
    const char* lt = (const char*)memchr(sc->s + i, '<', sc->len - i);
    if (!lt) {
      break;
    }
    i = (size_t)(lt - sc->s);
    if (i + 1 >= sc->len) {
      break;
    }
    const char c = sc->s[i + 1];
    if (starts_nocase(sc, i, "<!--")) {
      // Comments end at "-->" or "--!>"; "<!-->" and "<!--->" are empty.
      size_t end = SIZE_MAX;
      if (i + 4 < sc->len && sc->s[i + 4] == '>') {
        end = i + 5;
      } else if (i + 5 < sc->len && sc->s[i + 4] == '-' &&
                 sc->s[i + 5] == '>') {
        end = i + 6;
      } else {
        const size_t a = find(sc, i + 4, "-->");
        const size_t b = find(sc, i + 4, "--!>");
        end            = a < b ? a + 3 : b != SIZE_MAX ? b + 4 : SIZE_MAX;
      }
      if (end == SIZE_MAX) {
        break;
      }
      i = end;
      continue;
    }
    if (c == '!' || c == '?' ||
        (c == '/' && i + 2 < sc->len && !is_alpha(sc->s[i + 2]))) {
      // Doctype, processing instruction or bogus comment: up to '>'.
      const char* gt = (const char*)memchr(sc->s + i, '>', sc->len - i);
      if (!gt) {
        break;
      }
      i = (size_t)(gt - sc->s) + 1;
      continue;
    }
    const bool   end_tag = c == '/';
    const size_t name_at = i + (end_tag ? 2 : 1);
    if (name_at >= sc->len || !is_alpha(sc->s[name_at])) {
      ++i; // a '<' in text
      continue;
    }
    size_t j = name_at;
    while (j < sc->len && !is_space(sc->s[j]) && sc->s[j] != '/' &&
           sc->s[j] != '>') {
      ++j;
    }
    char         name[16] = "";
    const size_t nlen     = j - name_at;
    for (size_t k = 0; k < nlen && k + 1 < sizeof name; ++k) {
      name[k] = lower(sc->s[name_at + k]);
    }
    if (nlen >= sizeof name) {
      name[0] = '\0'; // longer than any name we look for
    }
    if (!skip_attributes(sc, &j)) {
      break; // the tag never ends: the rest is not markup
    }
    Tag tag;
    memset(&tag, 0, sizeof tag);
    tag.end           = end_tag;
    tag.start         = i;
    tag.stop          = j + 1;
    tag.line          = line_at(sc, j);
    i                 = j + 1;
    const bool wanted = !strcmp(name, "head") || !strcmp(name, "script");
    if (wanted) {
      memcpy(tag.name, name, strlen(name) + 1);
    }
    if (!end_tag) {
      if (!strcmp(name, "plaintext")) {
        break;
      }
      for (size_t k = 0; k < sizeof raw / sizeof raw[0]; ++k) {
        if (!strcmp(name, raw[k])) {
          tag.content = close_of(sc, i, name);
          i           = tag.content;
          break;
        }
      }
    }
    if (wanted) {
      LdxStatus st = add_tag(sc, &tag);
      if (st) {
        return st;
      }
    }
  }
  return LDX_SUCCESS;
}

// ---- Agreement with libxml2
// ----------------------------------------------------

typedef struct {
  xmlNode* node;
  bool     in_head;
  bool     jsonld;
} Script;

typedef struct {
  LdxWorld* world;
  Script*   scripts;
  size_t    n, cap;
  xmlNode*  head;
  LdxStatus st;
} Found;

static bool
is_jsonld_type(const xmlChar* type)
{
  if (!type) {
    return false;
  }
  const char* s = (const char*)type;
  while (is_space(*s)) {
    ++s;
  }
  const char* want = "application/ld+json";
  size_t      i    = 0;
  for (; want[i]; ++i) {
    if (lower(s[i]) != want[i]) {
      return false;
    }
  }
  while (is_space(s[i])) {
    ++i;
  }
  return !s[i] || s[i] == ';';
}

static bool
named(const xmlNode* n, const char* name)
{
  return n->type == XML_ELEMENT_NODE && n->name &&
         !strcmp((const char*)n->name, name);
}

static void
collect(Found* f, xmlNode* n, bool in_head, int depth)
{
  for (; n && !f->st && depth < 1000; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (named(n, "head") && !f->head) {
      f->head = n;
    }
    if (named(n, "script")) {
      if (ldxi_grow(
            f->world, (void**)&f->scripts, &f->cap, f->n + 1, sizeof(Script))) {
        f->st = LDX_BAD_ALLOC;
        return;
      }
      xmlChar* type      = xmlGetProp(n, (const xmlChar*)"type");
      f->scripts[f->n++] = (Script){ n, in_head, is_jsonld_type(type) };
      xmlFree(type);
    }
    collect(f, n->children, in_head || named(n, "head"), depth + 1);
  }
}

static bool
same_line(long xml_line, unsigned line)
{
  // libxml2 keeps line numbers in 16 bits unless told otherwise.
  return xml_line == (long)line || (xml_line >= 65535 && line >= 65535);
}

typedef struct {
  Scanner    sc;
  Found      found;
  htmlDocPtr doc;
  size_t     head_tag;   // index in sc.tags of the head start tag, or SIZE_MAX
  size_t*    script_tag; // per found script: index in sc.tags
  bool       utf8;
} Page;

static void
page_free(Page* p)
{
  ldxi_free(p->sc.world, p->sc.tags);
  ldxi_free(p->sc.world, p->found.scripts);
  ldxi_free(p->sc.world, p->script_tag);
  if (p->doc) {
    xmlFreeDoc(p->doc);
  }
}

static LdxStatus
disagree(LdxWorld* world, const char* file, const char* what)
{
  return ldxi_error(world,
                    LDX_BAD_SYNTAX,
                    &(LdxCaret){ file, 0, 0, 0 },
                    "the HTML parser and the byte scanner disagree about %s; "
                    "the page is left unchanged",
                    what);
}

static LdxStatus
page_read(LdxWorld* world, const char* s, size_t len, const char* file, Page* p)
{
  memset(p, 0, sizeof *p);
  p->sc.world    = world;
  p->sc.s        = s;
  p->sc.len      = len;
  p->sc.line     = 1;
  p->found.world = world;
  p->head_tag    = SIZE_MAX;
  if (len > INT_MAX) {
    return ldxi_error(world,
                      LDX_BAD_LIMIT,
                      &(LdxCaret){ file, 0, 0, 0 },
                      "the page is too large");
  }
  p->doc = htmlReadMemory(s,
                          (int)len,
                          NULL,
                          NULL,
                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED |
                            // Raw text ends at its own end tag, not at
                            // any "</x" (the HTML 4 rule).
                            HTML_PARSE_RECOVER);
  if (!p->doc) {
    return ldxi_error(world,
                      LDX_BAD_SYNTAX,
                      &(LdxCaret){ file, 0, 0, 0 },
                      "cannot parse the page as HTML");
  }
  const char* enc = (const char*)p->doc->encoding;
  p->utf8         = enc && (!strcmp(enc, "utf-8") || !strcmp(enc, "UTF-8") ||
                    !strcmp(enc, "utf8") || !strcmp(enc, "UTF8"));
  collect(&p->found,
          xmlDocGetRootElement(p->doc) ? p->doc->children : NULL,
          false,
          0);
  LdxStatus st = p->found.st ? p->found.st : scan(&p->sc);
  if (st) {
    return st;
  }
  // Script start tags, one for one, on the same lines.
  p->script_tag = (size_t*)ldxi_calloc(world, p->found.n + 1, sizeof(size_t));
  if (!p->script_tag) {
    return LDX_BAD_ALLOC;
  }
  size_t k = 0;
  for (size_t t = 0; t < p->sc.n_tags; ++t) {
    const Tag* tag = &p->sc.tags[t];
    if (tag->end) {
      continue;
    }
    if (!strcmp(tag->name, "head") && p->head_tag == SIZE_MAX) {
      p->head_tag = t;
    }
    if (!strcmp(tag->name, "script")) {
      if (k >= p->found.n ||
          !same_line(xmlGetLineNo(p->found.scripts[k].node), tag->line)) {
        return disagree(world, file, "the <script> elements");
      }
      p->script_tag[k++] = t;
    }
  }
  if (k != p->found.n) {
    return disagree(world, file, "the <script> elements");
  }
  if ((p->head_tag == SIZE_MAX) != (p->found.head == NULL) ||
      (p->found.head &&
       !same_line(xmlGetLineNo(p->found.head), p->sc.tags[p->head_tag].line))) {
    return disagree(world, file, "the <head> element");
  }
  return LDX_SUCCESS;
}

// ---- Embedding
// ------------------------------------------------------------------

static bool
only_blanks(const char* s, size_t from, size_t to)
{
  for (size_t i = from; i < to; ++i) {
    if (s[i] != ' ' && s[i] != '\t') {
      return false;
    }
  }
  return true;
}

// Append `text` with its "\n" written as `nl`.
static LdxStatus
append_lines(LdxiBuf* out, const char* text, size_t len, const char* nl)
{
  LdxStatus st   = LDX_SUCCESS;
  size_t    from = 0;
  for (size_t i = 0; !st && i <= len; ++i) {
    if (i == len || text[i] == '\n') {
      st = ldxi_buf_append(out, text + from, i - from);
      if (!st && i < len) {
        st = ldxi_buf_puts(out, nl);
      }
      from = i + 1;
    }
  }
  return st;
}

LdxStatus
ldxi_html_embed(LdxWorld*     world,
                const char*   s,
                size_t        len,
                const char*   file,
                const json_t* jsonld,
                LdxiBuf*      out)
{
  Page      p;
  LdxStatus st = page_read(world, s, len, file, &p);
  if (!st && p.head_tag == SIZE_MAX) {
    st = ldxi_error(world,
                    LDX_BAD_SYNTAX,
                    &(LdxCaret){ file, 0, 0, 0 },
                    "the page has no <head> element to put JSON-LD in");
  }
  size_t json_len = 0;
  char*  json     = NULL;
  if (!st) {
    json = ldxi_json_dumps_html_safe(world, jsonld, 2, !p.utf8, &json_len);
    st   = json ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  if (st) {
    ldxi_free(world, json);
    page_free(&p);
    return st;
  }
  const char* first_nl = (const char*)memchr(s, '\n', len);
  const char* nl =
    first_nl && first_nl > s && first_nl[-1] == '\r' ? "\r\n" : "\n";
  // The block to replace: the first JSON-LD script of the head.
  size_t target = SIZE_MAX;
  size_t others = 0;
  for (size_t k = 0; k < p.found.n; ++k) {
    if (p.found.scripts[k].jsonld) {
      if (target == SIZE_MAX && p.found.scripts[k].in_head) {
        target = k;
      } else {
        ++others;
      }
    }
  }
  if (others) {
    ldxi_warning(world,
                 &(LdxCaret){ file, 0, 0, 0 },
                 "the page has %zu other JSON-LD block%s, left unchanged",
                 others,
                 others == 1 ? "" : "s");
  }
  size_t from = 0; // bytes [from, to) are replaced by `out`'s new bytes
  size_t to   = 0;
  ldxi_buf_clear(out);
  LdxiBuf mid;
  ldxi_buf_init(&mid, world, 0);
  if (target != SIZE_MAX) {
    const Tag* tag = &p.sc.tags[p.script_tag[target]];
    from           = tag->stop;
    to             = tag->content;
    // Keep the indentation of the closing tag when it has a line of its
    // own.
    size_t last = to;
    while (last > from && s[last - 1] != '\n') {
      --last;
    }
    const bool own_line = last > from && only_blanks(s, last, to);
    st                  = ldxi_buf_puts(&mid, nl);
    if (!st) {
      st = append_lines(&mid, json, json_len, nl);
    }
    if (!st) {
      st = ldxi_buf_puts(&mid, nl);
    }
    if (!st && own_line) {
      st = ldxi_buf_append(&mid, s + last, to - last);
    }
  } else {
    // Insert before </head> (or, without one, right after <head ...>).
    const Tag* head = &p.sc.tags[p.head_tag];
    size_t     end  = SIZE_MAX;
    for (size_t t = p.head_tag + 1; t < p.sc.n_tags; ++t) {
      if (p.sc.tags[t].end && !strcmp(p.sc.tags[t].name, "head")) {
        end = p.sc.tags[t].start;
        break;
      }
    }
    size_t line_start = end;
    while (end != SIZE_MAX && line_start > head->stop &&
           s[line_start - 1] != '\n') {
      --line_start;
    }
    const bool own_line = end != SIZE_MAX && line_start > head->stop &&
                          only_blanks(s, line_start, end);
    if (own_line) {
      // Indent like the line before the </head> line.
      size_t prev_end = line_start - 1;
      if (prev_end > 0 && s[prev_end - 1] == '\r') {
        --prev_end;
      }
      size_t prev = prev_end;
      while (prev > 0 && s[prev - 1] != '\n') {
        --prev;
      }
      size_t ind = prev;
      while (ind < prev_end && (s[ind] == ' ' || s[ind] == '\t')) {
        ++ind;
      }
      from = to = line_start;
      st        = ldxi_buf_append(&mid, s + prev, ind - prev);
      if (!st) {
        st = ldxi_buf_puts(&mid, "<script type=\"application/ld+json\">");
      }
      if (!st) {
        st = ldxi_buf_puts(&mid, nl);
      }
      if (!st) {
        st = append_lines(&mid, json, json_len, nl);
      }
      if (!st) {
        st = ldxi_buf_puts(&mid, nl);
      }
      if (!st) {
        st = ldxi_buf_append(&mid, s + prev, ind - prev);
      }
      if (!st) {
        st = ldxi_buf_puts(&mid, "</script>");
      }
      if (!st) {
        st = ldxi_buf_puts(&mid, nl);
      }
    } else {
      from = to = end != SIZE_MAX ? end : head->stop;
      st        = ldxi_buf_puts(&mid, "<script type=\"application/ld+json\">");
      if (!st) {
        st = ldxi_buf_puts(&mid, nl);
      }
      if (!st) {
        st = append_lines(&mid, json, json_len, nl);
      }
      if (!st) {
        st = ldxi_buf_puts(&mid, nl);
      }
      if (!st) {
        st = ldxi_buf_puts(&mid, "</script>");
      }
    }
  }
  if (!st) {
    st = ldxi_buf_append(out, s, from);
  }
  if (!st) {
    st = ldxi_buf_append(out, mid.data ? mid.data : "", mid.len);
  }
  if (!st) {
    st = ldxi_buf_append(out, s + to, len - to);
  }
  ldxi_buf_free(&mid);
  ldxi_free(world, json);
  page_free(&p);
  return st;
}

LdxStatus
ldxi_html_jsonld_blocks(LdxWorld*         world,
                        const char*       s,
                        size_t            len,
                        const char*       file,
                        LdxiHtmlBlockFunc func,
                        void*             handle)
{
  Page      p;
  LdxStatus st = page_read(world, s, len, file, &p);
  for (size_t k = 0; !st && k < p.found.n; ++k) {
    if (p.found.scripts[k].jsonld) {
      const Tag* tag = &p.sc.tags[p.script_tag[k]];
      st = func(handle, s + tag->stop, tag->content - tag->stop, tag->line);
    }
  }
  page_free(&p);
  return st;
}
