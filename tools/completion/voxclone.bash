# bash completion for voxclone. Installed to share/bash-completion/completions/voxclone.
# test_cli_ux checks that every option `voxclone COMMAND --help` lists is offered here.

_voxclone() {
  local cur prev cmd i
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local commands="prep check review clone voices speak login logout help"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="${COMP_WORDS[i]}"; break ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi

  local report="--json -q --quiet -v --verbose --debug -h --help"
  local select="--min-seconds --max-seconds --start --end --keep-pauses --speaker --speaker-at --like --allow-music --stream --loudness"
  local encode="--true-peak --mp3-bitrate"
  local api="--base-url --region --token-file --oauth-config --session-name --timeout"
  local opts
  case "$cmd" in
    prep) opts="--combine --plot --review -o --output --out-dir -r --recursive --format -y --overwrite -n --no-overwrite -j --jobs $select $encode $report" ;;
    check) opts="--plot --review -r --recursive -j --jobs $select $report" ;;
    review) opts="-o --output -r --recursive --format -y --overwrite -j --jobs $select $encode $report" ;;
    clone) opts="--combine --name --language --text --text-file --preview-text --voice-id --space-id --description --format --save-sample --review -y --overwrite --dry-run --force $select $encode $report $api" ;;
    voices) opts="--all --system --model-type --state --page-size $report $api" ;;
    speak) opts="--voice-id --text --text-file -o --output --format --speed --sample-rate --loudness-rate --emotion --emotion-scale -y --overwrite -n --no-overwrite $report $api" ;;
    login) opts="--client-id --oauth-config --workspace-id --base-url --region --timeout -q --quiet -v --verbose -h --help" ;;
    logout) opts="-q --quiet -h --help" ;;
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
  esac

  case "$prev" in
    --format)
      if [[ "$cmd" == speak ]]; then COMPREPLY=($(compgen -W "mp3 wav pcm ogg_opus" -- "$cur"));
      else COMPREPLY=($(compgen -W "wav pcm mp3" -- "$cur")); fi
      return ;;
    --language) COMPREPLY=($(compgen -W "zh en ja es id pt" -- "$cur")); return ;;
    --region) COMPREPLY=($(compgen -W "cn com" -- "$cur")); return ;;
    --model-type) COMPREPLY=($(compgen -W "big small" -- "$cur")); return ;;
    --state) COMPREPLY=($(compgen -W "init cloned all" -- "$cur")); return ;;
    --emotion) COMPREPLY=($(compgen -W "happy sad angry surprised fear hate excited coldness neutral" -- "$cur")); return ;;
    --mp3-bitrate) COMPREPLY=($(compgen -W "32 40 48 56 64 80 96 112 128 144 160" -- "$cur")); return ;;
    --out-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -o|--output|--save-sample|--text-file|--token-file|--oauth-config|--plot|--review) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --min-seconds|--max-seconds|--start|--end|--speaker|--speaker-at|--stream|--loudness|--true-peak|-j|--jobs|--name|--text|--preview-text|--voice-id|--space-id|--description|--speed|--sample-rate|--base-url|--timeout|--session-name|--page-size|--loudness-rate|--emotion-scale|--client-id|--workspace-id) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _voxclone voxclone
