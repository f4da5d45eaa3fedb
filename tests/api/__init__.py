"""Tests of the Porsche Connect client (custom_components/porsche_connect/api)."""
