"""veteran-services: employment, training and entrepreneurship services for veterans.

A validated domain model, lossless interchange, employment-quality scoring and programme
metrics. The most used names are re-exported here; everything else lives in the module that
owns the concept (``veteran_services.stats``, ``veteran_services.io``, ...).
"""

from __future__ import annotations

from veteran_services._version import __version__

__all__ = ["__version__"]
