"""Servers that the benchmarks compare with nornicdb, each started and stopped by a context manager."""
