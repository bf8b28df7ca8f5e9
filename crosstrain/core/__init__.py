"""The domain core: pure Python, no Django, no network, no database.

Frozen dataclasses in, frozen dataclasses out; every rule lives in one module and cites its source.
"""
