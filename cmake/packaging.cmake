# Debian packages: `cpack -G DEB` (or `cpack --config build/CPackConfig.cmake`) in the build folder.
#   voxclone         the CLI (install COMPONENT cli: the program, and its man page and shell
#                    completion where those are installed)
#   libvoxclone0     the shared library, SONAME libvoxclone.so.0 (COMPONENT runtime)
#   libvoxclone-dev  headers, libvoxclone.so link, static library, CMake config, pkg-config file
#                    (COMPONENT dev)
# Run-time dependencies come from dpkg-shlibdeps (dpkg-dev). tests/deb/run.sh builds, checks and
# unpacks them and builds tests/consumer against the unpacked /usr tree.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME voxclone)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "voxclone maintainers <voxclone@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES OFF)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL cli runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # name_version_arch.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)  # component DEPENDS below become package Depends
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# libvoxclone0 gets a shlibs file, so packages built on it get their Depends from dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME voxclone)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION sound)
set(CPACK_DEBIAN_CLI_DESCRIPTION "turn voice recordings into clone-ready samples, and clone the voice\nDecodes any audio or video file FFmpeg reads, finds the speech of one person, keeps the best\n10-30 s cut in pauses, normalises its loudness (EBU R128) and writes WAV, PCM or MP3; uploads\nit to a voice-clone service, lists voices and synthesises speech.")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libvoxclone0)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "voxclone shared library\nThe library behind the voxclone tool: recordings in, clone-ready voice samples out, and a\nclient for the voice-clone service.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libvoxclone-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
# The static library links against these (pkg-config's Requires.private; the shared one needs none).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libavformat-dev, libavcodec-dev, libswresample-dev, libavutil-dev, libebur128-dev, libaubio-dev, libcurl4-openssl-dev | libcurl-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION "voxclone library: development files\nHeaders, the static library, CMake package configuration and pkg-config file for building\nprograms on libvoxclone.")

include(CPack)
