"""Builds the voxclone extension with this repository's CMake project (see pyproject.toml).

The extension `voxclone._voxclone` is the CMake target `_voxclone` (python/CMakeLists.txt),
configured for the interpreter running this script and linked to the static libvoxclone, so the
installed package needs no libvoxclone.so. Environment:
  VOXCLONE_CMAKE_BUILD_DIR  reuse an existing, configured CMake build folder (only `_voxclone`
                            is built there; the test suite uses this to avoid a second compile)
  VOXCLONE_CMAKE_ARGS       extra arguments for the configure step
  CMAKE_BUILD_PARALLEL_LEVEL  build jobs (default 2)
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def wheel_support_missing() -> bool:
    """True when pip asks for a wheel (bdist_wheel) and this Python cannot make one: setuptools
    before 70.1 needs the separate `wheel` package, which `--no-build-isolation` does not fetch
    (pip would only say "invalid command 'bdist_wheel'")."""
    # pip's metadata step (dist_info) calls bdist_wheel inside setuptools as well.
    if "bdist_wheel" not in sys.argv and "dist_info" not in sys.argv:
        return False
    try:
        import wheel  # noqa: F401
        return False
    except ImportError:
        pass
    try:
        from setuptools.command import bdist_wheel  # noqa: F401  (setuptools >= 70.1)
        return False
    except ImportError:
        return True


if wheel_support_missing():
    import setuptools
    sys.exit(
        f"voxclone: building a wheel with setuptools {setuptools.__version__} needs the 'wheel' "
        f"package, which this Python ({sys.executable}) does not have. Either install it into "
        f"this Python ({sys.executable} -m pip install wheel, or Debian's python3-wheel for "
        f"/usr/bin/python3), or make the venv from Debian's Python with its packages: "
        f"/usr/bin/python3 -m venv --system-site-packages VENV (README.md, \"Python\").")


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(voxclone VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        reuse = os.environ.get("VOXCLONE_CMAKE_BUILD_DIR")
        build_dir = Path(reuse) if reuse else Path(self.build_temp).resolve() / "cmake"
        if not reuse:
            args = ["-DCMAKE_BUILD_TYPE=Release", "-DVOXCLONE_PYTHON=ON",
                    "-DVOXCLONE_BUILD_TESTS=OFF", "-DVOXCLONE_BUILD_TOOLS=OFF",
                    "-DVOXCLONE_BUILD_EXAMPLES=OFF", "-DVOXCLONE_INSTALL=OFF",
                    f"-DPython_EXECUTABLE={sys.executable}"]
            if shutil.which("ccache"):
                args += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
            try:  # pybind11 from pip (an isolated build) or Debian's python3-pybind11
                import pybind11
                args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
            except ImportError:  # Debian's pybind11-dev alone: CMake finds it in /usr/lib/cmake
                pass
            args += shlex.split(os.environ.get("VOXCLONE_CMAKE_ARGS", ""))
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), *args], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_voxclone", "-j", jobs],
                       check=True)
        built = list((build_dir / "python" / "voxclone").glob("_voxclone*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one _voxclone module in {build_dir}/python/voxclone, found {built}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        # The name the interpreter expects (its own ABI tag), whatever CMake called it.
        shutil.copyfile(built[0], target)


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("voxclone._voxclone")],
    cmdclass={"build_ext": CMakeBuild},
)
