#!/usr/bin/env python
"""Django's command-line utility for the crosstrain web app."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosstrain.web.settings")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ModuleNotFoundError as error:
        # New code in an old virtualenv (`No module named 'csp'` after an upgrade): say what to install.
        from crosstrain.preflight import explain_missing_module

        explanation = explain_missing_module(error)
        if explanation is None:
            raise
        sys.exit(explanation)
