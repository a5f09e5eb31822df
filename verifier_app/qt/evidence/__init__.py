"""Evidence of past verdicts: receipts, the history of the audit log, PDF and paper."""
