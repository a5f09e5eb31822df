"""The camera in the window: its control, its preview, the capture and decoder threads, scans of files."""
