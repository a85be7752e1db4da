"""The table recogniser: response-time matrices and credit tables, read cell by cell.

A row's figures take their meaning from, in order: the column header, the
row's own label (first cell), and the table's setting (its header row, the
section title, the sentence that leads into it). Severity comes from the
row label or the column header; a column header that is neither a metric
nor a severity names the plan, exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from termlens.extract.context import DocumentContext, make_fact
from termlens.extract.cues import cues
from termlens.extract.normalize import parse_duration, parse_percent, pattern
from termlens.extract.prose import prose_facts
from termlens.extract.qualifiers import SEVERITY_NAMES
from termlens.extract.rules import RuleSet, TableMetric
from termlens.extract.values import band_upper_bound
from termlens.model import Block, Clause, Explanation, Fact, Span
from termlens.textnorm import fold

TABLE_SCORE = 0.85
# A level's name under a severity column, "Incident escalation – service disrupted" included; longer is a description.
_MAX_LEVEL_LABEL = 60
_NUMBERED = re.compile(r"[0-9一二三四五]")


def _metric_of(text: str, rules: RuleSet) -> TableMetric | None:
    """The metric whose words appear earliest in ``text`` (so "响应时间/解决时间" is ambiguous → first)."""
    folded = fold(text).lower()
    best: tuple[int, TableMetric] | None = None
    for _, metric in rules.table_metrics:
        for word in metric.words:
            position = folded.find(word.lower())
            if position >= 0 and (best is None or position < best[0]):
                best = (position, metric)
    return best[1] if best else None


class TableReader:
    """Table rows of several cells, read cell by cell under their row and column headers."""

    name = "table"
    anchor = True

    def extract(self, context: DocumentContext, rules: RuleSet) -> list[Fact]:
        facts: list[Fact] = []
        for clause in context.segmentation.clauses:
            if context.has_cells(clause):
                from_table = table_facts(clause, context, rules)
                from_cells = [fact for fact in cell_facts(clause, context, rules)
                              if not any(_same_finding(fact, other) for other in from_table)]
                facts.extend(from_table + [_as_read_from_a_cell(fact) for fact in from_cells])
        return facts


def _as_read_from_a_cell(fact: Fact) -> Fact:
    """A rule matched inside a cell: the table reader found it (its header gave the qualifiers)."""
    explanation = fact.explanation
    if explanation is None or explanation.recognizer == TableReader.name:
        return fact
    return replace(fact, explanation=replace(explanation, recognizer=TableReader.name,
                                             notes=(*explanation.notes, "read from a table cell")))


def _same_finding(fact: Fact, other: Fact) -> bool:
    overlap = fact.start < other.end and other.start < fact.end
    return fact.key == other.key and overlap


def table_facts(clause: Clause, context: DocumentContext, rules: RuleSet) -> list[Fact]:
    if clause.block is None:
        return []
    block = context.segmentation.document.blocks[clause.block]
    if block.is_header or len(block.cells) < 2:
        return []
    text = context.text
    label = text[block.cells[0].start:block.cells[0].end]
    setting = " ".join([*block.header, clause.section, context.lead_in.get(clause.id, "")])
    row_metric = _metric_of(label, rules)
    table_metric = _metric_of(setting, rules)
    credit_metric = next((m for m in (row_metric, table_metric) if m and m.value == "credit_band"), None)
    if credit_metric:
        return _credit_facts(block, clause, context, credit_metric)
    facts = []
    for column, cell in enumerate(block.cells[1:], start=1):
        header = block.header[column] if column < len(block.header) else ""
        metrics = [m for m in (_metrics_of(header, rules) or [row_metric or table_metric]) if m is not None]
        if not metrics or metrics[0].value != "duration":
            continue
        facts.extend(_duration_facts(cell, header, metrics, block, clause, context, rules))
    return facts


def _metrics_of(text: str, rules: RuleSet) -> list[TableMetric]:
    """Every metric a header names, in the order it names them ("响应/恢复时间": response, then resolution)."""
    folded = fold(text).lower()
    found: dict[str, tuple[int, TableMetric]] = {}
    for _, metric in rules.table_metrics:
        positions = [position for word in metric.words if (position := folded.find(word.lower())) >= 0]
        if positions and (metric.key not in found or min(positions) < found[metric.key][0]):
            found[metric.key] = (min(positions), metric)
    return [metric for _, metric in sorted(found.values(), key=lambda item: item[0])]


def _duration_facts(cell: Span, header: str, metrics: list[TableMetric], block: Block,
                    clause: Clause, context: DocumentContext, rules: RuleSet) -> list[Fact]:
    """The figures of one cell. A cell may hold a figure per level ("严重性 1：1 小时内 严重性 2：4 小时内"), each
    with the level named before it, or one figure per metric its header names ("1小时/4小时" under
    "响应/恢复时间"); otherwise its first figure is the column's."""
    cell_text = context.folded[cell.start:cell.end]
    figures = list(pattern("DURATION").finditer(cell_text))
    if not figures or cues().is_uncommitted(cell_text):
        return []
    levels = context.severities(cell.start, cell.end)
    paired = not levels and len(metrics) > 1 and len(figures) == len(metrics)
    if not levels and not paired:
        figures = figures[:1]
    base = cell_qualifier(header, block, context, rules)
    facts = []
    for index, figure in enumerate(figures):
        start, end = cell.start + figure.start(), cell.start + figure.end()
        level = next((m for m in reversed(levels) if m.end <= start), None)
        part_start = (level.end if level else cell.start if index == 0 else cell.start + figures[index - 1].end())
        part_end = next((m.start for m in levels if m.start >= end), cell.end)
        part = context.folded[part_start:part_end]
        if cues().is_negated(context.folded[part_start:start]):
            continue
        value = parse_duration(figure.group(0), context=part)
        if value is None:
            continue
        metric = metrics[index] if paired else metrics[0]
        qualifier = {**base, "severity": level.value, "label": level.label} if level else dict(base)
        explanation = Explanation(
            recognizer="table",
            rule=f"table/{metric.key}",
            score=TABLE_SCORE,
            notes=(f"column header: {header.strip() or '(none)'}",
                   f"row label: {context.text[block.cells[0].start:block.cells[0].end]}",
                   *([f"level named in the cell: {level.label}"] if level else [])),
        )
        fact = make_fact(context, clause, metric.key, value, start, end, TABLE_SCORE, qualifier, explanation)
        facts.extend([fact] if fact else [])
    return facts


def cell_qualifier(header: str, block: Block, context: DocumentContext, rules: RuleSet) -> dict[str, str]:
    """Severity and plan of a cell, whichever way round the table is laid out.

    Severities down the rows: the row gives the severity and the column the plan.
    Severities across the columns ("套餐 \\ 级别 | 一级 | 二级"): the other way round, unless the
    header is also a plan's name and the row names a level.
    """
    header_severity = context.scale.mentions(fold(header)) if header else []
    label = block.cells[0]
    # "Standard" names a plan and a level: under a header that is a plan's name, a row that names
    # its level ("Priority 1") gives the severity.
    header_is_plan = bool(header_severity) and context.plans_in(header) is not None
    if header_severity and not (header_is_plan and context.severities(label.start, label.end)):
        qualifier = {"severity": header_severity[0].value, "label": header.strip()}
        plan = _row_plan(block, context, rules)
    else:
        qualifier = _row_severity(block, context)
        plan = column_plan(header, block, context, rules)
    if plan:
        qualifier["plan"] = plan
    return qualifier


def _row_severity(block: Block, context: DocumentContext) -> dict[str, str]:
    """The severity a row stands for: named in its label ("P1", "紧急"), or, under a severity column
    ("Severity | …" with rows "A", "B", …), its rank among the table's rows."""
    label_span = block.cells[0]
    named = context.severities(label_span.start, label_span.end)
    label = context.text[label_span.start:label_span.end].strip()
    column_name = fold(block.header[0]) if block.header else ""
    under_levels = bool(label) and len(label) <= _MAX_LEVEL_LABEL and context.is_severity_heading(column_name)
    # A numbered level (P1, 一级) keeps its rank in the document's scale; a level named in words
    # (Urgent, High, Normal, Low) down a level column ranks by its row: the table is the vendor's scale.
    if named and not (under_levels and not _NUMBERED.search(named[0].label)):
        return {"severity": named[0].value, "label": named[0].label}
    if not under_levels:
        return {}
    rank = context.table_rows(block).index(block)
    return {"severity": SEVERITY_NAMES[min(rank, len(SEVERITY_NAMES) - 1)], "label": label}


def _row_plan(block: Block, context: DocumentContext, rules: RuleSet) -> str | None:
    label = context.text[block.cells[0].start:block.cells[0].end]
    named = context.plans_in(label)
    if named:
        return named
    bare = label.strip()
    return bare if bare and len(bare) <= 30 and _metric_of(bare, rules) is None else None


def column_plan(header: str, block: Block, context: DocumentContext, rules: RuleSet) -> str | None:
    """The plan a column stands for: named in its header ("企业版响应时间"), else named by the table's
    first header cell ("Extended support | Default"), else the header itself when it is neither a
    metric nor a severity ("Subscription Plans | Free | Production")."""
    named = context.plans_in(header) or (context.plans_in(block.header[0]) if block.header else None)
    if named:
        return named
    bare = header.strip()
    if bare and not context.scale.mentions(fold(bare)) and _metric_of(bare, rules) is None:
        return bare
    return None


def cell_facts(clause: Clause, context: DocumentContext, rules: RuleSet) -> list[Fact]:
    """The pattern rules run on each cell, which takes its plan from its column and severity from its row."""
    if clause.block is None:
        return []
    block = context.segmentation.document.blocks[clause.block]
    if block.is_header or len(block.cells) < 2:
        return []
    facts = []
    for column, cell in enumerate(block.cells):
        header = block.header[column] if column < len(block.header) else ""
        defaults = cell_qualifier(header, block, context, rules) if column else _row_severity(block, context)
        cell_clause = replace(clause, start=cell.start, end=cell.end, text=context.text[cell.start:cell.end])
        facts.extend(prose_facts(cell_clause, context, rules, defaults))
    return facts


def _credit_facts(block: Block, clause: Clause, context: DocumentContext, metric: TableMetric) -> list[Fact]:
    """One credit per credit column: the band is the first cell with a percentage, each later one a credit
    (a table with a column per service names the service)."""
    with_percent = [(column, cell) for column, cell in enumerate(block.cells)
                    if pattern("PERCENT").search(context.folded[cell.start:cell.end])]
    if len(with_percent) < 2:
        return []
    band = with_percent[0][1]
    below = band_upper_bound(context.folded[band.start:band.end])
    if below is None:
        return []
    several = len(with_percent) > 2
    facts = []
    for column, credit in with_percent[1:]:
        credit_match = pattern("PERCENT").search(context.folded[credit.start:credit.end])
        credit_value = parse_percent(credit_match.group(0)) if credit_match else None
        if credit_value is None:
            continue
        header = block.header[column] if column < len(block.header) else ""
        qualifier = {"service": header.strip()} if several and header.strip() else {}
        explanation = Explanation(recognizer="table", rule=f"table/{metric.key}", score=TABLE_SCORE,
                                  notes=("availability band cell, then credit cell",))
        end = credit.start + credit_match.end()
        fact = make_fact(context, clause, metric.key, {"below_percent": below, "credit_percent": credit_value},
                         band.start, end, TABLE_SCORE, qualifier, explanation)
        if fact:
            facts.append(fact)
    return facts