"""Generate large synthetic workbooks from the Innlandet example, for benchmarks.

    python benchmarks/generate.py OUT.xlsx --groups 300 --tasks 10 [--seed 1]

Groups are copies of the example's groups with numbered names; tasks are the example's
task texts with a running number, spread over the three levels.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.model import Agreement, DiagnosisGroup, Level, Task  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402
from agreement_builder.workbook.writer import write_workbook  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def synthetic_agreement(groups: int, tasks_per_group: int, seed: int = 1) -> Agreement:
    """The example scaled to ``groups`` × ``tasks_per_group`` tasks, deterministically."""
    example = read_workbook(EXAMPLE).agreement
    rng = random.Random(seed)
    texts = sorted({task.text for task in example.tasks})
    made = []
    for index in range(groups):
        template = example.groups[index % len(example.groups)]
        tasks = tuple(
            Task(f"{rng.choice(texts)} ({index + 1}.{number + 1})", rng.choice(list(Level)))
            for number in range(tasks_per_group)
        )
        made.append(DiagnosisGroup(f"{template.name} {index + 1}", template.category, tasks,
                                   template.recommendation))
    return dataclasses.replace(example, groups=tuple(made))


def size_arguments(description: str) -> argparse.Namespace:
    """--groups, --tasks and --repeat, shared by the benchmarks that time one large workbook."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def write_large_workbook(folder: str | Path, groups: int, tasks: int) -> Path:
    """A synthetic workbook of ``groups`` × ``tasks`` tasks, written into ``folder``."""
    path = Path(folder) / "stor.xlsx"
    write_workbook(path, synthetic_agreement(groups, tasks))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_workbook(args.output, synthetic_agreement(args.groups, args.tasks, args.seed), overwrite=True)
    print(args.output)


if __name__ == "__main__":
    main()
