"""The holder's side as the window shows it: the demo's phone and a pilot's presenter screen.

The one interface between the window and the issuer toolkit: it makes the codes (the demo authority,
or a pilot's own) and hands the window plain values to draw.  The window never imports the toolkit.
"""
