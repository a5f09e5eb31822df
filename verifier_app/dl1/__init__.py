"""The DL1 format: base45, strict CBOR, COSE_Sign1, the credential, trust bundles, certificates.

No numpy, OpenCV or Qt here (import-linter checks it)."""
