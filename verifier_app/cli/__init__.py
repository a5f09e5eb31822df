"""Command lines: ``verifier`` (stations) and ``verifier-issuer`` (authorities)."""
