"""The words beside the charts, one module per page: explanations and captions built from results.

Kept apart from the computation (which returns numbers) and the pages (which only place
text next to charts), so a sentence can be read, and tested, against the number it states.

User-controlled text goes into Markdown only through lib/markdown.py.
"""
