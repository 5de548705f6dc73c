"""SQLite for the embedded default: the database backend (base.py, named as ENGINE
"larlabb.core.sqlite") and the connection hooks CoreConfig registers (hooks.py)."""
