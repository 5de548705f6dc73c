"""What the tests and the benchmarks share to run the platform for real: throwaway servers.

Not application code: nothing under larlabb/ or config/ imports it (tests/test_harness.py
holds that), so a deployment that runs the site never loads it.
"""
