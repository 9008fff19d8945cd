// SPDX-License-Identifier: MIT
// Unit tests of src/rdf/langtag.c: well-formedness per RFC 5646 section 2.1.
#undef NDEBUG

#include "rdf/langtag.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* const valid[] = {
  // language
  "en",
  "EN",
  "de",
  "haw",
  "abcd",
  "abcde",
  "abcdefgh",
  // extlang (up to three, only after a 2-3 letter language)
  "zh-yue",
  "zh-yue-abc",
  "zh-yue-abc-def",
  "ar-aao",
  // script, region
  "zh-Hant",
  "zh-Hant-TW",
  "sr-Latn-RS",
  "en-GB",
  "es-419",
  "de-CH",
  "zh-cmn-Hans-CN",
  "en-gb",
  "EN-GB",
  // variants
  "sl-rozaj",
  "sl-rozaj-biske",
  "sl-rozaj-biske-1994",
  "de-CH-1901",
  "de-1996",
  "hy-Latn-IT-arevela",
  "en-US-POSIX",
  "ca-valencia",
  "en-12ab",
  // extensions and private use
  "en-a-bbb",
  "en-a-bbb-x-a-ccc",
  "en-a-bb-b-cc",
  "de-DE-u-co-phonebk",
  "en-US-u-islamcal",
  "zh-CN-a-myext-x-private",
  "en-a-12345678",
  "en-x-a",
  "en-x-12345678",
  "en-x-a-b-c",
  "en-US-x-twain",
  "x-private",
  "x-a",
  "X-WHATEVER",
  "x-1-2-3",
  "qaa-Qaaa-QM-x-southern",
  // grandfathered: irregular
  "en-GB-oed",
  "i-ami",
  "i-bnn",
  "i-default",
  "i-enochian",
  "i-hak",
  "i-klingon",
  "I-KLINGON",
  "i-lux",
  "i-mingo",
  "i-navajo",
  "i-pwn",
  "i-tao",
  "i-tay",
  "i-tsu",
  "sgn-BE-FR",
  "sgn-BE-NL",
  "sgn-CH-DE",
  // grandfathered: regular
  "art-lojban",
  "cel-gaulish",
  "no-bok",
  "no-nyn",
  "zh-guoyu",
  "zh-hakka",
  "zh-min",
  "zh-min-nan",
  "zh-xiang",
  "ZH-MIN-NAN",
};

static const char* const invalid[] = {
  "",
  "a",         // language is 2-8 letters
  "a-english", // "a" is a singleton, not a language
  "a-spanish",
  "e",
  "en-",
  "-en",
  "en--GB",
  "en-GB-",
  "toolongprimary",
  "abcdefghi",
  "de-419-DE", // a second region
  "en-GB-US",
  "en-Latn-Hant", // a second script
  "en-Latn-GB-Latn",
  "abcd-abc", // extlang only after 2-3 letters
  "abcde-abc",
  "zh-yue-abc-def-ghi", // four extlangs
  "en-1",               // a lone digit is no field
  "en-12",
  "en-123-US",
  "en-a",   // extension without a subtag
  "en-a-b", // extension subtags have 2-8 characters
  "en-a-x-b",
  "en-a-123456789",
  "en-x", // private use without a subtag
  "x",
  "x-",
  "x-123456789",
  "en-x-",
  "i-foo", // not a grandfathered tag
  "i",
  "en_GB",
  "en GB",
  "en-GB ",
  "en-ΓΒ",
  "12",
  "1en",
  "en-abcdefghi",
  "en-GB-oed-x", // grandfathered tags take nothing more
  "en-Latn-a",
};

int
main(void)
{
  for (size_t i = 0; i < sizeof(valid) / sizeof(*valid); ++i) {
    if (!ldxi_langtag_is_valid(valid[i], strlen(valid[i]))) {
      fprintf(stderr, "valid tag rejected: '%s'\n", valid[i]);
      abort();
    }
  }
  for (size_t i = 0; i < sizeof(invalid) / sizeof(*invalid); ++i) {
    if (ldxi_langtag_is_valid(invalid[i], strlen(invalid[i]))) {
      fprintf(stderr, "invalid tag accepted: '%s'\n", invalid[i]);
      abort();
    }
  }
  // The length counts, not a NUL.
  assert(ldxi_langtag_is_valid("en-GB-", 5));
  assert(!ldxi_langtag_is_valid("en\0GB", 5));
  assert(!ldxi_langtag_is_valid(NULL, 0));
  return 0;
}
