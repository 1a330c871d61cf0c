"""The caller: `me`."""
