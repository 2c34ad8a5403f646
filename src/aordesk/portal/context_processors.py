"""What every page's base template needs to know."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest

# Copied from node_modules by `make install`; git-ignored.
USWDS_STYLESHEET = "uswds/css/uswds.min.css"


@cache
def uswds_installed() -> bool:
    return finders.find(USWDS_STYLESHEET) is not None


def uswds(request: HttpRequest) -> dict[str, bool]:
    """Pages link the U.S. Web Design System when installed, else a small stand-in."""
    return {"uswds_installed": uswds_installed()}
