# SPDX-License-Identifier: MIT
# fish completion for securebase (installed to share/fish/vendor_completions.d/securebase.fish).

set -l sb_commands assess score report compare template form validate bank summary

function __securebase_cmd_is
    set -l tokens (commandline -opc)
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case -b --bank -l --lang
                set skip 1
            case '-*'
            case '*'
                contains -- $t $argv
                return
        end
    end
    return 1
end

complete -c securebase -f
# Global options and the commands.
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -s b -l bank -r -F -d 'use this question bank'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -s l -l lang -x -a 'zh en' -d 'language'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -s q -l quiet -d 'no progress or summary lines'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -l no-color -d 'no colour'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -s V -l version -d 'version'
complete -c securebase -s h -l help -d 'help'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a assess -d 'answer the questionnaire in the terminal'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a score -d 'batch-score an answers CSV'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a report -d 'reports from an answers CSV'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a compare -d 'a couple or retest comparison'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a template -d 'the answers-CSV header or codebook'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a form -d 'a blank questionnaire'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a validate -d 'check question banks'
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a bank -d "print the embedded bank's YAML"
complete -c securebase -n "not __fish_seen_subcommand_from $sb_commands" -a summary -d 'merge cohort summaries'

# Options that read answers files (score, report, compare).
for c in score report compare
    complete -c securebase -n "__securebase_cmd_is $c" -F -d 'answers CSV'
    complete -c securebase -n "__securebase_cmd_is $c" -l id-column -x -d 'the id column'
    complete -c securebase -n "__securebase_cmd_is $c" -l allow-missing-items -d 'items absent from the header are missing'
    complete -c securebase -n "__securebase_cmd_is $c" -l delimiter -x -a ', ; tab' -d 'field separator'
    complete -c securebase -n "__securebase_cmd_is $c" -l encoding -x -a 'UTF-8 UTF-16 GB18030 GBK BIG5 WINDOWS-1252 LATIN1' -d 'encoding'
    complete -c securebase -n "__securebase_cmd_is $c" -l skip-rows -x -d 'header rows to skip'
    complete -c securebase -n "__securebase_cmd_is $c" -l columns -r -F -d 'column-to-item mapping CSV'
    complete -c securebase -n "__securebase_cmd_is $c" -l missing -x -d 'missing-answer codes'
    complete -c securebase -n "__securebase_cmd_is $c" -l no-formula-guard -d 'no formula guard'
    complete -c securebase -n "__securebase_cmd_is $c" -s o -l output -r -F -d 'output file'
end

complete -c securebase -n '__securebase_cmd_is assess' -l resume -d 'continue a paused session'
complete -c securebase -n '__securebase_cmd_is assess' -l id -x -d 'the respondent id'
complete -c securebase -n '__securebase_cmd_is assess' -l save-answers -r -F -d 'add the answers to this CSV'
complete -c securebase -n '__securebase_cmd_is assess' -l report -r -F -d 'save the report'
complete -c securebase -n '__securebase_cmd_is assess' -l format -x -a 'text md html pdf json' -d 'format of --report'

complete -c securebase -n '__securebase_cmd_is score' -l format -x -a 'csv jsonl sav dta' -d 'output format'
complete -c securebase -n '__securebase_cmd_is score' -l rejects -r -F -d 'rejected rows file'
complete -c securebase -n '__securebase_cmd_is score' -l summary -r -F -d 'JSON cohort summary'
complete -c securebase -n '__securebase_cmd_is score' -l keep -x -d 'input columns to copy'
complete -c securebase -n '__securebase_cmd_is score' -l decimals -x -a '0 1 2 3 4 5 6 7 8 9' -d 'decimals of scores'
complete -c securebase -n '__securebase_cmd_is score' -l no-duplicate-check -d 'do not report repeated ids'

complete -c securebase -n '__securebase_cmd_is report' -l id -x -d 'the respondent'
complete -c securebase -n '__securebase_cmd_is report' -l all -d 'every respondent'
complete -c securebase -n '__securebase_cmd_is report' -l out-dir -x -a '(__fish_complete_directories)' -d 'folder for --all'
complete -c securebase -n '__securebase_cmd_is report compare' -l format -x -a 'text md html pdf json' -d 'report format'
complete -c securebase -n '__securebase_cmd_is report compare' -l audience -x -a 'self counsellor' -d 'audience'

complete -c securebase -n '__securebase_cmd_is compare' -l ids -x -d 'the two ids, A,B'
complete -c securebase -n '__securebase_cmd_is compare' -l with -r -F -d 'read B from this file'
complete -c securebase -n '__securebase_cmd_is compare' -l mode -x -a 'couple retest' -d 'comparison'
complete -c securebase -n '__securebase_cmd_is compare' -l summary -r -F -d 'a cohort summary'
complete -c securebase -n '__securebase_cmd_is compare' -l consent -d 'both partners agreed'

complete -c securebase -n '__securebase_cmd_is template' -l codebook -d 'a table of every item'
complete -c securebase -n '__securebase_cmd_is template' -l format -x -a 'md csv psych redcap' -d 'format'

complete -c securebase -n '__securebase_cmd_is form' -l format -x -a 'text md html pdf' -d 'format'
complete -c securebase -n '__securebase_cmd_is form' -l fillable -d 'a fillable HTML page'
complete -c securebase -n '__securebase_cmd_is form' -s o -l output -r -F -d 'output file'

complete -c securebase -n '__securebase_cmd_is validate' -F -d 'bank YAML'
complete -c securebase -n '__securebase_cmd_is validate' -l dump -d 'print the loaded model'
complete -c securebase -n '__securebase_cmd_is validate' -l strict -d 'check item quality'

complete -c securebase -n '__securebase_cmd_is summary' -a merge -d 'merge cohort summaries'
complete -c securebase -n '__securebase_cmd_is summary' -F -d 'summary JSON'
complete -c securebase -n '__securebase_cmd_is summary' -s o -l output -r -F -d 'output file'
