"""The parts of `bench/run`: targets, the load generator, one module per section, and the record."""
