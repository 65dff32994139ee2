"""A bounded property-based run over /api/openapi.json (schemathesis): no generated request, valid or not,
gets a server error or a response the spec does not describe (status, content type, body, headers)."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)

from fact.labelstudio.config import WEBHOOK_HEADER

SECRET = "fuzz-webhook-secret"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
# Per operation and mode: about 20 operations x 2 modes x this, a minute or so per backend.
BOUND = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


def test_no_generated_request_gets_a_server_error_or_an_undeclared_response(app, seeded, auth):
    app.config["FACT_WEBHOOK_SECRET"] = SECRET
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    headers = {**auth, WEBHOOK_HEADER: SECRET}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @BOUND
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:  # no input of it can be invalid (none, or a free string such as If-None-Match)
                assert mode == GenerationMode.NEGATIVE, operation.label
            except Exception as error:  # noqa: BLE001 - collected, so that one run reports every operation
                failures.append(f"{operation.label} ({mode}): {error}")
    declared = app.test_client().get("/api/openapi.json").json["paths"]
    methods = {"get", "put", "post", "delete", "patch"}
    assert operations == sum(len(methods & set(path)) for path in declared.values())  # every operation ran
    assert not failures, "\n\n".join(failures)
