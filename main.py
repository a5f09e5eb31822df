"""Start the verifier: ``python main.py [verifier arguments]``.

Until the desktop window lands this runs the station's command line, so
``python main.py demo`` issues and verifies a sample code.
"""

from verifier_app.cli.verifier import entry_point

if __name__ == "__main__":
    entry_point()
