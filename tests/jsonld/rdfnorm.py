# SPDX-License-Identifier: MIT
"""Normalise N-Quads before comparing ldexport's RDF with what a JSON-LD
processor reads back from ldexport's JSON-LD.

    python3 rdfnorm.py CONTEXT.jsonld IN.nq > OUT.nq

Both sides go through the same rules; each rule is one of the documented
schema.org conventions the JSON-LD writer follows (docs/architecture.md,
"JSON-LD for schema.org"), and nothing else is relaxed:

1. Vocabulary IRIs.  The writer writes schema.org types and properties as
   short names, which every schema.org context maps to http://schema.org/
   (schema.org treats http and https as one vocabulary).  So predicates and
   rdf:type objects in https://schema.org/ become http://schema.org/.
2. Dates.  For a schema.org property, a literal typed xsd:date, dateTime,
   dateTimeStamp, time, gYear, gYearMonth or schema:Date, DateTime, Time is
   written as a plain JSON string (read back as a plain string, or as
   schema:Date where the 30.0 context coerces): the datatype is dropped and
   the lexical form must be equal.
3. URLs.  For a schema.org property, an IRI object that the dataset does
   not describe (it is no subject) is written as a plain string when the
   30.0 context coerces the property to @id (url, sameAs, image, ...) or
   when it is a schema.org term (an enumeration member such as
   https://schema.org/EventScheduled): such an IRI becomes a plain literal
   with the same characters.
4. Doubles.  JSON-LD processors write every xsd:double in its canonical
   form (4.62356E1 for 46.2356; jsonld.js even rewrites a string @value
   typed xsd:double, and pyld 2.0.3 fails on one), so the writer writes
   doubles as JSON numbers and doubles compare by value: both sides are put
   in the canonical form of the JSON-LD algorithms.
"""
import json
import re
import sys

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_TYPES = {XSD + t for t in ("date", "dateTime", "dateTimeStamp", "time",
                                "gYear", "gYearMonth")}
for ns in ("http://schema.org/", "https://schema.org/"):
    DATE_TYPES |= {ns + t for t in ("Date", "DateTime", "Time")}

TOKEN = re.compile(r'''\s*(?:
    <(?P<iri>[^>]*)>
  | _:(?P<blank>[^\s<"]+?)(?=[\s.])
  | "(?P<lex>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<dt>[^>]*)>)?
  | (?P<dot>\.)
)''', re.X)


def parse(line):
    terms = []
    pos = 0
    while pos < len(line):
        if line[pos:].strip() == "" or line[pos:].lstrip().startswith("#"):
            break
        m = TOKEN.match(line, pos)
        if not m:
            raise ValueError("cannot parse: " + line)
        pos = m.end()
        if m.group("dot"):
            break
        if m.group("iri") is not None:
            terms.append(("I", m.group("iri")))
        elif m.group("blank") is not None:
            terms.append(("B", m.group("blank")))
        else:
            terms.append(("L", m.group("lex"), m.group("lang"), m.group("dt")))
    return terms


def show(t):
    if t[0] == "I":
        return "<%s>" % t[1]
    if t[0] == "B":
        return "_:" + t[1]
    s = '"%s"' % t[1]
    if t[2]:
        s += "@" + t[2]
    elif t[3] and t[3] != XSD + "string":
        s += "^^<%s>" % t[3]
    return s


def canonical_double(lex):
    try:
        v = float(lex)
    except ValueError:
        return lex
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "INF" if v > 0 else "-INF"
    mantissa, exponent = ("%1.15E" % v).split("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return "%sE%d" % (mantissa, int(exponent))


def schema_local(iri):
    for ns in ("http://schema.org/", "https://schema.org/"):
        if iri.startswith(ns):
            return iri[len(ns):]
    return None


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        ctx = json.load(f)["@context"]
    coerced_id = {k for k, v in ctx.items()
                  if isinstance(v, dict) and v.get("@type") == "@id"}
    terms = set(ctx)
    quads = []
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            t = parse(line)
            if t:
                quads.append(t)
    subjects = {q[0] for q in quads}
    for q in quads:
        s, p, o = q[0], q[1], q[2]
        g = q[3] if len(q) > 3 else None
        local = schema_local(p[1])
        if local is not None:
            p = ("I", "http://schema.org/" + local)
        if p[1] == RDF_TYPE and o[0] == "I" and schema_local(o[1]) is not None:
            o = ("I", "http://schema.org/" + schema_local(o[1]))
        elif local is not None:
            if o[0] == "L" and o[3] in DATE_TYPES:
                o = ("L", o[1], None, None)
            elif (o[0] == "I" and o not in subjects and
                  (local in coerced_id or schema_local(o[1]) in terms)):
                o = ("L", o[1], None, None)
        if o[0] == "L" and o[3] == XSD + "double":
            o = ("L", canonical_double(o[1]), None, o[3])
        parts = [show(s), show(p), show(o)] + ([show(g)] if g else [])
        print(" ".join(parts) + " .")


if __name__ == "__main__":
    main()
