"""What a station trusts: pinned roots, trust bundles and their import rules, the trust journal and
floor (trust-state.json), and the authorities' status lists."""
