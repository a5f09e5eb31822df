from .cli.verifier import entry_point

entry_point()
