#!/bin/bash
# SPDX-License-Identifier: MIT
# The shell completions (completions/): the bash one loaded into a fresh bash and asked as bash
# asks it (COMP_WORDS, COMP_CWORD, then the function `complete -p` names); the zsh and fish ones
# syntax-checked with `zsh -n` and `fish -n` when those shells are installed (a line says so when
# one is not). With an install prefix, the files are also checked to be installed where the shells
# look for them.
# Usage: completions.sh SOURCE_DIR [BUILD_DIR]
set -eu
src=$1 build=${2:-}
fail() { echo "completions: $*" >&2; exit 1; }

bash_file=$src/completions/securebase.bash
# Runs the completion for the words given (the last is the one being completed) and prints
# COMPREPLY, sorted, one a line. Done in a child bash, as a login shell would load it, with and
# without bash-completion's helpers.
S_complete() {
	bash --norc --noprofile -c '
		shopt -s extglob progcomp
		source "$1"; shift
		spec=$(complete -p securebase) || exit 3
		fn=${spec#*-F }; fn=${fn%% *}
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		"$fn" securebase "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort' bash "$bash_file" "$@"
}
expect() { # expect "WANTED (one a line)" WORDS...
	local want=$1 got
	shift
	got=$(S_complete "$@") || fail "the completion failed for '$*'"
	[ "$got" = "$want" ] || fail "'$*' completes to [$(echo $got)], not [$(echo $want)]"
}

bash -n "$bash_file" || fail "bash -n rejects $bash_file"
spec=$(bash --norc --noprofile -c 'source "$1" && complete -p securebase' bash "$bash_file") ||
	fail "no completion is registered for securebase"
[ "$spec" = "complete -F _securebase securebase" ] || fail "complete -p securebase says: $spec"

expect "score" securebase sc
expect "$(printf 'csv\njsonl\nsav\ndta' | sort)" securebase score --format ""
expect "compare" securebase comp
expect "$(printf 'md\ncsv\npsych\nredcap' | sort)" securebase template --format ""
expect "$(printf 'text\nmd\nhtml\npdf\njson' | sort)" securebase report --format ""
expect "$(printf 'zh\nen' | sort)" securebase --lang ""
expect "$(printf 'zh\nen' | sort)" securebase -q -l ""
expect "score" securebase --lang en sc
expect "$(printf 'self\ncounsellor' | sort)" securebase compare a.csv --audience ""
expect "$(printf -- '--decimals\n--delimiter' | sort)" securebase score --de
expect "--no-duplicate-check" securebase score --no-d
expect "--fillable" securebase form --fi
expect "merge" securebase summary ""
# Files: answers CSVs for score, banks for validate (made in a scratch folder).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/dir"
touch "$tmp/answers.csv" "$tmp/bank.yaml" "$tmp/notes.pdf"
expect "$(printf '%s\n' "$tmp/answers.csv" "$tmp/dir" | sort)" securebase score "$tmp/"
expect "$(printf '%s\n' "$tmp/bank.yaml" "$tmp/dir" | sort)" securebase validate "$tmp/"
expect "$(printf '%s\n' "$tmp/answers.csv" "$tmp/bank.yaml" "$tmp/dir" "$tmp/notes.pdf" | sort)" \
	securebase report a.csv -o "$tmp/"
echo "completions: bash ok (complete -p: $spec)"

if command -v zsh >/dev/null 2>&1; then
	zsh -n "$src/completions/_securebase" || fail "zsh -n rejects completions/_securebase"
	head -1 "$src/completions/_securebase" | grep -qx '#compdef securebase' ||
		fail "_securebase does not start with #compdef securebase"
	echo "completions: zsh -n ok"
else
	echo "completions: zsh is not installed: its completion was not checked"
fi
if command -v fish >/dev/null 2>&1; then
	fish -n "$src/completions/securebase.fish" || fail "fish -n rejects completions/securebase.fish"
	# Loaded for real: the commands are offered.
	got=$(HOME=$tmp fish --no-config -c "source $src/completions/securebase.fish; complete -C 'securebase sc'" |
		cut -f1)
	[ "$got" = "score" ] || fail "fish completes 'securebase sc' to [$got]"
	got=$(HOME=$tmp fish --no-config -c "source $src/completions/securebase.fish; complete -C 'securebase score --format '" |
		cut -f1 | sort | tr '\n' ' ')
	[ "$got" = "csv dta jsonl sav " ] || fail "fish completes 'securebase score --format ' to [$got]"
	echo "completions: fish -n ok, and fish completes score and its formats"
else
	echo "completions: fish is not installed: its completion was not checked"
fi

# Installed where the shells look (cmake --install into a scratch prefix).
if [ -n "$build" ]; then
	cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || fail "cmake --install failed"
	for f in share/bash-completion/completions/securebase share/zsh/vendor-completions/_securebase \
		share/fish/vendor_completions.d/securebase.fish share/doc/securebase/scoring.md \
		share/doc/securebase/csv-output.md share/man/man1/securebase.1; do
		[ -f "$tmp/prefix/$f" ] || fail "not installed: $f"
	done
	cmp -s "$bash_file" "$tmp/prefix/share/bash-completion/completions/securebase" ||
		fail "the installed bash completion differs"
	ls "$tmp/prefix/share/doc/securebase/examples/"*.yaml >/dev/null 2>&1 ||
		fail "the example bank is not installed in share/doc/securebase/examples"
	echo "completions: installed to share/bash-completion, share/zsh/vendor-completions, share/fish"
fi
