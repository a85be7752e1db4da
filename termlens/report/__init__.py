"""Renderers over finished results: they format, they never compute."""
