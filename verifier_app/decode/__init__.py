"""From pictures to code texts: frame sources (cameras, files), the code readers and their pipeline.

Independent of the format and of verification."""
