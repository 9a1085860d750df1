"""The Comms Lead's checklist: read from the policy, tailored, timed and rendered.

- :mod:`.model`: the checklist as typed data;
- :mod:`.read`: reading the ``checklist:`` section, collecting Problems (check id ``checklist``);
- :mod:`.tailor`: the full list, or only what applies to one incident;
- :mod:`.timing`: times on the command line and the next status-page check;
- :mod:`.render`: text without rich, markdown and JSON; :mod:`.rich_text`: text for a terminal.

Nothing here imports rich at module level, so that plain output starts fast.
"""
