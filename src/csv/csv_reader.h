// SPDX-License-Identifier: MIT
// An RFC 4180 CSV reader: rows of fields from bytes fed in chunks.
//
// The reader pulls bytes through a read function into its own buffer and
// returns one row at a time.  Fields point into that buffer (no copy):
// quotes are removed and doubled quotes undoubled in place, and each field
// is NUL-terminated.  Only the current row is kept, so memory is bounded by
// the chunk size and the longest row.  Any chunk size gives the same rows
// and the same errors.
//
// Syntax: fields separated by the delimiter, rows ended by CRLF, LF or CR;
// a field may be quoted, and then holds delimiters, line ends and doubled
// quotes.  A UTF-8 BOM at the start is dropped.  Empty lines are not rows.
// With `trim`, spaces and tabs around fields (outside quotes) are dropped.
// Lines starting with the comment prefix (at the start of a row) and the
// first `skip_rows` lines are skipped as they are, quotes and all.  Every
// row must have as many fields as the first one (the header).  The text
// must be UTF-8 without NUL bytes.
//
// Errors carry the line, column (code points) and byte offset of their
// place: an unterminated quoted field (at its opening quote), a quote in an
// unquoted field, anything but a delimiter or line end after a closing
// quote, a row with more or fewer fields than the first, invalid UTF-8, a
// NUL byte, and a row longer than the limit (LDX_BAD_LIMIT).
#ifndef LDX_CSV_CSV_READER_H
#define LDX_CSV_CSV_READER_H

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct LdxiCsvReader LdxiCsvReader;

// Read up to `size` bytes into `buf`; `*got` 0 means the end.  A non-zero
// status stops the reader and is returned by ldxi_csv_next() (the read
// function reports its own errors).
typedef LdxStatus (*LdxiCsvReadFunc)(void*   handle,
                                     char*   buf,
                                     size_t  size,
                                     size_t* got);

typedef struct {
  char        delimiter; // ','; not a quote, CR or LF
  char        quote;     // '"'; 0: no quoting
  bool        trim;      // drop spaces and tabs around fields
  const char* comment;   // prefix of comment lines, or NULL (borrowed)
  size_t      skip_rows; // lines skipped before the first row
  size_t      chunk;     // bytes read at a time; 0: 256 KiB
  size_t      max_row;   // longest row in bytes; 0: no limit
  bool        header;    // the first row names the columns (for messages)
} LdxiCsvOptions;

typedef struct {
  const char* str; // NUL-terminated, in the reader's buffer
  size_t      len;
} LdxiCsvField;

// A row, valid until the next call to ldxi_csv_next() or ldxi_csv_free().
typedef struct {
  const LdxiCsvField* fields;
  size_t              n;
  size_t              number; // 1-based, counting the first row
  size_t              line;   // line where the row starts (1-based)
  size_t              byte;   // byte offset where the row starts
} LdxiCsvRow;

typedef enum {
  LDXI_CSV_ERR_NONE = 0,
  LDXI_CSV_ERR_UNTERMINATED, // quoted field not closed at the end
  LDXI_CSV_ERR_QUOTE,        // quote inside an unquoted field
  LDXI_CSV_ERR_AFTER_QUOTE,  // garbage after a closing quote
  LDXI_CSV_ERR_MORE_FIELDS,  // more fields than the first row
  LDXI_CSV_ERR_FEWER_FIELDS, // fewer fields than the first row
  LDXI_CSV_ERR_ENCODING,     // invalid UTF-8 or a NUL byte
  LDXI_CSV_ERR_LIMIT,        // row longer than max_row
} LdxiCsvErrorKind;

// Where and why reading failed (line, column and byte as in LdxCaret).
typedef struct {
  LdxiCsvErrorKind kind;
  size_t           line;
  size_t           column;
  size_t           byte;
  size_t           row;   // number of the row being read
  size_t           width; // fields of the first row (field count errors)
  char             message[160];
} LdxiCsvError;

// Create a reader.  LDX_BAD_ARG for an impossible dialect (delimiter equal
// to the quote, or a line end), LDX_BAD_ALLOC.  Ownership: the caller frees
// it with ldxi_csv_free().
LdxStatus
ldxi_csv_new(LdxWorld*             world,
             const LdxiCsvOptions* options,
             LdxiCsvReadFunc       read,
             void*                 handle,
             LdxiCsvReader**       out);

// Read the next row.  LDX_SUCCESS with `*row`, LDX_FAILURE at the end,
// LDX_BAD_SYNTAX or LDX_BAD_LIMIT (see ldxi_csv_error()), LDX_BAD_ALLOC, or
// the read function's status.  Errors are sticky.
LdxStatus
ldxi_csv_next(LdxiCsvReader* reader, const LdxiCsvRow** row);

// The last syntax or limit error (kind NONE if none).
const LdxiCsvError*
ldxi_csv_error(const LdxiCsvReader* reader);

void
ldxi_csv_free(LdxiCsvReader* reader);

#endif // LDX_CSV_CSV_READER_H
