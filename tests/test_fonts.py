"""Chinese text in static images renders with a real font (no missing glyphs)."""

from __future__ import annotations

import io
import warnings


def test_a_figure_with_chinese_text_has_no_missing_glyph():
    from atlas.publishing import charts

    charts.configure()
    assert charts.cjk_font() is not None, "no CJK font installed: scripts/setup.sh installs fonts-noto-cjk"
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("国家新型城镇化综合试点 · 河北省威县")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)]
