"""What users see names the public classes: ``webpos_sdk.objects``, never ``webpos_generated``."""

from __future__ import annotations

import pickle
import typing

import attrs
import pytest

from tests._support import schema_example
from webpos_sdk import exceptions, objects
from webpos_sdk.objects import UNSET, PaymentOrderCreationResponse, PaymentOrderRetrieval


def test_every_public_class_lives_in_webpos_sdk_objects() -> None:
    for name in objects.__all__:
        value = getattr(objects, name)
        if isinstance(value, type):
            assert value.__module__.startswith("webpos_sdk"), (name, value.__module__)
            assert "webpos_generated" not in repr(value)


def test_reprs_name_nothing_generated() -> None:
    order = PaymentOrderRetrieval.from_dict(schema_example("PaymentOrderRetrieval"))
    created = PaymentOrderCreationResponse.from_dict(
        {k: v for k, v in schema_example("PaymentOrderCreationResponse").items() if k != "reference"}
    )
    assert created.reference is UNSET
    for value in (order, order.state, order.state.status, created, UNSET, objects.UUIDStr(str(order.uuid))):
        assert "webpos_generated" not in repr(value), repr(value)
    assert "reference=UNSET" in repr(created)


def test_renamed_classes_still_pickle_and_resolve_their_annotations() -> None:
    order = PaymentOrderRetrieval.from_dict(schema_example("PaymentOrderRetrieval"))
    assert pickle.loads(pickle.dumps(order)) == order  # noqa: S301  (our own bytes)
    hints = typing.get_type_hints(PaymentOrderRetrieval)
    assert hints["state"] is objects.PaymentOrderState
    assert attrs.resolve_types(objects.Transaction) is objects.Transaction


def test_a_model_error_names_the_public_class() -> None:
    with pytest.raises(ValueError, match="callback") as caught:
        objects.PaymentUpdateObject(callback="payment.completd")  # type: ignore[arg-type]
    assert "webpos_generated" not in str(caught.value)
    problems = objects.PaymentOrderCreation(amount="ten").constraint_errors()
    assert problems
    assert all(isinstance(p, objects.FieldError) for p in problems)


def test_the_internal_helpers_are_not_exported() -> None:
    for name in ("debug_info", "http_exception", "redact"):
        assert name not in exceptions.__all__
    from webpos_sdk.exceptions import exceptions as legacy

    assert not {"debug_info", "http_exception", "redact"} & set(vars(legacy))
