"""The demo's holder: the licence page as the phone app shows it, and a camera that films it."""
