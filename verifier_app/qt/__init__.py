"""The Qt layer: shows and forwards, nothing else.

Every decision (what a code means, what a role may see, when a scan is a
repeat) is made in ``verifier_app.core``; widgets here only display results
and pass user actions on.
"""
