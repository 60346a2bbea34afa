#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tools/virtkit.bash-completion as bash-completion runs it, on virtkit-sh and
# the test driver: global options, commands, options and the connection's
# domain and network names.
# usage: completion_check.sh SCRIPT VIRTKIT_SH    (exit 77 without bash-completion)
set -u
script=$1 prog=$2
lib=/usr/share/bash-completion/bash_completion
[ -r "$lib" ] || { echo "SKIPPED: no bash-completion ($lib)"; exit 77; }
# shellcheck source=/dev/null
source "$lib"
# shellcheck source=/dev/null
source "$script"
compopt() { :; }  # a builtin only inside a real completion

fails=0
# expect "WANTED|REPLIES|" WORDS...: the last word is the one being completed
expect() {
  local want=$1 got
  shift
  COMP_WORDS=("$prog" "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _virtkit_shell_complete "$prog" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  got=$(printf '%s|' "${COMPREPLY[@]}")
  if [ "$got" != "$want" ]; then
    echo "FAIL: virtkit-sh $*<TAB>: '$got', expected '$want'"
    fails=$((fails + 1))
  fi
}
t=test:///default
expect "--all|--autostart|" -c $t list --a
expect "domstate|domstats|" -c $t domst
expect "domstate|domstats|" -r -c $t domst
expect "test|" -c $t dominfo --domain t
expect "test|" --connect=$t -q dominfo --domain ""
expect "default|" -c $t net-info --network d
expect "--connect=|" --conn
expect "--readonly|" -c $t --read
expect "--network|" -d 0 -c $t net-info ""
[ "$fails" -eq 0 ] || exit 1
echo "completion: 9 command lines as expected"
