"""Verbonden in de buurt keeps the contract every Kring methodology keeps."""

from kring.testing.contract import MethodologyContract


class TestContract(MethodologyContract):
    key = "verbonden_nl"
