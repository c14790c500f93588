"""The README's rule "no partners module imports activities", checked in fact: not by an import and
not by asking the app registry for one of its models at run time either. (The models' foreign keys
to activities by name, and the migrations that write them, are the rule's stated exception.)"""

import ast
from pathlib import Path

from django.conf import settings

LATER_APPS = ("activities", "home")


def _partners_modules():
    root = Path(settings.BASE_DIR) / "partners"
    return sorted(path for path in root.rglob("*.py") if "migrations" not in path.parts)


def _reaches(tree: ast.AST) -> set[str]:
    """Every module imported, and every app label given to apps.get_model(), in a module."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return names


def test_no_partners_module_reaches_activities_or_home():
    modules = _partners_modules()
    assert len(modules) > 20  # the walk found the app
    reaching = {
        str(path.relative_to(settings.BASE_DIR)): sorted(
            name for name in _reaches(ast.parse(path.read_text())) if name.split(".")[0] in LATER_APPS
        )
        for path in modules
    }
    assert {module: names for module, names in reaching.items() if names} == {}
