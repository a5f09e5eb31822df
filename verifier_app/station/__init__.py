"""The station: its data folder and trust store, configuration, admin lock, audit log, receipts, roles."""
