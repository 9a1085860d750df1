"""The drafts' one output layer: ``FORMATS = {name: Format}``; all escaping lives here.

Everything a draft holds is user text (details, answers, rule files), so each
format escapes it for where it goes:

- ``text``: subject and body ready to copy; control characters escaped
  (``safetext``), and a line that would start a CI workflow command (``::``)
  has its first character escaped (``console.guard_lines``);
- ``markdown``: headings and metadata escaped, the body in a fence longer than
  any run of backticks inside it;
- ``json``: one object per draft (channel, audience, timing, owner, subject, body,
  the rule and draft ids, ...), written by ``safetext.json_text`` (no terminal
  control or bidirectional character survives unescaped);
- ``slack``: Block Kit payloads, one per draft; mrkdwn escapes exactly ``& < >``
  (so no ``<!channel>`` or link can come from user text), control characters too.

A format gives the text for all drafts (stdout) and for one (``--output-dir``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from ..console import guard_lines
from ..frozen import Frozen
from ..paths import shown_path
from ..policy.model import Policy
from ..safetext import clean, clean_block, json_text
from .model import Drafts
from .render import Rendered

SLACK_TEXT_LIMIT = 3000  # characters in one section block's text
SLACK_HEADER_LIMIT = 150


class View(Frozen):
    """What a format shows: the rendered drafts and what they were made from."""

    policy: Policy
    drafts: Drafts
    rendered: tuple[Rendered, ...]
    answers: dict[str, Any]
    details: dict[str, str]
    policy_path: str = ""
    policy_sha256: str = ""
    version: str = ""


class Format(NamedTuple):
    every: Callable[[View], str]  # all drafts, for stdout
    one: Callable[[View, Rendered], str]  # one draft, for a file of --output-dir
    extension: str


# ---- shared ---------------------------------------------------------------------------
def heading(view: View, rendered: Rendered) -> str:
    """The planned message in the policy's words (as ``comms assess`` says it, timing included),
    or the decided item's text."""
    planned = rendered.planned
    if not planned.record:
        return planned.item_text or planned.target.key
    from ..plan import sentence

    spec = view.policy.fields[planned.target.field]
    return sentence(spec, {spec.key: planned.target.key, **planned.record}, grouped=False)


def _source(view: View, rendered: Rendered) -> str:
    draft, rule = rendered.planned.draft, rendered.planned.rule
    parts = [f"draft {draft.id} ({shown_path(draft.loc.path)}:{draft.loc.line})"]
    if rule is not None:
        parts.append(f"decided by rule {rule.id}")
    return " · ".join(parts)


def _cite(view: View, rendered: Rendered) -> tuple[str, str]:
    cite = rendered.planned.draft.cite
    if cite is None:
        return "", ""
    page = view.drafts.settings.pages.get(cite.page)
    title = page.title if page is not None else cite.page
    return f"{title} › {cite.section}", page.url if page is not None else ""


# ---- text -------------------------------------------------------------------------------
def safe_text(text: str) -> str:
    """Text that is safe in a terminal or CI log (a file of --output-dir too): controls
    escaped, and no line can start a GitHub workflow command (``console.guard_lines``)."""
    return guard_lines(clean_block(text))


def text_one(view: View, rendered: Rendered) -> str:
    cite, url = _cite(view, rendered)
    lines = [f"== {safe_text(heading(view, rendered))}", f"   {safe_text(_source(view, rendered))}"]
    if cite:
        lines.append(f"   handbook: {safe_text(cite)}" + (f" ({safe_text(url)})" if url else ""))
    if rendered.missing:
        lines.append(f"   to fill in: {', '.join(rendered.missing)}")
    lines.append("")
    if rendered.subject:
        lines += [f"Subject: {safe_text(rendered.subject)}", ""]
    return "\n".join(lines) + "\n" + safe_text(rendered.body)


def text_every(view: View) -> str:
    if not view.rendered:
        return "No messages are planned, so there is nothing to draft.\n"
    return "\n".join(text_one(view, r) for r in view.rendered)


# ---- markdown ------------------------------------------------------------------------------
def md_inline(text: str) -> str:
    """Markdown-safe inline text: controls escaped, markup characters and HTML neutralised."""
    escaped = re.sub(r"([\\`*_\[\]|~>])", r"\\\1", clean_block(text))  # lines start with our own words
    return escaped.replace("<", "&lt;").replace("\n", " ")


def _fence(body: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def markdown_one(view: View, rendered: Rendered) -> str:
    cite, url = _cite(view, rendered)
    lines = [f"## {md_inline(heading(view, rendered))}", "", md_inline(_source(view, rendered))]
    if cite:
        shown = md_inline(cite)
        lines[-1] += f" · handbook: [{shown}](<{url.replace('>', '%3E')}>)" if url.startswith("https://") else f" · handbook: {shown}"
    if rendered.missing:
        lines += ["", f"To fill in: {', '.join(rendered.missing)}"]
    if rendered.subject:
        lines += ["", f"**Subject:** {md_inline(rendered.subject)}"]
    body = safe_text(rendered.body)
    fence = _fence(body)
    lines += ["", fence + "text", body.rstrip("\n"), fence]
    return "\n".join(lines) + "\n"


def markdown_every(view: View) -> str:
    if not view.rendered:
        return "No messages are planned, so there is nothing to draft.\n"
    return "\n".join(markdown_one(view, r) for r in view.rendered)


# ---- json -------------------------------------------------------------------------------------
def draft_json(view: View, rendered: Rendered) -> dict[str, Any]:
    """One draft as JSON data (the contract documented in the README)."""
    planned, draft = rendered.planned, rendered.planned.draft
    record = planned.record
    cite, url = _cite(view, rendered)
    return {
        "draft": draft.id,
        "title": draft.title,
        "for": {"field": planned.target.field, "key": planned.target.key},
        "channel": record.get("channel", planned.target.key) if record else None,
        "audience": record.get("audience"),
        "timing": record.get("timing"),
        "owner": record.get("owner"),
        "item": None if record else {"id": planned.target.key, "text": planned.item_text},
        "rule": planned.rule.id if planned.rule is not None else None,
        "subject": rendered.subject,
        "body": rendered.body,
        "placeholders": list(rendered.missing),
        "cite": {"page": draft.cite.page, "section": draft.cite.section, "title": cite, "url": url} if draft.cite else None,
        "file": shown_path(draft.loc.path),
        "line": draft.loc.line,
    }


def _dump(data: Any) -> str:
    return json_text(data)


def json_every(view: View) -> str:
    missing = [name for name in view.drafts.settings.details if any(name in r.missing for r in view.rendered)]
    return _dump({
        "version": view.version,
        "policy": {"path": view.policy_path, "sha256": view.policy_sha256},
        "answers": view.answers,
        "details": view.details,
        "missing_details": missing,
        "drafts": [draft_json(view, r) for r in view.rendered],
    })


def json_one(view: View, rendered: Rendered) -> str:
    return _dump(draft_json(view, rendered))


# ---- slack ------------------------------------------------------------------------------------
def mrkdwn(text: str) -> str:
    """Slack mrkdwn-safe text: exactly ``& < >`` escaped (Slack's rule), controls escaped."""
    return clean_block(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at paragraph or line ends when possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit))
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text.strip() else pieces


def slack_payload(view: View, rendered: Rendered) -> dict[str, Any]:
    """One draft as a Block Kit message payload."""
    cite, url = _cite(view, rendered)
    header = clean(rendered.planned.draft.title or heading(view, rendered))[:SLACK_HEADER_LIMIT] or "Draft"
    context = [mrkdwn(heading(view, rendered)), mrkdwn(_source(view, rendered))]
    if cite:
        context.append(mrkdwn(f"handbook: {cite}" + (f" ({url})" if url else "")))
    if rendered.missing:
        context.append(mrkdwn(f"to fill in: {', '.join(rendered.missing)}"))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t[:SLACK_TEXT_LIMIT]} for t in context[:10]]},
    ]
    if rendered.subject:
        subject = f"*Subject:* {mrkdwn(rendered.subject)}"[:SLACK_TEXT_LIMIT]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": subject}})
    for piece in _chunks(mrkdwn(rendered.body.rstrip("\n")), SLACK_TEXT_LIMIT):
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": piece}})
    fallback = mrkdwn(rendered.subject or heading(view, rendered))[:SLACK_TEXT_LIMIT]
    return {"text": fallback, "blocks": blocks[:50]}


def slack_every(view: View) -> str:
    return _dump([slack_payload(view, r) for r in view.rendered])


def slack_one(view: View, rendered: Rendered) -> str:
    return _dump(slack_payload(view, rendered))


FORMATS: dict[str, Format] = {
    "text": Format(text_every, text_one, "txt"),
    "markdown": Format(markdown_every, markdown_one, "md"),
    "json": Format(json_every, json_one, "json"),
    "slack": Format(slack_every, slack_one, "json"),
}
