"""Case-insensitive text matching that folds every letter, not only A–Z.

Django's `icontains` and `iexact` are ASCII-only on SQLite (its LIKE and UPPER know no Å, Ä
or Ö), so staff searching "åsa" did not find "Åsa". These lookups compare lower-cased text
on both databases: on SQLite through a function registered on every connection (Python's
str.lower), on PostgreSQL through LOWER, which follows the database's UTF-8 character type.
Used as `name__ifold_contains=query` and `email__ifold_exact=address`.
"""

import sqlite3
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any, Final

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Lookup, Q, TextField
from django.db.models.sql.compiler import SQLCompiler

SQLITE_LOWER: Final = "larlabb_lower"


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def sqlite_lower_register(sender: object, connection: BaseDatabaseWrapper, **_: Any) -> None:
    if connection.vendor == "sqlite":
        raw: sqlite3.Connection = connection.connection
        raw.create_function(SQLITE_LOWER, 1, _lower, deterministic=True)


class _Folded(Lookup):
    def _sides(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        lower = SQLITE_LOWER if connection.vendor == "sqlite" else "LOWER"
        return f"{lower}({lhs})", f"{lower}({rhs})", (*lhs_params, *rhs_params)


class FoldedContains(_Folded):
    lookup_name = "ifold_contains"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, rhs, params = self._sides(compiler, connection)
        # A position rather than LIKE: a % or _ typed in a search is then just a character.
        position = "INSTR" if connection.vendor == "sqlite" else "STRPOS"
        return f"{position}({lhs}, {rhs}) > 0", params


class FoldedExact(_Folded):
    lookup_name = "ifold_exact"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = {rhs}", params


def lookups_register() -> None:
    for field in (CharField, TextField):
        field.register_lookup(FoldedContains)
        field.register_lookup(FoldedExact)


def contains_any(query: str, fields: Iterable[str]) -> Q:
    """Rows where any of the fields contains the query, in any case of any letter."""
    return reduce(or_, (Q(**{f"{field}__{FoldedContains.lookup_name}": query}) for field in fields))
