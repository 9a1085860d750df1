"""The one prompting seam: the only module that imports questionary.

A question (policy data) becomes a :class:`PromptSpec` (plain data: cleaned text,
keyboard hint, choices, default), and the spec becomes one questionary widget.
Every string shown comes from a rule file, so it goes through ``safetext.clean``
and is given to prompt_toolkit as plain text: no terminal escapes, no markup.

Ctrl-C raises ``KeyboardInterrupt`` and Ctrl-D (or a closed input) raises
``EOFError`` at every widget; the CLI edge turns both into exit 130.
"""

from __future__ import annotations

import functools
import shutil
import textwrap
from typing import Any

from .frozen import Frozen
from .policy.model import MULTIPLE, YES_NO, Question
from .safetext import clean

SINGLE_HINT = "(↑/↓ move, enter chooses, ctrl-c quits)"
NO_DEFAULT_HINT = "(no default: ↑/↓ to your answer, then enter; ctrl-c quits)"
MULTIPLE_HINT = "(↑/↓ move, space ticks, enter confirms, ctrl-c quits)"
STYLE = [("help", "italic"), ("instruction", "fg:ansibrightblack")]


class ChoiceSpec(Frozen):
    """One choice as shown: a cleaned label, its answer value, cleaned help."""

    label: str
    value: Any
    description: str = ""
    checked: bool = False


class PromptSpec(Frozen):
    """Everything a widget shows for one question, already made safe to print."""

    kind: str
    message: str
    help: str
    hint: str
    choices: tuple[ChoiceSpec, ...]
    default: Any

    @property
    def enter_needs_a_move(self) -> bool:
        """A one-choice question without a default: a bare Enter must not pick the first choice."""
        return self.kind not in (YES_NO, MULTIPLE) and self.default is None


def describe(question: Question) -> PromptSpec:
    """What to show for `question`: text cleaned, hint and default worked out."""
    default = question.default
    if question.kind == YES_NO:
        default = default if isinstance(default, bool) else None
        hint = {True: "(Y/n, ctrl-c quits)", False: "(y/N, ctrl-c quits)", None: "(y/n, ctrl-c quits)"}[default]
        return PromptSpec(YES_NO, clean(question.prompt), clean(question.help), hint, (), default)
    chosen = default if isinstance(default, (list, tuple)) else ()
    choices = tuple(
        ChoiceSpec(clean(c.label), c.value, clean(c.help), question.kind == MULTIPLE and c.value in chosen)
        for c in question.choices
    )
    if question.kind == MULTIPLE:
        return PromptSpec(MULTIPLE, clean(question.prompt), clean(question.help), MULTIPLE_HINT, choices, None)
    default = default if default in question.values else None
    hint = SINGLE_HINT if default is not None else NO_DEFAULT_HINT
    return PromptSpec(question.kind, clean(question.prompt), clean(question.help), hint, choices, default)


def ask_question(question: Question, **io: Any) -> Any:
    """Ask one question and return its answer value.

    `io` may hold prompt_toolkit ``input`` and ``output`` (tests pass a pipe input).
    Ctrl-C raises KeyboardInterrupt; Ctrl-D or a closed input raises EOFError.
    """
    spec = describe(question)
    show_help(spec, io.get("output"))
    answer = build_widget(spec, **io).unsafe_ask()
    if answer is None:  # questionary's way of saying "aborted"
        raise KeyboardInterrupt
    return answer


def show_help(spec: PromptSpec, output: Any = None) -> None:
    """Print the question's help text, wrapped and indented, above its widget."""
    if not spec.help:
        return
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.styles import Style

    width = max(40, min(100, shutil.get_terminal_size().columns) - 4)
    text = textwrap.fill(spec.help, width=width, initial_indent="  ", subsequent_indent="  ")
    print_formatted_text(FormattedText([("class:help", text)]), style=Style(STYLE), output=output)


def build_widget(spec: PromptSpec, **io: Any) -> Any:
    """The questionary widget for `spec` (select, checkbox or confirm)."""
    questionary = _questionary()
    style = questionary.Style(STYLE)
    if spec.kind == YES_NO:
        widget = questionary.confirm(
            spec.message, default=bool(spec.default), instruction=spec.hint + " ", style=style, **io
        )
        if spec.default is None:
            _require_y_or_n(widget)
        return _with_eof_key(widget)
    choices = [
        questionary.Choice(c.label, value=c.value, description=c.description or None, checked=c.checked)
        for c in spec.choices
    ]
    if spec.kind == MULTIPLE:
        widget = questionary.checkbox(spec.message, choices=choices, instruction=spec.hint, style=style, **io)
    else:
        widget = questionary.select(
            spec.message, choices=choices, default=_default_choice(choices, spec.default),
            instruction=spec.hint, style=style, **io,
        )
        if spec.enter_needs_a_move:
            _require_a_move(widget)
    return _with_eof_key(widget)


def _questionary() -> Any:
    """The questionary module, with prompt_toolkit's default key bindings built once a process.

    Every prompt_toolkit Application builds its own set of the ~1,800 default bindings
    (7-10 ms), and questionary makes three Applications for each question: two
    PromptSessions whose layouts it borrows, and the widget's own. That was about 24 ms
    of the 30 ms a question took to build, each time before it could be shown. The
    bindings keep no state of their own (their filters and handlers look at the
    application of the key press), so one set serves every application. A
    prompt_toolkit that builds them elsewhere is left as it is: only slower.
    """
    import questionary
    from prompt_toolkit.application import application

    load = getattr(application, "load_key_bindings", None)
    if callable(load) and not hasattr(load, "cache_info"):
        application.load_key_bindings = functools.lru_cache(maxsize=1)(load)
    return questionary


def _default_choice(choices: list[Any], value: Any) -> Any:
    for choice in choices:
        if choice.value == value and value is not None:
            return choice
    return None


def _add_bindings(widget: Any, bindings: Any) -> None:
    """Give `bindings` priority over the widget's own (the last match wins)."""
    from prompt_toolkit.key_binding import merge_key_bindings

    app = widget.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])


def _with_eof_key(widget: Any) -> Any:
    """Make Ctrl-D end the prompt with EOFError (select and checkbox ignore it)."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)
    def _end_of_input(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    _add_bindings(widget, bindings)
    return widget


def _require_a_move(widget: Any) -> None:
    """Without a default, Enter chooses only once the pointer has moved (down and back up
    counts): a bare Enter on the first choice rings the bell instead of answering."""
    from prompt_toolkit.key_binding import KeyBindings
    from questionary.prompts.common import InquirerControl

    app = widget.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    start, moved = control.pointed_at, [False]

    def note_move(_: Any) -> None:
        moved[0] = moved[0] or control.pointed_at != start

    app.key_processor.after_key_press += note_move
    bindings = KeyBindings()

    @bindings.add("enter", eager=True)
    def _choose_after_a_move(event: Any) -> None:
        if not moved[0]:
            event.app.output.bell()
            return
        control.is_answered = True
        event.app.exit(result=control.get_pointed_at().value)

    _add_bindings(widget, bindings)


def _require_y_or_n(widget: Any) -> None:
    """Without a default, Enter alone answers nothing: a yes-no needs y or n."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("enter", eager=True)
    def _ignore_bare_enter(event: Any) -> None:
        event.app.output.bell()

    _add_bindings(widget, bindings)


def ask_text(label: str, help_text: str = "", **io: Any) -> str:
    """Ask for one line of free text (an incident detail); an empty answer is allowed.

    `io` may hold prompt_toolkit ``input`` and ``output``; Ctrl-C raises
    KeyboardInterrupt and Ctrl-D (or a closed input) EOFError, as for questions.
    """
    questionary = _questionary()
    spec = PromptSpec("text", clean(label), clean(help_text), "(enter leaves it blank, ctrl-c quits)", (), None)
    show_help(spec, io.get("output"))
    widget = questionary.text(spec.message, instruction=spec.hint, style=questionary.Style(STYLE), **io)
    answer = _with_eof_key(widget).unsafe_ask()
    if answer is None:
        raise KeyboardInterrupt
    return str(answer)
