/* SPDX-License-Identifier: MIT */
/* Word classification, line maps, containers. */
#include "compiler/asac.h"
#include "compiler/ir.h"
#include "compiler/lex.h"
#include "compiler/map.h"
#include "compiler/src.h"
#include "compiler/util.h"
#include "asa.tab.h"
#include "unit.h"

static int cls(const char *s)
{
	return lex_classify(s, strlen(s));
}

int main(void)
{
	struct srcset set = { 0 };
	struct arena a;
	struct strtab t;
	struct map m;
	uint32_t line, col, s, e;
	const char *x, *y;

	CHECK(cls("10") == NUMBER);
	CHECK(cls("0") == NUMBER);
	CHECK(cls("1234567890123456789") == WORD);	/* too long: a word */
	CHECK(cls("192.168.1.1") == IPV4);
	CHECK(cls("255.255.255.0") == IPV4);
	CHECK(cls("256.1.1.1") == WORD);
	CHECK(cls("1.2.3") == WORD);
	CHECK(cls("4.6.1") == WORD);			/* a revision number */
	CHECK(cls("206.X.X.X") == WORD);		/* sanitised configs */
	CHECK(cls("2001:DB8::1") == IPV6);
	CHECK(cls("2001:db8::/32") == IPV6PREFIX);
	CHECK(cls("10.0.0.0/8") == IPV4PREFIX);
	CHECK(cls("10.0.0.0/33") == WORD);
	CHECK(cls("192.168.0.10-192.168.0.100") == IPV4RANGE);
	CHECK(cls("crypto") == CRYPTO);
	CHECK(cls("Crypto") == CRYPTO);			/* nameable: any case */
	CHECK(cls("any") == ANY);
	CHECK(cls("ANY") == WORD);			/* reserved: lower only */
	CHECK(cls("access-list") == ACCESS_LIST);
	CHECK(cls("esp-aes-256") == WORD);
	CHECK(cls("a\0b") == WORD || cls("a") == WORD);
	CHECK(lex_classify("a\0b", 3) == JUNK);

	CHECK(ir_mask_plen(0xffffff00u) == 24);
	CHECK(ir_mask_plen(0xffffffffu) == 32);
	CHECK(ir_mask_plen(0) == 0);
	CHECK(ir_mask_plen(0xffffff01u) == -1);
	CHECK(ir_mask_plen(0xff00ff00u) == -1);

	src_add(&set, "x.cfg", xstrdup("ab\ncd\r\n\nlast"), 12);
	src_linecol(set.files[0], 0, &line, &col);
	CHECK(line == 1 && col == 1);
	src_linecol(set.files[0], 4, &line, &col);
	CHECK(line == 2 && col == 2);
	src_linecol(set.files[0], 8, &line, &col);
	CHECK(line == 4 && col == 1);
	src_line_span(set.files[0], 3, &s, &e);
	CHECK(s == 3 && e == 5);			/* CR LF not included */
	src_free_all(&set);

	arena_init(&a);
	strtab_init(&t, &a);
	x = strtab_intern(&t, "outside", 7);
	y = strtab_intern(&t, "outside-and-more", 7);
	CHECK(x == y);
	CHECK(strtab_intern(&t, "inside", 6) != x);
	map_init(&m);
	CHECK(map_get(&m, x) == NULL);
	map_put(&m, x, (void *)&a);
	CHECK(map_get(&m, x) == &a);
	{
		char buf[32];
		int i;

		for (i = 0; i < 5000; i++) {
			snprintf(buf, sizeof(buf), "k%d", i);
			map_put(&m, strtab_intern(&t, buf, strlen(buf)),
				(void *)(intptr_t)(i + 1));
		}
		snprintf(buf, sizeof(buf), "k%d", 4321);
		CHECK(map_get(&m, strtab_intern(&t, buf, strlen(buf))) ==
		      (void *)(intptr_t)4322);
	}
	map_free(&m);
	strtab_free(&t);
	arena_free(&a);

	CHECK(edit_distance("VPN-ACL", "VPN_ACL", 2) == 1);
	CHECK(edit_distance("outside", "outside", 2) == 0);
	CHECK(edit_distance("abc", "xyz", 2) > 2);
	return unit_done();
}
