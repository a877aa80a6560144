"""Shared arcs of the map pages give back exactly the plainly quantised rings."""

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from atlas.publishing.maps.arcs import quantise_geometries, shared_arcs
from atlas.publishing.maps.layers import SCALE, encode_frame, topology_payload
from atlas.publishing.maps.numbers import decode_numbers


def decode_payload(payload: dict) -> list[list[list[list[np.ndarray]]]]:
    """The page's decoder (static/decode.js) in Python: layers → features → polygons → closed rings."""
    counts = decode_numbers(payload["n"])
    steps = iter(decode_numbers(payload["p"]))
    arcs, x, y = [], 0, 0
    for count in counts:
        arc = [arcs[-1][-1]] if count & 1 else []
        while len(arc) < count >> 1:
            x, y = x + next(steps), y + next(steps)
            arc.append((x, y))
        arcs.append(arc)
    layers = []
    for text in payload["layers"]:
        numbers, ref, features = iter(decode_numbers(text)), 0, []
        for n_polygons in numbers:
            polygons = []
            for _ in range(n_polygons):
                rings = []
                for _ in range(next(numbers)):
                    ring = []
                    for _ in range(next(numbers)):
                        ref += next(numbers)
                        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                        ring += arc[1:] if ring else arc
                    rings.append(np.array(ring))
                polygons.append(rings)
            features.append(polygons)
        layers.append(features)
    return layers


def same_cycle(closed: np.ndarray, plain: np.ndarray) -> bool:
    """A decoded (closed) ring is the plain ring, started elsewhere but in the same direction."""
    ring = closed[:-1]
    if not (closed[0] == closed[-1]).all() or len(ring) != len(plain):
        return False
    starts = np.flatnonzero((plain == ring[0]).all(axis=1))
    return any((np.roll(plain, -s, axis=0) == ring).all() for s in starts)


def plain_rings(geometry) -> list[list[np.ndarray]]:
    """Each ring rounded to the grid on its own, as the pages did before arcs were shared."""
    out = []
    for part in shapely.get_parts(geometry):
        rings = []
        for ring in (part.exterior, *part.interiors):
            q = np.round(np.asarray(ring.coords)[:, :2] * SCALE).astype(np.int64)
            q = q[np.r_[True, np.any(q[1:] != q[:-1], axis=1)]]
            rings.append(q[:-1] if len(q) > 1 and (q[0] == q[-1]).all() else q)
        out.append(rings)
    return out


@pytest.fixture(scope="module")
def beijing(display_layers):
    """Beijing's province, prefectures and counties, as one page would carry them."""
    return [frame[frame["adcode"].astype(str).str.startswith("11")] for frame in
            (display_layers["province"], display_layers["prefecture"], display_layers["county"])]


def test_decoded_rings_are_the_plain_rings(display_layers, beijing):
    hebei = display_layers["county"][display_layers["county"]["adcode"].astype(str).str.startswith("13")]
    frames = [*beijing, hebei]
    decoded = decode_payload(topology_payload([encode_frame(f) for f in frames]))
    for frame, layer in zip(frames, decoded):
        assert len(layer) == len(frame)
        for geometry, polygons in zip(frame.geometry, layer):
            plain = plain_rings(geometry)
            assert [len(p) for p in polygons] == [len(p) for p in plain]
            assert all(same_cycle(ours, theirs) for p, q in zip(polygons, plain) for ours, theirs in zip(p, q))


def test_neighbours_share_their_border_once(beijing):
    province, _, counties = beijing
    rows = encode_frame(counties)
    rings = [ring for polygons in rows for polygon in polygons for ring in polygon]
    found = shared_arcs(rings + [r for polygons in encode_frame(province) for p in polygons for r in p])
    county_refs = found.refs[:int(found.ring_sizes[:len(rings)].sum())]
    used = np.bincount(np.where(county_refs >= 0, county_refs, ~county_refs), minlength=len(found.lengths))
    assert used.max() == 2  # a border is drawn by the two units beside it, never by a third
    # every arc of the province outline is one of the counties' arcs: the levels share their edges exactly
    province_refs = found.refs[len(county_refs):]
    assert (used[np.where(province_refs >= 0, province_refs, ~province_refs)] >= 1).all()
    # of all the counties' grid points, a shared border is stored once
    assert found.lengths.sum() < 0.7 * sum(len(r) for r in rings)


def test_enclave_and_spike_and_tiny_rings():
    outer = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 2), (2, 2), (2, 1)]])
    inner = box(1, 1, 2, 2)  # the hole's twin: one closed arc, used both ways
    spike = Polygon([(4, 0), (6, 0), (6, 2), (5, 2), (5, 3), (5, 2), (4, 2)])  # quantising can make spikes
    dot = box(9, 9, 9.0001, 9.0001)  # rounds to one point
    geometries = [outer, inner, spike, dot]
    rows = quantise_geometries(geometries, 1.0)
    payload = topology_payload([rows], scale=1.0)
    decoded = decode_payload(payload)[0]
    for row, polygons in zip(rows, decoded):
        for plain_polygon, polygon in zip(row, polygons):
            assert all(same_cycle(ours, theirs) for ours, theirs in zip(polygon, plain_polygon))
    assert topology_payload([rows], scale=1.0) == payload


def test_pages_cut_from_the_country_keep_its_arcs_and_their_rings(display_layers):
    from atlas.publishing.maps.base import boundary_arcs

    base = boundary_arcs(display_layers)
    assert boundary_arcs(display_layers) is base  # cut once, then remembered
    national = [encode_frame(display_layers[level]) for level in ("province", "prefecture", "county")]
    # a page that starts with the country's layers: exactly what cutting its own rings gives
    choropleth = national + [encode_frame(display_layers["province"])]
    assert topology_payload(choropleth, base=base) == topology_payload(choropleth)
    # a sheet of some units (selected after the country's rings were made, as region_page does):
    # the country's cuts, the same rings
    frames = [display_layers[level][display_layers[level]["adcode"].astype(str).str.startswith("11")]
              for level in ("province", "prefecture", "county")]
    sheet = [encode_frame(frame) for frame in frames]
    payload = topology_payload(sheet, base=base)
    assert payload != topology_payload(sheet)  # cut where the whole country is (more arcs) ...
    for frame, layer in zip(frames, decode_payload(payload)):  # ... giving back every ring
        for geometry, polygons in zip(frame.geometry, layer):
            plain = plain_rings(geometry)
            assert [len(p) for p in polygons] == [len(p) for p in plain]
            assert all(same_cycle(ours, theirs) for p, q in zip(polygons, plain) for ours, theirs in zip(p, q))
