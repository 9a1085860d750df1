"""``comms diff``: where two policies decide differently, proved over every incident.

``joint`` builds one policy out of two, ``compare`` finds the changes with the
verifier, ``parts`` counts and describes them, ``interface`` lists changed questions
and fields, ``source`` reads a side from a folder or from git, ``formats`` prints.
"""
