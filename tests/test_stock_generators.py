"""What stock generators that other SDK authors use make of the spec (issue 15's "done when"):
openapi-generator 7.26.0 (its jar from PyPI, pinned in pyproject.toml; a JRE) for Java, Go and
Rust, and openapi-typescript-codegen (pinned in package.json) compiled by tsc.

* every satoshi integer is a 64-bit type (a Java client failed on 3,000,000,000 sat);
* the webhooks carry no bearer token (Java and Rust generate them as operations);
* no generated identifier collides (the TypeScript output compiles).

Each check is also run on a copy of the spec with the fix taken out, to show that it bites.
Missing tools fail, never skip: ``make test`` installs them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_spec import SATOSHI_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "webpos.yaml"
GENERATOR = Path(sys.executable).parent / "openapi-generator-cli"
# Its own entry point: node_modules/.bin/openapi is claimed by @redocly/cli too.
CODEGEN = ROOT / "node_modules" / "openapi-typescript-codegen" / "bin" / "index.js"
TSC = ROOT / "node_modules" / ".bin" / "tsc"

SATOSHI = sorted(SATOSHI_FIELDS)  # (schema, property); tests/test_spec.py keeps the set complete


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _generate(tmp_path: Path, language: str, spec: Path = SPEC) -> Path:
    if not GENERATOR.exists():
        pytest.fail("openapi-generator-cli missing from the venv: run `make install`")
    if shutil.which("java") is None:
        pytest.fail("java missing: `make test` installs a JRE")
    out = tmp_path / language
    command = [str(GENERATOR), "generate", "-i", str(spec), "-g", language, "-o", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out


def _field_type(root: Path, language: str, schema: str, prop: str) -> str:
    """The type the generated model declares for ``schema.prop``."""
    if language == "java":
        source = (root / "src/main/java/org/openapitools/client/model" / f"{schema}.java").read_text()
        found = re.search(rf"^  private (\w+) {_camel(prop)};$", source, re.MULTILINE)
    elif language == "go":
        source = (root / f"model_{_snake(schema)}.go").read_text()
        found = re.search(rf"^\t{_camel(prop)[0].upper() + _camel(prop)[1:]} (\w+) `json:", source, re.MULTILINE)
    else:
        source = (root / "src/models" / f"{_snake(schema)}.rs").read_text()
        found = re.search(rf"^    pub {prop}: (\w+),$", source, re.MULTILINE)
    assert found is not None, (language, schema, prop)
    return found.group(1)


SIXTY_FOUR_BITS = {"java": "Long", "go": "int64", "rust": "i64"}


@pytest.mark.parametrize("language", sorted(SIXTY_FOUR_BITS))
def test_satoshi_integers_are_64_bit_in_stock_generators(tmp_path: Path, language: str) -> None:
    root = _generate(tmp_path, language)
    types = {f"{schema}.{prop}": _field_type(root, language, schema, prop) for schema, prop in SATOSHI}
    assert types == dict.fromkeys(types, SIXTY_FOUR_BITS[language])


def _webhook_auth(root: Path, language: str) -> list[str]:
    """The authentication each generated webhook operation attaches."""
    if language == "java":
        source = (root / "src/main/java/org/openapitools/client/api/CallbacksApi.java").read_text()
        return re.findall(r"localVarAuthNames = new String\[\] \{ ?(.*?) ?\};", source)
    source = (root / "src/apis/callbacks_api.rs").read_text()
    operations = re.split(r"^pub async fn ", source, flags=re.MULTILINE)[1:]
    return ["bearer" if "bearer_access_token" in op else "" for op in operations]


@pytest.mark.parametrize("language", ["java", "rust"])
def test_webhooks_carry_no_bearer_token_in_stock_generators(tmp_path: Path, language: str) -> None:
    auth = _webhook_auth(_generate(tmp_path, language), language)
    assert len(auth) == 7  # the seven callback events
    assert auth == [""] * 7


def test_the_checks_bite_on_a_spec_without_the_fixes(tmp_path: Path) -> None:
    """Take ``format: int64`` off one field and ``security: []`` off one webhook: Java gets a 32-bit
    field and a bearer-authenticated callback, and the checks above see both."""
    text = SPEC.read_text(encoding="utf-8")
    int64 = "        btc_amount:\n          type: integer\n          format: int64\n"
    assert text.count(int64) == 1
    text = text.replace(int64, "        btc_amount:\n          type: integer\n")
    webhook = "      operationId: on_payment_expired\n      security: []\n"
    assert text.count(webhook) == 1
    text = text.replace(webhook, "      operationId: on_payment_expired\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    root = _generate(tmp_path, "java", broken)
    assert _field_type(root, "java", "PaymentOrderRetrieval", "btc_amount") == "Integer"
    assert _webhook_auth(root, "java").count('"bearerAuth"') == 1


def _typescript_codegen(tmp_path: Path, spec: Path) -> subprocess.CompletedProcess[str]:
    if not (CODEGEN.exists() and TSC.exists()):
        pytest.fail("openapi-typescript-codegen or tsc missing from node_modules: run `make test`")
    out = tmp_path / "ts"
    generated = subprocess.run(
        ["node", str(CODEGEN), "--input", str(spec), "--output", str(out)], capture_output=True, text=True, check=False
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    command = [str(TSC), "--strict", "--noEmit", "--target", "ES2022", "--lib", "ES2022,DOM"]
    command += ["--moduleResolution", "node", str(out / "index.ts")]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def test_openapi_typescript_codegen_output_compiles(tmp_path: Path) -> None:
    result = _typescript_codegen(tmp_path, SPEC)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_parameter_named_like_a_schema_breaks_that_output(tmp_path: Path) -> None:
    """The collision issue 15 found: a parameter component named like a schema (``SortBy``)."""
    text = SPEC.read_text(encoding="utf-8").replace("SortByQuery", "SortBy")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    result = _typescript_codegen(tmp_path, broken)
    assert result.returncode != 0
    assert "Duplicate identifier 'SortBy'" in result.stdout
