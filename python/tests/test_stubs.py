"""The type stubs describe the package as it is: every public name, and every function's and
method's parameters; every public function and method has a docstring."""

import ast
import inspect
from pathlib import Path

import voxclone


def stub_tree():
    return ast.parse((Path(voxclone.__file__).parent / "__init__.pyi").read_text())


def stub_params(node):
    a = node.args
    return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]


def test_every_public_name_is_in_the_stub():
    tree = stub_tree()
    names = set()
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            names.add(n.name)
        elif isinstance(n, ast.ImportFrom):
            names.update(a.asname or a.name for a in n.names)
    assert set(voxclone.__all__) <= names, set(voxclone.__all__) - names


def test_stub_signatures_match():
    tree = stub_tree()
    checked = 0
    for n in tree.body:
        if isinstance(n, ast.FunctionDef):
            real = [p for p in inspect.signature(getattr(voxclone, n.name)).parameters]
            assert stub_params(n) == real, n.name
            checked += 1
        elif isinstance(n, ast.ClassDef):
            cls = getattr(voxclone, n.name)
            for m in n.body:
                if isinstance(m, ast.FunctionDef) and not any(
                        isinstance(d, ast.Name) and d.id == "property" for d in m.decorator_list):
                    if m.name.startswith("__") and m.name != "__init__":
                        continue
                    real = ["self"] + list(inspect.signature(getattr(cls, m.name)).parameters)[1:]
                    assert stub_params(m) == real, f"{n.name}.{m.name}"
                    checked += 1
    assert checked >= 12


def test_docstrings():
    for name in voxclone.__all__:
        obj = getattr(voxclone, name)
        assert inspect.getdoc(obj), name
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and (inspect.isfunction(member) or isinstance(member, property)):
                    assert inspect.getdoc(member), f"{name}.{attr}"
