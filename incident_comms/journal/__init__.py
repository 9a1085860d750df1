"""The incident journal's pure core: entries, what changed, due times, export and import.

The file itself is behind ``incident_comms.store``; showing is ``journal.render``.
"""
