"""CPython's iteration order of sets of small ints, as test data for DartPruner's CPythonIntSet.

    python3.X tools/pyset_order.py COUNT OUT   # any CPython, no dependencies

Each line: a random list | list(set(list)) | list(set(list).copy()).
"""

import random
import sys


def set_order_cases(rng: random.Random, count: int) -> list[str]:
    lines = []
    for _ in range(count):
        size = rng.randint(1, 24)
        top = rng.choice([16, 64, 700, 5000, 1 << 20]) if rng.random() < 0.9 else 1 << 40
        items = [rng.randrange(top) for _ in range(size)]
        s = set(items)
        lines.append(" ".join(map(str, items)) + " | " + " ".join(map(str, list(s)))
                     + " | " + " ".join(map(str, list(s.copy()))))
    return lines


def write(count: int, path) -> None:
    header = f"# CPython {sys.version.split()[0]}: insertion order | list(set(x)) | list(set(x).copy())\n"
    with open(path, "w") as f:
        f.write(header + "\n".join(set_order_cases(random.Random(7), count)) + "\n")


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
