"""crosstrain: strength and mobility programs for runners, from a movement screen and a running calendar."""

__version__ = "0.1.0"
