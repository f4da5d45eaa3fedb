"""Constants of the Porsche Connect integration."""

from typing import Final

DOMAIN: Final = "porsche_connect"
