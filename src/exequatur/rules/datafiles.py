"""The shipped law files (parameters, court calendars, deadlines, recognition regimes) as plain YAML data.

They are read with libyaml's parser where PyYAML was built with it (the wheels are), else with PyYAML's own: the
same SafeConstructor and resolver build the same values either way (tests/rules/test_datafiles.py holds it for
every shipped file), and libyaml reads them about ten times faster, which the command line's start-up feels.
Matter files, which need every line, are read by io.yamllines instead.
"""

from __future__ import annotations

from typing import Any

import yaml

#: The loader of the shipped files: libyaml's SafeLoader where there is one.
LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of a shipped YAML file, as yaml.safe_load gives it."""
    return yaml.load(text, Loader=LOADER)
