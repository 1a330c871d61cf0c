"""Rights over personal data and the audit log, for stewards only."""
