"""Import-time laziness: ``import webpos_sdk`` loads no model, endpoint, asyncio, attrs or dateutil
(the benchmarks' import-time target), and everything still resolves on first use."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
import webpos_generated
import webpos_generated.models as models

from webpos_sdk._lazy import LazyModule

HEAVY = (
    "asyncio",
    "attr",
    "attrs",
    "dateutil",
    "webpos_generated.client",
    "webpos_generated.api",
    # the operations and exactly-once creation load with the first call
    "webpos_sdk._operations",
    "webpos_sdk._exactly_once",
)


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    return set(json.loads(out))


def test_import_webpos_sdk_loads_nothing_heavy() -> None:
    loaded = _modules_after("import webpos_sdk\nfrom webpos_sdk import Client, AsyncClient")
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []
    assert not any(m.startswith("webpos_generated.models.") for m in loaded)


def test_first_call_imports_what_it_needs() -> None:
    loaded = _modules_after(
        "from webpos_sdk import Client\n"
        "import httpx\n"
        "from webpos_sdk import NO_RETRY\n"
        "c = Client(client_id='c', secret='s', base_url='http://127.0.0.1:9', retry=NO_RETRY)\n"
        "try:\n    c.get_payment_order('6c0a4c4e-5b1f-4a8e-9f1d-2b7f1f0a9d11')\nexcept Exception as e:\n"
        "    assert type(e).__name__ == 'ConnectionErrorException', e\n"
    )
    assert "webpos_generated.api.authentication.client_credentials_login" in loaded
    assert "webpos_generated.client" in loaded
    assert "webpos_sdk._operations" in loaded


def test_every_model_name_resolves_lazily() -> None:
    for name in models.__all__:
        cls = getattr(models, name)
        assert cls.__name__ == name
        # defined in its own module (``webpos_sdk.objects`` renames ``__module__`` to its public home)
        submodule = importlib.import_module(models._MODULE_OF[name], models.__name__)
        assert submodule.__name__.startswith("webpos_generated.models.")
        assert vars(submodule)[name] is cls
    assert set(models.__all__) <= set(dir(models))
    assert webpos_generated.AuthenticatedClient.__name__ == "AuthenticatedClient"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchModel"):
        models.NoSuchModel  # noqa: B018
    with pytest.raises(AttributeError, match="nothing"):
        webpos_generated.nothing  # noqa: B018


def test_lazy_module_imports_once_then_reads_plainly() -> None:
    lazy = LazyModule("json")
    assert "dumps" not in vars(lazy)
    assert lazy.dumps({"a": 1}) == '{"a": 1}'
    assert vars(lazy)["dumps"] is json.dumps  # cached: later reads skip __getattr__
    with pytest.raises(AttributeError):
        lazy.no_such_function  # noqa: B018
    assert "json" in repr(lazy)
