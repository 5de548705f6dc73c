"""The one way the project turns its typed structs into JSON and back: msgspec.

Structs go into JSONField columns and sockets as plain JSON values (tuples as lists, datetimes
as RFC 3339 text) and come back validated against their type, so a stored value that does not
fit raises msgspec.ValidationError instead of slipping through half-read.
"""

from typing import cast

import msgspec


def struct_to_json(value: msgspec.Struct) -> dict[str, object]:
    """The struct as a JSON object of builtin values (tuples stay tuples), for a JSONField or
    json.dumps."""
    return cast(dict[str, object], msgspec.to_builtins(value))


def struct_from_json[T](data: object, type: type[T]) -> T:
    """`data` (a JSON value as json.loads or a JSONField gives it) checked into `type`."""
    return msgspec.convert(data, type)
