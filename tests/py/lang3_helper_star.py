__all__ = ["exported", "also"]
exported = 1
also = 2
not_exported = 3
