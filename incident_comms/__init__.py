"""comms: a command-line decision assistant for incident communications."""

__version__ = "0.1.0"
