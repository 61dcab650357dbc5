"""despin rules check, list and dump: rule packs validated, listed, and written as YAML."""

from __future__ import annotations

import sys

from ..engine.restorer import Restorer
from ..rules.model import RuleError
from ..store.files import write_atomic
from .common import EXIT_FOUND, EXIT_OK, add_settings, restorer_for


def cmd_rules_check(args) -> int:
    try:
        restorer = Restorer(paths=args.paths)
    except RuleError as exc:
        for problem in exc.problems:
            print(problem)
        return EXIT_FOUND
    print(f"{len(restorer.rules)} rules OK")
    return EXIT_OK


def cmd_rules_list(args) -> int:
    restorer = restorer_for(args)
    for rule in restorer.rules:
        forms = " | ".join(rule.spun)
        print(f"{rule.id}\t{rule.when}\t{forms} → {rule.original}\t{rule.where}")
    return EXIT_OK


def cmd_rules_dump(args) -> int:
    from ..rules.dump import dump_packs, rule_packs

    text = dump_packs(rule_packs(restorer_for(args).rules))
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def add_rules_command(sub) -> None:
    """despin rules check|list|dump."""
    rules = sub.add_parser("rules", help="work with rule packs",
                           description="Work with YAML rule packs (docs/rules.md).")
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="SUBCOMMAND")
    rc = rsub.add_parser("check", help="validate rule packs and run their examples",
                         description="Validate packs (schema, ids, chains) and run every "
                                     "example and keep-case; problems print as file:line: "
                                     "message, and the exit code is 1.")
    rc.add_argument("paths", nargs="+", help="YAML files or folders")
    rc.set_defaults(func=cmd_rules_check)
    rl = rsub.add_parser("list", help="every active rule, with the file it came from",
                         description="One line per active rule: id, when, spun forms → original, "
                                     "file:line.")
    add_settings(rl)
    rl.set_defaults(func=cmd_rules_list, spun="auto")
    rd = rsub.add_parser("dump", help="write the merged rule set as YAML",
                         description="The active rules (built-in, config, --rules; overrides and "
                                     "disabled rules applied) as YAML, one document per pack.")
    add_settings(rd)
    rd.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    rd.set_defaults(func=cmd_rules_dump, spun="auto")
