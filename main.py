"""Start the verifier window: ``python main.py [--demo] [--data-dir DIR]``.

``--demo`` needs no webcam: a simulated phone shows live codes from a local
demo authority.  The command lines are ``verifier`` and ``verifier-issuer``.
"""

from verifier_app.qt.app import entry_point

if __name__ == "__main__":
    entry_point()
