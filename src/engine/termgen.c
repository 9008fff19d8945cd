// SPDX-License-Identifier: MIT
// Term generation: evaluating term maps on a record (RML-Core "generated
// RDF term"): constants, references, templates with IRI-safe encoding,
// base IRI resolution, natural datatypes, datatype and language maps.
#include "engine/run.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "mapping/vocab.h"
#include "rdf/iri.h"
#include "rdf/langtag.h"
#include "rdf/xsd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const LdxStr natural_datatypes[] = {
  { NULL, 0 },
  { LDX_XSD_INTEGER, sizeof(LDX_XSD_INTEGER) - 1 },
  { LDX_XSD_DOUBLE, sizeof(LDX_XSD_DOUBLE) - 1 },
  { LDX_XSD_BOOLEAN, sizeof(LDX_XSD_BOOLEAN) - 1 },
  { LDX_XSD "decimal", sizeof(LDX_XSD "decimal") - 1 },
  { LDX_XSD "date", sizeof(LDX_XSD "date") - 1 },
  { LDX_XSD "time", sizeof(LDX_XSD "time") - 1 },
  { LDX_XSD "dateTime", sizeof(LDX_XSD "dateTime") - 1 },
  { LDX_XSD "hexBinary", sizeof(LDX_XSD "hexBinary") - 1 },
};

void
ldxi_terms_free(LdxWorld* world, LdxiTerms* terms)
{
  ldxi_free(world, terms->items);
  terms->items = NULL;
  terms->n     = 0;
  terms->cap   = 0;
}

static LdxStatus
push(LdxiRun* run, LdxiTerms* out, LdxTerm term)
{
  if (out->n == out->cap && ldxi_grow(run->world,
                                      (void**)&out->items,
                                      &out->cap,
                                      out->n + 1,
                                      sizeof(LdxTerm))) {
    return LDX_BAD_ALLOC;
  }
  out->items[out->n++] = term;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_run_error(LdxiRun*        run,
               LdxStatus       status,
               const LdxiRule* rule,
               const char*     fmt,
               ...)
{
  char    msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);

  LdxiBuf where;
  LdxiBuf note;
  ldxi_buf_init(&where, run->world, 0);
  ldxi_buf_init(&note, run->world, 0);
  const LdxiOpenSource* src = run->cur_source;
  if (run->cur_record && src) {
    src->source->ops->describe(run->cur_record, &where);
  }
  if (rule && rule->what) {
    ldxi_buf_printf(&note, "in the %s", rule->what);
  }
  LdxDiag diag = { status,
                   LDX_LEVEL_ERROR,
                   { src ? src->display : NULL, 0, 0, 0 },
                   where.data,
                   msg,
                   { NULL, 0, 0, 0 },
                   note.data };
  if (rule) {
    diag.rule_caret = rule->caret;
  }
  if (run->options->skip_bad_records) {
    // The record is skipped, not the run: a warning that says so.
    diag.level = LDX_LEVEL_WARNING;
    size_t len = strlen(msg);
    snprintf(msg + len, sizeof(msg) - len, " (record skipped)");
  }
  ldxi_report(run->world, &diag);
  ldxi_buf_free(&where);
  ldxi_buf_free(&note);
  return status;
}

// Evaluate a reference into `values` (cleared first).
static LdxStatus
eval_ref(LdxiRun*        run,
         const LdxiRef*  ref,
         const LdxiRule* rule,
         LdxiValues*     values)
{
  const LdxiOpenSource* src = run->cur_source;
  values->n                 = 0;
  LdxStatus st              = src->source->ops->eval(src->handle,
                                        run->cur_record,
                                        ref->compiled,
                                        values,
                                        &run->arena,
                                        &run->message);
  if (st == LDX_BAD_DATA || st == LDX_BAD_REFERENCE) {
    return ldxi_run_error(run,
                          st,
                          rule,
                          "reference '%s': %s",
                          ref->text,
                          ldxi_buf_cstr(&run->message));
  }
  // Values the source declares NULL (rml:null) give no term (RML-IO).
  const LdxiLogicalSource* ls = src->source;
  if (!st && ls->n_nulls) {
    size_t kept = 0;
    for (size_t i = 0; i < values->n; ++i) {
      const LdxiValue* v      = &values->items[i];
      bool             isnull = false;
      for (size_t k = 0; k < ls->n_nulls && !isnull; ++k) {
        isnull = strlen(ls->nulls[k]) == v->len &&
                 !memcmp(ls->nulls[k], v->str, v->len);
      }
      if (!isnull) {
        values->items[kept++] = *v;
      }
    }
    values->n = kept;
  }
  return st;
}

static bool
is_ascii(const char* s, size_t len)
{
  for (size_t i = 0; i < len; ++i) {
    if ((unsigned char)s[i] >= 0x80) {
      return false;
    }
  }
  return true;
}

static bool
valid_iri(LdxiIriMode mode, const char* s, size_t len)
{
  return ldxi_iri_is_valid(s, len) &&
         (mode != LDXI_URI_SAFE || is_ascii(s, len));
}

// Turn a string into an IRI term: absolute as is, otherwise prefixed with
// the base IRI; validated unless the term type is rml:UnsafeIRI.
static LdxStatus
make_iri(LdxiRun*           run,
         const LdxiTermMap* tm,
         const char*        base,
         const char*        s,
         size_t             len,
         LdxTerm*           out)
{
  LdxiBuf* buf    = &run->scratch;
  bool     unsafe = tm->iri_mode == LDXI_IRI_UNSAFE;
  if (unsafe ? ldxi_iri_has_scheme(s, len) : valid_iri(tm->iri_mode, s, len)) {
    // Usable as it is.
  } else if (!base) {
    return ldxi_run_error(run,
                          LDX_BAD_DATA,
                          &tm->rule,
                          "'%.*s' is not an absolute IRI and there is no base "
                          "IRI to resolve it (use --base or rml:baseIRI)",
                          (int)len,
                          s);
  } else {
    ldxi_buf_clear(buf);
    LdxStatus st = ldxi_buf_puts(buf, base);
    if (!st) {
      st = ldxi_buf_append(buf, s, len);
    }
    if (st) {
      return st;
    }
    if (!unsafe && !valid_iri(tm->iri_mode, buf->data, buf->len)) {
      return ldxi_run_error(run,
                            LDX_BAD_DATA,
                            &tm->rule,
                            "invalid %s <%s> generated from '%.*s'",
                            tm->iri_mode == LDXI_URI_SAFE ? "URI" : "IRI",
                            buf->data,
                            (int)len,
                            s);
    }
    s   = buf->data;
    len = buf->len;
  }
  // The string may live in the scratch buffer or in the data: keep a copy
  // for the rest of the record.
  char* copy = ldxi_arena_strndup(&run->arena, s, len);
  if (!copy) {
    return LDX_BAD_ALLOC;
  }
  *out = (LdxTerm){ LDX_TERM_IRI, { copy, len }, { NULL, 0 }, { NULL, 0 } };
  return LDX_SUCCESS;
}

// Evaluate the datatype or language map of a literal term map.
static LdxStatus
eval_literal_parts(LdxiRun*           run,
                   const LdxiTermMap* tm,
                   const char*        base,
                   LdxiTerms*         parts)
{
  parts->n = 0;
  if (tm->datatype_map) {
    return ldxi_eval_term_map(run, tm->datatype_map, base, parts);
  }
  if (!tm->language_map) {
    return LDX_SUCCESS;
  }
  LdxStatus st = ldxi_eval_term_map(run, tm->language_map, base, parts);
  if (st || tm->language_map->kind == LDXI_EXPR_CONSTANT) {
    return st; // constants were checked when compiling
  }
  for (size_t i = 0; i < parts->n; ++i) {
    const LdxStr* tag = &parts->items[i].value;
    if (!ldxi_langtag_is_valid(tag->buf, tag->len)) {
      return ldxi_run_error(run,
                            LDX_BAD_DATATYPE,
                            &tm->language_map->rule,
                            "invalid language tag '%.*s' (not well-formed "
                            "BCP 47)",
                            (int)tag->len,
                            tag->buf);
    }
  }
  return LDX_SUCCESS;
}

// Append the literals for one lexical form: one per datatype or language
// tag of `parts`, or a single one with `natural` datatype.
static bool
str_is(LdxStr s, const char* iri)
{
  return s.len == strlen(iri) && !memcmp(s.buf, iri, s.len);
}

// A datatype-override literal (RML-Core): numbers overridden to xsd:double
// or xsd:float take the canonical form ("3.3E1"); a lexical form outside
// the datatype's lexical space is a data error.
static LdxStatus
override_literal(LdxiRun*           run,
                 const LdxiTermMap* tm,
                 LdxTerm*           t,
                 LdxStr             natural)
{
  if ((str_is(t->datatype, LDX_XSD_DOUBLE) ||
       str_is(t->datatype, LDX_XSD "float")) &&
      (str_is(natural, LDX_XSD_INTEGER) || str_is(natural, LDX_XSD_DOUBLE))) {
    char      num[64];
    const int n = ldxi_xsd_double_canonical_text(
      t->value.buf, t->value.len, num, sizeof(num));
    if (n >= 0) {
      char* copy = ldxi_arena_strndup(&run->arena, num, (size_t)n);
      if (!copy) {
        return LDX_BAD_ALLOC;
      }
      t->value = (LdxStr){ copy, (size_t)n };
    }
  }
  if (!ldxi_xsd_is_valid(
        t->datatype.buf, t->datatype.len, t->value.buf, t->value.len)) {
    return ldxi_run_error(run,
                          LDX_BAD_DATATYPE,
                          &tm->rule,
                          "ill-typed literal \"%.*s\"^^<%.*s>: not in the "
                          "datatype's lexical space",
                          (int)t->value.len,
                          t->value.buf,
                          (int)t->datatype.len,
                          t->datatype.buf);
  }
  return LDX_SUCCESS;
}

// Append the literals for one lexical form: one per datatype or language
// tag of `parts`, or a single one with `natural` datatype.
static LdxStatus
push_literals(LdxiRun*           run,
              const LdxiTermMap* tm,
              const LdxiTerms*   parts,
              LdxStr             lexical,
              LdxStr             natural,
              LdxiTerms*         out)
{
  if (!tm->datatype_map && !tm->language_map) {
    return push(
      run, out, (LdxTerm){ LDX_TERM_LITERAL, lexical, natural, { NULL, 0 } });
  }
  for (size_t i = 0; i < parts->n; ++i) {
    LdxTerm   t  = { LDX_TERM_LITERAL, lexical, { NULL, 0 }, { NULL, 0 } };
    LdxStatus st = LDX_SUCCESS;
    if (tm->language_map) {
      t.language = parts->items[i].value;
    } else if (!str_is(parts->items[i].value, LDX_XSD_STRING)) {
      t.datatype = parts->items[i].value; // xsd:string is written as plain
      st         = override_literal(run, tm, &t, natural);
    }
    if (st || (st = push(run, out, t))) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

// Make the term(s) for one string produced by a reference or template.
static LdxStatus
finish(LdxiRun*           run,
       const LdxiTermMap* tm,
       const char*        base,
       const LdxiTerms*   parts,
       const char*        s,
       size_t             len,
       LdxStr             natural,
       bool               in_arena,
       LdxiTerms*         out)
{
  LdxTerm t;
  switch (tm->type) {
    case LDX_TERM_IRI: {
      LdxStatus st = make_iri(run, tm, base, s, len, &t);
      return st ? st : push(run, out, t);
    }
    case LDX_TERM_BLANK:
    case LDX_TERM_LITERAL:
      if (!in_arena) {
        char* copy = ldxi_arena_strndup(&run->arena, s, len);
        if (!copy) {
          return LDX_BAD_ALLOC;
        }
        s = copy;
      }
      if (tm->type == LDX_TERM_BLANK) {
        return push(
          run,
          out,
          (LdxTerm){ LDX_TERM_BLANK, { s, len }, { NULL, 0 }, { NULL, 0 } });
      }
      return push_literals(run, tm, parts, (LdxStr){ s, len }, natural, out);
  }
  return LDX_BAD_ARG;
}

static LdxStatus
append_encoded(const LdxiTermMap* tm, LdxiBuf* buf, const LdxiValue* v)
{
  if (tm->type != LDX_TERM_IRI || tm->iri_mode == LDXI_IRI_UNSAFE) {
    return ldxi_buf_append(buf, v->str, v->len);
  }
  return tm->iri_mode == LDXI_URI_SAFE
           ? ldxi_iri_append_uri_safe(buf, v->str, v->len)
           : ldxi_iri_append_iri_safe(buf, v->str, v->len);
}

// Expand a template: the n-ary cartesian product of its references' values.
static LdxStatus
eval_template(LdxiRun*           run,
              const LdxiTermMap* tm,
              const char*        base,
              const LdxiTerms*   parts,
              LdxiTerms*         out)
{
  size_t n_refs = tm->n_segs - 1;
  // Values of each reference, copied out of the shared scratch list.
  LdxiValue** vals   = NULL;
  size_t*     counts = NULL;
  size_t*     at     = NULL;
  if (n_refs) {
    vals = (LdxiValue**)ldxi_arena_alloc(&run->arena, n_refs * sizeof(*vals));
    counts =
      (size_t*)ldxi_arena_alloc(&run->arena, 2 * n_refs * sizeof(size_t));
    if (!vals || !counts) {
      return LDX_BAD_ALLOC;
    }
    at = counts + n_refs;
  }
  for (size_t r = 0; r < n_refs; ++r) {
    LdxStatus st = eval_ref(run, tm->segs[r].ref, &tm->rule, &run->values);
    if (st) {
      return st;
    }
    if (!run->values.n) {
      return LDX_SUCCESS; // a missing value: no term
    }
    counts[r] = run->values.n;
    at[r]     = 0;
    vals[r]   = (LdxiValue*)ldxi_arena_alloc(&run->arena,
                                           run->values.n * sizeof(LdxiValue));
    if (!vals[r]) {
      return LDX_BAD_ALLOC;
    }
    memcpy(vals[r], run->values.items, run->values.n * sizeof(LdxiValue));
  }
  // Datatype and language maps were evaluated before, so nothing else
  // uses this buffer while the template is expanded.
  LdxiBuf*  buf = &run->tmpl;
  LdxStatus st  = LDX_SUCCESS;
  for (;;) {
    ldxi_buf_clear(buf);
    for (size_t i = 0; i < tm->n_segs && !st; ++i) {
      st = ldxi_buf_append(buf, tm->segs[i].literal, tm->segs[i].literal_len);
      if (!st && i < n_refs) {
        st = append_encoded(tm, buf, &vals[i][at[i]]);
      }
    }
    if (st == LDX_BAD_LIMIT) {
      st = ldxi_run_error(run,
                          st,
                          &tm->rule,
                          "generated value longer than the limit of %zu bytes",
                          buf->max);
    }
    if (!st) {
      st = finish(run,
                  tm,
                  base,
                  parts,
                  ldxi_buf_cstr(buf),
                  buf->len,
                  (LdxStr){ NULL, 0 },
                  false,
                  out);
    }
    if (st) {
      break;
    }
    // Next combination (odometer over the references' values).
    size_t r = n_refs;
    while (r > 0 && ++at[r - 1] == counts[r - 1]) {
      at[--r] = 0;
    }
    if (r == 0) {
      break;
    }
  }
  return st;
}

LdxStatus
ldxi_eval_term_map(LdxiRun*           run,
                   const LdxiTermMap* tm,
                   const char*        base,
                   LdxiTerms*         out)
{
  if (tm->kind == LDXI_EXPR_CONSTANT) {
    return push(run, out, tm->constant);
  }
  if (tm->kind == LDXI_EXPR_NONE) {
    // A blank node per record: labels that no data value can produce
    // (0xFF never occurs in UTF-8).
    char  label[64];
    int   n    = snprintf(label,
                     sizeof(label),
                     "\xff"
                          "b%zur%zu",
                     tm->blank_id,
                     run->cur_record ? run->cur_record->number : 0);
    char* copy = ldxi_arena_strndup(&run->arena, label, (size_t)n);
    if (!copy) {
      return LDX_BAD_ALLOC;
    }
    return push(
      run,
      out,
      (LdxTerm){
        LDX_TERM_BLANK, { copy, (size_t)n }, { NULL, 0 }, { NULL, 0 } });
  }

  // Datatypes or language tags first: they do not depend on the value.
  // Constant ones (the common case) are used in place.
  const LdxiTermMap* pm =
    tm->datatype_map ? tm->datatype_map : tm->language_map;
  LdxiTerms parts = { NULL, 0, 0 };
  bool      owned = false;
  LdxStatus st    = LDX_SUCCESS;
  if (tm->type == LDX_TERM_LITERAL && pm) {
    if (pm->kind == LDXI_EXPR_CONSTANT) {
      parts.items = (LdxTerm*)&pm->constant;
      parts.n     = 1;
    } else {
      owned = true;
      st    = eval_literal_parts(run, tm, base, &parts);
      if (st || !parts.n) {
        ldxi_terms_free(run->world, &parts);
        return st;
      }
    }
  }
  if (tm->kind == LDXI_EXPR_TEMPLATE) {
    st = eval_template(run, tm, base, &parts, out);
  } else {
    st = eval_ref(run, &tm->ref, &tm->rule, &run->values);
    for (size_t i = 0; !st && i < run->values.n; ++i) {
      const LdxiValue* v = &run->values.items[i];
      st                 = finish(run,
                  tm,
                  base,
                  &parts,
                  v->str,
                  v->len,
                  natural_datatypes[v->natural],
                  true,
                  out);
    }
  }
  if (owned) {
    ldxi_terms_free(run->world, &parts);
  }
  return st;
}
