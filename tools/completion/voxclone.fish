# fish completion for voxclone. Installed to share/fish/vendor_completions.d/voxclone.fish.
# test_cli_polish checks that every option `voxclone COMMAND --help` lists is offered here, and
# `fish -n` that it parses.

set -l commands prep check review clone voices speak login logout help
complete -c voxclone -f
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a prep -d 'Turn recordings into clone-ready samples'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a check -d 'Would these recordings make good samples?'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a review -d 'Write an HTML page to listen before you pay'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a clone -d 'Prepare a recording and clone the voice in it'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a voices -d 'List the voices of the account'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a speak -d 'Say something with a voice'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a login -d 'Sign in at a terminal'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a logout -d 'Forget the stored login'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -a help -d 'Show the help of a command'
complete -c voxclone -n "not __fish_seen_subcommand_from $commands" -l version -d 'The versions of voxclone and FFmpeg'
complete -c voxclone -n "__fish_seen_subcommand_from help" -a "$commands"

# Options several commands share.
set -l report prep check review clone voices speak
complete -c voxclone -n "__fish_seen_subcommand_from $report" -l json -d 'Print one JSON object on stdout'
complete -c voxclone -n "__fish_seen_subcommand_from $report" -s q -l quiet -d 'Print only errors'
complete -c voxclone -n "__fish_seen_subcommand_from $report" -s v -l verbose -d 'Say what each stage does'
complete -c voxclone -n "__fish_seen_subcommand_from $report" -l debug -d 'Print everything, FFmpeg too'
complete -c voxclone -n "__fish_seen_subcommand_from $commands" -s h -l help -d 'Show the help'

set -l select prep check review clone
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l min-seconds -x -d 'Least speech, seconds: 1-600'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l max-seconds -x -d 'Longest sample, seconds: 10-600'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l start -x -d 'Keep nothing before this time (90.5, 1:30)'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l end -x -d 'Keep nothing after this time'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l keep-pauses -d 'Keep long pauses at full length'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l speaker -x -d 'The Nth voice by talk time: 1-99'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l speaker-at -x -d 'Whoever speaks at this time'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l like -r -F -d 'The voice that sounds like this recording (or voice:ID)'
complete -c voxclone -n "__fish_seen_subcommand_from prep" -l combine -d 'One sample of one person from all the inputs'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l allow-music -d 'Accept speech over music'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l stream -x -d 'The audio stream: 2, or a:1'
complete -c voxclone -n "__fish_seen_subcommand_from $select" -l loudness -x -d 'Target loudness, LUFS: -40 to -5'
complete -c voxclone -n "__fish_seen_subcommand_from prep check" -l plot -r -F -d 'Draw what was kept as SVG'
complete -c voxclone -n "__fish_seen_subcommand_from prep check clone" -l review -r -F -d 'Write the review page (HTML); clone: with --dry-run'
complete -c voxclone -n "__fish_seen_subcommand_from prep check review" -s r -l recursive -d 'Search subfolders too'
complete -c voxclone -n "__fish_seen_subcommand_from prep check review" -s j -l jobs -x -d 'Threads: 1-64'
complete -c voxclone -n "__fish_seen_subcommand_from prep check review clone" -F

set -l encode prep review clone
complete -c voxclone -n "__fish_seen_subcommand_from $encode" -l true-peak -x -d 'True-peak ceiling, dBTP: -20 to 0'
complete -c voxclone -n "__fish_seen_subcommand_from $encode" -l mp3-bitrate -x -a '32 40 48 56 64 80 96 112 128 144 160' -d 'MP3 bitrate, kb/s'

set -l api clone voices speak
complete -c voxclone -n "__fish_seen_subcommand_from $api login" -l base-url -x -d 'API base URL'
complete -c voxclone -n "__fish_seen_subcommand_from $api login" -l region -x -a 'cn com' -d 'The service region'
complete -c voxclone -n "__fish_seen_subcommand_from $api login" -l timeout -x -d 'Seconds a request may take: 1-3600'
complete -c voxclone -n "__fish_seen_subcommand_from $api login" -l oauth-config -r -F -d 'An OAuth config file (the SDKs JSON)'
complete -c voxclone -n "__fish_seen_subcommand_from $api" -l token-file -r -F -d 'Read a personal API token from this file'
complete -c voxclone -n "__fish_seen_subcommand_from $api" -l session-name -x -d 'The JWT session name'

# prep
complete -c voxclone -n "__fish_seen_subcommand_from prep speak review" -s o -l output -r -F -d 'Output file (- for stdout; review: the page)'
complete -c voxclone -n "__fish_seen_subcommand_from prep" -l out-dir -r -a '(__fish_complete_directories)' -d 'Folder for the samples'
complete -c voxclone -n "__fish_seen_subcommand_from prep" -l format -x -a 'wav pcm mp3' -d 'Sample format'
complete -c voxclone -n "__fish_seen_subcommand_from prep review clone speak" -s y -l overwrite -d 'Replace files that exist'
complete -c voxclone -n "__fish_seen_subcommand_from prep speak" -s n -l no-overwrite -d 'Never replace a file'

# clone
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l name -x -d 'Name of the new voice'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l language -x -a 'zh en ja es id pt' -d 'Language'
complete -c voxclone -n "__fish_seen_subcommand_from clone speak" -l text -x -d 'The words'
complete -c voxclone -n "__fish_seen_subcommand_from clone speak" -l text-file -r -F -d 'Read the words from a file'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l preview-text -x -d 'Text for the preview'
complete -c voxclone -n "__fish_seen_subcommand_from clone speak" -l voice-id -x -d 'The voice'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l space-id -x -d 'Workspace that will own the voice'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l description -x -d 'A description of the voice'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l format -x -a 'mp3 wav pcm' -d 'Sample format sent'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l save-sample -r -F -d 'Also write the bytes sent to this file'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l combine -d 'One sample of one person from all the inputs, one upload'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l dry-run -d 'Show the request, send nothing'
complete -c voxclone -n "__fish_seen_subcommand_from clone" -l force -d 'Send even when the verdict refuses it'

# voices
complete -c voxclone -n "__fish_seen_subcommand_from voices" -l all -d 'Include system voices and voices still training'
complete -c voxclone -n "__fish_seen_subcommand_from voices" -l system -d 'Include the service voices'
complete -c voxclone -n "__fish_seen_subcommand_from voices" -l model-type -x -a 'big small' -d 'Model type'
complete -c voxclone -n "__fish_seen_subcommand_from voices" -l state -x -a 'init cloned all' -d 'Voice state'
complete -c voxclone -n "__fish_seen_subcommand_from voices" -l page-size -x -d 'Voices per page: 1-100'

# speak
complete -c voxclone -n "__fish_seen_subcommand_from speak" -l format -x -a 'mp3 wav pcm ogg_opus' -d 'Speech format'
complete -c voxclone -n "__fish_seen_subcommand_from speak" -l speed -x -d 'Speaking rate: 0.5-2'
complete -c voxclone -n "__fish_seen_subcommand_from speak" -l sample-rate -x -a '8000 16000 22050 24000 32000 44100 48000' -d 'Sample rate, Hz'
complete -c voxclone -n "__fish_seen_subcommand_from speak" -l loudness-rate -x -d 'Louder or quieter, percent: -50 to 100'
complete -c voxclone -n "__fish_seen_subcommand_from speak" -l emotion -x -a 'happy sad angry surprised fear hate excited coldness neutral' -d 'Emotion'
complete -c voxclone -n "__fish_seen_subcommand_from speak" -l emotion-scale -x -d 'Strength of --emotion: 1-5'

# login, logout
complete -c voxclone -n "__fish_seen_subcommand_from login" -l client-id -x -d 'The device app client id'
complete -c voxclone -n "__fish_seen_subcommand_from login" -l workspace-id -x -d 'Sign in to this workspace'
complete -c voxclone -n "__fish_seen_subcommand_from login logout" -s q -l quiet -d 'Print only errors'
complete -c voxclone -n "__fish_seen_subcommand_from login" -s v -l verbose -d 'Say what each poll answered'
complete -c voxclone -n "__fish_seen_subcommand_from review" -l format -x -a 'mp3 wav pcm' -d 'Sample format clone would send'
