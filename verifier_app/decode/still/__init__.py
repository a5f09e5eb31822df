"""One still picture read as well as the budget allows: regions, QR finder patterns, attempts, deblurring, costs."""
