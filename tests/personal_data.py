"""Finding a person's data anywhere in the database, to prove that erasure left none.

Every table the database holds is read through the connection, not through a list of
models, so a table added later (or one no model describes, such as a search index) is
searched too. Text is compared without case; JSON is decoded first, since SQLite keeps
"ö" in JSON as "\\u00f6"; binary columns are read as UTF-8.
"""

import contextlib
import json
from collections.abc import Collection
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections


def _texts(value: Any) -> list[str]:
    if isinstance(value, memoryview | bytes | bytearray):
        return [bytes(value).decode("utf-8", errors="ignore")]
    if isinstance(value, dict | list):
        return [json.dumps(value, ensure_ascii=False)]
    if not isinstance(value, str):
        return []
    texts = [value]
    if value[:1] in {"{", "[", '"'}:
        with contextlib.suppress(ValueError):
            texts.append(json.dumps(json.loads(value), ensure_ascii=False))
    return texts


def personal_data_found(
    *values: str, kept: Collection[str] = (), using: str = DEFAULT_DB_ALIAS
) -> list[str]:
    """Each place ("table.column: text") that still holds one of the values, except the
    columns in `kept` ("table.column"), such as the invoicing facts the law keeps."""
    needles = [value.casefold() for value in values if value]
    connection = connections[using]
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if f"{table}.{column}" in kept:
                        continue
                    for text in _texts(value):
                        if any(needle in text.casefold() for needle in needles):
                            found.append(f"{table}.{column}: {text[:200]}")
                            break
    return found
