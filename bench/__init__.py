"""Benchmarks (not part of the test suite) and the workload they record."""
