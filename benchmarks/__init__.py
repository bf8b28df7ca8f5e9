"""Benchmarks run by `make bench`. They print ratios measured within one run, never absolute pass/fail."""
