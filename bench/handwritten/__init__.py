"""The hand-written JSON codecs the project replaced with msgspec, kept as the baseline of
bench/codecs.py."""
