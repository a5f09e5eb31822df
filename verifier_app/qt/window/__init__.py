"""The windows: the verifier's main window, its inputs (files, videos, pictures, a keyboard scanner), the station side, where it opens, its sounds."""
