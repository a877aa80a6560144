"""Shared arcs of the map pages give back exactly the plainly quantised rings."""

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from atlas.publishing.maps.arcs import quantise_geometries, shared_arcs
from atlas.publishing.maps.layers import DETAIL_LEVELS, SCALE, encode_frame, topology_payload
from atlas.publishing.maps.numbers import decode_numbers


def decode_arcs(payload: dict, level: int | None = None) -> list[list[tuple[int, int]]]:
    """The page's arcs (static/decode.js in Python), every point or those kept at a coarse ``level``."""
    counts = decode_numbers(payload["n"])
    steps = iter(decode_numbers(payload["p"]))
    arcs, x, y = [], 0, 0
    for count in counts:
        arc = [arcs[-1][-1]] if count & 1 else []
        while len(arc) < count >> 1:
            x, y = x + next(steps), y + next(steps)
            arc.append((x, y))
        arcs.append(arc)
    if level is None:
        return arcs
    skips = iter(decode_numbers(payload["levels"][level]["k"]))
    coarse = []
    for arc in arcs:
        at = [0]
        while at[-1] < len(arc) - 1:
            at.append(at[-1] + next(skips) + 1)
        coarse.append([arc[i] for i in at])
    assert next(skips, None) is None
    return coarse


def decode_payload(payload: dict, level: int | None = None) -> list[list[list[list[np.ndarray]]]]:
    """The page's decoder (static/decode.js) in Python: layers → features → polygons → closed rings."""
    arcs = decode_arcs(payload, level)
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


def test_coarse_levels_simplify_each_shared_arc_within_tolerance(beijing):
    payload = topology_payload([encode_frame(f) for f in beijing])
    fine = decode_arcs(payload)
    assert [level["below"] for level in payload["levels"]] == [zoom for zoom, _ in DETAIL_LEVELS]
    for level, (_, degrees) in enumerate(DETAIL_LEVELS):
        coarse = decode_arcs(payload, level)
        assert len(coarse) == len(fine)
        for few, every in zip(coarse, fine):
            assert few[0] == every[0] and few[-1] == every[-1]  # junctions stay: neighbours still meet
            position = iter(every)
            assert all(point in position for point in few)  # kept points, in order
            if len(every) > 2 and every[0] != every[-1]:
                assert shapely.hausdorff_distance(shapely.linestrings(few), shapely.linestrings(every)) \
                    <= degrees * SCALE
        assert sum(map(len, coarse)) < 0.6 * sum(map(len, fine))
        # rings made of the coarse arcs are still closed rings, one for each ring of the fine level
        for layer, plain in zip(decode_payload(payload, level), decode_payload(payload)):
            assert [[len(p) for p in polygons] for polygons in layer] == [[len(p) for p in polygons] for polygons in plain]
            assert all((ring[0] == ring[-1]).all() for polygons in layer for p in polygons for ring in p)


@pytest.mark.parametrize("zoom, degrees", DETAIL_LEVELS)
def test_coarse_levels_are_under_half_a_pixel(zoom, degrees):
    # at the last half-zoom step drawn coarse, at the atlas's northern tip (Web Mercator stretches latitude)
    pixels_per_degree = 256 * 2 ** (zoom - 0.5) / 360 / np.cos(np.radians(53.6))
    assert degrees * pixels_per_degree <= 0.5


def _sheet_payload(country: dict) -> dict:
    """The shared arcs of a Beijing sheet selected from ``country`` (as region_page draws it)."""
    from atlas.publishing.maps.base import MapOptions, new_page

    sheet = {level: frame[frame["adcode"].astype(str).str.startswith("11")] for level, frame in country.items()}
    page = new_page("t", sheet, MapOptions(), cut_from=country)
    page.finish("t", "", "")
    table = page.figure.header._children["pilot_atlas_arcs"]
    layers = [rows for _, rows in sorted(table.layers.values(), key=lambda item: item[0])]
    assert all(id(ring) in table.base.number for rows in layers for polygons in rows for polygon in polygons
               for ring in polygon)  # every ring is one of the country's: the sheet keeps the country's cuts
    return topology_payload(layers, base=table.base)


def test_a_selection_made_first_still_takes_the_country_rings(display_layers):
    from atlas.publishing.maps.base import boundary_arcs

    fresh = {level: frame.copy() for level, frame in display_layers.items()}
    for frame in fresh.values():
        frame.attrs = {}  # nothing quantised yet: the sheet is selected before the country is encoded
    boundary_arcs(display_layers)  # ... here the country was encoded first
    assert _sheet_payload(fresh) == _sheet_payload(display_layers)


def test_arcs_taken_from_a_set_keep_what_they_keep_there(display_layers):
    from atlas.publishing.maps.arcs import ArcSet, simplified, subset_arcs

    rings = [ring for frame in (display_layers["province"], display_layers["county"])
             for polygons in encode_frame(frame.iloc[::7]) for polygon in polygons for ring in polygon]
    base = shared_arcs(rings)
    taken = subset_arcs(base, np.arange(0, len(rings), 3))
    alone = ArcSet(taken.points, taken.lengths, taken.refs, taken.ring_sizes)  # the same arcs, no origin
    for _, degrees in DETAIL_LEVELS:
        assert (simplified(taken, degrees * SCALE) == simplified(alone, degrees * SCALE)).all()
        assert simplified(base, degrees * SCALE) is simplified(base, degrees * SCALE)  # worked out once


def test_whole_country_pages_take_points_and_levels_made_once_whatever_their_levels(display_layers):
    from atlas.publishing.maps.base import boundary_arcs

    base = boundary_arcs(display_layers)
    national = [encode_frame(display_layers[level]) for level in ("province", "prefecture", "county")]
    made = base.encoded[SCALE]
    assert set(made) == {"points", *DETAIL_LEVELS}  # made when the base was cut (before page workers fork)
    points = made["points"]
    for levels in (DETAIL_LEVELS[:1], DETAIL_LEVELS[:2], DETAIL_LEVELS, (), DETAIL_LEVELS[1:]):
        assert topology_payload(national, base=base, levels=levels) == topology_payload(national, levels=levels)
    assert base.encoded[SCALE]["points"] is points and set(base.encoded[SCALE]) == {"points", *DETAIL_LEVELS}
