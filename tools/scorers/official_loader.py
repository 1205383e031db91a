"""Loads named functions and classes out of an official scoring file without importing its package.

Official task files import heavy things they do not need for scoring (cv2, datasets, their own
package's logger). We parse the file, run every top-level import (an import that fails is replaced
by a stub object, so a stubbed name must never be called by the code we test), every top-level
assignment that can be evaluated, and every function and class definition, in file order. The
official text is executed as written; nothing is copied into this repository.
"""
import ast
import subprocess
import types


class Stub:
    """Stands in for a module or name the scoring code does not use; any use that matters fails loudly."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        if attr in ("info", "warning", "debug", "error"):  # loggers: printing is not scoring
            return lambda *a, **k: None
        return Stub(self._name + "." + attr)

    def __call__(self, *a, **k):
        if self._name.endswith("get_logger"):
            return Stub("logger")
        raise RuntimeError("official code called the stubbed " + self._name)


def _stub_names(node):
    for alias in node.names:
        yield (alias.asname or alias.name).split(".")[0], alias.name


def load(path, extra=None):
    """Executes the definitions of the file at ``path``; returns its namespace as a module."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source, filename=path)
    ns = {"__name__": "official_" + path.replace("/", "_"), "__file__": path}
    ns.update(extra or {})
    for node in tree.body:
        code = compile(ast.Module(body=[node], type_ignores=[]), path, "exec")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            try:
                exec(code, ns)
            except Exception:
                for bound, full in _stub_names(node):
                    ns.setdefault(bound, Stub(full))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            exec(code, ns)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            try:
                exec(code, ns)
            except Exception:
                pass
    return types.SimpleNamespace(**ns)


def git_file(git_dir, commit, path, out_path):
    """Writes ``commit:path`` of a bare repository to ``out_path`` and returns out_path."""
    data = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout
    with open(out_path, "wb") as f:
        f.write(data)
    return out_path
