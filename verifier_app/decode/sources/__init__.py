"""Where frames come from: a camera, a video, a picture file (its size read from its header first)."""
