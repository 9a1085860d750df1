"""The real questionary widgets, driven by keystrokes through a prompt_toolkit pipe input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from incident_comms.policy.load import default_rules_dir, load_policy
from incident_comms.policy.model import MULTIPLE, SINGLE, YES_NO, Choice, Question
from incident_comms.prompting import ask_question

DOWN, ENTER, SPACE, CTRL_C, CTRL_D = "\x1b[B", "\r", " ", "\x03", "\x04"


@pytest.fixture(scope="module")
def policy() -> Any:
    return load_policy(default_rules_dir())


class Screen:
    """What the widget wrote to a 100-column terminal."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.output = Vt100_Output(self.buffer, lambda: Size(rows=40, columns=100), term="xterm")

    @property
    def text(self) -> str:
        return self.buffer.getvalue()


def answer(question: Question, keys: str, screen: Screen | None = None, close: bool = False) -> Any:
    """Ask `question` in a real widget, typing `keys`.

    A Ctrl-C follows the keys, so a widget that ignores them fails the test
    with KeyboardInterrupt instead of waiting forever.
    """
    screen = screen or Screen()
    with create_pipe_input() as pipe:
        pipe.send_text(keys if close else keys + CTRL_C)
        if close:
            pipe.close()
        return ask_question(question, input=pipe, output=screen.output)


def yes_no(default: Any = None) -> Question:
    return Question(id="q", prompt="Is it so?", kind=YES_NO, choices=(), default=default)


def single() -> Question:
    return Question(id="q", prompt="Which?", kind=SINGLE, choices=(Choice("a", "A"), Choice("b", "B")))


def several() -> Question:
    return Question(id="q", prompt="Which ones?", kind=MULTIPLE, choices=(Choice("a", "A"), Choice("b", "B")))


def test_enter_keeps_the_default_choice(policy: Any) -> None:
    assert answer(policy.question("kind"), ENTER) == "incident"


def test_arrow_down_then_enter_picks_the_next_choice(policy: Any) -> None:
    assert answer(policy.question("kind"), DOWN + ENTER) == "planned_maintenance"


def test_space_ticks_several_products_in_choice_order(policy: Any) -> None:
    assert answer(policy.question("products"), DOWN + SPACE + DOWN + DOWN + SPACE + ENTER) == [
        "experiments",
        "product_analytics",
    ]


def test_enter_without_ticking_means_no_product(policy: Any) -> None:
    assert answer(policy.question("products"), ENTER) == []


def test_feature_flags_is_the_first_product_offered(policy: Any) -> None:
    assert answer(policy.question("products"), SPACE + ENTER) == ["feature_flags"]


@pytest.mark.parametrize(("keys", "expected"), [("y", True), ("n", False), ("Y", True)])
def test_yes_no_takes_y_or_n(keys: str, expected: bool) -> None:
    assert answer(yes_no(), keys) is expected


def test_enter_alone_does_not_answer_a_yes_no_without_default() -> None:
    assert answer(yes_no(), ENTER + "y") is True
    assert answer(yes_no(), ENTER + "n") is False


@pytest.mark.parametrize("default", [True, False])
def test_enter_accepts_a_yes_no_default(default: bool) -> None:
    assert answer(yes_no(default), ENTER) is default


@pytest.mark.parametrize("make", [yes_no, single, several])
def test_ctrl_c_raises_keyboard_interrupt(make: Any) -> None:
    with pytest.raises(KeyboardInterrupt):
        answer(make(), CTRL_C)


@pytest.mark.parametrize("make", [yes_no, single, several])
def test_ctrl_d_raises_eof(make: Any) -> None:
    with pytest.raises(EOFError):
        answer(make(), CTRL_D)


@pytest.mark.parametrize("make", [yes_no, single, several])
def test_closed_input_raises_eof(make: Any) -> None:
    with pytest.raises(EOFError):
        answer(make(), "", close=True)


def test_the_screen_shows_prompt_help_and_keyboard_hint(policy: Any) -> None:
    screen = Screen()
    answer(policy.question("kind"), ENTER, screen)
    assert "Is this an incident, or planned maintenance?" in screen.text
    assert "notice goes out before the window" in screen.text  # from the help text
    assert "enter chooses" in screen.text
    assert "ctrl-c quits" in screen.text


def test_the_yes_no_hint_shows_the_default() -> None:
    screen = Screen()
    answer(yes_no(True), ENTER, screen)
    assert "(Y/n" in screen.text


def test_rule_text_cannot_inject_terminal_escapes() -> None:
    hostile = Question(
        id="q",
        prompt="Title \x1b]0;pwned\x07 now?",
        kind=SINGLE,
        help="Clear \x1b[2J screen",
        choices=(Choice("a", "Red \x1b[31m label"), Choice("b", "B \x9b1m")),
    )
    screen = Screen()
    assert answer(hostile, DOWN + ENTER, screen) == "b"
    assert "\x1b]0;pwned" not in screen.text
    assert "\x1b[2J" not in screen.text
    assert "\x1b[31m label" not in screen.text
    assert "\x9b" not in screen.text
    assert "Title \\x1b]0;pwned\\x07 now?" in screen.text
    assert "Red \\x1b[31m label" in screen.text


def test_rich_markup_in_rule_text_is_shown_literally() -> None:
    screen = Screen()
    question = Question(id="q", prompt="[bold red]x[/] really?", kind=YES_NO, choices=(), default=True)
    answer(question, ENTER, screen)
    assert "[bold red]x[/] really?" in screen.text


UP = "\x1b[A"


def test_a_bare_enter_does_not_answer_a_choice_without_default(policy: Any) -> None:
    severity = policy.question("severity")
    assert severity.default is None
    assert answer(severity, ENTER + DOWN + ENTER) == "major"  # the first Enter answered nothing


def test_the_first_choice_is_chosen_by_moving_away_and_back(policy: Any) -> None:
    assert answer(policy.question("severity"), ENTER + DOWN + UP + ENTER) == "minor"


def test_a_bare_enter_alone_leaves_the_question_open(policy: Any) -> None:
    with pytest.raises(KeyboardInterrupt):  # the Ctrl-C after the keys: nothing was chosen
        answer(policy.question("severity"), ENTER + ENTER)


def test_a_choice_without_default_says_so_in_its_hint(policy: Any) -> None:
    screen = Screen()
    answer(policy.question("severity"), DOWN + ENTER, screen)
    assert "no default" in screen.text


def test_a_choice_with_a_default_still_takes_a_bare_enter(policy: Any) -> None:
    assert answer(policy.question("kind"), ENTER) == "incident"


def test_every_widget_shares_one_set_of_default_key_bindings() -> None:
    # Building them is most of what a question costs before it shows (prompting._questionary);
    # the answers below show that a shared set still drives each kind of widget.
    from incident_comms.prompting import build_widget, describe

    with create_pipe_input() as pipe:
        widgets = [build_widget(describe(q), input=pipe, output=Screen().output) for q in (single(), several(), yes_no())]
    defaults = {id(w.application._default_bindings) for w in widgets}
    assert len(defaults) == 1
    assert answer(single(), DOWN + ENTER) == "b"
    assert answer(several(), SPACE + DOWN + SPACE + ENTER) == ["a", "b"]
    assert answer(yes_no(), "y") is True
