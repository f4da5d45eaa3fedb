"""A Porsche Connect client: aiohttp and the standard library only, no Home Assistant."""
