"""The client's screens, one module each."""
