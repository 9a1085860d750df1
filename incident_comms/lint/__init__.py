"""comms lint: checks for policy folders."""
