"""The JSON API against its own OpenAPI schema (schemathesis): requests generated from the schema, sent as a
signed-in admin with the session's CSRF token, never get a server error (5xx). A few seeded examples per
operation keep it quick; derandomized, so a run is repeatable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from exequatur.interfaces.web.app import create_app
from tests.web.conftest import client_as, csrf_header, seed


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, str], dict[str, str]]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('schema')) / 'schema.db'}"
    seed(url)
    app = create_app(url)
    client = client_as(app, "admin")
    return app, {"exequatur_session": client.cookies["exequatur_session"]}, csrf_header(client)


@pytest.fixture(scope="module")
def api_schema(signed_in: tuple[Any, dict[str, str], dict[str, str]]) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", signed_in[0])


# schemathesis's own pytest plugin (schemathesis.pytest.from_fixture) does not run under pytest 9: each operation's
# strategy is run by Hypothesis here instead, one operation after another.
EXAMPLES = 8


def test_no_request_gets_a_server_error(api_schema: Any, signed_in: tuple[Any, dict[str, str], dict[str, str]]) -> None:
    _, cookies, headers = signed_in
    failures: list[str] = []
    statuses: set[int] = set()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            if case.operation.path.endswith("{fmt}"):
                case.path_parameters["fmt"] = "csv"  # a PDF takes seconds; the formats are tested elsewhere
            response = case.call(cookies=cookies, headers={**(case.headers or {}), **headers})
            statuses.add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}")

        run()
    assert not failures, "\n".join(failures)
    assert 200 in statuses
    assert 401 not in statuses  # signed in throughout
