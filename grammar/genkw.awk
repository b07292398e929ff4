# genkw.awk - splice the keywords of keywords.def into the grammar.
# Usage: awk -f genkw.awk keywords.def asa.y > build/asa.y
# Replaces the lines /*@KEYWORD_TOKENS@*/, /*@NAMEABLE_KEYWORDS@*/ and
# /*@RESERVED_KEYWORDS@*/ of asa.y.
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
/\/\*@RESERVED_KEYWORDS@\*\// {
	for (i = 1; i <= n; i++)
		if (N[i] == 0)
			printf "\t| %s {}\n", T[i]
	next
}
{ print }
