// SPDX-License-Identifier: MIT
// The schema.org tables: look-ups of types, properties, members, ranges,
// domains, supersession and the context's coercions and keys.
#undef NDEBUG

#include "vocab/schemaorg.h"

#include <assert.h>
#include <string.h>

#define N(s) s, strlen(s)

static void
test_terms(void)
{
  assert(!strcmp(ldxi_schema_version(), "30.0"));
  assert(ldxi_schema_is_type(N("Event")));
  assert(ldxi_schema_is_type(N("MusicEvent")));
  assert(ldxi_schema_is_type(N("Text")));
  assert(ldxi_schema_is_type(N("3DModel"))); // names may start with a digit
  assert(!ldxi_schema_is_type(N("startDate")));
  assert(!ldxi_schema_is_type(N("Eventx")));
  assert(!ldxi_schema_is_type(N("Even")));
  assert(!ldxi_schema_is_type("Event", 0));
  assert(!ldxi_schema_is_type(NULL, 0));
  assert(ldxi_schema_is_property(N("startDate")));
  assert(ldxi_schema_is_property(N("location")));
  assert(!ldxi_schema_is_property(N("Event")));
  assert(ldxi_schema_is_datatype(N("URL")));     // a subtype of Text
  assert(ldxi_schema_is_datatype(N("Integer"))); // of Number
  assert(ldxi_schema_is_datatype(N("Date")));
  assert(!ldxi_schema_is_datatype(N("Place")));
  assert(ldxi_schema_is_member(N("EventRescheduled")));
  assert(ldxi_schema_is_member(N("InStock")));
  assert(ldxi_schema_is_member(N("True")));
  assert(!ldxi_schema_is_member(N("Event")));
  assert(ldxi_schema_is_pending(N("EventSeries")));
  assert(!ldxi_schema_is_pending(N("Event")));
}

static void
test_hierarchy(void)
{
  assert(ldxi_schema_is_subtype_of(N("MusicEvent"), "Event"));
  assert(ldxi_schema_is_subtype_of(N("MusicEvent"), "Thing"));
  assert(ldxi_schema_is_subtype_of(N("Event"), "Event"));
  assert(!ldxi_schema_is_subtype_of(N("Event"), "MusicEvent"));
  assert(ldxi_schema_is_subtype_of(N("City"), "Place"));
  assert(ldxi_schema_is_subtype_of(N("PostalAddress"), "Intangible"));
  assert(ldxi_schema_is_subtype_of(N("OrganizationRole"), "Role"));
  assert(!ldxi_schema_is_subtype_of(N("startDate"), "Thing"));
  assert(!ldxi_schema_is_subtype_of(N("Nope"), "Thing"));
  assert(!ldxi_schema_is_subtype_of(N("Event"), "Nope"));
  assert(!ldxi_schema_is_subtype_of(N("Event"), NULL));
  assert(ldxi_schema_is_member_of(N("EventRescheduled"), "EventStatusType"));
  assert(ldxi_schema_is_member_of(N("EventRescheduled"), "Enumeration"));
  assert(!ldxi_schema_is_member_of(N("InStock"), "EventStatusType"));
  assert(!ldxi_schema_is_member_of(N("Event"), "Thing"));
}

static void
test_properties(void)
{
  const char*  names[64];
  const size_t nr = ldxi_schema_ranges(N("startDate"), names, 64);
  assert(nr == 2);
  assert(!strcmp(names[0], "Date") && !strcmp(names[1], "DateTime"));
  assert(ldxi_schema_domains(N("startDate"), NULL, 0) >= 5);
  assert(ldxi_schema_domains(N("Event"), names, 64) == 0);
  assert(ldxi_schema_ranges(N("nope"), names, 64) == 0);
  // Only `max` names are written, the count is the total.
  const char* one[1] = { NULL };
  assert(ldxi_schema_ranges(N("startDate"), one, 1) == 2 && one[0]);
  assert(ldxi_schema_range_includes(N("location"), "Place"));
  assert(ldxi_schema_range_includes(N("url"), "URL"));
  assert(ldxi_schema_range_includes(N("url"), "Text")); // URL < Text
  assert(!ldxi_schema_range_includes(N("startDate"), "URL"));
  assert(!ldxi_schema_range_includes(N("Event"), "Thing"));

  assert(ldxi_schema_coercion(N("url")) == LDXI_SCHEMA_COERCE_ID);
  assert(ldxi_schema_coercion(N("sameAs")) == LDXI_SCHEMA_COERCE_ID);
  assert(ldxi_schema_coercion(N("startDate")) == LDXI_SCHEMA_COERCE_DATE);
  assert(ldxi_schema_coercion(N("merchantReturnDays")) ==
         LDXI_SCHEMA_COERCE_DATE);
  assert(ldxi_schema_coercion(N("location")) == LDXI_SCHEMA_COERCE_NONE);
  assert(ldxi_schema_coercion(N("eventStatus")) == LDXI_SCHEMA_COERCE_NONE);
  assert(ldxi_schema_coercion(N("nope")) == LDXI_SCHEMA_COERCE_NONE);

  assert(!strcmp(ldxi_schema_superseded_by(N("DatedMoneySpecification")),
                 "MonetaryAmount"));
  assert(ldxi_schema_superseded_by(N("Event")) == NULL);
}

static void
test_names(void)
{
  size_t      len = 0;
  const char* iri = "https://schema.org/startDate";
  const char* l   = ldxi_schema_local(iri, strlen(iri), &len);
  assert(l && len == 9 && !memcmp(l, "startDate", 9));
  iri = "http://schema.org/Event";
  l   = ldxi_schema_local(iri, strlen(iri), &len);
  assert(l && len == 5);
  iri = "https://schema.org/";
  assert(!ldxi_schema_local(iri, strlen(iri), &len));
  iri = "https://example.org/startDate";
  assert(!ldxi_schema_local(iri, strlen(iri), &len));

  assert(!strcmp(ldxi_schema_context_key(N("id")), "@id"));
  assert(!strcmp(ldxi_schema_context_key(N("type")), "@type"));
  assert(!strcmp(ldxi_schema_context_key(N("xsd")),
                 "http://www.w3.org/2001/XMLSchema#"));
  assert(!strcmp(ldxi_schema_context_key(N("HTML")),
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML"));
  assert(!ldxi_schema_context_key(N("name")));
  assert(!ldxi_schema_context_key(N("@vocab")));
}

int
main(void)
{
  test_terms();
  test_hierarchy();
  test_properties();
  test_names();
  return 0;
}
