"""Built-in detectors; importing this package registers them by name in ``scoring.registry.detectors``."""

from scoring.detectors import (  # noqa: F401
    empathy,
    ending,
    excuses,
    mirroring,
    ownership,
    phrases,
    satisfaction,
    timing,
)
