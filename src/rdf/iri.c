// SPDX-License-Identifier: MIT
#include "rdf/iri.h"

#include "rdf/utf8.h"

#include <stdint.h>
#include <string.h>

/*
 * Character classes
 */

static bool
is_alpha(unsigned c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(unsigned c)
{
  return c >= '0' && c <= '9';
}

static bool
is_hex(unsigned c)
{
  return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// ASCII unreserved (RFC 3986): ALPHA / DIGIT / "-" / "." / "_" / "~"
static bool
is_unreserved(unsigned c)
{
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

static bool
is_sub_delim(unsigned c)
{
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
      return true;
    default:
      return false;
  }
}

static bool
is_scheme_char(unsigned c)
{
  return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

// ucschar (RFC 3987): the non-ASCII characters allowed unencoded.
static bool
is_ucschar(uint32_t c)
{
  if (c < 0x10000) {
    return (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFEF);
  }
  // Planes 1-13 without their last two code points, then E1000-EFFFD.
  if (c < 0xE0000) {
    return (c & 0xFFFF) <= 0xFFFD;
  }
  return c >= 0xE1000 && c <= 0xEFFFD;
}

static bool
is_iprivate(uint32_t c)
{
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
         (c >= 0x100000 && c <= 0x10FFFD);
}

static const char hex_digits[] = "0123456789ABCDEF";

static LdxStatus
append_pct(LdxiBuf* out, uint8_t byte)
{
  const char enc[3] = { '%', hex_digits[byte >> 4], hex_digits[byte & 0xF] };
  return ldxi_buf_append(out, enc, sizeof(enc));
}

/*
 * Percent-encodings
 */

LdxStatus
ldxi_iri_append_iri_safe(LdxiBuf* out, const char* value, size_t len)
{
  const uint8_t* s     = (const uint8_t*)value;
  const size_t   start = out->len;
  LdxStatus      st    = LDX_SUCCESS;
  size_t         i     = 0;
  while (i < len && !st) {
    // Copy the longest run that needs no encoding in one append.
    size_t run = i;
    while (run < len) {
      if (s[run] < 0x80) {
        if (!is_unreserved(s[run])) {
          break;
        }
        ++run;
        continue;
      }
      uint32_t     cp = 0;
      const size_t n  = ldxi_utf8_decode(s + run, len - run, &cp);
      if (!n || !is_ucschar(cp)) {
        break;
      }
      run += n;
    }
    if (run > i) {
      st = ldxi_buf_append(out, s + i, run - i);
      i  = run;
      continue;
    }
    // Encode every byte of the character (or the single invalid byte).
    uint32_t cp = 0;
    size_t   n  = s[i] < 0x80 ? 1 : ldxi_utf8_decode(s + i, len - i, &cp);
    n           = n ? n : 1;
    for (size_t k = 0; k < n && !st; ++k) {
      st = append_pct(out, s[i + k]);
    }
    i += n;
  }
  if (st) {
    out->len = start; // leave the buffer as it was
    if (out->data) {
      out->data[start] = '\0';
    }
  }
  return st;
}

LdxStatus
ldxi_iri_append_uri_safe(LdxiBuf* out, const char* value, size_t len)
{
  const uint8_t* s     = (const uint8_t*)value;
  const size_t   start = out->len;
  LdxStatus      st    = LDX_SUCCESS;
  size_t         i     = 0;
  while (i < len && !st) {
    size_t run = i;
    while (run < len && is_unreserved(s[run])) {
      ++run;
    }
    if (run > i) {
      st = ldxi_buf_append(out, s + i, run - i);
      i  = run;
    } else {
      st = append_pct(out, s[i++]);
    }
  }
  if (st) {
    out->len = start;
    if (out->data) {
      out->data[start] = '\0';
    }
  }
  return st;
}

/*
 * Validation (RFC 3987 section 2.2)
 */

bool
ldxi_iri_has_scheme(const char* s, size_t len)
{
  if (!len || !is_alpha((uint8_t)s[0])) {
    return false;
  }
  for (size_t i = 1; i < len; ++i) {
    if (s[i] == ':') {
      return true;
    }
    if (!is_scheme_char((uint8_t)s[i])) {
      return false;
    }
  }
  return false;
}

// What a scan accepts besides iunreserved / pct-encoded / sub-delims.
enum {
  ALLOW_COLON    = 1u << 0,
  ALLOW_AT       = 1u << 1,
  ALLOW_SLASH    = 1u << 2,
  ALLOW_QUESTION = 1u << 3,
  ALLOW_PRIVATE  = 1u << 4,
};

#define IPCHAR (ALLOW_COLON | ALLOW_AT)
#define IPATH (IPCHAR | ALLOW_SLASH)
#define IFRAGMENT (IPATH | ALLOW_QUESTION)
#define IQUERY (IFRAGMENT | ALLOW_PRIVATE)

// Consume one allowed character at *ps.  Returns 1 if consumed, 0 if the
// character is not allowed (not consumed), -1 if it is malformed (a bad
// percent-encoding or invalid UTF-8), which makes the whole IRI invalid.
static int
step(const uint8_t** ps, const uint8_t* end, unsigned allow)
{
  const uint8_t* s = *ps;
  if (s == end) {
    return 0;
  }
  const unsigned c = *s;
  if (c < 0x80) {
    if (c == '%') {
      if (end - s < 3 || !is_hex(s[1]) || !is_hex(s[2])) {
        return -1;
      }
      *ps = s + 3;
      return 1;
    }
    if (is_unreserved(c) || is_sub_delim(c) ||
        (c == ':' && (allow & ALLOW_COLON)) ||
        (c == '@' && (allow & ALLOW_AT)) ||
        (c == '/' && (allow & ALLOW_SLASH)) ||
        (c == '?' && (allow & ALLOW_QUESTION))) {
      *ps = s + 1;
      return 1;
    }
    return 0;
  }
  uint32_t     cp = 0;
  const size_t n  = ldxi_utf8_decode(s, (size_t)(end - s), &cp);
  if (!n) {
    return -1;
  }
  if (is_ucschar(cp) || ((allow & ALLOW_PRIVATE) && is_iprivate(cp))) {
    *ps = s + n;
    return 1;
  }
  return 0;
}

// Consume as many allowed characters as possible; false if malformed.
static bool
scan(const uint8_t** ps, const uint8_t* end, unsigned allow)
{
  int r = 0;
  while ((r = step(ps, end, allow)) > 0) {
  }
  return r == 0;
}

// dec-octet: 0-255 without leading zeros.
static bool
scan_dec_octet(const uint8_t** ps, const uint8_t* end)
{
  const uint8_t* s = *ps;
  size_t         n = 0;
  unsigned       v = 0;
  while (s + n < end && n < 4 && is_digit(s[n])) {
    v = v * 10 + (unsigned)(s[n] - '0');
    ++n;
  }
  if (n == 0 || n > 3 || v > 255 || (n > 1 && s[0] == '0')) {
    return false;
  }
  *ps = s + n;
  return true;
}

// IPv4address, which must span exactly [s, end).
static bool
is_ipv4(const uint8_t* s, const uint8_t* end)
{
  for (int i = 0; i < 4; ++i) {
    if (i && (s == end || *s++ != '.')) {
      return false;
    }
    if (!scan_dec_octet(&s, end)) {
      return false;
    }
  }
  return s == end;
}

// IPv6address (RFC 3986 section 3.2.2), which must span exactly [s, end):
// eight 16-bit groups, or fewer around one "::", an IPv4 address counting
// as two groups at the end.
static bool
is_ipv6(const uint8_t* s, const uint8_t* end)
{
  unsigned groups = 0;
  bool     elided = false;
  if (end - s >= 2 && s[0] == ':' && s[1] == ':') {
    elided = true;
    s += 2;
  } else if (s < end && *s == ':') {
    return false;
  }
  while (s < end) {
    const uint8_t* g = s;
    while (g < end && is_hex(*g)) {
      ++g;
    }
    if (g < end && *g == '.') {
      if (!is_ipv4(s, end)) {
        return false;
      }
      groups += 2;
      s = end;
      break;
    }
    if (g == s || g - s > 4) {
      return false;
    }
    ++groups;
    s = g;
    if (s == end) {
      break;
    }
    if (*s++ != ':') {
      return false;
    }
    if (s < end && *s == ':') {
      if (elided) {
        return false;
      }
      elided = true;
      ++s;
    } else if (s == end) {
      return false; // a single trailing ':'
    }
  }
  return elided ? groups <= 7 : groups == 8;
}

// IP-literal at *ps ('[' already checked): "[" ( IPv6address / IPvFuture ) "]"
static bool
scan_ip_literal(const uint8_t** ps, const uint8_t* end)
{
  const uint8_t* s     = *ps + 1;
  const uint8_t* close = s;
  while (close < end && *close != ']') {
    ++close;
  }
  if (close == end) {
    return false;
  }
  if (s < close && (*s == 'v' || *s == 'V')) {
    // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
    const uint8_t* p = s + 1;
    while (p < close && is_hex(*p)) {
      ++p;
    }
    if (p == s + 1 || p == close || *p++ != '.' || p == close) {
      return false;
    }
    for (; p < close; ++p) {
      if (!is_unreserved(*p) && !is_sub_delim(*p) && *p != ':') {
        return false;
      }
    }
  } else if (!is_ipv6(s, close)) {
    return false;
  }
  *ps = close + 1;
  return true;
}

static bool
scan_port(const uint8_t** ps, const uint8_t* end)
{
  const uint8_t* s = *ps;
  while (s < end && is_digit(*s)) {
    ++s;
  }
  *ps = s;
  return true;
}

// ihost [ ":" port ] after the userinfo.
static bool
scan_host_port(const uint8_t** ps, const uint8_t* end)
{
  if (*ps < end && **ps == '[') {
    if (!scan_ip_literal(ps, end)) {
      return false;
    }
  } else if (!scan(ps, end, 0)) { // ireg-name (covers IPv4address)
    return false;
  }
  if (*ps < end && **ps == ':') {
    ++*ps;
    return scan_port(ps, end);
  }
  return true;
}

// iauthority = [ iuserinfo "@" ] ihost [ ":" port ]
// One pass: scan what may be a userinfo; without an '@' it was
// ireg-name [ ":" port ], which is then checked from what the scan saw.
static bool
scan_authority(const uint8_t** ps, const uint8_t* end)
{
  const uint8_t* const start   = *ps;
  const uint8_t*       s       = start;
  bool                 colon   = false;
  bool                 port_ok = true;
  for (;;) {
    const uint8_t* before = s;
    const int      r      = step(&s, end, ALLOW_COLON);
    if (r < 0) {
      return false;
    }
    if (r == 0) {
      break;
    }
    if (colon && !is_digit(*before)) {
      port_ok = false;
    }
    colon = colon || *before == ':';
  }
  if (s < end && *s == '@') {
    ++s;
    if (!scan_host_port(&s, end)) {
      return false;
    }
  } else if (s == start && s < end && *s == '[') {
    if (!scan_host_port(&s, end)) {
      return false;
    }
  } else if (!port_ok) {
    return false;
  }
  *ps = s;
  return true;
}

bool
ldxi_iri_is_valid(const char* str, size_t len)
{
  const uint8_t*       s   = (const uint8_t*)str;
  const uint8_t* const end = s + len;

  // scheme ":"
  if (s == end || !is_alpha(*s)) {
    return false;
  }
  ++s;
  while (s < end && is_scheme_char(*s)) {
    ++s;
  }
  if (s == end || *s++ != ':') {
    return false;
  }

  // ihier-part: an authority is followed by an empty or absolute path;
  // every other form is *( ipchar / "/" ) since "//" means authority.
  if (end - s >= 2 && s[0] == '/' && s[1] == '/') {
    s += 2;
    if (!scan_authority(&s, end)) {
      return false;
    }
    if (s < end && *s != '/' && *s != '?' && *s != '#') {
      return false;
    }
  }
  if (!scan(&s, end, IPATH)) {
    return false;
  }
  if (s < end && *s == '?') {
    ++s;
    if (!scan(&s, end, IQUERY)) {
      return false;
    }
  }
  if (s < end && *s == '#') {
    ++s;
    if (!scan(&s, end, IFRAGMENT)) {
      return false;
    }
  }
  return s == end;
}

/*
 * Resolution (RFC 3986 section 5.2)
 */

typedef struct {
  const char* s;
  size_t      n;
  bool        defined;
} Part;

typedef struct {
  Part scheme, authority, path, query, fragment;
} Parts;

// Split a reference into its components (RFC 3986 appendix B, with a
// strict scheme so that "a b:c" is a relative path).
static Parts
split(const char* s, size_t n)
{
  Parts  p = { { s, 0, false },
               { s, 0, false },
               { s, 0, false },
               { s, 0, false },
               { s, 0, false } };
  size_t i = 0;
  if (ldxi_iri_has_scheme(s, n)) {
    while (s[i] != ':') {
      ++i;
    }
    p.scheme = (Part){ s, i, true };
    ++i;
  }
  if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
    i += 2;
    const size_t a = i;
    while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#') {
      ++i;
    }
    p.authority = (Part){ s + a, i - a, true };
  }
  const size_t b = i;
  while (i < n && s[i] != '?' && s[i] != '#') {
    ++i;
  }
  p.path = (Part){ s + b, i - b, true };
  if (i < n && s[i] == '?') {
    const size_t q = ++i;
    while (i < n && s[i] != '#') {
      ++i;
    }
    p.query = (Part){ s + q, i - q, true };
  }
  if (i < n && s[i] == '#') {
    ++i;
    p.fragment = (Part){ s + i, n - i, true };
  }
  return p;
}

// Remove the last segment and its preceding "/" (if any) from the output.
static size_t
pop_segment(const char* p, size_t w)
{
  while (w > 0 && p[w - 1] != '/') {
    --w;
  }
  return w > 0 ? w - 1 : 0;
}

// remove_dot_segments (RFC 3986 section 5.2.4) in place on p[0..n); returns
// the new length.  The write position never passes the read position, so
// the output can share the input's storage; "replace the prefix with '/'"
// is done by stepping onto the prefix's last character and making it '/'.
static size_t
remove_dot_segments(char* p, size_t n)
{
  size_t r = 0;
  size_t w = 0;
  while (r < n) {
    const char*  in   = p + r;
    const size_t left = n - r;
    if (left >= 3 && !memcmp(in, "../", 3)) { // A
      r += 3;
    } else if (left >= 2 && !memcmp(in, "./", 2)) {
      r += 2;
    } else if (left >= 3 && !memcmp(in, "/./", 3)) { // B
      r += 2;
    } else if (left == 2 && !memcmp(in, "/.", 2)) {
      r += 1;
      p[r] = '/';
    } else if (left >= 4 && !memcmp(in, "/../", 4)) { // C
      r += 3;
      w = pop_segment(p, w);
    } else if (left == 3 && !memcmp(in, "/..", 3)) {
      r += 2;
      p[r] = '/';
      w    = pop_segment(p, w);
    } else if ((left == 1 && in[0] == '.') || // D
               (left == 2 && !memcmp(in, "..", 2))) {
      r = n;
    } else { // E: move the first segment, with its leading '/'
      size_t k = in[0] == '/' ? 1 : 0;
      while (k < left && in[k] != '/') {
        ++k;
      }
      memmove(p + w, in, k);
      w += k;
      r += k;
    }
  }
  return w;
}

static LdxStatus
append_part(LdxiBuf* out, const char* prefix, Part part)
{
  LdxStatus st = LDX_SUCCESS;
  if (part.defined) {
    st = ldxi_buf_puts(out, prefix);
    if (!st) {
      st = ldxi_buf_append(out, part.s, part.n);
    }
  }
  return st;
}

// True unless `ref`, an IRI with a scheme, certainly has no dot segment:
// its path neither starts with '.' nor has "/." before the query.  (It may
// say true for "/.well-known"; the caller then does the full resolution.)
static bool
may_have_dot_segments(const char* ref, size_t len)
{
  const char* const colon = (const char*)memchr(ref, ':', len);
  size_t            i     = colon ? (size_t)(colon - ref) + 1 : 0;
  if (i < len && ref[i] == '.') {
    return true;
  }
  for (; i + 1 < len && ref[i] != '?' && ref[i] != '#'; ++i) {
    if (ref[i] == '/' && ref[i + 1] == '.') {
      return true;
    }
  }
  return false;
}

LdxStatus
ldxi_iri_resolve(LdxiBuf*    out,
                 const char* base,
                 const char* ref,
                 size_t      ref_len)
{
  if (!base || !ldxi_iri_has_scheme(base, strlen(base))) {
    return LDX_BAD_ARG;
  }
  // Section 5.2.2: a reference with a scheme stands alone, so without dot
  // segments it is its own result (the common case: every IRI of an
  // N-Triples file).
  if (ldxi_iri_has_scheme(ref, ref_len) &&
      !may_have_dot_segments(ref, ref_len)) {
    return ldxi_buf_append(out, ref, ref_len);
  }
  const Parts  b     = split(base, strlen(base));
  const Parts  r     = split(ref, ref_len);
  const size_t start = out->len;

  // Section 5.2.2, strict: a reference with a scheme stands alone.
  Parts t     = r;
  bool  merge = false;
  bool  dots  = true;
  t.scheme    = r.scheme.defined ? r.scheme : b.scheme;
  if (!r.scheme.defined && !r.authority.defined) {
    t.authority = b.authority;
    if (r.path.n == 0) {
      t.path  = b.path;
      dots    = false;
      t.query = r.query.defined ? r.query : b.query;
    } else if (r.path.s[0] != '/') {
      merge = true;
    }
  }

  LdxStatus st = ldxi_buf_append(out, t.scheme.s, t.scheme.n);
  if (!st) {
    st = ldxi_buf_putc(out, ':');
  }
  if (!st) {
    st = append_part(out, "//", t.authority);
  }
  const size_t path_start = out->len;
  if (!st && merge) {
    // Section 5.2.3: the base path up to its last '/', or "/" when the base
    // has an authority and an empty path.
    if (b.authority.defined && b.path.n == 0) {
      st = ldxi_buf_putc(out, '/');
    } else {
      size_t keep = b.path.n;
      while (keep > 0 && b.path.s[keep - 1] != '/') {
        --keep;
      }
      st = ldxi_buf_append(out, b.path.s, keep);
    }
  }
  if (!st) {
    st = ldxi_buf_append(out, t.path.s, t.path.n);
  }
  if (!st && dots && out->len > path_start) {
    out->len = path_start + remove_dot_segments(out->data + path_start,
                                                out->len - path_start);
    out->data[out->len] = '\0';
  }
  if (!st) {
    st = append_part(out, "?", t.query);
  }
  if (!st) {
    st = append_part(out, "#", r.fragment);
  }
  if (st) {
    out->len = start;
    if (out->data) {
      out->data[start] = '\0';
    }
  }
  return st;
}
