"""Store the digest of a problem's answer in lib/lfd/answers.json (for maintainers).

    python tools/record_answer.py VII.1.4 11
    python tools/record_answer.py VII.4.2 0.8182 --sig 3
    python tools/record_answer.py VII.5.1 1 2 4 7        (a sequence)
    python tools/record_answer.py VII.3.9 composition --text
"""

from __future__ import annotations

import argparse
import re
import sys

from lfd.exercises import record


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/record_answer.py", description=__doc__.split("\n")[0])
    parser.add_argument("problem_id")
    parser.add_argument("answer", nargs="+", help="a number, several numbers (a sequence) or text")
    parser.add_argument("--sig", type=int, default=None, help="significant digits for real answers")
    parser.add_argument("--text", action="store_true", help="the answer is text, not numbers")
    args = parser.parse_args(argv)
    if args.text:
        answer = " ".join(args.answer)
    else:
        numbers = [int(a) if re.fullmatch(r"[+-]?\d+", a) else float(a) for a in args.answer]
        answer = numbers[0] if len(numbers) == 1 else numbers
    entry = record(args.problem_id, answer, sig=args.sig)
    print(f"recorded {args.problem_id} ({entry['kind']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
