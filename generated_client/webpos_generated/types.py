"""Contains some shared types for properties, the lenient date-time parser and the
constraint checks used by the models' ``validate()``"""

import datetime
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import IO, BinaryIO, Generic, Literal, Protocol, TypeVar, cast
from urllib.parse import urlsplit
from uuid import UUID

from .errors import FieldError


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@dataclass(slots=True)
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@dataclass(slots=True)
class Response(Generic[T]):
    """A response from an endpoint. ``status_code`` is a plain int: servers send non-standard ones."""

    status_code: int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T


_FULL_DATE = re.compile(r"^\s*\d{4}[-/]\d{1,2}[-/]\d{1,2}(?![0-9])")


def parse_datetime(value: object) -> datetime.datetime:
    """Parse a date-time leniently; a value without an offset is taken as UTC.

    Accepts ISO 8601 with ``Z``, offsets and fractions, and the non-strict forms that
    servers have sent (``2017-05-06 18:51``). Raises ``ValueError`` for anything else.
    """
    if not isinstance(value, str):
        raise ValueError(f"expected a date-time string, got {type(value).__name__}")
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        # dateutil is imported only for the rare non-ISO value: it costs import time.
        from dateutil import parser as _dateutil_parser  # noqa: PLC0415

        try:
            parsed = _dateutil_parser.isoparse(value)
        except (ValueError, OverflowError):
            # Free-form parsing fills missing parts from today's date: only allow it once a
            # full calendar date is there, so "10" or "May" are errors, not dates.
            if _FULL_DATE.match(value) is None:
                raise ValueError(f"not a date-time: {value[:40]!r}") from None
            try:
                parsed = _dateutil_parser.parse(value)
            except (ValueError, OverflowError) as err:
                raise ValueError(f"not a date-time: {value[:40]!r}") from err
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


_E = TypeVar("_E", bound=Enum)


def parse_enum(enum: type[_E], value: object) -> _E:
    """``enum(value)`` with the known values looked up directly: ``Enum.__call__`` costs ten times
    more, and a callback carries eight enums. Unknown values still go through ``enum(value)``."""
    try:
        member = enum._value2member_map_.get(value)
    except TypeError:  # unhashable: let the enum raise its own ValueError
        member = None
    return cast(_E, member) if member is not None else enum(value)


@lru_cache(maxsize=1024)
def parse_uuid(value: str) -> UUID:
    """``UUID(value)``, memoised: the same currency, point of sale and deposit account UUIDs come
    back in every order, and a UUID is immutable. Raises ``ValueError`` (``TypeError`` for a
    non-string) like ``UUID``."""
    if not isinstance(value, str):
        raise TypeError(f"expected a UUID string, got {type(value).__name__}")
    return UUID(value)


_URI_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _is_absolute_uri(value: str) -> bool:
    """RFC 3986 absolute URI: scheme and authority, only URI characters, valid %-escapes."""
    if _URI_CHARACTERS.match(value) is None or _BAD_PERCENT.search(value) is not None:
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return bool(parts.scheme and parts.hostname)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check_string(
    errors: list[FieldError],
    path: str,
    value: object,
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    uri: bool = False,
    nullable: bool = True,
) -> None:
    """Append a FieldError for every constraint ``value`` breaks (UNSET passes; None where nullable)."""
    if isinstance(value, Unset):
        return
    if value is None:
        if not nullable:
            errors.append(FieldError(path, "must not be null"))
        return
    if not isinstance(value, str):
        errors.append(FieldError(path, f"must be a string, not {type(value).__name__}"))
        return
    if min_length is not None and len(value) < min_length:
        errors.append(FieldError(path, f"must be at least {min_length} characters long"))
    if max_length is not None and len(value) > max_length:
        errors.append(FieldError(path, f"must be at most {max_length} characters long (is {len(value)})"))
    if pattern is not None and _compiled(pattern).search(value) is None:
        errors.append(FieldError(path, f"must match {pattern!r}"))
    if uri and not _is_absolute_uri(value):
        errors.append(FieldError(path, "must be an absolute URL (RFC 3986)"))


def check_number(
    errors: list[FieldError],
    path: str,
    value: object,
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    nullable: bool = True,
) -> None:
    """Append a FieldError for every constraint ``value`` breaks (UNSET passes; None where nullable)."""
    if isinstance(value, Unset):
        return
    if value is None:
        if not nullable:
            errors.append(FieldError(path, "must not be null"))
        return
    # JSON Schema counts 539465.0 as an integer: accept integral floats.
    not_integral = integer and not (isinstance(value, int) or (isinstance(value, float) and value.is_integer()))
    if isinstance(value, bool) or not isinstance(value, int | float) or not_integral:
        errors.append(
            FieldError(path, f"must be {'an integer' if integer else 'a number'}, not {type(value).__name__}")
        )
        return
    if minimum is not None and value < minimum:
        errors.append(FieldError(path, f"must be at least {minimum:g}"))
    if maximum is not None and value > maximum:
        errors.append(FieldError(path, f"must be at most {maximum:g}"))


def check_enum(errors: list[FieldError], path: str, value: object, enum_type: type[Enum]) -> None:
    """Requests may only carry the values the spec lists (responses may carry new ones)."""
    if isinstance(value, Unset) or value is None:
        return
    if not isinstance(value, enum_type) or value.value not in enum_type._value2member_map_:
        known = ", ".join(repr(m.value) for m in enum_type)
        errors.append(FieldError(path, f"must be a {enum_type.__name__}: one of {known} (got {value!r})"))


class _Checkable(Protocol):
    def constraint_errors(self, prefix: str = "") -> list[FieldError]: ...


def check_model(errors: list[FieldError], path: str, value: object, model_type: type[_Checkable]) -> None:
    """Recurse into a nested object, or report a value that is not one."""
    if isinstance(value, Unset) or value is None:
        return
    if not isinstance(value, model_type):
        errors.append(FieldError(path, f"must be a {model_type.__name__}, not {type(value).__name__}"))
        return
    errors.extend(value.constraint_errors(path + "."))


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "check_enum",
    "check_model",
    "check_number",
    "check_string",
    "parse_datetime",
]
