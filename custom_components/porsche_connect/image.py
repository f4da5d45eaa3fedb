"""Pictures of the car as Porsche renders it (front view on, other views off by default)."""

from __future__ import annotations

from homeassistant.components.image import ImageEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from . import api
from .api import Picture, PorscheError
from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .entity import PorscheEntity, PorscheEntityDescription, async_add_vehicle_entities
from .errors import request_failed

PARALLEL_UPDATES = 1

# Porsche's views; only the front view is shown by default.
VIEWS: dict[str, PorscheEntityDescription] = {
    "frontView": PorscheEntityDescription(
        key="front_view", translation_key="front_view"
    ),
    "sideView": PorscheEntityDescription(
        key="side_view",
        translation_key="side_view",
        entity_registry_enabled_default=False,
    ),
    "rearView": PorscheEntityDescription(
        key="rear_view",
        translation_key="rear_view",
        entity_registry_enabled_default=False,
    ),
    "rearTopView": PorscheEntityDescription(
        key="rear_top_view",
        translation_key="rear_top_view",
        entity_registry_enabled_default=False,
    ),
    "topView": PorscheEntityDescription(
        key="top_view",
        translation_key="top_view",
        entity_registry_enabled_default=False,
    ),
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One image per view Porsche has for each car."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheImage]:
        return [
            PorscheImage(hass, coordinator, picture)
            for picture in coordinator.pictures
            if picture.view in VIEWS
        ]

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheImage(PorscheEntity, ImageEntity):
    """One rendered view of the car."""

    _attr_content_type = "image/png"

    def __init__(
        self, hass: HomeAssistant, coordinator: VehicleCoordinator, picture: Picture
    ) -> None:
        """Set up the view; the bytes are fetched when first shown."""
        PorscheEntity.__init__(self, coordinator, VIEWS[picture.view])
        ImageEntity.__init__(self, hass)
        self._url = picture.url
        self._image: bytes | None = None
        self._attr_image_last_updated = dt_util.utcnow()

    async def async_image(self) -> bytes | None:
        """The picture, fetched once and kept."""
        if self._image is None:
            try:
                self._image = await self.coordinator.session.async_run(
                    lambda data: api.picture_bytes(data, self._url)
                )
            except PorscheError as err:
                raise request_failed(err) from err
        return self._image
