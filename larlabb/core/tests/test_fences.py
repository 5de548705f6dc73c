"""Fences: what each technique of docs/performance.md (and the rest of the platform) relies on
in a library's internals, checked on the library itself. A failure here names the technique to
measure again and adapt, or drop, after an upgrade; a pinned version alone would not say."""

import asyncio
import gc
import inspect
import io
import threading
import time
from pathlib import Path
from typing import Any

import pydyf  # type: ignore[import-untyped]
import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels import consumer as channels_consumer
from channels import db as channels_db
from channels.consumer import AsyncConsumer, get_handler_name
from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer
from django import forms
from django.db import connections, transaction
from django.db.backends.sqlite3 import base as sqlite3_base

from larlabb.core.pdf import _page_references_kept, cycle_collector_paused, pdf_from_html
from larlabb.core.sqlite.base import DatabaseWrapper as TurnTakingWrapper
from larlabb.core.tests.images import image_bytes
from larlabb.network.models import Network

# --- The board's dispatch without Channels' closing of old connections ---------------------


def test_channels_dispatch_still_closes_old_connections_before_each_handler(monkeypatch):
    """The board's consumers override AsyncConsumer.dispatch to skip this close, and copy the
    rest of it: find the handler by get_handler_name, await it, ValueError when none."""
    calls: list[str] = []

    async def close_recorded() -> None:
        calls.append("close")

    class Echo(AsyncConsumer):
        async def note_new(self, message: dict[str, Any]) -> None:
            calls.append(message["type"])

    monkeypatch.setattr(channels_consumer, "aclose_old_connections", close_recorded)
    echo = Echo()
    asyncio.run(echo.dispatch({"type": "note.new"}))

    assert calls == ["close", "note.new"], (
        "Channels' dispatch changed: compare it with the board consumers' dispatch override"
    )
    assert get_handler_name({"type": "note.new"}) == "note_new"
    with pytest.raises(ValueError):
        asyncio.run(echo.dispatch({"type": "note.gone"}))


def test_database_sync_to_async_still_closes_connections_around_each_call(monkeypatch):
    """Why the board runs its database calls through its own thread and not Channels'
    database_sync_to_async: that closes old connections before and after every call."""
    closes: list[bool] = []
    monkeypatch.setattr(channels_db, "close_old_connections", lambda: closes.append(True))

    async def call() -> int:
        result: int = await channels_db.database_sync_to_async(lambda: 7)()
        return result

    assert async_to_sync(call)() == 7
    assert closes == [True, True]


def test_thread_sensitive_calls_outside_a_request_share_one_thread():
    """The board's database thread is asgiref's one thread for thread-sensitive calls made
    outside a request: its one connection is kept between the notes."""

    async def two_calls() -> tuple[int, int]:
        first = await sync_to_async(threading.get_ident, thread_sensitive=True)()
        second = await sync_to_async(threading.get_ident, thread_sensitive=True)()
        return first, second

    first, second = asyncio.run(two_calls())
    assert first == second


# --- The in-memory channel layer's sweep ---------------------------------------------------


def test_channels_in_memory_layer_still_sweeps_in_clean_expired():
    """core/channel_layers.py calls Channels' private _clean_expired at most once a second and
    replaces group_send, reading the groups as {group: {channel: joined at}}."""
    assert list(inspect.signature(ChannelsInMemoryChannelLayer._clean_expired).parameters) == [
        "self"
    ]
    assert list(inspect.signature(ChannelsInMemoryChannelLayer.group_send).parameters) == [
        "self",
        "group",
        "message",
    ]
    layer = ChannelsInMemoryChannelLayer(expiry=60, group_expiry=60)

    async def fill() -> None:
        await layer.group_add("tavla", "kvar.inmemory!a")
        await layer.group_add("tavla", "gammal.inmemory!b")
        layer.expiry = -1  # this message has expired as it is sent
        await layer.send("utgangen.inmemory!c", {"type": "note.new"})
        await layer.group_add("tavla", "utgangen.inmemory!c")

    asyncio.run(fill())
    assert set(layer.groups["tavla"]) == {
        "kvar.inmemory!a",
        "gammal.inmemory!b",
        "utgangen.inmemory!c",
    }
    assert all(isinstance(joined, float) for joined in layer.groups["tavla"].values())
    layer.groups["tavla"]["gammal.inmemory!b"] = time.time() - 120
    layer._clean_expired()

    assert set(layer.groups["tavla"]) == {"kvar.inmemory!a"}
    assert "utgangen.inmemory!c" not in layer.channels


def test_channels_group_send_still_leaves_out_a_full_member():
    """The layer's own group_send does as Channels' does: a member whose queue is full misses
    the message, and the others still get it."""
    layer = ChannelsInMemoryChannelLayer(capacity=1)

    async def send_twice() -> None:
        await layer.group_add("tavla", "full.inmemory!a")
        await layer.group_send("tavla", {"type": "note.new"})
        await layer.group_send("tavla", {"type": "note.new"})

    asyncio.run(send_twice())
    assert layer.channels["full.inmemory!a"].qsize() == 1
    with pytest.raises(ChannelFull):
        asyncio.run(layer.send("full.inmemory!a", {"type": "note.new"}))


# --- pydyf's page references ---------------------------------------------------------------


def test_pydyf_still_rebuilds_page_references_on_each_read():
    assert _page_references_kept(), (
        "pydyf's PDF.page_references is no longer a property: the patch in larlabb/core/pdf.py "
        "has turned itself off. Measure bench/exports.py and remove it."
    )
    kept = pydyf.PDF.__dict__["page_references"].fget
    rebuild = getattr(kept, "__wrapped__", kept)
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    assert rebuild(pdf) is not rebuild(pdf), (
        "pydyf keeps page_references itself now: drop the patch in larlabb/core/pdf.py"
    )
    assert rebuild(pdf) == tuple(f"{number} 0 R".encode() for number in pdf.pages["Kids"][::3])


def test_weasyprint_reads_page_references_once_per_tag(monkeypatch):
    """What makes the kept tuple pay: a tagged PDF reads it for every tag, not every page."""
    reads: list[int] = []
    kept = pydyf.PDF.__dict__["page_references"]

    def counted(pdf: Any) -> tuple[bytes, ...]:
        reads.append(1)
        result: tuple[bytes, ...] = kept.fget(pdf)
        return result

    monkeypatch.setattr(pydyf.PDF, "page_references", property(counted))
    paragraphs = "".join(f"<p>Lapp {number}</p>" for number in range(40))
    pdf_from_html(html=f'<html lang="sv"><body>{paragraphs}</body></html>', base_url="/")

    assert len(reads) >= 40, "WeasyPrint no longer reads page_references per tag"


# --- Django's SQLite backend: the writers' turns -------------------------------------------

_TURN_METHODS = ("_start_transaction_under_autocommit", "_commit", "_rollback", "_close")


@pytest.mark.parametrize("name", _TURN_METHODS)
def test_djangos_sqlite_backend_still_has_the_private_method_the_turns_wrap(name):
    method = getattr(sqlite3_base.DatabaseWrapper, name)
    assert list(inspect.signature(method).parameters) == ["self"]


@pytest.mark.django_db(transaction=True)
def test_djangos_sqlite_backend_still_calls_them_to_begin_end_and_close(
    monkeypatch, tmp_path: Path, django_db_blocker
):
    calls: list[str] = []
    for name in _TURN_METHODS:
        original = getattr(sqlite3_base.DatabaseWrapper, name)

        def spy(self: Any, _name: str = name, _original: Any = original) -> Any:
            calls.append(_name)
            return _original(self)

        monkeypatch.setattr(sqlite3_base.DatabaseWrapper, name, spy)
    assert isinstance(connections["default"], TurnTakingWrapper)

    with transaction.atomic():
        Network.objects.create(name="Reglab", slug="reglab")
    with pytest.raises(RuntimeError), transaction.atomic():
        Network.objects.create(name="Nätverket", slug="natverket")
        raise RuntimeError
    assert calls == [
        "_start_transaction_under_autocommit",
        "_commit",
        "_start_transaction_under_autocommit",
        "_rollback",
    ]

    settings = {**connections["default"].settings_dict, "NAME": str(tmp_path / "fence.sqlite3")}
    on_file = TurnTakingWrapper(settings, alias="fence")
    with django_db_blocker.unblock():
        on_file.ensure_connection()
        on_file.close()
    assert calls[-1] == "_close"


# --- The cycle collector paused for a PDF --------------------------------------------------


def _collections_while(allocate: Any) -> int:
    started: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(count)
    try:
        allocate()
    finally:
        gc.callbacks.remove(count)
    return len(started)


def test_the_cycle_collector_runs_on_allocations_and_not_while_paused():
    def many_cycles() -> None:
        for _ in range(gc.get_threshold()[0] * 5):
            cycle: list[object] = []
            cycle.append(cycle)

    with cycle_collector_paused():
        paused = _collections_while(many_cycles)
    running = _collections_while(many_cycles)

    assert paused == 0
    assert running > 0, "CPython no longer collects by allocation count: measure the pause again"


# --- python-docx: a picture's alternative text ----------------------------------------------


def test_python_docx_still_keeps_a_pictures_drawing_properties_in_inline():
    """export_docx.py sets the picture's alternative text on InlineShape._inline.docPr, which
    python-docx has no public way to set."""
    from docx import Document

    document = Document()
    document.add_picture(io.BytesIO(image_bytes("PNG")))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", "Tavlan efter passet")

    assert 'descr="Tavlan efter passet"' in document.element.xml


# --- Django's ModelForm: the model's checks after the form's ------------------------------


@pytest.mark.django_db
def test_django_model_forms_still_run_post_clean_after_clean_to_check_the_instance(
    monkeypatch,
):
    """WorkshopForm overrides the private _post_clean to set the start and end its clean()
    worked out on the instance before the model's own checks (Model.clean) run on it."""
    order: list[str] = []
    monkeypatch.setattr(Network, "clean", lambda network: order.append(f"model: {network.slug}"))

    class NetworkForm(forms.ModelForm[Network]):
        class Meta:
            model = Network
            fields = ["name"]

        def clean(self) -> dict[str, Any]:
            order.append("clean")
            return super().clean() or {}

        def _post_clean(self) -> None:
            order.append("_post_clean")
            self.instance.slug = "reglab"  # not a field of the form
            super()._post_clean()  # type: ignore[misc]  # private, so not in the stubs

    form = NetworkForm(data={"name": "Reglab"})

    assert form.is_valid()
    assert order == ["clean", "_post_clean", "model: reglab"]
    assert form.instance.name == "Reglab"
