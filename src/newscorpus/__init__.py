"""newscorpus: an annotated news corpus built raw -> clean -> attach/validate -> publish."""

__version__ = "0.1.0"
