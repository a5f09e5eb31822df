"""Code 128 barcodes held at an angle: the bars' geometry, rectified views, reading the profile ourselves."""
