"""The hand-written OpenAPI spec: structure, examples, and that the generated client matches it."""

from __future__ import annotations

import copy
import datetime
import decimal
import enum
import functools
import importlib
import inspect
import itertools
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
import webpos_generated.api
import webpos_generated.models
from _support import load_spec, operations, resolve
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC = load_spec()
SCHEMAS: dict[str, dict[str, Any]] = SPEC["components"]["schemas"]
SPEC_URI = "urn:chainside:webpos-openapi"

OPERATION_IDS = {
    "client_credentials_login",
    "create_payment_order",
    "get_payment_orders",
    "get_payment_order",
    "delete_payment_order",
    "get_callbacks",
    "payment_reset",
    "payment_update",
    "get_web_pos_payments",
}
ERROR_CODES = {
    *("0001", "0013", "1001", "1002", "1004", "1006", "1007", "1012", "1013", "1018"),
    *("2000", "3001", "3003", "3007", "3012", "3013", "4000", "4003", "4006"),
}
WEBHOOKS = {
    "payment.completed",
    "payment.dispute.start",
    "payment.overpaid",
    "payment.cancelled",
    "payment.dispute.end",
    "payment.expired",
    "payment.chargeback",
}


def pointer(*parts: str) -> str:
    """JSON pointer (RFC 6901) to ``parts``."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


@functools.cache
def _registry() -> Registry[Any]:
    return Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(load_spec()))


def validator(schema_pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``schema_pointer`` in the spec, its ``$ref``s resolved in the spec."""
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{schema_pointer}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_valid(example: Any, schema_pointer: str) -> None:
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema_pointer).iter_errors(example)]
    assert not problems, problems


def is_object_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema or "allOf" in schema


OBJECT_SCHEMAS = sorted(name for name, s in SCHEMAS.items() if is_object_schema(s))
ENUM_SCHEMAS = sorted(name for name, s in SCHEMAS.items() if "enum" in s)
SCHEMAS_WITH_EXAMPLES = sorted(name for name, s in SCHEMAS.items() if s.get("examples"))


# ---------------------------------------------------------------- structure


def test_spec_is_valid_openapi() -> None:
    validate(load_spec())
    assert SPEC["openapi"].startswith("3.1")


def test_operation_ids_are_exactly_the_api_operations() -> None:
    ids = [op["operationId"] for *_, op in operations(SPEC)]
    assert sorted(ids) == sorted(OPERATION_IDS)


def test_only_get_web_pos_payments_is_deprecated() -> None:
    deprecated = {op["operationId"] for *_, op in operations(SPEC) if op.get("deprecated")}
    assert deprecated == {"get_web_pos_payments"}


def test_token_uses_basic_auth_and_everything_else_bearer() -> None:
    for path, _, _, op in operations(SPEC):
        expected = [{"basicAuth": []}] if path == "/token" else [{"bearerAuth": []}]
        assert op.get("security", SPEC["security"]) == expected, op["operationId"]
    schemes = SPEC["components"]["securitySchemes"]
    assert {name: (s["type"], s["scheme"]) for name, s in schemes.items()} == {
        "basicAuth": ("http", "basic"),
        "bearerAuth": ("http", "bearer"),
    }


def test_every_operation_declares_the_api_version_header() -> None:
    for *_, op in operations(SPEC):
        assert {"$ref": "#/components/parameters/ApiVersionHeader"} in op["parameters"], op["operationId"]
    header = SPEC["components"]["parameters"]["ApiVersionHeader"]
    assert (header["name"], header["in"], header["required"]) == ("X-Api-Version", "header", True)
    assert header["schema"]["default"] == "v1"
    assert resolve(header["schema"]["allOf"][0])["enum"] == ["v1"]


def test_path_parameters_are_uuids_and_match_the_template() -> None:
    for path, _, item, op in operations(SPEC):
        params = [resolve(p) for p in item.get("parameters", []) + op.get("parameters", [])]
        in_path = {p["name"]: p for p in params if p["in"] == "path"}
        assert set(in_path) == set(re.findall(r"{(\w+)}", path)), path
        for param in in_path.values():
            assert param["required"] is True
            assert param["schema"] == {"type": "string", "format": "uuid"}, (path, param["name"])


def test_paging_parameters() -> None:
    *_, op = next(o for o in operations(SPEC) if o[3]["operationId"] == "get_payment_orders")
    params = {p["name"]: p["schema"] for p in map(resolve, op["parameters"])}
    assert (params["page"]["type"], params["page"]["minimum"], params["page"]["default"]) == ("integer", 0, 0)
    assert params["page_size"]["maximum"] == 40
    assert params["page_size"]["minimum"] >= 1


def test_every_bearer_operation_documents_401_with_token_expiry() -> None:
    for *_, op in operations(SPEC):
        assert op.get("security", SPEC["security"]), op["operationId"]
        unauthorized = resolve(op["responses"]["401"])
        bearer = op.get("security", SPEC["security"]) == [{"bearerAuth": []}]
        assert ("1004" in unauthorized["x-webpos-error-codes"]) == bearer, op["operationId"]


def test_error_codes_are_the_documented_strings() -> None:
    error_code = SCHEMAS["ErrorCode"]
    assert error_code["type"] == "string"
    assert all(isinstance(code, str) for code in error_code["enum"])
    assert sorted(error_code["enum"]) == sorted(ERROR_CODES)
    assert len(error_code["enum"]) == len(ERROR_CODES) == 19


def test_servers_are_live_and_sandbox() -> None:
    assert {s["url"] for s in SPEC["servers"]} == {
        "https://api.webpos.chainside.net",
        "https://api.sandbox.webpos.chainside.net",
    }


def test_webhooks_are_the_seven_signed_callback_events() -> None:
    assert set(SPEC["webhooks"]) == WEBHOOKS
    assert set(SCHEMAS["EventType"]["enum"]) == WEBHOOKS
    for name, item in SPEC["webhooks"].items():
        post = item["post"]
        params = [resolve(p) for p in post["parameters"]]
        assert [(p["name"], p["in"], p["required"]) for p in params] == [("chainside-signature", "header", True)]
        media = post["requestBody"]["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/CallbackEvent"}
        examples = [resolve(e)["value"] for e in media["examples"].values()]
        assert examples, name
        assert all(example["event"] == name for example in examples), name


def test_webhooks_carry_no_bearer_token() -> None:
    """The root ``security`` is for calls to the API; a callback is authenticated by its signature."""
    for name, item in SPEC["webhooks"].items():
        assert item["post"].get("security") == [], name


def test_sandbox_operations_are_tied_to_the_sandbox_server() -> None:
    sandbox = "https://api.sandbox.webpos.chainside.net"
    assert sandbox in {server["url"] for server in SPEC["servers"]}
    tagged = [(path, op) for path, _, _, op in operations(SPEC) if "Sandbox" in op.get("tags", [])]
    assert {op["operationId"] for _, op in tagged} == {"payment_reset", "payment_update"}
    for path, _ in tagged:
        assert [server["url"] for server in SPEC["paths"][path]["servers"]] == [sandbox], path
    for path, _, _, op in operations(SPEC):
        if "Sandbox" not in op.get("tags", []):
            assert "servers" not in SPEC["paths"][path], path
            assert "servers" not in op, path


def _error_code_statuses() -> dict[str, int]:
    """The ``ErrorCode`` table (code, name, status) read from its description."""
    rows = re.findall(r"^\| (\d{4}) \| \w+ \| (\d{3}) \|$", SCHEMAS["ErrorCode"]["description"], re.MULTILINE)
    assert "| code | name | assumed status |" in SCHEMAS["ErrorCode"]["description"]  # not a documented fact
    return {code: int(status) for code, status in rows}


def _error_responses(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {status: resolve(r) for status, r in op["responses"].items() if status[0] in "45" or status == "default"}


# What the sources document per operation (api-facts: the endpoint table; 1004 on every bearer call).
DOCUMENTED_CODES = {
    "client_credentials_login": {"1001", "1002", "1013"},
    "create_payment_order": {"0001", "4006", "1004"},
    "get_payment_orders": {"1012", "1004"},
    "get_payment_order": {"3001", "1004"},
    "delete_payment_order": {"3001", "1004"},
    "get_callbacks": {"0001", "3001", "1004"},
    "payment_reset": {"3001", "1004"},
    "payment_update": {"0013", "3001", "1004"},
    "get_web_pos_payments": {"3001", "1004"},
}
# Errors no operation names, that any request may meet (the error-code table ties them to no call).
ANY_REQUEST_STATUSES = {"405", "406", "415", "429", "500", "503"}
LOGIN_ONLY_CODES = {"1001", "1002", "1006", "1013", "1018"}
BEARER_CODES = {"1004", "1007"}


def test_the_error_code_table_gives_every_code_a_status() -> None:
    assert set(_error_code_statuses()) == ERROR_CODES


def test_error_responses_declare_the_statuses_of_their_codes() -> None:
    """Each error response lists its codes (``x-webpos-error-codes``, named in its prose too),
    and it sits under the status the error-code table gives those codes."""
    statuses = _error_code_statuses()
    for _, _, _, op in operations(SPEC):
        for status, response in _error_responses(op).items():
            codes = response["x-webpos-error-codes"]
            assert codes == sorted(set(codes)), (op["operationId"], status)
            for code in codes:
                assert f"`{code}`" in response["description"], (op["operationId"], status, code)
                assert str(statuses[code]) == status, (op["operationId"], status, code)
            if status != "default":
                assert codes, (op["operationId"], status)
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_every_operation_declares_the_general_errors_and_a_default() -> None:
    for _, _, _, op in operations(SPEC):
        declared = set(_error_responses(op))
        assert declared >= ANY_REQUEST_STATUSES | {"default"}, op["operationId"]


def test_operations_declare_the_codes_they_can_answer_and_no_other() -> None:
    answered: set[str] = set()
    for _, _, _, op in operations(SPEC):
        name = op["operationId"]
        codes = {code for r in _error_responses(op).values() for code in r["x-webpos-error-codes"]}
        answered |= codes
        assert codes >= DOCUMENTED_CODES[name], name
        if name == "client_credentials_login":
            assert not codes & BEARER_CODES
        else:
            assert not codes & LOGIN_ONLY_CODES, name
            assert codes >= BEARER_CODES, name
        if name != "payment_update":
            assert "0013" not in codes, name
    assert answered == ERROR_CODES


def test_invalid_content_type_is_a_415_not_a_400() -> None:
    for _, _, _, op in operations(SPEC):
        for status, response in _error_responses(op).items():
            assert ("3012" in response["x-webpos-error-codes"]) == (status == "415"), (op["operationId"], status)


@pytest.mark.parametrize("name", ["TooManyRequests", "ServiceUnavailable", "FunctionalityDown"])
def test_retry_after_is_declared_where_the_server_may_send_it(name: str) -> None:
    header = resolve(resolve(SPEC["components"]["responses"][name])["headers"]["Retry-After"])
    kinds = {alternative["type"] for alternative in header["schema"]["oneOf"]}
    assert kinds == {"integer", "string"}


def test_method_not_allowed_declares_allow() -> None:
    header = resolve(SPEC["components"]["responses"]["MethodNotAllowed"]["headers"]["Allow"])
    assert header["schema"] == {"type": "string"}


# ---------------------------------------------------------------- machine-readable rules


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _referenced_schemas(roots: list[Any]) -> set[str]:
    """The component schemas reachable from ``roots`` through ``$ref``."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        for node in _walk(todo.pop()):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/") and (name := ref.rsplit("/", 1)[1]) not in seen:
                seen.add(name)
                todo.append(SCHEMAS[name])
            elif ref.startswith("#/components/") and not ref.startswith("#/components/schemas/"):
                todo.append(resolve(node))
    return seen


def _server_sent_schemas() -> set[str]:
    """Schemas that can arrive from the server: answer bodies and callback bodies."""
    roots: list[Any] = [op["responses"] for *_, op in operations(SPEC)]
    roots += [item["post"]["requestBody"] for item in SPEC["webhooks"].values()]
    return _referenced_schemas(roots)


def test_enums_the_server_sends_are_open_and_request_only_enums_closed() -> None:
    sent = _server_sent_schemas()
    for name in ENUM_SCHEMAS:
        marked = SCHEMAS[name].get("x-webpos-open-enum", False)
        assert marked is (name in sent), f"{name}: open={marked}, sent by the server={name in sent}"
    assert {"ErrorCode", "EventType", "PaymentStatus"} <= sent
    assert not {"GrantType", "Scope", "SortBy", "SortOrder", "ApiVersion"} & sent


def test_every_date_time_is_read_leniently() -> None:
    """Every date-time comes from the server (none is sent), and servers have sent non-RFC 3339 forms."""
    date_times = [node for node in _walk(SPEC) if node.get("format") == "date-time"]
    assert len(date_times) >= 10
    assert all(node.get("x-webpos-lenient-datetime") is True for node in date_times)
    marked = [node for node in _walk(SPEC) if "x-webpos-lenient-datetime" in node]
    assert all(node.get("format") == "date-time" for node in marked)


def test_every_extension_keyword_is_documented_in_the_info_section() -> None:
    used = {key for node in _walk(SPEC) for key in node if key.startswith("x-webpos-")}
    assert used == {
        "x-webpos-lenient-datetime",
        "x-webpos-open-enum",
        "x-webpos-error-codes",
        "x-webpos-signature-test-vector",
    }
    section = SPEC["info"]["description"].split("## Extension keywords", 1)[1].split("\n## ", 1)[0]
    for key in used:
        assert f"`{key}" in section, key


def test_what_the_sources_leave_open_is_written_down() -> None:
    """Each silence of the sources is named once in info.description, and the operations it
    touches point to it rather than state a guess."""
    section = SPEC["info"]["description"].split("## What the sources leave open", 1)[1].split("\n## ", 1)[0]
    topics = re.findall(r"^\* \*\*(.+?)\*\*", section, re.MULTILINE)
    assert topics == [
        "Success statuses",
        "The status of each error code",
        "The time zone of a date-time without an offset",
        "Cancelling an order that is no longer pending",
        "A page past the end",
        "`null` and `[]`",
        "Repeating the sandbox operations",
        "The callback retry schedule",
        "Where the v1 `pos_uuid` comes from",
    ]
    by_id = {op["operationId"]: op for *_, op in operations(SPEC)}
    assert "not documented" in by_id["delete_payment_order"]["description"]
    assert "page past the end" in by_id["get_payment_orders"]["description"]
    assert "not documented" in by_id["payment_reset"]["description"]
    assert "`0013`" in by_id["payment_update"]["description"]
    assert "pos_uuid" in by_id["get_web_pos_payments"]["description"]
    assert "not documented" in SPEC["components"]["responses"]["CallbackAccepted"]["description"]
    for schema, prop in [("PaymentOrderList", "paymentorders"), ("PaymentOrderRetrieval", "transactions")]:
        assert "null or empty" in SCHEMAS[schema]["properties"][prop]["description"], (schema, prop)


# Satoshi amounts: 21e14 sat exist, far past 32 bits; a Java client failed on 3,000,000,000 sat.
SATOSHI_FIELDS = {
    ("PaymentOrderCreationResponse", "amount"),
    ("PaymentOrderRetrieval", "btc_amount"),
    ("Out", "amount"),
    ("Transaction", "outs_sum"),
    ("PaidStatus", "crypto"),
}


def _satoshi_fields() -> set[tuple[str, str]]:
    found = set()
    for schema_name, schema in SCHEMAS.items():
        for prop_name, prop in schema.get("properties", {}).items():
            prop = resolve(prop)
            described = "satoshi" in prop.get("description", "").lower()
            if described or (schema_name, prop_name) in SATOSHI_FIELDS:
                found.add((schema_name, prop_name))
    return found


def test_satoshi_integers_are_int64() -> None:
    fields = _satoshi_fields()
    assert fields == SATOSHI_FIELDS, "a new satoshi field? add it to SATOSHI_FIELDS"
    for schema_name, prop_name in fields:
        prop = resolve(SCHEMAS[schema_name]["properties"][prop_name])
        assert (prop["type"], prop.get("format")) == ("integer", "int64"), (schema_name, prop_name)


def test_component_names_are_unique_across_sections() -> None:
    """Generators put parameters, schemas and responses in one namespace (openapi-typescript-codegen)."""
    seen: dict[str, str] = {}
    for section, members in SPEC["components"].items():
        for name in members:
            assert name not in seen, f"{name} is in both components.{seen[name]} and components.{section}"
            seen[name] = section


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_patterns_are_portable_across_regex_engines() -> None:
    """Go's RE2 and Rust's regex reject look-around and back-references (and ECMA's \\d differs)."""
    patterns = _patterns(SPEC)
    assert patterns
    for pattern in patterns:
        assert not re.search(r"\(\?(?:[=!]|P?<)|\\[1-9]|\\[dDwWsS]", pattern), pattern


def test_amount_pattern_is_a_positive_decimal_with_at_most_two_places() -> None:
    pattern = re.compile(SCHEMAS["PaymentOrderCreation"]["properties"]["amount"]["pattern"])

    def rule(text: str) -> bool:
        return bool(re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", text)) and decimal.Decimal(text) > 0

    checked = 0
    for size in range(1, 7):
        for chars in itertools.product("019.", repeat=size):
            text = "".join(chars)
            assert bool(pattern.fullmatch(text)) == rule(text), text
            checked += 1
    assert checked > 5000


# ---------------------------------------------------------------- examples


def _example_sites(node: Any, parts: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Where the spec has an ``example``/``examples`` keyword (the Components object excepted)."""
    sites = []
    if isinstance(node, dict):
        if ("example" in node or "examples" in node) and parts != ("components",):
            sites.append(parts)
        for key, value in node.items():
            sites += _example_sites(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            sites += _example_sites(value, (*parts, str(index)))
    return sites


def _node(parts: tuple[str, ...]) -> Any:
    node: Any = SPEC
    for part in parts:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


SCHEMA_SITES = [("components", "schemas", name) for name in SCHEMAS_WITH_EXAMPLES]
# Parameters and media types (responses, request bodies, webhook bodies): examples next to a schema.
SITES_WITH_SCHEMA = [parts for parts in _example_sites(SPEC) if "schema" in _node(parts)]


def test_every_example_in_the_spec_is_checked_below() -> None:
    assert sorted(_example_sites(SPEC)) == sorted(SCHEMA_SITES + SITES_WITH_SCHEMA)
    sections = {parts[:2] for parts in SITES_WITH_SCHEMA}
    assert {("components", "responses"), ("components", "parameters"), ("paths", "/token")} <= sections


def test_every_object_schema_has_an_example() -> None:
    assert [name for name in OBJECT_SCHEMAS if not SCHEMAS[name].get("examples")] == []


@pytest.mark.parametrize("name", SCHEMAS_WITH_EXAMPLES)
def test_schema_examples_validate(name: str) -> None:
    for example in SCHEMAS[name]["examples"]:
        assert_valid(example, pointer("components", "schemas", name))


@pytest.mark.parametrize("name", sorted(SPEC["components"]["examples"]))
def test_component_examples_are_valid_callback_events(name: str) -> None:
    assert_valid(SPEC["components"]["examples"][name]["value"], "/components/schemas/CallbackEvent")


@pytest.mark.parametrize("parts", SITES_WITH_SCHEMA, ids=lambda parts: pointer(*parts))
def test_media_type_and_parameter_examples_validate(parts: tuple[str, ...]) -> None:
    """Response, request-body, webhook-body and parameter examples against their own schema."""
    site = _node(parts)
    examples = [resolve(e)["value"] for e in site.get("examples", {}).values()]
    if "example" in site:
        examples.append(site["example"])
    assert examples
    for example in examples:
        assert_valid(example, pointer(*parts, "schema"))


def _mutated(example: Any, path: tuple[str | int, ...], value: Any) -> Any:
    mutated = copy.deepcopy(example)
    target = mutated
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return mutated


MUTATIONS = {
    "amount-not-decimal": ("PaymentOrderCreation", ("amount",), "ten"),
    "callback-url-not-https": ("PaymentOrderCreation", ("callback_url",), "http://x"),
    "details-too-long": ("PaymentOrderCreation", ("details",), "x" * 301),
    "txid-too-short": ("Transaction", ("txid",), "3a1b7c2d9e"),
    "nested-txid-through-refs": ("CallbackEvent", ("object", "transactions", 0, "txid"), "3a1b7c2d9e"),
    "nested-negative-satoshi": ("CallbackEvent", ("object", "state", "paid"), {"crypto": -1, "fiat": "0.00"}),
    "error-code-integer": ("Error", ("error_code",), 1004),
    "error-code-unlisted": ("Error", ("error_code",), "9999"),
    "date-time-format": ("PaymentOrderRetrieval", ("created_at",), "yesterday"),
    "uuid-format": ("PaymentOrderRetrieval", ("uuid",), "not-a-uuid"),
    "unknown-event": ("PaymentUpdateObject", ("callback",), "payment.refunded"),
}


@pytest.mark.parametrize(("schema", "path", "value"), list(MUTATIONS.values()), ids=list(MUTATIONS))
def test_mutated_examples_are_rejected(schema: str, path: tuple[str | int, ...], value: Any) -> None:
    """Negative control: the validation above resolves refs and checks formats, it is not vacuous."""
    example = SCHEMAS[schema]["examples"][0]
    check = validator(pointer("components", "schemas", schema))
    assert check.is_valid(example)
    errors = list(check.iter_errors(_mutated(example, path, value)))
    assert errors
    assert {tuple(e.absolute_path)[: len(path)] for e in errors} == {path}


# ---------------------------------------------------------------- generated client tripwires


def _api_modules() -> dict[str, str]:
    """operation module name -> dotted module path, for every module under webpos_generated.api."""
    found = {}
    for info in pkgutil.walk_packages(webpos_generated.api.__path__, "webpos_generated.api."):
        if not info.ispkg:
            found[info.name.rsplit(".", 1)[1]] = info.name
    return found


def test_every_operation_has_a_generated_module() -> None:
    modules = _api_modules()
    assert set(modules) == OPERATION_IDS
    for *_, op in operations(SPEC):
        tag = op["tags"][0].lower().replace(" ", "_")
        module_name = modules[op["operationId"]]
        assert module_name == f"webpos_generated.api.{tag}.{op['operationId']}"
        module = importlib.import_module(module_name)
        assert callable(module.sync)
        assert callable(module.sync_detailed)
        assert inspect.iscoroutinefunction(module.asyncio)
        assert inspect.iscoroutinefunction(module.asyncio_detailed)


@pytest.mark.parametrize("name", ENUM_SCHEMAS)
def test_enum_schemas_match_generated_enums(name: str) -> None:
    generated = getattr(webpos_generated.models, name)
    assert issubclass(generated, enum.Enum)
    assert {member.value for member in generated} == set(SCHEMAS[name]["enum"])


def test_error_code_and_event_type_are_generated_enums() -> None:
    assert {m.value for m in webpos_generated.models.ErrorCode} == ERROR_CODES
    assert {m.value for m in webpos_generated.models.EventType} == WEBHOOKS


@pytest.mark.parametrize("name", OBJECT_SCHEMAS)
def test_object_schemas_have_generated_models(name: str) -> None:
    model = getattr(webpos_generated.models, name)
    for method in ("from_dict", "to_dict", "validate"):
        assert callable(getattr(model, method))


def normalise_datetimes(value: Any) -> Any:
    """Replace every string that is an ISO date-time by the aware datetime it denotes."""
    if isinstance(value, dict):
        return {key: normalise_datetimes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise_datetimes(item) for item in value]
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
        except ValueError:
            return value
    return value


def test_normalise_datetimes_equates_only_equal_instants() -> None:
    assert normalise_datetimes({"a": ["2026-11-23T10:15:42Z"]}) == normalise_datetimes(
        {"a": ["2026-11-23T11:15:42+01:00"]}
    )
    assert normalise_datetimes("2026-11-23T10:15:42Z") != normalise_datetimes("2026-11-23T10:15:43Z")
    assert normalise_datetimes("order-10023") == "order-10023"


OBJECT_EXAMPLES = [(name, i) for name in OBJECT_SCHEMAS for i in range(len(SCHEMAS[name].get("examples", [])))]
ENUM_EXAMPLES = [(name, e) for name in ENUM_SCHEMAS for e in SCHEMAS[name].get("examples", [])]


@pytest.mark.parametrize(("name", "index"), OBJECT_EXAMPLES)
def test_schema_examples_round_trip_through_generated_models(name: str, index: int) -> None:
    example = SCHEMAS[name]["examples"][index]
    parsed = getattr(webpos_generated.models, name).from_dict(copy.deepcopy(example))
    parsed.validate()
    assert parsed.additional_properties == {}
    assert normalise_datetimes(parsed.to_dict()) == normalise_datetimes(example)


@pytest.mark.parametrize(("name", "example"), ENUM_EXAMPLES)
def test_enum_examples_are_known_members(name: str, example: str) -> None:
    member = getattr(webpos_generated.models, name)(example)
    assert (member.value, member.is_known) == (example, True)
