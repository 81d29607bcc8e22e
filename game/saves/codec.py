"""Game data to plain JSON values and back, driven by the dataclass fields and type hints.

Nothing here names a particular state array or order field: every array of
`game.state.ARRAY_FIELDS` and every field of `Orders` (with whatever types later versions
give them) round-trips, so new arrays or order kinds need no change to the save code.
Decoding trusts nothing: dtypes come from an allow-list, sizes are bounded, and every
mismatch raises `DamagedSave` with a sentence saying where.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import math
import types
import typing
from typing import Any

import numpy as np

from game.saves.errors import DamagedSave
from game.state import ARRAY_FIELDS, State

# Plain little-endian dtypes a save may hold; anything else (objects, strings) is refused.
ALLOWED_DTYPES = frozenset(
    np.dtype(name).newbyteorder("<").str
    for name in (
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float32",
        "float64",
    )
)
MAX_CONTAINER_ITEMS = 100_000  # entries in one list or dict of an order
MAX_ORDER_ARRAY_ITEMS = 100_000  # elements of one array inside an order
MAX_DIMENSION = 10_000_000  # length of one axis of any array
ARRAY_TAG = "__ndarray__"


# --- arrays ----------------------------------------------------------------------------


def array_to_plain(array: np.ndarray) -> dict:
    little = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    return {
        "dtype": little.dtype.str,
        "shape": list(little.shape),
        "data": base64.b64encode(little.tobytes()).decode("ascii"),
    }


def array_from_plain(value: Any, where: str, max_items: int) -> np.ndarray:
    if not isinstance(value, dict) or set(value) != {"dtype", "shape", "data"}:
        raise DamagedSave(f"{where} is not an array record")
    dtype, shape, data = value["dtype"], value["shape"], value["data"]
    if not isinstance(dtype, str) or dtype not in ALLOWED_DTYPES:
        raise DamagedSave(f"{where} has an unusable data type {str(dtype)[:20]!r}")
    if (
        not isinstance(shape, list)
        or len(shape) > 8
        or not all(_is_int(n) and 0 <= n <= MAX_DIMENSION for n in shape)
    ):
        raise DamagedSave(f"{where} has an unusable shape")
    count = math.prod(shape)
    if count > max_items:
        raise DamagedSave(f"{where} is too large ({count} values)")
    if not isinstance(data, str) or len(data) > 4 * (count * 8 + 2) // 3 + 8:
        raise DamagedSave(f"{where} holds data of the wrong size")
    try:
        raw = base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise DamagedSave(f"{where} holds data that is not base64") from None
    numpy_dtype = np.dtype(dtype)
    if len(raw) != count * numpy_dtype.itemsize:
        raise DamagedSave(
            f"{where} holds {len(raw)} bytes where {count * numpy_dtype.itemsize} belong"
        )
    array = np.frombuffer(raw, dtype=numpy_dtype).reshape(shape)
    if numpy_dtype.kind == "b":  # any byte but 0 would be a malformed boolean: make it True
        return array.view(np.uint8) != 0
    return array.astype(numpy_dtype.newbyteorder("="))


# --- state -----------------------------------------------------------------------------


def state_to_plain(state: State) -> dict:
    """Every field of the state except the scenario (saved separately, as its files)."""
    values: dict[str, Any] = {}
    arrays: dict[str, dict] = {}
    for f in dataclasses.fields(state):
        if f.name == "scenario":
            continue
        value = getattr(state, f.name)
        if f.name in ARRAY_FIELDS:
            arrays[f.name] = array_to_plain(value)
        else:
            values[f.name] = value.item() if isinstance(value, np.generic) else value
    return {"values": values, "arrays": arrays}


def state_from_plain(plain: Any, template: State) -> tuple[State, list[str]]:
    """The saved state, shaped and typed exactly like `template` (the same scenario and seed).

    A field the save lacks, or holds in a shape or type this version of the engine does not
    use (the engine changed since), is taken from the template (the replayed state); the
    names of those fields are returned so the caller can say so.
    """
    if (
        not isinstance(plain, dict)
        or not isinstance(plain.get("values"), dict)
        or not isinstance(plain.get("arrays"), dict)
    ):
        raise DamagedSave("the game state is missing or malformed")
    saved_values, saved_arrays = plain["values"], plain["arrays"]
    values: dict[str, Any] = {}
    adapted: list[str] = []
    for f in dataclasses.fields(template):
        expected = getattr(template, f.name)
        if f.name == "scenario":
            values[f.name] = expected
        elif f.name in ARRAY_FIELDS:
            array = None
            if f.name in saved_arrays:
                array = array_from_plain(
                    saved_arrays[f.name], f"state array '{f.name}'", max(expected.size, 1) * 8
                )
            if array is None or array.shape != expected.shape or array.dtype != expected.dtype:
                values[f.name] = expected.copy()
                adapted.append(f.name)
            else:
                values[f.name] = array.copy()
        else:
            value = saved_values.get(f.name)
            if type(value) is not type(expected):
                values[f.name] = expected
                adapted.append(f.name)
            else:
                values[f.name] = value
    return State(**values), adapted


# --- orders and other dataclasses --------------------------------------------------------


def to_plain(value: Any) -> Any:
    """A JSON-ready copy of a value built from dataclasses, containers, numbers and arrays."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, np.ndarray):
        return {ARRAY_TAG: array_to_plain(value)}
    if isinstance(value, np.generic):
        return value.item()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("only dicts with string keys can be saved")
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(item) for item in value]
    raise TypeError(f"cannot save a value of type {type(value).__name__}")


def from_plain(hint: Any, value: Any, where: str) -> Any:
    """Rebuild a value of type `hint` from `to_plain` output, checking everything."""
    if hint is Any or hint is None or hint is type(None):
        if hint in (None, type(None)) and value is not None:
            raise DamagedSave(f"{where} should be empty")
        return value
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _from_union(typing.get_args(hint), value, where)
    if origin is typing.Literal:
        if value not in typing.get_args(hint):
            raise DamagedSave(f"{where} has an unknown value {str(value)[:40]!r}")
        return value
    if hint is np.ndarray or origin is np.ndarray:
        if not isinstance(value, dict) or set(value) != {ARRAY_TAG}:
            raise DamagedSave(f"{where} should be an array")
        return array_from_plain(value[ARRAY_TAG], where, MAX_ORDER_ARRAY_ITEMS)
    if origin in (dict, typing.Dict) or hint is dict:  # noqa: UP006 - matching old-style hints
        key_hint, item_hint = (typing.get_args(hint) or (Any, Any))[:2]
        if not isinstance(value, dict) or len(value) > MAX_CONTAINER_ITEMS:
            raise DamagedSave(f"{where} should be a table")
        return {
            from_plain(key_hint, key, f"{where} key"): from_plain(
                item_hint, item, f"{where}[{str(key)[:40]!r}]"
            )
            for key, item in value.items()
        }
    if origin in (list, tuple, set, frozenset) or hint in (list, tuple, set, frozenset):
        if not isinstance(value, list) or len(value) > MAX_CONTAINER_ITEMS:
            raise DamagedSave(f"{where} should be a list")
        args = typing.get_args(hint)
        container = origin or hint
        if container is tuple and args and (len(args) != 2 or args[1] is not Ellipsis):
            if len(args) != len(value):
                raise DamagedSave(f"{where} should have {len(args)} items")
            return tuple(
                from_plain(a, v, f"{where}[{k}]")
                for k, (a, v) in enumerate(zip(args, value, strict=True))
            )
        item_hint = args[0] if args else Any
        return container(from_plain(item_hint, v, f"{where}[{k}]") for k, v in enumerate(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return dataclass_from_plain(hint, value, where)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except (ValueError, TypeError):
            raise DamagedSave(f"{where} has an unknown value {str(value)[:40]!r}") from None
    if hint is bool:
        if not isinstance(value, bool):
            raise DamagedSave(f"{where} should be true or false")
        return value
    if hint is int:
        if not _is_int(value):
            raise DamagedSave(f"{where} should be a whole number")
        return value
    if hint is float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise DamagedSave(f"{where} should be a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise DamagedSave(f"{where} should be text")
        return value
    return value  # a type this codec does not know: keep the plain value


def _from_union(options: tuple, value: Any, where: str) -> Any:
    if value is None and type(None) in options:
        return None
    tagged_array = isinstance(value, dict) and set(value) == {ARRAY_TAG}
    for option in options:
        if option is type(None):
            continue
        is_array_hint = option is np.ndarray or typing.get_origin(option) is np.ndarray
        if tagged_array != is_array_hint:
            continue
        try:
            return from_plain(option, value, where)
        except DamagedSave:
            continue
    raise DamagedSave(f"{where} has a value of an unexpected kind")


def dataclass_from_plain(cls: type, value: Any, where: str) -> Any:
    """An instance of the dataclass `cls`; fields the save lacks keep their defaults."""
    if not isinstance(value, dict):
        raise DamagedSave(f"{where} should be a table")
    hints = _type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = [name for name in value if name not in known]
    if unknown:
        raise DamagedSave(f"{where} has an unknown field {str(unknown[0])[:40]!r}")
    arguments = {}
    for name, f in known.items():
        if name in value:
            arguments[name] = from_plain(hints.get(name, Any), value[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise DamagedSave(f"{where} lacks the field '{name}'")
    try:
        return cls(**arguments)
    except (TypeError, ValueError) as error:
        raise DamagedSave(f"{where} is not usable: {str(error)[:80]}") from None


def _type_hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: decode those fields as plain values
        return {}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
