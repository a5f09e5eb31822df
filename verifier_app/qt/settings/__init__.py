"""Settings: the dialog, the administrator's passphrase gate, the settings kept between runs."""
