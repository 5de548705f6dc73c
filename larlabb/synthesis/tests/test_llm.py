"""The optional language model over real HTTP: a small OpenAI-compatible server in a thread.

The client is not mocked: each test serves a chosen answer (or none in time) on 127.0.0.1 and
checks that the platform keeps only claims citing existing notes, and says what it dropped.
"""

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from larlabb.synthesis.engine import InputNote, llm_from_settings, suggest_next_workshop, synthesize
from larlabb.synthesis.engine.llm import LlmClient

NOTES = [
    InputNote(id="n1", text="Bussen till byn går bara två gånger om dagen"),
    InputNote(id="n2", text="Kollektivtrafiken på landsbygden går för sällan för att pendla"),
    InputNote(id="n3", text="Busskortet är för dyrt för ungdomar"),
    InputNote(id="n4", text="Det byggs för få hyresrätter i små kommuner"),
    InputNote(id="n5", text="Unga hittar ingen lägenhet att hyra och bor kvar hemma"),
    InputNote(id="n6", text="Kommunens bostadsbolag borde bygga fler små lägenheter"),
    InputNote(id="n7", text="Fibern når inte ut till gårdarna i skogsbygden"),
    InputNote(id="n8", text="Bredbandsutbyggnaden stannar innan de sista hushållen"),
]

Answer = Callable[[dict[str, Any]], str | None]


class ChatServer:
    """Answers POST /v1/chat/completions with whatever `answer` returns as the message
    content; None means never answer in time."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.answer: Answer = lambda request: "{}"
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((body, dict(self.headers)))
                if self.path != "/v1/chat/completions":
                    self.send_error(404)
                    return
                content = server.answer(body)
                if content is None:
                    server.release.wait(10)
                    return
                payload = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": content}}]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}/v1"

    def client(self, timeout_s: float = 5.0) -> LlmClient:
        return LlmClient(
            base_url=self.base_url, model="test-model", api_key="k-123", timeout_s=timeout_s
        )

    def close(self) -> None:
        self.release.set()
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    server = ChatServer()
    yield server
    server.close()


def given_themes(request: dict[str, Any]) -> list[dict[str, Any]]:
    themes: list[dict[str, Any]] = json.loads(request["messages"][1]["content"])["themes"]
    return themes


def answer_citing(build: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> Answer:
    return lambda request: json.dumps(build(given_themes(request)), ensure_ascii=False)


def test_the_model_rewrites_labels_and_summaries_citing_the_theme_notes(chat):
    def build(themes):
        return {
            "themes": [
                {
                    "theme": t["theme"],
                    "label": f"Tema {t['theme']}",
                    "summary": [
                        {
                            "text": "Deltagarna beskriver ett gemensamt problem.",
                            "note_ids": [t["notes"][0]["id"]],
                        }
                    ],
                }
                for t in themes
            ],
            "conflicts": [],
        }

    chat.answer = answer_citing(build)
    result = synthesize(NOTES, llm=chat.client())
    assert result.method.endswith("+llm")
    assert result.themes
    for index, theme in enumerate(result.themes):
        assert theme.label == f"Tema {index}"
        assert [c.text for c in theme.summary] == ["Deltagarna beskriver ett gemensamt problem."]
        assert set(theme.summary[0].note_ids) <= set(theme.note_ids)
        # Sentences the model wrote are a summary; the offline quotes were not.
        assert not theme.summary_is_notes
    assert result.notices == ()
    body, headers = chat.requests[0]
    assert body["model"] == "test-model"
    assert body["response_format"] == {"type": "json_object"}
    assert headers["Authorization"] == "Bearer k-123"


def test_a_sentence_citing_only_invented_notes_is_dropped_and_staff_are_told(chat):
    def build(themes):
        first = themes[0]
        return {
            "themes": [
                {
                    "theme": first["theme"],
                    "summary": [
                        {"text": "Påhittad slutsats.", "note_ids": ["n999"]},
                        {"text": "Utan källa.", "note_ids": []},
                        {"text": "Delvis belagd.", "note_ids": [first["notes"][0]["id"], "x1"]},
                    ],
                }
            ],
            "conflicts": [
                {"description": "Tillväxt mot klimat.", "note_ids": ["finns-inte"]},
                {"description": "Bostäder mot trafik.", "note_ids": ["n1", "n4"]},
            ],
        }

    chat.answer = answer_citing(build)
    offline = synthesize(NOTES)
    result = synthesize(NOTES, llm=chat.client())
    texts = [c.text for c in result.themes[0].summary]
    assert texts == ["Delvis belagd."]
    assert "x1" not in result.themes[0].summary[0].note_ids
    added = [c for c in result.conflicts if c not in offline.conflicts]
    assert [(c.description, c.note_ids) for c in added] == [("Bostäder mot trafik.", ("n1", "n4"))]
    assert any("3 påståenden" in n and "visas inte" in n for n in result.notices)
    assert any("lappar som inte finns" in n for n in result.notices)
    known = {n.id for n in NOTES}
    for theme in result.themes:
        for cited in theme.summary:
            assert set(cited.note_ids) <= known
    for conflict in result.conflicts:
        assert set(conflict.note_ids) <= known


def test_a_conflict_the_engine_already_states_is_not_added_again_in_the_models_words(chat):
    farmland = [
        InputNote(id="k1", text="Nya bostäder på jordbruksmark mot livsmedelsförsörjningen."),
        InputNote(id="k2", text="Bostadsbyggande på åkermark mot att bevara jordbruksmarken."),
    ]
    chat.answer = lambda request: json.dumps(
        {
            "themes": [],
            "conflicts": [{"description": "Bostäder mot åkermark.", "note_ids": ["k2", "k1"]}],
        },
        ensure_ascii=False,
    )
    result = synthesize([*NOTES, *farmland], llm=chat.client())
    assert [c.note_ids for c in result.conflicts] == [("k1", "k2")]
    assert "Bostäder mot åkermark." not in [c.description for c in result.conflicts]


def test_a_malformed_answer_leaves_the_offline_result_and_says_so(chat):
    chat.answer = lambda request: "Här är teman: buss och bostad"
    offline = synthesize(NOTES)
    result = synthesize(NOTES, llm=chat.client())
    assert result.themes == offline.themes
    assert result.method == offline.method
    assert len(result.notices) == 1
    assert "inte gick att läsa" in result.notices[0]
    assert "lokala sammanställningen" in result.notices[0]


def test_an_empty_answer_changes_nothing_and_says_so(chat):
    chat.answer = lambda request: json.dumps({"themes": [], "conflicts": []})
    offline = synthesize(NOTES)
    result = synthesize(NOTES, llm=chat.client())
    assert result.themes == offline.themes and result.method == offline.method
    assert len(result.notices) == 1 and "föreslog inget" in result.notices[0]


def test_an_answer_of_the_wrong_shape_counts_as_malformed(chat):
    chat.answer = lambda request: json.dumps({"themes": "buss"})
    result = synthesize(NOTES, llm=chat.client())
    assert any("inte gick att läsa" in n for n in result.notices)


def test_a_model_that_does_not_answer_in_time_falls_back_and_says_so(chat):
    chat.answer = lambda request: None
    offline = synthesize(NOTES)
    result = synthesize(NOTES, llm=chat.client(timeout_s=0.3))
    assert result.themes == offline.themes
    assert result.notices == (
        "Språkmodellen svarade inte i tid. Den lokala sammanställningen visas i stället.",
    )


def test_an_unreachable_model_falls_back_and_says_so(chat):
    client = LlmClient(base_url=chat.base_url + "/saknas", model="m", timeout_s=2)
    result = synthesize(NOTES, llm=client)
    assert any("gick inte att nå" in n for n in result.notices)


def test_planning_with_the_model_keeps_only_questions_citing_existing_notes(chat):
    chat.answer = lambda request: json.dumps(
        {
            "title": "Nästa steg för trafiken",
            "instruction": "Diskutera i grupp.",
            "questions": [
                {"text": "Hur får vi tätare turer?", "note_ids": ["n1", "n2"]},
                {"text": "Påhittad fråga?", "note_ids": ["z9"]},
            ],
        }
    )
    suggestions, draft = suggest_next_workshop("Bättre kollektivtrafik", NOTES, llm=chat.client())
    assert [(s.text, s.note_ids) for s in suggestions] == [
        ("Hur får vi tätare turer?", ("n1", "n2"))
    ]
    assert draft.title == "Nästa steg för trafiken"
    assert draft.questions == ("Hur får vi tätare turer?",)


def test_planning_falls_back_to_offline_suggestions_when_the_model_times_out(chat):
    chat.answer = lambda request: None
    offline, offline_draft = suggest_next_workshop("Bättre kollektivtrafik", NOTES)
    suggestions, draft = suggest_next_workshop(
        "Bättre kollektivtrafik", NOTES, llm=chat.client(timeout_s=0.3)
    )
    assert suggestions == offline and draft == offline_draft


def test_the_client_comes_from_settings_only_when_url_and_model_are_set(settings):
    settings.LLM_BASE_URL = ""
    settings.LLM_MODEL = "m"
    assert llm_from_settings() is None
    settings.LLM_BASE_URL = "http://127.0.0.1:9/v1"
    settings.LLM_API_KEY = "nyckel"
    settings.LLM_TIMEOUT_S = 3.5
    assert llm_from_settings() == LlmClient(
        base_url="http://127.0.0.1:9/v1", model="m", api_key="nyckel", timeout_s=3.5
    )
