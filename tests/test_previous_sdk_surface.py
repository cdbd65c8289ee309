"""The public surface of the released previous SDK (``chainside-webpos-sdk==2.0.1``, installed from
PyPI into a venv of its own by ``benchmarks/previous_sdk.py``) is importable here at the same paths.

The list is read from the released package itself, never typed by hand: a worker in that venv walks
every module and reports its public names, the exception classes' ``error_code`` and the signatures
of ``Client``'s methods. Only the names in ``NOT_PROVIDED`` are left out, each with its reason.
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from previous_sdk import ensure_venv

#: What the previous SDK exposed that has no honest equivalent here: its internal request machinery
#: (factory-made action objects, hook classes, cache adapter classes behind a string factory).
#: Nothing the READMEs use is in this table.
NOT_PROVIDED = {
    "webpos_sdk.actions": "action classes run by a string-keyed factory: the client's methods replace them",
    "webpos_sdk.lib.cache": "cache adapters behind a string factory: see webpos_sdk.Cache and the cache drivers",
    "webpos_sdk.lib.hooks": "pre-send/failure hooks of the old request pipeline: replaced by httpx auth and transports",
}
#: Names a module of the previous SDK merely imported from its internals (the factories and sdkboil).
FOREIGN = {"ChainsideFactory", "CacheAdapterFactory", "SdkObject", "ApiContext", "CallbackHandler", "get_token"}

WORKER = r"""
import importlib, inspect, json, pkgutil, sys
import webpos_sdk
out = {"modules": {}, "client": {}}
for info in pkgutil.walk_packages(webpos_sdk.__path__, "webpos_sdk."):
    module = importlib.import_module(info.name)
    names = {}
    for name, value in vars(module).items():
        if name.startswith("_") or inspect.ismodule(value):
            continue
        origin = getattr(value, "__module__", module.__name__) or ""
        if not (origin.startswith("webpos_sdk") or origin.startswith("sdkboil")) and not isinstance(value, str):
            continue
        names[name] = {"error_code": getattr(value, "error_code", None) if inspect.isclass(value) else None}
    out["modules"][info.name] = names
from webpos_sdk.client import Client
for name, member in inspect.getmembers(Client, inspect.isfunction):
    if not name.startswith("_"):
        out["client"][name] = [p for p in inspect.signature(member).parameters if p != "self"]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def released() -> dict[str, Any]:
    python, _ = ensure_venv()
    result = subprocess.run([str(python), "-I", "-c", WORKER], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    surface: dict[str, Any] = json.loads(result.stdout)
    assert len(surface["modules"]) > 40, "the walk found too few modules of the released SDK"
    return surface


def _excluded(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in NOT_PROVIDED)


def test_every_public_name_of_the_released_sdk_is_importable_at_the_same_path(released: dict[str, Any]) -> None:
    missing: list[str] = []
    for module_name, names in sorted(released["modules"].items()):
        if _excluded(module_name):
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError as err:
            missing.append(f"{module_name} ({err})")
            continue
        for name, facts in names.items():
            if name in FOREIGN:
                continue
            if not hasattr(module, name):
                missing.append(f"{module_name}.{name}")
                continue
            code = facts["error_code"]
            if code is not None:
                assert getattr(module, name).error_code == code, f"{module_name}.{name}.error_code"
    assert missing == [], "\n".join(missing)


def test_the_exclusions_name_modules_that_exist_there(released: dict[str, Any]) -> None:
    for module in NOT_PROVIDED:
        assert any(m == module or m.startswith(module + ".") for m in released["modules"]), module


def test_every_client_method_takes_the_same_parameter_names(released: dict[str, Any]) -> None:
    from webpos_sdk.client import Client

    for name, parameters in released["client"].items():
        ours = getattr(Client, name, None)
        assert ours is not None, f"Client.{name} is missing"
        ours_parameters = [p for p in inspect.signature(ours).parameters if p != "self"]
        if name == "get_payment_orders":  # the documented order; the released one is guarded
            assert sorted(ours_parameters) == sorted(parameters)
            continue
        assert ours_parameters[: len(parameters)] == parameters, name
