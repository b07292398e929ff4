# genkw.awk - splice the keywords of keywords.def into the grammar.
# Usage: awk -f genkw.awk keywords.def asa.y > build/asa.y
#        awk -f genkw.awk keywords.def asa.l > build/asa.l
# Replaces the lines /*@KEYWORD_TOKENS@*/, /*@NAMEABLE_KEYWORDS@*/,
# /*@RESERVED_KEYWORDS [except TOKEN ...]@*/, /*@ALL_KEYWORDS@*/ (grammar)
# and /*@KEYWORD_RULES@*/ (scanner).
FNR == NR {
	if ($0 ~ /^KW\(/) {
		line = $0
		sub(/^KW\(/, "", line)
		split(line, f, /, */)
		tok = f[1]
		spell = f[2]
		named = f[3]
		sub(/\).*/, "", named)
		n++
		T[n] = tok
		S[n] = spell
		N[n] = named
	}
	next
}
/\/\*@KEYWORD_TOKENS@\*\// {
	for (i = 1; i <= n; i++)
		printf "%%token <tok> %s %s\n", T[i], S[i]
	next
}
/\/\*@NAMEABLE_KEYWORDS@\*\// {
	for (i = 1; i <= n; i++)
		if (N[i] == 1)
			printf "\t| %s { $$ = pctx_sym(p, $1); }\n", T[i]
	next
}
# the reserved keywords as names, for the positions where no keyword can
# stand instead (`object network range`); `except` leaves out the tokens
# that are alternatives of the name at that position
/\/\*@RESERVED_KEYWORDS[^@]*@\*\// {
	line = $0
	sub(/.*@RESERVED_KEYWORDS/, "", line)
	sub(/@.*/, "", line)
	split("", skip)
	m = split(line, w, / +/)
	for (i = 1; i <= m; i++)
		if (w[i] != "" && w[i] != "except")
			skip[w[i]] = 1
	for (i = 1; i <= n; i++)
		if (N[i] == 0 && !(T[i] in skip))
			printf "\t| %s { $$ = pctx_sym(p, $1); }\n", T[i]
	next
}
/\/\*@KEYWORD_RULES@\*\// {
	# flex: the DFA recognises keywords written in lower case, as the
	# ASA prints them; lex_classify() handles the other spellings
	for (i = 1; i <= n; i++)
		printf "%s\t\t\t{ return %s; }\n", S[i], T[i]
	next
}
/\/\*@ALL_KEYWORDS@\*\// {
	for (i = 1; i <= n; i++)
		printf "\t| %s {}\n", T[i]
	next
}
{ print }
