# Writes help2man's include file: a COMMANDS section with each command's own --help (help2man
# itself reads only the top-level --help), and the ENVIRONMENT, FILES, EXIT STATUS and EXAMPLES
# sections a man page has. EXIT STATUS is read from `voxclone --help`'s table, so the two
# cannot disagree.
# cmake -DVOXCLONE=<binary> -DOUT=<file> -P man_sections.cmake
set(ENV{LC_ALL} C.UTF-8)

function(roff_escape var text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REGEX REPLACE "\n([-.'])" "\n\\\\&\\1" text "${text}")
  string(REGEX REPLACE "^([-.'])" "\\\\&\\1" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

set(text "[COMMANDS]\n")
foreach(cmd prep check review clone voices speak login logout)
  execute_process(COMMAND ${VOXCLONE} ${cmd} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${VOXCLONE} ${cmd} --help failed (${rc})")
  endif()
  roff_escape(help "${help}")
  string(APPEND text ".SS voxclone ${cmd}\n.nf\n${help}\n.fi\n")
endforeach()

string(APPEND text [=[
[ENVIRONMENT]
.TP
.B COZE_API_TOKEN
A personal access token (with the createVoice, listVoice or createSpeech permission). Used when
neither \fB\-\-token\-file\fR nor \fB\-\-oauth\-config\fR is given; never printed or logged.
.TP
.B COZE_API_BASE
The service's base URL when neither \fB\-\-base\-url\fR nor \fB\-\-region\fR is given
(default https://api.coze.cn).
.TP
.BR COZE_JWT_OAUTH_CLIENT_ID ", " COZE_JWT_OAUTH_PUBLIC_KEY_ID ", " COZE_JWT_OAUTH_PRIVATE_KEY ", " COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH
A service app (JWT), as the service's SDKs read it: voxclone signs a JWT with the key and
exchanges it for an access token.
.TP
.B COZE_DEVICE_OAUTH_CLIENT_ID
The device app \fBvoxclone login\fR signs in with when neither \fB\-\-client\-id\fR nor
\fB\-\-oauth\-config\fR is given.
.TP
.B XDG_CONFIG_HOME
Where the login is kept (default \fI~/.config\fR).
.TP
.B TMPDIR
Where a long recording is spooled while it is analysed (an unlinked file, about 350 MB per hour
of input).
.TP
.BR https_proxy ", " no_proxy
Proxies, as curl reads them.
.TP
.B COLUMNS
The progress line's width when the terminal does not say.
[FILES]
.TP
.I $XDG_CONFIG_HOME/voxclone/login.json
The login \fBvoxclone login\fR keeps (else \fI~/.config/voxclone/login.json\fR): mode 0600 in a
0700 folder, renewed with its refresh token, removed by \fBvoxclone logout\fR.
.TP
.I <input>\-sample.wav
Where \fBprep\fR writes a sample without \fB\-o\fR: in the current folder, or in \fB\-\-out\-dir\fR.
[EXAMPLES]
.nf
voxclone prep talk.m4a                      # \-> talk\-sample.wav
voxclone prep talk.m4a \-o me.mp3            # the format from the extension
voxclone prep podcast.mp3 \-\-start 10:00 \-\-end 15:00 \-o host.wav
voxclone prep interviews/ \-\-out\-dir samples/ \-\-format mp3
voxclone check interview.m4a                 # the verdict, the voices and the timeline
voxclone prep interview.m4a \-\-speaker 2      # the voice with the second most talk time
ffmpeg \-i video.mkv \-f matroska \- | voxclone prep \- \-o me.wav
export COZE_API_TOKEN=...
voxclone clone talk.m4a \-\-name me \-\-language en
voxclone clone talk.m4a \-\-name me \-\-dry\-run
voxclone voices
voxclone speak \-\-voice\-id ID \-\-text "Hello." \-o hello.mp3
.fi
]=])

# EXIT STATUS: the "Exit codes:" table at the end of `voxclone --help`.
execute_process(COMMAND ${VOXCLONE} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${VOXCLONE} --help failed (${rc})")
endif()
string(FIND "${top}" "Exit codes:\n" at)
if(at LESS 0)
  message(FATAL_ERROR "${VOXCLONE} --help has no 'Exit codes:' table")
endif()
string(SUBSTRING "${top}" ${at} -1 table)
string(REPLACE "\n" ";" rows "${table}")
string(APPEND text "[EXIT STATUS]\n")
set(n 0)
foreach(row IN LISTS rows)
  if(row MATCHES "^ +([0-9]+)  (.+)$")
    roff_escape(meaning "${CMAKE_MATCH_2}")
    string(APPEND text ".TP\n.B ${CMAKE_MATCH_1}\n${meaning}\n")
    math(EXPR n "${n} + 1")
  endif()
endforeach()
if(n LESS 10)
  message(FATAL_ERROR "only ${n} exit codes found in ${VOXCLONE} --help")
endif()
file(WRITE ${OUT} "${text}")
