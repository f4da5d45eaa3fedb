"""Tests of the Porsche Connect integration, its client and the simulator."""
