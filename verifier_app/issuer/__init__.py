"""The issuing side: authorities, trust bundles and signed DL1 codes.

Used for tests, demos and pilots.  A real authority keeps its keys in an
HSM; this toolkit keeps them as PEM files (mode 0600) in a folder.
"""
