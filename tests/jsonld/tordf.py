# SPDX-License-Identifier: MIT
"""JSON-LD -> N-Quads with pyld (Debian python3-pyld), offline.

    /usr/bin/python3 tordf.py CONTEXT.jsonld INPUT.jsonld > OUTPUT.nq

Every schema.org context URL resolves to the local CONTEXT file; any other
URL is an error, so nothing is ever fetched.
"""
import json
import re
import sys

from pyld import jsonld

SCHEMA_URL = re.compile(r"^https?://schema\.org(/|/docs/jsonldcontext\.jsonld?)?$")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: tordf.py CONTEXT.jsonld INPUT.jsonld")
    with open(sys.argv[1], encoding="utf-8") as f:
        context = json.load(f)

    def loader(url, options=None):
        if SCHEMA_URL.match(url):
            return {"contextUrl": None, "documentUrl": url, "document": context}
        raise jsonld.JsonLdError("offline: refusing to load <%s>" % url,
                                 "jsonld.LoadDocumentError",
                                 code="loading document failed")

    jsonld.set_document_loader(loader)
    with open(sys.argv[2], encoding="utf-8") as f:
        doc = json.load(f)
    out = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
