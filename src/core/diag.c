// SPDX-License-Identifier: MIT
#include "core/diag.h"

#include "core/world_impl.h"

#include <stdarg.h>
#include <stdio.h>

static const char*
level_name(LdxLevel level)
{
  switch (level) {
    case LDX_LEVEL_ERROR:
      return "error";
    case LDX_LEVEL_WARNING:
      return "warning";
    case LDX_LEVEL_NOTE:
      return "note";
  }
  return "error";
}

// Print "file:line:column" (the known parts); returns non-zero if printed.
static int
print_caret(const LdxCaret* caret, FILE* stream)
{
  if (!caret->file) {
    return 0;
  }
  fputs(caret->file, stream);
  if (caret->line) {
    fprintf(stream, ":%u", caret->line);
    if (caret->column) {
      fprintf(stream, ":%u", caret->column);
    }
  }
  return 1;
}

void
ldx_diag_print(const LdxDiag* diag, FILE* stream)
{
  int any = print_caret(&diag->caret, stream);
  if (diag->record) {
    fprintf(stream, "%s%s", any ? ": " : "", diag->record);
    any = 1;
  }
  fprintf(stream,
          "%s%s: %s\n",
          any ? ": " : "",
          level_name(diag->level),
          diag->message ? diag->message : "");
  if (diag->rule) {
    if (print_caret(&diag->rule_caret, stream)) {
      fputs(": ", stream);
    }
    fprintf(stream, "note: %s\n", diag->rule);
  }
}

LdxStatus
ldxi_report(LdxWorld* world, const LdxDiag* diag)
{
  size_t limit = world ? world->limits.max_errors : 0;
  size_t count = 0;
  if (world) {
    count =
      diag->level == LDX_LEVEL_ERROR ? ++world->n_errors : ++world->n_warnings;
  }
  if (!limit || count <= limit) {
    if (world && world->diag_func) {
      world->diag_func(world->diag_handle, diag);
    } else {
      ldx_diag_print(diag, stderr);
    }
  }
  return diag->status;
}

LDX_LOG_FUNC(8, 0)
static LdxStatus
vreport(LdxWorld*       world,
        LdxStatus       status,
        LdxLevel        level,
        const LdxCaret* caret,
        const char*     record,
        const LdxCaret* rule_caret,
        const char*     rule,
        const char*     fmt,
        va_list         args)
{
  char    message[1024];
  LdxDiag diag = { status, level,   { NULL, 0, 0, 0 },
                   record, message, { NULL, 0, 0, 0 },
                   rule };
  vsnprintf(message, sizeof(message), fmt, args);
  if (caret) {
    diag.caret = *caret;
  }
  if (rule_caret) {
    diag.rule_caret = *rule_caret;
  }
  return ldxi_report(world, &diag);
}

LdxStatus
ldxi_error(LdxWorld*       world,
           LdxStatus       status,
           const LdxCaret* caret,
           const char*     fmt,
           ...)
{
  va_list args;
  va_start(args, fmt);
  vreport(world, status, LDX_LEVEL_ERROR, caret, NULL, NULL, NULL, fmt, args);
  va_end(args);
  return status;
}

LdxStatus
ldxi_warning(LdxWorld* world, const LdxCaret* caret, const char* fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  vreport(
    world, LDX_SUCCESS, LDX_LEVEL_WARNING, caret, NULL, NULL, NULL, fmt, args);
  va_end(args);
  return LDX_SUCCESS;
}

LdxStatus
ldxi_data_error(LdxWorld*       world,
                LdxStatus       status,
                const LdxCaret* caret,
                const char*     record,
                const LdxCaret* rule_caret,
                const char*     rule,
                const char*     fmt,
                ...)
{
  va_list args;
  va_start(args, fmt);
  vreport(
    world, status, LDX_LEVEL_ERROR, caret, record, rule_caret, rule, fmt, args);
  va_end(args);
  return status;
}
