"""The fleet operator's side: the TUF repository stations sync from, and the PostgreSQL database
their audit rows are collected in (``verifier-central``)."""
