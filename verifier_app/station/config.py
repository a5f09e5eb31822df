"""The station's guarded configuration: what only an administrator may change.

Role, freshness policy and audit retention live in ``station.json`` in the
data folder, shared by the window and the command line; changing them needs
the administrator passphrase (adminlock.py).  Personal preferences (camera,
language, sound...) stay with the window's QSettings.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from verifier_app.atomic import atomic_write
from verifier_app.errors import CorruptFile
from verifier_app.station.roles import Role

FILENAME = "station.json"


@dataclass(frozen=True)
class StationConfig:
    role: Role = Role.CHECKPOINT
    max_qr_age_s: int = 180
    clock_skew_s: int = 60
    retention_days: int = 90  # 0 keeps the audit log forever

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))
        if not 10 <= self.max_qr_age_s <= 3600 or not 0 <= self.clock_skew_s <= 600 or not 0 <= self.retention_days <= 36500:
            raise ValueError("station configuration value out of range")


def load_config(data_dir: str | os.PathLike[str]) -> StationConfig:
    path = Path(data_dir) / FILENAME
    try:
        data = json.loads(path.read_text("utf-8"))
        return StationConfig(**{k: data[k] for k in asdict(StationConfig()) if k in data})
    except FileNotFoundError:
        return StationConfig()
    except (OSError, ValueError, TypeError):
        raise CorruptFile(str(path), "the station configuration is damaged",
                          "An administrator must set the role and policy again (verifier admin configure).") from None


def save_config(data_dir: str | os.PathLike[str], config: StationConfig) -> None:
    data = asdict(config)
    data["role"] = config.role.value
    atomic_write(Path(data_dir) / FILENAME, (json.dumps(data, indent=2) + "\n").encode())
