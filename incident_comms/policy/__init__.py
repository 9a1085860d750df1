"""The policy: reading rule folders into typed data (kept light to import)."""

RULES_ENV = "COMMS_RULES"  # the environment variable naming the policy folder
