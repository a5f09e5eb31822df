"""Input that arrives live: camera frames (newest first, paced while a code is held), codes in view, a keyboard-wedge scanner."""
