"""lfd: Learning From Data.

The thin, tested library behind the executable companion to Part VII of
Strang's *Linear Algebra and Learning from Data*. Each module follows one
section of the book; the explanations live in the chapters.
"""

__version__ = "0.1.0"
