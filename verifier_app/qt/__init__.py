"""The Qt layer: shows and forwards, nothing else.

Every decision (what a code means, what a role may see, when a scan is a
repeat) is made outside it (scan, station, verify); widgets here only display
results and pass user actions on.  Rooms by screen: ``window``, ``camera``,
``verdict``, ``evidence``, ``settings``, ``holder``; at the root, starting the
window (``app``) and what every screen shares.
"""
