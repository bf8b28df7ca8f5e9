"""Put a Python process a test starts on the test's pinned clock (tests/clock.py `child_env`).

`child_env` puts this folder first on PYTHONPATH and the instant in CROSSTRAIN_CHILD_CLOCK; Python imports this
module at start-up, before any of the program's code, so the server, the worker or the demo reads the test's
today from its first line. time-machine moves only the wall clock: monotonic time, sleeps and timed waits stay
the kernel's own (a faked monotonic clock made timed waits hang under libfaketime), and the clock runs on from
the instant like a real one. A fork (gunicorn's workers, RQ's work horse) keeps the patched clock.
"""

from __future__ import annotations

import os
from datetime import datetime

_instant = os.environ.get("CROSSTRAIN_CHILD_CLOCK")
if _instant:
    import time_machine

    time_machine.travel(datetime.fromisoformat(_instant), tick=True).start()
