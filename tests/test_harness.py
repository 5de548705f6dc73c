"""The throwaway-server harness (harness/servers.py): never part of what a deployment loads,
and a port taken by someone else between probe and bind only means another port."""

import ast
import socket
from pathlib import Path

import pytest

from harness import servers
from harness.servers import ROOT, PortTaken, on_a_free_port

APPLICATION = ("config", "larlabb", "bin", "manage.py")


def _application_modules() -> list[Path]:
    found: list[Path] = []
    for name in APPLICATION:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        found += [f for f in files if "tests" not in f.relative_to(ROOT).parts]
    return found


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_application_module_imports_the_harness_or_the_tests():
    modules = _application_modules()
    importing = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported(path) if name.split(".")[0] in {"harness", "tests"}
        )
        for path in modules
    }
    assert len(modules) > 100
    assert {path: names for path, names in importing.items() if names} == {}


def test_the_harness_needs_no_pytest_so_the_benchmarks_can_use_it():
    assert "pytest" not in _imported(Path(servers.__file__))


def test_a_server_whose_port_was_taken_meanwhile_is_started_on_another(monkeypatch):
    tried: list[int] = []

    def start(port: int) -> int:
        tried.append(port)
        if len(tried) < 3:
            raise PortTaken(f"port {port} was taken")
        return port

    assert on_a_free_port(start) == tried[-1]
    assert len(tried) == 3


def test_an_address_in_use_from_the_socket_itself_also_means_another_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        held = holder.getsockname()[1]
        ports = iter([held])

        def start(port: int) -> int:
            port = next(ports, port)
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port))
            return port

        assert on_a_free_port(start) != held


def test_any_other_failure_to_start_is_not_retried():
    calls: list[int] = []

    def start(port: int) -> int:
        calls.append(port)
        raise PermissionError("not allowed")

    with pytest.raises(PermissionError):
        on_a_free_port(start)
    assert len(calls) == 1


def test_a_uvicorn_socket_is_bound_before_the_server_starts_so_no_one_can_take_its_port():
    with servers.listening_socket() as sock:
        port = sock.getsockname()[1]
        with socket.socket() as rival, pytest.raises(OSError, match="in use"):
            rival.bind(("127.0.0.1", port))
        assert sock.get_inheritable()
