"""The evidence a station keeps: the hash-chained audit log (one row each, its chain, its anchor, its
search key, its schema, its failures and exports) and the receipts printed from it."""
