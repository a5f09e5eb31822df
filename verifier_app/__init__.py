"""Offline verifier for DL1 electronic driving licences.

``verifier_app.core`` is the Qt-free engine (format, trust, verification,
image decoding); ``verifier_app.issuer`` makes signed credentials and trust
bundles; ``verifier_app.cli`` is the command line.  Any window only calls
into these.
"""

__version__ = "0.1.0"
