"""Prompts fit the endpoint's context window: material trimmed to a budget, output capped, and a
context-length error final for its request, with the setting to change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coach.config import Settings, load_settings
from coach.llm.budget import estimate_tokens, excerpt, fit, output_cap, prompt_budget
from coach.llm.openai_chat import OpenAIChatBackend
from coach.llm.structured import EndpointError, ModeMemory, context_exceeded, window_in
from coach.llm.window import window_of
from coach.prompts import PromptTemplate
from tests.llm.openai_server import Failure, FakeOpenAI, answer
from tests.llm.test_negotiation import GOOD, Ideas

Server = Callable[..., FakeOpenAI]

PROMPT = PromptTemplate(name="practices", version=1, description="test",
                        system="You suggest practices from these sources:\n{context}",
                        user="Key result: {key_result}", variables=("context", "key_result"))


def sources(count: int, words: int = 120) -> str:
    """`count` retrieved-source blocks in the skills' shape, most relevant first."""
    return "\n\n".join(f"[src{n}] (card) Practice {n}: " + " ".join(f"word{n}x{i}" for i in range(words))
                       for n in range(count))


LONG = {"context": sources(40), "key_result": "Raise week-1 activation from 20 to 35"}
LLAMA_400 = ("This model's maximum context length is 2048 tokens. However, you requested 9000 tokens "
             "(9000 in the messages, None in the completion). Please reduce the length of the messages "
             "or completion.")


def backend(fake: FakeOpenAI, memory: ModeMemory, **settings: object) -> OpenAIChatBackend:
    config = Settings(llm="openai:test-model", openai_base_url=fake.base_url, llm_timeout=10,
                      **settings)  # type: ignore[arg-type]
    return OpenAIChatBackend("test-model", config, memory=memory)


def sent_tokens(fake: FakeOpenAI, index: int = -1) -> int:
    return estimate_tokens(fake.prompt_text(index))


def test_material_that_fits_is_left_alone() -> None:
    values = {"context": sources(3, words=10), "key_result": "x"}
    fitted = fit(values, overhead_tokens=100, budget_tokens=2000)
    assert fitted.values == values and not fitted.trimmed and fitted.sources_kept == 3


def test_excerpts_shrink_before_sources_are_left_out_and_the_most_relevant_stay() -> None:
    fitted = fit(LONG, overhead_tokens=200, budget_tokens=1400)
    kept = fitted.values["context"].split("\n\n")
    assert fitted.trimmed and 6 <= fitted.sources_kept < 40 == fitted.sources_given
    assert [block.split("]")[0] for block in kept] == [f"[src{n}" for n in range(len(kept))]
    assert all(block.endswith("…") for block in kept)
    assert estimate_tokens(fitted.values["context"]) <= 1200
    assert fitted.values["key_result"] == LONG["key_result"]  # only the material is trimmed


def test_an_excerpt_is_cut_at_a_word_so_no_number_is_cut_short() -> None:
    cut = excerpt("[a] Ward: discharge before 11:00 on 1234567 days", 40)
    assert cut == "[a] Ward: discharge before 11:00 on…"


def test_output_is_capped_from_the_window_unless_the_setting_says() -> None:
    assert output_cap(None, None) is None  # unknown window: the server's own cap
    assert output_cap(4096, None) == 1024 and output_cap(2048, None) == 512
    assert output_cap(4096, 300) == 300
    assert 0 < prompt_budget(4096, 1024) < 4096 - 1024


@pytest.mark.parametrize(("listing", "window"), [
    ({"data": [{"id": "test-model", "max_model_len": 8192}]}, 8192),  # vLLM
    ({"data": [{"id": "other", "context_length": 32768}, {"id": "test-model", "context_length": 4096}]}, 4096),
    ({"data": [{"id": "model.gguf", "meta": {"n_ctx": 2048}}]}, 2048),  # one model, another name
    ({"data": [{"id": "test-model", "object": "model", "owned_by": "me"}]}, None),  # llama-cpp-python
    ({"data": [{"id": "a", "max_model_len": 1}, {"id": "b", "max_model_len": 2}]}, None),
    ("not json", None),
])
def test_the_window_is_read_from_the_model_listing(listing: object, window: int | None) -> None:
    assert window_of(listing, "test-model") == window


@pytest.mark.parametrize(("message", "window"), [
    (LLAMA_400, 2048),
    ("Requested tokens (3000) exceed context window of 2048", 2048),
    ("the request exceeds the available context size, try increasing it", None),
])
def test_context_length_errors_are_recognised(message: str, window: int | None) -> None:
    assert context_exceeded(400, message) and window_in(message) == window
    assert not context_exceeded(500, "Input should be 'text' or 'json_object'")


def test_a_window_the_server_lists_trims_the_prompt_and_caps_the_answer(server: Server) -> None:
    fake = server([answer(GOOD)])
    fake.models = {"object": "list", "data": [{"id": "test-model", "max_model_len": 2048}]}
    backend(fake, ModeMemory()).generate(PROMPT, LONG, Ideas)
    assert sent_tokens(fake) <= prompt_budget(2048, 512) and fake.requests[0]["max_tokens"] == 512
    assert "[src0]" in fake.prompt_text() and "[src39]" not in fake.prompt_text()


def test_the_setting_wins_over_the_server(server: Server) -> None:
    fake = server([answer(GOOD)])
    fake.models = {"data": [{"id": "test-model", "max_model_len": 100000}]}
    backend(fake, ModeMemory(), llm_context=1024, llm_max_tokens=128).generate(PROMPT, LONG, Ideas)
    assert sent_tokens(fake) <= prompt_budget(1024, 128) and fake.requests[0]["max_tokens"] == 128


def test_an_unknown_window_sends_everything(server: Server) -> None:
    fake = server([answer(GOOD)])
    backend(fake, ModeMemory()).generate(PROMPT, LONG, Ideas)
    assert "[src39]" in fake.prompt_text() and "max_tokens" not in fake.requests[0]


def test_a_context_length_error_is_final_names_the_setting_and_is_learnt(server: Server) -> None:
    memory = ModeMemory()
    fake = server([Failure(400, LLAMA_400), answer(GOOD)], dialect="llama-cpp-python")
    with pytest.raises(EndpointError) as caught:
        backend(fake, memory).generate(PROMPT, LONG, Ideas)
    # json_schema was rejected as a mode; the 400 ended the request: no json_object, no tools.
    assert fake.modes == ["json_schema", "json_object_schema"]
    error = caught.value
    assert (error.problem, error.setting) == ("context", "COACH_LLM_CONTEXT")
    assert "maximum context length is 2048 tokens" in str(error) and "set COACH_LLM_CONTEXT=2048" in str(error)
    # The next request on that endpoint fits the window the server named.
    backend(fake, memory).generate(PROMPT, LONG, Ideas)
    assert fake.modes[-1] == "json_object_schema" and sent_tokens(fake) <= prompt_budget(2048, 512)


def test_a_context_setting_larger_than_the_server_is_called_out(server: Server) -> None:
    fake = server([Failure(400, LLAMA_400)])
    with pytest.raises(EndpointError, match=r"COACH_LLM_CONTEXT=100000 is larger than the server's window; "
                                            r"set it to 2048"):
        backend(fake, ModeMemory(), llm_context=100000).generate(PROMPT, LONG, Ideas)
    assert len(fake.requests) == 1


def test_the_context_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LLM_CONTEXT", "8192")
    assert load_settings().llm_context == 8192
