"""How the palette looks to readers with a colour-vision deficiency, and how far apart its colours stay.

Dichromacy is simulated with the matrices of Machado, Oliveira and Fernandes (2009),
"A physiologically-based model for simulation of color vision deficiency"
(IEEE TVCG 15(6)), at full severity, applied to linear sRGB. Colour differences are
CIEDE2000 (Sharma, Wu and Dalal 2005) in CIELAB under D65.
"""

from __future__ import annotations

import itertools

import numpy as np

#: Machado et al. (2009), severity 1.0, for linear RGB.
SIMULATIONS: dict[str, np.ndarray] = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]),
}

_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]])
_WHITE = _RGB_TO_XYZ @ np.ones(3)


def linear_rgb(colour: str) -> np.ndarray:
    """The linear-light sRGB channels of a #rrggbb colour."""
    channels = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of linear sRGB channels."""
    xyz = _RGB_TO_XYZ @ np.clip(rgb, 0, 1) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(colour: str, vision: str) -> np.ndarray:
    """The CIELAB colour a reader with `vision` (a key of SIMULATIONS) sees for `colour`."""
    return lab(SIMULATIONS[vision] @ linear_rgb(colour))


def delta_e(first: np.ndarray, second: np.ndarray) -> float:
    """CIEDE2000 colour difference between two CIELAB colours."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    rotation = -np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2)))) * 2 * np.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    terms = ((l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h)
    return float(np.sqrt(terms[0] ** 2 + terms[1] ** 2 + terms[2] ** 2 + rotation * terms[1] * terms[2]))


def closest_pair(colours: list[str], visions: list[str] | None = None) -> tuple[float, str, str, str]:
    """The two colours of `colours` that look most alike under any of `visions`: (ΔE2000, vision, first, second)."""
    pairs = [
        (delta_e(simulate(a, vision), simulate(b, vision)), vision, a, b)
        for vision in (visions or list(SIMULATIONS))
        for a, b in itertools.combinations(colours, 2)
    ]
    return min(pairs)
