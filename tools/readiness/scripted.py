"""Drive the interview engine with scripted answers (CLI, evaluation, seeding the comparison table)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.readiness.bank import Bank, load_bank
from tools.readiness.engine import InterviewState, advance, expected_topic, start
from tools.readiness.scoring import ReadinessResult, score_state


class ScriptRun(BaseModel):
    """A finished scripted interview and the transcript of what was asked and answered."""

    state: InterviewState
    result: ReadinessResult
    transcript: list[tuple[str, str]] = Field(default_factory=list, description="(event, answer) per turn")
    completed: bool


def run_script(answers: dict[str, list[str]], bank: Bank | None = None) -> ScriptRun:
    """Answer each question from the list of its topic ('profile' or dimension id), the last one repeated."""
    bank = bank or load_bank()
    turn = start(bank)
    used: dict[str, int] = {}
    transcript: list[tuple[str, str]] = []
    cap = 4 * (len(bank.item_ids()) + len(bank.profile) + len(bank.dimensions))
    while turn.state.phase == "running" and len(transcript) < cap:
        topic = expected_topic(turn.state)
        options = answers.get(topic) or ["überspringen"]
        i = used.get(topic, 0)
        used[topic] = i + 1
        text = options[min(i, len(options) - 1)]
        turn = advance(turn.state, text, bank)
        transcript.append((turn.event, text))
    return ScriptRun(
        state=turn.state,
        result=score_state(turn.state, bank),
        transcript=transcript,
        completed=turn.state.phase == "done",
    )


def summary(run: ScriptRun) -> dict[str, object]:
    """The CLI's JSON: scores, overall, level, turns, answered, skipped."""
    r = run.result
    return {
        "scores": r.scores,
        "overall": r.overall,
        "level": r.level,
        "turns": r.turns,
        "answered": r.answered,
        "skipped": r.skipped,
    }
