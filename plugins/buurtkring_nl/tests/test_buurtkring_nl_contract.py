"""Buurtkring keeps the contract every methodology plugin keeps."""

from kring.testing.contract import MethodologyContract


class TestContract(MethodologyContract):
    key = "buurtkring_nl"
