"""Buyer policies: ``data/assess/profiles/*.yaml`` (or a user's copy) with industry and overseas modifiers.

A policy says how much each dimension weighs, what each finding costs, which
findings apply to this buyer and how severe they are, and the limits key
figures must meet. ``--profile-file`` loads a user's file through the same
schema, so a mistake is reported with its file and the path inside it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from termlens.assess.figures import figure_specs
from termlens.assess.findings import finding_specs
from termlens.assess.wording import SEVERITIES, Localized
from termlens.errors import DataError
from termlens.model import DIMENSIONS, Profile
from termlens.resources import DATA_DIR, load_yaml

PROFILES_DIR = DATA_DIR / "assess" / "profiles"
BUILT_IN_PROFILES: tuple[str, ...] = ("small", "mid", "critical")
Severity = Literal["critical", "high", "medium", "low"]


class Threshold(BaseModel):
    """A limit on a key figure; beyond it, the figure's dimension loses ``miss`` points."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    figure: str
    at_most: float | None = None
    at_least: float | None = None
    wall_clock: bool = False  # business-time figures do not meet it: a 24x7 buyer needs clock time
    miss: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _one_limit(self) -> Threshold:
        if (self.at_most is None) == (self.at_least is None):
            raise ValueError("give exactly one of at_most, at_least")
        if self.figure not in figure_specs():
            raise ValueError(f"unknown figure {self.figure!r}; expected one of {', '.join(figure_specs())}")
        if figure_specs()[self.figure].field is None:
            raise ValueError(f"figure {self.figure!r} is text, it has no number to compare")
        return self

    def stricter(self, other: Threshold) -> Threshold:
        if self.at_most is not None and other.at_most is not None:
            limit = {"at_most": min(self.at_most, other.at_most)}
        elif self.at_least is not None and other.at_least is not None:
            limit = {"at_least": max(self.at_least, other.at_least)}
        else:
            return other
        return self.model_copy(update={**limit, "miss": max(self.miss, other.miss),
                                       "wall_clock": self.wall_clock or other.wall_clock})


class ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: Localized
    weights: dict[str, float]
    penalties: dict[Severity, int]
    gap_questions_min_weight: float = 0
    thresholds: list[Threshold] = Field(default_factory=list)
    findings: dict[str, Severity]

    @field_validator("weights")
    @classmethod
    def _nine_weights(cls, weights: dict[str, float]) -> dict[str, float]:
        if set(weights) != set(DIMENSIONS):
            missing = [d for d in DIMENSIONS if d not in weights]
            extra = sorted(set(weights) - set(DIMENSIONS))
            raise ValueError(f"weights must name the nine dimensions; missing {missing}, unknown {extra}")
        if any(weight < 0 for weight in weights.values()) or not sum(weights.values()):
            raise ValueError("weights must be non-negative and not all zero")
        return weights

    @field_validator("penalties")
    @classmethod
    def _every_severity(cls, penalties: dict[str, int]) -> dict[str, int]:
        if set(penalties) != set(SEVERITIES):
            raise ValueError(f"penalties must give points for each of {', '.join(SEVERITIES)}")
        return penalties


class Modifier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weights: dict[str, float] = Field(default_factory=dict)
    raise_dimensions: list[str] = Field(default_factory=list)
    raise_findings: list[str] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)


class ModifierFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    industries: dict[str, Modifier]
    overseas: Modifier


class Policy(BaseModel):
    """A profile after modifiers: what the assessment actually applies."""

    model_config = ConfigDict(frozen=True)
    name: str
    weights: dict[str, float]
    penalties: dict[str, int]
    gap_questions_min_weight: float
    thresholds: tuple[Threshold, ...]
    severities: dict[str, str]

    def share(self, dimension: str) -> float:
        """The dimension's weight as a share of all weights (what reports print)."""
        return self.weights[dimension] / sum(self.weights.values())


@cache
def modifiers() -> ModifierFile:
    return load_yaml(DATA_DIR / "assess" / "modifiers.yaml", ModifierFile)


@cache
def _profile_file(path: Path) -> ProfileFile:
    loaded = load_yaml(path, ProfileFile)
    unknown = sorted(set(loaded.findings) - set(finding_specs()))
    if unknown:
        raise DataError(f"{path}: findings -> {unknown[0]}: unknown finding code; "
                        f"expected one of {', '.join(sorted(finding_specs()))}")
    return loaded


def load_policy(profile: Profile) -> Policy:
    """The policy for ``profile``: its file (a user's, or the built-in one named) plus modifiers."""
    if profile.file:
        path = Path(profile.file)
    elif profile.name in BUILT_IN_PROFILES:
        path = PROFILES_DIR / f"{profile.name}.yaml"
    else:
        raise DataError(f"unknown profile {profile.name!r}; expected one of {', '.join(BUILT_IN_PROFILES)} "
                        "or --profile-file PATH")
    base = _profile_file(path)
    applied: list[Modifier] = []
    if profile.industry:
        if profile.industry not in modifiers().industries:
            raise DataError(f"unknown industry {profile.industry!r}; expected one of "
                            f"{', '.join(sorted(modifiers().industries))}")
        applied.append(modifiers().industries[profile.industry])
    if profile.overseas:
        applied.append(modifiers().overseas)
    return _apply(base, applied)


def _apply(base: ProfileFile, applied: list[Modifier]) -> Policy:
    weights = dict(base.weights)
    severities: dict[str, str] = dict(base.findings)
    thresholds = {threshold.figure: threshold for threshold in base.thresholds}
    for modifier in applied:
        for dimension, factor in modifier.weights.items():
            weights[dimension] *= factor
        for code, severity in list(severities.items()):
            if code in modifier.raise_findings or finding_specs()[code].dimension in modifier.raise_dimensions:
                severities[code] = _one_up(severity)
        for threshold in modifier.thresholds:
            kept = thresholds.get(threshold.figure)
            thresholds[threshold.figure] = kept.stricter(threshold) if kept else threshold
    return Policy(name=base.name, weights=weights,
                  penalties={str(name): points for name, points in base.penalties.items()},
                  gap_questions_min_weight=base.gap_questions_min_weight,
                  thresholds=tuple(thresholds.values()), severities=severities)


def _one_up(severity: str) -> str:
    return SEVERITIES[max(SEVERITIES.index(severity) - 1, 0)]
