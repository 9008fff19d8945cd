// SPDX-License-Identifier: MIT
// Compiling logical sources and logical targets (RML-IO): where data comes
// from and how to read it; where triples go and how to write them.
#include "core/alloc.h"
#include "mapping/compile_ctx.h"
#include "source/source.h"

#include "ldexport/writer.h"

#include <string.h>

// ---------------------------------------------------------------------------
// Small readers of property values

// A literal value of `p`, or NULL (an error if `p` has a non-literal).
static const char*
literal_of(Ctx* ctx, LdxiNodeId s, LdxiNodeId p, const char* what)
{
  const LdxCaret* caret = NULL;
  LdxiNodeId      o     = cc_one(ctx, s, p, &caret);
  if (!o) {
    return NULL;
  }
  if (cc_node(ctx, o)->type != LDX_TERM_LITERAL) {
    cc_error(ctx, LDX_BAD_MAPPING, caret, "%s must be a literal", what);
    return NULL;
  }
  return cc_node(ctx, o)->value;
}

// A boolean literal ("true", "1", "false", "0"); `dflt` if absent.
static bool
bool_of(Ctx* ctx, LdxiNodeId s, LdxiNodeId p, bool dflt, const char* what)
{
  const char* v = literal_of(ctx, s, p, what);
  if (!v) {
    return dflt;
  }
  return !strcmp(v, "true") || !strcmp(v, "1");
}

// A single character (CSV delimiter or quote); `dflt` if absent.
static char
char_of(Ctx* ctx, LdxiNodeId s, LdxiNodeId p, char dflt, const char* what)
{
  const LdxCaret* caret = NULL;
  LdxiNodeId      o     = cc_one(ctx, s, p, &caret);
  const char*     v     = o ? cc_node(ctx, o)->value : NULL;
  if (!v) {
    return dflt;
  }
  if (!strcmp(v, "\\t")) {
    return '\t';
  }
  if (strlen(v) != 1) {
    cc_error(ctx,
             LDX_UNSUPPORTED,
             caret,
             "%s must be a single character, not \"%s\"",
             what,
             v);
    return dflt;
  }
  return v[0];
}

static bool
ends_with(const char* s, const char* suffix)
{
  size_t n = strlen(s);
  size_t m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

// ---------------------------------------------------------------------------
// File locations

static void
set_root_dir(Ctx* ctx, LdxiNodeId node, LdxiFileRef* ref)
{
  const LdxiDoc* doc = ldxi_graph_doc(ctx->g, cc_node(ctx, node)->doc);
  ref->mapping_dir   = doc ? doc->dir : ".";
}

// A path given as a file: IRI (dcat:accessURL, void:dataDump, ...).
static const char*
file_iri_path(Ctx* ctx, LdxiNodeId iri, const LdxCaret* caret)
{
  const LdxiNode* n = cc_node(ctx, iri);
  if (n->type == LDX_TERM_LITERAL) {
    return n->value; // a plain path (csvw:url "data.csv")
  }
  if (n->type == LDX_TERM_IRI && !strncmp(n->value, "file://", 7)) {
    const char* p = n->value + 7;
    return *p == '/' ? p : NULL;
  }
  cc_error(ctx,
           LDX_UNSUPPORTED,
           caret,
           "%s is not a local file: only file: IRIs and paths can be read "
           "or written (this tool never uses the network)",
           cc_name(ctx, iri));
  return NULL;
}

// Read where a source or target description says its file is.  Returns
// false (without error) if the description names no file at all.
static bool
file_ref_of(Ctx* ctx, LdxiNodeId desc, LdxiFileRef* ref)
{
  const Vocab* v = &ctx->v;
  set_root_dir(ctx, desc, ref);
  const LdxCaret* p_caret = NULL;
  LdxiNodeId      path    = cc_one(ctx, desc, v->path, &p_caret);
  if (path) {
    if (cc_node(ctx, path)->type != LDX_TERM_LITERAL) {
      cc_error(ctx, LDX_BAD_MAPPING, p_caret, "rml:path must be a literal");
      return true;
    }
    ref->path            = cc_node(ctx, path)->value;
    const LdxCaret* rc   = NULL;
    LdxiNodeId      root = cc_one(ctx, desc, v->root, &rc);
    if (!root || root == v->CurrentWorkingDirectory) {
      ref->root = LDXI_ROOT_CWD;
    } else if (root == v->MappingDirectory) {
      ref->root = LDXI_ROOT_MAPPING_DIR;
    } else if (cc_node(ctx, root)->type == LDX_TERM_LITERAL) {
      ref->root     = LDXI_ROOT_DIR;
      ref->root_dir = cc_node(ctx, root)->value;
    } else {
      cc_error(ctx,
               LDX_BAD_MAPPING,
               rc,
               "unknown rml:root %s (expected rml:MappingDirectory, "
               "rml:CurrentWorkingDirectory or a directory path)",
               cc_name(ctx, root));
    }
    return true;
  }
  const LdxiNodeId props[] = {
    v->accessURL, v->downloadURL, v->dataDump, v->csvw_url
  };
  for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); ++i) {
    const LdxCaret* caret = NULL;
    LdxiNodeId      url   = cc_one(ctx, desc, props[i], &caret);
    if (url) {
      ref->path = file_iri_path(ctx, url, caret);
      ref->root = LDXI_ROOT_LEGACY; // relative paths: cwd, then mapping dir
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Logical sources

static LdxiCompression
compression_of(Ctx* ctx, LdxiNodeId desc)
{
  const Vocab*    v     = &ctx->v;
  const LdxCaret* caret = NULL;
  LdxiNodeId      c     = cc_one(ctx, desc, v->compression, &caret);
  if (!c || c == v->none) {
    return LDXI_COMPRESSION_NONE;
  }
  if (c == v->gzip) {
    return LDXI_COMPRESSION_GZIP;
  }
  if (c == v->zip) {
    return LDXI_COMPRESSION_ZIP;
  }
  if (c == v->targz) {
    return LDXI_COMPRESSION_TARGZ;
  }
  if (c == v->tarxz) {
    return LDXI_COMPRESSION_TARXZ;
  }
  cc_error(ctx,
           LDX_UNSUPPORTED,
           caret,
           "unknown compression %s (expected rml:none, rml:gzip, rml:zip, "
           "rml:targz or rml:tarxz)",
           cc_name(ctx, c));
  return LDXI_COMPRESSION_NONE;
}

static LdxiEncoding
encoding_of(Ctx* ctx, LdxiNodeId desc)
{
  const Vocab*    v     = &ctx->v;
  const LdxCaret* caret = NULL;
  LdxiNodeId      e     = cc_one(ctx, desc, v->encoding, &caret);
  if (!e || e == v->UTF8) {
    return LDXI_ENCODING_UTF8;
  }
  if (e == v->UTF16) {
    return LDXI_ENCODING_UTF16;
  }
  const LdxiNode* n = cc_node(ctx, e);
  if (n->type == LDX_TERM_LITERAL &&
      (!strcmp(n->value, "UTF-8") || !strcmp(n->value, "utf-8"))) {
    return LDXI_ENCODING_UTF8;
  }
  if (n->type == LDX_TERM_LITERAL &&
      (!strcmp(n->value, "UTF-16") || !strcmp(n->value, "utf-16"))) {
    return LDXI_ENCODING_UTF16;
  }
  cc_error(ctx,
           LDX_UNSUPPORTED,
           caret,
           "unknown encoding %s (expected rml:UTF-8 or rml:UTF-16)",
           cc_name(ctx, e));
  return LDXI_ENCODING_UTF8;
}

// rml:null (and csvw:null) values of a source description.
static LdxStatus
nulls_of(Ctx* ctx, LdxiNodeId desc, LdxiNodeId dialect, LdxiLogicalSource* src)
{
  const LdxiTriple* a  = NULL;
  const LdxiTriple* b  = NULL;
  const LdxiTriple* c  = NULL;
  size_t            na = cc_find(ctx, desc, ctx->v.null_, &a);
  size_t            nb = cc_find(ctx, desc, ctx->v.csvw_null, &b);
  size_t nc = dialect ? cc_find(ctx, dialect, ctx->v.csvw_null, &c) : 0;
  size_t n  = na + nb + nc;
  if (!n) {
    return LDX_SUCCESS;
  }
  src->nulls =
    (const char**)ldxi_arena_alloc(&ctx->plan->arena, n * sizeof(char*));
  if (!src->nulls) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  const LdxiTriple* lists[]  = { a, b, c };
  size_t            counts[] = { na, nb, nc };
  for (size_t l = 0; l < 3; ++l) {
    for (size_t i = 0; i < counts[l]; ++i) {
      const LdxiNode* v = cc_node(ctx, lists[l][i].o);
      if (v->type != LDX_TERM_LITERAL) {
        return cc_error(ctx,
                        LDX_BAD_MAPPING,
                        &lists[l][i].caret,
                        "a NULL value must be a literal");
      }
      src->nulls[src->n_nulls++] = v->value;
    }
  }
  return LDX_SUCCESS;
}

static void
csv_dialect_of(Ctx* ctx, LdxiNodeId dialect, LdxiLogicalSource* src)
{
  const Vocab* v = &ctx->v;
  src->csv       = (LdxiCsvDialect){ ',', '"', true, 0, false, NULL };
  if (src->file.path && ends_with(src->file.path, ".tsv")) {
    src->csv.delimiter = '\t';
  }
  if (!dialect) {
    return;
  }
  src->csv.delimiter = char_of(
    ctx, dialect, v->csvw_delimiter, src->csv.delimiter, "csvw:delimiter");
  src->csv.quote =
    char_of(ctx, dialect, v->csvw_quoteChar, '"', "csvw:quoteChar");
  src->csv.header = bool_of(ctx, dialect, v->csvw_header, true, "csvw:header");
  const char* rows =
    literal_of(ctx, dialect, v->csvw_headerRowCount, "csvw:headerRowCount");
  if (rows && !strcmp(rows, "0")) {
    src->csv.header = false;
  }
  const char* skip =
    literal_of(ctx, dialect, v->csvw_skipRows, "csvw:skipRows");
  for (const char* p = skip; p && *p >= '0' && *p <= '9'; ++p) {
    src->csv.skip_rows = src->csv.skip_rows * 10 + (size_t)(*p - '0');
  }
  const char* trim = literal_of(ctx, dialect, v->csvw_trim, "csvw:trim");
  src->csv.trim    = trim && (!strcmp(trim, "true") || !strcmp(trim, "start") ||
                           !strcmp(trim, "end"));
  src->csv.comment =
    literal_of(ctx, dialect, v->csvw_commentPrefix, "csvw:commentPrefix");
}

static LdxStatus
namespaces_of(Ctx* ctx, LdxiNodeId rf, LdxiLogicalSource* src)
{
  const Vocab*      v  = &ctx->v;
  const LdxiTriple* ns = NULL;
  size_t            n  = cc_find(ctx, rf, v->namespace_, &ns);
  if (!n) {
    return LDX_SUCCESS;
  }
  src->namespaces = (LdxiXmlNamespace*)ldxi_arena_alloc(
    &ctx->plan->arena, n * sizeof(LdxiXmlNamespace));
  if (!src->namespaces) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  for (size_t i = 0; i < n; ++i) {
    const char* prefix =
      literal_of(ctx, ns[i].o, v->namespacePrefix, "rml:namespacePrefix");
    const char* url =
      literal_of(ctx, ns[i].o, v->namespaceURL, "rml:namespaceURL");
    if (!prefix || !url) {
      return cc_error(ctx,
                      LDX_BAD_MAPPING,
                      &ns[i].caret,
                      "an rml:namespace needs rml:namespacePrefix and "
                      "rml:namespaceURL");
    }
    src->namespaces[src->n_namespaces++] = (LdxiXmlNamespace){ prefix, url };
  }
  return LDX_SUCCESS;
}

static const char* const formulation_names[] = {
  "rml:JSONPath",
  "rml:CSV",
  "rml:XPath",
  "rml:SQL2008Table",
  "rml:SQL2008Query",
  "formats:SPARQL_Results_CSV",
  "formats:SPARQL_Results_TSV",
  "formats:SPARQL_Results_JSON",
  "formats:SPARQL_Results_XML",
};

// The reference formulation: explicit, or guessed from the file name.
static bool
formulation_of(Ctx* ctx, LdxiNodeId ls, LdxiLogicalSource* src)
{
  const Vocab*    v     = &ctx->v;
  const LdxCaret* caret = NULL;
  LdxiNodeId      rf    = cc_one(ctx, ls, v->referenceFormulation, &caret);
  if (!rf) {
    const char* p = src->file.path ? src->file.path : "";
    if (src->db.dsn) {
      src->formulation = LDXI_RF_SQL_QUERY;
    } else if (ends_with(p, ".json") || ends_with(p, ".json.gz")) {
      src->formulation = LDXI_RF_JSONPATH;
    } else if (ends_with(p, ".csv") || ends_with(p, ".tsv") ||
               ends_with(p, ".csv.gz")) {
      src->formulation = LDXI_RF_CSV;
    } else if (ends_with(p, ".xml") || ends_with(p, ".xml.gz")) {
      src->formulation = LDXI_RF_XPATH;
    } else {
      cc_error(ctx,
               LDX_BAD_MAPPING,
               &src->rule.caret,
               "%s has no rml:referenceFormulation",
               src->rule.what);
      return false;
    }
    return true;
  }
  const struct {
    LdxiNodeId      id;
    LdxiFormulation f;
  } table[] = {
    { v->JSONPath, LDXI_RF_JSONPATH },
    { v->CSV, LDXI_RF_CSV },
    { v->XPath, LDXI_RF_XPATH },
    { v->SQL2008Table, LDXI_RF_SQL_TABLE },
    { v->SQL2008Query, LDXI_RF_SQL_QUERY },
    { v->f_sparql_csv, LDXI_RF_SPARQL_CSV },
    { v->f_sparql_tsv, LDXI_RF_SPARQL_TSV },
    { v->f_sparql_json, LDXI_RF_SPARQL_JSON },
    { v->f_sparql_xml, LDXI_RF_SPARQL_XML },
  };
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); ++i) {
    if (table[i].id && rf == table[i].id) {
      src->formulation = table[i].f;
      return true;
    }
  }
  if (cc_has_type(ctx, rf, v->XPathRF)) {
    src->formulation = LDXI_RF_XPATH;
    return !namespaces_of(ctx, rf, src);
  }
  cc_error(ctx,
           LDX_UNSUPPORTED,
           caret,
           "unknown reference formulation %s of %s (expected rml:JSONPath, "
           "rml:CSV, rml:XPath, rml:SQL2008Table, rml:SQL2008Query or "
           "formats:SPARQL_Results_*)",
           cc_name(ctx, rf),
           src->rule.what);
  return false;
}

// A string equal for two sources iff every effective property is equal.
static const char*
signature_of(Ctx* ctx, const LdxiLogicalSource* s)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, ctx->world, 0);
  LdxStatus st =
    ldxi_buf_printf(&buf,
                    "%d|%d|%s|%s|%s|%s|%d|%d|%c%c%d%zu%d%s|%s|%s|%s|%s",
                    (int)s->formulation,
                    (int)s->file.root,
                    s->file.root == LDXI_ROOT_DIR ? s->file.root_dir : "",
                    s->file.root == LDXI_ROOT_CWD ? "" : s->file.mapping_dir,
                    s->file.path ? s->file.path : "",
                    s->iterator ? s->iterator : "",
                    (int)s->compression,
                    (int)s->encoding,
                    s->csv.delimiter,
                    s->csv.quote ? s->csv.quote : '0',
                    (int)s->csv.header,
                    s->csv.skip_rows,
                    (int)s->csv.trim,
                    s->csv.comment ? s->csv.comment : "",
                    s->db.dsn ? s->db.dsn : "",
                    s->db.username ? s->db.username : "",
                    s->db.password ? s->db.password : "",
                    s->db.driver ? s->db.driver : "");
  for (size_t i = 0; !st && i < s->n_nulls; ++i) {
    st = ldxi_buf_printf(&buf, "|null=%s", s->nulls[i]);
  }
  for (size_t i = 0; !st && i < s->n_namespaces; ++i) {
    st = ldxi_buf_printf(
      &buf, "|ns=%s=%s", s->namespaces[i].prefix, s->namespaces[i].url);
  }
  const char* sig = st ? NULL : cc_str(ctx, ldxi_buf_cstr(&buf), buf.len);
  if (!sig) {
    cc_note(ctx, LDX_BAD_ALLOC);
  }
  ldxi_buf_free(&buf);
  return sig;
}

static LdxStatus
register_source(Ctx* ctx, LdxiNodeId ls, LdxiLogicalSource* src)
{
  LdxiPlan* p = ctx->plan;
  src->group  = p->n_sources;
  // Sources that failed to compile have no signature and no group mates.
  for (size_t i = 0; src->signature && i < p->n_sources; ++i) {
    if (p->sources[i]->signature &&
        !strcmp(p->sources[i]->signature, src->signature)) {
      src->group = p->sources[i]->group;
      break;
    }
  }
  if (ldxi_grow(ctx->world,
                (void**)&p->sources,
                &ctx->cap_plan_sources,
                p->n_sources + 1,
                sizeof(LdxiLogicalSource*)) ||
      ldxi_grow(ctx->world,
                (void**)&ctx->sources,
                &ctx->cap_sources,
                ctx->n_sources + 1,
                sizeof(SourceNode))) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  p->sources[p->n_sources++]     = src;
  ctx->sources[ctx->n_sources++] = (SourceNode){ ls, src };
  return LDX_SUCCESS;
}

LdxStatus
cc_compile_source(Ctx* ctx, LdxiNodeId ls, LdxiLogicalSource** out)
{
  for (size_t i = 0; i < ctx->n_sources; ++i) {
    if (ctx->sources[i].node == ls) {
      *out = ctx->sources[i].source;
      return ctx->sources[i].source->ops ? LDX_SUCCESS : LDX_BAD_MAPPING;
    }
  }
  const Vocab*       v   = &ctx->v;
  LdxiLogicalSource* src = (LdxiLogicalSource*)ldxi_arena_alloc(
    &ctx->plan->arena, sizeof(LdxiLogicalSource));
  if (!src) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  memset(src, 0, sizeof(*src));
  *out            = src;
  src->rule.caret = *cc_caret(ctx, ls);
  src->rule.what  = cc_format(ctx, "logical source %s", cc_name(ctx, ls));
  LdxStatus first = ctx->status;

  // Where the data is.
  const LdxCaret* s_caret = NULL;
  LdxiNodeId      s       = cc_one(ctx, ls, v->source, &s_caret);
  LdxiNodeId      dialect = 0;
  if (!s) {
    register_source(ctx, ls, src);
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &src->rule.caret,
                    "%s has no rml:source",
                    src->rule.what);
  }
  const LdxiNode* sn = cc_node(ctx, s);
  if (sn->type == LDX_TERM_LITERAL) {
    set_root_dir(ctx, ls, &src->file);
    src->file.root = LDXI_ROOT_LEGACY; // legacy: rml:source "file.json"
    src->file.path = sn->value;
  } else if (cc_has(ctx, s, v->d2rq_jdbcDSN)) {
    src->db.dsn    = literal_of(ctx, s, v->d2rq_jdbcDSN, "d2rq:jdbcDSN");
    src->db.driver = literal_of(ctx, s, v->d2rq_jdbcDriver, "d2rq:jdbcDriver");
    src->db.username = literal_of(ctx, s, v->d2rq_username, "d2rq:username");
    src->db.password = literal_of(ctx, s, v->d2rq_password, "d2rq:password");
  } else if (!file_ref_of(ctx, s, &src->file)) {
    register_source(ctx, ls, src);
    return cc_error(ctx,
                    LDX_UNSUPPORTED,
                    s_caret,
                    "the source %s of %s is not supported: expected a file "
                    "(rml:path, dcat:accessURL <file:...>, csvw:url, or a "
                    "file name literal) or a D2RQ database",
                    cc_name(ctx, s),
                    src->rule.what);
  }
  if (sn->type != LDX_TERM_LITERAL) {
    dialect          = cc_one(ctx, s, v->csvw_dialect, NULL);
    src->compression = compression_of(ctx, s);
    src->encoding    = encoding_of(ctx, s);
    const char* e =
      dialect ? literal_of(ctx, dialect, v->csvw_encoding, "csvw:encoding")
              : NULL;
    if (e && (!strcmp(e, "UTF-16") || !strcmp(e, "utf-16"))) {
      src->encoding = LDXI_ENCODING_UTF16;
    }
    nulls_of(ctx, s, dialect, src);
  }

  // How to read it.
  if (!formulation_of(ctx, ls, src)) {
    register_source(ctx, ls, src);
    return ctx->status ? ctx->status : LDX_BAD_MAPPING;
  }
  if (src->formulation == LDXI_RF_CSV) {
    csv_dialect_of(ctx, dialect, src);
  }
  const LdxCaret* it_caret = NULL;
  LdxiNodeId      it       = cc_one(ctx, ls, v->iterator, &it_caret);
  if (!it) {
    it = cc_one(ctx, ls, v->query, &it_caret); // legacy rml:query
  }
  if (it) {
    const LdxiNode* itn = cc_node(ctx, it);
    if (itn->type != LDX_TERM_LITERAL) {
      register_source(ctx, ls, src);
      return cc_error(
        ctx, LDX_BAD_MAPPING, it_caret, "rml:iterator must be a literal");
    }
    src->iterator = itn->value;
  }
  src->ops = ldxi_source_ops(src->formulation);
  if (!src->ops) {
    register_source(ctx, ls, src);
    return cc_error(ctx,
                    LDX_UNSUPPORTED,
                    &src->rule.caret,
                    "%s: reference formulation %s is not supported by this "
                    "build",
                    src->rule.what,
                    formulation_names[src->formulation]);
  }
  src->signature = signature_of(ctx, src);
  if (src->iterator && src->ops->compile) {
    LdxiExprError err = { 0, "" };
    LdxStatus     st  = src->ops->compile(ctx->world,
                                     src->iterator,
                                     strlen(src->iterator),
                                     1,
                                     &src->iterator_compiled,
                                     &err);
    if (st == LDX_BAD_ALLOC) {
      register_source(ctx, ls, src);
      return cc_note(ctx, st);
    }
    if (st) {
      LdxCaret at = cc_caret_in(it_caret, err.offset);
      src->ops    = NULL;
      register_source(ctx, ls, src);
      return cc_error(ctx,
                      st,
                      &at,
                      "invalid %s iterator '%s' in %s: %s",
                      ldxi_source_ops(src->formulation)->name,
                      src->iterator,
                      src->rule.what,
                      err.message);
    }
    LdxiRef* holder =
      (LdxiRef*)ldxi_arena_alloc(&ctx->plan->arena, sizeof(LdxiRef));
    if (!holder) {
      src->ops->free_compiled(src->iterator_compiled);
      return cc_note(ctx, LDX_BAD_ALLOC);
    }
    memset(holder, 0, sizeof(*holder));
    holder->compiled = src->iterator_compiled;
    holder->ops      = src->ops;
    holder->text     = src->iterator;
    if (cc_add_ref(ctx, holder)) {
      src->iterator_compiled = NULL;
      return LDX_BAD_ALLOC;
    }
  }
  LdxStatus st = register_source(ctx, ls, src);
  if (!st && ctx->status != first) {
    st = ctx->status; // an error in one of the optional properties
  }
  return st;
}

LdxStatus
cc_compile_logical_table(Ctx* ctx, LdxiNodeId lt, LdxiLogicalSource** out)
{
  const Vocab*       v   = &ctx->v;
  LdxiLogicalSource* src = (LdxiLogicalSource*)ldxi_arena_alloc(
    &ctx->plan->arena, sizeof(LdxiLogicalSource));
  if (!src) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  memset(src, 0, sizeof(*src));
  *out              = src;
  src->rule.caret   = *cc_caret(ctx, lt);
  src->rule.what    = cc_format(ctx, "logical table %s", cc_name(ctx, lt));
  const char* table = literal_of(ctx, lt, v->tableName, "rr:tableName");
  const char* query = literal_of(ctx, lt, v->sqlQuery, "rr:sqlQuery");
  if (!!table == !!query) {
    register_source(ctx, lt, src);
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &src->rule.caret,
                    "%s needs exactly one of rr:tableName and rr:sqlQuery",
                    src->rule.what);
  }
  src->formulation = table ? LDXI_RF_SQL_TABLE : LDXI_RF_SQL_QUERY;
  src->iterator    = table ? table : query;
  src->ops         = ldxi_source_ops(src->formulation);
  if (!src->ops) {
    register_source(ctx, lt, src);
    return cc_error(ctx,
                    LDX_UNSUPPORTED,
                    &src->rule.caret,
                    "%s: SQL sources are not supported by this build",
                    src->rule.what);
  }
  src->signature = signature_of(ctx, src);
  return register_source(ctx, lt, src);
}

// ---------------------------------------------------------------------------
// Logical targets

static const LdxFormat*
format_of(Ctx* ctx, LdxiNodeId lt, LdxiNodeId desc, const char* what)
{
  const Vocab*    v     = &ctx->v;
  const LdxCaret* caret = NULL;
  LdxiNodeId      f     = cc_one(ctx, lt, v->serialization, &caret);
  if (!f && desc) {
    f = cc_one(ctx, desc, v->serialization, &caret);
  }
  if (!f) {
    return ldx_format_by_name("nquads"); // the RML-IO default
  }
  const struct {
    LdxiNodeId  id;
    const char* name;
  } table[] = {
    { v->f_nquads, "nquads" },   { v->f_ntriples, "ntriples" },
    { v->f_turtle, "turtle" },   { v->f_n3, "turtle" }, // N3 extends Turtle
    { v->f_trig, "trig" },       { v->f_rdfxml, "rdfxml" },
    { v->f_rdfjson, "rdfjson" }, { v->f_jsonld, "jsonld" },
  };
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); ++i) {
    if (table[i].id && f == table[i].id) {
      const LdxFormat* fmt = ldx_format_by_name(table[i].name);
      if (!fmt) {
        cc_error(ctx,
                 LDX_UNSUPPORTED,
                 caret,
                 "serialization %s of %s is not supported by this build",
                 cc_name(ctx, f),
                 what);
      }
      return fmt;
    }
  }
  cc_error(ctx,
           LDX_UNSUPPORTED,
           caret,
           "unknown serialization %s of %s",
           cc_name(ctx, f),
           what);
  return NULL;
}

static LdxStatus
compile_target(Ctx* ctx, LdxiNodeId lt, const LdxCaret* use, size_t* index)
{
  const Vocab* v = &ctx->v;
  LdxiPlan*    p = ctx->plan;
  for (size_t i = 0; i < p->n_targets; ++i) {
    if (ctx->target_nodes[i] == lt) {
      *index = i;
      return LDX_SUCCESS;
    }
  }
  if (ldxi_grow(ctx->world,
                (void**)&p->targets,
                &ctx->cap_targets,
                p->n_targets + 1,
                sizeof(LdxiTarget))) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  size_t cap = p->n_targets;
  if (ldxi_grow(ctx->world,
                (void**)&ctx->target_nodes,
                &cap,
                p->n_targets + 1,
                sizeof(LdxiNodeId))) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  LdxiTarget* t = &p->targets[p->n_targets];
  memset(t, 0, sizeof(*t));
  ctx->target_nodes[p->n_targets] = lt;
  *index                          = p->n_targets++;
  t->name                         = cc_name(ctx, lt);
  t->rule.caret = cc_caret(ctx, lt)->line ? *cc_caret(ctx, lt) : *use;
  t->rule.what  = cc_format(ctx, "logical target %s", t->name);

  const LdxCaret* d_caret = NULL;
  LdxiNodeId      desc    = cc_one(ctx, lt, v->target, &d_caret);
  if (!desc) {
    return cc_error(ctx,
                    LDX_BAD_MAPPING,
                    &t->rule.caret,
                    "%s has no rml:target",
                    t->rule.what);
  }
  if (!file_ref_of(ctx, desc, &t->file) || !t->file.path) {
    return cc_error(ctx,
                    LDX_UNSUPPORTED,
                    d_caret,
                    "the target %s of %s is not supported: expected a file "
                    "(rml:path or a file: IRI)",
                    cc_name(ctx, desc),
                    t->rule.what);
  }
  t->format      = format_of(ctx, lt, desc, t->rule.what);
  t->compression = compression_of(ctx, desc);
  if (!t->compression) {
    t->compression = compression_of(ctx, lt);
  }
  t->encoding = encoding_of(ctx, desc);
  if (!t->encoding) {
    t->encoding = encoding_of(ctx, lt);
  }
  return t->format ? LDX_SUCCESS : ctx->status;
}

LdxStatus
cc_union_targets(Ctx* ctx, LdxiTargetSet* set, const LdxiTargetSet* more)
{
  if (!more->n) {
    return LDX_SUCCESS;
  }
  size_t* items = (size_t*)ldxi_arena_alloc(
    &ctx->plan->arena, (set->n + more->n) * sizeof(size_t));
  if (!items) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  size_t n = 0;
  for (size_t i = 0; i < set->n; ++i) {
    items[n++] = set->items[i];
  }
  for (size_t i = 0; i < more->n; ++i) {
    bool seen = false;
    for (size_t k = 0; k < set->n && !seen; ++k) {
      seen = set->items[k] == more->items[i];
    }
    if (!seen) {
      items[n++] = more->items[i];
    }
  }
  set->items = items;
  set->n     = n;
  return LDX_SUCCESS;
}

LdxStatus
cc_compile_targets(Ctx* ctx, LdxiNodeId map, LdxiTargetSet* out)
{
  const LdxiTriple* lts = NULL;
  size_t            n   = cc_find(ctx, map, ctx->v.logicalTarget, &lts);
  out->items            = NULL;
  out->n                = 0;
  if (!n) {
    return LDX_SUCCESS;
  }
  size_t* items =
    (size_t*)ldxi_arena_alloc(&ctx->plan->arena, n * sizeof(size_t));
  if (!items) {
    return cc_note(ctx, LDX_BAD_ALLOC);
  }
  LdxStatus first = LDX_SUCCESS;
  for (size_t i = 0; i < n; ++i) {
    LdxStatus st = compile_target(ctx, lts[i].o, &lts[i].caret, &items[i]);
    first        = first ? first : st;
  }
  out->items = items;
  out->n     = n;
  return first;
}
