"""The typing aids users' checkers rely on stay equal to the spec's models and enums (they are
written by hand for type checkers, which cannot read them from the generated classes)."""

from __future__ import annotations

import typing

import attrs

from webpos_sdk import objects


def test_payment_order_params_has_the_creation_models_keys() -> None:
    fields = {f.name for f in attrs.fields(objects.PaymentOrderCreation)} - {"additional_properties", "_raw"}
    assert set(typing.get_type_hints(objects.PaymentOrderParams)) == fields
    assert objects.PaymentOrderParams.__required_keys__ == frozenset({"amount"})


def test_the_literal_choices_are_the_enums_values() -> None:
    assert set(typing.get_args(objects.StatusName)) == {m.value for m in objects.BlockchainStatus}
    assert set(typing.get_args(objects.SortByName)) == {m.value for m in objects.SortBy}
    assert set(typing.get_args(objects.SortOrderName)) == {m.value for m in objects.SortOrder}
