// SPDX-License-Identifier: MIT
// Unit tests of XSD lexical validation and canonical doubles.
#undef NDEBUG

#include "rdf/xsd.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

static int
valid(const char* local, const char* lex)
{
  char dt[128];
  snprintf(dt, sizeof(dt), XSD "%s", local);
  return ldxi_xsd_is_valid(dt, strlen(dt), lex, strlen(lex));
}

static void
expect_double(double v, const char* want)
{
  char buf[64];
  ldxi_xsd_double_canonical(v, buf, sizeof(buf));
  if (strcmp(buf, want)) {
    fprintf(stderr, "%g: got %s, want %s\n", v, buf, want);
    assert(0);
  }
}

int
main(void)
{
  const char* good[][2] = {
    { "boolean", "true" },
    { "boolean", "0" },
    { "integer", "-05" },
    { "integer", "+333" },
    { "integer", "123456789012345678901234567890" },
    { "int", "2147483647" },
    { "byte", "-128" },
    { "unsignedByte", "255" },
    { "unsignedLong", "18446744073709551615" },
    { "positiveInteger", "1" },
    { "nonNegativeInteger", "-0" },
    { "negativeInteger", "-1" },
    { "decimal", ".224" },
    { "decimal", "-5.9000" },
    { "double", "-5.90" },
    { "double", "+01E+3" },
    { "double", "INF" },
    { "double", "NaN" },
    { "float", ".5e-3" },
    { "date", "2025-12-08" },
    { "date", "2024-02-29" },
    { "date", "-0044-03-15Z" },
    { "date", "12025-01-01+14:00" },
    { "dateTime", "2025-12-08T17:30:00+01:00" },
    { "dateTime", "2025-12-08T24:00:00" },
    { "dateTime", "2025-12-08T10:00:00.5Z" },
    { "time", "22:17:34.885Z" },
    { "gYear", "2024" },
    { "gYearMonth", "2025-12" },
    { "gMonthDay", "--02-29" },
    { "hexBinary", "5232524d4c" },
    { "duration", "P1Y2M3DT4H5M6.5S" },
    { "duration", "-PT1H" },
    { "string", "anything at all" },
  };
  const char* bad[][2] = {
    { "boolean", "yes" },
    { "boolean", "True" },
    { "integer", "1.0" },
    { "integer", "" },
    { "int", "2147483648" },
    { "byte", "128" },
    { "unsignedInt", "-1" },
    { "unsignedLong", "18446744073709551616" },
    { "positiveInteger", "0" },
    { "negativeInteger", "0" },
    { "decimal", "1e3" },
    { "decimal", "." },
    { "double", "1e" },
    { "double", "inf" },
    { "date", "2025-13-01" },
    { "date", "2023-02-29" },
    { "date", "2025-12-8" },
    { "date", "02025-12-08" },
    { "date", "2025-12-08T10:00" },
    { "dateTime", "2025-12-08" },
    { "dateTime", "2025-12-08T24:00:01" },
    { "dateTime", "2025-12-08T10:00:00+15:00" },
    { "dateTimeStamp", "2025-12-08T10:00:00" },
    { "time", "25:00:00" },
    { "gYear", "25" },
    { "gYearMonth", "2025" },
    { "hexBinary", "abc" },
    { "duration", "P" },
    { "duration", "PT" },
    { "duration", "P1S" },
    { "duration", "P1.5Y" },
  };
  for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); ++i) {
    if (!valid(good[i][0], good[i][1])) {
      fprintf(stderr, "rejected %s %s\n", good[i][0], good[i][1]);
      assert(0);
    }
  }
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    if (valid(bad[i][0], bad[i][1])) {
      fprintf(stderr, "accepted %s %s\n", bad[i][0], bad[i][1]);
      assert(0);
    }
  }
  assert(ldxi_xsd_is_valid("http://ex.com/dt", 16, "x", 1));

  expect_double(33, "3.3E1");
  expect_double(100, "1.0E2");
  expect_double(-5.9, "-5.9E0");
  expect_double(0.00014770215, "1.4770215E-4");
  expect_double(0, "0.0E0");
  expect_double(1e300, "1.0E300");
  expect_double(0.1, "1.0E-1");
  return 0;
}
