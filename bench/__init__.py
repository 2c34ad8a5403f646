"""Benchmarks (`make bench`). Speed and memory are measured here, never in timed tests."""
