# SPDX-License-Identifier: MIT
# bash completion for securebase (installed to share/bash-completion/completions/securebase).
# Commands, each command's options, the values of --format, --lang, --audience and --mode, and
# file arguments (answers CSVs, banks, summaries, output files).

_securebase()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	local commands="assess score report compare template form validate bank summary"
	local globals="--bank --lang --quiet --no-color --help --version -b -l -q -h -V"
	local import="--id-column --allow-missing-items --delimiter --encoding --skip-rows --columns
		--missing --no-formula-guard"

	# The command: the first word after the global options (and their values).
	local i cmd="" cmd_at=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-b | --bank | -l | --lang) ((i++)) ;;
		-*) ;;
		*)
			cmd=${words[i]}
			cmd_at=$i
			break
			;;
		esac
	done

	# Values of options, wherever they are.
	case $prev in
	-b | --bank)
		COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return
		;;
	-l | --lang)
		COMPREPLY=($(compgen -W "zh en" -- "$cur"))
		return
		;;
	--format)
		local formats
		case $cmd in
		score) formats="csv jsonl sav dta" ;;
		template) formats="md csv psych redcap" ;;
		form) formats="text md html pdf" ;;
		*) formats="text md html pdf json" ;;
		esac
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return
		;;
	--audience)
		COMPREPLY=($(compgen -W "self counsellor" -- "$cur"))
		return
		;;
	--mode)
		COMPREPLY=($(compgen -W "couple retest" -- "$cur"))
		return
		;;
	--encoding)
		COMPREPLY=($(compgen -W "UTF-8 UTF-16 GB18030 GBK BIG5 WINDOWS-1252 LATIN1" -- "$cur"))
		return
		;;
	--delimiter)
		COMPREPLY=($(compgen -W ", ; tab" -- "$cur"))
		return
		;;
	--decimals)
		COMPREPLY=($(compgen -W "0 1 2 3 4 5 6 7 8 9" -- "$cur"))
		return
		;;
	--out-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return
		;;
	--id | --ids | --keep | --id-column | --skip-rows | --missing)
		return
		;;
	-o | --output | --rejects | --summary | --save-answers | --report | --with | --columns)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return
		;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts files="csv"
	case $cmd in
	assess) opts="--resume --id --save-answers --report --format --help"; files="" ;;
	score) opts="--output --format --rejects --summary --keep --decimals --no-duplicate-check
		--help $import" ;;
	report) opts="--id --all --out-dir --format --audience --output --help $import" ;;
	compare) opts="--ids --with --mode --format --audience --summary --consent --output --help
		$import" ;;
	template) opts="--codebook --format --help"; files="" ;;
	form) opts="--format --fillable --output --help"; files="" ;;
	validate) opts="--dump --strict --help"; files="yaml" ;;
	bank) opts="--help"; files="" ;;
	summary)
		opts="--output --help"
		files="json"
		if ((cword == cmd_at + 1)); then
			[[ $cur == -* ]] || {
				COMPREPLY=($(compgen -W "merge" -- "$cur"))
				return
			}
		fi
		;;
	*) return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ -n $files ]]; then
		local pat
		case $files in
		csv) pat='!*.@(csv|CSV|tsv|txt)' ;;
		yaml) pat='!*.@(yaml|yml)' ;;
		json) pat='!*.json' ;;
		esac
		COMPREPLY=($(compgen -f -X "$pat" -- "$cur") $(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
	fi
} && complete -F _securebase securebase
