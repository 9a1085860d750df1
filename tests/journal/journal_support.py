"""A small policy of our own (not PostHog's), a fixed clock and a CLI runner for the journal tests."""

from __future__ import annotations

from datetime import datetime, timezone

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
INCIDENT = "inc-2026-12-01-flags"

# Two questions; the headline, messages (one on a cadence) and actions follow them.
POLICY = """
questions:
  - id: severity
    prompt: How bad is it?
    kind: single
    choices: [{value: minor, label: Minor}, {value: major, label: Major}]
  - id: resolved
    prompt: Is it resolved?
    kind: yes_no
  - id: published
    ask_when: {resolved: true}
    prompt: Is the write-up published?
    kind: yes_no
fields:
  headline:
    type: enum
    headline: true
    required: true
    description: Headline
    values: [{value: go, label: GO NOW}, {value: wait, label: WAIT}]
  cadence:
    type: enum
    required: true
    description: Update cadence
    values: [{value: fast, label: every 30 min}, {value: slow, label: every 2 h}, {value: quiet, label: no updates}]
  messages:
    type: records
    key: channel
    description: Messages
    values: [page, mail, accounts]
    attributes:
      timing: [{value: now, label: now}, {value: later, label: after the write-up}]
  actions:
    type: set
    description: Actions
    values:
      - {value: brief, label: Brief the team.}
      - {value: write_up, label: Write it up.}
rules:
  - id: page-now
    then: {messages: {page: {timing: now}}}
    because: Always the page.
  - id: mail-published
    when: {published: true}
    then: {messages: {mail: {timing: now}}, headline: go}
    because: Mail once published.
  - id: mail-later
    when: {severity: major}
    then: {messages: {mail: {timing: later}}, headline: wait}
    because: Mail waits for the write-up.
  - id: quiet
    then: {headline: wait}
    because: Otherwise wait.
  - id: accounts-major-open
    when: {severity: major, resolved: false}
    then: {messages: {accounts: {timing: now}}, cadence: fast}
    because: Accounts hear while it is open.
  - id: cadence-minor-open
    when: {resolved: false}
    then: {cadence: slow}
    because: Slow updates for minor.
  - id: cadence-quiet
    then: {cadence: quiet}
    because: No updates once resolved.
  - id: brief
    then: {actions: [brief]}
    because: Always brief.
  - id: write-up
    when: {resolved: true, published: false}
    then: {actions: [write_up]}
    because: Write it up.
checklist:
  - settings:
      status_check_every_hours: 6
      status_checks_stop_when: {resolved: true}
      update_cadence: {field: cadence, channel: accounts, minutes: {fast: 30, slow: 120}}
      messages: {field: messages, timing: timing, now: now, status_page: page}
      pages: {h: {title: Handbook}}
  - id: s
    title: Do
    cite: {page: h, section: S}
    items:
      - {id: a, text: Do it.}
"""
