"""API fuzzing: schemathesis generates requests from kubekg's own OpenAPI and sends them to a live server.

Every operation the schema documents is exercised. Each response must not be a 5xx and must match the
schema (status code, content type, headers, body; a 4xx carries the one error shape). The examples per operation are bounded so the run
stays well under a minute; ``KUBEKG_FUZZ_EXAMPLES`` raises the bound for a longer local run.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kubekg.api import create_app

EXAMPLES = int(os.environ.get("KUBEKG_FUZZ_EXAMPLES", "25"))


#: The schema the app documents, built in-process at collection time (no graph is loaded for it); the test
#: below checks that the live server serves the same one.
SPEC = create_app().openapi()
schema = schemathesis.openapi.from_dict(SPEC)
# A SPARQL query body is UTF-8 text, as text/plain is.
schemathesis.serializer.alias("application/sparql-query", "text/plain")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure in CI reproduces locally
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case, live_server):
    # Every check but one runs. Left out: "schema-valid data is accepted" - a JSON schema cannot say that a
    # string must be a SPARQL query or a non-blank question, so a 400 saying why it is not is the right answer.
    case.call_and_validate(base_url=live_server, timeout=30, excluded_checks=[positive_data_acceptance])


def test_the_fuzzed_schema_is_the_served_one_and_covers_every_route(http):
    assert http.get("/openapi.json").json() == SPEC
    assert set(SPEC["paths"]) >= {"/health", "/ask", "/search", "/sparql", "/resource/{name}"}
