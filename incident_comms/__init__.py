"""comms: a command-line decision assistant for incident communications."""

__version__ = "0.1.0"
# Where comms is published (also [project.urls] in pyproject.toml; a test keeps them equal).
PROJECT_URL = "https://github.com/incident-comms/incident-comms"
