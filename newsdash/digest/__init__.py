"""The morning digest and rising alerts."""
