"""Writes resources/sounds/*.wav: short, distinct tones for each verdict.

valid: one rising two-note chime; invalid: two low buzzes; unverified: one
mid tone.  Different in pitch *and* rhythm, so they are told apart without
looking.  Rerun: python scripts/make_sounds.py
"""

import wave
from pathlib import Path

import numpy as np

RATE = 22050


def tone(freq: float, seconds: float, *, square: bool = False) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = np.sign(np.sin(2 * np.pi * freq * t)) * 0.35 if square else np.sin(2 * np.pi * freq * t)
    envelope = np.minimum(1, np.minimum(t / 0.01, (seconds - t) / 0.04))
    return wave_ * envelope


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


SOUNDS = {
    "valid.wav": [tone(880, 0.09), tone(1320, 0.16)],
    "invalid.wav": [tone(220, 0.16, square=True), silence(0.06), tone(220, 0.16, square=True)],
    "unverified.wav": [tone(587, 0.22)],
}


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "resources" / "sounds"
    out.mkdir(parents=True, exist_ok=True)
    for name, parts in SOUNDS.items():
        samples = (np.concatenate(parts) * 0.8 * 32767).astype("<i2")
        with wave.open(str(out / name), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(samples.tobytes())
        print(out / name)


if __name__ == "__main__":
    main()
