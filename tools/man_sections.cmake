# Writes help2man's include file: a COMMANDS section with each command's own --help, so the man
# page documents every option (help2man itself reads only the top-level --help).
# cmake -DVOXCLONE=<binary> -DOUT=<file> -P man_sections.cmake
set(text "[COMMANDS]\n")
foreach(cmd prep check review clone voices speak login logout)
  execute_process(COMMAND ${VOXCLONE} ${cmd} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${VOXCLONE} ${cmd} --help failed (${rc})")
  endif()
  string(REPLACE "\\" "\\\\" help "${help}")
  string(REGEX REPLACE "\n([-.'])" "\n\\\\&\\1" help "${help}")
  string(APPEND text ".SS voxclone ${cmd}\n.nf\n${help}\n.fi\n")
endforeach()
file(WRITE ${OUT} "${text}")
