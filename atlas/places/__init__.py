"""Places: name rules, coordinates, boundaries, the gazetteer, geocoding, the register and point-in-polygon joins."""
