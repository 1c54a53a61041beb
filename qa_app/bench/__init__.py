"""Benchmarks that print figures (`qa-app bench …`), each in a scratch installation of its own."""
