# Debian packages: `cpack -G DEB` (or `cpack --config build/CPackConfig.cmake`) in the build folder.
#   voxclone         the CLI (install COMPONENT cli: the program, its man page and its bash, zsh
#                    and fish completions)
#   libvoxclone0     the shared library, SONAME libvoxclone.so.0, in the multiarch folder
#                    (/usr/lib/<triplet>) (COMPONENT runtime)
#   libvoxclone-dev  headers, libvoxclone.so link, static library, CMake config, pkg-config file
#                    (COMPONENT dev)
# All three are stripped (no debug symbols are kept: a -dbgsym package is left for when someone
# needs one). Each package carries /usr/share/doc/<package>/copyright and changelog.Debian.gz. Run-time dependencies come from dpkg-shlibdeps (dpkg-dev).
# tests/deb/run.sh builds the packages, runs lintian on them, unpacks them and uses what it
# unpacked (the CLI, its man page, tests/consumer against the /usr tree).
set(VOXCLONE_MAINTAINER "voxclone maintainers <maintainers@users.noreply.b-seed-a44f87d9.example>"
    CACHE STRING "The Maintainer field of the Debian packages (name <address>)")

include(GNUInstallDirs)  # CMAKE_INSTALL_DATADIR here too (lib/ included it in its own scope)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME voxclone)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "${VOXCLONE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VOXCLONE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Stripped as Debian's dh_strip strips (a RelWithDebInfo /usr/bin/voxclone is 96 MB unstripped).
set(CPACK_STRIP_FILES ON)
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
set(CPACK_DEBIAN_CLI_DESCRIPTION "turn voice recordings into clone-ready samples, and clone the voice\nDecodes any audio or video file FFmpeg reads, finds the speech of one\nperson, keeps the best 10-30 s cut in pauses, normalises its loudness\n(EBU R128) and writes WAV, PCM or MP3; uploads it to a voice-clone\nservice, lists voices and synthesises speech.")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libvoxclone0)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "voxclone shared library\nThe library behind the voxclone tool: recordings in, clone-ready voice\nsamples out, and a client for the voice-clone service.")
# The run-time linker's cache is refreshed by dpkg's ldconfig trigger, as Debian's library
# packages do it (without it lintian reports lacks-ldconfig-trigger, an error). CPack still
# writes postinst/postrm scripts that call ldconfig (it stops only when given scripts of its
# own): harmless beside the trigger, and lintian's maintscript-calls-ldconfig warning.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/debian/libvoxclone0/triggers)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libvoxclone-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
# The static library links against these (pkg-config's Requires.private; the shared one needs none).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libavformat-dev, libavcodec-dev, libswresample-dev, libavutil-dev, libebur128-dev, libaubio-dev, libcurl4-openssl-dev | libcurl-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION "voxclone library: development files\nHeaders, the static library, CMake package configuration and pkg-config\nfile for building programs on libvoxclone.")

# /usr/share/doc/<package>/copyright and changelog.Debian.gz (gzip -9n: no name, no time, as
# Debian wants it) for each package.
set(VOXCLONE_DEB_VERSION "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")
string(TIMESTAMP VOXCLONE_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)  # SOURCE_DATE_EPOCH
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/changelog.in
               ${PROJECT_BINARY_DIR}/debian/changelog.Debian @ONLY)
find_program(VOXCLONE_GZIP gzip REQUIRED)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz
  COMMAND ${VOXCLONE_GZIP} -9nf -k ${PROJECT_BINARY_DIR}/debian/changelog.Debian
  DEPENDS ${PROJECT_BINARY_DIR}/debian/changelog.Debian
  COMMENT "changelog.Debian.gz" VERBATIM)
add_custom_target(voxclone_deb_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz)
foreach(pair cli:voxclone runtime:libvoxclone0 dev:libvoxclone-dev)
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 component)
  list(GET pair 1 package)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ COMPONENT ${component})
endforeach()

# CMake never strips a static library (it would lose the symbol table it links by), so
# CPACK_STRIP_FILES leaves libvoxclone.a with all its debug sections: strip those alone
# (--strip-debug keeps every symbol), as dh_strip does.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug --enable-deterministic-archives
                            \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libvoxclone.a\"
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"strip --strip-debug libvoxclone.a failed\")
    endif()
  endif()" COMPONENT dev)

include(CPack)
