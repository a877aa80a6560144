"""Publishing: offline Folium maps, static images, charts, summary pages, the index, and build fingerprints."""
