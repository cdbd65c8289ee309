"""Contains some shared types for properties, the lenient date-time parser and the
constraint checks used by the models' ``validate()``"""

import builtins
import datetime
import json
import os
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import IO, Any, BinaryIO, Generic, Literal, Protocol, TypeVar, cast
from urllib.parse import urlsplit
from uuid import UUID

from .errors import FieldError

# ---------------------------------------------------------------- JSON decoding

#: ``"orjson"`` when the optional speed-up decodes answers, ``"stdlib"`` otherwise; settled on the
#: first :func:`loads` (importing orjson costs nothing until then). ``WEBPOS_SDK_JSON=stdlib``
#: in the environment keeps the standard library even when orjson is installed.
json_backend: str | None = None
_fast: Callable[[bytes | str], Any] | None = None


def use_json_backend(name: str | None = None) -> str:
    """Choose the decoder of :func:`loads`: ``"orjson"``, ``"stdlib"``, or ``None`` for the default
    (orjson when installed, unless ``WEBPOS_SDK_JSON=stdlib``). Returns the one in use; asking for
    orjson when it is not installed raises ``ImportError``."""
    global json_backend, _fast
    if name is None:
        name = "stdlib" if os.environ.get("WEBPOS_SDK_JSON", "").strip().lower() == "stdlib" else "orjson"
        try:
            import orjson
        except ImportError:
            name = "stdlib"
    if name == "orjson":
        import orjson

        json_backend, _fast = "orjson", orjson.loads
    elif name == "stdlib":
        json_backend, _fast = "stdlib", None
    else:
        raise ValueError(f"json backend: expected 'orjson', 'stdlib' or None, not {name!r}")
    return json_backend


# Every byte that is a digit becomes "0", any other ".": a run of 19 zeros then marks a number that
# may not fit 64 bits, which orjson would read as a float where the stdlib gives the exact integer.
_DIGITS = bytes(0x30 if 0x30 <= i <= 0x39 else 0x2E for i in range(256))
_LONG_NUMBER = b"0" * 19


def loads(data: bytes | str) -> Any:
    """Decode a JSON document exactly as ``json.loads`` does, through orjson when it is installed.

    orjson differs from the standard library at the edges: it refuses ``NaN``, lone surrogates,
    UTF-16 and a BOM, nesting past 1024, and reads an integer past 64 bits as a float. So bytes
    holding a run of 19 digits go to the standard library, and so does whatever orjson refuses:
    every input gives the standard library's value or its exception (``ValueError``,
    ``RecursionError``), whichever decoder is in use.
    """
    if json_backend is None:
        use_json_backend()
    if _fast is not None and type(data) is bytes and _LONG_NUMBER not in data.translate(_DIGITS):
        try:
            return _fast(data)
        except ValueError:  # orjson.JSONDecodeError is a ValueError
            pass
    return json.loads(data)


_PLAIN: dict[tuple[type, type], bool] = {}


def builds_plainly(cls: type, base: type) -> bool:
    """Whether a subclass of the generated model ``base`` keeps its ``__init__`` and
    ``__attrs_post_init__``, so that ``from_dict`` may fill an instance in directly (cached)."""
    known = _PLAIN.get((cls, base))
    if known is None:
        hooks = ("__init__", "__attrs_post_init__")
        known = all(getattr(cls, name, None) is getattr(base, name, None) for name in hooks)
        _PLAIN[(cls, base)] = known
    return known


class Unset:
    """The type of ``UNSET``: a key the JSON left out (falsy; ``repr`` is ``UNSET``)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


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


class DateTime(datetime.datetime):
    """A timezone-aware ``datetime`` read from the API (UTC where the server gave no offset).

    The previous SDK returned date-times as raw strings. A comparison with a string that holds a
    date-time would now be silently ``False``, so it raises ``TypeError`` instead: compare with a
    ``datetime``, or read the raw string by key (``order["created_at"]``). Comparing with any other
    string (``""``, ``"n/a"``) is simply ``False``.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return _compare_with_string(other)
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        if isinstance(other, str):
            return not _compare_with_string(other)
        return super().__ne__(other)

    __hash__ = datetime.datetime.__hash__


def _compare_with_string(other: str) -> bool:
    if _FULL_DATE.match(other) is not None:
        raise TypeError(
            f"a date-time compared with the string {other[:40]!r}: compare with a datetime "
            "(webpos_sdk.objects.parse_datetime parses one), or read the raw string by key"
        )
    return False


def _aware(parsed: datetime.datetime) -> DateTime:
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    if isinstance(parsed, DateTime):
        return parsed
    return DateTime.combine(parsed.date(), parsed.timetz())


def parse_datetime(value: object, field: str = "") -> DateTime:
    """Parse a date-time leniently; a value without an offset is taken as UTC.

    Accepts ISO 8601 with ``Z``, offsets and fractions, and the non-strict forms that
    servers have sent (``2017-05-06 18:51``). Raises ``ValueError`` for anything else, naming
    ``field`` when given.
    """
    if type(value) is str:
        try:
            fast = DateTime.fromisoformat(value)
        except ValueError:
            return _aware(_parse_datetime_slowly(value, field))
        return fast if fast.tzinfo is not None else _aware(fast)
    if isinstance(value, datetime.datetime):
        return _aware(value)
    if isinstance(value, str):
        return parse_datetime(str(value), field)
    raise ValueError(f"{_named(field)}expected a date-time string, got {type(value).__name__}")


_RFC3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


def parse_rfc3339(value: object, field: str = "") -> DateTime:
    """Parse a strict RFC 3339 date-time (section 5.6: seconds and an offset required), the
    reading of a ``format: date-time`` that the spec does not mark ``x-webpos-lenient-datetime``.
    Raises ``ValueError`` naming ``field`` for anything else."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{_named(field)}a date-time without an offset")
        return _aware(value)
    if not isinstance(value, str):
        raise ValueError(f"{_named(field)}expected a date-time string, got {type(value).__name__}")
    if _RFC3339.match(value) is None:
        raise ValueError(f"{_named(field)}not an RFC 3339 date-time: {value[:40]!r}")
    try:
        return _aware(DateTime.fromisoformat(value.upper()))
    except ValueError:
        raise ValueError(f"{_named(field)}not an RFC 3339 date-time: {value[:40]!r}") from None


def _named(field: str) -> str:
    return f"{field}: " if field else ""


def _parse_datetime_slowly(value: str, field: str) -> datetime.datetime:
    # dateutil is imported only for the rare non-ISO value: it costs import time.
    from dateutil import parser as _dateutil_parser

    try:
        return _dateutil_parser.isoparse(value)
    except (ValueError, OverflowError):
        # Free-form parsing fills missing parts from today's date: only allow it once a
        # full calendar date is there, so "10" or "May" are errors, not dates.
        if _FULL_DATE.match(value) is None:
            raise ValueError(f"{_named(field)}not a date-time: {value[:40]!r}") from None
        try:
            return _dateutil_parser.parse(value)
        except (ValueError, OverflowError) as err:
            raise ValueError(f"{_named(field)}not a date-time: {value[:40]!r}") from err


_INTEGER = re.compile(r"^\s*[-+]?[0-9]{1,30}\s*$")


def parse_int(value: object, field: str = "") -> int:
    """An integer read losslessly: an ``int``, an integral ``float`` (``3600.0``) or a string of
    digits (``"3600"``); anything else (``"lots"``, ``10.5``, ``True``) raises ``ValueError``."""
    if type(value) is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.match(value) is not None:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise ValueError(f"{_named(field)}expected an integer, got {_excerpt(value)}")


def parse_str(value: object, field: str = "") -> str:
    """A string as sent; a number where a string is due (``amount: 10.5`` for a decimal string:
    its text is not known) or any other type raises ``ValueError`` naming the field."""
    if isinstance(value, str):
        return value
    raise ValueError(f"{_named(field)}expected a string, got {_excerpt(value)}")


def _excerpt(value: object) -> str:
    text = repr(value) if isinstance(value, str | int | float | bool) or value is None else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def is_null(value: object) -> bool:
    """``None``, and what the previous SDK's validator also read as null: ``""`` and ``{}``."""
    return value is None or value == "" or (type(value) is dict and not value)


_E = TypeVar("_E", bound=Enum)


def parse_enum(enum: type[_E], value: object, field: str = "") -> _E:
    """``enum(value)`` with the known values looked up directly: ``Enum.__call__`` costs ten times
    more, and a callback carries eight enums. Unknown values still go through ``enum(value)`` (an
    open enum keeps them); a value it refuses raises ``ValueError`` naming ``field``."""
    try:
        member = enum._value2member_map_.get(value)
    except TypeError:  # unhashable: the enum refuses it below
        member = None
    if member is not None:
        return cast(_E, member)
    try:
        return enum(value)
    except ValueError:
        raise ValueError(f"{_named(field)}{_excerpt(value)} is not a valid {enum.__name__}") from None


class UUIDStr(str):
    """A UUID as its canonical string (lower case, with hyphens) that also reads like a
    :class:`uuid.UUID` (``hex``, ``int``, ``bytes``, ``version``, ``urn``; ``.uuid`` gives one).

    It *is* a ``str``: equal to its string form and hashed like it, so the strings a merchant
    stored (from the previous SDK, which returned plain strings) still match it, in sets and dict
    keys too. It is not equal to a :class:`uuid.UUID` object: compare ``value.uuid`` with one.
    """

    __slots__ = ()

    def __new__(cls, value: "str | UUID") -> "UUIDStr":
        if type(value) is cls:
            return value
        if isinstance(value, UUID):
            return str.__new__(cls, str(value))
        if not isinstance(value, str):
            raise TypeError(f"expected a UUID string, got {type(value).__name__}")
        return str.__new__(cls, str(UUID(value)))

    def __repr__(self) -> str:
        return f"UUIDStr({str(self)!r})"

    @property
    def uuid(self) -> UUID:
        """The value as a :class:`uuid.UUID`."""
        return UUID(self)

    @property
    def hex(self) -> str:
        return self.replace("-", "")

    @property
    def int(self) -> builtins.int:
        return builtins.int(self.hex, 16)

    @property
    def bytes(self) -> bytes:
        return self.uuid.bytes

    @property
    def urn(self) -> str:
        return "urn:uuid:" + self

    @property
    def version(self) -> "builtins.int | None":
        return self.uuid.version

    @property
    def variant(self) -> str:
        return self.uuid.variant


@lru_cache(maxsize=1024)
def _cached_uuid(value: str) -> UUIDStr:
    return UUIDStr(value)


def parse_uuid(value: object, field: str = "") -> UUIDStr:
    """A :class:`UUIDStr` from a UUID string (memoised: the same currency, point of sale and deposit
    account UUIDs come back in every order) or a ``uuid.UUID``. Raises ``ValueError`` naming ``field``."""
    try:
        if type(value) is str:
            return _cached_uuid(value)
        return UUIDStr(value)  # type: ignore[arg-type]  # anything else is refused by UUIDStr
    except (ValueError, TypeError) as err:
        raise ValueError(f"{_named(field)}not a UUID: {_excerpt(value)}") from err


def parse_enum_value(enum: type[_E], value: object, field: str = "") -> _E:
    """What a constructor accepts for an enum field: a member, or the string of a listed value.
    Anything else raises ``ValueError`` naming ``field`` and the allowed values."""
    if isinstance(value, enum):
        return value
    member = enum._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        known = ", ".join(repr(m.value) for m in enum)
        raise ValueError(f"{_named(field)}must be one of {known} (got {_excerpt(value)})")
    return cast(_E, member)


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


class _Readable(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, object]) -> "_Readable": ...


_M = TypeVar("_M", bound=_Readable)


def coerce_model(model: type[_M], value: object, field: str = "") -> _M:
    """What a constructor accepts for a nested object: an instance, or a dict read with ``from_dict``."""
    if isinstance(value, model):
        return value
    if isinstance(value, Mapping):
        try:
            return cast(_M, model.from_dict(value))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ValueError(f"{_named(field)}not a valid {model.__name__}: {err}") from err
    raise ValueError(f"{_named(field)}must be a {model.__name__} or a dict, not {type(value).__name__}")


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
    "DateTime",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "UUIDStr",
    "Unset",
    "check_enum",
    "check_model",
    "check_number",
    "check_string",
    "coerce_model",
    "is_null",
    "parse_datetime",
    "parse_enum",
    "parse_enum_value",
    "parse_int",
    "parse_uuid",
]
