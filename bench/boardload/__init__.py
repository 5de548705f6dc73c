"""The parts of bench/board_load.py that run in their own processes: the population of a
session, the simulated clients and the bare broadcast server it is compared with."""
